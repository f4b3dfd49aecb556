import CentresCore
import Foundation
import Vapor

/// Results shared between requests for a few seconds, by key: within `maxAge` every caller gets
/// the same one, and callers arriving while it is being computed wait for that computation
/// rather than starting their own. In a surge every signature needs the petition and the
/// blocklist and every reader reloads the count; read or computed per request, they took the
/// database away from the signers (docs/petitions.md).
actor RecentResults<Value: Sendable> {
    /// No caller asks for results older than this (`CENTRES_COUNT_MAX_AGE` is at most 60 s).
    static var longestAge: TimeInterval { 60 }

    private var entries: [String: (started: Date, task: Task<Value, any Error>)] = [:]
    private var prunedAt = Date.distantPast

    /// - Complexity: O(1) when cached; otherwise the cost of `make`.
    func value(_ key: String, maxAge: TimeInterval, now: Date, make: @escaping @Sendable () async throws -> Value)
        async throws -> Value
    {
        if let e = entries[key], now.timeIntervalSince(e.started) < maxAge {
            return try await e.task.value
        }
        // Keys come from addresses people type (a petition's id), so old ones are dropped: at
        // most once a minute, once there are many.
        if entries.count > 1_000, now.timeIntervalSince(prunedAt) >= Self.longestAge {
            entries = entries.filter { now.timeIntervalSince($0.value.started) < Self.longestAge }
            prunedAt = now
        }
        let task = Task { try await make() }
        entries[key] = (now, task)
        do {
            return try await task.value
        } catch {
            // A failure is not remembered: the next reader tries again.
            if entries[key]?.started == now { entries[key] = nil }
            throw error
        }
    }

    /// Drops a result this process knows to be out of date (a moderator changed the blocklist).
    func forget(_ key: String) { entries[key] = nil }

    /// How many results are held.
    var count: Int { entries.count }
}

/// What a petition's public page and feed show of its counts, ready to send: the counts, map and
/// trust panel as HTML (the same for every reader) and the feed's JSON. Computed at most once per
/// `CENTRES_COUNT_MAX_AGE` seconds; the page says when it was counted. Staff pages and the
/// submission pack always count afresh.
struct PublicTally: Sendable {
    var tally: PetitionTallyDTO
    var countsHTML: String
    var json: Data
}

typealias TallyCache = RecentResults<PublicTally>

struct PublicPetition: Sendable {
    var petition: Petition
    var scheme: PetitionScheme
}

extension Application {
    private struct TallyCacheKey: StorageKey {
        typealias Value = TallyCache
    }
    private struct BlocklistCacheKey: StorageKey {
        typealias Value = RecentResults<Blocklist>
    }
    private struct PetitionCacheKey: StorageKey {
        typealias Value = RecentResults<PublicPetition?>
    }
    private struct CountMaxAgeKey: StorageKey {
        typealias Value = TimeInterval
    }

    var tallyCache: TallyCache {
        get { storage[TallyCacheKey.self]! }
        set { storage[TallyCacheKey.self] = newValue }
    }

    /// The blocklist as signing checks it: read at most every ten seconds, and at once after a
    /// moderator here changes it (another server process sees the change within ten seconds).
    var blocklistCache: RecentResults<Blocklist> {
        get { storage[BlocklistCacheKey.self]! }
        set { storage[BlocklistCacheKey.self] = newValue }
    }

    /// Petitions as their public pages and signing read them, by id (nil: no such petition).
    var petitionCache: RecentResults<PublicPetition?> {
        get { storage[PetitionCacheKey.self]! }
        set { storage[PetitionCacheKey.self] = newValue }
    }

    /// How old a public count may be, in seconds (`CENTRES_COUNT_MAX_AGE`).
    var countMaxAge: TimeInterval {
        get { storage[CountMaxAgeKey.self] ?? 0 }
        set { storage[CountMaxAgeKey.self] = newValue }
    }
}
