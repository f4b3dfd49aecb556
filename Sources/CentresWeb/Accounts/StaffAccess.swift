import CentresCore
import Foundation
import Vapor

/// Reads the session cookie, when there is one, and puts the signed-in member on the request.
struct StaffSessionMiddleware: AsyncMiddleware {
    static let cookie = "centres-session"
    /// A working day and a bit: a session left open overnight has to sign in again.
    static let lifetime: TimeInterval = 12 * 3600

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = req.cookies[Self.cookie]?.string, token.count == 43 {
            req.staff = try await AccountStore.member(sessionToken: token, now: Date(), on: req.db)
        }
        return try await next.respond(to: req)
    }

    static func set(_ token: String, on res: Response, secure: Bool) {
        res.cookies[cookie] = HTTPCookies.Value(
            string: token, maxAge: Int(lifetime), path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    static func clear(on res: Response, secure: Bool) {
        res.cookies[cookie] = HTTPCookies.Value(
            string: "", maxAge: 0, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
}

/// Who may use a staff route: any signed-in member (nil) or one whose roles grant the capability.
struct StaffAccess: Sendable, Equatable {
    var capability: Capability?

    static let userInfoKey = "staff-access"
}

/// Refuses a request that `access` does not allow: not signed in → the sign-in page for a GET
/// (coming back afterwards), 401 otherwise; signed in without the capability → 403.
struct RequireStaff: AsyncMiddleware {
    let access: StaffAccess

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let member = req.staff else {
            if req.method == .GET { return req.redirect(to: SiteURL.signIn(next: req.url.path).path, redirectType: .normal) }
            throw WebError.unauthorized("Sign in to do this.")
        }
        if let c = access.capability, !member.can(c) {
            throw WebError.forbidden("Your account's roles do not allow this. An administrator can change your roles.")
        }
        return try await next.respond(to: req)
    }
}

extension RoutesBuilder {
    /// Registers a staff-only route: guarded by `RequireStaff` and marked, so the route-by-route
    /// access test can find what it requires.
    @discardableResult
    func staff(
        _ method: HTTPMethod, _ path: [PathComponent], _ access: StaffAccess, body: HTTPBodyStreamStrategy = .collect,
        use handler: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        let route = grouped(RequireStaff(access: access)).on(method, path, body: body, use: handler)
        route.userInfo[StaffAccess.userInfoKey] = access
        return route
    }
}

extension Request {
    private struct StaffKey: StorageKey {
        typealias Value = StaffMember
    }

    /// The signed-in member, if any.
    var staff: StaffMember? {
        get { storage[StaffKey.self] }
        set { storage[StaffKey.self] = newValue }
    }
}

extension Application {
    private struct SecureCookiesKey: StorageKey {
        typealias Value = Bool
    }

    var secureCookies: Bool {
        get { storage[SecureCookiesKey.self] ?? false }
        set { storage[SecureCookiesKey.self] = newValue }
    }
}
