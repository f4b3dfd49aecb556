import TravelTime

/// Decoding of `OSMHeader` and `OSMData` blocks (osmformat.proto) into an `OSMExtractBuilder`.
/// Offsets in errors are into the block's uncompressed bytes.
enum PBFBlockDecoder {
    /// Features a reader must understand; files requiring anything else (say "HistoricalInformation"
    /// or "LocationsOnWays" only) are refused rather than misread.
    static let supportedFeatures: Set<String> = ["OsmSchema-V0.6", "DenseNodes"]

    /// HeaderBlock: 1 bbox, 4 required_features, 32 osmosis_replication_timestamp.
    static func header(_ bytes: UnsafeRawBufferPointer) throws(ProtoError) -> OSMHeaderInfo {
        var reader = ProtoReader(bytes)
        var info = OSMHeaderInfo()
        while let (number, wire) = try reader.field() {
            switch (number, wire) {
            case (1, .lengthDelimited):
                var box = reader.sub(try reader.lengthDelimited())
                var b = BoundingBoxNanodegrees(left: 0, right: 0, top: 0, bottom: 0)
                while let (n, w) = try box.field() {
                    switch (n, w) {
                    case (1, .varint): b.left = try box.signedVarint()
                    case (2, .varint): b.right = try box.signedVarint()
                    case (3, .varint): b.top = try box.signedVarint()
                    case (4, .varint): b.bottom = try box.signedVarint()
                    default: try box.skip(w)
                    }
                }
                info.boundingBox = b
            case (4, .lengthDelimited):
                let start = reader.position
                let feature = reader.string(try reader.lengthDelimited())
                guard supportedFeatures.contains(feature) else {
                    throw ProtoError(message: "the file requires the unsupported feature \"\(feature)\"", offset: start)
                }
            case (32, .varint): info.replicationTimestamp = try reader.int64()
            default: try reader.skip(wire)
            }
        }
        return info
    }

    /// PrimitiveBlock: 1 stringtable, 2 primitivegroup (repeated), 17 granularity, 18 date_granularity,
    /// 19 lat_offset, 20 lon_offset. The groups are decoded after the whole block has been scanned,
    /// because the scalars may follow them.
    static func primitiveBlock(_ bytes: UnsafeRawBufferPointer, into builder: inout OSMExtractBuilder) throws(ProtoError) {
        var reader = ProtoReader(bytes)
        var block = BlockContext()
        block.bytes = bytes
        var groups: [Range<Int>] = []
        while let (number, wire) = try reader.field() {
            switch (number, wire) {
            case (1, .lengthDelimited):
                var table = reader.sub(try reader.lengthDelimited())
                while let (n, w) = try table.field() {
                    if n == 1 && w == .lengthDelimited {
                        block.strings.append(try table.lengthDelimited())
                    } else {
                        try table.skip(w)
                    }
                }
            case (2, .lengthDelimited): groups.append(try reader.lengthDelimited())
            case (17, .varint): block.granularity = try reader.int64()
            case (18, .varint): block.dateGranularity = try reader.int64()
            case (19, .varint): block.latOffset = try reader.int64()
            case (20, .varint): block.lonOffset = try reader.int64()
            default: try reader.skip(wire)
            }
        }
        guard block.granularity > 0, block.granularity <= 1_000_000_000 else {
            throw ProtoError(message: "bad granularity \(block.granularity)", offset: 0)
        }
        block.cache = [String?](repeating: nil, count: block.strings.count)
        for range in groups {
            var group = reader.sub(range)
            while let (number, wire) = try group.field() {
                switch (number, wire) {
                case (1, .lengthDelimited): try node(group.sub(try group.lengthDelimited()), &block, &builder)
                case (2, .lengthDelimited): try denseNodes(group.sub(try group.lengthDelimited()), &block, &builder)
                case (3, .lengthDelimited): try way(group.sub(try group.lengthDelimited()), &block, &builder)
                case (4, .lengthDelimited):
                    _ = try group.lengthDelimited()
                    builder.relationsSeen += 1
                default: try group.skip(wire)
                }
            }
        }
    }

    /// A position in 1e-7° from a coded value, or an error if it is not a valid latitude/longitude.
    @inline(__always)
    static func position(_ coded: Int64, offset: Int64, _ block: BlockContext, limit: Int64, at byte: Int) throws(ProtoError)
        -> Int32
    {
        let (scaled, overflow1) = coded.multipliedReportingOverflow(by: block.granularity)
        let (nano, overflow2) = scaled.addingReportingOverflow(offset)
        let units = nano >= 0 ? (nano + 50) / 100 : (nano - 50) / 100
        guard !overflow1, !overflow2, units >= -limit, units <= limit else {
            throw ProtoError(message: "a node position is out of range", offset: byte)
        }
        return Int32(units)
    }

    /// DenseNodes: 1 id, 5 denseinfo, 8 lat, 9 lon (packed, delta-coded sint64), 10 keys_vals (ignored:
    /// routing needs no node tags).
    static func denseNodes(_ message: ProtoReader, _ block: inout BlockContext, _ builder: inout OSMExtractBuilder)
        throws(ProtoError)
    {
        var reader = message
        var idRange = 0..<0, latRange = 0..<0, lonRange = 0..<0
        while let (number, wire) = try reader.field() {
            switch (number, wire) {
            case (1, _): idRange = try reader.repeatedRange(wire)
            case (8, _): latRange = try reader.repeatedRange(wire)
            case (9, _): lonRange = try reader.repeatedRange(wire)
            case (5, .lengthDelimited):
                var info = reader.sub(try reader.lengthDelimited())
                while let (n, w) = try info.field() {
                    guard n == 2 else { try info.skip(w); continue }
                    var times = info.sub(try info.repeatedRange(w))
                    var t: Int64 = 0, newest = Int64.min
                    while !times.isAtEnd {
                        t = t &+ (try times.signedVarint())
                        newest = max(newest, t)
                    }
                    if newest != .min { builder.noteTimestamp(block.seconds(newest)) }
                }
            default: try reader.skip(wire)
            }
        }
        var ids = reader.sub(idRange), lats = reader.sub(latRange), lons = reader.sub(lonRange)
        var id: Int64 = 0, lat: Int64 = 0, lon: Int64 = 0
        while !ids.isAtEnd {
            guard !lats.isAtEnd, !lons.isAtEnd else {
                throw ProtoError(message: "dense nodes have more ids than positions", offset: ids.position)
            }
            id = id &+ (try ids.signedVarint())
            lat = lat &+ (try lats.signedVarint())
            lon = lon &+ (try lons.signedVarint())
            builder.addNode(
                id: id, lat: try position(lat, offset: block.latOffset, block, limit: 900_000_000, at: lats.position),
                lon: try position(lon, offset: block.lonOffset, block, limit: 1_800_000_000, at: lons.position))
        }
        guard lats.isAtEnd, lons.isAtEnd else {
            throw ProtoError(message: "dense nodes have more positions than ids", offset: lats.position)
        }
    }

    /// Node: 1 id, 4 info, 8 lat, 9 lon (sint64); keys and vals ignored.
    static func node(_ message: ProtoReader, _ block: inout BlockContext, _ builder: inout OSMExtractBuilder) throws(ProtoError) {
        var reader = message
        var id: Int64 = 0, lat: Int64 = 0, lon: Int64 = 0
        while let (number, wire) = try reader.field() {
            switch (number, wire) {
            case (1, .varint): id = try reader.signedVarint()
            case (8, .varint): lat = try reader.signedVarint()
            case (9, .varint): lon = try reader.signedVarint()
            case (4, .lengthDelimited): try info(reader.sub(try reader.lengthDelimited()), block, &builder)
            default: try reader.skip(wire)
            }
        }
        builder.addNode(
            id: id, lat: try position(lat, offset: block.latOffset, block, limit: 900_000_000, at: reader.position),
            lon: try position(lon, offset: block.lonOffset, block, limit: 1_800_000_000, at: reader.position))
    }

    /// Info: 2 timestamp (int64, in date_granularity units).
    static func info(_ message: ProtoReader, _ block: BlockContext, _ builder: inout OSMExtractBuilder) throws(ProtoError) {
        var reader = message
        while let (number, wire) = try reader.field() {
            if number == 2 && wire == .varint {
                builder.noteTimestamp(block.seconds(try reader.int64()))
            } else {
                try reader.skip(wire)
            }
        }
    }

    /// Way: 1 id (int64), 2 keys, 3 vals (packed uint32 string indices), 4 info, 8 refs (packed
    /// delta-coded sint64). Only ways that `keepWay` accepts keep their refs.
    static func way(_ message: ProtoReader, _ block: inout BlockContext, _ builder: inout OSMExtractBuilder) throws(ProtoError) {
        var reader = message
        var id: Int64 = 0
        var keys = 0..<0, vals = 0..<0, refs = 0..<0
        while let (number, wire) = try reader.field() {
            switch (number, wire) {
            case (1, .varint): id = try reader.int64()
            case (2, _): keys = try reader.repeatedRange(wire)
            case (3, _): vals = try reader.repeatedRange(wire)
            case (8, _): refs = try reader.repeatedRange(wire)
            case (4, .lengthDelimited): try info(reader.sub(try reader.lengthDelimited()), block, &builder)
            default: try reader.skip(wire)
            }
        }
        builder.waysSeen += 1
        var tags: Tags = [:]
        var k = reader.sub(keys), v = reader.sub(vals)
        while !k.isAtEnd {
            guard !v.isAtEnd else { throw ProtoError(message: "way \(id) has more keys than values", offset: k.position) }
            let at = k.position
            let key = try block.string(Int(clamping: try k.varint()), at: at)
            tags[key] = try block.string(Int(clamping: try v.varint()), at: at)
        }
        guard builder.keepWay(tags) else { return }
        var nodeIDs: [Int64] = []
        var r = reader.sub(refs), ref: Int64 = 0
        while !r.isAtEnd {
            ref = ref &+ (try r.signedVarint())
            nodeIDs.append(ref)
        }
        builder.ways.append(OSMWay(id: id, nodeIDs: nodeIDs, tags: tags))
    }
}

/// The per-block state: string table (as byte ranges, decoded to Strings on first use) and the
/// scales of coordinates and dates.
struct BlockContext {
    var strings: [Range<Int>] = []
    var cache: [String?] = []
    var bytes: UnsafeRawBufferPointer? = nil
    var granularity: Int64 = 100
    var dateGranularity: Int64 = 1000
    var latOffset: Int64 = 0
    var lonOffset: Int64 = 0

    func seconds(_ stamp: Int64) -> Int64 { stamp.multipliedReportingOverflow(by: dateGranularity).partialValue / 1000 }

    mutating func string(_ index: Int, at byte: Int) throws(ProtoError) -> String {
        guard index >= 0, index < strings.count, let bytes else {
            throw ProtoError(message: "string index \(index) is outside the block's string table", offset: byte)
        }
        if let s = cache[index] { return s }
        let s = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[strings[index]]), as: UTF8.self)
        cache[index] = s
        return s
    }
}
