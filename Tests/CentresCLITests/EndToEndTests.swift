import CentresIO
import CentresTestSupport
import Foundation
import Testing
import TravelTime

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Runs the real `centres` binary against a temporary SQLite file.
@Suite(.serialized) struct EndToEndTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [beside, beside.deletingLastPathComponent(), Fixtures.repositoryRoot.appendingPathComponent(".build/debug")] {
            let candidate = dir.appendingPathComponent("centres")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return Fixtures.repositoryRoot.appendingPathComponent(".build/debug/centres")
    }

    static func environment(sqlite: URL) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["CENTRES_SQLITE_PATH"] = sqlite.path
        env["DATABASE_URL"] = nil
        env["LOG_LEVEL"] = "warning"
        return env
    }

    @discardableResult
    static func run(_ args: [String], sqlite: URL, input: String? = nil) throws -> Run {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.environment = environment(sqlite: sqlite)
        p.currentDirectoryURL = Fixtures.repositoryRoot
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let stdin = Pipe()
        p.standardInput = stdin
        try p.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(
            status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// The first administrator, made the way an operator would: the password on standard input.
    @Test func adminCreateUserThroughTheBinary() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("c.sqlite")
        let args = ["admin", "create-user", "--email", "Chief@Example.org", "--name", "Chief", "--role", "administrator"]
        let made = try Self.run(
            args + ["--organisation", "Norfolk County Council"], sqlite: db, input: "a long enough passphrase\n")
        #expect(made.status == 0 && made.stdout.contains("Created chief@example.org (administrator)"), "\(made.stderr)")
        let again = try Self.run(args, sqlite: db, input: "a long enough passphrase\n")
        #expect(again.status != 0 && again.stderr.contains("already exists"))
        let weak = try Self.run(
            ["admin", "create-user", "--email", "b@example.org", "--name", "B", "--role", "planner"], sqlite: db, input: "short\n"
        )
        #expect(weak.status != 0 && weak.stderr.contains("at least 12 characters"))
        let role = try Self.run(
            ["admin", "create-user", "--email", "c@example.org", "--name", "C", "--role", "boss"], sqlite: db,
            input: "a long enough passphrase\n")
        #expect(role.status != 0 && role.stderr.contains("'boss' is not a role"))
        let none = try Self.run(
            ["admin", "create-user", "--email", "d@example.org", "--name", "D", "--role", "planner"], sqlite: db)
        #expect(none.status != 0 && none.stderr.contains("standard input"))
    }

    @Test func petitionSchemesThroughTheBinary() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("c.sqlite")
        let args = [
            "petition", "scheme", "--id", "test-council", "--name", "Test Council", "--accept", "10", "--debate", "1000",
            "--statement", "You can sign if you live in Testshire.", "--reason", "live",
        ]
        let made = try Self.run(args, sqlite: db)
        #expect(made.status == 0 && made.stdout.contains("Created scheme test-council"), "\(made.stderr)")
        let list = try Self.run(["petition", "schemes"], sqlite: db)
        #expect(list.stdout.contains("norfolk-county-council") && list.stdout.contains("test-council\tTest Council\taccepted 10"))
        let backwards = try Self.run(args.map { $0 == "1000" ? "5" : $0 }, sqlite: db)
        #expect(backwards.status != 0 && backwards.stderr.contains("debate threshold cannot be below"))
        let reason = try Self.run(args + ["--reason", "visit"], sqlite: db)
        #expect(reason.status != 0 && reason.stderr.contains("'visit' is not one of live, work, study"))
    }

    @Test func importExportAndMigrateThroughTheBinary() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("c.sqlite")
        #expect(try Self.run(["migrate"], sqlite: db).status == 0)

        let imported = try Self.run(["import", Fixtures.norfolkPack.path], sqlite: db)
        #expect(imported.status == 0)
        #expect(imported.stdout.contains("538 areas, 7 districts, 100 venues, 53 centres"))

        let again = try Self.run(["import", Fixtures.norfolkPack.path], sqlite: db)
        #expect(again.status != 0)
        #expect(again.stderr.contains("--replace"))

        let bad = try Fixtures.copyOfPack()
        defer { try? FileManager.default.removeItem(at: bad) }
        let areas = bad.appendingPathComponent("areas.csv")
        try Data(try String(contentsOf: areas, encoding: .utf8).replacingOccurrences(of: ",E07000148,", with: ",E0700014X,").utf8)
            .write(to: areas)
        let refused = try Self.run(["import", bad.path, "--replace"], sqlite: db)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("areas.csv, line"))
        #expect(refused.stderr.contains("column 'district_code': unknown district code 'E0700014X'"))

        let out = dir.appendingPathComponent("export")
        #expect(try Self.run(["export", out.path], sqlite: db).status == 0)
        #expect(try PackReader.read(directory: out) == PackReader.read(directory: Fixtures.norfolkPack))

        let matrices = try Self.run(["matrix", "--pack", "--mode", "car", "--max-time", "60"], sqlite: db)
        #expect(matrices.status == 0)
        #expect(matrices.stdout.contains("car: 538 areas × 100 venues"))
        #expect(matrices.stdout.contains("ESTIMATES"))

        // Public transport for the pack over a timetable: HSL's stops are in Helsinki, so a Norfolk
        // venue is reachable only by walking the whole way (within the 90-minute limit), and every
        // reachable cell is walk-only.
        let gtfs = Self.helsinki.appendingPathComponent("hsl_gtfs_2022-02-22.zip").path
        let transit = try Self.run(
            ["matrix", "--pack", "--gtfs", gtfs, "--date", "2022-02-22", "--window", "08:00-08:02", "--mode", "transit"],
            sqlite: db)
        #expect(transit.status == 0, "\(transit.stderr)")
        #expect(transit.stdout.contains("transit: 538 areas × 88 venues, 3531 cells reachable at the median within 90 min"))
        #expect(transit.stdout.contains("499 of 538 areas reach at least one venue"))
        #expect(transit.stdout.contains("3531 cells walk-only"))
        #expect(transit.stdout.contains("transit, timetable"))
        #expect(transit.stderr.contains("walking legs are straight lines"))
        let noDate = try Self.run(["matrix", "--pack", "--gtfs", gtfs], sqlite: db)
        #expect(noDate.status != 0)
        #expect(noDate.stderr.contains("needs --date"))
        let noService = try Self.run(
            ["matrix", "--pack", "--gtfs", gtfs, "--date", "2022-03-25", "--window", "08:00-08:02"], sqlite: db)
        #expect(noService.status != 0)
        #expect(noService.stderr.contains("no service runs on 2022-03-25"))

        #expect(try Self.run(["migrate", "--revert"], sqlite: db).status == 0)
        #expect(try Self.run(["migrate"], sqlite: db).status == 0)
    }

    @Test func aFileMatrixIsWrittenWithItsProvenance() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let points = dir.appendingPathComponent("points.csv")
        try Data("id,lat,lon\nholt,52.9069,1.0907\ncromer,52.9310,1.3020\n".utf8).write(to: points)
        let out = dir.appendingPathComponent("m.csv")
        let db = dir.appendingPathComponent("unused.sqlite")
        let run = try Self.run(
            [
                "matrix", "--origins", points.path, "--destinations", points.path, "--mode", "walk", "--max-time", "600", "--out",
                out.path,
            ],
            sqlite: db)
        #expect(run.status == 0, "\(run.stderr)")
        let m = try MatrixFiles.readCSV(url: out)
        #expect(m.metadata.method == .estimate)
        #expect(m.metadata.inputs.map(\.role) == ["origins", "destinations"])
        #expect(m.minutes(origin: 0, destination: 0) == 0)
        #expect((m.minutes(origin: 0, destination: 1) ?? 0) > 180)

        let transit = try Self.run(
            ["matrix", "--origins", points.path, "--destinations", points.path, "--mode", "transit", "--out", out.path],
            sqlite: db)
        #expect(transit.status != 0)
        #expect(transit.stderr.contains("GTFS timetable"))
    }

    static let helsinki = Fixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/helsinki")

    @Test func streetAndTimetableMatricesFromRealHelsinkiData() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let points = dir.appendingPathComponent("points.csv")
        try Data("id,lat,lon\nrautatientori,60.1710,24.9414\nkamppi,60.1690,24.9320\nkauppatori,60.1675,24.9525\n".utf8).write(
            to: points)
        let db = dir.appendingPathComponent("unused.sqlite")
        let osm = Self.helsinki.appendingPathComponent("helsinki_centre.osm.pbf").path
        let gtfs = Self.helsinki.appendingPathComponent("hsl_gtfs_2022-02-22.zip").path
        let walkOut = dir.appendingPathComponent("walk.csv")
        let walk = try Self.run(
            [
                "matrix", "--osm", osm, "--origins", points.path, "--destinations", points.path, "--mode", "walk", "--out",
                walkOut.path,
            ],
            sqlite: db)
        #expect(walk.status == 0, "\(walk.stderr)")
        let w = try MatrixFiles.readCSV(url: walkOut)
        #expect(w.metadata.method == .network)
        #expect(w.metadata.inputs.contains { $0.role == "osm" && $0.date == "2019-04-21" })
        #expect((0..<3).allSatisfy { w.minutes(origin: $0, destination: $0) == 0 })
        #expect(w.minutes(origin: 0, destination: 1) == w.minutes(origin: 1, destination: 0))
        let snaps = try String(contentsOf: URL(fileURLWithPath: walkOut.path + ".snaps.csv"), encoding: .utf8)
        #expect(snaps.hasPrefix("role,id,snap_metres,osm_node\norigin,rautatientori,"))
        #expect(snaps.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 7)

        let transitOut = dir.appendingPathComponent("transit.cttm")
        let transit = try Self.run(
            [
                "matrix", "--osm", osm, "--gtfs", gtfs, "--origins", points.path, "--destinations", points.path, "--mode",
                "transit",
                "--date", "2022-02-22", "--window", "08:00-09:00", "--percentiles", "25,50,75", "--out", transitOut.path,
            ], sqlite: db)
        #expect(transit.status == 0, "\(transit.stderr)")
        #expect(transit.stderr.contains("origins"))  // the progress bar
        let t = try MatrixFiles.readBinary(Data(contentsOf: transitOut), file: "transit.cttm")
        #expect(t.layers.map(\.name) == ["p25", "p50", "p75"])
        #expect(t.metadata.date == "2022-02-22")
        #expect(t.metadata.window == "08:00-09:00")
        for o in 0..<3 {
            for d in 0..<3 {
                let (a, b, c) = (
                    t.minutes(origin: o, destination: d, layer: 0), t.minutes(origin: o, destination: d, layer: 1),
                    t.minutes(origin: o, destination: d, layer: 2)
                )
                #expect(a != nil && b != nil && c != nil)
                #expect(a! <= b! && b! <= c! && c! < 60)
            }
        }

        let noService = try Self.run(
            [
                "matrix", "--gtfs", gtfs, "--origins", points.path, "--destinations", points.path, "--mode", "transit",
                "--date", "2022-03-25", "--window", "08:00-09:00", "--out", transitOut.path,
            ], sqlite: db)
        #expect(noService.status != 0)
        #expect(noService.stderr.contains("no service runs on 2022-03-25"))

        let check = try Self.run(["gtfs-check", gtfs, "--date", "2022-02-22"], sqlite: db)
        #expect(check.status == 0)
        #expect(check.stdout.contains("0 error(s), 8 warning(s)"))
        #expect(check.stdout.contains("Trips running on 2022-02-22: 12878"))
        let bad = dir.appendingPathComponent("bad.zip")
        try Data("not a zip".utf8).write(to: bad)
        #expect(try Self.run(["gtfs-check", bad.path], sqlite: db).status != 0)
    }

    @Test func serveLoadsThePackOnceAndShutsDownCleanly() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("c.sqlite")
        let port = 18_000 + Int(ProcessInfo.processInfo.processIdentifier % 2000)
        for round in 1...2 {
            let p = Process()
            p.executableURL = Self.binary
            p.arguments = ["serve", "--port", "\(port)"]
            p.environment = Self.environment(sqlite: db)
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            let health = try await Self.waitForHealth(port: port)
            #expect(health, "round \(round): the server answered /health")
            let centres = try await Self.fetch("http://127.0.0.1:\(port)/api/v1/centres?per=1")
            #expect(centres.contains("\"total\":53"), "round \(round): the pack is loaded once, never duplicated")
            p.terminate()  // SIGTERM
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "round \(round): graceful shutdown")
        }
    }

    static func fetch(_ url: String) async throws -> String {
        let (data, _) = try await URLSession.shared.data(from: URL(string: url)!)
        return String(decoding: data, as: UTF8.self)
    }

    static func waitForHealth(port: Int) async throws -> Bool {
        for _ in 0..<150 {
            if let body = try? await fetch("http://127.0.0.1:\(port)/health"), body.contains("reachable") { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }
}
