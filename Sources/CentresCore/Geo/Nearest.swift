/// A venue and how far it is, in a straight line.
public struct NearbyVenue: Hashable, Sendable {
    public var venue: Venue
    public var metres: Double

    public init(venue: Venue, metres: Double) {
        self.venue = venue
        self.metres = metres
    }
}

public enum Nearest {
    /// The `limit` venues closest to `point` in a straight line, nearest first. Venues whose
    /// location is unknown are never included; ties are broken by id so the order is stable.
    /// - Complexity: O(n log n) for n venues.
    public static func venues(from point: Coordinate, among venues: [Venue], limit: Int) -> [NearbyVenue] {
        venues.compactMap { v in v.location.map { NearbyVenue(venue: v, metres: point.distance(to: $0)) } }
            .sorted { ($0.metres, $0.venue.id) < ($1.metres, $1.venue.id) }
            .prefix(max(0, limit))
            .map { $0 }
    }
}

public enum DistanceText {
    /// "850 m", "3.2 km", "12 km" — distances as people read them.
    public static func format(metres: Double) -> String {
        if metres < 1000 { return "\(Int((metres / 10).rounded()) * 10) m" }
        let km = metres / 1000
        if km < 10 { return "\(Double(Int((km * 10).rounded())) / 10) km" }
        return "\(Int(km.rounded())) km"
    }
}
