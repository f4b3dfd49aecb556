import Fluent

/// Columns staff keep the directory with (see `Upkeep`). All may be empty: a record as the pack
/// gave it has none of them.
struct AddDirectoryUpkeep: AsyncMigration {
    static let columns: [(table: String, fields: [(String, DatabaseSchema.DataType)])] = [
        (
            "venues",
            [("last_checked", .string), ("retired_on", .string), ("temporarily_closed", .bool), ("closure_note", .string)]
        ),
        (
            "centres",
            [("last_checked", .string), ("retired_on", .string), ("temporarily_closed", .bool), ("closure_note", .string)]
        ),
        ("services", [("last_checked", .string), ("retired_on", .string)]),
        (
            "sessions",
            [
                ("last_checked", .string), ("retired_on", .string), ("temporarily_closed", .bool), ("closure_note", .string),
                ("visible_from", .string), ("visible_to", .string),
            ]
        ),
    ]

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
