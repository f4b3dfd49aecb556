import Foundation
import TravelTime

/// Writes a graph, the chosen nodes and our result matrix as raw little-endian arrays that
/// numpy reads with `fromfile`, plus `meta.json` with sizes and our timings, for `scipy_streets.py`.
/// Raw arrays rather than a text format so that loading on the scipy side is quick and exact.
enum GraphExport {
    static func write(
        _ graph: StreetGraph, origins: [Int], destinations: [Int], ours: [[Double?]], meta: [String: Any], to dir: URL
    ) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try raw(graph.firstEdge.map { Int64($0) }, dir.appendingPathComponent("indptr.i64"))
        try raw(graph.edges.map(\.target), dir.appendingPathComponent("indices.i32"))
        try raw(graph.edges.map(\.seconds), dir.appendingPathComponent("data.f32"))
        try raw(origins.map { Int64($0) }, dir.appendingPathComponent("origins.i64"))
        try raw(destinations.map { Int64($0) }, dir.appendingPathComponent("destinations.i64"))
        // Unreachable cells as NaN, which numpy compares with scipy's inf.
        try raw(ours.flatMap { $0.map { $0 ?? .nan } }, dir.appendingPathComponent("ours.f64"))
        var all = meta
        all["nodes"] = graph.nodeCount
        all["edges"] = graph.edgeCount
        let json = try JSONSerialization.data(withJSONObject: all, options: [.prettyPrinted, .sortedKeys])
        try json.write(to: dir.appendingPathComponent("meta.json"))
    }

    private static func raw<T: BitwiseCopyable>(_ values: [T], _ url: URL) throws {
        // Every platform Swift runs on here is little-endian, which the reader assumes.
        try values.withUnsafeBytes { Data($0) }.write(to: url)
    }
}
