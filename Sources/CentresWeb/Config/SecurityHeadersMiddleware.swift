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
        return response
    }
}
