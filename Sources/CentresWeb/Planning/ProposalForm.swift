import CentresCore
import Foundation
import Vapor

/// The fields of a posted `application/x-www-form-urlencoded` body, by name. Parsed by hand so
/// that names like `decisions-3-decision` mean exactly what the template wrote.
struct FormFields {
    private let form: PostedForm

    init(_ form: PostedForm) { self.form = form }

    /// A query string or a form body, read as strictly as any posted form (`PostedForm`).
    init(encoded text: String?, reads: ParameterReads? = nil) throws {
        var form = try PostedForm(urlEncoded: ByteBuffer(string: text ?? ""))
        form.reads = reads
        self.form = form
    }

    /// One value per name.
    var values: [String: String] { form.values }
    /// Every value of each name, in order (checkboxes send several).
    var lists: [String: [String]] { form.lists }

    /// The trimmed value, or nil when absent or blank.
    subscript(_ name: String) -> String? {
        let v = form[name]?.trimmingCharacters(in: .whitespacesAndNewlines)
        return v?.isEmpty == false ? v : nil
    }
}

/// A proposal read from the edit form, with a message per form field that is wrong.
struct ProposalFormReading {
    var proposal: Proposal
    /// Form field id → message, in the order the fields appear.
    var errors: [(field: String, message: String)] = []
    /// The form row each decision, outreach venue and budget line came from.
    var decisionRows: [Int] = []
    var outreachRows: [Int] = []
    var budgetRows: [Int] = []

    static let outreachRowCount = 3

    /// The one-line fields of the new-proposal and edit forms that hold a line break.
    static func lineBreaks(_ f: FormFields) -> [(field: String, message: String)] {
        ["title", "author", "organisation"].filter { OneLine.breaks(f[$0] ?? "") }.map { ($0, "keep it on one line") }
    }
    static let budgetExtraRows = 3

    /// Reads the edit form over `base` (which keeps its id, version, revises and origin fields).
    init(_ f: FormFields, base: Proposal, centreIDs: [String]) {
        proposal = base
        proposal.title = f["title"] ?? ""
        proposal.author = f["author"] ?? ""
        proposal.organisation = f["organisation"]
        proposal.summary = f["summary"] ?? ""
        proposal.changeNote = f["changeNote"]
        errors += Self.lineBreaks(f)
        if let raw = f["status"] {
            if let s = ProposalStatus(rawValue: raw) { proposal.status = s } else { errors.append(("status", "choose a status")) }
        }
        proposal.publishedOn = date(f, "publishedOn")
        proposal.consultationOpens = date(f, "consultationOpens")
        proposal.consultationCloses = date(f, "consultationCloses")
        proposal.decidedOn = date(f, "decidedOn")
        if let o = proposal.consultationOpens, let c = proposal.consultationCloses, c < o {
            errors.append(("consultationCloses", "the consultation closes before it opens"))
        }
        proposal.sourceIDs = (f["sources"] ?? "").split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" }).map(String.init)
        proposal.decisions = []
        for (row, centre) in centreIDs.enumerated() {
            let raw = f["decisions-\(row)-decision"] ?? CentreDecision.unknown.rawValue
            guard let d = CentreDecision(rawValue: raw) else {
                errors.append(("decisions-\(row)-decision", "choose a decision"))
                continue
            }
            proposal.decisions.append(
                CentreDecisionEntry(
                    centreID: centre, decision: d, reason: f["decisions-\(row)-reason"],
                    amalgamatedWith: f["decisions-\(row)-amalgamatedWith"], sessionsMoveTo: f["decisions-\(row)-sessionsMoveTo"]))
            decisionRows.append(row)
        }
        proposal.outreachVenues = []
        var row = 0
        while f.values["outreach-\(row)-venue"] != nil {
            if let venue = f["outreach-\(row)-venue"] {
                proposal.outreachVenues.append(OutreachVenue(venueID: venue, reason: f["outreach-\(row)-reason"]))
                outreachRows.append(row)
            }
            row += 1
        }
        proposal.budget = []
        row = 0
        while f.values["budget-\(row)-id"] != nil {
            defer { row += 1 }
            guard let id = f["budget-\(row)-id"] else { continue }
            let current = amount(f, "budget-\(row)-current"), proposed = amount(f, "budget-\(row)-proposed")
            guard let current, let proposed else { continue }
            proposal.budget.append(
                ProposalBudgetLine(id: id, name: f["budget-\(row)-name"] ?? id, currentGBP: current, proposedGBP: proposed))
            budgetRows.append(row)
        }
    }

    mutating func date(_ f: FormFields, _ name: String) -> SimpleDate? {
        guard let v = f[name] else { return nil }
        guard let d = SimpleDate(v) else {
            errors.append((name, "enter a date as YYYY-MM-DD, for example 2019-01-22"))
            return nil
        }
        return d
    }

    mutating func amount(_ f: FormFields, _ name: String) -> Int? {
        guard let v = f[name] else {
            errors.append((name, "enter an amount in whole pounds"))
            return nil
        }
        guard let n = Int(v.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "£", with: "")) else {
            errors.append((name, "'\(v)' is not an amount in whole pounds"))
            return nil
        }
        return n
    }

    /// Adds the proposal's own problems (unknown venues, no base, budget totals…) at their fields.
    mutating func check(centreIDs: Set<String>, venueIDs: Set<String>, sourceIDs: Set<String>) {
        for p in proposal.problems(centreIDs: centreIDs, venueIDs: venueIDs, sourceIDs: sourceIDs) {
            errors.append((field(for: p), p.message))
        }
    }

    func field(for p: ProposalProblem) -> String {
        let camel = [
            "centre_id": "decision", "amalgamated_with": "amalgamatedWith", "sessions_move_to": "sessionsMoveTo",
            "venue_id": "venue", "current_gbp": "current", "proposed_gbp": "proposed", "change_note": "changeNote",
        ]
        let name = camel[p.field] ?? p.field
        switch p.place {
        case .proposal: return name == "budget" ? "budget-0-id" : name
        case .decision(let i): return "decisions-\(decisionRows[i])-\(name)"
        case .outreach(let i): return "outreach-\(outreachRows[i])-venue"
        case .budget(let i): return "budget-\(budgetRows[i])-\(name)"
        }
    }
}
