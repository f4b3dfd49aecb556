import ArgumentParser
import CentresWeb

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a data pack folder into the configured database, all or nothing.")

    @Argument(help: "The pack folder (see docs/data-pack.md).") var packDir: String
    @Flag(help: "Replace the directory already in the database.") var replace = false
    @Flag(help: "With --replace: go ahead even though staff have edited the directory (their edits are lost).")
    var discardEdits = false

    func run() async throws {
        print(
            try await CentresApp.importPack(
                config: .fromEnvironment(), directory: packDir, replace: replace, discardEdits: discardEdits))
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write the database's directory out as a data pack folder.")

    @Argument(help: "The folder to write (created if needed).") var dir: String

    func run() async throws {
        print(try await CentresApp.exportPack(config: .fromEnvironment(), directory: dir))
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bring the database schema up to date, or revert it.")

    @Flag(help: "Revert every migration (drops the directory's tables).") var revert = false

    func run() async throws {
        print(try await CentresApp.migrate(config: .fromEnvironment(), revert: revert))
    }
}
