import CentresCore
import Fluent
import Foundation
import SQLKit

/// Reads and writes directory records as the edit forms see them: one text value per column.
enum DirectoryRecords {
    /// Columns staff do not type but the audit log follows: set by the product from other fields
    /// (a venue's area and district from its point) or by the buttons (checked, retired).
    static func derivedColumns(_ kind: DirectoryKind) -> [String] {
        (kind == .venue ? ["area_code", "district_code"] : []) + ["last_checked", "retired_on"]
    }

    static func columns(_ kind: DirectoryKind, _ fields: [EditField]) -> [String] {
        fields.map(\.column) + derivedColumns(kind)
    }

    /// The record's values, or nil when there is no such record.
    static func values(_ kind: DirectoryKind, id: String, fields: [EditField], on db: any Database) async throws
        -> [String: String]?
    {
        guard
            let row = try await PackStore.sql(db).select().column("*").from(kind.table).where("id", .equal, id).first()
        else { return nil }
        var values: [String: String] = [:]
        for f in fields {
            let text: String? =
                switch f.input {
                case .integer: try row.decode(column: f.column, as: Int?.self).map(String.init)
                case .decimal: try row.decode(column: f.column, as: Double?.self).map(EditField.decimalText)
                case .checkbox: try row.decode(column: f.column, as: Bool?.self) == true ? "yes" : nil
                default: try row.decode(column: f.column, as: String?.self)
                }
            values[f.column] = text ?? ""
        }
        for c in derivedColumns(kind) { values[c] = try row.decode(column: c, as: String?.self) ?? "" }
        return values
    }

    private static func bindings(_ kind: DirectoryKind, _ values: [String: String], _ fields: [EditField]) -> [(
        String, any SQLExpression
    )] {
        let text = EditField(column: "", label: "", input: .text)
        let all: [(String, EditField)] = fields.map { ($0.column, $0) } + derivedColumns(kind).map { ($0, text) }
        return all.map { column, field in
            let value: (any SQLExpression)? = field.databaseValue(values[column] ?? "").map { SQLBind($0) }
            return (column, value ?? SQLLiteral.null)
        }
    }

    static func update(
        _ kind: DirectoryKind, id: String, values: [String: String], fields: [EditField], on db: any Database
    ) async throws {
        var q = PackStore.sql(db).update(kind.table)
        for (column, value) in bindings(kind, values, fields) { q = q.set(SQLIdentifier(column), to: value) }
        try await q.where("id", .equal, id).run()
    }

    static func insert(
        _ kind: DirectoryKind, id: String, values: [String: String], fields: [EditField], on db: any Database
    ) async throws {
        struct P: Decodable { var n: Int? }
        let sql = PackStore.sql(db)
        let last = try await sql.select().column(SQLFunction("MAX", args: SQLIdentifier("position")), as: "n").from(kind.table)
            .first(decoding: P.self)?.n
        let pairs =
            [("id", SQLBind(id) as any SQLExpression), ("position", SQLBind((last ?? -1) + 1))]
            + bindings(kind, values, fields)
        try await sql.insert(into: kind.table).columns(pairs.map(\.0)).values(pairs.map(\.1)).run()
    }

    static func exists(_ kind: DirectoryKind, id: String, on db: any Database) async throws -> Bool {
        try await PackStore.sql(db).select().column("id").from(kind.table).where("id", .equal, id).first() != nil
    }

    /// An unused id for a new record, readable where there is a name to read.
    static func newID(_ kind: DirectoryKind, name: String, on db: any Database) async throws -> String {
        let slug = name.lowercased().unicodeScalars.map {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "-"
        }
        .reduce(into: "") { s, c in if !(c == "-" && (s.isEmpty || s.hasSuffix("-"))) { s.append(c) } }
        var base = String(slug.prefix(60))
        while base.hasSuffix("-") { base.removeLast() }
        base = "\(kind.rawValue)-" + (base.isEmpty ? "new" : base)
        var id = base, n = 2
        while try await exists(kind, id: id, on: db) {
            id = "\(base)-\(n)"
            n += 1
        }
        return id
    }

    /// Records still in use that depend on `id`: a venue's centres and sessions, a service's sessions.
    static func activeDependants(_ kind: DirectoryKind, id: String, on db: any Database) async throws -> [String] {
        struct R: Decodable { var id: String }
        let sql = PackStore.sql(db)
        let uses: [(String, String)] =
            switch kind {
            case .venue: [("centres", "venue_id"), ("sessions", "venue_id")]
            case .service: [("sessions", "service_id")]
            default: []
            }
        var found: [String] = []
        for (table, column) in uses {
            found += try await sql.select().column("id").from(table).where(SQLIdentifier(column), .equal, SQLBind(id))
                .where(SQLIdentifier("retired_on"), .is, SQLLiteral.null).all(decoding: R.self).map {
                    "\(table.dropLast()) \($0.id)"
                }
        }
        return found
    }
}
