import Foundation

/// Rules for what a signatory gives: a canonical email for finding the same person twice, and
/// a name that is a name.
public enum SignatoryRules {
    /// Providers that deliver `a.b+tag@` to `ab@`: dots and plus tags are dropped.
    static let ignoresDotsAndTags: Set<String> = ["gmail.com", "googlemail.com"]
    /// Providers that deliver `ab+tag@` to `ab@` but treat dots as part of the name.
    static let ignoresTags: Set<String> = [
        "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com", "live.co.uk", "icloud.com", "me.com", "fastmail.com",
        "proton.me", "protonmail.com", "yahoo.com", "yahoo.co.uk", "btinternet.com",
    ]

    /// The big mail providers: a limit per email domain would treat their users as one actor.
    public static var knownProviders: Set<String> {
        ignoresDotsAndTags.union(ignoresTags).union([
            "aol.com", "gmx.com", "gmx.co.uk", "sky.com", "talktalk.net", "virginmedia.com",
        ])
    }

    /// The address in the form used to find the same mailbox twice: lower case; for providers
    /// known to ignore them, without dots (Gmail) and `+tags`; `googlemail.com` as `gmail.com`.
    /// Other providers' addresses keep their dots and tags, since there they may be different
    /// mailboxes.
    /// - Complexity: O(n) in the address's length.
    public static func canonicalEmail(_ address: String) -> String {
        let lower = address.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard let at = lower.lastIndex(of: "@") else { return lower }
        var local = String(lower[..<at])
        var domain = String(lower[lower.index(after: at)...])
        if domain == "googlemail.com" { domain = "gmail.com" }
        if ignoresDotsAndTags.contains(domain) || ignoresTags.contains(domain) {
            if let plus = local.firstIndex(of: "+") { local = String(local[..<plus]) }
        }
        if ignoresDotsAndTags.contains(domain) { local.removeAll { $0 == "." } }
        return local + "@" + domain
    }

    /// Why a name cannot be accepted, or nil. Names that a spreadsheet would run as a formula
    /// (starting with = + - @) and names that are web addresses are refused.
    public static func nameProblem(_ raw: String) -> String? {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { return "give your name" }
        if name.count > 200 { return "keep the name under 200 characters" }
        if let first = name.unicodeScalars.first, "=+-@".unicodeScalars.contains(first) {
            return "a name cannot start with = + - or @"
        }
        let lower = name.lowercased()
        if lower.contains("://") || lower.hasPrefix("www.") || lower.contains(" www.")
            || lower.range(of: #"[a-z0-9-]+\.(com|org|net|uk|io|ru|info|biz|xyz|co)(/|\b)"#, options: .regularExpression) != nil
            // A scheme a browser would run or open (javascript:, data:, vbscript: …), even without slashes.
            || lower.range(
                of: #"(^|[^a-z])(javascript|vbscript|data|file|about|blob|mailto|tel|ftp|https?)\s*:"#,
                options: .regularExpression)
                != nil
            // A host with a path (evil.example/x), whatever its top-level domain.
            || lower.range(of: #"[a-z0-9-]+(\.[a-z0-9-]+)+/"#, options: .regularExpression) != nil
        {
            return "a name cannot be a web address"
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "the name contains control characters"
        }
        if !name.contains(where: \.isLetter) { return "a name needs letters" }
        return nil
    }
}
