import CentresCore
import Foundation
import Vapor

/// Entering a returned sheet row by row, fast from the keyboard: the form comes back after each
/// row with the next row number filled in and the cursor on the name.
struct PaperEntryController {
    func register(_ app: Application) {
        let organise = PetitionStaffController.organise
        app.staff(.GET, SiteURL.staffPetitionSheet(":id", ":number").pathComponents, organise, use: page)
        app.staff(.POST, SiteURL.staffPetitionSheetRows(":id", ":number").pathComponents, organise, use: enter)
        app.staff(
            .POST, SiteURL.staffPetitionSheetScan(":id", ":number").pathComponents, organise,
            body: .collect(maxSize: ByteCount(value: SheetScans.largest + 64 * 1_024)), use: uploadScan)
        app.staff(.GET, SiteURL.staffPetitionSheetScan(":id", ":number").pathComponents, organise, use: scan)
    }

    @Sendable func uploadScan(_ req: Request) async throws -> Response {
        struct Upload: Content {
            var csrf: String?
            var scan: File?
        }
        let form = try req.content.decode(Upload.self)
        try CSRF.verify(req, form.csrf)
        let (p, scheme, n) = try await Self.sheet(req)
        func refuse(_ message: String) async throws -> Response {
            try await render(
                req, p, scheme, n, form: [:], errors: [FieldError(field: "scan-file", message: message)], status: .badRequest)
        }
        guard let file = form.scan, file.data.readableBytes > 0 else {
            return try await refuse("Scan: choose the file of the sheet's scan.")
        }
        let bytes = Array(file.data.readableBytesView)
        guard bytes.count <= SheetScans.largest else { return try await refuse("Scan: \(file.filename) is over 10 MB.") }
        guard let type = SheetScans.contentType(bytes) else {
            return try await refuse("Scan: \(file.filename) is not a PDF, PNG or JPEG file.")
        }
        try await SheetScans.store(
            petitionID: p.id, sheet: n, type: type, data: Data(bytes), by: AuditActor(req.staff!), now: Date(), on: req.db)
        return req.redirect(to: SiteURL.staffPetitionSheet(p.id, String(n)).path, redirectType: .normal)
    }

    @Sendable func scan(_ req: Request) async throws -> Response {
        let (p, _, n) = try await Self.sheet(req)
        guard let s = try await SheetScans.bytes(petitionID: p.id, sheet: n, on: req.db) else {
            throw WebError.notFound(what: "scan of sheet", id: String(n))
        }
        return Response(
            status: .ok,
            headers: [
                "Content-Type": s.type,
                "Content-Disposition": "inline; filename=\"sheet-\(n).\(SheetScans.fileExtension(s.type))\"",
                "Cache-Control": "private, no-store",
            ], body: .init(data: s.data))
    }

    struct EnteredRow: Encodable { var row: Int, name: String, postcode: String, state: String, why: String? }
    struct Page: Encodable {
        var title: String
        var csrf: String
        var action: String
        var petitionHref: String
        var sheet: Int
        var rows: [EnteredRow]
        var accepted: Int
        var form: [String: String]
        var reasons: [Option]
        var errors: [FieldError]
        var offerAsWritten: Bool
        var message: String?
        var scanAction: String
        var scan: SheetScans.Info?
    }

    static func sheet(_ req: Request) async throws -> (Petition, PetitionScheme, Int) {
        let p = try await PetitionStaffController.owned(req)
        guard let n = req.parameters.get("number").flatMap(Int.init),
            try await PaperSheetController.issued(p.id, on: req.db).contains(n)
        else { throw WebError.notFound(what: "issued sheet", id: req.parameters.get("number") ?? "") }
        guard let scheme = try await PetitionStore.scheme(p.schemeID, on: req.db) else {
            throw WebError.notFound(what: "petition scheme", id: p.schemeID)
        }
        return (p, scheme, n)
    }

    private func render(
        _ req: Request, _ p: Petition, _ scheme: PetitionScheme, _ n: Int, form: [String: String], errors: [FieldError],
        offerAsWritten: Bool = false, message: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let entered = try await PaperEntry.rows(petitionID: p.id, sheet: n, on: req.db)
        var values = form
        if values["row"] == nil { values["row"] = String((entered.compactMap(\.sheetRow).max() ?? 0) + 1) }
        let page = Page(
            title: "Sheet \(n): \(p.title)", csrf: CSRF.token(req), action: SiteURL.staffPetitionSheetRows(p.id, String(n)).path,
            petitionHref: SiteURL.staffPetition(p.id).path, sheet: n,
            rows: entered.map {
                EnteredRow(
                    row: $0.sheetRow ?? 0, name: $0.name, postcode: $0.postcode, state: $0.state, why: $0.invalidationReason)
            },
            accepted: entered.filter(\.isCounted).count, form: values,
            reasons: scheme.reasons.map {
                Option(value: $0.rawValue, label: $0.label, selected: (values["reason"] ?? "live") == $0.rawValue)
            },
            errors: errors, offerAsWritten: offerAsWritten, message: message,
            scanAction: SiteURL.staffPetitionSheetScan(p.id, String(n)).path,
            scan: try await SheetScans.info(petitionID: p.id, sheet: n, on: req.db))
        return try await CSRF.render(req, "staff-petition-sheet", page, token: page.csrf, status: status)
    }

    @Sendable func page(_ req: Request) async throws -> Response {
        let (p, scheme, n) = try await Self.sheet(req)
        return try await render(req, p, scheme, n, form: [:], errors: [])
    }

    @Sendable func enter(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let (p, scheme, n) = try await Self.sheet(req)
        func text(_ k: String) -> String { (form[k] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let kept = ["row", "name", "address", "postcode", "email", "reason"].reduce(into: [String: String]()) {
            $0[$1] = text($1)
        }
        guard let rowNumber = Int(text("row")), (1...PaperSheetController.rowsPerSheet).contains(rowNumber) else {
            return try await render(
                req, p, scheme, n, form: kept,
                errors: [FieldError(field: "row", message: "Row: a number from 1 to \(PaperSheetController.rowsPerSheet).")],
                status: .badRequest)
        }
        let row = PaperEntry.Row(
            sheet: n, row: rowNumber, name: text("name"), address: text("address"), postcode: text("postcode"),
            email: text("email"),
            reason: text("reason"))
        let problems = PaperEntry.problems(row, scheme: scheme)
        let asWritten = form["as_written"] != nil
        if !problems.isEmpty && !asWritten {
            return try await render(
                req, p, scheme, n, form: kept,
                errors: problems.map { FieldError(field: $0.field, message: $0.message.asSentence) },
                offerAsWritten: true,
                status: .badRequest)
        }
        let place = try await Postcode(row.postcode).asyncMap { try await PetitionPublicController.place($0, req) }
        let outcome: PaperEntry.Outcome
        do {
            outcome = try await PaperEntry.enter(
                row, petitionID: p.id, scheme: scheme, place: place, asWrittenProblems: problems.map(\.message), now: Date(),
                on: req.db)
        } catch let e as WebError {
            return try await render(
                req, p, scheme, n, form: kept, errors: [FieldError(field: "row", message: e.detail.asSentence)],
                status: .conflict)
        }
        let message: String =
            switch outcome {
            case .accepted: "Row \(rowNumber) accepted."
            case .duplicate(let why): "Row \(rowNumber) kept as a duplicate: \(why)."
            case .invalid(let why): "Row \(rowNumber) kept as invalid: \(why)."
            }
        return try await render(req, p, scheme, n, form: ["reason": row.reason], errors: [], message: message)
    }
}
