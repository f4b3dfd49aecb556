import CentresCore
import Foundation
import Vapor

/// An audit entry as the pages show it.
struct AuditEntryView: Encodable {
    var at: String, actor: String, recordType: String, recordID: String, action: String, note: String?
    var changes: [Change]
    var recordHref: String

    struct Change: Encodable { var field: String, from: String, to: String }

    init(_ row: AuditRow) {
        (at, actor, recordType, recordID, action, note) = (
            row.at, row.actorEmail, row.recordType, row.recordId, row.action, row.note
        )
        changes = row.decodedChanges.map { Change(field: $0.field, from: $0.from ?? "(empty)", to: $0.to ?? "(empty)") }
        recordHref = SiteURL.staffAudit(type: row.recordType, id: row.recordId).path
    }
}

/// The whole audit log for those who may read it, filtered by record type and record, and its
/// CSV export (the same filter).
struct AuditPages {
    static let read = StaffAccess(capability: .readAudit)
    static let pageLimit = 500

    func register(_ app: Application) {
        app.staff(.GET, SiteURL.staffAudit(type: nil, id: nil).pathComponents, Self.read, use: page)
        app.staff(.GET, SiteURL.staffAuditCSV(type: nil, id: nil).pathComponents, Self.read, use: csv)
    }

    struct Page: Encodable {
        var title: String
        var entries: [AuditEntryView]
        var csvHref: String
        var filtered: Bool
        var truncated: Bool
    }

    static func filter(_ req: Request) -> (type: String?, id: String?) {
        func clean(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : String($0.prefix(200)) } }
        return (clean(req.queryText("type")), clean(req.queryText("id")))
    }

    @Sendable func page(_ req: Request) async throws -> Response {
        let (type, id) = Self.filter(req)
        let rows = try await AuditLog.entries(recordType: type, recordID: id, limit: Self.pageLimit + 1, on: req.db)
        let title = ["Audit log", type, id].compactMap { $0 }.joined(separator: ": ")
        let page = Page(
            title: title, entries: rows.prefix(Self.pageLimit).map(AuditEntryView.init),
            csvHref: SiteURL.staffAuditCSV(type: type, id: id).path, filtered: type != nil || id != nil,
            truncated: rows.count > Self.pageLimit)
        return try await req.view.render("staff-audit", page).encodeResponse(for: req)
    }

    @Sendable func csv(_ req: Request) async throws -> Response {
        let (type, id) = Self.filter(req)
        let rows = try await AuditLog.entries(recordType: type, recordID: id, on: req.db)
        let name = ["audit", type, id].compactMap { $0?.filter { $0.isLetter || $0.isNumber || $0 == "-" } }
            .filter { !$0.isEmpty }.joined(separator: "-")
        return ProposalController.download(Data(AuditLog.csv(rows).utf8), type: "text/csv; charset=utf-8", name: name + ".csv")
    }
}
