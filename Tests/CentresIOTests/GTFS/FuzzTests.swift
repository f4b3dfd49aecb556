import CentresCore
import CentresIO
import CentresTestSupport
import Foundation
import Testing

/// Seeded corruption of small inputs: readers must report or throw, never crash.
@Suite struct FuzzTests {
    @Test func corruptedZipsNeverCrash() throws {
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TransitFixtures.path("zip/tiny.zip"))))
        var rng = SplitMix64(seed: 42)
        var failures = 0
        for _ in 0..<500 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            do {
                let zip = try ZipArchive(data: Data(bytes), file: "fuzz.zip")
                for entry in zip.entries { _ = try zip.contents(of: entry) }
            } catch {
                failures += 1
            }
        }
        #expect(failures > 100)
    }

    @Test func mutatedFeedsNeverCrash() throws {
        var rng = SplitMix64(seed: 7)
        let alphabet = Array("0123456789:,\"\n\r ;xS1T".utf8)
        var reports = 0
        for _ in 0..<300 {
            var files = BadFeedTests.goodFiles.mapValues { Array($0.utf8) }
            let name = files.keys.sorted()[Int.random(in: 0..<files.count, using: &rng)]
            var bytes = files[name]!
            for _ in 0..<Int.random(in: 1...3, using: &rng) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = alphabet.randomElement(using: &rng)!
            }
            files[name] = bytes
            let feed = GTFSFeed.load(files: files.mapValues { Data($0) }, name: "fuzz")
            if !feed.report.issues.isEmpty { reports += 1 }
            _ = try? feed.timetable(on: SimpleDate("2022-02-22")!)
            _ = feed.validationReport(on: SimpleDate("2022-02-22")!).rendered(feedName: "fuzz")
        }
        #expect(reports > 50)
    }
}
