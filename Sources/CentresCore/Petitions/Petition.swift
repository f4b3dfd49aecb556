import Foundation

/// A petition: what it asks of whom, by when, under which scheme, and where it is in its life.
public struct Petition: Hashable, Sendable, Codable {
    public var id: String
    public var title: String
    /// What the petition asks for, in a sentence or two.
    public var action: String
    public var background: String
    /// The body it is addressed to ("Norfolk County Council").
    public var addressedTo: String
    public var closesOn: SimpleDate
    /// An optional proposal it answers.
    public var proposalID: String?
    public var schemeID: String
    public var organisationID: String?
    public var state: PetitionState
    /// Why a moderator rejected it (the latest rejection).
    public var rejectionReason: String?
    /// Where paper sheets are sent back to (printed on each sheet).
    public var returnAddress: String?

    public init(
        id: String, title: String, action: String, background: String, addressedTo: String, closesOn: SimpleDate,
        proposalID: String? = nil, schemeID: String, organisationID: String?, state: PetitionState = .draft,
        rejectionReason: String? = nil, returnAddress: String? = nil
    ) {
        self.returnAddress = returnAddress
        self.id = id
        self.title = title
        self.action = action
        self.background = background
        self.addressedTo = addressedTo
        self.closesOn = closesOn
        self.proposalID = proposalID
        self.schemeID = schemeID
        self.organisationID = organisationID
        self.state = state
        self.rejectionReason = rejectionReason
    }

    /// The longest time a petition may run, as most councils' schemes allow.
    public static let longestRunDays = 366

    /// Its state on `day`: an open petition whose closing date has passed is closed.
    public func state(on day: SimpleDate) -> PetitionState {
        state == .open && closesOn < day ? .closed : state
    }

    /// Problems with what the organiser wrote, by field, checked before it is saved or opened.
    public func problems(today: SimpleDate) -> [(field: String, message: String)] {
        var found: [(String, String)] = []
        func check(_ field: String, _ value: String, _ label: String, max: Int) {
            let t = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if t.isEmpty {
                found.append((field, "give \(label)"))
            } else if t.count > max {
                found.append((field, "keep \(label) under \(max) characters"))
            }
        }
        check("title", title, "a title", max: 150)
        check("action", action, "what the petition asks for", max: 1_000)
        check("background", background, "the background", max: 5_000)
        check("addressed_to", addressedTo, "who the petition is addressed to", max: 200)
        if (returnAddress ?? "").count > 500 { found.append(("return_address", "keep the return address under 500 characters")) }
        if closesOn <= today { found.append(("closes_on", "the closing date must be after today")) }
        if let limit = today.adding(days: Self.longestRunDays), limit < closesOn {
            found.append(("closes_on", "a petition can run for at most \(Self.longestRunDays) days"))
        }
        return found
    }
}

extension SimpleDate {
    /// The date `days` later (earlier when negative), or nil outside the representable years.
    public func adding(days: Int) -> SimpleDate? {
        var c = DateComponents()
        (c.year, c.month, c.day) = (year, month, day)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: c), let moved = calendar.date(byAdding: .day, value: days, to: date) else {
            return nil
        }
        let m = calendar.dateComponents([.year, .month, .day], from: moved)
        return SimpleDate(year: m.year!, month: m.month!, day: m.day!)
    }
}
