import Fluent

/// Signatures, online and (later) from paper sheets. A person signs a petition once: the same
/// canonical email and name twice is refused by a unique index, and a shared household address
/// takes at most three names, each in its own numbered slot, also unique, so two signatures
/// arriving at once cannot both take the last place.
struct CreateSignatures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("signatures")
            .field("id", .string, .identifier(auto: false))
            .field("petition_id", .string, .required, .references("petitions", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("name_key", .string, .required)
            .field("email", .string)
            .field("canonical_email", .string)
            .field("household_slot", .int)
            .field("postcode", .string, .required)
            .field("area_code", .string)
            .field("district_code", .string)
            .field("in_area", .bool, .required)
            .field("reason", .string, .required)
            .field("privacy_version", .string, .required)
            .field("updates_consent", .bool, .required)
            .field("channel", .string, .required)
            .field("state", .string, .required)
            .field("confirm_hash", .string)
            .field("confirm_expires_at", .string)
            .field("confirm_sends", .int, .required)
            .field("client_address", .string)
            .field("email_domain", .string)
            .field("created_at", .string, .required)
            .field("confirmed_at", .string)
            .field("invalidated_at", .string)
            .field("invalidation_reason", .string)
            // Named: PostgreSQL cuts identifiers at 63 bytes, and the generated names would collide.
            .unique(on: "petition_id", "canonical_email", "name_key", name: "signatures_one_per_person")
            .unique(on: "petition_id", "canonical_email", "household_slot", name: "signatures_household_slot")
            .unique(on: "confirm_hash", name: "signatures_confirm_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("signatures").delete()
    }
}
