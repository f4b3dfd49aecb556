import Foundation
import SQLKit

/// Something derived from the loaded data pack and kept in memory between requests (the areas'
/// outlines, the postcodes), rebuilt when the pack changes.
///
/// A use reads the pack's fingerprint (its manifest and how many areas and postcodes it has:
/// three small queries) when the last reading is more than `recheck` seconds old, so a pack
/// replaced by another process (`centres import --replace`) is picked up within seconds. One
/// check at a time: requests arriving while it runs wait for it rather than each starting its
/// own, which under a petition surge had thirty requests measuring every outline at once.
actor PackCache<Value: Sendable> {
    static var recheck: TimeInterval { 5 }

    private let load: @Sendable (DirectoryQueries) async throws -> Value
    private var value: Value?
    private var fingerprint: String?
    private var checkedAt: Date?
    private var checking: Task<Value, any Error>?

    init(load: @escaping @Sendable (DirectoryQueries) async throws -> Value) { self.load = load }

    /// - Complexity: O(1) while fresh; otherwise the fingerprint, plus `load` when it changed.
    func value(_ q: DirectoryQueries, now: Date = Date()) async throws -> Value {
        if let value, let checkedAt, now.timeIntervalSince(checkedAt) < Self.recheck { return value }
        if let checking { return try await checking.value }
        let task = Task { try await self.refresh(q, now: now) }
        checking = task
        defer { checking = nil }
        return try await task.value
    }

    private func refresh(_ q: DirectoryQueries, now: Date) async throws -> Value {
        let current = try await Self.fingerprint(q.sql)
        if let value, current == fingerprint {
            checkedAt = now
            return value
        }
        let fresh = try await load(q)
        (value, fingerprint, checkedAt) = (fresh, current, now)
        return fresh
    }

    static func fingerprint(_ sql: any SQLDatabase) async throws -> String {
        let meta = try await sql.select().columns("key", "value").from("pack_meta").orderBy("position").all(
            decoding: PackMetaEntry.self)
        func count(_ table: String) async throws -> Int {
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
                .first(decodingColumn: "n", as: Int.self) ?? 0
        }
        return meta.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
            + "|\(try await count("areas"))|\(try await count("postcodes"))"
    }
}

private struct PackMetaEntry: Decodable {
    var key: String
    var value: String
}
