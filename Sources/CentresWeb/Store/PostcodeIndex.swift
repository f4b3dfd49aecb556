import CentresCore
import Foundation
import SQLKit
import Vapor

/// The pack's postcodes in memory, for signing: every online signature looks its postcode up,
/// and in a surge that lookup was half of the statements the database ran. Norfolk's 27,647
/// postcodes take a few megabytes. Rebuilt when the pack changes (`PackCache`).
struct PostcodeIndex: Sendable {
    private let cache = PackCache<[String: PostcodeEntry]> { q in
        let rows = try await q.rows("postcodes", as: PostcodeRow.self)
        return Dictionary(rows.compactMap { r in r.core.map { (r.postcode, $0) } }, uniquingKeysWith: { a, _ in a })
    }

    /// - Complexity: O(1) while the pack is unchanged.
    func entry(_ code: Postcode, _ q: DirectoryQueries) async throws -> PostcodeEntry? {
        try await cache.value(q)[code.text]
    }
}

/// Where a postcode is, as petitions and consultations count people: its district (from the
/// pack's postcodes) and small area (the outline its point lies in); nil when the pack does not
/// know the postcode.
struct PostcodePlace: Sendable {
    var districtCode: String?
    var areaCode: String?

    static func of(_ code: Postcode, _ req: Request) async throws -> PostcodePlace? {
        let q = DirectoryQueries(req.db)
        guard let entry = try await req.application.postcodeIndex.entry(code, q) else { return nil }
        let area = try await req.application.boundaryCache.area(containing: entry.location, q)
        return PostcodePlace(districtCode: entry.districtCode, areaCode: area)
    }
}

extension Application {
    private struct PostcodeIndexKey: StorageKey {
        typealias Value = PostcodeIndex
    }

    /// Set once in `configure`, before any request.
    var postcodeIndex: PostcodeIndex {
        get { storage[PostcodeIndexKey.self]! }
        set { storage[PostcodeIndexKey.self] = newValue }
    }
}
