import CentresCore
import CentresIO
import Fluent
import Foundation
import Vapor

/// What the council receives: every counted signatory (name, address or postcode, eligibility),
/// a summary by area, and a report of duplicate and invalid rows, as CSV (cells a spreadsheet
/// would run as formulas made inert), as a PDF and as a printable page. Organisers of the petition only;
/// each download is audited, since it carries personal data.
struct SubmissionPack {
    func register(_ app: Application) {
        let organise = PetitionStaffController.organise
        app.staff(.GET, SiteURL.staffPetitionSubmission(":id").pathComponents, organise, use: page)
        // "/submission/{part}.csv" and "/submission/pack.pdf": one parameter holding the file name.
        app.staff(.GET, SiteURL.staffPetitionSubmission(":id").pathComponents + [":file"], organise, use: csv)
    }

    struct Signatory: Encodable {
        var name: String, address: String, postcode: String, reason: String, channel: String, when: String
    }
    struct Problem: Encodable { var name: String, postcode: String, channel: String, state: String, why: String }

    static func signatories(_ rows: [SignatureRow]) -> [Signatory] {
        rows.filter(\.isCounted).map { r in
            Signatory(
                name: r.name, address: r.address ?? "", postcode: r.postcode,
                reason: EligibilityReason(rawValue: r.reason)?.label ?? r.reason,
                channel: r.channel == "paper" ? "paper, sheet \(r.sheetNumber ?? 0) row \(r.sheetRow ?? 0)" : "online",
                when: r.confirmedAt ?? r.createdAt)
        }
    }

    static func problems(_ rows: [SignatureRow]) -> [Problem] {
        rows.filter { ["duplicate", "invalid", "invalidated"].contains($0.state) }.map { r in
            Problem(
                name: r.name, postcode: r.postcode,
                channel: r.channel == "paper" ? "paper, sheet \(r.sheetNumber ?? 0) row \(r.sheetRow ?? 0)" : "online",
                state: r.state,
                why: r.invalidationReason ?? "")
        }
    }

    static func rows(_ petitionID: String, on db: any Database) async throws -> [SignatureRow] {
        try await PackStore.sql(db).select().column("*").from("signatures").where("petition_id", .equal, petitionID)
            .orderBy("created_at").orderBy("id").all(decoding: SignatureRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    static func text(_ header: [String], _ lines: [[String]]) -> String {
        var w = CSVWriter(header: header)
        for l in lines { w.append(l.map(SpreadsheetSafe.cell)) }
        return w.text
    }

    struct Page: Encodable {
        var title: String
        var petition: Petition
        var tally: PetitionTallyDTO
        var signatories: [Signatory]
        var problems: [Problem]
        var csv: [PageLink]
        var pdf: String
    }

    func audited(_ req: Request, _ p: Petition, what: String) async throws {
        try await AuditLog.record(
            "petition", p.id, action: "submission pack read", changes: [], by: AuditActor(req.staff!), note: what, now: Date(),
            on: req.db)
    }

    @Sendable func page(_ req: Request) async throws -> Response {
        let p = try await PetitionStaffController.owned(req)
        guard let scheme = try await PetitionStore.scheme(p.schemeID, on: req.db) else {
            throw WebError.notFound(what: "petition scheme", id: p.schemeID)
        }
        let rows = try await Self.rows(p.id, on: req.db)
        let tally = try await PetitionTally.make(p, scheme: scheme, publicURL: req.application.publicURL, now: Date(), on: req.db)
        try await audited(req, p, what: "printable page")
        let page = Page(
            title: "Submission: \(p.title)", petition: p, tally: tally, signatories: Self.signatories(rows),
            problems: Self.problems(rows),
            csv: ["signatories", "areas", "report"].map {
                PageLink(label: $0, href: SiteURL.staffPetitionSubmissionCSV(p.id, part: $0).path, current: false)
            }, pdf: SiteURL.staffPetitionSubmission(p.id).path + "/pack.pdf")
        return try await req.view.render("petition-submission", page).encodeResponse(for: req)
    }

    @Sendable func csv(_ req: Request) async throws -> Response {
        let p = try await PetitionStaffController.owned(req)
        let file = req.parameters.get("file") ?? ""
        if file == "pack.pdf" { return try await pdf(req, p) }
        let part = file.hasSuffix(".csv") ? String(file.dropLast(4)) : ""
        let rows = try await Self.rows(p.id, on: req.db)
        let body: String
        switch part {
        case "signatories":
            body = Self.text(
                ["name", "address", "postcode", "eligibility", "channel", "counted_at"],
                Self.signatories(rows).map { [$0.name, $0.address, $0.postcode, $0.reason, $0.channel, $0.when] })
        case "areas":
            guard let scheme = try await PetitionStore.scheme(p.schemeID, on: req.db) else {
                throw WebError.notFound(what: "petition scheme", id: p.schemeID)
            }
            let t = try await PetitionTally.make(p, scheme: scheme, publicURL: req.application.publicURL, now: Date(), on: req.db)
            body = Self.text(
                ["area_code", "area", "confirmed", "waiting", "invalidated"],
                t.byArea.map { [$0.code ?? "", $0.name, String($0.confirmed), String($0.pending), String($0.invalidated)] })
        case "report":
            body = Self.text(
                ["name", "postcode", "channel", "state", "why"],
                Self.problems(rows).map { [$0.name, $0.postcode, $0.channel, $0.state, $0.why] })
        default: throw WebError.notFound(what: "part of the submission pack", id: part)
        }
        try await audited(req, p, what: "\(part).csv")
        return ProposalController.download(Data(body.utf8), type: "text/csv; charset=utf-8", name: "\(p.id)-\(part).csv")
    }
}
