import CentresCore

/// Public-transport travel-time matrices: walk to a stop, ride (with transfers), walk to the
/// destination — for every departure minute of a window, summarised as percentiles.
///
/// A door-to-door time is the better of walking the whole way (no limit but `maxMinutes`) and the
/// best journey with at least one vehicle in it. `maxWalkMetres` bounds the whole walk at each end
/// of such a journey: no transfer footpath follows the access walk or comes before the egress walk
/// (the access and egress legs already reach every stop within the limit). Walking legs use the
/// street network where one is given and both ends snap to it; otherwise straight-line distance at
/// walking speed. The metadata counts how many legs used each, and how many cells are walk-only,
/// so results say what they rest on. Transfers between stops are the timetable's footpaths.
public enum TransitMatrix {
    public struct Options: Sendable {
        /// Departure times, seconds after midnight of the service day, both ends included.
        public var window: ClosedRange<Int>
        public var stepSeconds = 60
        public var percentiles: [Double] = [50]
        public var maxMinutes: Double = 90
        public var maxWalkMetres: Double = 800
        public var maxTransfers = 4
        public var walkMetresPerSecond = 4.8 / 3.6
        /// How points meet the street network (snap radius, whether the snap is walked, straight across).
        public var rules = WalkRules()
        public var precision = TimePrecision.tenths

        public init(window: ClosedRange<Int>) { self.window = window }
    }

    struct Leg: Sendable {
        var stop: Int
        var seconds: Int
        var network: Bool
    }

    /// Walking legs from `point` to every stop within the walking limit: the walk itself (on the
    /// network where both ends snap, else the straight line) is at most `maxWalkMetres`.
    static func legs(
        from point: Coordinate, timetable: Timetable, stopSnaps: [Snap?], graph: StreetGraph?, options: Options
    ) -> [Leg] {
        // The straight line is never longer than the walk, so it picks the candidates.
        let near = timetable.stops.indices.filter { timetable.stops[$0].coordinate.distance(to: point) <= options.maxWalkMetres }
        let straight = near.map {
            Int((timetable.stops[$0].coordinate.distance(to: point) / options.walkMetresPerSecond).rounded())
        }
        guard let graph, let snap = options.rules.routed(graph.snap(point, maxMetres: options.rules.snapMetres)) else {
            return zip(near, straight).map { Leg(stop: $0, seconds: $1, network: false) }
        }
        let limit = options.maxWalkMetres / options.walkMetresPerSecond
        let times = graph.travelTimes(from: [snap], to: near.map { stopSnaps[$0] }, maxSeconds: limit + 1e-6)[0]
        return near.indices.compactMap { k in
            if let t = times[k] { return Leg(stop: near[k], seconds: Int(t.rounded()), network: true) }
            // A stop that snaps but is beyond the limit on foot is out of reach; one that does not snap
            // is walked in a straight line.
            return stopSnaps[near[k]] == nil ? Leg(stop: near[k], seconds: straight[k], network: false) : nil
        }
    }

    /// Walking the whole way from `point` to each destination, in seconds, within `maxSeconds`: on
    /// the street network where both ends snap (or straight across when the two are closer to
    /// each other than to the street, as `StreetMatrix` does), else in a straight line.
    static func walkAllTheWay(
        from point: Coordinate, to destinations: [Coordinate], destinationSnaps: [Snap?], graph: StreetGraph?,
        options: Options, maxSeconds: Int
    ) -> [Int?] {
        let origin = graph?.snap(point, maxMetres: options.rules.snapMetres)
        let network =
            if let graph, let origin {
                graph.travelTimes(
                    from: [options.rules.routed(origin)], to: destinationSnaps.map(options.rules.routed),
                    maxSeconds: Double(maxSeconds))[0]
            } else {
                [Double?](repeating: nil, count: destinations.count)
            }
        return destinations.indices.map { j in
            let metres = point.distance(to: destinations[j])
            let straight = metres / options.walkMetresPerSecond
            var best: Double? = network[j]
            if origin == nil || destinationSnaps[j] == nil {
                best = straight
            } else if StreetMatrix.walksStraightAcross(metres: metres, origin, destinationSnaps[j], rules: options.rules) {
                best = min(best ?? .infinity, straight)
            }
            return best.flatMap { $0 <= Double(maxSeconds) ? Int($0.rounded()) : nil }
        }
    }

    /// - Complexity: one range RAPTOR per origin (see `Raptor.range`), origins spread over all cores,
    ///   plus O(destinations × egress stops × departures) per origin to read off the times.
    public static func compute(
        timetable: Timetable, origins: [(id: String, point: Coordinate)], destinations: [(id: String, point: Coordinate)],
        options: Options, walkGraph: StreetGraph? = nil, inputs: [MatrixInput] = [],
        progress: (@Sendable (Int) -> Void)? = nil
    ) -> TravelTimeMatrix {
        let snapMetres = options.rules.snapMetres
        let stopSnaps = timetable.stops.map { s in
            walkGraph.flatMap { options.rules.routed($0.snap(s.coordinate, maxMetres: snapMetres)) }
        }
        let destinationSnaps = destinations.map { d in walkGraph.flatMap { $0.snap(d.point, maxMetres: snapMetres) } }
        let egress = ParallelRows.compute(count: destinations.count) { j in
            legs(from: destinations[j].point, timetable: timetable, stopSnaps: stopSnaps, graph: walkGraph, options: options)
        }
        let maxSeconds = Int(options.maxMinutes * 60)
        let rows = ParallelRows.compute(count: origins.count, progress: progress) {
            i -> (values: [[Double?]], network: Int, straight: Int, walkOnly: Int) in
            let access = legs(
                from: origins[i].point, timetable: timetable, stopSnaps: stopSnaps, graph: walkGraph, options: options)
            let range = Raptor.range(
                timetable, sources: access.map { ($0.stop, $0.seconds) }, window: options.window,
                stepSeconds: options.stepSeconds,
                maxTransfers: options.maxTransfers, maxDuration: maxSeconds, footpathsAfterAccess: false)
            let rides = Raptor.travelTimes(
                range, egress: egress.map { $0.map { ($0.stop, $0.seconds) } }, vehiclesOnly: true)
            let walks = walkAllTheWay(
                from: origins[i].point, to: destinations.map(\.point), destinationSnaps: destinationSnaps, graph: walkGraph,
                options: options, maxSeconds: maxSeconds)
            var walkOnly = 0
            let values = destinations.indices.map { j -> [Double?] in
                let walk = walks[j]
                let perMinute = rides[j].map { ride -> Int? in
                    switch (ride, walk) {
                    case let (r?, w?): min(r, w)
                    case let (r?, nil): r
                    case let (nil, w?): w
                    case (nil, nil): nil
                    }
                }
                if let w = walk, rides[j].allSatisfy({ $0.map { $0 >= w } ?? true }) { walkOnly += 1 }
                return TravelTimePercentiles.compute(perMinute, percentiles: options.percentiles)
                    .map { $0.map { options.precision.minutes(seconds: Double($0)) } }
            }
            return (values, access.filter(\.network).count, access.filter { !$0.network }.count, walkOnly)
        }
        let layers = options.percentiles.enumerated().map { p, percentile in
            TravelTimeMatrix.Layer(name: "p\(Int(percentile))", values: rows.flatMap { row in row.values.map { $0[p] } })
        }
        let network = rows.reduce(0) { $0 + $1.network } + egress.reduce(0) { $0 + $1.filter(\.network).count }
        let straight = rows.reduce(0) { $0 + $1.straight } + egress.reduce(0) { $0 + $1.filter { !$0.network }.count }
        func clock(_ s: Int) -> String {
            let h = s / 3600, m = s % 3600 / 60
            return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
        }
        let metadata = MatrixMetadata(
            mode: .transit, method: .timetable, inputs: inputs,
            parameters: options.rules.parameters.merging([
                "transfer_max_m": timetable.metadata.transferMetres.map { "\($0)" } ?? "unknown",
                "percentiles": options.percentiles.map { "\(Int($0))" }.joined(separator: ","),
                "step_seconds": "\(options.stepSeconds)", "max_walk_m": "\(options.maxWalkMetres)",
                "max_transfers": "\(options.maxTransfers)", "walk_kmh": "\(options.walkMetresPerSecond * 3.6)",
                "walk_legs_on_street_network": "\(network)", "walk_legs_straight_line": "\(straight)",
                "walk_only_cells": "\(rows.reduce(0) { $0 + $1.walkOnly })",
                "walk_limit": "each end of a journey with a vehicle; walking the whole way has no limit but max_minutes",
                "method_note": "range RAPTOR over the timetable; walking "
                    + (walkGraph == nil
                        ? "in straight lines (no street network loaded)"
                        : "on the street network where it covers both ends, else in straight lines")
                    ,
            ]) { $1 },
            date: timetable.metadata.serviceDate?.description,
            window: "\(clock(options.window.lowerBound))-\(clock(options.window.upperBound))", maxMinutes: options.maxMinutes,
            precision: options.precision)
        return TravelTimeMatrix(
            origins: origins.map(\.id), destinations: destinations.map(\.id), layers: layers, metadata: metadata)
    }
}
