import Foundation
import Vapor

/// Cross-site request forgery protection by double submission: a random token in a strict
/// same-site, HTTP-only cookie must come back in the form's hidden `csrf` field. Another site
/// can make a browser post a form but can neither read the cookie nor send it cross-site.
enum CSRF {
    static let cookie = "centres-csrf"

    /// This browser's token: the one it holds, or a new one (`attach` sets it).
    static func token(_ req: Request) -> String {
        if let t = req.cookies[cookie]?.string, t.count == 43 { return t }
        return SecretKey.make()
    }

    static func attach(_ token: String, to res: Response, secure: Bool) {
        res.cookies[cookie] = HTTPCookies.Value(string: token, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .strict)
    }

    static func verify(_ req: Request, _ field: String?) throws {
        guard let cookie = req.cookies[cookie]?.string, let field, SecretKey.equal(cookie, field) else {
            throw WebError.forbidden(
                "The form could not be checked (it may have been open too long, or cookies are off). Go back, reload the page and try again."
            )
        }
    }

    /// Renders `template` with `context` (which carries the token) and sets the cookie.
    /// A posted form as text fields, once its CSRF token is checked: before anything else is looked at.
    /// No field may be sent twice (`PostedForm`).
    static func verifiedForm(_ req: Request) throws -> PostedForm {
        let form = try verifiedFields(req)
        try form.refuseRepeats()
        return form
    }

    /// A posted form whose fields may repeat (a question's checkboxes), once its CSRF token is
    /// checked. The caller refuses the repeats its form does not allow (`refuseRepeats`).
    static func verifiedFields(_ req: Request) throws -> PostedForm {
        let form = try req.postedForm()
        // A token sent twice is no token: one of them would be chosen silently.
        try verify(req, form.lists["csrf"]?.count == 1 ? form["csrf"] : nil)
        return form
    }

    static func render<E: Encodable>(_ req: Request, _ template: String, _ context: E, token: String, status: HTTPStatus = .ok)
        async throws -> Response
    {
        let res = try await req.view.render(template, context).encodeResponse(for: req)
        res.status = status
        attach(token, to: res, secure: req.application.secureCookies)
        return res
    }
}

/// Random secrets and their digests.
enum SecretKey {
    /// 32 random bytes, base64url without padding (43 characters).
    static func make() -> String {
        Data([UInt8].random(count: 32)).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func digest(_ key: String) -> String { SHA256.hash(data: Data(key.utf8)).hex }

    /// Compares without stopping at the first difference, so timing says nothing about the secret.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// A fixed-window limit per client for public writes: at most `limit` in each `window` seconds.
/// In memory, per process: right for the single server the product runs as (one outbox sender
/// per database, docs/mail.md); several servers would each count on their own.
actor RateLimiter {
    private var windows: [String: (start: Date, count: Int)] = [:]
    private var prunedAt = Date.distantPast

    func allow(_ key: String, limit: Int, window: TimeInterval, now: Date = Date()) -> Bool {
        // Pruning walks every key: at most once a minute, or a surge from many addresses (every
        // window still open) would walk them all on every request.
        if windows.count > 10_000, now.timeIntervalSince(prunedAt) >= 60 {
            windows = windows.filter { now.timeIntervalSince($0.value.start) < window }
            prunedAt = now
        }
        var w = windows[key] ?? (now, 0)
        if now.timeIntervalSince(w.start) >= window { w = (now, 0) }
        guard w.count < limit else { return false }
        w.count += 1
        windows[key] = w
        return true
    }
}

extension Application {
    private struct RateLimiterKey: StorageKey {
        typealias Value = RateLimiter
    }

    /// Set once in `configure`, before any request.
    var rateLimiter: RateLimiter {
        get { storage[RateLimiterKey.self]! }
        set { storage[RateLimiterKey.self] = newValue }
    }
}

extension Request {
    /// Refuses a public write, or a costly computation, beyond `limit` per hour from this client address.
    func checkRateLimit(_ action: String, limit: Int = 30) async throws {
        let client = clientAddress ?? "unknown"
        guard await application.rateLimiter.allow("\(action)|\(client)", limit: limit, window: 3600) else {
            throw WebError.tooManyRequests("Too many \(action) requests from your address; try again in an hour.")
        }
    }
}
