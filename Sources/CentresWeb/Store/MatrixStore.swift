import CentresCore
import CentresIO
import Fluent
import Foundation
import SQLKit
import TravelTime

/// The pack's travel-time matrices (areas × venues) in the database.
enum MatrixStore {
    struct Row: Codable, Sendable {
        var id: String
        var mode: String
        var method: String
        var summary: String
        var computedAt: String
        var data: Data
    }

    static func id(for mode: TravelMode) -> String { "pack-\(mode.rawValue)" }

    /// Replaces the stored matrix for its mode.
    static func save(_ m: TravelTimeMatrix, computedAt: String, on db: any Database) async throws {
        let row = Row(
            id: id(for: m.metadata.mode), mode: m.metadata.mode.rawValue, method: m.metadata.method.rawValue,
            summary: m.metadata.summary, computedAt: computedAt, data: try MatrixFiles.binary(m))
        try await db.transaction { tx in
            let sql = PackStore.sql(tx)
            try await sql.delete(from: "travel_matrices").where("id", .equal, row.id).run()
            try await sql.insert(into: "travel_matrices").model(row, with: PackStore.encoder).run()
        }
    }

    static func load(_ mode: TravelMode, on db: any Database) async throws -> TravelTimeMatrix? {
        let rows = try await PackStore.sql(db).select().column("*").from("travel_matrices").where("id", .equal, id(for: mode))
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        guard let row = rows.first else { return nil }
        return try MatrixFiles.readBinary(row.data, file: "travel_matrices/\(row.id)")
    }

    /// Every stored matrix that exists, in mode order.
    static func loadAll(on db: any Database) async throws -> [TravelTimeMatrix] {
        var out: [TravelTimeMatrix] = []
        for mode in TravelMode.allCases {
            if let m = try await load(mode, on: db) { out.append(m) }
        }
        return out
    }

    /// Estimate matrices for walking, cycling and driving from every area's population-weighted
    /// centre to every venue with a known location. Cheap (a few milliseconds), so they are built
    /// whenever a pack is loaded; `centres matrix --pack` replaces them.
    @discardableResult
    static func buildEstimates(
        on db: any Database, computedAt: String, modes: [TravelMode] = [.walk, .cycle, .car], maxMinutes: Double = 240
    ) async throws -> String {
        let q = DirectoryQueries(db)
        let origins = try await q.areas().map { (id: $0.code, point: Optional($0.centroid)) }
        let destinations = try await q.venues().map { (id: $0.id, point: $0.location) }
        var lines: [String] = []
        for mode in modes {
            let m = try EstimateModel().matrix(
                origins: origins, destinations: destinations, mode: mode, maxMinutes: maxMinutes, precision: .seconds)
            try await save(m, computedAt: computedAt, on: db)
            let reachable = m.layers[0].values.compactMap { $0 }.count
            lines.append(
                "\(mode.rawValue): \(origins.count) areas × \(destinations.count) venues, \(reachable) cells within \(Int(maxMinutes)) min; ESTIMATES (\(m.metadata.summary))"
            )
        }
        return (["Stored travel-time matrices (no street network is configured, so these are estimates):"] + lines).joined(
            separator: "\n")
    }

    /// Area × venue matrices over a street network. Areas or venues that do not reach the network
    /// are unreachable cells, and the message counts them.
    static func buildNetwork(
        on db: any Database, computedAt: String, modes: [TravelMode], maxMinutes: Double,
        streets: (input: RoadNetworkInput, file: MatrixInput), rules: WalkRules = .init()
    ) async throws -> String {
        let q = DirectoryQueries(db)
        let areas = try await q.areas().map { (id: $0.code, point: $0.centroid) }
        let venues = try await q.venues().compactMap { v in v.location.map { (id: v.id, point: $0) } }
        var lines = ["Stored travel-time matrices over the street network \(streets.file.name):"]
        for mode in modes {
            let streetMode: StreetMode
            switch mode {
            case .walk: streetMode = .walk
            case .cycle: streetMode = .cycle
            case .car: streetMode = .car
            case .transit: continue  // built by `buildTransit`, from the timetable
            }
            let graph = StreetGraph(streets.input, mode: streetMode)
            let result = StreetMatrix.compute(
                graph: graph, origins: areas, destinations: venues, maxMinutes: maxMinutes, rules: rules, precision: .seconds,
                inputs: [streets.file])
            try await save(result.matrix, computedAt: computedAt, on: db)
            let unsnapped = (result.origins + result.destinations).filter { $0.metres == nil }.count
            lines.append(
                "\(mode.rawValue): \(areas.count) areas × \(venues.count) venues; \(unsnapped) points too far from any street (unreachable)"
            )
        }
        return lines.joined(separator: "\n")
    }

    /// Public transport from every area's centre to every venue over a timetable's departure window.
    /// The median is always among the percentiles, as the pages show it; walking legs use `walk`
    /// where it covers both ends, else straight lines (the stored metadata counts each).
    static func buildTransit(
        on db: any Database, computedAt: String, transit: PackTransitInput, walk: StreetGraph?,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> String {
        let q = DirectoryQueries(db)
        let areas = try await q.areas().map { (id: $0.code, point: $0.centroid) }
        let venues = try await q.venues().compactMap { v in v.location.map { (id: v.id, point: $0) } }
        var options = transit.options
        // Stored to the second (issue 22): figures compare "within 15 minutes" on the time itself;
        // pages round for reading.
        options.precision = .seconds
        if !options.percentiles.contains(50) { options.percentiles = (options.percentiles + [50]).sorted() }
        let total = areas.count
        let m = TransitMatrix.compute(
            timetable: transit.timetable, origins: areas, destinations: venues, options: options, walkGraph: walk,
            inputs: transit.inputs, progress: progress.map { report in { @Sendable done in report(done, total) } })
        try await save(m, computedAt: computedAt, on: db)
        let median = m.layers[m.headlineLayer].values
        let reachable = median.compactMap { $0 }.count
        let anyVenue = (0..<areas.count).filter { o in
            (0..<venues.count).contains { median[o * venues.count + $0] != nil }
        }.count
        return [
            "transit: \(areas.count) areas × \(venues.count) venues, \(reachable) cells reachable at the median "
                + "within \(Int(options.maxMinutes)) min; \(anyVenue) of \(areas.count) areas reach at least one venue",
            "  (\(m.metadata.summary))",
        ].joined(separator: "\n")
    }
}

/// A timetable for the pack's public-transport matrix, with the options it is routed with and the
/// files it came from (stored with the matrix).
public struct PackTransitInput: Sendable {
    public var timetable: Timetable
    public var options: TransitMatrix.Options
    public var inputs: [MatrixInput]

    public init(timetable: Timetable, options: TransitMatrix.Options, inputs: [MatrixInput]) {
        self.timetable = timetable
        self.options = options
        self.inputs = inputs
    }
}
