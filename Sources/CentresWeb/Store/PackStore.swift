import CentresCore
import CentresIO
import Fluent
import SQLKit

/// Loads a data pack into the database and reads it back out. A load is one transaction:
/// either every row is written or none is.
enum PackStore {
    /// Tables in the order rows must be deleted (children before parents).
    static let tablesChildFirst = [
        "travel_matrices", "places", "postcodes", "facts", "budget_lines", "sessions", "services", "service_categories",
        "centre_events", "centres", "venues", "areas", "districts", "provenance", "sources", "pack_meta",
    ]

    static let encoder = SQLQueryEncoder(keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)

    static func isEmpty(_ db: any Database) async throws -> Bool {
        try await sql(db).select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("districts")
            .first(decodingColumn: "n", as: Int.self) == 0
    }

    static func sql(_ db: any Database) -> any SQLDatabase { db as! any SQLDatabase }

    /// Writes the pack and its estimate travel-time matrices (computed at `computedAt`) in one transaction.
    static func load(_ pack: DataPack, on db: any Database, replacing: Bool, computedAt: String) async throws {
        try await db.transaction { tx in
            let sql = sql(tx)
            if replacing {
                try await ProposalStore.deletePackProposals(on: sql)
                for table in tablesChildFirst { try await sql.delete(from: table).run() }
            }
            try await insert(pack.manifestRows, into: "pack_meta", on: sql)
            try await insert(pack.sources.enumerated().map { SourceRow($1, position: $0) }, into: "sources", on: sql)
            try await insert(pack.provenance.enumerated().map { ProvenanceRow($1, position: $0) }, into: "provenance", on: sql)
            try await insert(pack.districts.enumerated().map { DistrictRow($1, position: $0) }, into: "districts", on: sql)
            let outlines = Dictionary(uniqueKeysWithValues: pack.boundaries.map { ($0.code, GeoJSONBoundaries.geometryJSON($0)) })
            try await insert(
                pack.areas.enumerated().map { AreaRow($1, boundary: outlines[$1.code], position: $0) }, into: "areas", on: sql)
            try await insert(pack.venues.enumerated().map { VenueRow($1, position: $0) }, into: "venues", on: sql)
            try await insert(pack.centres.enumerated().map { CentreRow($1, position: $0) }, into: "centres", on: sql)
            let events = pack.centres.flatMap { c in c.events.map { (c.id, $0) } }
            try await insert(
                events.enumerated().map { CentreEventRow($1.1, centreID: $1.0, position: $0) }, into: "centre_events", on: sql)
            try await insert(
                pack.serviceCategories.enumerated().map { ServiceCategoryRow($1, position: $0) }, into: "service_categories",
                on: sql)
            try await insert(pack.services.enumerated().map { ServiceRow($1, position: $0) }, into: "services", on: sql)
            try await insert(pack.sessions.enumerated().map { SessionRow($1, position: $0) }, into: "sessions", on: sql)
            try await insert(pack.budgetLines.enumerated().map { BudgetLineRow($1, position: $0) }, into: "budget_lines", on: sql)
            try await insert(pack.facts.enumerated().map { FactRow($1, position: $0) }, into: "facts", on: sql)
            try await insert(pack.postcodes.enumerated().map { PostcodeRow($1, position: $0) }, into: "postcodes", on: sql)
            try await insert(pack.places.enumerated().map { PlaceRow($1, position: $0) }, into: "places", on: sql)
            for p in pack.proposals {
                if try await ProposalStore.exists(p.id, on: tx) {
                    throw CentresError(
                        "the pack's proposal '\(p.id)' has the id of a proposal already stored; delete or rename that one first")
                }
                try await ProposalStore.save(p, origin: .pack, updatedAt: computedAt, on: sql)
            }
            try await MatrixStore.buildEstimates(on: tx, computedAt: computedAt)
        }
    }

    /// Multi-row inserts in batches that stay under both engines' bound-parameter limits.
    static func insert<Row: Encodable>(_ rows: [Row], into table: String, on sql: any SQLDatabase) async throws {
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + 400)
            try await sql.insert(into: table).models(Array(rows[start..<end]), with: encoder).run()
            start = end
        }
    }

    static func read(on db: any Database) async throws -> DataPack {
        let q = DirectoryQueries(db)
        var pack = DataPack()
        for row in try await q.rows("pack_meta", as: PackMetaRow.self) { pack.manifest[row.key] = row.value }
        pack.sources = try await q.rows("sources", as: SourceRow.self).map(\.core)
        pack.provenance = try await q.rows("provenance", as: ProvenanceRow.self).map(\.core)
        pack.districts = try await q.rows("districts", as: DistrictRow.self).map(\.core)
        let areaRows = try await q.rows("areas", as: AreaRow.self)
        pack.areas = areaRows.map(\.core)
        pack.boundaries = try areaRows.compactMap { row in
            try row.boundary.map { try GeoJSONBoundaries.boundary(code: row.code, geometryJSON: $0) }
        }.sorted { $0.code < $1.code }
        pack.venues = try await q.rows("venues", as: VenueRow.self).map(\.core)
        let events = Dictionary(
            grouping: try await q.rows("centre_events", as: CentreEventRow.self), by: \.centreId)
        pack.centres = try await q.rows("centres", as: CentreRow.self).map {
            $0.core(events: (events[$0.id] ?? []).compactMap(\.core))
        }
        pack.serviceCategories = try await q.rows("service_categories", as: ServiceCategoryRow.self).map(\.core)
        pack.services = try await q.rows("services", as: ServiceRow.self).map(\.core)
        pack.sessions = try await q.rows("sessions", as: SessionRow.self).compactMap(\.core)
        pack.budgetLines = try await q.rows("budget_lines", as: BudgetLineRow.self).map(\.core)
        pack.facts = try await q.rows("facts", as: FactRow.self).map(\.core)
        pack.postcodes = try await q.rows("postcodes", as: PostcodeRow.self).compactMap(\.core)
        pack.places = try await q.rows("places", as: PlaceRow.self).map(\.core)
        pack.proposals = try await ProposalStore.all(on: db, origin: .pack)
        return pack
    }
}

extension DataPack {
    var manifestRows: [PackMetaRow] {
        orderedManifestKeys.enumerated().map { PackMetaRow(key: $1, value: manifest[$1]!, position: $0) }
    }
}
