import CentresCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Printable paper sheets: organisers of an open petition issue numbered sheets and print them
/// (print-ready HTML, one sheet a page) with the petition's text, the privacy notice, rows to
/// fill in, where to send them, and a QR code of the online petition drawn by the product.
struct PaperSheetController {
    static let rowsPerSheet = 12
    static let mostSheetsAtOnce = 50

    func register(_ app: Application) {
        let organise = PetitionStaffController.organise
        app.staff(.POST, SiteURL.staffPetitionSheets(":id").pathComponents, organise, use: issue)
        app.staff(.GET, SiteURL.staffPetitionSheetsPrint(":id", from: nil, to: nil).pathComponents, organise, use: print)
    }

    static func issued(_ petitionID: String, on db: any Database) async throws -> [Int] {
        struct N: Decodable { var number: Int }
        return try await PackStore.sql(db).select().column("number").from("petition_sheets")
            .where("petition_id", .equal, petitionID).orderBy("number").all(decoding: N.self).map(\.number)
    }

    @Sendable func issue(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let p = try await PetitionStaffController.owned(req)
        guard p.state(on: SimpleDate.today()) == .open else {
            throw WebError.badRequest(field: "sheets", message: "sheets are printed for an open petition")
        }
        guard let count = Int(form["count"] ?? ""), (1...Self.mostSheetsAtOnce).contains(count) else {
            throw WebError.badRequest(field: "count", message: "print between 1 and \(Self.mostSheetsAtOnce) sheets at a time")
        }
        let address = (form["return_address"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !address.isEmpty, address.count <= 500 else {
            throw WebError.badRequest(field: "return_address", message: "say where the sheets go back to (under 500 characters)")
        }
        let now = Date(), actor = AuditActor(req.staff!)
        let range = try await req.db.transaction { tx -> ClosedRange<Int> in
            let sql = PackStore.sql(tx)
            let first = (try await Self.issued(p.id, on: tx).last ?? 0) + 1
            for n in first..<(first + count) {
                try await sql.insert(into: "petition_sheets").columns("petition_id", "number", "issued_at", "issued_by")
                    .values(SQLBind(p.id), SQLBind(n), SQLBind(AccountStore.timestamp(now)), SQLBind(actor.email)).run()
            }
            var changes = [AuditChange(field: "sheets issued", from: nil, to: "\(first)–\(first + count - 1)")]
            if address != (p.returnAddress ?? "") {
                try await sql.update("petitions").set("return_address", to: address).where("id", .equal, p.id).run()
                changes.append(AuditChange(field: "return_address", from: p.returnAddress, to: address))
            }
            try await AuditLog.record(
                "petition", p.id, action: "paper sheets issued", changes: changes, by: actor, now: now, on: tx)
            return first...(first + count - 1)
        }
        return req.redirect(
            to: SiteURL.staffPetitionSheetsPrint(p.id, from: range.lowerBound, to: range.upperBound).path, redirectType: .normal)
    }

    struct Sheet: Encodable { var number: Int, rows: [Int] }
    struct Page: Encodable {
        var title: String
        var petition: Petition
        var organisation: String
        var eligibility: String
        var closesOn: String
        var url: String
        var qr: String
        var privacy: PrivacyNotice
        var sheets: [Sheet]
        var returnAddress: String
    }

    @Sendable func print(_ req: Request) async throws -> Response {
        let p = try await PetitionStaffController.owned(req)
        let issued = Set(try await Self.issued(p.id, on: req.db))
        // Sheets are numbered from 1, so `to - from` cannot overflow once both are checked positive.
        guard let from = try req.queryNumber("from"), let to = try req.queryNumber("to"), from >= 1, from <= to,
            to - from < Self.mostSheetsAtOnce, (from...to).allSatisfy(issued.contains)
        else {
            throw WebError.badRequest(
                field: "from", message: "choose sheets that have been issued, at most \(Self.mostSheetsAtOnce)")
        }
        guard let scheme = try await PetitionStore.scheme(p.schemeID, on: req.db) else {
            throw WebError.notFound(what: "petition scheme", id: p.schemeID)
        }
        let url = req.application.publicURL + SiteURL.petition(p.id).path
        let qr = try QRCode.encode(url, errorCorrection: .medium).svg(pixels: 132, title: "QR code: \(url)")
        let orgs = try await AccountAdmin.organisationNames(on: req.db)
        let page = Page(
            title: "Paper sheets \(from)–\(to): \(p.title)", petition: p,
            organisation: p.organisationID.flatMap { orgs[$0] } ?? "", eligibility: scheme.eligibilityStatement,
            closesOn: p.closesOn.longText, url: url, qr: qr, privacy: .current,
            sheets: (from...to).map { Sheet(number: $0, rows: Array(1...Self.rowsPerSheet)) },
            returnAddress: p.returnAddress ?? "")
        return try await req.view.render("petition-sheet", page).encodeResponse(for: req)
    }
}
