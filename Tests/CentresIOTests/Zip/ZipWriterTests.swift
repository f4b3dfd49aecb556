import CentresTestSupport
import Foundation
import Testing

@testable import CentresIO

@Suite struct ZipWriterTests {
    /// Seeded random entries (empty, tiny, repetitive, incompressible, UTF-8 names) read back whole.
    @Test func entriesReadBackThroughOurReader() throws {
        var g = SeededGenerator(seed: 7)
        for round in 0..<20 {
            var zip = ZipWriter(date: Date(timeIntervalSince1970: 1_700_000_000))
            var expected: [(String, Data)] = []
            for i in 0..<Int.random(in: 1...6, using: &g) {
                let size = [0, 1, 100, 70_000].randomElement(using: &g)!
                let repetitive = Bool.random(using: &g)
                let bytes = (0..<size).map { j in repetitive ? UInt8(j % 7) : UInt8.random(in: 0...255, using: &g) }
                let name = "tables/\(round)-\(i)-é.csv"
                zip.add(name, Data(bytes))
                expected.append((name, Data(bytes)))
            }
            let archive = try ZipArchive(data: zip.finished(), file: "evidence.zip")
            #expect(archive.entries.map(\.name) == expected.map(\.0))
            for (name, data) in expected { #expect(try archive.contents(named: name) == data) }
        }
    }

    @Test func theSameInputsGiveTheSameBytes() {
        func build() -> Data {
            var zip = ZipWriter(date: Date(timeIntervalSince1970: 1_700_000_000))
            zip.add("a.txt", text: "hello")
            return zip.finished()
        }
        #expect(build() == build())
    }
}
