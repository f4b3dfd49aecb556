/// What kind of building a venue is.
public enum VenueKind: String, CaseIterable, Sendable, Codable {
    case childrensCentre = "childrens_centre"
    case library
    case villageHall = "village_hall"
    case school
    case healthClinic = "health_clinic"
    case communityBuilding = "community_building"
    case other

    public var label: String {
        switch self {
        case .childrensCentre: "Children's centre"
        case .library: "Library"
        case .villageHall: "Village hall"
        case .school: "School"
        case .healthClinic: "Health clinic"
        case .communityBuilding: "Community building"
        case .other: "Other"
        }
    }
}

/// How well a venue's point stands for the building itself.
public enum LocationQuality: String, CaseIterable, Sendable, Codable {
    /// The building's own point (for example its postcode's).
    case exact
    /// A town or ward point standing in for a site that is not known.
    case approximateTown = "approximate-town"
    /// No point at all: never placed on a map or in a distance.
    case unknown

    public var label: String {
        switch self {
        case .exact: "Exact (the building's postcode)"
        case .approximateTown: "Approximate: town-level point, not the building"
        case .unknown: "Location unknown"
        }
    }
}

/// A building where services happen.
public struct Venue: Hashable, Sendable, Codable {
    /// Staff upkeep (last checked, closures, retirement); nil for a record as the pack gave it.
    public var upkeep: Upkeep?
    public var id: String
    public var kind: VenueKind
    public var name: String
    public var address: String?
    public var postcode: String?
    /// Present exactly when `locationQuality` is not `.unknown`.
    public var location: Coordinate?
    public var locationQuality: LocationQuality
    public var locationMethod: String?
    public var districtCode: String?
    public var areaCode: String?
    public var accessibility: String?
    public var openingHours: String?
    public var sourceID: String?

    public init(
        id: String, kind: VenueKind, name: String, address: String? = nil, postcode: String? = nil,
        location: Coordinate?, locationQuality: LocationQuality, locationMethod: String? = nil,
        districtCode: String? = nil, areaCode: String? = nil, accessibility: String? = nil,
        openingHours: String? = nil, sourceID: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.address = address
        self.postcode = postcode
        self.location = location
        self.locationQuality = locationQuality
        self.locationMethod = locationMethod
        self.districtCode = districtCode
        self.areaCode = areaCode
        self.accessibility = accessibility
        self.openingHours = openingHours
        self.sourceID = sourceID
    }

    /// The rule tying a point to its quality: a point only when the quality is known.
    public static func checkLocation(_ location: Coordinate?, quality: LocationQuality) -> LocationError? {
        switch (location, quality) {
        case (.some, .unknown): .pointWithUnknownQuality
        case (.none, .exact), (.none, .approximateTown): .missingPoint(quality)
        default: nil
        }
    }
}

public enum LocationError: Error, Equatable, Sendable, CustomStringConvertible {
    case pointWithUnknownQuality
    case missingPoint(LocationQuality)

    public var description: String {
        switch self {
        case .pointWithUnknownQuality:
            "a venue whose location quality is 'unknown' must not have coordinates"
        case .missingPoint(let q):
            "a venue whose location quality is '\(q.rawValue)' needs coordinates"
        }
    }
}
