import ArgumentParser
import Testing

@testable import CentresCLI

@Suite struct ParsingTests {
    @Test func serveDefaultsToLoopback8080() throws {
        let serve = try #require(try CentresCommand.parseAsRoot(["serve"]) as? Serve)
        #expect(serve.hostname == "127.0.0.1")
        #expect(serve.port == 8080)
    }

    @Test func serveRejectsAnImpossiblePort() {
        #expect(throws: (any Error).self) { try CentresCommand.parseAsRoot(["serve", "--port", "70000"]) }
        #expect(throws: (any Error).self) { try CentresCommand.parseAsRoot(["serve", "--port", "eighty"]) }
    }

    @Test func importTakesAFolderAndAReplaceFlag() throws {
        let command = try #require(try CentresCommand.parseAsRoot(["import", "Data/norfolk", "--replace"]) as? Import)
        #expect(command.packDir == "Data/norfolk")
        #expect(command.replace)
        #expect(throws: (any Error).self) { try CentresCommand.parseAsRoot(["import"]) }
    }

    @Test func migrateCanRevert() throws {
        #expect((try CentresCommand.parseAsRoot(["migrate", "--revert"]) as? Migrate)?.revert == true)
        #expect((try CentresCommand.parseAsRoot(["migrate"]) as? Migrate)?.revert == false)
    }

    @Test func matrixNeedsEitherThePackOrFiles() throws {
        #expect(throws: (any Error).self) { try CentresCommand.parseAsRoot(["matrix"]) }
        #expect(throws: (any Error).self) { try CentresCommand.parseAsRoot(["matrix", "--pack", "--out", "x.csv"]) }
        #expect(throws: (any Error).self) { try CentresCommand.parseAsRoot(["matrix", "--pack", "--mode", "transit"]) }
        let m = try #require(try CentresCommand.parseAsRoot(["matrix", "--pack", "--mode", "car", "--mode", "walk"]) as? Matrix)
        #expect(m.mode == [.car, .walk])
        #expect(throws: (any Error).self) { try CentresCommand.parseAsRoot(["matrix", "--pack", "--mode", "bus"]) }
    }
}
