/// What staff record about keeping a directory record right: when it was last checked, whether it
/// is temporarily closed, when it was retired, and (for sessions) the dates it is listed between.
/// A record straight from the data pack has none of this.
public struct Upkeep: Hashable, Sendable, Codable {
    /// The day staff last confirmed the record is right.
    public var lastChecked: SimpleDate?
    /// Retired records stay in the database and the audit log but leave the public directory.
    public var retiredOn: SimpleDate?
    public var temporarilyClosed: Bool
    public var closureNote: String?
    /// Listed publicly only from and to these days (inclusive), when set.
    public var visibleFrom: SimpleDate?
    public var visibleTo: SimpleDate?

    public init(
        lastChecked: SimpleDate? = nil, retiredOn: SimpleDate? = nil, temporarilyClosed: Bool = false,
        closureNote: String? = nil, visibleFrom: SimpleDate? = nil, visibleTo: SimpleDate? = nil
    ) {
        self.lastChecked = lastChecked
        self.retiredOn = retiredOn
        self.temporarilyClosed = temporarilyClosed
        self.closureNote = closureNote
        self.visibleFrom = visibleFrom
        self.visibleTo = visibleTo
    }

    /// Whether the public directory lists the record on `day`: not retired by then, and inside
    /// its visible dates.
    public func isListed(on day: SimpleDate) -> Bool {
        if let r = retiredOn, r <= day { return false }
        if let f = visibleFrom, day < f { return false }
        if let t = visibleTo, t < day { return false }
        return true
    }
}
