import CentresCore

/// Where a proposal stands.
public enum ProposalStatus: String, CaseIterable, Sendable, Codable {
    case draft, published
    case underConsultation = "under-consultation"
    case decided, withdrawn

    public var label: String {
        switch self {
        case .draft: "Draft"
        case .published: "Published"
        case .underConsultation: "Under consultation"
        case .decided: "Decided"
        case .withdrawn: "Withdrawn"
        }
    }
}

/// What a proposal does with one children's centre.
public enum CentreDecision: String, CaseIterable, Sendable, Codable {
    /// Stays as a base (a designated centre, open full time).
    case base
    /// Stops being a base; its building is used for outreach sessions.
    case outreach
    /// De-designated: closed as a children's centre.
    case closed = "de-designated"
    /// Stays open, with its management merged into another centre's (`amalgamatedWith`).
    case amalgamated
    /// The source does not say: counted apart, never guessed.
    case unknown

    public var label: String {
        switch self {
        case .base: "Stays as a base"
        case .outreach: "Becomes an outreach venue"
        case .closed: "De-designated (closed)"
        case .amalgamated: "Management amalgamated"
        case .unknown: "Not known"
        }
    }

    /// Whether families can still go to the centre's building for a full service.
    public var isOpenBase: Bool { self == .base || self == .amalgamated }
}

/// One centre's fate under a proposal.
public struct CentreDecisionEntry: Hashable, Sendable, Codable {
    public var centreID: String
    public var decision: CentreDecision
    public var reason: String?
    /// For `.amalgamated`: the centre whose management takes this one over.
    public var amalgamatedWith: String?
    /// For a centre that closes or becomes outreach: the venue its sessions move to, if any.
    public var sessionsMoveTo: String?

    public init(
        centreID: String, decision: CentreDecision, reason: String? = nil, amalgamatedWith: String? = nil,
        sessionsMoveTo: String? = nil
    ) {
        self.centreID = centreID
        self.decision = decision
        self.reason = reason
        self.amalgamatedWith = amalgamatedWith
        self.sessionsMoveTo = sessionsMoveTo
    }
}

/// A venue (library, village hall…) a proposal adds for outreach sessions.
public struct OutreachVenue: Hashable, Sendable, Codable {
    public var venueID: String
    public var reason: String?

    public init(venueID: String, reason: String? = nil) {
        self.venueID = venueID
        self.reason = reason
    }
}

/// A budget line under a proposal: what it costs now and what the proposal would spend.
/// The line with id `total` (as in the pack's budget) must equal the sum of the others.
public struct ProposalBudgetLine: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var currentGBP: Int
    public var proposedGBP: Int

    public init(id: String, name: String, currentGBP: Int, proposedGBP: Int) {
        self.id = id
        self.name = name
        self.currentGBP = currentGBP
        self.proposedGBP = proposedGBP
    }
}

/// A proposed shape for the network: what happens to every centre, where outreach happens, and
/// what it costs. Versions form a chain: v2 `revises` v1 and says what changed and why.
public struct Proposal: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var title: String
    public var author: String
    public var organisation: String?
    public var version: Int
    /// The proposal this one revises (its previous version), and what changed and why.
    public var revises: String?
    public var changeNote: String?
    public var status: ProposalStatus
    public var publishedOn: SimpleDate?
    public var consultationOpens: SimpleDate?
    public var consultationCloses: SimpleDate?
    public var decidedOn: SimpleDate?
    public var summary: String
    public var decisions: [CentreDecisionEntry]
    public var outreachVenues: [OutreachVenue]
    public var budget: [ProposalBudgetLine]
    /// Sources (ids in the pack's sources) the proposal is taken from.
    public var sourceIDs: [String]

    public init(
        id: String, title: String, author: String, organisation: String? = nil, version: Int = 1, revises: String? = nil,
        changeNote: String? = nil, status: ProposalStatus = .draft, publishedOn: SimpleDate? = nil,
        consultationOpens: SimpleDate? = nil, consultationCloses: SimpleDate? = nil, decidedOn: SimpleDate? = nil,
        summary: String = "", decisions: [CentreDecisionEntry] = [], outreachVenues: [OutreachVenue] = [],
        budget: [ProposalBudgetLine] = [], sourceIDs: [String] = []
    ) {
        self.id = id
        self.title = title
        self.author = author
        self.organisation = organisation
        self.version = version
        self.revises = revises
        self.changeNote = changeNote
        self.status = status
        self.publishedOn = publishedOn
        self.consultationOpens = consultationOpens
        self.consultationCloses = consultationCloses
        self.decidedOn = decidedOn
        self.summary = summary
        self.decisions = decisions
        self.outreachVenues = outreachVenues
        self.budget = budget
        self.sourceIDs = sourceIDs
    }

    /// Words the web app's addresses use beside proposal ids (`/proposals/compare`), and "today".
    public static let reservedIDs: Set<String> = ["compare", "postcode", "new", "upload", "today"]

    /// Ids appear in web addresses and file names: 1 to 80 lower-case letters, digits and hyphens.
    public static func isValidID(_ id: String) -> Bool {
        !reservedIDs.contains(id) && (1...80).contains(id.count)
            && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    public func decision(for centreID: String) -> CentreDecisionEntry? { decisions.first { $0.centreID == centreID } }

    /// Centres kept as open bases (bases and amalgamated centres).
    public var openBaseIDs: [String] { decisions.filter { $0.decision.isOpenBase }.map(\.centreID) }

    public var currentTotalGBP: Int? { budget.first { $0.id == "total" }?.currentGBP }
    public var proposedTotalGBP: Int? { budget.first { $0.id == "total" }?.proposedGBP }
}
