import CentresCore
import CentresIO
import Fluent
import Foundation
import SQLKit

/// One audit entry as stored; `changes` is a JSON array of `AuditChange`.
struct AuditRow: Codable, Sendable {
    var id: Int, at: String, actorId: String?, actorEmail: String, recordType: String, recordId: String
    var action: String, changes: String, note: String?

    var decodedChanges: [AuditChange] {
        (try? JSONDecoder().decode([AuditChange].self, from: Data(changes.utf8))) ?? []
    }
}

/// Who made a change: a signed-in member, or the command line (`centres admin …`).
struct AuditActor: Sendable {
    var id: String?
    var email: String

    init(id: String?, email: String) { (self.id, self.email) = (id, email) }
    init(_ member: StaffMember) { (id, email) = (member.id, member.email) }
}

/// The append-only record of staff changes. Callers write an entry in the same transaction as
/// the change, so a change is never without its entry nor an entry without its change.
enum AuditLog {
    static func record(
        _ recordType: String, _ recordID: String, action: String, changes: [AuditChange], by actor: AuditActor,
        note: String? = nil, now: Date, on db: any Database
    ) async throws {
        let json = String(decoding: try JSONEncoder().encode(changes), as: UTF8.self)
        // The id is left to the database: its sequence orders entries written in the same second.
        try await PackStore.sql(db).insert(into: "audit_log")
            .columns("at", "actor_id", "actor_email", "record_type", "record_id", "action", "changes", "note")
            .values(
                SQLBind(AccountStore.timestamp(now)), SQLBind(actor.id), SQLBind(actor.email), SQLBind(recordType),
                SQLBind(recordID), SQLBind(action), SQLBind(json), SQLBind(note)
            ).run()
    }

    /// Entries, newest first, for one record, one type, or everything.
    static func entries(recordType: String? = nil, recordID: String? = nil, limit: Int? = nil, on db: any Database)
        async throws -> [AuditRow]
    {
        var q = PackStore.sql(db).select().column("*").from("audit_log")
        if let recordType { q = q.where("record_type", .equal, recordType) }
        if let recordID { q = q.where("record_id", .equal, recordID) }
        q = q.orderBy("id", .descending)
        if let limit { q = q.limit(limit) }
        return try await q.all(decoding: AuditRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    static let csvHeader = ["at", "actor", "record_type", "record_id", "action", "field", "from", "to", "note"]

    /// One CSV line per changed field (an entry without field changes gets one line), with
    /// spreadsheet-formula cells made inert.
    static func csv(_ rows: [AuditRow]) -> String {
        var w = CSVWriter(header: csvHeader)
        for r in rows {
            let changes = r.decodedChanges
            let lines = changes.isEmpty ? [AuditChange(field: "", from: nil, to: nil)] : changes
            for c in lines {
                w.append(
                    [r.at, r.actorEmail, r.recordType, r.recordId, r.action, c.field, c.from ?? "", c.to ?? "", r.note ?? ""]
                        .map(SpreadsheetSafe.cell))
            }
        }
        return w.text
    }
}
