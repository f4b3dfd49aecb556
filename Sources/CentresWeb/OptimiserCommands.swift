import CentresCore
import CentresIO
import Foundation
import Planning
import TravelTime

/// What `centres optimise` asks of the web library when it works over the data pack.
extension CentresApp {
    public struct OptimiseOutcome: Sendable {
        public var report: OptimiserReport
        /// The id of the draft proposal saved from the answer, if one was asked for.
        public var savedProposal: String?
    }

    public static func optimise(
        config: AppConfig, query: OptimiserQuery, mode: TravelMode?, nodeLimit: Int,
        relativeGap: Double = LocationSolver.provenGap, saveAs: String?
    ) async throws -> OptimiseOutcome {
        try await withApp(config) { app in
            try await app.autoMigrate()
            return try await plainly {
                let mode = try await ProposalAssessments(db: app.db).resolvedMode(mode)
                var service = OptimiserService(db: app.db)
                service.nodeLimit = nodeLimit
                service.relativeGap = relativeGap
                let answer = try await service.solve(query, mode: mode)
                guard let id = saveAs else { return OptimiseOutcome(report: answer.report) }
                let draft = OptimiserDraft.proposal(answer, id: id, author: "centres optimise")
                _ = try await ProposalAssessments(db: app.db).importCSV(
                    Data(ProposalCSV.text(draft).utf8), file: "optimiser answer", replace: false,
                    now: Date().ISO8601Format())
                return OptimiseOutcome(report: answer.report, savedProposal: id)
            }
        }
    }

    /// The frontier as CSV: one row per count, then one per listed proposal.
    public static func optimiseFrontier(
        config: AppConfig, query: OptimiserQuery, mode: TravelMode?, upTo: Int, nodeLimit: Int,
        relativeGap: Double = LocationSolver.provenGap
    ) async throws -> String {
        try await withApp(config) { app in
            try await app.autoMigrate()
            return try await plainly {
                var service = OptimiserService(db: app.db)
                service.nodeLimit = nodeLimit
                service.relativeGap = relativeGap
                let f = try await service.frontier(
                    query, mode: try await ProposalAssessments(db: app.db).resolvedMode(mode), upTo: upTo)
                return OptimiserService.tables(f).map { "# \($0.title)\n" + EvidenceBundle.csv($0) }.joined(separator: "\n")
            }
        }
    }

}
