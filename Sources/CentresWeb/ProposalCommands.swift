import CentresCore
import CentresIO
import Foundation
import Planning
import TravelTime

/// What `centres proposal …` and `centres assess` ask of the web library.
extension CentresApp {
    public enum AssessFormat: String, CaseIterable, Sendable { case table, csv, json }

    public struct AssessRequest: Sendable {
        public var proposal: String
        /// nil: the default baseline (the first listed proposal); "": none.
        public var baseline: String?
        public var mode: String?
        public var format: AssessFormat
        public var table: String?
        public var evidence: String?

        public init(
            proposal: String, baseline: String?, mode: String?, format: AssessFormat, table: String?, evidence: String?
        ) {
            (self.proposal, self.baseline, self.mode, self.format) = (proposal, baseline, mode, format)
            (self.table, self.evidence) = (table, evidence)
        }
    }

    /// Reports a request's mistake (an unknown id, a mode with no matrix) as a plain message.
    static func plainly<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let e as WebError { throw CentresError(e.detail) }
    }

    public static func importProposal(config: AppConfig, file: String, replace: Bool) async throws -> String {
        let url = URL(fileURLWithPath: file)
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw InputError(file: url.lastPathComponent, message: "cannot be read: \(error.localizedDescription)")
        }
        return try await withApp(config) { app in
            try await app.autoMigrate()
            let p = try await ProposalAssessments(db: app.db).importCSV(
                data, file: url.lastPathComponent, replace: replace, now: Date().ISO8601Format())
            let bases = p.decisions.filter { $0.decision.isOpenBase }.count
            return
                "Imported proposal '\(p.id)' (\(p.title), version \(p.version)): \(p.decisions.count) decisions, \(bases) open bases."
        }
    }

    public static func listProposals(config: AppConfig) async throws -> String {
        try await withApp(config) { app in
            try await app.autoMigrate()
            let rows = try await ProposalStore.list(on: app.db, listedOnly: false).map { s -> [ReportTable.Cell] in
                [.init(s.id), .init(s.title), .init("\(s.version)"), .init(s.status), .init(s.origin)]
            }
            let columns = ["Id", "Title", "Version", "Status", "From"].map { ReportTable.Column($0) }
            return ReportTable(id: "proposals", title: "Proposals", note: "", columns: columns, rows: rows).plainText
        }
    }

    public static func exportProposal(config: AppConfig, id: String) async throws -> String {
        try await withApp(config) { app in
            try await app.autoMigrate()
            return try await plainly { ProposalCSV.text(try await ProposalAssessments(db: app.db).proposal(id).proposal) }
        }
    }

    public static func assess(config: AppConfig, _ r: AssessRequest) async throws -> String {
        try await withApp(config) { app in
            try await app.autoMigrate()
            return try await plainly {
                let service = ProposalAssessments(db: app.db)
                var asked: TravelMode?
                if let raw = r.mode {
                    guard let m = TravelMode(rawValue: raw) else {
                        throw CentresError(
                            "--mode: '\(raw)' is not one of \(TravelMode.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    asked = m
                }
                let mode = try await service.resolvedMode(asked)
                let baseline: String?
                if let b = r.baseline {
                    baseline = b.isEmpty ? nil : b
                } else {
                    baseline = try await service.defaultBaseline(for: r.proposal)
                }
                let a = try await service.assess(r.proposal, baseline: baseline, mode: mode)
                if let path = r.evidence {
                    try EvidenceBundle.zip(a).write(to: URL(fileURLWithPath: path), options: .atomic)
                }
                return try render(a, r)
            }
        }
    }

    static func render(_ a: ProposalAssessment, _ r: AssessRequest) throws -> String {
        let tables = a.report.tables
        var chosen = tables.filter { !$0.downloadOnly }
        if let name = r.table {
            guard let t = tables.first(where: { $0.id == name }) else {
                throw CentresError("--table: '\(name)' is not one of \(tables.map(\.id).joined(separator: ", "))")
            }
            chosen = [t]
        }
        switch r.format {
        case .json: return String(decoding: try EvidenceBundle.json(a.assessment), as: UTF8.self)
        case .csv:
            // One CSV holds one table: the district table unless --table names another.
            return EvidenceBundle.csv(r.table == nil ? tables.first { $0.id == "districts" }! : chosen[0])
        case .table:
            var out = [
                "\(a.proposal.title) (\(a.proposal.id), version \(a.proposal.version))"
                    + (a.baseline.map { " compared with \($0.title) (\($0.id))" } ?? ""),
                "Inputs: \(a.assessment.inputs.summary)",
            ]
            if a.assessment.inputs.method.isEstimate {
                out.append("These times are estimates from straight-line distance, not routes.")
            }
            for p in a.problems { out.append("Problem with this proposal against today's pack: \(p)") }
            for t in chosen { out += ["", "\(t.title)", t.note, "", t.plainText] }
            return out.joined(separator: "\n")
        }
    }
}
