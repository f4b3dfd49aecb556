/// Everything a data pack holds, as plain values.
public struct DataPack: Hashable, Sendable, Codable {
    public var manifest: [String: String]
    public var sources: [Source]
    public var provenance: [Provenance]
    public var districts: [District]
    public var areas: [Area]
    public var venues: [Venue]
    public var centres: [Centre]
    public var serviceCategories: [ServiceCategory]
    public var services: [Service]
    public var sessions: [Session]
    public var budgetLines: [BudgetLine]
    public var facts: [Fact]
    public var postcodes: [PostcodeEntry]
    public var places: [Place]
    public var boundaries: [AreaBoundary]
    /// Proposals shipped with the pack (each one file in `proposals/`), in file-name order.
    public var proposals: [Proposal]

    public init(
        manifest: [String: String] = [:], sources: [Source] = [], provenance: [Provenance] = [],
        districts: [District] = [], areas: [Area] = [], venues: [Venue] = [], centres: [Centre] = [],
        serviceCategories: [ServiceCategory] = [], services: [Service] = [], sessions: [Session] = [],
        budgetLines: [BudgetLine] = [], facts: [Fact] = [], postcodes: [PostcodeEntry] = [],
        places: [Place] = [], boundaries: [AreaBoundary] = [], proposals: [Proposal] = []
    ) {
        self.manifest = manifest
        self.sources = sources
        self.provenance = provenance
        self.districts = districts
        self.areas = areas
        self.venues = venues
        self.centres = centres
        self.serviceCategories = serviceCategories
        self.services = services
        self.sessions = sessions
        self.budgetLines = budgetLines
        self.facts = facts
        self.postcodes = postcodes
        self.places = places
        self.boundaries = boundaries
        self.proposals = proposals
    }

    public static let requiredManifestKeys = [
        "name", "version", "county_name", "description", "min_lat", "min_lon", "max_lat", "max_lon",
    ]

    /// The manifest's keys in the order files list them: the required keys first, then the rest sorted.
    public var orderedManifestKeys: [String] {
        let required = DataPack.requiredManifestKeys
        return required.filter { manifest[$0] != nil } + manifest.keys.filter { !required.contains($0) }.sorted()
    }

    public var name: String { manifest["name"] ?? "" }
    public var version: String { manifest["version"] ?? "" }

    public var boundingBox: BoundingBox? { BoundingBox(manifest: manifest) }
}
