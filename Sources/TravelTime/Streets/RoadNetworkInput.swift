/// One way of a road network: its node ids in order and its tags.
public struct RoadWay: Hashable, Sendable {
    public var nodeIDs: [Int64]
    public var tags: Tags

    public init(nodeIDs: [Int64], tags: Tags) {
        self.nodeIDs = nodeIDs
        self.tags = tags
    }
}

/// A road network as read from a map, independent of the file format it came from.
///
/// `nodeIDs` is sorted ascending with no repeats; `lats` and `lons` (degrees) run parallel to it.
/// Ways may mention node ids that are absent (an extract cut through them): the segments touching
/// such a node are left out.
public struct RoadNetworkInput: Sendable {
    public var nodeIDs: [Int64]
    public var lats: [Double]
    public var lons: [Double]
    public var ways: [RoadWay]

    public init(nodeIDs: [Int64], lats: [Double], lons: [Double], ways: [RoadWay]) {
        self.nodeIDs = nodeIDs
        self.lats = lats
        self.lons = lons
        self.ways = ways
    }

    /// The position of `id` in `nodeIDs`, by binary search.
    /// - Complexity: O(log n).
    public func index(of id: Int64) -> Int? {
        var low = 0, high = nodeIDs.count
        while low < high {
            let mid = (low + high) / 2
            if nodeIDs[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low < nodeIDs.count && nodeIDs[low] == id ? low : nil
    }
}
