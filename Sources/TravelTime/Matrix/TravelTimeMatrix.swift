/// A file a matrix was computed from, so that results carry their inputs.
public struct MatrixInput: Hashable, Sendable, Codable {
    public var name: String
    /// The date the data describes (an OSM extract's newest edit, a GTFS feed's start), if known.
    public var date: String?
    public var role: String

    public init(name: String, date: String?, role: String) {
        self.name = name
        self.date = date
        self.role = role
    }
}

/// Everything needed to say where a matrix came from and to reproduce it.
public struct MatrixMetadata: Hashable, Sendable, Codable {
    public var mode: TravelMode
    public var method: MatrixMethod
    public var inputs: [MatrixInput]
    /// Parameters in words and numbers ("walk_kmh": "4.8", "detour_factor": "1.25", …), sorted by key when shown.
    public var parameters: [String: String]
    /// For public transport: the service date and departure window, e.g. "2026-03-10", "09:00-10:00".
    public var date: String?
    public var window: String?
    public var maxMinutes: Double
    /// How finely the times are kept; files from before this was recorded hold tenths.
    public var precision: TimePrecision
    public var software: String

    public init(
        mode: TravelMode, method: MatrixMethod, inputs: [MatrixInput] = [], parameters: [String: String] = [:],
        date: String? = nil, window: String? = nil, maxMinutes: Double, precision: TimePrecision = .tenths,
        software: String = TravelTimeVersion.current
    ) {
        self.precision = precision
        self.mode = mode
        self.method = method
        self.inputs = inputs
        self.parameters = parameters
        self.date = date
        self.window = window
        self.maxMinutes = maxMinutes
        self.software = software
    }

    enum CodingKeys: String, CodingKey {
        case mode, method, inputs, parameters, date, window, maxMinutes, precision, software
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            mode: try c.decode(TravelMode.self, forKey: .mode), method: try c.decode(MatrixMethod.self, forKey: .method),
            inputs: try c.decode([MatrixInput].self, forKey: .inputs),
            parameters: try c.decode([String: String].self, forKey: .parameters),
            date: try c.decodeIfPresent(String.self, forKey: .date), window: try c.decodeIfPresent(String.self, forKey: .window),
            maxMinutes: try c.decode(Double.self, forKey: .maxMinutes),
            precision: try c.decodeIfPresent(TimePrecision.self, forKey: .precision) ?? .tenths,
            software: try c.decode(String.self, forKey: .software))
    }

    /// One line for people: "car, estimate (straight line × 1.35 ÷ 45 km/h + 2 min)".
    public var summary: String {
        var s = "\(mode.rawValue), \(method.rawValue)"
        if let note = parameters["method_note"] { s += " (\(note))" }
        if let date { s += ", \(date)" }
        if let window { s += " \(window)" }
        if let walkOnly = parameters["walk_only_cells"] {
            s += "; \(walkOnly) cells walk-only (walking the whole way is quicker than any journey by vehicle)"
        }
        return s
    }
}

public enum TravelTimeVersion {
    public static let current = "centres-traveltime 0.1.0"
}

/// Minutes from every origin to every destination, in one or more layers (a single "minutes"
/// layer for streets and estimates; one layer per percentile for public transport over a window).
/// `nil` means unreachable within the matrix's time limit — never silently zero or missing.
public struct TravelTimeMatrix: Hashable, Sendable {
    public struct Layer: Hashable, Sendable {
        /// "minutes", or "p50" for the 50th percentile.
        public var name: String
        /// Row-major: `values[origin * destinationCount + destination]`.
        public var values: [Double?]

        public init(name: String, values: [Double?]) {
            self.name = name
            self.values = values
        }
    }

    public var origins: [String]
    public var destinations: [String]
    public var layers: [Layer]
    public var metadata: MatrixMetadata

    public init(origins: [String], destinations: [String], layers: [Layer], metadata: MatrixMetadata) {
        precondition(layers.allSatisfy { $0.values.count == origins.count * destinations.count }, "layer size")
        self.origins = origins
        self.destinations = destinations
        self.layers = layers
        self.metadata = metadata
    }

    /// The layer to show when only one is shown: the median ("p50") where there is one, else the first.
    public var headlineLayer: Int { layers.firstIndex { $0.name == "p50" } ?? 0 }

    /// - Complexity: O(1).
    public func minutes(origin: Int, destination: Int, layer: Int = 0) -> Double? {
        layers[layer].values[origin * destinations.count + destination]
    }

    /// Times rounded to a tenth of a minute, as they are stored and shown.
    public static func rounded(_ minutes: Double) -> Double { (minutes * 10).rounded() / 10 }
}
