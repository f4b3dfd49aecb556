import TravelTime

/// What the reader gathers while decoding blocks, before nodes are sorted and compacted.
///
/// Positions are kept as Int32 in units of 1e-7° (OSM's own precision, about 1 cm) until
/// compaction, so the all-nodes arrays cost 16 bytes a node instead of 24: a county has millions
/// of nodes, most of them building corners that no road uses.
struct OSMExtractBuilder {
    let keepWay: (Tags) -> Bool
    var ids: [Int64] = []
    var lats: [Int32] = []
    var lons: [Int32] = []
    var idsAscending = true
    var ways: [OSMWay] = []
    var nodesSeen = 0
    var waysSeen = 0
    var relationsSeen = 0
    /// Newest element timestamp, in seconds since 1970.
    var newestTimestamp: Int64? = nil
    var header: OSMHeaderInfo? = nil

    init(keepWay: @escaping (Tags) -> Bool) {
        self.keepWay = keepWay
    }

    @inline(__always)
    mutating func addNode(id: Int64, lat: Int32, lon: Int32) {
        if let last = ids.last, id <= last { idsAscending = false }
        ids.append(id)
        lats.append(lat)
        lons.append(lon)
        nodesSeen += 1
    }

    @inline(__always)
    mutating func noteTimestamp(_ seconds: Int64) {
        if seconds > (newestTimestamp ?? .min) { newestTimestamp = seconds }
    }

    /// Sorts nodes by id (dropping repeats), keeps those that kept ways use, and converts positions
    /// to degrees.
    /// - Complexity: O(N log N) if the file was not sorted, else O(N + R log N) for R way references.
    mutating func finish() -> (ids: [Int64], lats: [Double], lons: [Double]) {
        if !idsAscending { sortNodes() }
        var used = [Bool](repeating: false, count: ids.count)
        for way in ways {
            for ref in way.nodeIDs {
                if let i = OSMExtractBuilder.search(ids, ref) { used[i] = true }
            }
        }
        let keptCount = used.reduce(0) { $0 + ($1 ? 1 : 0) }
        var outIDs: [Int64] = [], outLats: [Double] = [], outLons: [Double] = []
        outIDs.reserveCapacity(keptCount)
        outLats.reserveCapacity(keptCount)
        outLons.reserveCapacity(keptCount)
        for i in ids.indices where used[i] {
            outIDs.append(ids[i])
            outLats.append(Double(lats[i]) / 1e7)
            outLons.append(Double(lons[i]) / 1e7)
        }
        ids = []
        lats = []
        lons = []
        return (outIDs, outLats, outLons)
    }

    /// Sorts the node arrays by id through a permutation; of repeated ids the last read wins
    /// (later blocks of a merged file are newer).
    private mutating func sortNodes() {
        let order = ids.indices.sorted { (ids[$0], $0) < (ids[$1], $1) }
        var newIDs: [Int64] = [], newLats: [Int32] = [], newLons: [Int32] = []
        newIDs.reserveCapacity(ids.count)
        newLats.reserveCapacity(ids.count)
        newLons.reserveCapacity(ids.count)
        for i in order {
            if newIDs.last == ids[i] {
                newLats[newLats.count - 1] = lats[i]
                newLons[newLons.count - 1] = lons[i]
            } else {
                newIDs.append(ids[i])
                newLats.append(lats[i])
                newLons.append(lons[i])
            }
        }
        (ids, lats, lons) = (newIDs, newLats, newLons)
    }

    static func search(_ ids: [Int64], _ id: Int64) -> Int? {
        var low = 0, high = ids.count
        while low < high {
            let mid = (low + high) / 2
            if ids[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low < ids.count && ids[low] == id ? low : nil
    }
}

/// What the OSMHeader block says.
struct OSMHeaderInfo {
    var boundingBox: BoundingBoxNanodegrees?
    var replicationTimestamp: Int64?
}

struct BoundingBoxNanodegrees {
    var left: Int64, right: Int64, top: Int64, bottom: Int64
}
