import Foundation
import Testing

@testable import CentresWeb

/// The public count's sharing: within its age one computation serves everyone, including readers
/// who arrive while it runs; after it, or after a failure, the next reader computes afresh.
@Suite struct RecentResultsTests {
    actor Calls {
        var n = 0
        func next() -> Int {
            n += 1
            return n
        }
    }

    @Test func readersShareOneComputationWithinItsAge() async throws {
        let cache = RecentResults<Int>(), calls = Calls()
        let t0 = Date(timeIntervalSince1970: 1_000_000)
        let slow: @Sendable () async throws -> Int = {
            try await Task.sleep(for: .milliseconds(50))
            return await calls.next()
        }
        let together = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 { group.addTask { try await cache.value("p", maxAge: 2, now: t0, make: slow) } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(together == Array(repeating: 1, count: 20), "twenty readers, one computation")
        #expect(try await cache.value("p", maxAge: 2, now: t0.addingTimeInterval(1.9), make: slow) == 1)
        #expect(try await cache.value("other", maxAge: 2, now: t0.addingTimeInterval(1.9), make: slow) == 2)
        #expect(try await cache.value("p", maxAge: 2, now: t0.addingTimeInterval(2), make: slow) == 3, "too old")
        #expect(try await cache.value("p", maxAge: 0, now: t0.addingTimeInterval(2), make: slow) == 4, "age 0: always afresh")
    }

    /// Ids typed into addresses must not pile up: past a thousand, results older than any caller
    /// would use are dropped.
    @Test func oldKeysAreDropped() async throws {
        let cache = RecentResults<Int>(), t0 = Date(timeIntervalSince1970: 1_000_000)
        for i in 0..<1_001 { _ = try await cache.value("id-\(i)", maxAge: 1, now: t0) { i } }
        #expect(await cache.count == 1_001)
        _ = try await cache.value("fresh", maxAge: 1, now: t0.addingTimeInterval(59)) { 0 }
        #expect(await cache.count == 1_002, "nothing is old enough yet")
        _ = try await cache.value("later", maxAge: 1, now: t0.addingTimeInterval(120)) { 0 }
        #expect(await cache.count == 1, "a minute after the last pruning, everything over a minute old is dropped")
    }

    struct Boom: Error {}

    @Test func aFailureIsNotRemembered() async throws {
        let cache = RecentResults<Int>(), t0 = Date(timeIntervalSince1970: 1_000_000)
        await #expect(throws: Boom.self) { try await cache.value("p", maxAge: 60, now: t0) { throw Boom() } }
        #expect(try await cache.value("p", maxAge: 60, now: t0) { 7 } == 7)
    }
}
