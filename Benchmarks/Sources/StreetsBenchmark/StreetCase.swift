import BenchmarkSupport
import CentresTestSupport
import Foundation
import TravelTime

/// One graph's run: time `travelTimes` for seeded origin and destination nodes, then hand the same
/// graph and our answers to scipy in a child process, so both are measured side by side in one run.
struct StreetCase {
    var name: String
    var graph: StreetGraph
    var buildSeconds: Double
    var originCount = 1000
    var destinationCount = 100
    /// How many of the origins scipy routes; fewer than all when scipy would take too long.
    var scipyOrigins = 1000
    var maxSeconds = Double.infinity
    var seed: UInt64 = 42
    /// Runs of each side; the median is reported, as the first run also pays for page faults and thread start-up.
    var repeats = 1
    /// Our directions to time; the first one's matrix is compared with scipy's.
    var directions: [SearchDirection] = [.automatic, .forward]

    func run() throws {
        let nodes = Self.routableNodes(graph)
        var rng = SeededGenerator(seed: seed)
        let origins = (0..<originCount).map { _ in nodes.randomElement(using: &rng)! }
        let destinations = (0..<destinationCount).map { _ in nodes.randomElement(using: &rng)! }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print("\n== \(name): \(graph.nodeCount) nodes, \(graph.edgeCount) edges, built in \(fixed(buildSeconds)) s")
        print(
            "graph arrays: \(fixed(Self.graphBytes(graph) / 1_048_576, 1)) MiB (36 B per node + 8 B per edge; "
                + "\(fixed(Self.graphBytes(graph) / Double(graph.nodeCount), 1)) B per node, edges included)")
        // Each direction on its own: automatic is what every caller gets; forward (one search per origin)
        // is the like-for-like comparison with scipy's `indices=origins`.
        var timings: [String: [String: Double]] = [:]
        var results: [SearchDirection: [[Double?]]] = [:]
        for direction in directions {
            var runs: [(seconds: Double, cpu: Double)] = []
            for _ in 0..<repeats {
                let cpuBefore = cpuSeconds()
                let (seconds, result) = timed {
                    graph.travelTimes(
                        from: origins.map { Snap(node: $0, metres: 0) }, to: destinations.map { Snap(node: $0, metres: 0) },
                        maxSeconds: maxSeconds, direction: direction)
                }
                runs.append((seconds, cpuSeconds() - cpuBefore))
                results[direction] = result
            }
            let (seconds, cpu) = runs.sorted { $0.seconds < $1.seconds }[runs.count / 2]
            timings[direction.rawValue] = ["seconds": seconds, "cpu_seconds": cpu]
            // Count finite values, not just non-nil ones, so an infinite time could never pass as reachable.
            let reachable = results[direction]!.reduce(0) { $0 + $1.filter { ($0 ?? .infinity).isFinite }.count }
            print("ours \(direction.rawValue), runs (s): " + runs.map { fixed($0.seconds, 3) }.joined(separator: " "))
            print(
                "ours \(direction.rawValue): \(originCount)×\(destinationCount) in \(fixed(seconds, 3)) s wall on \(cores) cores, "
                    + "\(fixed(cpu, 2)) CPU s; reachable \(reachable)/\(originCount * destinationCount)")
        }
        let ours = results[directions[0]] ?? []
        for direction in directions.dropFirst() {
            let other = results[direction] ?? []
            var largest = 0.0
            for (a, b) in zip(ours.joined(), other.joined()) where a != b {
                guard let a, let b else {
                    largest = .infinity  // reachable one way only
                    continue
                }
                largest = max(largest, abs(a - b))
            }
            print("ours \(directions[0].rawValue) vs \(direction.rawValue): max |difference| \(largest) s")
        }
        let peak = peakRSSMiB() ?? .nan
        print("peak RSS \(fixed(peak, 0)) MiB")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("centres-bench-\(name)")
        let meta: [String: Any] = [
            "name": name, "ours": timings, "origins": originCount, "cores": cores,
            "scipy_origins": min(scipyOrigins, originCount), "max_seconds": maxSeconds.isFinite ? maxSeconds : -1,
            "ours_peak_rss_mib": peak, "build_seconds": buildSeconds, "repeats": repeats,
        ]
        try GraphExport.write(graph, origins: origins, destinations: destinations, ours: ours, meta: meta, to: dir)
        try Self.runScipy(dir)
        try? FileManager.default.removeItem(at: dir)
    }

    /// Nodes that the snap index accepts (not in a small island), so that most pairs are connected.
    /// A node snaps to itself at 0 m unless another node shares its position.
    static func routableNodes(_ graph: StreetGraph) -> [Int] {
        (0..<graph.nodeCount).filter { graph.snap(graph.coordinate(of: $0), maxMetres: 0.01)?.node == $0 }
    }

    /// Bytes held by the graph's own arrays: positions, ids and CSR offsets per node, target and cost per
    /// edge, and the snap index's node list (its per-cell offsets are a few MiB at most).
    static func graphBytes(_ graph: StreetGraph) -> Double {
        Double(graph.nodeCount * (8 + 8 + 8 + 8 + 4) + graph.edgeCount * (4 + 4))
    }

    static func runScipy(_ dir: URL) throws {
        // The script sits in Benchmarks/, three levels above this file.
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scipy_streets.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, dir.path]
        fflush(nil)  // our lines first: stdout is buffered when piped to a file
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 { print("scipy_streets.py failed with status \(process.terminationStatus)") }
    }
}
