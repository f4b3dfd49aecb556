import BenchmarkSupport
import CentresCore
import CentresIO
import CentresTestSupport
import Foundation
import Planning
import TravelTime

// Assessing one proposal against a cached Norfolk matrix (538 areas × the pack's venues), the
// issue's target being under 10 ms; and re-assessing after one edit, which reads the same matrix.
// Usage: AssessmentBenchmark [--runs N] [--mode car|walk|cycle]

var runs = 200
var mode = TravelMode.car
var args = CommandLine.arguments.dropFirst().makeIterator()
while let a = args.next() {
    switch a {
    case "--runs": runs = Int(args.next() ?? "") ?? runs
    case "--mode": mode = TravelMode(rawValue: args.next() ?? "") ?? mode
    default:
        FileHandle.standardError.write(Data("unknown argument \(a)\n".utf8))
        exit(2)
    }
}

let pack = try PackReader.read(directory: Fixtures.norfolkPack)
let data = PlanningData(pack)
let (matrixSeconds, matrix) = try timed {
    try EstimateModel().matrix(
        origins: pack.areas.map { (id: $0.code, point: Optional($0.centroid)) },
        destinations: pack.venues.map { (id: $0.id, point: $0.location) }, mode: mode, maxMinutes: 240)
}
var assessor = Assessor(data: data, matrix: matrix)
assessor.savingsTargetGBP = 5_000_000
let proposals = Dictionary(uniqueKeysWithValues: pack.proposals.map { ($0.id, $0) })
let decision = proposals["decision-2019-01"]!, network = proposals["network-2018"]!

/// Median, p90 and max milliseconds of `runs` calls, after 10 warm-up calls.
func milliseconds(runs: Int, _ body: () -> Void) -> (median: Double, p90: Double, max: Double) {
    for _ in 0..<10 { body() }
    let times = (0..<runs).map { _ in timed(body).seconds * 1000 }.sorted()
    return (times[times.count / 2], times[times.count * 9 / 10], times.last!)
}

var sink = 0
var edited = decision
let acle = edited.decisions.firstIndex { $0.centreID == "cc-acle-marshes-children-s-centre" }!
let cases: [(String, () -> Void)] = [
    ("assess, no baseline", { sink &+= assessor.assess(decision).areas.count }),
    ("assess against the 2018 network", { sink &+= assessor.assess(decision, baseline: network).areas.count }),
    (
        "one edit (Acle kept as a base), then assess",
        {
            edited.decisions[acle].decision = edited.decisions[acle].decision == .base ? .unknown : .base
            sink &+= assessor.assess(edited, baseline: network).areas.count
        }
    ),
    (
        "assess against the network and build every table",
        {
            let a = assessor.assess(decision, baseline: network)
            sink &+= AssessmentReport(assessment: a, proposal: decision, data: data).tables.count
        }
    ),
]

print("Norfolk: \(pack.areas.count) areas × \(matrix.destinations.count) venues, \(mode.rawValue) estimate matrix")
print("(built once in \(fixed(matrixSeconds * 1000, 1)) ms, then only read); \(runs) runs per case, one core")
print("")
print("| case | median ms | p90 ms | max ms |")
print("|---|---:|---:|---:|")
for (name, body) in cases {
    let t = milliseconds(runs: runs, body)
    print("| \(name) | \(fixed(t.median, 3)) | \(fixed(t.p90, 3)) | \(fixed(t.max, 3)) |")
}
print("")
print("peak RSS \(peakRSSMiB().map { fixed($0, 0) } ?? "?") MiB (checksum \(sink))")
