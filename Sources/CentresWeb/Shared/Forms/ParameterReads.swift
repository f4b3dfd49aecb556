import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The query and form parameters a request's handler read. Nothing records them unless a test
/// puts one in the request's storage: the hostile-parameter test learns from it which names each
/// route reads, so that a parameter added to any route is fed extreme values without a list to
/// keep up to date.
final class ParameterReads: Sendable {
    private let names = NIOLockedValueBox<[String]>([])

    init() {}

    func note(_ name: String) {
        names.withLockedValue { if !$0.contains(name) { $0.append(name) } }
    }

    var all: [String] { names.withLockedValue { $0 } }
}

extension Request {
    private struct ParameterReadsKey: StorageKey { typealias Value = ParameterReads }

    /// Set only by tests (`ParameterReads`).
    var parameterReads: ParameterReads? {
        get { storage[ParameterReadsKey.self] }
        set { storage[ParameterReadsKey.self] = newValue }
    }

    /// A query parameter's value as text, or nil when absent. Every read of the query goes
    /// through here or `queryNumber`, never `query` directly (a test checks).
    func queryText(_ name: String) -> String? {
        parameterReads?.note(name)
        return query[String.self, at: name]
    }

    /// A whole-number query parameter: nil when absent or empty, refused when not a whole number
    /// that fits (so `page=9223372036854775808` is a 400, not a crash or a silent default).
    func queryNumber(_ name: String) throws -> Int? {
        guard let text = queryText(name), !text.isEmpty else { return nil }
        guard let n = Int(text) else {
            throw WebError.badRequest(field: name, message: "'\(text.prefix(40))' is not a whole number")
        }
        return n
    }
}

/// Reports, in a response header, the parameters the handler read. Installed only when
/// `AppConfig.recordsParameterReads` is set, which only the hostile-parameter test does.
struct ParameterReadsMiddleware: AsyncMiddleware {
    static let header = "X-Centres-Parameter-Reads"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let reads = ParameterReads()
        request.parameterReads = reads
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: Self.header, value: reads.all.joined(separator: ","))
        return response
    }
}
