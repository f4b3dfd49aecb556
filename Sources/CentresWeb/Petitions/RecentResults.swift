import CentresCore
import Foundation
import Vapor

/// A petition's public counts and map, computed at most once per `maxAge` seconds per petition.
/// In a surge (Parliament's site saw thousands of signatures a minute) everyone reloads the
/// count: grouping every signature by area for each reader would take the database away from
/// the signers. Readers within `maxAge` share one result, and readers arriving while it is being
/// computed wait for that computation rather than starting their own. The page says when it
/// was counted. Staff pages and the submission pack always count afresh.
actor RecentResults<Value: Sendable> {
    private var entries: [String: (started: Date, task: Task<Value, any Error>)] = [:]

    /// - Complexity: O(1) when cached; otherwise the cost of `make`.
    func value(_ key: String, maxAge: TimeInterval, now: Date, make: @escaping @Sendable () async throws -> Value)
        async throws -> Value
    {
        if let e = entries[key], now.timeIntervalSince(e.started) < maxAge {
            return try await e.task.value
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
}

/// What a petition's public page and feed show of its counts, ready to send: the counts, map and
/// trust panel as HTML (the same for every reader) and the feed's JSON.
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
