/// A centre's status at one step of its history.
public enum CentreStatus: String, CaseIterable, Sendable, Codable {
    case designated
    case base
    case deDesignated = "de-designated"
    case closed
    case handedOver = "handed-over"
    /// The source names no status for this step.
    case unknown

    public var label: String {
        switch self {
        case .designated: "Designated children's centre"
        case .base: "Base"
        case .deDesignated: "De-designated"
        case .closed: "Closed"
        case .handedOver: "Handed over"
        case .unknown: "Not reported"
        }
    }
}

/// Whether a status event is a fact, a proposal or a formal decision.
public enum EventStage: String, CaseIterable, Sendable, Codable {
    case reported, proposed, decided
}

public struct CentreEvent: Hashable, Sendable, Codable {
    public var date: SimpleDate
    public var status: CentreStatus
    public var stage: EventStage
    public var sourceIDs: [String]
    public var note: String?

    public init(date: SimpleDate, status: CentreStatus, stage: EventStage, sourceIDs: [String], note: String? = nil) {
        self.date = date
        self.status = status
        self.stage = stage
        self.sourceIDs = sourceIDs
        self.note = note
    }
}

/// How sure the data pack is of a centre's row itself.
public enum Confidence: String, CaseIterable, Sendable, Codable {
    case high, medium, low
    case notApplicable = "n/a"
}

/// A designated children's centre at a venue, with its dated status history.
public struct Centre: Hashable, Sendable, Codable {
    /// Staff upkeep (last checked, closures, retirement); nil for a record as the pack gave it.
    public var upkeep: Upkeep?
    public var id: String
    public var name: String
    public var venueID: String
    public var provider: String?
    public var confidence: Confidence
    public var notes: String?
    public var events: [CentreEvent]

    public init(
        id: String, name: String, venueID: String, provider: String? = nil,
        confidence: Confidence, notes: String? = nil, events: [CentreEvent] = []
    ) {
        self.id = id
        self.name = name
        self.venueID = venueID
        self.provider = provider
        self.confidence = confidence
        self.notes = notes
        self.events = events
    }

    /// The latest event at or before `date` (by date; later rows win ties), ignoring
    /// proposals, which say what might happen rather than what did.
    public func status(on date: SimpleDate) -> CentreEvent? {
        events.enumerated()
            .filter { $0.element.stage != .proposed && $0.element.date <= date }
            .max { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }?
            .element
    }

    /// The most recent event of any stage.
    public var latestEvent: CentreEvent? {
        events.enumerated().max { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }?.element
    }
}
