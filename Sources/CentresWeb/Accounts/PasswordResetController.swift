import CentresCore
import Foundation
import Vapor

/// Password reset by an emailed one-time link. The request page answers the same whether or not
/// the address has an account, so it cannot be used to find out who has one.
struct PasswordResetController {
    /// Requests per client address per hour.
    static let requestsPerHour = 5

    func register(_ app: Application) {
        app.get(SiteURL.passwordReset.pathComponents, use: requestForm)
        app.post(SiteURL.passwordReset.pathComponents, use: request)
        app.get(SiteURL.passwordResetLink(nil).pathComponents, use: choose)
        app.post(SiteURL.passwordResetLink(nil).pathComponents, use: change)
    }

    struct Page: Encodable {
        var title: String
        var csrf: String
        var step: String  // "ask", "sent", "choose", "done", "invalid"
        var error: String?
        var token: String?
    }

    static let sentText = "If an account exists for that address, we have sent it a link. The link works once, for an hour."

    @Sendable func requestForm(_ req: Request) async throws -> Response {
        let page = Page(title: "Reset your password", csrf: CSRF.token(req), step: "ask")
        return try await CSRF.render(req, "password-reset", page, token: page.csrf)
    }

    @Sendable func request(_ req: Request) async throws -> Response {
        let f = try CSRF.verifiedForm(req)
        let client = req.clientAddress ?? "unknown"
        guard await req.application.rateLimiter.allow("reset:" + client, limit: Self.requestsPerHour, window: 3_600) else {
            throw WebError.tooManyRequests("Too many reset requests from here. Wait an hour and try again.")
        }
        let email = Credentials.normalisedEmail(f["email"] ?? "")
        let now = Date()
        if let user = try await AccountStore.user(email: email, on: req.db), user.disabledAt == nil {
            let base = req.application.publicURL
            try await req.db.transaction { tx in
                let token = try await PasswordResetStore.create(userID: user.id, now: now, on: tx)
                let link = base + SiteURL.passwordResetLink(token).path
                try await Outbox.enqueue(
                    OutgoingMail(
                        to: user.email, subject: "Reset your Centres password", body: Self.body(name: user.name, link: link)),
                    kind: "password-reset", now: now, on: tx)
            }
        }
        let page = Page(title: "Check your email", csrf: CSRF.token(req), step: "sent")
        return try await CSRF.render(req, "password-reset", page, token: page.csrf)
    }

    static func body(name: String, link: String) -> String {
        """
        Hello \(name),

        Someone (we hope you) asked to reset the password of your Centres staff account.
        To choose a new password, open this link within an hour. It works once.

        \(link)

        If you did not ask, ignore this message: your password has not changed.
        """
    }

    @Sendable func choose(_ req: Request) async throws -> Response {
        let token: String = req.queryText("token") ?? ""
        let valid = try await PasswordResetStore.user(token: token, now: Date(), on: req.db) != nil
        let page = Page(
            title: valid ? "Choose a new password" : "This link does not work", csrf: CSRF.token(req),
            step: valid ? "choose" : "invalid", token: valid ? token : nil)
        return try await CSRF.render(req, "password-reset", page, token: page.csrf, status: valid ? .ok : .gone)
    }

    @Sendable func change(_ req: Request) async throws -> Response {
        let f = try CSRF.verifiedForm(req)
        try await req.checkRateLimit("password link", limit: Self.requestsPerHour * 4)
        let token = f["token"] ?? ""
        let now = Date()
        guard let user = try await PasswordResetStore.user(token: token, now: now, on: req.db) else {
            let page = Page(title: "This link does not work", csrf: CSRF.token(req), step: "invalid")
            return try await CSRF.render(req, "password-reset", page, token: page.csrf, status: .gone)
        }
        let password = f["password"] ?? ""
        let problem =
            password != (f["confirm"] ?? "")
            ? "The two passwords are not the same." : Credentials.passwordProblem(password, email: user.email)
        if let problem {
            let page = Page(
                title: "Choose a new password", csrf: CSRF.token(req), step: "choose", error: problem, token: token)
            return try await CSRF.render(req, "password-reset", page, token: page.csrf, status: .badRequest)
        }
        let hash = try await req.password.async.hash(password).get()
        try await PasswordResetStore.complete(token: token, user: user, passwordHash: hash, now: now, on: req.db)
        req.logger.info("Password reset", metadata: ["user": .string(user.id)])
        let page = Page(title: "Password changed", csrf: CSRF.token(req), step: "done")
        return try await CSRF.render(req, "password-reset", page, token: page.csrf)
    }
}

extension Application {
    private struct PublicURLKey: StorageKey {
        typealias Value = String
    }

    /// The site's address for links in mail (`CENTRES_PUBLIC_URL`), without a trailing slash.
    var publicURL: String {
        get { storage[PublicURLKey.self] ?? "http://127.0.0.1:8080" }
        set { storage[PublicURLKey.self] = newValue.hasSuffix("/") ? String(newValue.dropLast()) : newValue }
    }
}
