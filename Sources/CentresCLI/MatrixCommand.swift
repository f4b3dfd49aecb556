import ArgumentParser
import CentresCore
import CentresIO
import CentresWeb
import Foundation
import TravelTime

extension TravelMode: ExpressibleByArgument {}
extension TimePrecision: ExpressibleByArgument {}

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
    @Option(help: "walk, cycle, car or transit (with --pack: default walk, cycle and car, and transit with --gtfs).")
    var mode: [TravelMode] = []
    @Option(help: "Cells slower than this many minutes are unreachable.") var maxTime: Double = 90
    @Option(help: "Output file (.csv or .cttm).") var out: String?
    @Option(help: "OpenStreetMap extract (.osm.pbf): routes over real streets instead of estimating.") var osm: String?
    @Option(help: "GTFS timetable (.zip), for --mode transit.") var gtfs: String?
    @Option(help: "Service date for public transport (YYYY-MM-DD).") var date: SimpleDate?
    @Option(help: "Departure window for public transport, e.g. 09:00-10:00 (every minute).") var window: String?
    @Option(help: "Percentiles of public-transport time over the window, e.g. 25,50,75.") var percentiles = "50"
    @Option(help: "Longest walk to or from a stop, in metres.") var maxWalk: Double = 800
    @Option(help: "Most transfers on a public-transport journey.") var maxTransfers = 4
    @Option(help: "Stops at most this many metres apart (straight line) have a walking transfer.") var transferRadius: Double =
        400
    @Option(help: "A point farther than this many metres from every usable street is unreachable.") var snapRadius: Double = 500
    @Flag(inversion: .prefixedNo, help: "Walk the straight line from each point to its street (with --osm).")
    var walkSnap = true
    @Flag(inversion: .prefixedNo, help: "Two points closer to each other than to the street walk straight across (with --osm).")
    var straightAcross = true
    @Option(help: "tenths (of a minute), seconds, or exact (unrounded), for network matrices.")
    var precision: TimePrecision = .tenths

    var rules: WalkRules { WalkRules(snapMetres: snapRadius, walkSnap: walkSnap, straightAcross: straightAcross) }

    static func parseWindow(_ text: String) -> ClosedRange<Int>? {
        let parts = text.split(separator: "-").map(String.init)
        guard parts.count == 2, let a = TimeOfDay(parts[0]), let b = TimeOfDay(parts[1]), a <= b else { return nil }
        return (a.minutes * 60)...(b.minutes * 60)
    }

    var percentileValues: [Double]? {
        let values = percentiles.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        return values.count == percentiles.split(separator: ",").count && values.allSatisfy({ (0...100).contains($0) })
            && !values.isEmpty
            ? values : nil
    }

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
        if mode.contains(.transit) || (pack && mode.isEmpty && gtfs != nil) {
            guard gtfs != nil else {
                throw ValidationError(
                    "public-transport times need a GTFS timetable (--gtfs); they are never estimated from distance")
            }
            guard date != nil else { throw ValidationError("--mode transit needs --date YYYY-MM-DD") }
            guard let window, Self.parseWindow(window) != nil else {
                throw ValidationError("--mode transit needs --window HH:MM-HH:MM, e.g. 09:00-10:00")
            }
        }
        for (name, value) in [("--transfer-radius", transferRadius), ("--snap-radius", snapRadius), ("--max-walk", maxWalk)] {
            guard value.isFinite, value >= 0, value <= 100_000 else {
                throw ValidationError("\(name) takes metres from 0 to 100000")
            }
        }
        guard maxTransfers >= 0, maxTransfers <= 20 else { throw ValidationError("--max-transfers takes 0 to 20") }
        if osm == nil, rules != WalkRules() || snapRadius != 500 {
            throw ValidationError("--snap-radius, --no-walk-snap and --no-straight-across are street-network rules: give --osm")
        }
        if precision != .tenths, osm == nil, gtfs == nil {
            throw ValidationError(
                "--precision \(precision.rawValue) needs --osm or --gtfs: estimates are kept to a tenth of a minute")
        }
        if pack, precision != .tenths {
            throw ValidationError(
                "--pack stores network times to the second (the pages round them to a tenth); leave out --precision")
        }
        guard percentileValues != nil else { throw ValidationError("--percentiles takes numbers from 0 to 100, e.g. 25,50,75") }
        if gtfs != nil, !mode.isEmpty, !mode.contains(.transit) {
            throw ValidationError("--gtfs is a timetable for --mode transit; add --mode transit or leave out --gtfs")
        }
    }

    func run() async throws {
        if pack {
            try await runPack()
            return
        }
        let job = MatrixJob(
            origins: URL(fileURLWithPath: origins!), destinations: URL(fileURLWithPath: destinations!), mode: mode[0],
            maxMinutes: maxTime, output: URL(fileURLWithPath: out!))
        guard osm != nil || gtfs != nil else {
            let m = try job.runEstimate()
            let reachable = m.layers[0].values.compactMap { $0 }.count
            print(
                "Wrote \(m.origins.count) × \(m.destinations.count) \(m.metadata.summary) to \(out!) (\(reachable) cells reachable; ESTIMATES)."
            )
            return
        }
        var net = MatrixJob.NetworkInputs(osm: osm.map { URL(fileURLWithPath: $0) }, gtfs: gtfs.map { URL(fileURLWithPath: $0) })
        net.date = date
        net.window = window.flatMap(Self.parseWindow)
        net.percentiles = percentileValues ?? [50]
        net.maxWalkMetres = maxWalk
        net.maxTransfers = maxTransfers
        net.transferMetres = transferRadius
        net.rules = rules
        net.precision = precision
        let (m, warnings) = try job.runNetwork(net, progress: ProgressBar.report)
        ProgressBar.finish()
        for w in warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
        let reachable = m.layers[0].values.compactMap { $0 }.count
        print(
            "Wrote \(m.origins.count) × \(m.destinations.count) \(m.metadata.summary) to \(out!) "
                + "(\(reachable) of \(m.layers[0].values.count) cells reachable in \(m.layers[0].name)).")
    }

    /// Areas × venues for the database's pack, by every mode asked for (or the defaults).
    func runPack() async throws {
        let modes = mode.isEmpty ? [TravelMode.walk, .cycle, .car] + (gtfs == nil ? [] : [.transit]) : mode
        let streets = try osm.map { path throws -> (input: RoadNetworkInput, file: MatrixInput) in
            try MatrixJob.streetInput(URL(fileURLWithPath: path))
        }
        var transit: PackTransitInput?
        if let gtfs, let date, let window = window.flatMap(Self.parseWindow) {
            let (timetable, input, warnings) = try MatrixJob.transitInput(
                URL(fileURLWithPath: gtfs), date: date, transferMetres: transferRadius)
            for w in warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
            if streets == nil {
                FileHandle.standardError.write(
                    Data("warning: no street network given (--osm): walking legs are straight lines at walking speed\n".utf8))
            }
            var options = TransitMatrix.Options(window: window)
            options.percentiles = percentileValues ?? [50]
            options.maxWalkMetres = maxWalk
            options.maxTransfers = maxTransfers
            options.rules = rules
            transit = PackTransitInput(timetable: timetable, options: options, inputs: [input])
        }
        let summary = try await CentresApp.buildPackMatrices(
            config: .fromEnvironment(), modes: modes, maxMinutes: maxTime, streets: streets, transit: transit,
            streetRules: rules, progress: transit == nil ? nil : ProgressBar.report)
        if transit != nil { ProgressBar.finish() }
        print(summary)
    }
}
