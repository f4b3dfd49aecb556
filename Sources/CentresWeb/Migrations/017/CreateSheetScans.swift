import Fluent

/// The scan of a returned paper sheet, one per sheet (a new upload replaces it), kept in the
/// database so a backup holds it with the rows it supports.
struct CreateSheetScans: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("petition_sheet_scans")
            .field("petition_id", .string, .required, .references("petitions", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("content_type", .string, .required)
            .field("bytes", .data, .required)
            .field("size", .int, .required)
            .field("uploaded_at", .string, .required)
            .field("uploaded_by", .string, .required)
            .unique(on: "petition_id", "number", name: "petition_sheet_scans_sheet")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("petition_sheet_scans").delete()
    }
}
