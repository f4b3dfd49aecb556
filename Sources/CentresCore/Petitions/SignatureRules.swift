import Foundation

/// What a signatory submits, checked field by field before anything is stored.
public struct SignatureSubmission: Sendable, Equatable {
    public var name: String
    public var email: String
    public var postcode: Postcode
    public var reason: EligibilityReason
    public var updatesConsent: Bool

    public init(name: String, email: String, postcode: Postcode, reason: EligibilityReason, updatesConsent: Bool) {
        self.name = name
        self.email = email
        self.postcode = postcode
        self.reason = reason
        self.updatesConsent = updatesConsent
    }

    /// Reads the form; returns the submission or every problem, by field.
    public static func read(
        name: String, email: String, postcode: String, reason: String, privacyAgreed: Bool, updatesConsent: Bool,
        scheme: PetitionScheme
    ) -> Result<SignatureSubmission, SignatureProblems> {
        var problems: [(String, String)] = []
        if let p = SignatoryRules.nameProblem(name) { problems.append(("name", p)) }
        let address = Credentials.normalisedEmail(email)
        if let p = Credentials.emailProblem(address) { problems.append(("email", p)) }
        let code = Postcode(postcode)
        if code == nil { problems.append(("postcode", "'\(postcode)' is not a UK postcode")) }
        let why = EligibilityReason(rawValue: reason)
        if why == nil || !scheme.reasons.contains(why!) { problems.append(("reason", "choose why you may sign")) }
        if !privacyAgreed { problems.append(("privacy", "agree to the privacy notice to sign")) }
        guard problems.isEmpty, let code, let why else { return .failure(SignatureProblems(fields: problems)) }
        return .success(
            SignatureSubmission(
                name: name.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(
                    of: #"\s+"#, with: " ", options: .regularExpression), email: address, postcode: code, reason: why,
                updatesConsent: updatesConsent))
    }

    /// The name as duplicates are found: letters and digits only, lower case, accents kept;
    /// compatibility forms folded (fullwidth ｍａｒｙ is mary) and Cyrillic and Greek letters
    /// that look like Latin ones read as those (Mаry with a Cyrillic а is Mary), so a name
    /// cannot be signed twice by swapping in a look-alike letter.
    public var nameKey: String { SignatureSubmission.nameKey(name) }

    public static func nameKey(_ name: String) -> String {
        let folded = name.precomposedStringWithCompatibilityMapping.lowercased()
        var out = String.UnicodeScalarView()
        for s in folded.unicodeScalars {
            out.append(Confusables.latin[s] ?? s)
        }
        return String(out).filter { $0.isLetter || $0.isNumber }
    }
}

public struct SignatureProblems: Error, Sendable, Equatable {
    public var fields: [(field: String, message: String)]

    public static func == (a: SignatureProblems, b: SignatureProblems) -> Bool {
        a.fields.map(\.field) == b.fields.map(\.field) && a.fields.map(\.message) == b.fields.map(\.message)
    }
}

/// The household rule: one email address may carry signatures for different people who share
/// it, from the same postcode, up to a limit.
public enum HouseholdRule {
    /// The first signature and at most two more ("may sign again … at most twice").
    public static let maximumNames = 3

    /// Why another name cannot sign with this address, given the postcodes of the signatures it
    /// already carries on this petition; nil when it may.
    public static func refusal(existingPostcodes: [Postcode], newPostcode: Postcode) -> String? {
        if existingPostcodes.count >= maximumNames {
            return "this email address has already signed for \(maximumNames) people, the most one address may"
        }
        if let first = existingPostcodes.first, first != newPostcode {
            return "this email address has signed from another postcode: people sharing an address sign from the same postcode"
        }
        return nil
    }
}
