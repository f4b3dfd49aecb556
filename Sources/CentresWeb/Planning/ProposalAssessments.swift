import CentresCore
import CentresIO
import Fluent
import Foundation
import Planning
import SQLKit
import TravelTime

/// One proposal assessed against one stored matrix, with everything its outputs show.
struct ProposalAssessment: Sendable {
    var proposal: Proposal
    var origin: ProposalOrigin
    var baseline: Proposal?
    var assessment: Assessment
    var report: AssessmentReport
    var matrix: TravelTimeMatrix
    var data: PlanningData
    /// Problems with the stored proposal against today's pack (a user's proposal can outlive a centre).
    var problems: [ProposalProblem]
}

/// The one place pages, the JSON API and the CLI get assessments from.
struct ProposalAssessments {
    let db: any Database

    /// The pack's areas, centres, venues and sessions, as the assessor reads them.
    func planningData() async throws -> PlanningData {
        let q = DirectoryQueries(db)
        let manifest = try await q.manifest()
        return PlanningData(
            packName: manifest["name"] ?? "", packVersion: manifest["version"] ?? "", areas: try await q.areas(),
            districtNames: try await q.districtNames(), centres: try await q.centres(), venues: try await q.venues(),
            offers: try await q.sessions().map { ($0.serviceID, $0.venueID) },
            serviceNames: Dictionary(try await q.services().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }))
    }

    /// The saving the pack's budget requires: its `total` line, current minus proposed.
    func savingsTarget() async throws -> Int? {
        try await DirectoryQueries(db).budgetLines().first { $0.id == "total" }.map { $0.currentGBP - $0.proposedGBP }
    }

    /// Modes with a stored matrix, in the order pages offer them.
    func modes() async throws -> [TravelMode] {
        let ids = try await PackStore.sql(db).select().column("id").from("travel_matrices").all(
            decodingColumn: "id", as: String.self)
        return TravelMode.allCases.filter { ids.contains(MatrixStore.id(for: $0)) }
    }

    /// The mode to use when none is asked for: car, else the first stored.
    static func defaultMode(among modes: [TravelMode]) -> TravelMode? { modes.contains(.car) ? .car : modes.first }

    /// The mode asked for, which must have stored travel times; nil asks for the default.
    func resolvedMode(_ asked: TravelMode?) async throws -> TravelMode {
        let modes = try await modes()
        guard let asked else {
            guard let m = Self.defaultMode(among: modes) else {
                throw WebError.badRequest(field: "mode", message: "no travel times are stored for this data pack")
            }
            return m
        }
        guard modes.contains(asked) else {
            throw WebError.badRequest(
                field: "mode",
                message:
                    "no \(asked.rawValue) travel times are stored; stored: \(modes.map(\.rawValue).joined(separator: ", "))")
        }
        return asked
    }

    /// The stored matrix for `mode`.
    func matrix(_ mode: TravelMode) async throws -> TravelTimeMatrix {
        guard let matrix = try await MatrixStore.load(mode, on: db) else {
            throw WebError.badRequest(
                field: "mode", message: "no \(mode.rawValue) travel times are stored; see docs/travel-times.md to build them")
        }
        return matrix
    }

    func proposal(_ id: String) async throws -> (proposal: Proposal, origin: ProposalOrigin) {
        guard let found = try await ProposalStore.find(id, on: db) else { throw WebError.notFound(what: "proposal", id: id) }
        return found
    }

    /// The baseline a proposal is compared with when none is chosen: the first listed proposal
    /// (the pack's status quo comes first), unless that is the proposal itself.
    func defaultBaseline(for id: String) async throws -> String? {
        let first = try await ProposalStore.list(on: db).first?.id
        return first == id ? nil : first
    }

    func assess(
        _ id: String, baseline baselineID: String?, mode: TravelMode, centreLink: (@Sendable (String) -> String)? = nil,
        areaLink: (@Sendable (String) -> String)? = nil
    ) async throws -> ProposalAssessment {
        let (proposal, origin) = try await proposal(id)
        var baseline: Proposal?
        if let baselineID {
            guard let b = try await ProposalStore.find(baselineID, on: db) else {
                throw WebError.badRequest(field: "baseline", message: "there is no proposal '\(baselineID)'")
            }
            baseline = b.proposal
        }
        let assessor = try await assessor(mode)
        let (data, matrix) = (assessor.data, assessor.matrix)
        let assessment = assessor.assess(proposal, baseline: baseline)
        let report = AssessmentReport(
            assessment: assessment, proposal: proposal, data: data, centreLink: centreLink,
            areaLink: areaLink)
        let problems = proposal.problems(centreIDs: Set(data.centres.map(\.id)), venueIDs: Set(data.venues.map(\.id)))
        return ProposalAssessment(
            proposal: proposal, origin: origin, baseline: baseline, assessment: assessment, report: report, matrix: matrix,
            data: data, problems: problems)
    }

    /// An assessor over the stored matrix for `mode`, with the pack's savings target.
    func assessor(_ mode: TravelMode) async throws -> Assessor {
        var assessor = Assessor(data: try await planningData(), matrix: try await matrix(mode))
        assessor.savingsTargetGBP = try await savingsTarget()
        return assessor
    }

    func compare(_ first: String, _ second: String, mode: TravelMode) async throws -> ProposalComparison {
        let a = try await proposal(first).proposal, b = try await proposal(second).proposal
        return ProposalComparison(first: a, second: b, assessor: try await assessor(mode))
    }

    /// A proposal file read and checked against the loaded pack and the stored proposals (the one it
    /// revises must exist); every problem is an `InputError` naming the file, line and column.
    func readChecked(_ data: Data, file: String) async throws -> Proposal {
        let read = try ProposalCSV.read(data, file: file)
        let q = DirectoryQueries(db)
        try read.check(
            centreIDs: Set(try await q.centres().map(\.id)), venueIDs: Set(try await q.venues().map(\.id)),
            sourceIDs: Set(try await q.sources().map(\.id)))
        if let revises = read.proposal.revises, !(try await ProposalStore.exists(revises, on: db)) {
            throw InputError(file: file, column: "value", message: "revises '\(revises)', which is not a stored proposal")
        }
        return read.proposal
    }

    /// Checks and stores a proposal read from a CSV file; all or nothing. A new id is added; an
    /// existing user's proposal is replaced only when `replace` is set; a pack's never.
    func importCSV(_ data: Data, file: String, replace: Bool, now: String) async throws -> Proposal {
        let p = try await readChecked(data, file: file)
        try await db.transaction { tx in
            if let existing = try await ProposalStore.find(p.id, on: tx) {
                guard existing.origin == .user else {
                    let whose = existing.origin == .pack ? "shipped with the data pack" : "made on the web"
                    throw InputError(
                        file: file, column: "value", message: "'\(p.id)' is a proposal \(whose); give yours another id")
                }
                guard replace else {
                    throw InputError(
                        file: file, column: "value",
                        message: "a proposal '\(p.id)' is already stored; use --replace to replace it")
                }
            }
            try await ProposalStore.save(p, origin: .user, updatedAt: now, on: PackStore.sql(tx))
        }
        return p
    }
}
