import Foundation
import Testing
import VaporTesting

@testable import CentresWeb

/// Walks the site as a browser would, from some pages, following same-site links and reading
/// forms, to find concrete addresses for each route pattern and the fields its forms send.
struct Crawl {
    let app: Application
    var browser: StaffBrowser
    /// Route pattern ("/petitions/:") → up to `perPattern` addresses that reach it.
    var samples: [String: [String]] = [:]
    var getForms: [String: [Form]] = [:]
    var postForms: [String: [Form]] = [:]
    static let perPattern = 2
    static let mostPages = 700

    struct Form {
        var action: String
        var fields: [(String, String)]
        var names: [String] { fields.map(\.0) }
    }

    init(app: Application, browser: StaffBrowser) {
        self.app = app
        self.browser = browser
    }

    mutating func run(from seeds: [String]) async throws {
        var queue = seeds
        var seen = Set(seeds)
        var fetched = 0
        while !queue.isEmpty, fetched < Self.mostPages {
            let url = queue.removeFirst()
            guard let pattern = Self.patternOf(url, in: app.routes.all, method: .GET) else { continue }
            if samples[pattern, default: []].count >= Self.perPattern { continue }
            samples[pattern, default: []].append(url)
            let res = try await browser.open(url)
            fetched += 1
            guard res.status == .ok else { continue }
            let html = res.body.string
            // Pages link with href; the JSON API names addresses as strings ("url": "/centres/…").
            let found = res.headers.contentType?.subType == "html" ? Self.links(html) : Self.jsonPaths(html)
            for link in found where !seen.contains(link) {
                seen.insert(link)
                queue.append(link)
            }
            for (method, form) in Self.forms(html) {
                let m: HTTPMethod = method == "post" ? .POST : .GET
                guard let p = Self.patternOf(form.action, in: app.routes.all, method: m) else { continue }
                if m == .POST {
                    if postForms[p, default: []].count < Self.perPattern { postForms[p, default: []].append(form) }
                } else if getForms[p, default: []].count < Self.perPattern {
                    getForms[p, default: []].append(form)
                }
            }
        }
    }

    /// The names the handler read for this request (`ParameterReads`, reported by the test-only header).
    func readNames(_ url: String, method: HTTPMethod = .GET, body: String = "") async throws -> [String] {
        app.rateLimiter = RateLimiter()
        let res = try await browser.send(method, url, body: body)
        return (res.headers.first(name: ParameterReadsMiddleware.header) ?? "").split(separator: ",").map(String.init)
    }

    // MARK: Addresses

    static func pattern(_ components: [PathComponent]) -> String {
        "/"
            + components.map {
                switch $0 {
                case .parameter: ":"
                default: $0.description
                }
            }.joined(separator: "/")
    }

    static func patternOf(_ url: String, in routes: [Route], method: HTTPMethod) -> String? {
        let path = split(url).path
        let segments = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        // The route with the most constant segments wins, as the router's does.
        let candidates = routes.filter { $0.method == method && OwnPage.matches($0.path, segments) }
        let best = candidates.max {
            $0.path.filter { if case .constant = $0 { true } else { false } }.count
                < $1.path.filter { if case .constant = $0 { true } else { false } }.count
        }
        return best.map { pattern($0.path) }
    }

    static func parameterPositions(_ components: [PathComponent]) -> [Int] {
        components.enumerated().compactMap { if case .parameter = $0.element { $0.offset } else { nil } }
    }

    static func replacingSegment(_ path: String, at i: Int, with value: String) -> String {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard i + 1 < parts.count else { return path }
        parts[i + 1] = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        if parts[i + 1].isEmpty { parts[i + 1] = "%20" }
        return parts.joined(separator: "/")
    }

    /// An address for a route the crawl never reached: each parameter filled with a value the
    /// crawl saw after the same word elsewhere (`/centres/X` for `/api/v1/centres/:id`), else
    /// from the world.
    func fallback(_ components: [PathComponent], _ w: HostileWorld) -> String {
        var previous = ""
        var out: [String] = []
        let seenAfter: [String: String] = {
            var m: [String: String] = [:]
            for url in samples.values.flatMap({ $0 }).sorted() {
                let parts = Self.split(url).path.split(separator: "/").map(String.init)
                for (a, b) in zip(parts, parts.dropFirst()) where m[a] == nil { m[a] = b }
            }
            return m
        }()
        for c in components {
            switch c {
            case .constant(let s):
                out.append(s)
                previous = s
            default:
                out.append(seenAfter[previous] ?? Self.worldValue(after: previous, w))
            }
        }
        return "/" + out.joined(separator: "/")
    }

    static func worldValue(after word: String, _ w: HostileWorld) -> String {
        switch word {
        case "petitions", "moderation": w.petitionID
        case "consultations": w.consultationID
        case "proposals": w.proposalID
        case "accounts": w.userID
        case "sheets", "responses", "keyings", "redact": "1"
        case "questions", "coding": "q1"
        case "records", "history": "centre"
        default: "x"
        }
    }

    static func split(_ url: String) -> (path: String, query: Query) {
        let parts = url.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), Query(encoded: parts.count > 1 ? String(parts[1]) : ""))
    }

    /// An ordered list of names and values, as a query string or a form body.
    struct Query {
        var pairs: [(String, String)]

        init(_ pairs: [(String, String)]) { self.pairs = pairs }

        init(encoded: String) {
            pairs = encoded.split(separator: "&").map { pair in
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                    $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
                }
                return (kv[0], kv.count > 1 ? kv[1] : "")
            }
        }

        var names: [String] { pairs.map(\.0) }

        func replacing(_ name: String, with value: String) -> Query {
            var q = self
            if q.pairs.contains(where: { $0.0 == name }) {
                var done = false
                q.pairs = q.pairs.compactMap {
                    guard $0.0 == name else { return $0 }
                    defer { done = true }
                    return done ? nil : (name, value)
                }
            } else {
                q.pairs.append((name, value))
            }
            return q
        }

        var body: String {
            pairs.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
        }
        var encoded: String { pairs.isEmpty ? "" : "?" + body }

        static func escape(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }
    }

    // MARK: HTML

    static func decodeEntities(_ s: String) -> String {
        s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&#x27;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    static func attributes(_ tag: String) -> [String: String] {
        var out: [String: String] = [:]
        let re = try! NSRegularExpression(pattern: #"([a-zA-Z-]+)(?:="([^"]*)")?"#)
        for m in re.matches(in: tag, range: NSRange(tag.startIndex..., in: tag)) {
            let name = String(tag[Range(m.range(at: 1), in: tag)!]).lowercased()
            let value = Range(m.range(at: 2), in: tag).map { decodeEntities(String(tag[$0])) } ?? ""
            if out[name] == nil { out[name] = value }
        }
        return out
    }

    static func matches(_ pattern: String, _ text: String) -> [[String]] {
        let re = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators, .caseInsensitive])
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { m in
            (0..<m.numberOfRanges).map { Range(m.range(at: $0), in: text).map { String(text[$0]) } ?? "" }
        }
    }

    static func links(_ html: String) -> [String] {
        matches(#"href="([^"]*)""#, html).compactMap { m in
            let link = decodeEntities(m[1]).split(separator: "#", omittingEmptySubsequences: false)[0]
            guard link.hasPrefix("/"), !link.hasPrefix("//"), !link.hasPrefix("/css/"), !link.hasSuffix(".zip") else {
                return nil
            }
            return String(link)
        }
    }

    static func jsonPaths(_ json: String) -> [String] {
        matches(#""(/[a-z][^"\s]*)""#, json).map { $0[1].replacingOccurrences(of: "\\/", with: "/") }
    }

    static func forms(_ html: String) -> [(method: String, form: Form)] {
        matches(#"<form\b([^>]*)>(.*?)</form>"#, html).compactMap { m in
            let attrs = attributes(m[1])
            guard let action = attrs["action"], action.hasPrefix("/"), attrs["enctype"]?.contains("multipart") != true else {
                return nil
            }
            let inner = m[2]
            var fields: [(String, String)] = []
            var radios = Set<String>()
            for tag in matches(#"<input\b([^>]*)>"#, inner).map({ attributes($0[1]) }) {
                guard let name = tag["name"], !name.isEmpty else { continue }
                switch tag["type"] ?? "text" {
                case "file", "submit", "reset", "image": continue
                case "radio":
                    if radios.insert(name).inserted { fields.append((name, tag["value"] ?? "on")) }
                case "checkbox": fields.append((name, tag["value"] ?? "on"))
                default: fields.append((name, tag["value"] ?? ""))
                }
            }
            for s in matches(#"<select\b([^>]*)>(.*?)</select>"#, inner) {
                guard let name = attributes(s[1])["name"] else { continue }
                let options = matches(#"<option\b([^>]*)>"#, s[2]).map { attributes($0[1]) }
                let chosen = options.first { $0["selected"] != nil } ?? options.first
                fields.append((name, chosen?["value"] ?? ""))
            }
            for t in matches(#"<textarea\b([^>]*)>(.*?)</textarea>"#, inner) {
                if let name = attributes(t[1])["name"] { fields.append((name, decodeEntities(t[2]))) }
            }
            if let b = matches(#"<button\b([^>]*)>"#, inner).map({ attributes($0[1]) }).first(where: { $0["name"] != nil }) {
                fields.append((b["name"]!, b["value"] ?? ""))
            }
            return ((attrs["method"] ?? "get").lowercased(), Form(action: action, fields: fields))
        }
    }
}
