import BenchmarkSupport
import CentresIO
import Foundation
import TravelTime

// Usage: StreetsBenchmark [grid|helsinki-walk|helsinki-car]... [--side N] [--origins N] [--scipy-origins N]
//     [--max-seconds S]   (default: no limit, so every connected pair is compared)
//     [--directions automatic,forward]   (ours; the first is compared with scipy)
// Each case is best run in its own process (as docs/benchmarks.md does) so that its peak RSS is its own.
var cases: [String] = []
var side = 1000
var gridScipyOrigins = 1000
var originCount = 1000
var maxSeconds = Double.infinity
var directions: [SearchDirection] = [.automatic, .forward]
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let a = arguments.next() {
    switch a {
    case "--side": side = Int(arguments.next() ?? "") ?? side
    case "--max-seconds": maxSeconds = Double(arguments.next() ?? "") ?? maxSeconds
    case "--origins": originCount = Int(arguments.next() ?? "") ?? originCount
    case "--scipy-origins": gridScipyOrigins = Int(arguments.next() ?? "") ?? gridScipyOrigins
    case "--directions":
        directions = (arguments.next() ?? "").split(separator: ",").compactMap { SearchDirection(rawValue: String($0)) }
    default: cases.append(a)
    }
}
if cases.isEmpty { cases = ["grid", "helsinki-walk", "helsinki-car"] }

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let pbf = repository.appendingPathComponent("Tests/Fixtures/helsinki/helsinki_centre.osm.pbf")

for name in cases {
    switch name {
    case "grid":
        let (build, graph) = timed { SyntheticGrid.graph(side: side, seed: 7) }
        // scipy settles the whole graph from every origin (about 0.2 s each here), so all 1,000 take ~4 min.
        try StreetCase(
            name: "grid\(side)", graph: graph, buildSeconds: build, originCount: originCount,
            scipyOrigins: gridScipyOrigins, maxSeconds: maxSeconds, directions: directions
        ).run()
    case "helsinki-walk", "helsinki-car":
        let mode: StreetMode = name == "helsinki-walk" ? .walk : .car
        let (read, input) = try timed { try OSMPBFReader.read(url: pbf).roadNetwork }
        let (build, graph) = timed { StreetGraph(input, mode: mode) }
        print("\nread \(pbf.lastPathComponent) in \(fixed(read)) s")
        // Small graphs: each run is well under a second, so take the median of five on both sides.
        try StreetCase(
            name: name, graph: graph, buildSeconds: build, originCount: originCount, maxSeconds: maxSeconds,
            repeats: 5, directions: directions
        ).run()
    default:
        print("unknown case \(name)")
    }
}
