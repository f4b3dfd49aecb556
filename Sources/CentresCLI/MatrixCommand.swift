import ArgumentParser
import CentresIO
import CentresWeb
import Foundation
import TravelTime

extension TravelMode: ExpressibleByArgument {}

struct Matrix: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute a travel-time matrix (minutes from every origin to every destination).",
        discussion: """
            With --pack: areas × venues for the loaded data pack, stored for the web pages. \
            With --origins/--destinations (CSV: id,lat,lon): written to --out (.csv with a .meta.json, or .cttm). \
            Without a street network, times are estimates (straight line × detour ÷ speed) and are labelled so; \
            public transport needs a timetable and is never estimated.
            """)

    @Flag(help: "Build the area × venue matrices for the data pack in the configured database.") var pack = false
    @Option(help: "Origins CSV (id,lat,lon).") var origins: String?
    @Option(help: "Destinations CSV (id,lat,lon).") var destinations: String?
    @Option(help: "walk, cycle, car or transit (with --pack: default walk, cycle and car).") var mode: [TravelMode] = []
    @Option(help: "Cells slower than this many minutes are unreachable.") var maxTime: Double = 90
    @Option(help: "Output file (.csv or .cttm).") var out: String?

    func validate() throws {
        guard maxTime > 0 else { throw ValidationError("--max-time must be positive") }
        if pack {
            guard origins == nil, destinations == nil, out == nil else {
                throw ValidationError(
                    "--pack computes areas × venues for the database; do not combine it with --origins, --destinations or --out")
            }
        } else {
            guard origins != nil, destinations != nil, out != nil else {
                throw ValidationError("give --pack, or all of --origins, --destinations and --out")
            }
            guard mode.count == 1 else { throw ValidationError("give exactly one --mode for a file matrix") }
        }
        if mode.contains(.transit) {
            throw ValidationError("public-transport times need a GTFS timetable; they are never estimated from distance")
        }
    }

    func run() async throws {
        if pack {
            let modes = mode.isEmpty ? [TravelMode.walk, .cycle, .car] : mode
            print(try await CentresApp.buildPackMatrices(config: .fromEnvironment(), modes: modes, maxMinutes: maxTime))
            return
        }
        let job = MatrixJob(
            origins: URL(fileURLWithPath: origins!), destinations: URL(fileURLWithPath: destinations!), mode: mode[0],
            maxMinutes: maxTime, output: URL(fileURLWithPath: out!))
        let m = try job.runEstimate()
        let reachable = m.layers[0].values.compactMap { $0 }.count
        print(
            "Wrote \(m.origins.count) × \(m.destinations.count) \(m.metadata.summary) to \(out!) (\(reachable) cells reachable; estimates)."
        )
    }
}
