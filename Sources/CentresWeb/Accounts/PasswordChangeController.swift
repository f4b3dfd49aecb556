import CentresCore
import Foundation
import Vapor

/// A signed-in member changes their own password: the current one is asked for again, and every
/// other session of the account ends.
struct PasswordChangeController {
    func register(_ app: Application) {
        app.staff(.GET, SiteURL.staffPassword.pathComponents, StaffAccess(capability: nil), use: form)
        app.staff(.POST, SiteURL.staffPassword.pathComponents, StaffAccess(capability: nil), use: change)
    }

    struct Page: Encodable {
        var title = "Change your password"
        var csrf: String
        var error: String?
        var done = false
    }

    @Sendable func form(_ req: Request) async throws -> Response {
        let page = Page(csrf: CSRF.token(req))
        return try await CSRF.render(req, "staff-password", page, token: page.csrf)
    }

    @Sendable func change(_ req: Request) async throws -> Response {
        let f = try CSRF.verifiedForm(req)
        let me = req.staff!
        func refuse(_ message: String, _ status: HTTPStatus) async throws -> Response {
            let page = Page(csrf: CSRF.token(req), error: message)
            return try await CSRF.render(req, "staff-password", page, token: page.csrf, status: status)
        }
        guard await req.application.rateLimiter.allow("password-change:" + me.id, limit: 10, window: 600) else {
            throw WebError.tooManyRequests("Too many attempts. Wait ten minutes and try again.")
        }
        guard let user = try await AccountStore.user(email: me.email, on: req.db),
            try await req.password.async.verify(f["current"] ?? "", created: user.passwordHash).get()
        else { return try await refuse("Your current password is not right.", .badRequest) }
        let password = f["password"] ?? ""
        if let problem = password != (f["confirm"] ?? "")
            ? "The two new passwords are not the same." : Credentials.passwordProblem(password, email: me.email)
        {
            return try await refuse(problem, .badRequest)
        }
        let hash = try await req.password.async.hash(password).get()
        let now = Date()
        try await req.db.transaction { tx in
            try await AccountAdmin.setPassword(
                id: me.id, hash: hash, keepingSession: req.cookies[StaffSessionMiddleware.cookie]?.string, on: tx)
            try await AuditLog.record(
                "account", me.id, action: "password changed", changes: [], by: AuditActor(me), now: now, on: tx)
        }
        let page = Page(csrf: CSRF.token(req), done: true)
        return try await CSRF.render(req, "staff-password", page, token: page.csrf)
    }
}
