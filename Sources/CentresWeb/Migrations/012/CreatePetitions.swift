import CentresCore
import Fluent
import SQLKit

/// Petition schemes (seeded with Norfolk County Council's), petitions, and the times each
/// petition reached its scheme's thresholds.
struct CreatePetitions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("petition_schemes")
            .field("id", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("acceptance_threshold", .int, .required)
            .field("debate_threshold", .int, .required)
            .field("eligibility_statement", .string, .required)
            .field("reasons", .string, .required)
            .field("outside_area", .string, .required)
            .create()
        try await database.schema("petitions")
            .field("id", .string, .identifier(auto: false))
            .field("title", .string, .required)
            .field("action", .string, .required)
            .field("background", .string, .required)
            .field("addressed_to", .string, .required)
            .field("closes_on", .string, .required)
            .field("proposal_id", .string)
            .field("scheme_id", .string, .required, .references("petition_schemes", "id"))
            .field("organisation_id", .string, .references("organisations", "id"))
            .field("state", .string, .required)
            .field("rejection_reason", .string)
            .field("created_by", .string, .required)
            .field("created_at", .string, .required)
            .field("updated_at", .string, .required)
            .field("opened_at", .string)
            .field("closed_at", .string)
            .create()
        try await database.schema("petition_thresholds")
            .field("petition_id", .string, .required, .references("petitions", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("count", .int, .required)
            .field("reached_at", .string, .required)
            .unique(on: "petition_id", "name")
            .create()
        try await PetitionStore.saveScheme(.norfolk, on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("petition_thresholds").delete()
        try await database.schema("petitions").delete()
        try await database.schema("petition_schemes").delete()
    }
}
