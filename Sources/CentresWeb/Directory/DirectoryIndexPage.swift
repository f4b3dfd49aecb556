import CentresCore
import Vapor

/// `/staff/directory`: every record of each kind with its state, for network editors.
enum DirectoryIndexPage {
    struct Row: Encodable { var href: String, label: String, detail: String, state: String }
    struct Section: Encodable { var kind: String, title: String, newHref: String, rows: [Row] }
    struct Page: Encodable {
        var title = "Edit the directory"
        var sections: [Section]
    }

    static func state(_ u: Upkeep?) -> String {
        guard let u else { return "as in the data pack" }
        var parts: [String] = []
        if let r = u.retiredOn { parts.append("retired \(r)") }
        if u.temporarilyClosed { parts.append("temporarily closed") }
        if let f = u.visibleFrom { parts.append("listed from \(f)") }
        if let t = u.visibleTo { parts.append("listed until \(t)") }
        if let c = u.lastChecked { parts.append("checked \(c)") }
        return parts.isEmpty ? "as in the data pack" : parts.joined(separator: ", ")
    }

    @Sendable static func page(_ req: Request) async throws -> Response {
        let q = DirectoryQueries(req.db)
        let venues = try await q.venues(), services = try await q.services()
        let venueNames = Dictionary(uniqueKeysWithValues: venues.map { ($0.id, $0.name) })
        let serviceNames = Dictionary(uniqueKeysWithValues: services.map { ($0.id, $0.name) })
        func section(_ k: DirectoryKind, _ rows: [Row]) -> Section {
            Section(kind: k.rawValue, title: k.plural, newHref: SiteURL.staffRecordNew(k.rawValue).path, rows: rows)
        }
        func href(_ k: DirectoryKind, _ id: String) -> String { SiteURL.staffRecord(k.rawValue, id).path }
        let page = Page(sections: [
            section(
                .centre,
                try await q.centres().map {
                    Row(
                        href: href(.centre, $0.id), label: $0.name, detail: venueNames[$0.venueID] ?? $0.venueID,
                        state: state($0.upkeep))
                }),
            section(
                .session,
                try await q.sessions().map {
                    Row(
                        href: href(.session, $0.id), label: serviceNames[$0.serviceID] ?? $0.serviceID,
                        detail: "\(venueNames[$0.venueID] ?? $0.venueID): \($0.scheduleText)", state: state($0.upkeep))
                }),
            section(
                .service,
                services.map {
                    Row(href: href(.service, $0.id), label: $0.name, detail: $0.category, state: state($0.upkeep))
                }),
            section(
                .venue,
                venues.map {
                    Row(href: href(.venue, $0.id), label: $0.name, detail: $0.kind.label, state: state($0.upkeep))
                }),
        ])
        return try await req.view.render("staff-directory", page).encodeResponse(for: req)
    }
}
