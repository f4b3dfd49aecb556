import CentresCore
import Fluent
import Foundation
import Vapor

/// A petition's counts, as the page, the trust panel, the map and the JSON feed all show them:
/// built once here. No personal data: counts only.
struct PetitionTallyDTO: Content {
    struct Threshold: Content {
        var name: String
        var count: Int
        var reachedAt: String?
    }
    struct Count: Content {
        /// District or area code; absent for "outside the area" and "place not known".
        var code: String?
        var name: String
        var confirmed: Int
        var pending: Int
        var invalidated: Int
    }

    var id: String
    var title: String
    var url: String
    var addressedTo: String
    var asks: String
    var state: String
    var stateLabel: String
    var closesOn: String
    var scheme: String
    /// Confirmed signatures: the count that matters. Pending ones are not counted until confirmed.
    var confirmed: Int
    var pending: Int
    var invalidated: Int
    var thresholds: [Threshold]
    var byDistrict: [Count]
    var byArea: [Count]
    /// When the counts were read, and how they are made.
    var countedAt: String
    var method: String

    static let method =
        "Signatures made on this site, counted once confirmed from the signatory's email, and rows of returned paper sheets entered by the organisers, counted once checked; invalidated ones (abuse found by moderators, duplicate and invalid paper rows) are shown apart and not counted. Districts come from each postcode (ONS Postcode Directory in the data pack), areas from the postcode's point."
}

enum PetitionTally {
    static func make(_ p: Petition, scheme: PetitionScheme, publicURL: String, now: Date, on db: any Database) async throws
        -> PetitionTallyDTO
    {
        let c = try await SignatureStore.counts(petitionID: p.id, on: db)
        let reached = Dictionary(
            uniqueKeysWithValues: try await SignatureStore.thresholds(petitionID: p.id, on: db).map { ($0.name, $0.reachedAt) })
        let q = DirectoryQueries(db)
        let districtNames = try await q.districtNames()
        let areaNames = try await q.areaNames()
        /// Named places first in name order; "outside" and "not known" last.
        func fold(_ rows: [SignatureStore.PlaceCount], name: (SignatureStore.PlaceCount) -> String) -> [PetitionTallyDTO.Count] {
            var out: [String: PetitionTallyDTO.Count] = [:]
            for r in rows {
                let key = name(r), code = r.inArea ? r.code : nil
                var c = out[key] ?? PetitionTallyDTO.Count(code: code, name: key, confirmed: 0, pending: 0, invalidated: 0)
                switch SignatureRow.bucket(r.state) {
                case "confirmed": c.confirmed += r.n
                case "pending": c.pending += r.n
                default: c.invalidated += r.n
                }
                out[key] = c
            }
            return out.values.sorted { ($0.code == nil ? 1 : 0, $0.name) < ($1.code == nil ? 1 : 0, $1.name) }
        }
        let byDistrict = fold(try await SignatureStore.counts(petitionID: p.id, by: .district, on: db)) { r in
            !r.inArea ? "Outside the area" : r.code.flatMap { districtNames[$0] } ?? "District not known"
        }
        let byArea = fold(try await SignatureStore.counts(petitionID: p.id, by: .area, on: db)) { r in
            !r.inArea
                ? "Outside the area" : r.code.flatMap { code in areaNames[code].map { "\($0) (\(code))" } } ?? "Area not known"
        }
        let state = p.state(on: SimpleDate.today(now))
        return PetitionTallyDTO(
            id: p.id, title: p.title, url: publicURL + SiteURL.petition(p.id).path, addressedTo: p.addressedTo, asks: p.action,
            state: state.rawValue, stateLabel: state.label, closesOn: p.closesOn.description, scheme: scheme.name,
            confirmed: c.confirmed, pending: c.pending, invalidated: c.invalidated,
            thresholds: scheme.thresholds.map { .init(name: $0.name, count: $0.count, reachedAt: reached[$0.name]) },
            byDistrict: byDistrict, byArea: byArea, countedAt: AccountStore.timestamp(now), method: PetitionTallyDTO.method)
    }

    /// Classes for the map: none, then rising counts of confirmed signatures.
    static let classes: [(upTo: Int, label: String)] = [
        (0, "None"), (4, "1 to 4"), (19, "5 to 19"), (49, "20 to 49"), (.max, "50 or more"),
    ]

    /// Areas shaded by confirmed signatures, with the legend.
    static func map(_ t: PetitionTallyDTO, app: Application, on db: any Database) async throws -> (
        svg: String, legend: [LegendItem]
    ) {
        let q = DirectoryQueries(db)
        let counts = Dictionary(t.byArea.compactMap { c in c.code.map { ($0, c.confirmed) } }, uniquingKeysWith: +)
        let names = try await q.areaNames()
        let shaded = try await app.boundaryCache.outlines(q).map { o -> MapSVG.Shaded in
            let n = counts[o.boundary.code] ?? 0
            let k = classes.firstIndex { n <= $0.upTo } ?? classes.count - 1
            return MapSVG.Shaded(
                boundary: o.boundary, colour: MapController.ramp[k],
                title: "\(names[o.boundary.code] ?? o.boundary.code): \(n) confirmed signature\(n == 1 ? "" : "s")",
                href: SiteURL.area(o.boundary.code).path)
        }
        let svg = MapSVG().render(
            areas: shaded, markers: [], label: "Map of small areas shaded by confirmed signatures", titleID: "petition-map-title")
        return (svg, classes.enumerated().map { LegendItem(shade: $0.offset, label: $0.element.label) })
    }
}
