import Vapor

/// Turns every error into a response: RFC 9457 problem JSON under `/api`, an HTML page
/// elsewhere. Never a stack trace; unexpected errors are logged and shown as a plain 500.
struct ProblemMiddleware: AsyncMiddleware {
    let environment: Environment

    struct Problem: Content {
        var type: String
        var title: String
        var status: Int
        var detail: String
    }

    struct ErrorPage: Encodable {
        var title: String
        var status: Int
        var detail: String
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let (status, title, detail) = describe(error, request)
            if request.url.path.hasPrefix("/api/") {
                let problem = Problem(type: "about:blank", title: title, status: Int(status.code), detail: detail)
                let response = Response(status: status)
                try response.content.encode(problem, as: .json)
                response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json")
                return response
            }
            let page = try await request.view.render("error", ErrorPage(title: title, status: Int(status.code), detail: detail))
            let response = try await page.encodeResponse(for: request)
            response.status = status
            return response
        }
    }

    func describe(_ error: any Error, _ request: Request) -> (HTTPResponseStatus, String, String) {
        switch error {
        case let e as WebError:
            return (e.status, e.title, e.detail)
        case let e as DecodingError:
            return (.badRequest, "Bad request", "A parameter has the wrong type: \(Self.field(of: e)).")
        case let e where SQLiteFileGuard.isUnavailable(e):
            request.logger.error("Database unavailable", metadata: ["error": "\(e)"])
            return (
                .serviceUnavailable, "Service unavailable",
                "The database cannot answer just now (it is locked or damaged). Try again in a minute; if this goes on, tell the site's operators."
            )
        case let e as any AbortError where e.status.code < 500:
            if e.status == .notFound { return (.notFound, "Not found", "There is no page at \(request.url.path).") }
            return (e.status, e.status.reasonPhrase, e.reason)
        default:
            request.logger.report(error: error)
            return (.internalServerError, "Something went wrong", "The server could not answer this request. It has been logged.")
        }
    }

    static func field(of e: DecodingError) -> String {
        let path: [any CodingKey]
        switch e {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c): path = c.codingPath
        @unknown default: path = []
        }
        return path.map(\.stringValue).joined(separator: ".")
    }
}
