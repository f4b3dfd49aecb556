/// The privacy notice signatories agree to. Its version is stored with each signature, so the
/// text a person agreed to can always be found; a changed text gets a new version, never an edit.
public struct PrivacyNotice: Sendable, Hashable, Codable {
    public var version: String
    public var text: String

    public static let current = PrivacyNotice(
        version: "petitions-2026-11-v1",
        text: """
            Your name, postcode and reason are used to count and check this petition and are handed \
            to the body it is addressed to, with the other signatures, when it is submitted. Your email \
            address is used to confirm your signature and, only if you ask, for updates about this \
            petition; it is not published or handed over. Your postcode is used to count signatures by \
            area; counts by area are published, names and addresses never are. A set time after the \
            petition closes your name, email and postcode are deleted and only the counts are kept; you \
            can ask for your signature to be erased before then.
            """)

    public static let all: [PrivacyNotice] = [current]
}
