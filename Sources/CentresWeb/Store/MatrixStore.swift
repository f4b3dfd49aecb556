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
            let m = try EstimateModel().matrix(origins: origins, destinations: destinations, mode: mode, maxMinutes: maxMinutes)
            try await save(m, computedAt: computedAt, on: db)
            let reachable = m.layers[0].values.compactMap { $0 }.count
            lines.append(
                "\(mode.rawValue): \(origins.count) areas × \(destinations.count) venues, \(reachable) cells within \(Int(maxMinutes)) min; ESTIMATES (\(m.metadata.summary))"
            )
        }
        return (["Stored travel-time matrices (no street network is configured, so these are estimates):"] + lines).joined(
            separator: "\n")
    }
}
