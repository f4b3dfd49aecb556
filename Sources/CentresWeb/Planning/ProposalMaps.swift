import CentresCore
import Planning

/// Maps for proposals: areas shaded by time to the nearest open base, or by how that time changed.
struct ProposalMaps {
    struct Swatch: Encodable {
        var key: String
        var label: String
    }

    /// Light to dark: the longer the journey, the darker (colour-blind-safe sequential blues, as the main map).
    static let timeClasses: [(key: String, colour: String, label: String, upTo: Double)] = [
        ("0", "#eff3ff", "15 minutes or less", 15), ("1", "#bdd7e7", "15 to 30 minutes", 30),
        ("2", "#6baed6", "30 to 45 minutes", 45), ("3", "#3182bd", "45 to 60 minutes", 60),
        ("4", "#08519c", "over 60 minutes, or no base in reach", .infinity),
    ]

    /// Diverging: blues for better, oranges to dark red for worse (ColorBrewer RdYlBu, colour-blind safe).
    static let changeClasses: [(key: String, colour: String, label: String)] = [
        ("better", "#4575b4", "Quicker"), ("same", "#f7f7f7", "No change (within 0.5 minutes)"),
        ("worse-1", "#fee090", "Up to 10 minutes longer"), ("worse-2", "#fc8d59", "10 to 30 minutes longer"),
        ("worse-3", "#d73027", "Over 30 minutes longer, or no base in reach any more"),
    ]

    static func timeClass(_ minutes: Double?) -> (key: String, colour: String, label: String, upTo: Double) {
        let m = minutes ?? .infinity
        return timeClasses.first { m <= $0.upTo } ?? timeClasses[4]
    }

    static func changeClass(now: Double?, before: Double?) -> (key: String, colour: String, label: String) {
        switch (now, before) {
        case (nil, nil): return changeClasses[1]
        case (nil, _): return changeClasses[4]
        case (_, nil): return changeClasses[0]
        case let (n?, b?):
            let d = n - b
            if d < -0.5 { return changeClasses[0] }
            if d <= 0.5 { return changeClasses[1] }
            return d <= 10 ? changeClasses[2] : d <= 30 ? changeClasses[3] : changeClasses[4]
        }
    }

    let outlines: [BoundaryCache.Outline]
    let data: PlanningData

    /// Open bases drawn where they are (approximate points marked as such); closed centres as hollow rings.
    func markers(_ p: Proposal) -> [MapSVG.Marker] {
        let venues = Dictionary(data.venues.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return data.centres.compactMap { c -> MapSVG.Marker? in
            guard let v = venues[c.venueID], let point = v.location else { return nil }
            let d = p.decision(for: c.id)?.decision ?? .unknown
            let approximate = v.locationQuality != .exact
            switch d {
            case .base, .amalgamated:
                return MapSVG.Marker(
                    point: point,
                    title: "\(c.name): \(d.label.lowercased())" + (approximate ? " (approximate: town-level point)" : ""),
                    href: SiteURL.centre(c.id).path, style: approximate ? .centreApproximate : .centreExact)
            case .closed, .outreach:
                return MapSVG.Marker(
                    point: point, title: "\(c.name): \(d.label.lowercased())", href: SiteURL.centre(c.id).path,
                    style: .closedCentre)
            case .unknown: return nil
            }
        }
    }

    func timeMap(_ a: Assessment, proposal: Proposal, label: String) -> String {
        let byCode = Dictionary(a.areas.map { ($0.code, $0) }, uniquingKeysWith: { x, _ in x })
        let names = data.centreNames
        let shaded = outlines.compactMap { o -> MapSVG.Shaded? in
            guard let area = byCode[o.boundary.code] else { return nil }
            let base = area.nearestBase.map { names[$0] ?? $0 }
            let time = area.minutes.map { "\(NumberText.decimal($0)) minutes to \(base ?? "")" } ?? "no base in reach"
            return MapSVG.Shaded(
                boundary: o.boundary, colour: Self.timeClass(area.minutes).colour, title: "\(area.name): \(time)",
                href: SiteURL.area(area.code).path)
        }
        return MapSVG().render(areas: shaded, markers: markers(proposal), label: label, titleID: "time-map-title")
    }

    func changeMap(now: [String: Double?], before: [String: Double?], names: [String: String], proposal: Proposal, label: String)
        -> String
    {
        let shaded = outlines.compactMap { o -> MapSVG.Shaded? in
            let code = o.boundary.code
            guard let n = now[code], let b = before[code] else { return nil }
            let c = Self.changeClass(now: n, before: b)
            let detail = "\(NumberText.decimal(b)) → \(NumberText.decimal(n)) minutes"
            return MapSVG.Shaded(
                boundary: o.boundary, colour: c.colour, title: "\(names[code] ?? code): \(detail) (\(c.label.lowercased()))",
                href: SiteURL.area(code).path)
        }
        return MapSVG().render(areas: shaded, markers: markers(proposal), label: label, titleID: "change-map-title")
    }
}
