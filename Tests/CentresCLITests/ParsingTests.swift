import ArgumentParser
import Testing
import TravelTime

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

    /// The street and transfer rules are options; ones that need a street network say so without one.
    @Test func matrixRulesAreOptions() throws {
        let files = ["matrix", "--origins", "o.csv", "--destinations", "d.csv", "--out", "m.csv", "--mode", "walk"]
        let m = try #require(
            try CentresCommand.parseAsRoot(
                files + [
                    "--osm", "x.osm.pbf", "--snap-radius", "250", "--no-walk-snap", "--no-straight-across", "--precision",
                    "seconds",
                ])
                as? Matrix)
        #expect(m.rules == WalkRules(snapMetres: 250, walkSnap: false, straightAcross: false) && m.precision == .seconds)
        let defaults = try #require(try CentresCommand.parseAsRoot(files + ["--osm", "x.osm.pbf"]) as? Matrix)
        #expect(defaults.rules == WalkRules() && defaults.precision == .tenths && defaults.transferRadius == 400)
        for bad in [
            ["--no-walk-snap"], ["--precision", "seconds"], ["--osm", "x", "--snap-radius", "-1"],
            ["--osm", "x", "--transfer-radius", "nan"], ["--osm", "x", "--precision", "minutes"],
        ] {
            #expect(throws: (any Error).self, "\(bad)") { try CentresCommand.parseAsRoot(files + bad) }
        }
        #expect(throws: (any Error).self) { try CentresCommand.parseAsRoot(["matrix", "--pack", "--precision", "seconds"]) }
    }
}
