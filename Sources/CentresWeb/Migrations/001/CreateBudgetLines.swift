import Fluent

struct CreateBudgetLines: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("budget_lines")
            .field("id", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("current_gbp", .int, .required)
            .field("proposed_gbp", .int, .required)
            .field("source_id", .string, .references("sources", "id"))
            .field("position", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("budget_lines").delete()
    }
}
