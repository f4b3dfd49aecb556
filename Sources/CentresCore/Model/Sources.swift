/// A publication or dataset that figures come from.
public struct Source: Hashable, Sendable, Codable {
    public var id: String
    public var title: String
    public var publisher: String?
    public var url: String?
    public var licence: String?
    public var attribution: String?
    public var retrieved: SimpleDate?

    public init(
        id: String, title: String, publisher: String? = nil, url: String? = nil, licence: String? = nil,
        attribution: String? = nil, retrieved: SimpleDate? = nil
    ) {
        self.id = id
        self.title = title
        self.publisher = publisher
        self.url = url
        self.licence = licence
        self.attribution = attribution
        self.retrieved = retrieved
    }
}

/// Which source a column of figures comes from, and how it was derived.
public struct Provenance: Hashable, Sendable, Codable {
    public var file: String
    public var column: String
    public var sourceID: String
    public var method: String?

    public init(file: String, column: String, sourceID: String, method: String? = nil) {
        self.file = file
        self.column = column
        self.sourceID = sourceID
        self.method = method
    }
}

/// A headline fact (a count, a date, a vote) with its source.
public struct Fact: Hashable, Sendable, Codable {
    public var id: String
    public var description: String
    public var value: String
    public var unit: String?
    public var asOf: String?
    public var sourceID: String?
    public var note: String?

    public init(
        id: String, description: String, value: String, unit: String? = nil, asOf: String? = nil,
        sourceID: String? = nil, note: String? = nil
    ) {
        self.id = id
        self.description = description
        self.value = value
        self.unit = unit
        self.asOf = asOf
        self.sourceID = sourceID
        self.note = note
    }
}

/// One line of a budget: what it costs now and what is proposed, in whole pounds.
public struct BudgetLine: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var currentGBP: Int
    public var proposedGBP: Int
    public var sourceID: String?

    public init(id: String, name: String, currentGBP: Int, proposedGBP: Int, sourceID: String? = nil) {
        self.id = id
        self.name = name
        self.currentGBP = currentGBP
        self.proposedGBP = proposedGBP
        self.sourceID = sourceID
    }

    public static let totalID = "total"

    /// A `total` line, where present, must equal the sum of the other lines in both columns.
    public static func totalProblem(_ lines: [BudgetLine]) -> String? {
        guard let total = lines.first(where: { $0.id == totalID }) else { return nil }
        let parts = lines.filter { $0.id != totalID }
        guard let current = Money.sum(parts.map(\.currentGBP)), let proposed = Money.sum(parts.map(\.proposedGBP)) else {
            return "the lines add up to more than any budget (over £\(Money.largestGBP))"
        }
        if current != total.currentGBP {
            return "the total's current_gbp \(total.currentGBP) is not the sum of the lines, \(current)"
        }
        if proposed != total.proposedGBP {
            return "the total's proposed_gbp \(total.proposedGBP) is not the sum of the lines, \(proposed)"
        }
        return nil
    }
}

/// A named place for place search ("Holt", "Thetford").
public struct Place: Hashable, Sendable, Codable {
    public var name: String
    public var kind: String
    public var code: String?
    public var districtCode: String?
    public var location: Coordinate
    public var method: String?
    public var sourceID: String?

    public init(
        name: String, kind: String, code: String? = nil, districtCode: String? = nil,
        location: Coordinate, method: String? = nil, sourceID: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.code = code
        self.districtCode = districtCode
        self.location = location
        self.method = method
        self.sourceID = sourceID
    }
}
