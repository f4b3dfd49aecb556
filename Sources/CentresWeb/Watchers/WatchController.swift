import CentresCore
import Foundation
import Vapor

/// The public side of watching: ask (any address gets the same answer), confirm with a button
/// (a mail scanner that opens the link confirms nothing), and stop, from a page with a button or
/// in one click from the mail program (RFC 8058).
struct WatchController {
    static let requestsPerHour = 10
    static let requestsPerAddressPerHour = 3
    /// Confirmations and unsubscribes per client address per hour: far above any person's use.
    static let linkUsesPerHour = 60

    func register(_ app: Application) {
        app.get(SiteURL.watch(type: nil, id: nil).pathComponents, use: form)
        app.post(SiteURL.watch(type: nil, id: nil).pathComponents, use: request)
        app.get(SiteURL.watchConfirm(nil).pathComponents, use: confirmPage)
        app.post(SiteURL.watchConfirm(nil).pathComponents, use: confirm)
        app.get(SiteURL.watchStop(nil).pathComponents, use: stopPage)
        app.post(SiteURL.watchStop(nil).pathComponents, use: stop)
        app.post(SiteURL.watchOneClick(nil).pathComponents, use: oneClick)
    }

    struct Page: Encodable {
        var title: String
        var csrf: String
        var step: String  // "ask", "sent", "confirm", "confirmed", "stop", "stopped", "invalid"
        var what: String?
        var type: String?
        var id: String?
        var email: String?
        var error: String?
        var token: String?
    }

    static let sentText =
        "If that address was not already watching, we have sent it a link. Press the button on the page it opens to start the emails; the link works for a week."

    private func show(_ req: Request, _ page: Page, status: HTTPStatus = .ok) async throws -> Response {
        try await CSRF.render(req, "watch", page, token: page.csrf, status: status)
    }

    /// What the record is called, if the public directory lists it and it can be watched.
    static func describe(_ type: String?, _ id: String?, _ req: Request) async throws -> (DirectoryKind, String, String)? {
        guard let kind = type.flatMap(DirectoryKind.init), WatcherStore.kinds.contains(kind), let id else { return nil }
        let q = DirectoryQueries(req.db, listedOn: SimpleDate.today())
        switch kind {
        case .centre:
            return try await q.centres(id: id).first.map { (kind, id, $0.name) }
        case .session:
            guard let s = try await q.sessions().first(where: { $0.id == id }) else { return nil }
            let service = try await q.services().first { $0.id == s.serviceID }?.name ?? s.serviceID
            let venue = try await q.venue(s.venueID)?.name ?? s.venueID
            return (kind, id, "\(service) at \(venue), \(s.scheduleText)")
        default: return nil
        }
    }

    @Sendable func form(_ req: Request) async throws -> Response {
        guard let (kind, id, what) = try await Self.describe(req.queryText("type"), req.queryText("id"), req) else {
            throw WebError.notFound(what: "centre or session to watch", id: req.queryText("id") ?? "")
        }
        return try await show(
            req,
            Page(
                title: "Get an email when this changes", csrf: CSRF.token(req), step: "ask", what: what, type: kind.rawValue,
                id: id))
    }

    @Sendable func request(_ req: Request) async throws -> Response {
        let f = try CSRF.verifiedForm(req)
        guard let (kind, id, what) = try await Self.describe(f["type"], f["id"], req) else {
            throw WebError.notFound(what: "centre or session to watch", id: f["id"] ?? "")
        }
        let email = Credentials.normalisedEmail(f["email"] ?? "")
        if let problem = Credentials.emailProblem(email) {
            let page = Page(
                title: "Get an email when this changes", csrf: CSRF.token(req), step: "ask", what: what, type: kind.rawValue,
                id: id,
                email: f["email"], error: "Email address: \(problem)")
            return try await show(req, page, status: .badRequest)
        }
        let client = req.clientAddress ?? "unknown"
        let limiter = req.application.rateLimiter
        guard await limiter.allow("watch:" + client, limit: Self.requestsPerHour, window: 3_600),
            await limiter.allow("watch-address:" + email, limit: Self.requestsPerAddressPerHour, window: 3_600)
        else { throw WebError.tooManyRequests("Too many requests to watch from here or for this address. Try again in an hour.") }
        let now = Date(), base = req.application.publicURL
        try await req.db.transaction { tx in
            try await WatcherStore.purgeUnconfirmed(now: now, on: tx)
            guard let token = try await WatcherStore.request(email: email, kind: kind, id: id, now: now, on: tx) else { return }
            let body = """
                Hello,

                Someone (we hope you) asked Centres to email this address when \(what) moves, changes time or closes.

                To start these emails, open this link within a week and press the button on the page:
                \(base + SiteURL.watchConfirm(token).path)

                If you did not ask, ignore this message: nothing will be sent, and the request is deleted after a week.
                """
            try await Outbox.enqueue(
                OutgoingMail(to: email, subject: "Confirm: emails about \(what)", body: body), kind: "watch-confirm", now: now,
                on: tx)
        }
        return try await show(req, Page(title: "Check your email", csrf: CSRF.token(req), step: "sent", what: what))
    }

    private func invalid(_ req: Request) async throws -> Response {
        try await show(req, Page(title: "This link does not work", csrf: CSRF.token(req), step: "invalid"), status: .gone)
    }

    @Sendable func confirmPage(_ req: Request) async throws -> Response {
        let token: String = req.queryText("token") ?? ""
        guard let w = try await WatcherStore.pending(confirmToken: token, now: Date(), on: req.db) else {
            return try await invalid(req)
        }
        let what = try await Self.describe(w.recordType, w.recordId, req)?.2 ?? w.recordId
        return try await show(
            req, Page(title: "Start the emails", csrf: CSRF.token(req), step: "confirm", what: what, email: w.email, token: token)
        )
    }

    @Sendable func confirm(_ req: Request) async throws -> Response {
        let f = try CSRF.verifiedForm(req)
        try await req.checkRateLimit("watch link", limit: Self.linkUsesPerHour)
        let now = Date()
        guard let w = try await WatcherStore.pending(confirmToken: f["token"] ?? "", now: now, on: req.db) else {
            return try await invalid(req)
        }
        try await WatcherStore.confirm(w, now: now, on: req.db)
        let what = try await Self.describe(w.recordType, w.recordId, req)?.2 ?? w.recordId
        return try await show(
            req, Page(title: "You will be told", csrf: CSRF.token(req), step: "confirmed", what: what, token: w.unsubscribeToken))
    }

    @Sendable func stopPage(_ req: Request) async throws -> Response {
        let token: String = req.queryText("token") ?? ""
        guard let w = try await WatcherStore.byUnsubscribe(token, on: req.db) else {
            return try await show(req, Page(title: "No emails to stop", csrf: CSRF.token(req), step: "stopped"))
        }
        let what = try await Self.describe(w.recordType, w.recordId, req)?.2 ?? w.recordId
        return try await show(
            req, Page(title: "Stop the emails", csrf: CSRF.token(req), step: "stop", what: what, email: w.email, token: token))
    }

    @Sendable func stop(_ req: Request) async throws -> Response {
        let f = try CSRF.verifiedForm(req)
        try await req.checkRateLimit("watch link", limit: Self.linkUsesPerHour)
        try await WatcherStore.unsubscribe(f["token"] ?? "", on: req.db)
        return try await show(req, Page(title: "Emails stopped", csrf: CSRF.token(req), step: "stopped"))
    }

    /// RFC 8058: the mail program posts "List-Unsubscribe=One-Click" to the header's address. It
    /// carries no CSRF token by design; the unguessable token in the address is the authority,
    /// and all it can do is end that one subscription.
    @Sendable func oneClick(_ req: Request) async throws -> Response {
        try await req.checkRateLimit("watch link", limit: Self.linkUsesPerHour)
        let token: String = req.queryText("token") ?? ""
        try await WatcherStore.unsubscribe(token, on: req.db)
        return Response(status: .ok, headers: ["Content-Type": "text/plain; charset=utf-8"], body: "Unsubscribed.\n")
    }
}
