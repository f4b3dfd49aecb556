import Fluent
import SQLKit

/// Coding free text: an analyst's codes (themes) for a consultation, each answer's tags, and the
/// answers chosen as quotes for the report (only from respondents who agreed to be quoted).
struct CreateConsultationCoding: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("consultation_codes")
            .field("id", .int, .identifier(auto: true))
            .field("consultation_id", .string, .required, .references("consultations", "id"))
            .field("label", .string, .required)
            .field("description", .string)
            .field("created_by", .string, .required)
            .field("created_at", .string, .required)
            .unique(on: "consultation_id", "label", name: "consultation_codes_label_once")
            .create()
        try await database.schema("consultation_tags")
            .field("response_id", .int, .required, .references("consultation_responses", "id", onDelete: .cascade))
            .field("question_id", .string, .required)
            .field("code_id", .int, .required, .references("consultation_codes", "id", onDelete: .cascade))
            .field("tagged_by", .string, .required)
            .field("tagged_at", .string, .required)
            .unique(on: "response_id", "question_id", "code_id", name: "consultation_tags_once")
            .create()
        try await database.schema("consultation_quotes")
            .field("response_id", .int, .required, .references("consultation_responses", "id", onDelete: .cascade))
            .field("question_id", .string, .required)
            .field("selected_by", .string, .required)
            .field("selected_at", .string, .required)
            .unique(on: "response_id", "question_id", name: "consultation_quotes_once")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("consultation_quotes").delete()
        try await database.schema("consultation_tags").delete()
        try await database.schema("consultation_codes").delete()
    }
}
