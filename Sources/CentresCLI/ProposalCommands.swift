import ArgumentParser
import CentresWeb

struct ProposalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proposal", abstract: "Import, list and export proposals (one CSV file each; see docs/data-pack.md).",
        subcommands: [ImportProposal.self, ListProposals.self, ExportProposal.self])
}

struct ImportProposal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Check a proposal CSV against the loaded pack and store it, all or nothing.")

    @Argument(help: "The proposal file.") var file: String
    @Flag(help: "Replace a proposal of yours with the same id.") var replace = false

    func run() async throws {
        print(try await CentresApp.importProposal(config: .fromEnvironment(), file: file, replace: replace))
    }
}

struct ListProposals: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the stored proposals.")

    func run() async throws { print(try await CentresApp.listProposals(config: .fromEnvironment())) }
}

struct ExportProposal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Print a proposal as CSV (the format `proposal import` reads).")

    @Argument(help: "The proposal's id.") var id: String

    func run() async throws { print(try await CentresApp.exportProposal(config: .fromEnvironment(), id: id), terminator: "") }
}

struct Assess: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Assess a proposal: time to the nearest base for every area, weighted by under-fives, with breakdowns.")

    @Argument(help: "The proposal's id (see `centres proposal list`).") var proposal: String
    @Option(help: "Compare with this proposal (default: the first listed, the pack's status quo).") var baseline: String?
    @Flag(help: "Compare with nothing.") var noBaseline = false
    @Option(help: "walk, cycle, car or transit (default: car); the stored matrix for it is used.") var mode: String?
    @Option(help: "table, csv or json.") var format: String = "table"
    @Option(help: "Only this table (districts, quintiles, deciles, rural-urban, equality, reach, decisions, cost, areas).")
    var table: String?
    @Option(help: "Also write the evidence bundle (a zip of tables, parameters, matrix and README) here.") var evidence: String?

    func validate() throws {
        guard CentresApp.AssessFormat(rawValue: format) != nil else {
            throw ValidationError("--format: '\(format)' is not one of table, csv, json")
        }
        if noBaseline && baseline != nil { throw ValidationError("--baseline and --no-baseline cannot both be given") }
    }

    func run() async throws {
        let request = CentresApp.AssessRequest(
            proposal: proposal, baseline: noBaseline ? "" : baseline, mode: mode,
            format: CentresApp.AssessFormat(rawValue: format)!,
            table: table, evidence: evidence)
        print(try await CentresApp.assess(config: .fromEnvironment(), request))
    }
}
