import Fluent

/// Travel-time matrices for the loaded pack (areas × venues), one row each, stored in the compact
/// binary matrix format so a page reads one row, not thousands.
struct CreateTravelMatrices: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("travel_matrices")
            .field("id", .string, .identifier(auto: false))
            .field("mode", .string, .required)
            .field("method", .string, .required)
            .field("summary", .string, .required)
            .field("computed_at", .string, .required)
            .field("data", .data, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("travel_matrices").delete()
    }
}
