import CentresCore
import Fluent
import Foundation

/// Tells watchers, through the outbox and inside the change's transaction, when a centre or
/// session moves, changes time or closes. A session's change also reaches those watching the
/// centre at its venue; a venue's closure reaches those watching its centres and sessions.
enum WatchNotices {
    static func changed(
        _ kind: DirectoryKind, id: String, changes: [AuditChange], publicURL: String, now: Date, on db: any Database
    ) async throws {
        let relevant = changes.filter { kind.noticeColumns.contains($0.field) }
        guard !relevant.isEmpty else { return }
        let q = DirectoryQueries(db)
        let venues = Dictionary(uniqueKeysWithValues: try await q.venues().map { ($0.id, $0) })
        let services = Dictionary(uniqueKeysWithValues: try await q.services().map { ($0.id, $0.name) })
        let centres = try await q.centres()
        func centresAt(_ venueIDs: [String]) -> [String] { centres.filter { venueIDs.contains($0.venueID) }.map(\.id) }
        let movedFrom = relevant.filter { $0.field == "venue_id" }.compactMap(\.from)

        var recipients: [WatcherRow] = []
        let what: String, link: String
        switch kind {
        case .centre:
            guard let c = centres.first(where: { $0.id == id }) else { return }
            recipients = try await WatcherStore.confirmed(.centre, ids: [id], on: db)
            (what, link) = (c.name, SiteURL.centre(id).path)
        case .session:
            guard let s = try await q.sessions().first(where: { $0.id == id }) else { return }
            recipients =
                try await WatcherStore.confirmed(.session, ids: [id], on: db)
                + WatcherStore.confirmed(.centre, ids: centresAt([s.venueID] + movedFrom), on: db)
            what = "\(services[s.serviceID] ?? s.serviceID) at \(venues[s.venueID]?.name ?? s.venueID)"
            link = SiteURL.venue(s.venueID).path
        case .venue:
            guard let v = venues[id] else { return }
            let sessions = try await q.sessions(venueID: id).map(\.id)
            recipients =
                try await WatcherStore.confirmed(.centre, ids: centresAt([id]), on: db)
                + WatcherStore.confirmed(.session, ids: sessions, on: db)
            (what, link) = (v.name, SiteURL.venue(id).path)
        case .service:
            return
        }
        let labels = Dictionary(
            uniqueKeysWithValues: kind.fields(EditOptions(venues: [], services: [], categories: [], districts: [])).map {
                ($0.column, $0.label)
            })
        func shown(_ field: String, _ value: String?) -> String {
            guard let value else { return field == "temporarily_closed" ? "no" : "(none)" }
            switch field {
            case "venue_id": return venues[value].map { "\($0.name)\($0.address.map { ", \($0)" } ?? "")" } ?? value
            case "day_of_week": return Weekday(rawValue: value)?.label ?? value
            default: return value
            }
        }
        let lines = relevant.map { c -> String in
            if c.field == "retired_on" {
                return c.to == nil ? "- Back in the directory." : "- Taken out of the directory (retired) on \(c.to!)."
            }
            return "- \(labels[c.field] ?? c.field): \(shown(c.field, c.from)) → \(shown(c.field, c.to))"
        }
        var seen: Set<String> = []
        for w in recipients where seen.insert(w.email).inserted {
            let stop = publicURL + SiteURL.watchStop(w.unsubscribeToken).path
            let body = """
                Hello,

                You asked Centres to tell you when \(what) moves, changes time or closes. Staff have just changed it:

                \(lines.joined(separator: "\n"))

                Details: \(publicURL + link)

                To stop these emails, open this link and press the button: \(stop)
                """
            try await Outbox.enqueue(
                OutgoingMail(
                    to: w.email, subject: "Change to \(what)", body: body,
                    unsubscribeURL: publicURL + SiteURL.watchOneClick(w.unsubscribeToken).path),
                kind: "watch-notice", now: now, on: db)
        }
        if relevant.contains(where: { $0.field == "retired_on" && $0.to != nil }), WatcherStore.kinds.contains(kind) {
            // Nothing more will happen to a retired record: its watchers' addresses are not kept.
            try await WatcherStore.delete(kind, id: id, on: db)
        }
    }
}
