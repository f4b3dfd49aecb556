import ArgumentParser
import CentresWeb

struct PetitionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "petition", abstract: "Petition schemes.", subcommands: [SchemeSet.self, SchemeList.self])
}

struct SchemeSet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheme", abstract: "Add or replace a petition scheme: its thresholds and who may sign.",
        discussion:
            "Example: centres petition scheme --id norfolk-county-council --name 'Norfolk County Council petition scheme' --accept 20 --debate 4500 --statement 'You can sign if you live, work or study in Norfolk.' --reason live --reason work --reason study --outside-area allow-work-or-study"
    )

    @Option(help: "The scheme's id (lower-case letters, digits, hyphens).") var id: String
    @Option(help: "Its name, shown with the thresholds.") var name: String
    @Option(help: "Signatures needed for the petition to be accepted.") var accept: Int
    @Option(help: "Signatures that trigger a debate.") var debate: Int
    @Option(help: "The eligibility statement shown above the form.") var statement: String
    @Option(help: "A reason a person may sign: live, work or study (repeat).") var reason: [String] = []
    @Option(help: "Postcodes outside the area: refuse, or allow-work-or-study.") var outsideArea = "refuse"

    func run() async throws {
        print(
            try await CentresApp.setPetitionScheme(
                config: .fromEnvironment(), id: id, name: name, acceptance: accept, debate: debate, statement: statement,
                reasons: reason, outsideArea: outsideArea))
    }
}

struct SchemeList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schemes", abstract: "List the petition schemes.")

    func run() async throws { print(try await CentresApp.listPetitionSchemes(config: .fromEnvironment())) }
}
