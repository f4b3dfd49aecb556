import CentresCore
import CentresIO
import Vapor

/// The map page: areas shaded by under-fives or deprivation, centres and libraries marked.
struct MapController {
    enum Shade: String, CaseIterable {
        case underFives = "under_fives"
        case deprivation

        var label: String {
            switch self {
            case .underFives: "Children under five"
            case .deprivation: "Deprivation (IMD 2019 quintile)"
            }
        }
    }

    // Colour-blind-safe sequential blues, light to dark.
    static let ramp = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]

    func register(_ app: Application) {
        app.get(SiteURL.map.pathComponents) { req in try await page(req) }
        app.get(SiteURL.mapSVG.pathComponents) { req -> Response in
            let (svg, _) = try await drawing(req, shade: try shade(req))
            return Response(status: .ok, headers: ["Content-Type": "image/svg+xml; charset=utf-8"], body: .init(string: svg))
        }
    }

    func shade(_ req: Request) throws -> Shade {
        guard let raw: String = req.queryText("shade"), !raw.isEmpty else { return .underFives }
        guard let s = Shade(rawValue: raw) else {
            throw WebError.badRequest(field: "shade", message: "'\(raw)' is not one of under_fives, deprivation")
        }
        return s
    }

    /// Class breaks for under-fives: the quintiles of the areas' counts.
    static func breaks(_ values: [Int]) -> [Int] {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return [] }
        return (1..<5).map { sorted[min(sorted.count - 1, sorted.count * $0 / 5)] }
    }

    func drawing(_ req: Request, shade: Shade) async throws -> (String, [LegendItem]) {
        let q = DirectoryQueries(req.db, listedOn: SimpleDate.today())
        let areas = Dictionary(uniqueKeysWithValues: try await q.areas().map { ($0.code, $0) })
        let cuts = Self.breaks(areas.values.map(\.underFives))
        var legend: [LegendItem]
        switch shade {
        case .underFives:
            let edges = [0] + cuts
            legend = (0..<5).map { i in
                LegendItem(shade: i, label: i < 4 ? "\(edges[i]) to \(edges[i + 1] - 1)" : "\(edges[4]) or more")
            }
        case .deprivation:
            legend = (1...5).map {
                LegendItem(
                    shade: 5 - $0,
                    label: Deprivation.label(quintile: $0))
            }
        }
        var shaded: [MapSVG.Shaded] = []
        for outline in try await req.application.boundaryCache.outlines(q) {
            let code = outline.boundary.code
            guard let a = areas[code] else { continue }
            let colour: String
            switch shade {
            case .underFives: colour = Self.ramp[cuts.filter { a.underFives >= $0 }.count]
            case .deprivation: colour = a.deprivation.quintile.map { Self.ramp[5 - $0] } ?? "#ffffff"
            }
            let detail =
                shade == .underFives
                ? "\(a.underFives) under-fives (\(a.populationYear))"
                : "IMD 2019 decile \(a.deprivation.decile.map(String.init) ?? "not known")"
            shaded.append(
                MapSVG.Shaded(
                    boundary: outline.boundary, colour: colour,
                    title: "\(a.name): \(detail)", href: SiteURL.area(code).path))
        }
        let centresByVenue = Dictionary(try await q.centres().map { ($0.venueID, $0) }, uniquingKeysWith: { a, _ in a })
        var markers: [MapSVG.Marker] = []
        for v in try await q.venues() {
            guard let point = v.location else { continue }
            if let c = centresByVenue[v.id] {
                let approximate = v.locationQuality != .exact
                markers.append(
                    MapSVG.Marker(
                        point: point, title: c.name + (approximate ? " (approximate: town-level point)" : ""),
                        href: SiteURL.centre(c.id).path, style: approximate ? .centreApproximate : .centreExact))
            } else if v.kind == .library {
                markers.append(MapSVG.Marker(point: point, title: v.name, href: SiteURL.venue(v.id).path, style: .library))
            }
        }
        let svg = MapSVG().render(areas: shaded, markers: markers, label: "Map of areas shaded by \(shade.label.lowercased())")
        return (svg, legend)
    }

    func page(_ req: Request) async throws -> View {
        let shade = try shade(req)
        let (svg, legend) = try await drawing(req, shade: shade)
        let note =
            shade == .underFives
            ? "Children aged 0–4, ONS mid-2019 small-area estimates; classes are the quintiles of the areas' counts."
            : "English Indices of Deprivation 2019 (MHCLG): quintile 1 is the most deprived fifth of areas in England."
        return try await req.view.render(
            "map",
            MapPage(
                svg: svg, shadeOptions: Shade.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == shade) },
                shadeLabel: shade.label, legend: legend, sourceNote: note))
    }
}
