import CentresCore
import Foundation
import TravelTime

/// One OSM way: its id, node ids in order, and tags.
public struct OSMWay: Hashable, Sendable {
    public var id: Int64
    public var nodeIDs: [Int64]
    public var tags: [String: String]

    public init(id: Int64, nodeIDs: [Int64], tags: [String: String]) {
        self.id = id
        self.nodeIDs = nodeIDs
        self.tags = tags
    }
}

/// What `OSMPBFReader` keeps of a file: the kept ways and the nodes they use.
public struct OSMExtract: Sendable {
    /// Node ids, ascending and distinct, with positions in degrees in `lat` and `lon` (parallel
    /// arrays: 24 bytes a node). Only nodes that some kept way uses are here.
    public var nodeIDs: [Int64]
    public var lat: [Double]
    public var lon: [Double]
    public var ways: [OSMWay]
    /// The header's bounding box, if it has one.
    public var boundingBox: BoundingBox?
    /// The header's `osmosis_replication_timestamp`: how fresh the data are.
    public var replicationTimestamp: Date?
    /// The newest timestamp of any node or way, if the file carries metadata.
    public var newestElementTimestamp: Date?
    /// Everything in the file, kept or not.
    public var nodesSeen: Int
    public var waysSeen: Int
    public var relationsSeen: Int

    /// The road network for `TravelTime.StreetGraph`.
    public var roadNetwork: RoadNetworkInput {
        RoadNetworkInput(nodeIDs: nodeIDs, lats: lat, lons: lon, ways: ways.map { RoadWay(nodeIDs: $0.nodeIDs, tags: $0.tags) })
    }
}

/// Reads OpenStreetMap PBF files (https://wiki.openstreetmap.org/wiki/PBF_Format), written from
/// scratch: a hand-rolled protobuf wire decoder over the memory-mapped file, zlib via the system
/// library. Supports raw and zlib blobs, DenseNodes and plain nodes, ways; relations are counted
/// and skipped. Repeated scalar fields must be packed or single (every known writer packs them).
public enum OSMPBFReader {
    /// Reads the file at `url`, keeping the ways `keepWay` accepts (by default, every `highway`)
    /// and the nodes they use.
    ///
    /// Errors name the file and the byte where the problem was found ("… at byte N"); for a
    /// problem inside a compressed block, N is where the block's frame starts in the file.
    /// - Complexity: O(n) in the file size, plus O(R log N) to match R way references to N nodes.
    public static func read(url: URL, keepWay: (Tags) -> Bool = { $0["highway"] != nil }) throws(InputError) -> OSMExtract {
        let name = url.lastPathComponent
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw InputError(file: name, message: "cannot read the file (\(error.localizedDescription))")
        }
        return try withoutActuallyEscaping(keepWay) { keep throws(InputError) in
            try read(data, name: name, keepWay: keep)
        }
    }

    /// Reads PBF bytes already in memory; `name` is used in errors.
    public static func read(_ data: Data, name: String, keepWay: @escaping (Tags) -> Bool = { $0["highway"] != nil })
        throws(InputError) -> OSMExtract
    {
        guard !data.isEmpty else { throw InputError(file: name, message: "the file is empty at byte 0") }
        var builder = OSMExtractBuilder(keepWay: keepWay)
        let failure: PBFBlobs.FileError? = data.withUnsafeBytes { file in
            do throws(PBFBlobs.FileError) {
                try PBFBlobs.forEachBlob(in: file) { (type, byte, contents) throws(PBFBlobs.FileError) in
                    try decode(type: type, byte: byte, contents: contents, into: &builder)
                }
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw InputError(file: name, message: "\(failure.message) at byte \(failure.byte)") }
        guard let header = builder.header else {
            throw InputError(file: name, message: "the file has no OSMHeader block at byte 0")
        }
        let nodesSeen = builder.nodesSeen
        let (ids, lats, lons) = builder.finish()
        return OSMExtract(
            nodeIDs: ids, lat: lats, lon: lons, ways: builder.ways,
            boundingBox: header.boundingBox.map {
                BoundingBox(
                    minLat: Double($0.bottom) / 1e9, minLon: Double($0.left) / 1e9,
                    maxLat: Double($0.top) / 1e9, maxLon: Double($0.right) / 1e9)
            },
            replicationTimestamp: header.replicationTimestamp.map { Date(timeIntervalSince1970: Double($0)) },
            newestElementTimestamp: builder.newestTimestamp.map { Date(timeIntervalSince1970: Double($0)) },
            nodesSeen: nodesSeen, waysSeen: builder.waysSeen, relationsSeen: builder.relationsSeen)
    }

    static func decode(
        type: String, byte: Int, contents: UnsafeRawBufferPointer, into builder: inout OSMExtractBuilder
    ) throws(PBFBlobs.FileError) {
        do throws(ProtoError) {
            switch type {
            case "OSMHeader":
                guard builder.header == nil else { throw ProtoError(message: "a second OSMHeader block", offset: 0) }
                builder.header = try PBFBlockDecoder.header(contents)
            case "OSMData":
                guard builder.header != nil else { throw ProtoError(message: "an OSMData block before the OSMHeader", offset: 0) }
                try PBFBlockDecoder.primitiveBlock(contents, into: &builder)
            default:
                return  // The format says to skip unknown blob types.
            }
        } catch {
            throw PBFBlobs.FileError(
                message: "\(error.message) (offset \(error.offset) of the \(type) block starting)", byte: byte)
        }
    }
}
