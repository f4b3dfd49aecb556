import Foundation

/// Rules for staff email addresses and passwords, with messages a person can act on.
public enum Credentials {
    /// Lower-cased and trimmed, so one address is one account however it is typed.
    public static func normalisedEmail(_ raw: String) -> String {
        raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// nil when `email` (normalised) looks like an address; otherwise why not.
    public static func emailProblem(_ email: String) -> String? {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !email.contains(where: \.isWhitespace)
        else { return "Enter an email address like name@example.org." }
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
