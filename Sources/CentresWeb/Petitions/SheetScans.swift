import CentresCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// A returned sheet's scan: PDF, PNG or JPEG, recognised by its first bytes (not its name), at
/// most `largest` bytes; one per sheet, a new upload replacing the old, each audited.
enum SheetScans {
    static let largest = 10 * 1_024 * 1_024

    /// The content type the bytes begin like, or nil.
    static func contentType(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        return nil
    }

    static func fileExtension(_ type: String) -> String {
        switch type {
        case "application/pdf": "pdf"
        case "image/png": "png"
        default: "jpg"
        }
    }

    struct Info: Codable, Sendable { var contentType: String, size: Int, uploadedAt: String, uploadedBy: String }

    static func info(petitionID: String, sheet: Int, on db: any Database) async throws -> Info? {
        try await PackStore.sql(db).select().columns("content_type", "size", "uploaded_at", "uploaded_by")
            .from("petition_sheet_scans").where("petition_id", .equal, petitionID).where("number", .equal, sheet)
            .first(decoding: Info.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    static func bytes(petitionID: String, sheet: Int, on db: any Database) async throws -> (type: String, data: Data)? {
        guard
            let row = try await PackStore.sql(db).select().columns("content_type", "bytes").from("petition_sheet_scans")
                .where("petition_id", .equal, petitionID).where("number", .equal, sheet).first()
        else { return nil }
        return (try row.decode(column: "content_type", as: String.self), try row.decode(column: "bytes", as: Data.self))
    }

    static func store(
        petitionID: String, sheet: Int, type: String, data: Data, by actor: AuditActor, now: Date, on db: any Database
    ) async throws {
        try await db.transaction { tx in
            let sql = PackStore.sql(tx)
            let before = try await info(petitionID: petitionID, sheet: sheet, on: tx)
            try await sql.delete(from: "petition_sheet_scans").where("petition_id", .equal, petitionID)
                .where("number", .equal, sheet).run()
            try await sql.insert(into: "petition_sheet_scans")
                .columns("petition_id", "number", "content_type", "bytes", "size", "uploaded_at", "uploaded_by")
                .values(
                    SQLBind(petitionID), SQLBind(sheet), SQLBind(type), SQLBind(data), SQLBind(data.count),
                    SQLBind(AccountStore.timestamp(now)), SQLBind(actor.email)
                ).run()
            try await AuditLog.record(
                "petition", petitionID, action: before == nil ? "sheet scan attached" : "sheet scan replaced",
                changes: [
                    AuditChange(
                        field: "sheet \(sheet) scan", from: before.map { "\($0.contentType), \($0.size) bytes" },
                        to: "\(type), \(data.count) bytes")
                ], by: actor, now: now, on: tx)
        }
    }
}
