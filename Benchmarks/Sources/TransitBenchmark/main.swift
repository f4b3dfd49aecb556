import BenchmarkSupport
import CentresCore
import CentresIO
import CentresTestSupport
import Foundation
import TravelTime

// Usage: TransitBenchmark [uniform|near-stops|uniform-walkgraph]...
// The target: 1,000 origins × 100 destinations over the HSL feed, 61 departure minutes, under 10 s.
var cases = Array(CommandLine.arguments.dropFirst())
if cases.isEmpty { cases = ["uniform"] }

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let fixtures = repository.appendingPathComponent("Tests/Fixtures/helsinki")
let date = SimpleDate(year: 2022, month: 2, day: 22)!

let (loadSeconds, feed) = try timed { try GTFSFeed.load(zipAt: fixtures.appendingPathComponent("hsl_gtfs_2022-02-22.zip").path) }
let (timetableSeconds, timetable) = try timed { try feed.timetable(on: date) }
let box = Points.stopBox(timetable)
print(
    "HSL feed loaded in \(fixed(loadSeconds)) s, timetable for \(date) built in \(fixed(timetableSeconds)) s: "
        + "\(timetable.stops.count) stops, \(timetable.patterns.count) patterns, \(timetable.tripCount) trips, "
        + "\(timetable.footpathCount) footpaths")
print("stops' box: lat \(fixed(box.minLat, 3))–\(fixed(box.maxLat, 3)), lon \(fixed(box.minLon, 3))–\(fixed(box.maxLon, 3))")
print("after loading: RSS \(fixed(currentRSSMiB() ?? .nan, 0)) MiB, peak \(fixed(peakRSSMiB() ?? .nan, 0)) MiB")

var options = TransitMatrix.Options(window: (8 * 3600)...(9 * 3600))
options.stepSeconds = 60
options.percentiles = [25, 50, 75]
options.maxMinutes = 90
options.maxWalkMetres = 800

for name in cases {
    var rng = SeededGenerator(seed: 2022)
    let points: [(id: String, point: Coordinate)]
    var walkGraph: StreetGraph? = nil
    switch name {
    case "uniform", "uniform-walkgraph":
        points = Points.uniform(1100, in: box, rng: &rng)
        if name == "uniform-walkgraph" {
            let pbf = fixtures.appendingPathComponent("helsinki_centre.osm.pbf")
            let (s, g) = try timed { StreetGraph(try OSMPBFReader.read(url: pbf).roadNetwork, mode: .walk) }
            print("walk graph (Helsinki centre only) read and built in \(fixed(s)) s: \(g.nodeCount) nodes")
            walkGraph = g
        }
    case "near-stops":
        points = Points.nearStops(1100, timetable: timetable, metres: 400, rng: &rng)
    default:
        print("unknown case \(name)")
        continue
    }
    TransitRun(
        name: name, timetable: timetable, origins: Array(points.prefix(1000)), destinations: Array(points.suffix(100)),
        options: options, walkGraph: walkGraph
    ).run()
}
