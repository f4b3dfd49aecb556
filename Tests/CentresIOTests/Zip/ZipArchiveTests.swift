import CentresIO
import Foundation
import Testing

@Suite struct ZipArchiveTests {
    @Test func listsTheHSLEntriesInOrder() throws {
        let zip = try ZipArchive(contentsOf: TransitFixtures.hslPath)
        #expect(
            zip.entries.map(\.name) == [
                "agency.txt", "feed_info.txt", "stops.txt", "shapes.txt", "routes.txt", "calendar.txt", "trips.txt",
                "stop_times.txt", "fare_attributes.txt", "fare_rules.txt", "frequencies.txt", "transfers.txt",
            ])
        #expect(zip.entries.first { $0.name == "stop_times.txt" }?.uncompressedSize == 5_275_779)
        let agency = try #require(try zip.contents(named: "agency.txt"))
        #expect(agency.count == 197)
        #expect(String(decoding: agency, as: UTF8.self).hasPrefix("agency_id,agency_name"))
        #expect(try zip.contents(named: "nope.txt") == nil)
    }

    @Test func readsStoredAndDeflatedEntries() throws {
        let zip = try ZipArchive(contentsOf: TransitFixtures.path("zip/tiny.zip"))
        #expect(zip.entries.map(\.name) == ["stored.txt", "deflated.txt", "dir/empty.txt"])
        #expect(zip.entries.map(\.method) == [0, 8, 0])
        #expect(try zip.contents(named: "stored.txt") == Data("hello, stored world\n".utf8))
        let deflated = String(repeating: "deflate me please; ", count: 50)
        #expect(try zip.contents(named: "deflated.txt") == Data(deflated.utf8))
        #expect(try zip.contents(named: "dir/empty.txt") == Data())
    }

    @Test func truncatedArchiveIsAnError() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: TransitFixtures.hslPath))
        for keep in [0, 10, 100, data.count / 2, data.count - 30] {
            #expect(throws: InputError.self) { try ZipArchive(data: data.prefix(keep), file: "cut.zip") }
        }
        do {
            _ = try ZipArchive(data: data.prefix(data.count / 2), file: "cut.zip")
            Issue.record("expected an error")
        } catch {
            #expect(error.file == "cut.zip")
            #expect(error.message.contains("truncated"))
        }
    }

    @Test func notAZipAndBadCRCAreErrors() throws {
        #expect(throws: InputError.self) { try ZipArchive(data: Data(repeating: 7, count: 500), file: "x.zip") }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TransitFixtures.path("zip/tiny.zip"))))
        // Flip one byte of the stored entry's data (local header 30 bytes + "stored.txt").
        bytes[30 + 10] ^= 0xFF
        let zip = try ZipArchive(data: Data(bytes), file: "bad.zip")
        do {
            _ = try zip.contents(named: "stored.txt")
            Issue.record("expected a CRC error")
        } catch {
            #expect(error.message.contains("CRC"))
            #expect(error.file.contains("bad.zip"))
        }
    }
}
