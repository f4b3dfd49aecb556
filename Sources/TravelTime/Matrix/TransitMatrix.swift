import CentresCore

/// Public-transport travel-time matrices: walk to a stop, ride (with transfers), walk to the
/// destination — for every departure minute of a window, summarised as percentiles.
///
/// Walking legs (access, egress, and a direct walk when origin and destination are close) use the
/// street network where one is given and both ends snap to it; otherwise straight-line distance at
/// walking speed. The metadata counts how many legs used each, so results say which they rest on.
/// Transfers between stops are the timetable's footpaths (see `Timetable`).
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

        public init(window: ClosedRange<Int>) { self.window = window }
    }

    struct Leg: Sendable {
        var stop: Int
        var seconds: Int
        var network: Bool
    }

    /// Walking legs from `point` to every stop within the walking limit.
    static func legs(
        from point: Coordinate, timetable: Timetable, stopSnaps: [Snap?], graph: StreetGraph?, options: Options
    ) -> [Leg] {
        let near = timetable.stops.indices.filter { timetable.stops[$0].coordinate.distance(to: point) <= options.maxWalkMetres }
        let straight = near.map {
            Int((timetable.stops[$0].coordinate.distance(to: point) / options.walkMetresPerSecond).rounded())
        }
        guard let graph, let snap = graph.snap(point) else {
            return zip(near, straight).map { Leg(stop: $0, seconds: $1, network: false) }
        }
        let limit = options.maxWalkMetres * 1.5 / options.walkMetresPerSecond + 600
        let times = graph.travelTimes(from: [snap], to: near.map { stopSnaps[$0] }, maxSeconds: limit)[0]
        return near.indices.map { k in
            if let t = times[k] { return Leg(stop: near[k], seconds: Int(t.rounded()), network: true) }
            return Leg(stop: near[k], seconds: straight[k], network: false)
        }
    }

    /// - Complexity: one range RAPTOR per origin (see `Raptor.range`), origins spread over all cores,
    ///   plus O(destinations × egress stops × departures) per origin to read off the times.
    public static func compute(
        timetable: Timetable, origins: [(id: String, point: Coordinate)], destinations: [(id: String, point: Coordinate)],
        options: Options, walkGraph: StreetGraph? = nil, inputs: [MatrixInput] = [],
        progress: (@Sendable (Int) -> Void)? = nil
    ) -> TravelTimeMatrix {
        let stopSnaps = timetable.stops.map { s in walkGraph.flatMap { $0.snap(s.coordinate) } }
        let egress = ParallelRows.compute(count: destinations.count) { j in
            legs(from: destinations[j].point, timetable: timetable, stopSnaps: stopSnaps, graph: walkGraph, options: options)
        }
        let maxSeconds = Int(options.maxMinutes * 60)
        let rows = ParallelRows.compute(count: origins.count, progress: progress) {
            i -> (values: [[Double?]], network: Int, straight: Int) in
            let access = legs(
                from: origins[i].point, timetable: timetable, stopSnaps: stopSnaps, graph: walkGraph, options: options)
            let range = Raptor.range(
                timetable, sources: access.map { ($0.stop, $0.seconds) }, window: options.window,
                stepSeconds: options.stepSeconds,
                maxTransfers: options.maxTransfers, maxDuration: maxSeconds)
            let rides = Raptor.travelTimes(range, egress: egress.map { $0.map { ($0.stop, $0.seconds) } })
            let values = destinations.indices.map { j -> [Double?] in
                // Walking the whole way is always an option for close pairs, at any departure time.
                let metres = origins[i].point.distance(to: destinations[j].point)
                let walk = metres <= options.maxWalkMetres ? Int((metres / options.walkMetresPerSecond).rounded()) : nil
                let perMinute = rides[j].map { ride -> Int? in
                    switch (ride, walk) {
                    case let (r?, w?): min(r, w)
                    case let (r?, nil): r
                    case let (nil, w?): w <= maxSeconds ? w : nil
                    case (nil, nil): nil
                    }
                }
                return TravelTimePercentiles.compute(perMinute, percentiles: options.percentiles)
                    .map { $0.map { TravelTimeMatrix.rounded(Double($0) / 60) } }
            }
            return (values, access.filter(\.network).count, access.filter { !$0.network }.count)
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
            parameters: [
                "percentiles": options.percentiles.map { "\(Int($0))" }.joined(separator: ","),
                "step_seconds": "\(options.stepSeconds)", "max_walk_m": "\(options.maxWalkMetres)",
                "max_transfers": "\(options.maxTransfers)", "walk_kmh": "\(options.walkMetresPerSecond * 3.6)",
                "walk_legs_on_street_network": "\(network)", "walk_legs_straight_line": "\(straight)",
                "method_note": "range RAPTOR over the timetable; walking "
                    + (walkGraph == nil
                        ? "in straight lines (no street network loaded)"
                        : "on the street network where it covers both ends, else in straight lines")
                    ,
            ],
            date: timetable.metadata.serviceDate?.description,
            window: "\(clock(options.window.lowerBound))-\(clock(options.window.upperBound))", maxMinutes: options.maxMinutes)
        return TravelTimeMatrix(
            origins: origins.map(\.id), destinations: destinations.map(\.id), layers: layers, metadata: metadata)
    }
}
