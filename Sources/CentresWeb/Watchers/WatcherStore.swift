import CentresCore
import Fluent
import Foundation
import SQLKit

struct WatcherRow: Codable, Sendable {
    var id: String, email: String, recordType: String, recordId: String, confirmHash: String?
    var confirmExpiresAt: String?, unsubscribeToken: String, createdAt: String, confirmedAt: String?
}

/// Email subscriptions to a centre or session: pending until the link's button is pressed,
/// ended by the unsubscribe token, unconfirmed ones deleted a week after they were asked for.
enum WatcherStore {
    static let confirmLifetime: TimeInterval = 7 * 86_400
    static let kinds: Set<DirectoryKind> = [.centre, .session]

    /// Records a request to watch; returns the token for the confirmation link, or nil when the
    /// address already watches the record (nothing to send).
    static func request(email: String, kind: DirectoryKind, id: String, now: Date, on db: any Database) async throws
        -> String?
    {
        let sql = PackStore.sql(db)
        let token = SecretKey.make()
        let expires = AccountStore.timestamp(now.addingTimeInterval(confirmLifetime))
        let existing = try await sql.select().column("*").from("watchers").where("email", .equal, email)
            .where("record_type", .equal, kind.rawValue).where("record_id", .equal, id)
            .first(decoding: WatcherRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        if let existing {
            if existing.confirmedAt != nil { return nil }
            try await sql.update("watchers").set("confirm_hash", to: SecretKey.digest(token))
                .set("confirm_expires_at", to: expires).where("id", .equal, existing.id).run()
            return token
        }
        let row = WatcherRow(
            id: UUID().uuidString.lowercased(), email: email, recordType: kind.rawValue, recordId: id,
            confirmHash: SecretKey.digest(token), confirmExpiresAt: expires, unsubscribeToken: SecretKey.make(),
            createdAt: AccountStore.timestamp(now), confirmedAt: nil)
        try await sql.insert(into: "watchers").model(row, with: PackStore.encoder).run()
        return token
    }

    static func pending(confirmToken token: String, now: Date, on db: any Database) async throws -> WatcherRow? {
        guard
            let w = try await PackStore.sql(db).select().column("*").from("watchers")
                .where("confirm_hash", .equal, SecretKey.digest(token))
                .first(decoding: WatcherRow.self, keyDecodingStrategy: .convertFromSnakeCase),
            let expires = w.confirmExpiresAt, AccountStore.timestamp(now) < expires
        else { return nil }
        return w
    }

    static func confirm(_ w: WatcherRow, now: Date, on db: any Database) async throws {
        try await PackStore.sql(db).update("watchers").set("confirmed_at", to: AccountStore.timestamp(now))
            .set("confirm_hash", to: SQLLiteral.null).set("confirm_expires_at", to: SQLLiteral.null)
            .where("id", .equal, w.id).run()
    }

    static func byUnsubscribe(_ token: String, on db: any Database) async throws -> WatcherRow? {
        try await PackStore.sql(db).select().column("*").from("watchers").where("unsubscribe_token", .equal, token)
            .first(decoding: WatcherRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Ends a subscription: the row, and with it the address, is deleted.
    static func unsubscribe(_ token: String, on db: any Database) async throws {
        try await PackStore.sql(db).delete(from: "watchers").where("unsubscribe_token", .equal, token).run()
    }

    static func confirmed(_ kind: DirectoryKind, ids: [String], on db: any Database) async throws -> [WatcherRow] {
        guard !ids.isEmpty else { return [] }
        return try await PackStore.sql(db).select().column("*").from("watchers")
            .where("record_type", .equal, kind.rawValue).where("record_id", .in, ids)
            .where("confirmed_at", .isNot, SQLLiteral.null).orderBy("created_at")
            .all(decoding: WatcherRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    static func delete(_ kind: DirectoryKind, id: String, on db: any Database) async throws {
        try await PackStore.sql(db).delete(from: "watchers").where("record_type", .equal, kind.rawValue)
            .where("record_id", .equal, id).run()
    }

    /// Deletes requests never confirmed within their week.
    static func purgeUnconfirmed(now: Date, on db: any Database) async throws {
        try await PackStore.sql(db).delete(from: "watchers").where("confirmed_at", .is, SQLLiteral.null)
            .where("confirm_expires_at", .lessThan, AccountStore.timestamp(now)).run()
    }
}
