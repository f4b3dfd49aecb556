import Fluent

/// Proposals and their parts. Centres and venues are referred to by id without a foreign key:
/// a proposal written by a campaigner outlives a pack replacement, and names that the new pack
/// lacks are reported on the proposal's page rather than blocking the import.
struct CreateProposals: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("proposals")
            .field("id", .string, .identifier(auto: false))
            .field("title", .string, .required)
            .field("author", .string, .required)
            .field("organisation", .string)
            .field("version", .int, .required)
            .field("revises", .string)
            .field("change_note", .string)
            .field("status", .string, .required)
            .field("published_on", .string)
            .field("consultation_opens", .string)
            .field("consultation_closes", .string)
            .field("decided_on", .string)
            .field("summary", .string, .required)
            .field("source_ids", .string, .required)
            .field("origin", .string, .required)
            .field("updated_at", .string, .required)
            .create()
        try await database.schema("proposal_decisions")
            .field("proposal_id", .string, .required, .references("proposals", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("centre_id", .string, .required)
            .field("decision", .string, .required)
            .field("reason", .string)
            .field("amalgamated_with", .string)
            .field("sessions_move_to", .string)
            .unique(on: "proposal_id", "position")
            .create()
        try await database.schema("proposal_outreach")
            .field("proposal_id", .string, .required, .references("proposals", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("venue_id", .string, .required)
            .field("reason", .string)
            .unique(on: "proposal_id", "position")
            .create()
        try await database.schema("proposal_budget")
            .field("proposal_id", .string, .required, .references("proposals", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("line_id", .string, .required)
            .field("name", .string, .required)
            .field("current_gbp", .int, .required)
            .field("proposed_gbp", .int, .required)
            .unique(on: "proposal_id", "position")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["proposal_budget", "proposal_outreach", "proposal_decisions", "proposals"] {
            try await database.schema(table).delete()
        }
    }
}
