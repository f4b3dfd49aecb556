import ArgumentParser
import CentresCore
import CentresIO
import CentresWeb
import Foundation
import Planning
import TravelTime

extension OptimiserQuery.Kind: ExpressibleByArgument {}
extension DemandWeighting: ExpressibleByArgument {}

struct Optimise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the best set of bases: p-median, maximal covering, set covering or budget covering.",
        discussion: """
            Over the data pack (the stored matrix for --mode, areas weighted as --weighting asks), or over your own \
            files with --matrix and --weights (and --sites-file for costs, districts and forced/forbidden sites). \
            Every answer reports its bound, gap and whether optimality is proven. See docs/optimiser.md.
            """)

    @Option(help: "pmedian, mclp, lscp or budget.") var problem: OptimiserQuery.Kind = .maximalCovering
    @Option(help: "How many sites to choose (pmedian, mclp).") var sites: Int?
    @Option(help: "The time limit for covering, in minutes.") var within: Double = 30
    @Option(help: "lscp: the share of the weight to reach, 0–1 (default: every point some site can reach).")
    var share: Double?
    @Option(help: "budget: the most the chosen sites may cost together (needs --costs, or costs in --sites-file).")
    var budget: Double?
    @Option(help: "walk, cycle, car or transit (data pack only; default car).") var mode: TravelMode?
    @Option(help: "Comma-separated candidate kinds: centres, libraries, venues (data pack only).") var candidates = "centres"
    @Option(help: "under-fives, under-fives-deprivation or population (data pack only).") var weighting: DemandWeighting =
        .underFives
    @Option(help: "At least this many sites in every district.") var minPerDistrict = 0
    @Option(help: "A district's own minimum, NAME=K (repeat for more; replaces --min-per-district there).")
    var minDistrict: [String] = []
    @Option(help: "A district's maximum, NAME=K (repeat for more).") var maxDistrict: [String] = []
    @Option(help: "District limits as CSV: district and either or both of min, max.") var districts: String?
    @Option(help: "Running costs of the data pack's candidates as CSV: site (name or id), cost (pounds a year).")
    var costs: String?
    @Option(help: "Keep this site open (a name or id; repeat for more).") var keep: [String] = []
    @Option(help: "Never choose this site (a name or id; repeat for more).") var forbid: [String] = []
    @Option(help: "Your own matrix (long CSV: origin_id,destination_id,minutes or r5py's from_id,to_id,travel_time).")
    var matrix: String?
    @Option(help: "Demand weights for --matrix (CSV: id,weight).") var weights: String?
    @Option(help: "Site attributes for --matrix (CSV: id and any of name, cost, district, rule).") var sitesFile: String?
    @Option(help: "table, csv or json on standard output.") var format = "table"
    @Option(help: "Also write the chosen sites as CSV here.") var csv: String?
    @Option(help: "Also write the whole answer as JSON here.") var json: String?
    @Option(help: "Instead of one answer, the best coverage and mean time for 1…N sites (data pack only).") var frontier: Int?
    @Option(help: "Save the answer as a draft proposal with this id (data pack only).") var saveProposal: String?
    @Option(help: "With --matrix: what a demand point with no time to any chosen site counts as in pmedian.")
    var unreachableMinutes: Double = 240
    @Option(help: "Stop the search after this many branch-and-bound nodes (the gap is then reported).") var nodeLimit = 20_000
    @Option(help: "Stop once the answer is proven within this many percent of the best bound (default: prove it optimal).")
    var gap: Double?

    var candidateKinds: [CandidateKind]? {
        let parts = candidates.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let kinds = parts.compactMap(CandidateKind.init(rawValue:))
        return kinds.count == parts.count && !kinds.isEmpty ? kinds : nil
    }

    var query: OptimiserQuery {
        var q = OptimiserQuery()
        q.kind = problem
        q.sites = sites
        q.withinMinutes = within
        q.share = share
        q.budget = budget
        q.candidates = candidateKinds ?? []
        q.weighting = weighting
        q.minimumPerDistrict = minPerDistrict
        q.siteCosts = (try? costs.map { try OptimiserFiles.siteCosts(URL(fileURLWithPath: $0)) }) ?? [:]
        q.minimumByDistrict = limits.minimum
        q.maximumByDistrict = limits.maximum
        q.keep = keep
        q.forbid = forbid
        return q
    }

    /// `--gap` is a percentage; the search takes a share.
    var relativeGap: Double { gap.map { max($0 / 100, LocationSolver.provenGap) } ?? LocationSolver.provenGap }

    /// The district limits from --min-district, --max-district and --districts (a district named
    /// both on the command line and in the file is refused rather than guessed).
    func districtLimits() throws -> (minimum: [String: Int], maximum: [String: Int]) {
        var minimum: [String: Int] = [:], maximum: [String: Int] = [:]
        for (option, entries) in [("--min-district", minDistrict), ("--max-district", maxDistrict)] {
            switch OptimiserQuery.districtLimits(entries) {
            case .success(let limits): if option == "--min-district" { minimum = limits } else { maximum = limits }
            case .failure(let e): throw ValidationError("\(option): \(e.message)")
            }
        }
        if let districts {
            let file = try OptimiserFiles.districtLimits(URL(fileURLWithPath: districts))
            for (name, k) in file.minimum {
                guard minimum[name] == nil else {
                    throw ValidationError("'\(name)' has a minimum in \(districts) and on the command line")
                }
                minimum[name] = k
            }
            for (name, k) in file.maximum {
                guard maximum[name] == nil else {
                    throw ValidationError("'\(name)' has a maximum in \(districts) and on the command line")
                }
                maximum[name] = k
            }
        }
        return (minimum, maximum)
    }

    var limits: (minimum: [String: Int], maximum: [String: Int]) { (try? districtLimits()) ?? ([:], [:]) }

    func validate() throws {
        _ = try districtLimits()
        if let costs {
            guard matrix == nil else {
                throw ValidationError("--costs is for the data pack; with --matrix give costs in --sites-file's cost column")
            }
            _ = try OptimiserFiles.siteCosts(URL(fileURLWithPath: costs))
        }
        guard ["table", "csv", "json"].contains(format) else {
            throw ValidationError("--format: '\(format)' is not one of table, csv, json")
        }
        guard candidateKinds != nil else {
            throw ValidationError("--candidates: give one or more of centres, libraries, venues, separated by commas")
        }
        guard nodeLimit >= 1 else { throw ValidationError("--node-limit must be at least 1") }
        if let gap, !(0...100).contains(gap) { throw ValidationError("--gap must be a percentage between 0 and 100") }
        if matrix != nil || weights != nil || sitesFile != nil {
            guard matrix != nil, weights != nil else { throw ValidationError("--matrix and --weights go together") }
            guard mode == nil, frontier == nil, saveProposal == nil else {
                throw ValidationError("--mode, --frontier and --save-proposal work over the data pack, not with --matrix")
            }
        }
    }

    func run() async throws {
        if let upTo = frontier {
            print(
                try await CentresApp.optimiseFrontier(
                    config: .fromEnvironment(), query: query, mode: mode, upTo: upTo, nodeLimit: nodeLimit,
                    relativeGap: relativeGap), terminator: "")
            return
        }
        let report: OptimiserReport
        if let matrix, let weights {
            report = try solveFiles(matrix: matrix, weights: weights)
        } else {
            let outcome = try await CentresApp.optimise(
                config: .fromEnvironment(), query: query, mode: mode, nodeLimit: nodeLimit, relativeGap: relativeGap,
                saveAs: saveProposal)
            report = outcome.report
            if let id = outcome.savedProposal {
                FileHandle.standardError.write(
                    Data("Saved the answer as the draft proposal '\(id)' (centres assess \(id)).\n".utf8))
            }
        }
        if let csv { try Data(OptimiserFiles.csv(report).utf8).write(to: URL(fileURLWithPath: csv), options: .atomic) }
        if let json { try OptimiserFiles.json(report).write(to: URL(fileURLWithPath: json), options: .atomic) }
        switch format {
        case "csv": print(OptimiserFiles.csv(report), terminator: "")
        case "json": print(String(decoding: try OptimiserFiles.json(report), as: UTF8.self))
        default:
            print(
                [OptimiserTables.summary(report), OptimiserTables.sites(report)].map { "\($0.title)\n\($0.plainText)" }
                    .joined(separator: "\n\n"))
        }
    }

    func solveFiles(matrix: String, weights: String) throws -> OptimiserReport {
        let input = try OptimiserFiles.read(
            matrix: URL(fileURLWithPath: matrix), weights: URL(fileURLWithPath: weights),
            sites: sitesFile.map { URL(fileURLWithPath: $0) })
        do {
            let rules = try input.rules.adding(
                keep: keep, forbid: forbid, minimumPerDistrict: minPerDistrict, minimumByDistrict: limits.minimum,
                maximumByDistrict: limits.maximum, in: input.instance
            ) { (name: String) throws(LocationProblemError) -> Int in try input.site(named: name) }
            let problem = try query.problem(unreachableMinutes: unreachableMinutes)
            var solver = LocationSolver(instance: input.instance, rules: rules)
            solver.nodeLimit = nodeLimit
            solver.relativeGap = relativeGap
            return OptimiserReport(
                problem: problem, solution: try solver.solve(problem), instance: input.instance, rules: rules,
                siteNames: input.siteNames, inputs: input.inputs)
        } catch { throw ValidationError(error.message) }
    }
}
