import Fluent
import SQLKit

/// Paper rows live with online signatures (channel "paper"): the sheet and row they came from
/// and the address written on them. A sheet's row is entered once.
struct AddPaperSignatureColumns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        for (name, type) in [("sheet_number", DatabaseSchema.DataType.int), ("sheet_row", .int), ("address", .string)] {
            try await database.schema("signatures").field(.init(stringLiteral: name), type).update()
        }
        // A unique index, not a constraint, because SQLite cannot add constraints to a table.
        try await (database as! any SQLDatabase).create(index: "signatures_sheet_row").unique().on("signatures")
            .column("petition_id").column("sheet_number").column("sheet_row").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "signatures_sheet_row").run()
        for name in ["address", "sheet_row", "sheet_number"] {
            try await database.schema("signatures").deleteField(.init(stringLiteral: name)).update()
        }
    }
}
