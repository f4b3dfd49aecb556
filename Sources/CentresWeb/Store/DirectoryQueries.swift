import CentresCore
import Fluent
import SQLKit

/// The one query layer behind both the pages and the JSON API.
struct DirectoryQueries {
    let db: any Database
    let sql: any SQLDatabase
    /// When set, only what the public directory lists on that day (see `Upkeep.isListed`):
    /// retired records and sessions outside their visible dates are left out. Staff pages and
    /// planning read everything.
    var listedOn: SimpleDate?

    init(_ db: any Database, listedOn: SimpleDate? = nil) {
        self.db = db
        sql = PackStore.sql(db)
        self.listedOn = listedOn
    }

    func listed<T: HasUpkeep>(_ all: [T]) -> [T] {
        guard let day = listedOn else { return all }
        return all.filter { $0.upkeep?.isListed(on: day) ?? true }
    }

    func rows<Row: Decodable>(_ table: String, as: Row.Type, _ build: (SQLSelectBuilder) -> SQLSelectBuilder = { $0 })
        async throws -> [Row]
    {
        try await build(sql.select().column("*").from(table)).orderBy("position")
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    // MARK: Reference data

    func manifest() async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await rows("pack_meta", as: PackMetaRow.self).map { ($0.key, $0.value) })
    }

    func districts() async throws -> [District] { try await rows("districts", as: DistrictRow.self).map(\.core) }

    /// Small areas' names by code, without reading their outlines.
    func areaNames() async throws -> [String: String] {
        struct R: Decodable { var code: String, name: String }
        return Dictionary(
            uniqueKeysWithValues: try await sql.select().columns("code", "name").from("areas").all(decoding: R.self).map {
                ($0.code, $0.name)
            })
    }

    func districtNames() async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await districts().map { ($0.code, $0.name) })
    }

    func sources() async throws -> [Source] { try await rows("sources", as: SourceRow.self).map(\.core) }

    func provenance() async throws -> [Provenance] { try await rows("provenance", as: ProvenanceRow.self).map(\.core) }

    func facts() async throws -> [Fact] { try await rows("facts", as: FactRow.self).map(\.core) }

    func budgetLines() async throws -> [BudgetLine] { try await rows("budget_lines", as: BudgetLineRow.self).map(\.core) }

    func serviceCategories() async throws -> [ServiceCategory] {
        try await rows("service_categories", as: ServiceCategoryRow.self).map(\.core)
    }

    // MARK: Areas

    struct AreaFilter {
        var district: String?
        var decile: Int?
    }

    func areas(_ filter: AreaFilter = AreaFilter()) async throws -> [Area] {
        try await rows("areas", as: AreaRow.self) { q in
            var q = q
            if let d = filter.district { q = q.where("district_code", .equal, d) }
            if let d = filter.decile { q = q.where("imd_decile", .equal, d) }
            return q
        }.map(\.core)
    }

    func area(_ code: String) async throws -> Area? {
        try await rows("areas", as: AreaRow.self) { $0.where("code", .equal, code) }.first?.core
    }

    /// Every area's outline as GeoJSON geometry text, for the map.
    func boundaries() async throws -> [(code: String, geometry: String)] {
        try await rows("areas", as: AreaRow.self).compactMap { r in r.boundary.map { (r.code, $0) } }
    }

    // MARK: Venues and centres

    struct VenueFilter {
        var kind: VenueKind?
        var district: String?
    }

    func venues(_ filter: VenueFilter = VenueFilter()) async throws -> [Venue] {
        listed(
            try await rows("venues", as: VenueRow.self) { q in
                var q = q
                if let k = filter.kind { q = q.where("kind", .equal, k.rawValue) }
                if let d = filter.district { q = q.where("district_code", .equal, d) }
                return q
            }.map(\.core))
    }

    func venue(_ id: String) async throws -> Venue? {
        listed(try await rows("venues", as: VenueRow.self) { $0.where("id", .equal, id) }.map(\.core)).first
    }

    func centres(id: String? = nil, venueID: String? = nil) async throws -> [Centre] {
        let centreRows = try await rows("centres", as: CentreRow.self) { q in
            var q = q
            if let id { q = q.where("id", .equal, id) }
            if let venueID { q = q.where("venue_id", .equal, venueID) }
            return q
        }
        let eventRows = try await rows("centre_events", as: CentreEventRow.self) { q in
            id.map { q.where("centre_id", .equal, $0) } ?? q
        }
        let events = Dictionary(grouping: eventRows, by: \.centreId)
        return listed(centreRows.map { $0.core(events: (events[$0.id] ?? []).compactMap(\.core)) })
    }

    // MARK: Services and sessions

    func services() async throws -> [Service] { listed(try await rows("services", as: ServiceRow.self).map(\.core)) }

    func sessions(venueID: String? = nil, serviceID: String? = nil) async throws -> [Session] {
        let all = listed(
            try await rows("sessions", as: SessionRow.self) { q in
                var q = q
                if let venueID { q = q.where("venue_id", .equal, venueID) }
                if let serviceID { q = q.where("service_id", .equal, serviceID) }
                return q
            }.compactMap(\.core))
        guard listedOn != nil else { return all }
        // A listed session at a retired venue or of a retired service is not listed either.
        let venues = Set(try await self.venues().map(\.id)), services = Set(try await self.services().map(\.id))
        return all.filter { venues.contains($0.venueID) && services.contains($0.serviceID) }
    }

    // MARK: Look-ups

    func postcode(_ p: Postcode) async throws -> PostcodeEntry? {
        try await rows("postcodes", as: PostcodeRow.self) { $0.where("postcode", .equal, p.text) }.first?.core
    }

    /// Places whose folded name is `text`, or failing that starts with it.
    func places(matching text: String) async throws -> [Place] {
        let key = PlaceRow.key(text)
        guard !key.isEmpty else { return [] }
        let exact = try await rows("places", as: PlaceRow.self) { $0.where("name_key", .equal, key) }
        if !exact.isEmpty { return exact.map(\.core) }
        return try await rows("places", as: PlaceRow.self) { $0.where("name_key", .like, key + "%").limit(10) }.map(\.core)
    }
}
