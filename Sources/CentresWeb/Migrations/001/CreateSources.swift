import Fluent

struct CreateSources: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sources")
            .field("id", .string, .identifier(auto: false))
            .field("title", .string, .required)
            .field("publisher", .string)
            .field("url", .string)
            .field("licence", .string)
            .field("attribution", .string)
            .field("retrieved", .string)
            .field("position", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sources").delete()
    }
}
