import Vapor

/// Security headers on every response. The CSP allows no inline script or style at all:
/// pages work without JavaScript and every style lives in /css/site.css.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    static let policy = [
        "default-src 'self'", "img-src 'self' data:", "style-src 'self'", "script-src 'none'", "object-src 'none'",
        "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.policy)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "strict-origin-when-cross-origin")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        if Self.mayHoldPersonalData(request) {
            response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        }
        if request.application.secureCookies {
            // Behind HTTPS (the setting says so): browsers keep to HTTPS for a year. Not
            // includeSubDomains: the council's other sites are not ours to commit.
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000")
        }
        return response
    }

    /// Staff pages and files (signatories, responses, submission packs, the audit log), pages
    /// reached by a one-time link, and anything answered to a signed-in browser: kept out of
    /// shared and browser caches. Public pages stay cacheable.
    static func mayHoldPersonalData(_ request: Request) -> Bool {
        let path = request.url.path
        if request.cookies[StaffSessionMiddleware.cookie] != nil { return true }
        for prefix in ["/staff", "/sign-in", "/sign-out", "/password-reset", "/watch"]
        where path == prefix || path.hasPrefix(prefix + "/") {
            return true
        }
        let parts = path.split(separator: "/")
        guard parts.count == 3 else { return false }
        switch (parts[0], parts[2]) {
        case ("petitions", "sign"), ("petitions", "confirm"), ("consultations", "respond"), ("consultations", "saved"):
            return true
        default: return false
        }
    }
}
