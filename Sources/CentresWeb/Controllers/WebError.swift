import Vapor

/// Errors a request can end in, with messages a person can act on. Mapped to HTTP in one place.
enum WebError: Error, Equatable {
    case notFound(what: String, id: String)
    case badRequest(field: String, message: String)
    case unauthorized(String)
    case forbidden(String)
    case tooManyRequests(String)
    case gone(String)
    /// The record is not in a state that allows this (a consultation no longer a draft).
    case conflict(String)

    var status: HTTPResponseStatus {
        switch self {
        case .notFound: .notFound
        case .badRequest: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .tooManyRequests: .tooManyRequests
        case .gone: .gone
        case .conflict: .conflict
        }
    }

    var title: String {
        switch self {
        case .notFound: "Not found"
        case .badRequest: "Bad request"
        case .unauthorized: "Sign in needed"
        case .forbidden: "Not allowed"
        case .tooManyRequests: "Too many requests"
        case .gone: "No longer listed"
        case .conflict: "Not possible now"
        }
    }

    var detail: String {
        switch self {
        case .notFound(let what, let id): "There is no \(what) '\(id)'."
        case .badRequest(let field, let message): "\(field): \(message)"
        case .unauthorized(let message), .forbidden(let message), .tooManyRequests(let message), .gone(let message),
            .conflict(let message):
            message
        }
    }
}
