import ArgumentParser
import CentresWeb

@main
struct CentresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "centres",
        abstract: "Children's centres: directory, planning, consultations and petitions.",
        subcommands: [
            Serve.self, Import.self, Export.self, Migrate.self, Matrix.self, GTFSCheck.self, ProposalCommand.self, Assess.self,
            Optimise.self, Admin.self, PetitionCommand.self,
        ])
}
