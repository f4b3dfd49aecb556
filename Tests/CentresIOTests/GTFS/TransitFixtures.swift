import CentresIO
import Foundation

/// Test fixtures under Tests/Fixtures, located from this file so tests run from any directory.
enum TransitFixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static let hslPath = path("helsinki/hsl_gtfs_2022-02-22.zip")

    /// The HSL feed, parsed once and shared by every test (it takes about a second in debug builds).
    static let hsl: GTFSFeed = {
        do { return try GTFSFeed.load(zipAt: hslPath) } catch { fatalError("cannot read the HSL fixture: \(error)") }
    }()
}
