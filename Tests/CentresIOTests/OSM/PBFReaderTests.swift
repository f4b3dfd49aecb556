import CentresIO
import CentresTestSupport
import Foundation
import Testing
import TravelTime

/// The Helsinki sample, found from this file's path.
let helsinkiPBF = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/helsinki/helsinki_centre.osm.pbf")

@Suite struct PBFReaderTests {
    @Test func helsinkiCountsEverything() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let all = try OSMPBFReader.read(url: helsinkiPBF, keepWay: { _ in true })
        print("Helsinki PBF read (all ways): \(clock.now - start)")
        #expect(all.nodesSeen == 24_260)
        #expect(all.waysSeen == 5_130)
        #expect(all.ways.count == 5_130)
        let highways = try OSMPBFReader.read(url: helsinkiPBF)
        #expect(highways.nodesSeen == 24_260)
        #expect(highways.waysSeen == 5_130)
        #expect(highways.ways.count == all.ways.filter { $0.tags["highway"] != nil }.count)
        #expect(highways.nodeIDs.count < all.nodeIDs.count)
        print("Helsinki: \(all.ways.count) ways, \(highways.ways.count) highway ways, \(all.relationsSeen) relations")
        print("nodes used by ways: \(all.nodeIDs.count), by highways: \(highways.nodeIDs.count)")
        print("box \(String(describing: all.boundingBox)), replication \(String(describing: all.replicationTimestamp))")
        print("newest element \(String(describing: all.newestElementTimestamp))")
    }

    @Test func helsinkiNodesAreSortedAndInside() throws {
        let e = try OSMPBFReader.read(url: helsinkiPBF)
        #expect(zip(e.nodeIDs, e.nodeIDs.dropFirst()).allSatisfy { $0 < $1 })
        #expect(e.lat.count == e.nodeIDs.count && e.lon.count == e.nodeIDs.count)
        // Ways may run a little past the clipping box; allow ~1 km.
        #expect(e.lat.allSatisfy { (60.1642 - 0.01)...(60.1791 + 0.01) ~= $0 })
        #expect(e.lon.allSatisfy { (24.9352 - 0.02)...(24.9534 + 0.02) ~= $0 })
        // Every way's nodes that are present are found; most are present.
        let network = e.roadNetwork
        let present = e.ways.flatMap(\.nodeIDs).filter { id in network.index(of: id) != nil }.count
        #expect(Double(present) > 0.9 * Double(e.ways.flatMap(\.nodeIDs).count))
        let newest = try #require(e.newestElementTimestamp)
        #expect(newest > Date(timeIntervalSince1970: 1_500_000_000))
    }

    @Test func truncatedFilesThrowWithTheByte() throws {
        let data = try Data(contentsOf: helsinkiPBF)
        for length in [1, 3, 4, 10, 20, 100, 1000, 50_000, data.count - 1] {
            let cut = data.prefix(length)
            #expect(throws: InputError.self) { try OSMPBFReader.read(cut, name: "cut.pbf") }
            do {
                _ = try OSMPBFReader.read(cut, name: "cut.pbf")
            } catch {
                if length == 1000 { print("truncated: \(error)") }
                #expect(error.file == "cut.pbf")
                #expect(error.message.contains("at byte "))
                #expect(error.message.contains("truncated"), "\(error)")
            }
        }
    }

    @Test func garbageThrowsAndNeverCrashes() throws {
        var rng = SplitMix64(seed: 7)
        let original = try Data(contentsOf: helsinkiPBF)
        for trial in 0..<80 {
            let bytes: Data
            if trial < 20 {
                bytes = Data((0..<Int.random(in: 1...4000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
            } else {
                // Flip a few bytes of the real file: most land in compressed data, some in framing.
                var copy = [UInt8](original)
                let span = trial < 40 ? 300 : copy.count
                for _ in 0..<3 { copy[Int.random(in: 0..<span, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng) }
                bytes = Data(copy)
            }
            do {
                _ = try OSMPBFReader.read(bytes, name: "bad.pbf")
            } catch {
                if trial % 7 == 0 { print("garbage \(trial): \(error)") }
                #expect(error.message.contains("at byte"))
            }
        }
    }

    @Test func unknownRequiredFeatureIsRefused() throws {
        // A raw (uncompressed) header blob requiring "HistoricalInformation".
        let feature = Array("HistoricalInformation".utf8)
        let header: [UInt8] = [0x22, UInt8(feature.count)] + feature
        let blob: [UInt8] = [0x0A, UInt8(header.count)] + header
        let type = Array("OSMHeader".utf8)
        let blobHeader: [UInt8] = [0x0A, UInt8(type.count)] + type + [0x18, UInt8(blob.count)]
        let file = Data([0, 0, 0, UInt8(blobHeader.count)] + blobHeader + blob)
        #expect {
            try OSMPBFReader.read(file, name: "history.pbf")
        } throws: { error in
            (error as? InputError)?.message.contains("HistoricalInformation") == true
        }
    }

    @Test func oversizedBlobIsRefused() {
        let type = Array("OSMData".utf8)
        // datasize = 33 MiB as a varint.
        var size = 33 * 1024 * 1024, varint: [UInt8] = []
        while size >= 0x80 { varint.append(UInt8(size & 0x7F) | 0x80); size >>= 7 }
        varint.append(UInt8(size))
        let blobHeader: [UInt8] = [0x0A, UInt8(type.count)] + type + [0x18] + varint
        let file = Data([0, 0, 0, UInt8(blobHeader.count)] + blobHeader)
        #expect {
            try OSMPBFReader.read(file, name: "big.pbf")
        } throws: { error in
            (error as? InputError)?.message.contains("32 MiB") == true
        }
    }
}
