import Foundation

/// Something wrong with a proposal, saying which part: a decision (by its position), an outreach
/// venue, a budget line, or the proposal as a whole.
public struct ProposalProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Place: Hashable, Sendable {
        case proposal
        case decision(Int)
        case outreach(Int)
        case budget(Int)
    }

    public var place: Place
    public var field: String
    public var message: String

    public init(_ place: Place, field: String, _ message: String) {
        self.place = place
        self.field = field
        self.message = message
    }

    public var description: String {
        switch place {
        case .proposal: "\(field): \(message)"
        case .decision(let i): "decision \(i + 1), \(field): \(message)"
        case .outreach(let i): "outreach venue \(i + 1), \(field): \(message)"
        case .budget(let i): "budget line \(i + 1), \(field): \(message)"
        }
    }
}

extension Proposal {
    /// Every problem, in order; empty when the proposal can be stored and assessed.
    ///
    /// Rejected: unknown centres or venues, a centre decided twice, no base at all, an amalgamation
    /// with no open partner, and budget lines whose `total` is not the sum of the others (or
    /// negative amounts). Centres the proposal does not mention are not an error: they are
    /// reported as "not known" by the assessment, never guessed.
    /// `sourceIDs`, when given, are the sources the proposal may cite.
    public func problems(centreIDs: Set<String>, venueIDs: Set<String>, sourceIDs: Set<String>? = nil) -> [ProposalProblem] {
        var out: [ProposalProblem] = []
        if title.trimmingCharacters(in: .whitespaces).isEmpty { out.append(.init(.proposal, field: "title", "is empty")) }
        if version < 1 { out.append(.init(.proposal, field: "version", "must be 1 or more")) }
        if let revises, revises == id { out.append(.init(.proposal, field: "revises", "a proposal cannot revise itself")) }
        var seen: [String: Int] = [:]
        for (i, d) in decisions.enumerated() {
            if !centreIDs.contains(d.centreID) {
                out.append(.init(.decision(i), field: "centre_id", "no centre '\(d.centreID)' in the data pack"))
            }
            if let first = seen[d.centreID] {
                out.append(.init(.decision(i), field: "centre_id", "'\(d.centreID)' is already decided in decision \(first + 1)"))
            }
            seen[d.centreID] = seen[d.centreID] ?? i
            if d.decision == .amalgamated {
                if let partner = d.amalgamatedWith {
                    let partnerDecision = decisions.first { $0.centreID == partner }?.decision
                    if partner == d.centreID || !centreIDs.contains(partner) || !(partnerDecision?.isOpenBase ?? false) {
                        out.append(
                            .init(
                                .decision(i), field: "amalgamated_with", "'\(partner)' is not a centre kept open by this proposal"
                            ))
                    }
                } else {
                    out.append(.init(.decision(i), field: "amalgamated_with", "an amalgamated centre needs the centre it joins"))
                }
            } else if d.amalgamatedWith != nil {
                out.append(.init(.decision(i), field: "amalgamated_with", "only an amalgamated centre joins another"))
            }
            if let v = d.sessionsMoveTo, !venueIDs.contains(v) {
                out.append(.init(.decision(i), field: "sessions_move_to", "no venue '\(v)' in the data pack"))
            }
        }
        if !decisions.contains(where: { $0.decision == .base }) {
            out.append(.init(.proposal, field: "decisions", "no centre stays as a base: a network needs at least one"))
        }
        for (i, o) in outreachVenues.enumerated() where !venueIDs.contains(o.venueID) {
            out.append(.init(.outreach(i), field: "venue_id", "no venue '\(o.venueID)' in the data pack"))
        }
        if let sourceIDs {
            for s in self.sourceIDs where !sourceIDs.contains(s) {
                out.append(.init(.proposal, field: "sources", "no source '\(s)' in the data pack"))
            }
        }
        out += budgetProblems()
        return out
    }

    func budgetProblems() -> [ProposalProblem] {
        var out: [ProposalProblem] = []
        for (i, b) in budget.enumerated() where b.currentGBP < 0 || b.proposedGBP < 0 {
            out.append(.init(.budget(i), field: b.currentGBP < 0 ? "current_gbp" : "proposed_gbp", "is negative"))
        }
        let tooLarge = budget.enumerated().filter {
            $0.element.currentGBP > Money.largestGBP || $0.element.proposedGBP > Money.largestGBP
        }
        for (i, b) in tooLarge {
            out.append(
                .init(
                    .budget(i), field: b.currentGBP > Money.largestGBP ? "current_gbp" : "proposed_gbp",
                    "is over £\(Money.largestGBP), more than any budget"))
        }
        guard tooLarge.isEmpty else { return out }
        let totals = budget.indices.filter { budget[$0].id == "total" }
        guard !budget.isEmpty else { return out }
        guard totals.count == 1, let t = totals.first else {
            out.append(.init(.proposal, field: "budget", "needs exactly one line with id 'total'"))
            return out
        }
        let parts = budget.filter { $0.id != "total" }
        guard let current = Money.sum(parts.map(\.currentGBP)), let proposed = Money.sum(parts.map(\.proposedGBP)) else {
            out.append(.init(.proposal, field: "budget", "the lines add up to more than any budget"))
            return out
        }
        if current != budget[t].currentGBP {
            out.append(
                .init(.budget(t), field: "current_gbp", "total \(budget[t].currentGBP) is not the sum of the lines (\(current))"))
        }
        if proposed != budget[t].proposedGBP {
            out.append(
                .init(
                    .budget(t), field: "proposed_gbp", "total \(budget[t].proposedGBP) is not the sum of the lines (\(proposed))")
            )
        }
        return out
    }
}
