import Fluent
import SQLKit

/// Consultations (questions and documents as JSON, read by `CentresCore`), their responses from
/// every channel, and forms saved to finish later.
struct CreateConsultations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("consultations")
            .field("id", .string, .identifier(auto: false))
            .field("proposal_id", .string)
            .field("title", .string, .required)
            .field("purpose", .string, .required)
            .field("who_is_consulted", .string, .required)
            .field("opens_on", .string, .required)
            .field("closes_on", .string, .required)
            .field("other_channels", .string, .required)
            .field("documents", .string, .required)
            .field("questions", .string, .required)
            .field("state", .string, .required)
            .field("what_we_heard", .string)
            .field("what_we_did", .string)
            .field("revised_proposal_id", .string)
            .field("created_by", .string, .required)
            .field("created_at", .string, .required)
            .field("updated_at", .string, .required)
            .field("postcodes_reduced_at", .string)
            .create()
        // One row per response, whatever its channel. The answers are JSON; the columns beside
        // them are what analysis groups by, filled when the response is stored.
        try await database.schema("consultation_responses")
            .field("id", .int, .identifier(auto: true))
            .field("consultation_id", .string, .required, .references("consultations", "id"))
            .field("channel", .string, .required)
            .field("received_on", .string, .required)
            .field("late", .bool, .required)
            .field("entered_by", .string)
            .field("second_keyed_by", .string)
            .field("paper_reference", .string)
            .field("answers", .string, .required)
            .field("respondent_type", .string)
            .field("postcode", .string)
            .field("district_code", .string)
            .field("area_code", .string)
            .field("quote_consent", .bool, .required)
            .field("created_at", .string, .required)
            .field("anonymised_at", .string)
            .create()
        try await (database as! any SQLDatabase).create(index: "consultation_responses_by_consultation")
            .on("consultation_responses").column("consultation_id").column("id").run()
        try await database.schema("consultation_saved_forms")
            .field("token_hash", .string, .identifier(auto: false))
            .field("consultation_id", .string, .required, .references("consultations", "id", onDelete: .cascade))
            .field("fields", .string, .required)
            .field("created_at", .string, .required)
            .field("expires_at", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("consultation_saved_forms").delete()
        try await database.schema("consultation_responses").delete()
        try await database.schema("consultations").delete()
    }
}
