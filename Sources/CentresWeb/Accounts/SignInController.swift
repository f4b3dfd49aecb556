import CentresCore
import Foundation
import Vapor

/// Sign-in, sign-out and the staff home page.
struct SignInController {
    /// Attempts per client address in `window` seconds, on top of each account's own back-off.
    static let attemptsPerWindow = 20
    static let window: TimeInterval = 600

    func register(_ app: Application) {
        app.get(SiteURL.signIn(next: nil).pathComponents, use: form)
        app.post(SiteURL.signIn(next: nil).pathComponents, use: signIn)
        app.post(SiteURL.signOut.pathComponents, use: signOut)
        app.staff(.GET, SiteURL.staff.pathComponents, StaffAccess(capability: nil), use: home)
    }

    struct FormPage: Encodable {
        var title = "Staff sign-in"
        var csrf: String
        var email: String
        var next: String?
        var error: String?
    }

    /// Only a page of this site (`OwnPage`), so the link cannot send someone elsewhere after
    /// signing in or carry a header into the redirect.
    static func safeNext(_ raw: String?, _ req: Request) -> String? {
        OwnPage.path(raw, routes: req.application.routes.all)
    }

    @Sendable func form(_ req: Request) async throws -> Response {
        let page = FormPage(csrf: CSRF.token(req), email: "", next: Self.safeNext(req.queryText("next"), req))
        return try await CSRF.render(req, "sign-in", page, token: page.csrf)
    }

    @Sendable func signIn(_ req: Request) async throws -> Response {
        let f = try CSRF.verifiedForm(req)
        let client = req.clientAddress ?? "unknown"
        guard await req.application.rateLimiter.allow("sign-in:" + client, limit: Self.attemptsPerWindow, window: Self.window)
        else { throw WebError.tooManyRequests("Too many sign-in attempts from here. Wait ten minutes and try again.") }
        let email = Credentials.normalisedEmail(f["email"] ?? ""), password = f["password"] ?? ""
        let next = Self.safeNext(f["next"], req)
        func refuse(_ message: String) async throws -> Response {
            let page = FormPage(csrf: CSRF.token(req), email: email, next: next, error: message)
            return try await CSRF.render(req, "sign-in", page, token: page.csrf, status: .unauthorized)
        }
        let wrong = "That email address and password do not match an account."
        let now = Date()
        guard let user = try await AccountStore.user(email: email, on: req.db), user.disabledAt == nil else {
            // The same work as a real check, so the time taken does not say whether the account exists.
            _ = try await req.password.async.hash(password.isEmpty ? "-" : password).get()
            return try await refuse(wrong)
        }
        if let until = user.lockedUntil.flatMap({ try? Date($0, strategy: .iso8601) }), until > now {
            return try await refuse(
                "Too many failed attempts for this account: try again after \(until.formatted(date: .omitted, time: .shortened)) UTC, or reset your password."
            )
        }
        guard !password.isEmpty, try await req.password.async.verify(password, created: user.passwordHash).get() else {
            try await AccountStore.recordFailure(user, backoff: SignInBackoff(), now: now, on: req.db)
            return try await refuse(wrong)
        }
        try await AccountStore.recordSuccess(user, now: now, on: req.db)
        try await AccountStore.purgeSessions(now: now, on: req.db)
        let token = try await AccountStore.startSession(
            userID: user.id, lifetime: StaffSessionMiddleware.lifetime, now: now, on: req.db)
        req.logger.info("Signed in", metadata: ["user": .string(user.id)])
        let res = req.redirect(to: next ?? SiteURL.staff.path, redirectType: .normal)
        StaffSessionMiddleware.set(token, on: res, secure: req.application.secureCookies)
        return res
    }

    @Sendable func signOut(_ req: Request) async throws -> Response {
        _ = try CSRF.verifiedForm(req)
        try await req.checkRateLimit("sign-out", limit: 120)
        if let token = req.cookies[StaffSessionMiddleware.cookie]?.string {
            try await AccountStore.endSession(token: token, on: req.db)
        }
        let res = req.redirect(to: SiteURL.home.path, redirectType: .normal)
        StaffSessionMiddleware.clear(on: res, secure: req.application.secureCookies)
        return res
    }

    struct HomePage: Encodable {
        var title = "Staff"
        var csrf: String
        var name: String
        var email: String
        var roles: [String]
        var capabilities: [String]
        var canReadAudit: Bool
        var canManageAccounts: Bool
        var canEditNetwork: Bool
        var canOrganisePetitions: Bool
        var canModerate: Bool
        var canManageConsultations: Bool
    }

    @Sendable func home(_ req: Request) async throws -> Response {
        let member = req.staff!
        let page = HomePage(
            csrf: CSRF.token(req), name: member.name, email: member.email, roles: member.roles.map(\.title),
            capabilities: Capability.allCases.filter(member.can).map(\.summary), canReadAudit: member.can(.readAudit),
            canManageAccounts: member.can(.manageAccounts), canEditNetwork: member.can(.editNetwork),
            canOrganisePetitions: member.can(.organisePetitions), canModerate: member.can(.moderate),
            canManageConsultations: member.can(.manageConsultations))
        return try await CSRF.render(req, "staff", page, token: page.csrf)
    }
}
