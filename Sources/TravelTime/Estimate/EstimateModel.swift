import CentresCore

/// Travel times where no network data exists: straight-line distance × a detour factor ÷ a speed,
/// plus a fixed allowance for getting going (parking, unlocking a bike).
///
/// Every result from this model is an **estimate** and is labelled so wherever it is shown.
/// There is no estimate for public transport: without a timetable nobody can say when a bus runs.
///
/// Defaults (documented in docs/travel-times.md, all configurable):
/// - walking: detour 1.25, 4.8 km/h (the project's walking speed), no allowance;
/// - cycling: detour 1.25, 15 km/h, 1 minute;
/// - car: detour 1.35 (rural roads wind more than city grids), 45 km/h average door-to-door
///   speed, 3 minutes for reaching the car and parking.
/// Detour ("circuity") factors of 1.2–1.4 are typical of road networks; these are assumptions,
/// not measurements of Norfolk's roads.
public struct EstimateModel: Hashable, Sendable {
    public struct Parameters: Hashable, Sendable {
        public var detourFactor: Double
        public var speedKmh: Double
        public var allowanceMinutes: Double

        public init(detourFactor: Double, speedKmh: Double, allowanceMinutes: Double) {
            self.detourFactor = detourFactor
            self.speedKmh = speedKmh
            self.allowanceMinutes = allowanceMinutes
        }
    }

    public var walk = Parameters(detourFactor: 1.25, speedKmh: 4.8, allowanceMinutes: 0)
    public var cycle = Parameters(detourFactor: 1.25, speedKmh: 15, allowanceMinutes: 1)
    public var car = Parameters(detourFactor: 1.35, speedKmh: 45, allowanceMinutes: 3)

    public init() {}

    public enum Unavailable: Error, Equatable, CustomStringConvertible {
        case transit
        public var description: String {
            "public-transport times cannot be estimated: they need a timetable (a GTFS feed); none is configured"
        }
    }

    public func parameters(for mode: TravelMode) throws(Unavailable) -> Parameters {
        switch mode {
        case .walk: walk
        case .cycle: cycle
        case .car: car
        case .transit: throw .transit
        }
    }

    /// - Complexity: O(1).
    public func minutes(from a: Coordinate, to b: Coordinate, mode: TravelMode) throws(Unavailable) -> Double {
        let p = try parameters(for: mode)
        let metres = a.distance(to: b) * p.detourFactor
        return metres / (p.speedKmh * 1000 / 60) + p.allowanceMinutes
    }

    /// The whole matrix; points that are nil (location unknown) give unreachable cells, never guesses.
    /// - Complexity: O(origins × destinations).
    public func matrix(
        origins: [(id: String, point: Coordinate?)], destinations: [(id: String, point: Coordinate?)], mode: TravelMode,
        maxMinutes: Double, precision: TimePrecision = .tenths
    ) throws(Unavailable) -> TravelTimeMatrix {
        let p = try parameters(for: mode)
        var values: [Double?] = []
        values.reserveCapacity(origins.count * destinations.count)
        for o in origins {
            for d in destinations {
                guard let a = o.point, let b = d.point else {
                    values.append(nil)
                    continue
                }
                let m = precision.minutes(seconds: try minutes(from: a, to: b, mode: mode) * 60)
                values.append(m <= maxMinutes ? m : nil)
            }
        }
        let metadata = MatrixMetadata(
            mode: mode, method: .estimate,
            parameters: [
                "detour_factor": "\(p.detourFactor)", "speed_kmh": "\(p.speedKmh)", "allowance_minutes": "\(p.allowanceMinutes)",
                "method_note": "straight line × \(p.detourFactor) ÷ \(p.speedKmh) km/h"
                    + (p.allowanceMinutes > 0 ? " + \(p.allowanceMinutes) min" : ""),
            ], maxMinutes: maxMinutes, precision: precision)
        return TravelTimeMatrix(
            origins: origins.map(\.id), destinations: destinations.map(\.id), layers: [.init(name: "minutes", values: values)],
            metadata: metadata)
    }
}
