import CentresCore
import Fluent
import Foundation
import Planning
import TravelTime
import Vapor

/// One optimiser answer over the pack, with the network it was solved on.
struct OptimiserAnswer: Sendable {
    var query: OptimiserQuery
    var mode: TravelMode
    var network: NetworkOptimisation
    var rules: SiteRules
    var problem: LocationProblem
    var solution: LocationSolution
    var report: OptimiserReport
}

/// The frontier over the pack, with each listed proposal scored on the same terms.
struct OptimiserFrontier: Sendable {
    var query: OptimiserQuery
    var mode: TravelMode
    var network: NetworkOptimisation
    var points: [FrontierPoint]
    var proposals: [FrontierProposal]
}

/// The one place the optimiser's page, JSON API and CLI get answers over the pack from.
struct OptimiserService {
    let db: any Database
    /// Web requests stop sooner than the CLI; an answer cut short says so with its gap.
    var nodeLimit = 20_000
    /// Stop once the answer is proven within this share of the bound (0.001 = 0.1 %); the
    /// default proves optimality.
    var relativeGap = LocationSolver.provenGap
    /// Where the search runs: a server's thread pool, so a long search holds no request thread;
    /// nil runs it in place (the CLI).
    var threadPool: NIOThreadPool?
    static let largestFrontier = 60

    func compute<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        guard let threadPool else { return try body() }
        return try await threadPool.runIfActive(body)
    }

    func network(_ query: OptimiserQuery, mode: TravelMode) async throws -> NetworkOptimisation {
        let service = ProposalAssessments(db: db)
        let matrix = try await service.matrix(mode)
        guard !query.candidates.isEmpty else {
            throw WebError.badRequest(field: "candidates", message: "choose at least one kind of candidate site")
        }
        let network = NetworkOptimisation(
            data: try await service.planningData(), matrix: matrix, candidates: query.candidates, weighting: query.weighting)
        do { return try network.costed(query.siteCosts) } catch {
            throw WebError.badRequest(field: "costs", message: error.message)
        }
    }

    /// A point with no time to any chosen site counts at the matrix's limit.
    static func unreachableMinutes(_ m: TravelTimeMatrix) -> Double {
        m.metadata.maxMinutes.isFinite && m.metadata.maxMinutes > 0 ? m.metadata.maxMinutes : 240
    }

    func solve(_ query: OptimiserQuery, mode: TravelMode) async throws -> OptimiserAnswer {
        let network = try await network(query, mode: mode)
        let (limit, gap) = (nodeLimit, relativeGap)
        let (rules, problem, solution) = try await compute {
            try Self.asBadRequest { () throws(LocationProblemError) -> (SiteRules, LocationProblem, LocationSolution) in
                if query.kind == .budgetCovering, query.siteCosts.isEmpty {
                    throw LocationProblemError(
                        "the data pack has no running cost per venue, so a budget needs the candidates' costs: "
                            + "a costs file (site,cost_gbp), or `centres optimise --costs FILE`")
                }
                let problem = try query.problem(unreachableMinutes: Self.unreachableMinutes(network.matrix))
                let rules = try network.rules(
                    keep: query.keep, forbid: query.forbid, minimumPerDistrict: query.minimumPerDistrict,
                    minimumByDistrict: query.minimumByDistrict, maximumByDistrict: query.maximumByDistrict)
                var solver = LocationSolver(instance: network.instance, rules: rules)
                solver.nodeLimit = limit
                solver.relativeGap = gap
                return (rules, problem, try solver.solve(problem))
            }
        }
        var report = OptimiserReport(
            problem: problem, solution: solution, instance: network.instance, rules: rules,
            siteNames: network.venues.indices.map { network.centreOfSite[$0]?.name ?? network.venues[$0].name },
            inputs: Self.inputs(network), parameters: Self.parameters(query, mode: mode))
        report.underFivesTotal = Double(network.data.areas.reduce(0) { $0 + $1.underFives })
        if report.coveredWeight != nil {
            report.underFivesWithin =
                network.evaluate(
                    venueIDs: solution.sites.map { network.venues[$0].id }, minutes: query.withinMinutes, weighting: .underFives
                ).covered
        }
        return OptimiserAnswer(
            query: query, mode: mode, network: network, rules: rules, problem: problem, solution: solution, report: report)
    }

    func frontier(_ query: OptimiserQuery, mode: TravelMode, upTo: Int) async throws -> OptimiserFrontier {
        guard (1...Self.largestFrontier).contains(upTo) else {
            throw WebError.badRequest(
                field: "up_to", message: "the frontier goes up to between 1 and \(Self.largestFrontier) sites")
        }
        let network = try await network(query, mode: mode)
        let (limit, gap) = (nodeLimit, relativeGap)
        let points = try await compute {
            try Self.asBadRequest { () throws(LocationProblemError) -> [FrontierPoint] in
                let rules = try network.rules(
                    keep: query.keep, forbid: query.forbid, minimumPerDistrict: query.minimumPerDistrict,
                    minimumByDistrict: query.minimumByDistrict, maximumByDistrict: query.maximumByDistrict)
                var solver = LocationSolver(instance: network.instance, rules: rules)
                solver.nodeLimit = limit
                solver.relativeGap = gap
                return try solver.frontier(
                    upTo: upTo, minutes: query.withinMinutes, unreachableMinutes: Self.unreachableMinutes(network.matrix))
            }
        }
        let venueOfCentre = Dictionary(network.data.centres.map { ($0.id, $0.venueID) }, uniquingKeysWith: { a, _ in a })
        let proposals = try await ProposalStore.all(on: db, listedOnly: true).map { p in
            let bases = Set(p.openBaseIDs).sorted()
            let score = network.evaluate(venueIDs: bases.compactMap { venueOfCentre[$0] }, minutes: query.withinMinutes)
            return FrontierProposal(
                id: p.id, title: p.title, bases: bases.count, covered: score.covered, meanMinutes: score.meanMinutes,
                unplaced: bases.count - score.placed)
        }
        return OptimiserFrontier(query: query, mode: mode, network: network, points: points, proposals: proposals)
    }

    static func tables(_ f: OptimiserFrontier) -> [ReportTable] {
        OptimiserTables.frontier(
            f.points, proposals: f.proposals, siteIDs: f.network.instance.siteIDs, totalWeight: f.network.instance.totalWeight,
            minutes: f.query.withinMinutes)
    }

    /// A request the optimiser cannot answer is the asker's mistake: a 400 naming the cause.
    static func asBadRequest<T>(_ body: () throws(LocationProblemError) -> T) throws(WebError) -> T {
        do { return try body() } catch { throw WebError.badRequest(field: "problem", message: error.message) }
    }

    static func inputs(_ n: NetworkOptimisation) -> [String] {
        ["data pack \(n.data.packName) \(n.data.packVersion)", "travel times: \(n.matrix.metadata.summary)"]
            + n.matrix.metadata.inputs.map { "\($0.role): \($0.name)\($0.date.map { " (\($0))" } ?? "")" }
    }

    static func parameters(_ q: OptimiserQuery, mode: TravelMode) -> [String: String] {
        [
            "mode": mode.rawValue, "candidates": q.candidates.map(\.rawValue).joined(separator: ","),
            "weighting": q.weighting.rawValue, "min_per_district": "\(q.minimumPerDistrict)",
            "min_district": OptimiserRequest.districtText(q.minimumByDistrict),
            "max_district": OptimiserRequest.districtText(q.maximumByDistrict),
            "keep": q.keep.joined(separator: "; "), "forbid": q.forbid.joined(separator: "; "),
        ]
    }
}
