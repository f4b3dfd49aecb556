/// A UK postcode in its normal form, `OUTWARD INWARD` in capitals.
public struct Postcode: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let text: String

    /// Accepts any case and spacing ("nr21ab", " NR2  1AB "); nil if the shape is not a UK postcode.
    public init?(_ raw: String) {
        let compact = raw.uppercased().filter { !$0.isWhitespace }
        guard (5...7).contains(compact.count), compact.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return nil }
        let chars = Array(compact)
        let inward = chars.suffix(3)
        let outward = Array(chars.dropLast(3))
        guard inward.first!.isNumber, inward.dropFirst().allSatisfy(\.isLetter),
            Postcode.isOutward(outward)
        else { return nil }
        text = String(outward) + " " + String(inward)
    }

    /// Outward codes: A9, A99, AA9, AA99, A9A, AA9A.
    static func isOutward(_ c: [Character]) -> Bool {
        let shape = String(c.map { $0.isLetter ? "A" : "9" })
        return ["A9", "A99", "AA9", "AA99", "A9A", "AA9A"].contains(shape)
    }

    public var outward: String { String(text.split(separator: " ")[0]) }
    public var description: String { text }
    public static func < (a: Postcode, b: Postcode) -> Bool { a.text < b.text }
}

/// A postcode's point, for "near me" look-ups.
public struct PostcodeEntry: Hashable, Sendable, Codable {
    public var postcode: Postcode
    public var location: Coordinate
    public var districtCode: String?
    public var positionalQuality: Int?

    public init(postcode: Postcode, location: Coordinate, districtCode: String?, positionalQuality: Int?) {
        self.postcode = postcode
        self.location = location
        self.districtCode = districtCode
        self.positionalQuality = positionalQuality
    }
}
