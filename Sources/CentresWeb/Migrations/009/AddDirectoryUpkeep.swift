import Fluent

/// Columns staff keep the directory with (see `Upkeep`). All may be empty: a record as the pack
/// gave it has none of them.
struct AddDirectoryUpkeep: AsyncMigration {
    static let columns: [(table: String, fields: [(String, DatabaseSchema.DataType)])] = [
        ("venues", listing + closure), ("centres", listing + closure), ("services", listing), ("sessions", listing + closure),
    ]
    static let listing: [(String, DatabaseSchema.DataType)] = [
        ("last_checked", .string), ("retired_on", .string), ("visible_from", .string), ("visible_to", .string),
    ]
    static let closure: [(String, DatabaseSchema.DataType)] = [("temporarily_closed", .bool), ("closure_note", .string)]

    func prepare(on database: any Database) async throws {
        for (table, fields) in Self.columns {
            // One column per statement: SQLite's ALTER TABLE adds one at a time.
            for (name, type) in fields { try await database.schema(table).field(.init(stringLiteral: name), type).update() }
        }
    }

    func revert(on database: any Database) async throws {
        for (table, fields) in Self.columns {
            for (name, _) in fields { try await database.schema(table).deleteField(.init(stringLiteral: name)).update() }
        }
    }
}
