import Fluent

/// Proposals made on the web without an account carry a secret editing key; only its SHA-256
/// digest is stored, so a copy of the database cannot be used to edit them.
struct AddProposalEditKeys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("proposals").field("edit_key_hash", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("proposals").deleteField("edit_key_hash").update()
    }
}
