import Foundation

/// One question of a consultation, as the manager writes it and every channel asks it: online,
/// on the printable paper form and in staff entry. Its `id` names its form fields, so answers
/// from every channel land in the same place.
public struct ConsultationQuestion: Sendable, Equatable, Codable {
    public var id: String
    public var text: String
    public var help: String?
    public var kind: Kind
    public var required: Bool
    /// Asked only when an earlier question's answer is, or includes, a value ("show B if A = yes").
    public var showIf: Condition?

    public init(id: String, text: String, help: String? = nil, kind: Kind, required: Bool = false, showIf: Condition? = nil) {
        (self.id, self.text, self.help, self.kind, self.required, self.showIf) = (id, text, help, kind, required, showIf)
    }

    public enum Kind: Sendable, Equatable, Codable {
        /// One line, up to `ConsultationQuestion.shortLimit` characters.
        case shortText
        /// Free text, up to `ConsultationQuestion.longLimit` characters.
        case longText
        /// One option; with `other`, "Other" and a line of text.
        case singleChoice(options: [Option], other: Bool)
        /// Any number of options (counted per option, never per combination); with `other` as above.
        case multipleChoice(options: [Option], other: Bool)
        /// The five-point agree/disagree scale, with "don't know".
        case agreement
        /// Options put in order of preference: each ranked option a different place, 1, 2, 3….
        case ranking(options: [Option])
        /// A UK postcode, checked, so answers can be counted by district and area.
        case postcode
        /// Which centre the respondent uses: the network's centres at the time the question was
        /// written, plus "none".
        case centre(options: [Option])
        /// A row of statements, each answered on the agreement scale.
        case matrix(rows: [Option])
        /// Who is answering (`RespondentType`), so results can be read by respondent type.
        case respondentType
    }

    /// A choice: `value` is stored and `label` is shown.
    public struct Option: Sendable, Equatable, Codable {
        public var value: String
        public var label: String
        public init(_ value: String, _ label: String) { (self.value, self.label) = (value, label) }
    }

    public struct Condition: Sendable, Equatable, Codable {
        public var questionID: String
        public var value: String
        public init(questionID: String, value: String) { (self.questionID, self.value) = (questionID, value) }
    }

    public static let shortLimit = 200
    public static let longLimit = 10_000

    /// The options a choice, ranking or centre question offers (none for the others).
    public var options: [Option] {
        switch kind {
        case .singleChoice(let o, _), .multipleChoice(let o, _), .ranking(let o), .centre(let o): o
        case .respondentType: RespondentType.allCases.map { Option($0.rawValue, $0.label) }
        case .agreement: AgreementScale.allCases.map { Option($0.rawValue, $0.label) }
        case .shortText, .longText, .postcode, .matrix: []
        }
    }
}

/// The agree/disagree scale, from most to least agreeing, then "don't know".
public enum AgreementScale: String, CaseIterable, Sendable, Codable {
    case stronglyAgree = "strongly-agree", agree, neither, disagree, stronglyDisagree = "strongly-disagree"
    case dontKnow = "dont-know"

    public var label: String {
        switch self {
        case .stronglyAgree: "Strongly agree"
        case .agree: "Agree"
        case .neither: "Neither agree nor disagree"
        case .disagree: "Disagree"
        case .stronglyDisagree: "Strongly disagree"
        case .dontKnow: "Don't know"
        }
    }
}

/// Who is answering a consultation.
public enum RespondentType: String, CaseIterable, Sendable, Codable {
    case parentCarer = "parent-carer", staff, provider
    case partnerHealth = "partner-health", partnerEducation = "partner-education", partnerVoluntary = "partner-voluntary"
    case councillor, other

    public var label: String {
        switch self {
        case .parentCarer: "A parent or carer"
        case .staff: "Staff of a children's centre or the council"
        case .provider: "A provider of services"
        case .partnerHealth: "A partner in health"
        case .partnerEducation: "A partner in education"
        case .partnerVoluntary: "A partner in the voluntary sector"
        case .councillor: "A councillor"
        case .other: "Other"
        }
    }
}
