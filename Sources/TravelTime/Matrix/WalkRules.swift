/// How a point meets the street network: settable because tools differ here (docs/travel-times.md
/// compares them) and each choice moves short trips by a minute or more.
public struct WalkRules: Hashable, Sendable {
    /// A point farther than this from every usable street node is unreachable (reported).
    public var snapMetres: Double = 500
    /// Whether the straight line from a point to its street node is walked (R5 walks it; OSMnx and
    /// pyrosm users usually do not, which makes every trip start and end on the street).
    public var walkSnap = true
    /// Two points closer to each other than to the street walk straight across instead of out to
    /// the network and back (a point to itself is 0).
    public var straightAcross = true

    public init(snapMetres: Double = 500, walkSnap: Bool = true, straightAcross: Bool = true) {
        self.snapMetres = snapMetres
        self.walkSnap = walkSnap
        self.straightAcross = straightAcross
    }

    /// The snap routing uses: the node, and the distance walked to it (none when not walked).
    func routed(_ snap: Snap?) -> Snap? {
        guard let snap, !walkSnap else { return snap }
        return Snap(node: snap.node, metres: 0)
    }

    /// The matrix metadata's words for these rules.
    var parameters: [String: String] {
        [
            "snap_max_m": "\(snapMetres)", "snap_walked": walkSnap ? "yes" : "no",
            "straight_across": straightAcross ? "yes, when two points are closer to each other than to the street" : "no",
        ]
    }
}

/// How finely times are kept: tenths of a minute (what the pages show), whole seconds (what the
/// engine computes and the data pack stores), or exactly as read (a user's own matrix, so that
/// covering compares `time ≤ T` on the user's value, never on a rounded one).
public enum TimePrecision: String, Hashable, Sendable, Codable, CaseIterable {
    case tenths, seconds, exact

    /// Minutes, kept to this precision; seconds and tenths round half away from zero.
    public func minutes(seconds: Double) -> Double {
        switch self {
        case .tenths: TravelTimeMatrix.rounded(seconds / 60)
        case .seconds: seconds.rounded() / 60
        case .exact: seconds / 60
        }
    }

    /// How many steps a minute holds in a binary matrix; exact times are stored to the second.
    public var stepsPerMinute: Int {
        switch self {
        case .tenths: 10
        case .seconds, .exact: 60
        }
    }

    /// The precision a binary matrix records for times kept at this one.
    public var stored: TimePrecision { self == .exact ? .seconds : self }

    /// `minutes` put back on this precision's grid (undoes decimal rounding in text files).
    public func snapped(_ minutes: Double) -> Double {
        guard self != .exact else { return minutes }
        return (minutes * Double(stepsPerMinute)).rounded() / Double(stepsPerMinute)
    }
}
