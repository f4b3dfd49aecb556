import Foundation
import Vapor

/// Where a link may send someone back to after a step (`next` after signing in): only a page of
/// this site, checked against the routes the site registers. Anything else (another host written
/// as `//host`, `/\host` or `/<tab>/host`, a scheme, a line break that would split the `Location`
/// header, a path no page answers) is dropped rather than repaired.
enum OwnPage {
    static let longest = 2_000

    /// `raw` when it is a path (with an optional query) that one of `routes`' GET pages answers.
    static func path(_ raw: String?, routes: [Route]) -> String? {
        guard let raw, raw.utf8.count <= longest, raw.hasPrefix("/"), !raw.hasPrefix("//"),
            // Printable ASCII only: no space, tab, CR, LF or DEL; anything else must come percent-encoded.
            raw.utf8.allSatisfy({ (0x21...0x7E).contains($0) }), !raw.contains("\\"), !raw.contains("#"),
            let parts = URLComponents(string: raw), parts.scheme == nil, parts.host == nil
        else { return nil }
        let pathText = raw.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        var segments: [String] = []
        for s in pathText.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            guard let d = String(s).removingPercentEncoding, !d.isEmpty, d != ".", d != "..",
                !d.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "/" || $0 == "\\" })
            else { return nil }
            segments.append(d)
        }
        if pathText == "/" { segments = [] }
        let answered = routes.contains { r in r.method == .GET && matches(r.path, segments) }
        return answered ? raw : nil
    }

    static func matches(_ pattern: [PathComponent], _ segments: [String]) -> Bool {
        for (i, p) in pattern.enumerated() {
            switch p {
            case .catchall: return segments.count > i
            case .constant(let c): guard i < segments.count, segments[i] == c else { return false }
            case .parameter, .anything: guard i < segments.count else { return false }
            }
        }
        return pattern.count == segments.count
    }
}
