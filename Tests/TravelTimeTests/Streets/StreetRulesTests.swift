import CentresCore
import Testing
import TravelTime

/// A straight street of nodes 1, 2, 3, … along the equator, 0.001° (≈ 111 m) apart.
func line(_ count: Int, ways: [([Int64], Tags)]) -> RoadNetworkInput {
    RoadNetworkInput(
        nodeIDs: (1...Int64(count)).map { $0 }, lats: Array(repeating: 0, count: count),
        lons: (0..<count).map { Double($0) * 0.001 }, ways: ways.map { RoadWay(nodeIDs: $0.0, tags: $0.1) })
}

/// Seconds to cover the distance from node `a` to node `b` of `line` at `kmh`.
func expected(_ a: Int, _ b: Int, kmh: Double) -> Double {
    Coordinate(lat: 0, lon: Double(a - 1) * 0.001).distance(to: Coordinate(lat: 0, lon: Double(b - 1) * 0.001)) / (kmh / 3.6)
}

/// Time between OSM nodes `a` and `b` along the graph (no access walk), or nil.
func time(_ g: StreetGraph, _ a: Int64, _ b: Int64, max: Double = 1e9) -> Double? {
    guard let i = g.osmIDs.firstIndex(of: a), let j = g.osmIDs.firstIndex(of: b) else { return nil }
    return g.travelTimes(from: [Snap(node: i, metres: 0)], to: [Snap(node: j, metres: 0)], maxSeconds: max)[0][0]
}

@Suite struct StreetRulesTests {
    @Test func speedsPerMode() throws {
        let net = line(3, ways: [([1, 2, 3], ["highway": "residential"])])
        let walk = StreetGraph(net, mode: .walk), cycle = StreetGraph(net, mode: .cycle), car = StreetGraph(net, mode: .car)
        #expect(abs(try #require(time(walk, 1, 3)) - expected(1, 3, kmh: 4.8)) < 1e-3)
        #expect(abs(try #require(time(cycle, 1, 3)) - expected(1, 3, kmh: 15)) < 1e-3)
        #expect(abs(try #require(time(car, 3, 1)) - expected(1, 3, kmh: 30)) < 1e-3)
        #expect(walk.nodeCount == 3 && walk.edgeCount == 4)
        let slow = StreetGraph(net, mode: .walk, parameters: StreetParameters(walkKmh: 3.6))
        #expect(abs(try #require(time(slow, 1, 2)) - expected(1, 2, kmh: 3.6)) < 1e-3)
    }

    @Test func maxspeedSetsCarSpeed() throws {
        let cases: [(String, Double)] = [
            ("50", 50), ("30 mph", 30 * 1.609344), ("20mph", 20 * 1.609344), ("GB:nsl_single", 60 * 1.609344),
            ("GB:nsl_dual", 70 * 1.609344), ("GB:motorway", 70 * 1.609344), ("none", 30), ("signals", 30), ("fast", 30),
            ("40 km/h", 40), ("50;30", 30),
        ]
        for (value, kmh) in cases {
            let net = line(2, ways: [([1, 2], ["highway": "residential", "maxspeed": value])])
            let t = try #require(time(StreetGraph(net, mode: .car), 1, 2))
            #expect(abs(t - expected(1, 2, kmh: kmh)) < 1e-3, "\(value)")
        }
        let congested = StreetGraph(
            line(2, ways: [([1, 2], ["highway": "primary"])]), mode: .car,
            parameters: StreetParameters(carSpeedFactor: 0.5))
        #expect(abs(try #require(time(congested, 1, 2)) - expected(1, 2, kmh: 30)) < 1e-3)
        #expect(CarSpeeds.parseMaxspeed("walk") == nil && CarSpeeds.parseMaxspeed("") == nil)
        #expect(CarSpeeds.parseMaxspeed("-5") == nil && CarSpeeds.parseMaxspeed("nan") == nil)
    }

    @Test func onewayRules() throws {
        let oneway: Tags = ["highway": "residential", "oneway": "yes"]
        let net = line(3, ways: [([1, 2, 3], oneway)])
        #expect(time(StreetGraph(net, mode: .car), 1, 3) != nil)
        #expect(time(StreetGraph(net, mode: .car), 3, 1) == nil)
        #expect(time(StreetGraph(net, mode: .cycle), 3, 1) == nil)
        #expect(time(StreetGraph(net, mode: .walk), 3, 1) != nil)
        var contraflow = oneway
        contraflow["oneway:bicycle"] = "no"
        #expect(time(StreetGraph(line(3, ways: [([1, 2, 3], contraflow)]), mode: .cycle), 3, 1) != nil)
        #expect(time(StreetGraph(line(3, ways: [([1, 2, 3], contraflow)]), mode: .car), 3, 1) == nil)
        let reverse = line(3, ways: [([1, 2, 3], ["highway": "primary", "oneway": "-1"])])
        #expect(time(StreetGraph(reverse, mode: .car), 1, 3) == nil && time(StreetGraph(reverse, mode: .car), 3, 1) != nil)
        let roundabout = line(3, ways: [([1, 2, 3], ["highway": "primary", "junction": "roundabout"])])
        #expect(time(StreetGraph(roundabout, mode: .car), 3, 1) == nil)
        let motorway = line(3, ways: [([1, 2, 3], ["highway": "motorway"])])
        #expect(time(StreetGraph(motorway, mode: .car), 3, 1) == nil)
        #expect(abs(try #require(time(StreetGraph(motorway, mode: .car), 1, 3)) - expected(1, 3, kmh: 100)) < 1e-3)
    }

    @Test func accessRules() {
        func modes(_ tags: Tags) -> [StreetMode] { StreetMode.allCases.filter { StreetAccess.allows($0, tags: tags) } }
        #expect(modes(["highway": "residential"]) == [.walk, .cycle, .car])
        #expect(modes(["highway": "residential", "access": "private"]) == [])
        #expect(modes(["highway": "residential", "access": "no", "foot": "yes"]) == [.walk])
        #expect(modes(["highway": "residential", "foot": "no"]) == [.cycle, .car])
        #expect(modes(["highway": "service", "motor_vehicle": "private"]) == [.walk, .cycle])
        #expect(modes(["highway": "footway"]) == [.walk])
        #expect(modes(["highway": "footway", "bicycle": "yes"]) == [.walk, .cycle])
        #expect(modes(["highway": "cycleway"]) == [.walk, .cycle])
        #expect(modes(["highway": "steps"]) == [.walk])
        #expect(modes(["highway": "track"]) == [.walk, .cycle])
        #expect(modes(["highway": "track", "motor_vehicle": "yes"]) == [.walk, .cycle, .car])
        #expect(modes(["highway": "motorway"]) == [.car])
        #expect(modes(["highway": "trunk"]) == [.walk, .cycle, .car])
        #expect(modes(["highway": "trunk", "foot": "no"]) == [.cycle, .car])
        #expect(modes(["highway": "cycleway", "foot": "no"]) == [.cycle])
        #expect(modes(["highway": "pedestrian", "area": "yes"]) == [])
        #expect(modes(["highway": "construction"]) == [])
        #expect(modes(["highway": "primary", "vehicle": "no"]) == [.walk])
        #expect(modes(["building": "yes"]) == [])
    }

    @Test func blockedWaysAreRoutedAround() throws {
        // 1–2–3 directly (private), or 1–4–3 around (public, longer).
        let net = RoadNetworkInput(
            nodeIDs: [1, 2, 3, 4], lats: [0, 0, 0, 0.001], lons: [0, 0.001, 0.002, 0.001],
            ways: [
                RoadWay(nodeIDs: [1, 2, 3], tags: ["highway": "residential", "access": "private"]),
                RoadWay(nodeIDs: [1, 4, 3], tags: ["highway": "residential"]),
            ])
        let car = StreetGraph(net, mode: .car)
        #expect(car.nodeCount == 3)  // node 2 is on the private way only
        let around = Coordinate(lat: 0, lon: 0).distance(to: Coordinate(lat: 0.001, lon: 0.001)) * 2 / (30 / 3.6)
        #expect(abs(try #require(time(car, 1, 3)) - around) < 1e-3)
    }

    @Test func missingNodesSplitWays() {
        // Node 2 is outside the extract: 1–2 and 2–3 are dropped, 3–4 stays.
        let net = RoadNetworkInput(
            nodeIDs: [1, 3, 4], lats: [0, 0, 0], lons: [0, 0.002, 0.003],
            ways: [RoadWay(nodeIDs: [1, 2, 3, 4], tags: ["highway": "residential"])])
        let g = StreetGraph(net, mode: .walk)
        #expect(g.nodeCount == 2 && g.edgeCount == 2 && g.osmIDs == [3, 4])
    }

    @Test func accessAndEgressAreWalked() throws {
        let net = line(3, ways: [([1, 2, 3], ["highway": "residential"])])
        let car = StreetGraph(net, mode: .car)
        let from = Coordinate(lat: 0.0009, lon: 0), to = Coordinate(lat: -0.0005, lon: 0.002)
        let a = try #require(car.snap(from)), b = try #require(car.snap(to))
        #expect(car.osmIDs[a.node] == 1 && car.osmIDs[b.node] == 3)
        #expect(abs(a.metres - from.distance(to: Coordinate(lat: 0, lon: 0))) < 1e-9)
        let total = try #require(car.travelTimes(from: [a], to: [b], maxSeconds: 1e6)[0][0])
        let walk = 4.8 / 3.6
        #expect(abs(total - (a.metres / walk + expected(1, 3, kmh: 30) + b.metres / walk)) < 1e-3)
        // The limit applies to the whole journey, walks included.
        #expect(car.travelTimes(from: [a], to: [b], maxSeconds: total - 0.01)[0][0] == nil)
        #expect(car.travelTimes(from: [a, nil], to: [nil, b], maxSeconds: 1e6) == [[nil, total], [nil, nil]])
    }

    /// One row of docs/streets.md's access table: what each mode may do on a way with only this
    /// `highway` tag (issue 21: the defaults of OpenStreetMap's access table, United Kingdom first).
    struct AccessRow: Sendable, CustomTestStringConvertible {
        var highway: String, walk: Bool, cycle: Bool, car: Bool
        var testDescription: String { "highway=\(highway)" }
    }

    static let accessTable: [AccessRow] = [
        .init(highway: "motorway", walk: false, cycle: false, car: true),
        .init(highway: "motorway_link", walk: false, cycle: false, car: true),
        .init(highway: "trunk", walk: true, cycle: true, car: true),
        .init(highway: "trunk_link", walk: true, cycle: true, car: true),
        .init(highway: "primary", walk: true, cycle: true, car: true),
        .init(highway: "primary_link", walk: true, cycle: true, car: true),
        .init(highway: "secondary", walk: true, cycle: true, car: true),
        .init(highway: "secondary_link", walk: true, cycle: true, car: true),
        .init(highway: "tertiary", walk: true, cycle: true, car: true),
        .init(highway: "tertiary_link", walk: true, cycle: true, car: true),
        .init(highway: "unclassified", walk: true, cycle: true, car: true),
        .init(highway: "residential", walk: true, cycle: true, car: true),
        .init(highway: "road", walk: true, cycle: true, car: true),
        .init(highway: "living_street", walk: true, cycle: true, car: true),
        .init(highway: "service", walk: true, cycle: true, car: true),
        .init(highway: "pedestrian", walk: true, cycle: false, car: false),
        .init(highway: "footway", walk: true, cycle: false, car: false),
        .init(highway: "steps", walk: true, cycle: false, car: false),
        .init(highway: "corridor", walk: true, cycle: false, car: false),
        .init(highway: "elevator", walk: true, cycle: false, car: false),
        .init(highway: "cycleway", walk: true, cycle: true, car: false),
        .init(highway: "path", walk: true, cycle: true, car: false),
        .init(highway: "bridleway", walk: true, cycle: true, car: false),
        .init(highway: "track", walk: true, cycle: true, car: false),
        .init(highway: "bus_guideway", walk: false, cycle: false, car: false),
        .init(highway: "busway", walk: false, cycle: false, car: false),
        .init(highway: "platform", walk: false, cycle: false, car: false),
        .init(highway: "raceway", walk: false, cycle: false, car: false),
        .init(highway: "proposed", walk: false, cycle: false, car: false),
        .init(highway: "construction", walk: false, cycle: false, car: false),
        .init(highway: "abandoned", walk: false, cycle: false, car: false),
        .init(highway: "disused", walk: false, cycle: false, car: false),
        .init(highway: "razed", walk: false, cycle: false, car: false),
    ]

    @Test(arguments: Self.accessTable) func defaultAccessPerHighwayValue(_ row: AccessRow) {
        let tags: Tags = ["highway": row.highway]
        #expect(StreetAccess.allows(.walk, tags: tags) == row.walk)
        #expect(StreetAccess.allows(.cycle, tags: tags) == row.cycle)
        #expect(StreetAccess.allows(.car, tags: tags) == row.car)
        // A mode tag decides over the default either way, except on ways that never route.
        let never = ["proposed", "construction", "abandoned", "disused", "razed"].contains(row.highway)
        #expect(StreetAccess.allows(.walk, tags: ["highway": row.highway, "foot": "no"]) == false)
        #expect(StreetAccess.allows(.walk, tags: ["highway": row.highway, "foot": "yes"]) == !never)
        #expect(StreetAccess.allows(.cycle, tags: ["highway": row.highway, "bicycle": "no"]) == false)
        #expect(StreetAccess.allows(.car, tags: ["highway": row.highway, "motor_vehicle": "yes"]) == !never)
    }
}
