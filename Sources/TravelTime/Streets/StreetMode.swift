/// OpenStreetMap-style tags of one way: key → value.
public typealias Tags = [String: String]

/// How a person moves along streets.
public enum StreetMode: String, CaseIterable, Hashable, Sendable, Codable {
    case walk
    case cycle
    case car
}

/// Speeds and tuning for street routing. Every figure is in the units its name says.
public struct StreetParameters: Hashable, Sendable {
    /// Walking speed, also used for the straight-line access and egress legs of every mode.
    /// 4.8 km/h (≈ 1.33 m/s) is the usual planning figure for adults.
    public var walkKmh: Double
    /// Cycling speed on any cycle-usable way; 15 km/h is a relaxed urban pace.
    public var cycleKmh: Double
    /// Car speed when a way has no usable `maxspeed`, per `highway` class.
    public var carDefaultKmh: [String: Double]
    /// Multiplies every car speed, for congestion. 1 means none (free flow at the limit).
    public var carSpeedFactor: Double
    /// Which pieces of the graph a point may snap to. nil (the default): only the strongly
    /// connected piece with the most nodes, the one that reaches and is reached by the most of the
    /// network, so a snapped point is never stranded on a piece it can leave but not come back to
    /// (a one-way loop the main grid enters but cannot leave). A number: every piece with at least
    /// that many nodes, as R5 and OpenTripPlanner prune "islands" (about 40); a larger island
    /// that cannot reach the rest then strands the points snapped to it.
    public var islandNodeLimit: Int?

    public init(
        walkKmh: Double = 4.8, cycleKmh: Double = 15, carDefaultKmh: [String: Double] = CarSpeeds.defaultKmh,
        carSpeedFactor: Double = 1, islandNodeLimit: Int? = nil
    ) {
        self.walkKmh = walkKmh
        self.cycleKmh = cycleKmh
        self.carDefaultKmh = carDefaultKmh
        self.carSpeedFactor = carSpeedFactor
        self.islandNodeLimit = islandNodeLimit
    }

    /// Walking speed in metres per second.
    public var walkMetresPerSecond: Double { walkKmh / 3.6 }

    /// The speed, in km/h, of `mode` along a way with these tags (the way must be usable by the mode).
    public func kmh(for mode: StreetMode, tags: Tags) -> Double {
        switch mode {
        case .walk: return walkKmh
        case .cycle: return cycleKmh
        case .car:
            let limit = tags["maxspeed"].flatMap(CarSpeeds.parseMaxspeed)
            let byClass = carDefaultKmh[tags["highway"] ?? ""] ?? CarSpeeds.fallbackKmh
            return (limit ?? byClass) * carSpeedFactor
        }
    }
}
