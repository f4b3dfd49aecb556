import CentresCore
import Vapor

// What the JSON API returns and the pages are built from. Never database rows.

struct PointDTO: Content, Equatable {
    var lat: Double
    var lon: Double
    init(_ c: Coordinate) { (lat, lon) = (c.lat, c.lon) }
}

struct PageDTO<Item: Content>: Content {
    var items: [Item]
    var page: Int
    var per: Int
    var total: Int
    var pageCount: Int { max(1, (total + per - 1) / per) }
}

struct DistrictDTO: Content {
    var code: String
    var name: String
    var areaCount: Int
    var populationTotal: Int
    var underFives: Int
    var centreCount: Int
    var libraryCount: Int
}

struct DeprivationDTO: Content {
    var score: Double?
    var rank: Int?
    var decile: Int?
    var quintile: Int?
}

struct AreaDTO: Content {
    var code: String
    var name: String
    var districtCode: String
    var districtName: String
    var centroid: PointDTO
    var populationTotal: Int
    var underFives: Int
    var populationYear: Int
    var imd2019: DeprivationDTO
    var classificationCode: String?
    var classificationName: String?
    var ruralUrban: String?
}

struct VenueDTO: Content {
    var id: String
    var kind: String
    var kindLabel: String
    var name: String
    var address: String?
    var postcode: String?
    var location: PointDTO?
    var locationQuality: String
    var locationQualityLabel: String
    var locationMethod: String?
    var districtCode: String?
    var districtName: String?
    var areaCode: String?
    var accessibility: String?
    var openingHours: String?
    var sourceId: String?
    /// The day staff last confirmed this record (absent: not checked since the data pack).
    var lastChecked: String?
    /// Temporarily closed, with staff's note on why and until when.
    var temporarilyClosed: Bool
    var closureNote: String?
}

struct SourceRefDTO: Content {
    var id: String
    var title: String
    var publisher: String?
    var url: String?
}

struct CentreEventDTO: Content {
    var date: String
    var dateText: String
    var status: String
    var statusLabel: String
    var stage: String
    var sources: [SourceRefDTO]
    var note: String?
}

struct CentreDTO: Content {
    var id: String
    var name: String
    var provider: String?
    var confidence: String
    var notes: String?
    /// The latest reported or decided status (proposals are not statuses).
    var currentStatus: String?
    var currentStatusLabel: String?
    var venue: VenueDTO
    var events: [CentreEventDTO]
    /// The day staff last confirmed this record (absent: not checked since the data pack).
    var lastChecked: String?
    /// Temporarily closed, with staff's note on why and until when.
    var temporarilyClosed: Bool
    var closureNote: String?
}

struct ServiceDTO: Content {
    var id: String
    var name: String
    var category: String
    var categoryName: String
    var description: String?
    var minAgeMonths: Int?
    var maxAgeMonths: Int?
    var cost: String?
    var sourceId: String?
    /// The day staff last confirmed this record (absent: not checked since the data pack).
    var lastChecked: String?
}

struct SessionDTO: Content {
    var id: String
    var serviceId: String
    var serviceName: String
    var venueId: String
    var venueName: String
    var recurrence: String
    var dayOfWeek: String?
    var startTime: String
    var endTime: String
    var validFrom: String?
    var validTo: String?
    var date: String?
    var schedule: String
    var note: String?
    var sourceId: String?
    /// The day staff last confirmed this record (absent: not checked since the data pack).
    var lastChecked: String?
    /// Temporarily closed, with staff's note on why and until when.
    var temporarilyClosed: Bool
    var closureNote: String?
}

struct NearbyDTO: Content {
    var venue: VenueDTO
    var centreId: String?
    var centreName: String?
    /// The centre's latest reported or decided status, so nobody is sent to a closed centre unawares.
    var centreStatus: String?
    var centreStatusLabel: String?
    var metres: Double
    var distanceText: String
    /// Travel times by each mode the pack has a matrix for, each saying whether it is an estimate.
    var times: [TravelTimeDTO]
    var timesAreEstimates: Bool
}
