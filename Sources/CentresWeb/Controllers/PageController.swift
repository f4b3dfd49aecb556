import CentresCore
import Vapor

/// The public HTML pages. Each builds a view model from `DirectoryService` and renders a template.
struct PageController {
    func register(_ app: Application) {
        app.get(SiteURL.home.pathComponents, use: home)
        app.get(SiteURL.districts.pathComponents, use: districts)
        app.get(SiteURL.district(":code").pathComponents, use: district)
        app.get(SiteURL.centres.pathComponents, use: centres)
        app.get(SiteURL.centre(":id").pathComponents, use: centre)
        app.get(SiteURL.venues.pathComponents, use: venues)
        app.get(SiteURL.venue(":id").pathComponents, use: venue)
        app.get(SiteURL.areas.pathComponents, use: areas)
        app.get(SiteURL.area(":code").pathComponents, use: area)
        app.get(SiteURL.near.pathComponents, use: near)
        app.get(SiteURL.data.pathComponents, use: data)
    }

    func factViews(_ s: DirectoryService) async throws -> [FactView] {
        let sources = Dictionary(uniqueKeysWithValues: try await s.q.sources().map { ($0.id, $0) })
        return try await s.q.facts().map { f in
            FactView(
                description: f.description, value: f.value + (f.unit.map { $0 == "date" ? "" : " \($0)" } ?? ""), asOf: f.asOf,
                source: f.sourceID.flatMap { sources[$0] }.map(SourceRefDTO.init),
                note: f.note)
        }
    }

    func home(_ req: Request) async throws -> View {
        let s = DirectoryService(req)
        let manifest = try await s.q.manifest()
        let areas = try await s.q.areas()
        let venues = try await s.q.venues()
        let centres = try await s.q.centres()
        let centreVenueIDs = Set(centres.map(\.venueID))
        let under5 = areas.reduce(0) { $0 + $1.underFives }
        let latest = centres.map { $0.status(on: .latest)?.status }
        let counts = CentreStatus.allCases.compactMap { status -> StatusCount? in
            let n = latest.filter { $0 == status }.count
            return n == 0 ? nil : StatusCount(status: status.rawValue, label: status.label, count: n)
        }
        let page = HomePage(
            statusCounts: counts,
            countyName: manifest["county_name"] ?? "", centreCount: centreVenueIDs.count,
            locatedCount: venues.filter { centreVenueIDs.contains($0.id) && $0.location != nil }.count,
            libraryCount: venues.filter { $0.kind == .library }.count, areaCount: areas.count, underFives: under5,
            underFivesText: NumberText.grouped(under5), populationYear: areas.first?.populationYear ?? 0,
            districts: try await s.districts(), facts: Array(try await factViews(s).prefix(6)))
        return try await req.view.render("home", page)
    }

    func districts(_ req: Request) async throws -> View {
        try await req.view.render("districts", DistrictsPage(districts: try await DirectoryService(req).districts()))
    }

    func district(_ req: Request) async throws -> View {
        let s = DirectoryService(req)
        let code = req.parameters.get("code")!
        guard let d = try await s.districts().first(where: { $0.code == code }) else {
            throw WebError.notFound(what: "district", id: code)
        }
        let areas = try await s.areas(district: code, decile: nil)
        return try await req.view.render(
            "district",
            DistrictPage(
                title: d.name, district: d, centres: try await s.centres(district: code),
                libraries: try await s.venues(kind: VenueKind.library.rawValue, district: code), areas: areas,
                populationYear: areas.first?.populationYear ?? 0))
    }

    func districtOptions(_ s: DirectoryService, selected: String?) async throws -> [Option] {
        [Option(value: "", label: "All districts", selected: selected == nil)]
            + (try await s.q.districts()).map { Option(value: $0.code, label: $0.name, selected: $0.code == selected) }
    }

    func centres(_ req: Request) async throws -> View {
        let s = DirectoryService(req)
        let district: String? = req.filter("district")
        let status: String? = req.filter("status")
        let list = try await s.centres(district: district, status: status)
        let statuses =
            [Option(value: "", label: "Any status", selected: status == nil)]
            + CentreStatus.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == status) }
        return try await req.view.render(
            "centres",
            CentresPage(
                centres: list, districtOptions: try await districtOptions(s, selected: district), statusOptions: statuses,
                filtered: district != nil || status != nil, total: list.count))
    }

    func centre(_ req: Request) async throws -> View {
        let s = DirectoryService(req)
        let c = try await s.centre(req.parameters.get("id")!)
        let travel = try await TravelTimes.load(s.q.db)
        let reach = try await reach(s, venueID: c.venue.id, travel: travel)
        let libraries = try await c.venue.location.asyncMap {
            let here = Coordinate(lat: $0.lat, lon: $0.lon)
            // From the centre itself: estimates only, as network times exist per area, not per venue.
            return try await s.nearest(to: here, from: .point(here, area: nil), kind: .library, limit: 3, travel: travel)
        }
        return try await req.view.render(
            "centre",
            CentrePage(
                title: c.name, centre: c, sessions: try await s.sessions(venueID: c.venue.id),
                approximate: c.venue.locationQuality == LocationQuality.approximateTown.rawValue,
                unknownLocation: c.venue.location == nil, nearbyLibraries: libraries ?? [],
                reach: reach, reachIsEstimate: reach.contains { $0.isEstimate }, reachBands: TravelTimes.bands,
                populationYear: reach.first?.populationYear ?? 0))
    }

    func reach(_ s: DirectoryService, venueID: String, travel: TravelTimes) async throws -> [ReachDTO] {
        guard let venue = try await s.q.venue(venueID) else { return [] }
        return travel.reach(of: venue, areas: try await s.q.areas())
    }

    func venues(_ req: Request) async throws -> View {
        let s = DirectoryService(req)
        let kind: String? = req.filter("kind")
        let district: String? = req.filter("district")
        let kinds =
            [Option(value: "", label: "All kinds", selected: kind == nil)]
            + VenueKind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == kind) }
        return try await req.view.render(
            "venues",
            VenuesPage(
                venues: try await s.venues(kind: kind, district: district), kindOptions: kinds,
                districtOptions: try await districtOptions(s, selected: district), filtered: kind != nil || district != nil))
    }

    func venue(_ req: Request) async throws -> View {
        let s = DirectoryService(req)
        let v = try await s.venue(req.parameters.get("id")!)
        let centre = try await s.q.centres(venueID: v.id).first
        return try await req.view.render(
            "venue",
            VenuePage(
                title: v.name, venue: v, centre: try await centre.asyncMap { try await s.centre($0.id) },
                sessions: try await s.sessions(venueID: v.id)))
    }

    func areas(_ req: Request) async throws -> View {
        let s = DirectoryService(req)
        let (pageNo, per) = try DirectoryService.paging(req)
        let district: String? = req.filter("district")
        let decile = req.queryText("decile").flatMap { $0.isEmpty ? nil : $0 }
        guard decile == nil || Int(decile!) != nil else {
            throw WebError.badRequest(field: "decile", message: "must be a number from 1 to 10")
        }
        let page = DirectoryService.slice(
            try await s.areas(district: district, decile: decile.flatMap(Int.init)), page: pageNo, per: per)
        let deciles =
            [Option(value: "", label: "Any decile", selected: decile == nil)]
            + (1...10).map {
                Option(
                    value: "\($0)", label: Deprivation.label(decile: $0),
                    selected: "\($0)" == decile)
            }
        let links = (1...page.pageCount).map { n in
            var q = "?page=\(n)&per=\(per)"
            if let district { q += "&district=\(district.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            if let decile { q += "&decile=\(decile)" }
            return PageLink(label: "\(n)", href: SiteURL.areas.path + q, current: n == pageNo)
        }
        return try await req.view.render(
            "areas",
            AreasPage(
                page: page, districtOptions: try await districtOptions(s, selected: district), decileOptions: deciles,
                pages: links))
    }

    func provenanceText(_ s: DirectoryService, column: String) async throws -> String {
        let sources = Dictionary(uniqueKeysWithValues: try await s.q.sources().map { ($0.id, $0) })
        guard let p = try await s.q.provenance().first(where: { $0.file == "areas.csv" && $0.column == column }) else {
            return "Source not recorded in the data pack."
        }
        let title = sources[p.sourceID]?.title ?? p.sourceID
        return p.method.map { "\(title). \($0)" } ?? title
    }

    func unplacedCentres(_ s: DirectoryService) async throws -> Int {
        let venues = Dictionary(uniqueKeysWithValues: try await s.q.venues().map { ($0.id, $0) })
        return try await s.q.centres().filter { venues[$0.venueID]?.location == nil }.count
    }

    func area(_ req: Request) async throws -> View {
        let s = DirectoryService(req)
        let (a, dto) = try await s.area(req.parameters.get("code")!)
        let travel = try await TravelTimes.load(s.q.db)
        let centres = try await s.nearest(to: a.centroid, from: .area(a.code), kind: .childrensCentre, limit: 5, travel: travel)
        let libraries = try await s.nearest(to: a.centroid, from: .area(a.code), kind: .library, limit: 3, travel: travel)
        return try await req.view.render(
            "area",
            AreaPage(
                title: "\(a.name) (\(a.code))", area: dto, underFivesSource: try await provenanceText(s, column: "under_fives"),
                imdSource: try await provenanceText(s, column: "imd_decile"), centres: centres, libraries: libraries,
                timesAreEstimates: (centres + libraries).contains { $0.timesAreEstimates },
                unplacedCentres: try await unplacedCentres(s)))
    }

    func near(_ req: Request) async throws -> View {
        let s = DirectoryService(req)
        let text: String? = req.queryText("q")
        let pick = try req.queryNumber("pick")
        let result = try await text.asyncMap { try await NearResultDTO.build(req, text: $0, pick: pick, limit: 5) }
        let links = (result?.choices ?? []).map { c in
            PageLink(
                label: c.name + (c.kind == "ward" ? " (ward" : " (place") + (c.districtName.map { ", \($0))" } ?? ")"),
                href: SiteURL.near.path + "?q=" + (text ?? "").addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                    + "&pick=\(c.pick)",
                current: false)
        }
        return try await req.view.render(
            "near",
            NearPage(
                query: text ?? "", result: result, choiceLinks: links,
                timesAreEstimates: ((result?.centres ?? []) + (result?.libraries ?? [])).contains { $0.timesAreEstimates },
                hasTransit: result?.hasTransit ?? false,
                timesFromArea: ((result?.centres ?? []) + (result?.libraries ?? [])).contains {
                    $0.times.contains { $0.fromArea != nil }
                },
                unplacedCentres: try await unplacedCentres(s))
        )
    }

    func data(_ req: Request) async throws -> View {
        let s = DirectoryService(req)
        let manifest = try await s.q.manifest()
        let sources = try await s.q.sources()
        let byID = Dictionary(uniqueKeysWithValues: sources.map { ($0.id, $0) })
        let budget = try await s.q.budgetLines().map { b in
            BudgetView(
                name: b.name, current: NumberText.pounds(b.currentGBP), proposed: NumberText.pounds(b.proposedGBP),
                isTotal: b.id == BudgetLine.totalID,
                source: b.sourceID.flatMap { byID[$0] }.map(SourceRefDTO.init))
        }
        return try await req.view.render(
            "data",
            DataPage(
                packName: manifest["name"] ?? "", packVersion: manifest["version"] ?? "",
                packDescription: manifest["description"] ?? "",
                sources: sources.map { s in
                    var safe = s
                    safe.url = SourceRefDTO.webURL(s.url)
                    return safe
                }, provenance: try await s.q.provenance(), facts: try await factViews(s), budget: budget,
                gaps: try await KnownGaps.list(s),
                matrices: try await TravelTimes.load(s.q.db).matrices.map { m in
                    MatrixView(
                        modeLabel: m.metadata.mode.label, method: m.metadata.method.rawValue,
                        isEstimate: m.metadata.method.isEstimate,
                        summary: m.metadata.summary, size: "\(m.origins.count) areas × \(m.destinations.count) venues",
                        parameters: m.metadata.parameters.sorted { $0.key < $1.key }.map {
                            Option(value: $0.key, label: $0.value, selected: false)
                        },
                        inputs: m.metadata.inputs.map { "\($0.role): \($0.name)\($0.date.map { " (\($0))" } ?? "")" },
                        software: m.metadata.software)
                }))
    }
}

extension Optional {
    func asyncMap<T>(_ f: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let w): try await f(w)
        case .none: nil
        }
    }
}

extension Request {
    /// A query parameter, with an empty value (a form's "All" option) meaning none.
    func filter(_ name: String) -> String? {
        let value: String? = queryText(name)
        return value.flatMap { $0.isEmpty ? nil : $0 }
    }
}
