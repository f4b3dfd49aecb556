import CentresCore
import Foundation

/// One proposal as a single CSV file, so it can be written in a spreadsheet, imported with
/// `centres proposal import`, uploaded on the web and shipped in a pack's `proposals/` folder.
///
/// Every row has a `record` kind: `proposal` rows hold one field each (`id` names the field,
/// `value` holds it); `decision` rows decide one centre (`id` is the centre); `outreach` rows add a
/// venue (`id`); `budget` rows hold one budget line (`id`, `value` is its name).
public enum ProposalCSV {
    public static let columns = [
        "record", "id", "value", "decision", "reason", "amalgamated_with", "sessions_move_to", "current_gbp", "proposed_gbp",
    ]
    public static let fields = [
        "id", "title", "author", "organisation", "version", "revises", "change_note", "status", "published_on",
        "consultation_opens", "consultation_closes", "decided_on", "summary", "sources",
    ]
    enum Record: String, CaseIterable { case proposal, decision, outreach, budget }

    /// Columns each kind of row may fill (besides `record` and `id`).
    static let allowed: [Record: Set<String>] = [
        .proposal: ["value"], .decision: ["decision", "reason", "amalgamated_with", "sessions_move_to"],
        .outreach: ["reason"], .budget: ["value", "current_gbp", "proposed_gbp"],
    ]

    /// Reads the file's rows into a proposal, keeping each part's line for later messages. Checks
    /// the file's own shape only; `ProposalFile.check` checks it against a pack.
    public static func read(_ data: Data, file: String) throws(InputError) -> ProposalFile {
        var table = try CSVTable.parse(data, file: file)
        for i in table.rows.indices { table.rows[i].fields = table.rows[i].fields.map(SpreadsheetSafe.plain) }
        let reader = try TableReader(file: file, table: table, columns: columns)
        var values: [String: (String, TableReader.Row)] = [:]
        var out = ProposalFile(file: file, proposal: Proposal(id: "", title: "", author: ""))
        for row in reader.rows {
            let record = try row.required("record", as: Record.self)
            let id = try row.required("id")
            for column in columns.dropFirst(2) where row.optional(column) != nil && !allowed[record]!.contains(column) {
                throw row.error(column, "a \(record.rawValue) row leaves this column empty")
            }
            switch record {
            case .proposal:
                guard fields.contains(id) else {
                    let hint = TableReader.closest(to: id, in: fields).map { " (did you mean '\($0)'?)" } ?? ""
                    throw row.error("id", "'\(id)' is not a proposal field\(hint)")
                }
                if let first = values[id] { throw row.error("id", "'\(id)' is already given on line \(first.1.line)") }
                values[id] = (row.optional("value") ?? "", row)
            case .decision:
                out.proposal.decisions.append(
                    CentreDecisionEntry(
                        centreID: id, decision: try row.required("decision", as: CentreDecision.self),
                        reason: row.optional("reason"), amalgamatedWith: row.optional("amalgamated_with"),
                        sessionsMoveTo: row.optional("sessions_move_to")))
                out.decisionLines.append(row.line)
            case .outreach:
                out.proposal.outreachVenues.append(OutreachVenue(venueID: id, reason: row.optional("reason")))
                out.outreachLines.append(row.line)
            case .budget:
                out.proposal.budget.append(
                    ProposalBudgetLine(
                        id: id, name: try row.required("value"), currentGBP: try row.requiredInt("current_gbp"),
                        proposedGBP: try row.requiredInt("proposed_gbp")))
                out.budgetLines.append(row.line)
            }
        }
        out.fieldLines = values.mapValues { $0.1.line }
        try apply(values, to: &out.proposal, file: file)
        return out
    }

    static func apply(_ values: [String: (String, TableReader.Row)], to p: inout Proposal, file: String) throws(InputError) {
        func text(_ key: String) -> String? { values[key].flatMap { $0.0.isEmpty ? nil : $0.0 } }
        func required(_ key: String) throws(InputError) -> String {
            guard let v = text(key) else {
                if let row = values[key]?.1 { throw row.error("value", "the proposal's \(key) is required") }
                throw InputError(file: file, column: "id", message: "no proposal row gives the \(key) (it is required)")
            }
            return v
        }
        func date(_ key: String) throws(InputError) -> SimpleDate? {
            guard let v = text(key) else { return nil }
            guard let d = SimpleDate(v) else { throw values[key]!.1.error("value", "expected a date YYYY-MM-DD, found '\(v)'") }
            return d
        }
        p.id = try required("id")
        guard Proposal.isValidID(p.id) else {
            throw values["id"]!.1.error(
                "value", "'\(p.id)' is not a proposal id: use 1 to 80 lower-case letters, digits and hyphens")
        }
        p.title = try required("title")
        p.author = try required("author")
        p.organisation = text("organisation")
        if let v = text("version") {
            guard let n = Int(v), n >= 1 else { throw values["version"]!.1.error("value", "expected 1 or more, found '\(v)'") }
            p.version = n
        }
        p.revises = text("revises")
        p.changeNote = text("change_note")
        if let v = text("status") {
            guard let s = ProposalStatus(rawValue: v) else {
                let allowed = ProposalStatus.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                throw values["status"]!.1.error("value", "'\(v)' is not one of \(allowed)")
            }
            p.status = s
        }
        p.publishedOn = try date("published_on")
        p.consultationOpens = try date("consultation_opens")
        p.consultationCloses = try date("consultation_closes")
        p.decidedOn = try date("decided_on")
        p.summary = text("summary") ?? ""
        p.sourceIDs = (text("sources") ?? "").split(whereSeparator: { $0 == " " || $0 == ";" }).map(String.init)
    }

    /// The file `read` reads back to the same proposal.
    /// The file, spreadsheet-safe (`SpreadsheetSafe`): a title or reason starting with = + - @
    /// opens as text in a spreadsheet, and `read` gives back what was written.
    public static func text(_ p: Proposal) -> String {
        var w = SafeWriter(CSVWriter(header: columns))
        func field(_ key: String, _ value: String?) {
            if let value, !value.isEmpty { w.append(["proposal", key, value, "", "", "", "", "", ""]) }
        }
        field("id", p.id)
        field("title", p.title)
        field("author", p.author)
        field("organisation", p.organisation)
        field("version", "\(p.version)")
        field("revises", p.revises)
        field("change_note", p.changeNote)
        field("status", p.status.rawValue)
        field("published_on", p.publishedOn?.description)
        field("consultation_opens", p.consultationOpens?.description)
        field("consultation_closes", p.consultationCloses?.description)
        field("decided_on", p.decidedOn?.description)
        field("summary", p.summary)
        field("sources", p.sourceIDs.joined(separator: " "))
        for d in p.decisions {
            w.append([
                "decision", d.centreID, "", d.decision.rawValue, d.reason ?? "", d.amalgamatedWith ?? "", d.sessionsMoveTo ?? "",
                "", "",
            ])
        }
        for o in p.outreachVenues { w.append(["outreach", o.venueID, "", "", o.reason ?? "", "", "", "", ""]) }
        for b in p.budget { w.append(["budget", b.id, b.name, "", "", "", "", "\(b.currentGBP)", "\(b.proposedGBP)"]) }
        return w.inner.text
    }

    private struct SafeWriter {
        var inner: CSVWriter
        init(_ w: CSVWriter) { inner = w }
        mutating func append(_ fields: [String]) { inner.append(fields.map(SpreadsheetSafe.cell)) }
    }
}

/// A proposal read from a file, with the line each part came from.
public struct ProposalFile: Sendable {
    public var file: String
    public var proposal: Proposal
    var fieldLines: [String: Int] = [:]
    var decisionLines: [Int] = []
    var outreachLines: [Int] = []
    var budgetLines: [Int] = []

    init(file: String, proposal: Proposal) {
        self.file = file
        self.proposal = proposal
    }

    /// Checks the proposal against the centres, venues and sources it may name; throws the first
    /// problem at its line and column, saying how many more there are.
    public func check(centreIDs: Set<String>, venueIDs: Set<String>, sourceIDs: Set<String>) throws(InputError) {
        let problems = proposal.problems(centreIDs: centreIDs, venueIDs: venueIDs, sourceIDs: sourceIDs)
        guard let first = problems.first else { return }
        var error = self.error(for: first)
        if problems.count > 1 { error.message += " (and \(problems.count - 1) more problem\(problems.count == 2 ? "" : "s"))" }
        throw error
    }

    func error(for problem: ProposalProblem) -> InputError {
        let column = ProposalCSV.columns.contains(problem.field) ? problem.field : problem.field.hasSuffix("_id") ? "id" : "value"
        switch problem.place {
        case .proposal:
            return InputError(
                file: file, line: fieldLines[problem.field], column: fieldLines[problem.field] == nil ? nil : "value",
                message: "\(problem.field): \(problem.message)")
        case .decision(let i): return InputError(file: file, line: decisionLines[i], column: column, message: problem.message)
        case .outreach(let i): return InputError(file: file, line: outreachLines[i], column: column, message: problem.message)
        case .budget(let i): return InputError(file: file, line: budgetLines[i], column: column, message: problem.message)
        }
    }
}
