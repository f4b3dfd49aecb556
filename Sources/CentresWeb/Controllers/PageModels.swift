import CentresCore

// View models: what each template receives. Built from the same DTOs as the API.

struct Option: Encodable {
    var value: String
    var label: String
    var selected: Bool
}

struct PageLink: Encodable {
    var label: String
    var href: String
    var current: Bool
}

struct StatusCount: Encodable {
    var status: String
    var label: String
    var count: Int
}

struct HomePage: Encodable {
    let title = "Children's centres in Norfolk"
    var statusCounts: [StatusCount]
    var countyName: String
    var centreCount: Int
    var locatedCount: Int
    var libraryCount: Int
    var areaCount: Int
    var underFives: Int
    var underFivesText: String
    var populationYear: Int
    var districts: [DistrictDTO]
    var facts: [FactView]
}

struct FactView: Encodable {
    var description: String
    var value: String
    var asOf: String?
    var source: SourceRefDTO?
    var note: String?
}

struct DistrictsPage: Encodable {
    let title = "Districts"
    var districts: [DistrictDTO]
}

struct DistrictPage: Encodable {
    var title: String
    var district: DistrictDTO
    var centres: [CentreDTO]
    var libraries: [VenueDTO]
    var areas: [AreaDTO]
    var populationYear: Int
}

struct CentresPage: Encodable {
    let title = "Children's centres"
    var centres: [CentreDTO]
    var districtOptions: [Option]
    var statusOptions: [Option]
    var filtered: Bool
    var total: Int
}

struct CentrePage: Encodable {
    var title: String
    var centre: CentreDTO
    var sessions: [SessionDTO]
    var approximate: Bool
    var unknownLocation: Bool
    var nearbyLibraries: [NearbyDTO]
    var reach: [ReachDTO]
    var reachIsEstimate: Bool
    var reachBands: [Int]
    var populationYear: Int
}

struct VenuesPage: Encodable {
    let title = "Venues"
    var venues: [VenueDTO]
    var kindOptions: [Option]
    var districtOptions: [Option]
    var filtered: Bool
}

struct VenuePage: Encodable {
    var title: String
    var venue: VenueDTO
    var centre: CentreDTO?
    var sessions: [SessionDTO]
}

struct AreasPage: Encodable {
    let title = "Small areas"
    var page: PageDTO<AreaDTO>
    var districtOptions: [Option]
    var decileOptions: [Option]
    var pages: [PageLink]
}

struct AreaPage: Encodable {
    var title: String
    var area: AreaDTO
    var underFivesSource: String
    var imdSource: String
    var centres: [NearbyDTO]
    var libraries: [NearbyDTO]
    var timesAreEstimates: Bool
    var unplacedCentres: Int
}

struct NearPage: Encodable {
    let title = "What is near me"
    var query: String
    var result: NearResultDTO?
    var choiceLinks: [PageLink]
    var timesAreEstimates: Bool
    var hasTransit: Bool
    var timesFromArea: Bool
    var unplacedCentres: Int
}

struct MapPage: Encodable {
    let title = "Map"
    var svg: String
    var shadeOptions: [Option]
    var shadeLabel: String
    var legend: [LegendItem]
    var sourceNote: String
}

struct LegendItem: Encodable, Sendable {
    /// 0 (lightest) to 4 (darkest): the stylesheet's `.swatch-N` classes match `MapController.ramp`.
    var shade: Int
    var label: String
}

struct DataPage: Encodable {
    let title = "Data, sources and known gaps"
    var packName: String
    var packVersion: String
    var packDescription: String
    var sources: [Source]
    var provenance: [Provenance]
    var facts: [FactView]
    var budget: [BudgetView]
    var gaps: [String]
    var matrices: [MatrixView]
}

struct MatrixView: Encodable {
    var modeLabel: String
    var method: String
    var isEstimate: Bool
    var summary: String
    var size: String
    var parameters: [Option]
    var inputs: [String]
    var software: String
}

struct BudgetView: Encodable {
    var name: String
    var current: String
    var proposed: String
    var isTotal: Bool
    var source: SourceRefDTO?
}
