import Fluent
import SQLKit

/// Paper forms keyed twice: each keying waits here until a second person's keying of the same
/// form number agrees (or the differences are settled), then becomes one response. A form
/// number is used by one response only.
struct CreateConsultationKeyings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("consultation_keyings")
            .field("id", .int, .identifier(auto: true))
            .field("consultation_id", .string, .required, .references("consultations", "id"))
            .field("paper_reference", .string, .required)
            .field("channel", .string, .required)
            .field("received_on", .string, .required)
            .field("quote_consent", .bool, .required)
            .field("answers", .string, .required)
            .field("keyed_by", .string, .required)
            .field("keyed_at", .string, .required)
            .unique(on: "consultation_id", "paper_reference", "keyed_by", name: "consultation_keyings_once_each")
            .create()
        try await (database as! any SQLDatabase).create(index: "consultation_responses_paper_reference").unique()
            .on("consultation_responses").column("consultation_id").column("paper_reference").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "consultation_responses_paper_reference").run()
        try await database.schema("consultation_keyings").delete()
    }
}
