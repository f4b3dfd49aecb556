import Foundation

/// Rules for staff email addresses and passwords, with messages a person can act on.
public enum Credentials {
    /// Lower-cased and trimmed, so one address is one account however it is typed.
    public static func normalisedEmail(_ raw: String) -> String {
        raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// nil when `email` (normalised) looks like an address; otherwise why not.
    ///
    /// Deliberately narrower than RFC 5322, so that one mailbox has one written form and
    /// duplicates can be found (docs/security.md): the part before the @ is letters, digits and
    /// `!#$%&'*+/=?^_`{|}~-` with single dots between (no quoted local parts such as
    /// `"mary.jones"@…`); the domain is a host name of ASCII letters, digits and hyphens (no
    /// address literals such as `@[127.0.0.1]`; an international domain is written in its
    /// `xn--` form, so a look-alike such as `gmаil.com` with a Cyrillic а is refused rather
    /// than counted as a new address).
    public static func emailProblem(_ email: String) -> String? {
        let example = "Enter an email address like name@example.org."
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64 else { return example }
        let local = parts[0], domain = parts[1]
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-".unicodeScalars)
        let atoms = local.split(separator: ".", omittingEmptySubsequences: false)
        guard atoms.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy(atext.contains) }) else {
            return
                "Enter the part before the @ as letters, digits and dots (for example mary.jones@example.org); quoted addresses are not accepted."
        }
        if domain.unicodeScalars.contains(where: { !$0.isASCII }) {
            return "Write the address's domain in plain letters (an international domain in its xn-- form)."
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let ldh = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".unicodeScalars)
        guard labels.count >= 2,
            labels.allSatisfy({ l in
                !l.isEmpty && l.count <= 63 && !l.hasPrefix("-") && !l.hasSuffix("-") && l.unicodeScalars.allSatisfy(ldh.contains)
            }), let top = labels.last, top.contains(where: \.isLetter)
        else { return example }
        return nil
    }

    public static let minimumPasswordLength = 12
    /// bcrypt reads only the first 72 bytes: a longer password would be silently cut.
    public static let maximumPasswordBytes = 72

    /// nil when `password` is acceptable for `email`; otherwise why not. Length over rules of
    /// composition, as NCSC and NIST advise.
    public static func passwordProblem(_ password: String, email: String) -> String? {
        if password.count < minimumPasswordLength {
            return "Use at least \(minimumPasswordLength) characters (three random words work well)."
        }
        if password.utf8.count > maximumPasswordBytes {
            return "Use at most \(maximumPasswordBytes) bytes (about \(maximumPasswordBytes) letters)."
        }
        let local = email.split(separator: "@").first.map(String.init) ?? ""
        let lowered = password.lowercased()
        if !email.isEmpty && lowered.contains(email) || local.count >= 4 && lowered.contains(local) {
            return "Do not use your email address in your password."
        }
        return nil
    }
}

/// Back-off after failed sign-ins to one account: the first few failures cost nothing, then each
/// further one doubles the wait, up to an hour. A correct password during the wait is refused
/// too (otherwise the wait would not slow a guesser), and a success resets the count.
public struct SignInBackoff: Sendable, Equatable {
    public var freeFailures = 5
    public var firstWaitSeconds = 30.0
    public var longestWaitSeconds = 3_600.0

    public init() {}

    /// How long the account is locked after its `failures`-th consecutive failure.
    public func wait(afterFailures failures: Int) -> Double {
        guard failures >= freeFailures else { return 0 }
        let doublings = min(failures - freeFailures, 20)
        return min(longestWaitSeconds, firstWaitSeconds * Double(1 << doublings))
    }
}
