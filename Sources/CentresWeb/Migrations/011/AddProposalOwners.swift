import Fluent

/// The organisation that owns a proposal made by a signed-in planner: its planners may edit it
/// without the private link. Empty for the pack's, operators' and anonymous drafts.
struct AddProposalOwners: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("proposals").field("owner_organisation_id", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("proposals").deleteField("owner_organisation_id").update()
    }
}
