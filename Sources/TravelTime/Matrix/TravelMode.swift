/// How people travel.
public enum TravelMode: String, CaseIterable, Sendable, Codable {
    case walk, cycle, car, transit

    public var label: String {
        switch self {
        case .walk: "walking"
        case .cycle: "cycling"
        case .car: "by car"
        case .transit: "by public transport"
        }
    }
}

/// How a matrix's times were found.
public enum MatrixMethod: String, Sendable, Codable {
    /// Shortest paths over a street network built from OpenStreetMap.
    case network
    /// Public-transport routing over a GTFS timetable, with walking access, egress and transfers.
    case timetable
    /// Straight-line distance × a detour factor ÷ a speed: no network data was available.
    case estimate
    /// Read from a file made elsewhere (for example by r5py) with no record of how.
    case imported

    public var isEstimate: Bool { self == .estimate }
}
