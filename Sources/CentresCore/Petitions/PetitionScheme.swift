/// Why a signatory may sign under a scheme that asks people to live, work or study in the area.
public enum EligibilityReason: String, CaseIterable, Sendable, Codable {
    case live, work, study

    public var label: String {
        switch self {
        case .live: "I live in the area"
        case .work: "I work in the area"
        case .study: "I study in the area"
        }
    }
}

/// What a scheme does with a signatory whose postcode is outside the area.
public enum OutsideAreaRule: String, CaseIterable, Sendable, Codable {
    /// Only postcodes in the area are accepted.
    case refuse
    /// Accepted when the reason is work or study (someone may live outside and work inside);
    /// such signatures are counted as "outside the area" rather than in a district.
    case allowWorkOrStudy = "allow-work-or-study"
}

/// A council's rules for petitions: who may sign and the counts that matter.
public struct PetitionScheme: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    /// Signatures needed for the council to accept the petition.
    public var acceptanceThreshold: Int
    /// Signatures that trigger a debate of the full council.
    public var debateThreshold: Int
    /// Shown to every signatory above the form.
    public var eligibilityStatement: String
    public var reasons: [EligibilityReason]
    public var outsideArea: OutsideAreaRule

    public init(
        id: String, name: String, acceptanceThreshold: Int, debateThreshold: Int, eligibilityStatement: String,
        reasons: [EligibilityReason], outsideArea: OutsideAreaRule
    ) {
        self.id = id
        self.name = name
        self.acceptanceThreshold = acceptanceThreshold
        self.debateThreshold = debateThreshold
        self.eligibilityStatement = eligibilityStatement
        self.reasons = reasons
        self.outsideArea = outsideArea
    }

    /// Norfolk County Council's scheme as the glossary gives it: 20 signatures from people who
    /// live, work or study in Norfolk to be accepted, 4,500 for a debate of the full council.
    public static let norfolk = PetitionScheme(
        id: "norfolk-county-council", name: "Norfolk County Council petition scheme", acceptanceThreshold: 20,
        debateThreshold: 4_500,
        eligibilityStatement: "You can sign if you live, work or study in Norfolk.", reasons: EligibilityReason.allCases,
        outsideArea: .allowWorkOrStudy)

    /// The thresholds in increasing order with their names.
    public var thresholds: [(name: String, count: Int)] {
        [("accepted", acceptanceThreshold), ("debate", debateThreshold)].sorted { $0.1 < $1.1 }
    }

    /// Why a scheme's numbers do not make sense, or nil.
    public var problem: String? {
        if acceptanceThreshold < 1 { return "the acceptance threshold must be at least 1" }
        if debateThreshold < acceptanceThreshold { return "the debate threshold cannot be below the acceptance threshold" }
        if reasons.isEmpty { return "give at least one reason a person may sign" }
        return nil
    }

    /// Whether a signatory with `reason`, whose postcode is inside the area or not, may sign;
    /// nil when they may, else why not.
    public func refusal(reason: EligibilityReason, postcodeInArea: Bool) -> String? {
        if !reasons.contains(reason) { return "this petition's scheme does not accept '\(reason.label.lowercased())'" }
        if postcodeInArea { return nil }
        switch outsideArea {
        case .refuse: return "this petition is for people with a postcode in the area"
        case .allowWorkOrStudy:
            return reason == .live ? "that postcode is outside the area: you can sign if you work or study here" : nil
        }
    }
}
