import CentresCore
import Foundation
import Vapor

/// The submission pack as a PDF for the council: the petition and its count with the method,
/// the summary by small area, every counted signatory, and the report of duplicate and invalid
/// rows. Drawn by `PDFDocument` with the PDF standard font, which shows Western European
/// letters; a name with others is simplified in the PDF, marked, and exact in the CSV.
extension SubmissionPack {
    static func pdf(
        _ p: Petition, tally: PetitionTallyDTO, rows: [SignatureRow], now: Date
    ) -> [UInt8] {
        var doc = PDFDocument(title: "Petition: \(p.title)", created: now)
        doc.heading("Petition: \(p.title)")
        doc.paragraph("Addressed to: \(p.addressedTo)")
        doc.paragraph("It asks: \(p.action)")
        doc.paragraph(
            "Counted signatures: \(tally.confirmed) (confirmed online by email, or accepted from paper sheets). "
                + "Not counted: \(tally.pending) waiting for their signatory's email confirmation, "
                + "\(tally.invalidated) duplicate, invalid or invalidated. Counted at \(tally.countedAt) UTC. \(tally.method)")
        let signatories = signatories(rows)
        let simplified = signatories.contains { WinAnsiText($0.name).isSimplified || WinAnsiText($0.address).isSimplified }
        doc.heading("Summary by small area", size: 12)
        doc.table(
            columns: [
                .init("Area", width: .fraction(0.55)), .init("Counted", width: .fraction(0.15)),
                .init("Waiting", width: .fraction(0.15)), .init("Not counted", width: .fraction(0.15)),
            ],
            rows: tally.byArea.map { [$0.name, String($0.confirmed), String($0.pending), String($0.invalidated)] })
        doc.pageBreak()
        doc.heading("Signatories (\(signatories.count))", size: 12)
        if simplified {
            doc.paragraph(
                "Names marked * contain letters this PDF's font cannot show; they are simplified here and exact in "
                    + "signatories.csv.")
        }
        doc.table(
            columns: [
                .init("Name", width: .fraction(0.24)), .init("Address", width: .fraction(0.30)),
                .init("Postcode", width: .fraction(0.11)), .init("Eligibility", width: .fraction(0.17)),
                .init("Channel", width: .fraction(0.18)),
            ],
            rows: signatories.map { s in
                let mark = WinAnsiText(s.name).isSimplified || WinAnsiText(s.address).isSimplified ? " *" : ""
                return [s.name + mark, s.address, s.postcode, s.reason, s.channel]
            })
        let problems = problems(rows)
        doc.pageBreak()
        doc.heading("Duplicates and invalid rows (\(problems.count)), not counted", size: 12)
        doc.table(
            columns: [
                .init("Name", width: .fraction(0.24)), .init("Postcode", width: .fraction(0.11)),
                .init("Channel", width: .fraction(0.18)), .init("State", width: .fraction(0.12)),
                .init("Why", width: .fraction(0.35)),
            ],
            rows: problems.map { [$0.name, $0.postcode, $0.channel, $0.state, $0.why] })
        return doc.bytes()
    }

    func pdf(_ req: Request, _ p: Petition) async throws -> Response {
        guard let scheme = try await PetitionStore.scheme(p.schemeID, on: req.db) else {
            throw WebError.notFound(what: "petition scheme", id: p.schemeID)
        }
        let now = Date()
        let rows = try await Self.rows(p.id, on: req.db)
        let tally = try await PetitionTally.make(p, scheme: scheme, publicURL: req.application.publicURL, now: now, on: req.db)
        let bytes = Self.pdf(p, tally: tally, rows: rows, now: now)
        try await audited(req, p, what: "pack.pdf")
        return ProposalController.download(Data(bytes), type: "application/pdf", name: "\(p.id)-submission.pdf")
    }
}
