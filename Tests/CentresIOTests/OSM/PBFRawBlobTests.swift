import CentresTestSupport
import Foundation
import Testing

@testable import CentresIO

/// Protobuf encoding helpers for building PBF files by hand.
enum ProtoWriter {
    static func varint(_ value: UInt64) -> [UInt8] {
        var v = value, out: [UInt8] = []
        while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        out.append(UInt8(v))
        return out
    }

    static func bytesField(_ number: Int, _ contents: [UInt8]) -> [UInt8] {
        varint(UInt64(number << 3 | 2)) + varint(UInt64(contents.count)) + contents
    }

    static func varintField(_ number: Int, _ value: UInt64) -> [UInt8] { varint(UInt64(number << 3)) + varint(value) }

    /// One frame: length, BlobHeader, and a raw Blob holding `contents`.
    static func rawFrame(type: String, contents: [UInt8]) -> [UInt8] {
        let blob = bytesField(1, contents) + varintField(2, UInt64(contents.count))
        let header = bytesField(1, Array(type.utf8)) + varintField(3, UInt64(blob.count))
        let n = header.count
        return [UInt8(n >> 24 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + header + blob
    }
}

@Suite struct PBFRawBlobTests {
    /// The Helsinki blocks, decompressed with the reader's own framing code.
    static func blocks() throws -> [(type: String, contents: [UInt8])] {
        let data = try Data(contentsOf: helsinkiPBF)
        var blocks: [(String, [UInt8])] = []
        try data.withUnsafeBytes { file in
            try PBFBlobs.forEachBlob(in: file) { type, _, contents in blocks.append((type, Array(contents))) }
        }
        return blocks
    }

    @Test func rawBlobsReadLikeCompressedOnes() throws {
        let framed = try Self.blocks().flatMap { ProtoWriter.rawFrame(type: $0.type, contents: $0.contents) }
        let raw = try OSMPBFReader.read(Data(framed), name: "raw.pbf", keepWay: { _ in true })
        let zlib = try OSMPBFReader.read(url: helsinkiPBF, keepWay: { _ in true })
        #expect(raw.nodesSeen == zlib.nodesSeen && raw.waysSeen == zlib.waysSeen)
        #expect(raw.nodeIDs == zlib.nodeIDs && raw.lat == zlib.lat && raw.lon == zlib.lon && raw.ways == zlib.ways)
    }

    /// Corrupt protobuf inside raw blobs reaches the hand-written decoder: it must throw, not crash.
    @Test func corruptBlocksThrowAndNeverCrash() throws {
        let blocks = try Self.blocks()
        var rng = SplitMix64(seed: 2026)
        var failures = 0
        for trial in 0..<90 {
            var framed: [UInt8] = []
            for (k, block) in blocks.enumerated() {
                var contents = block.contents
                if k == trial % blocks.count {
                    let flips = trial < 60 ? 1 : 20
                    for _ in 0..<flips {
                        contents[Int.random(in: 0..<contents.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                    }
                }
                framed += ProtoWriter.rawFrame(type: block.type, contents: contents)
            }
            do {
                _ = try OSMPBFReader.read(Data(framed), name: "corrupt.pbf", keepWay: { _ in true })
            } catch {
                failures += 1
                #expect(error.message.contains("at byte"))
                if failures % 25 == 1 { print("corrupt block: \(error)") }
            }
        }
        #expect(failures > 10)  // many flips land in coordinates or strings and still decode
    }

    @Test func randomBlockContentsThrowAndNeverCrash() throws {
        var rng = SplitMix64(seed: 99)
        let header = ProtoWriter.rawFrame(type: "OSMHeader", contents: ProtoWriter.bytesField(4, Array("OsmSchema-V0.6".utf8)))
        for _ in 0..<200 {
            let junk = (0..<Int.random(in: 0...600, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = try? OSMPBFReader.read(Data(header + ProtoWriter.rawFrame(type: "OSMData", contents: junk)), name: "junk.pbf")
        }
    }

    @Test func plainNodesAndWaysDecode() throws {
        func zigzag(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }
        let header = ProtoWriter.rawFrame(type: "OSMHeader", contents: ProtoWriter.bytesField(4, Array("OsmSchema-V0.6".utf8)))
        // String table: "", "highway", "residential".
        let table =
            ProtoWriter.bytesField(1, []) + ProtoWriter.bytesField(1, Array("highway".utf8))
            + ProtoWriter.bytesField(1, Array("residential".utf8))
        func node(_ id: Int64, _ lat: Double, _ lon: Double) -> [UInt8] {
            ProtoWriter.bytesField(
                1,
                ProtoWriter.varintField(1, zigzag(id)) + ProtoWriter.varintField(8, zigzag(Int64(lat * 1e7)))
                    + ProtoWriter.varintField(9, zigzag(Int64(lon * 1e7))))
        }
        let refs = [zigzag(20), zigzag(-10)].flatMap { ProtoWriter.varint($0) }  // 20, 10
        let way =
            ProtoWriter.varintField(1, 5) + ProtoWriter.bytesField(2, ProtoWriter.varint(1))
            + ProtoWriter.bytesField(3, ProtoWriter.varint(2)) + ProtoWriter.bytesField(8, refs)
        let group1 = ProtoWriter.bytesField(2, node(20, 52.5, 1.25) + node(10, 52.25, -1.5) + node(30, 1, 1))
        let group2 = ProtoWriter.bytesField(2, ProtoWriter.bytesField(3, way))
        let block = ProtoWriter.bytesField(1, table) + group1 + group2
        let e = try OSMPBFReader.read(Data(header + ProtoWriter.rawFrame(type: "OSMData", contents: block)), name: "plain.pbf")
        #expect(e.nodesSeen == 3)
        #expect(e.ways == [OSMWay(id: 5, nodeIDs: [20, 10], tags: ["highway": "residential"])])
        #expect(e.nodeIDs == [10, 20])  // sorted, and node 30 dropped: no kept way uses it
        #expect(e.lat == [52.25, 52.5] && e.lon == [-1.5, 1.25])
    }
}
