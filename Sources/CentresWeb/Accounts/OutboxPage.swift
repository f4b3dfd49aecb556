import CentresCore
import Foundation
import Vapor

/// Outgoing mail for those who read the audit log: what waits, what went, what failed and why.
struct OutboxPage {
    func register(_ app: Application) {
        app.staff(.GET, SiteURL.staffOutbox.pathComponents, StaffAccess(capability: .readAudit), use: page)
    }

    struct Row: Encodable {
        var createdAt: String, kind: String, to: String, subject: String, status: String, failed: Bool, waiting: Bool
        var lastError: String?
    }

    struct Page: Encodable {
        var title = "Outgoing mail"
        var rows: [Row]
        var failedCount: Int
        var waitingCount: Int
    }

    @Sendable func page(_ req: Request) async throws -> Response {
        let rows = try await Outbox.all(on: req.db).prefix(500).map { m in
            let status =
                if let sent = m.sentAt { "sent \(sent)" } else if let failed = m.failedAt {
                    "failed \(failed) after \(m.attempts) attempts"
                } else { "waiting: \(m.attempts) attempts so far, next at \(m.nextAttemptAt)" }
            return Row(
                createdAt: m.createdAt, kind: m.kind, to: m.toAddress, subject: m.subject, status: status,
                failed: m.failedAt != nil, waiting: m.sentAt == nil && m.failedAt == nil, lastError: m.lastError)
        }
        let page = Page(
            rows: Array(rows), failedCount: rows.filter(\.failed).count,
            waitingCount: rows.filter(\.waiting).count)
        return try await req.view.render("staff-outbox", page).encodeResponse(for: req)
    }
}
