import CentresCore
import CentresTestSupport
import Foundation
import NIOCore
import Testing
import VaporTesting

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct PaperEntryRows {
        /// Returned rows are checked like online signatures: accepted rows count, duplicates of
        /// online or paper signatures and rows that cannot count are kept apart with why.
        @Test(arguments: Engine.all) func rowsAreCheckedDeduplicatedAndCounted(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                var org = try await ProposalOwnership.member(app, "org@example.org", [.petitionOrganiser], organisation: "Group")
                var rival = try await ProposalOwnership.member(
                    app, "rival@example.org", [.petitionOrganiser], organisation: "Other")
                try await PetitionSigning.openPetition(app)
                let orgID = try #require(try await AccountStore.user(email: "org@example.org", on: app.db)?.organisationId)
                try await PackStore.sql(app.db).update("petitions").set("organisation_id", to: orgID).run()
                let online = SignatureSubmission(
                    name: "Jo Bloggs", email: "jo@example.org", postcode: Postcode("NR1 1AA")!, reason: .live,
                    updatesConsent: false)
                let place = SignaturePlace(areaCode: "E01000001", districtCode: "E07000001", inArea: true)
                _ = try await SignatureStore.sign(
                    petitionID: "keep-north-open", online, place: place, client: nil, now: Date(), on: app.db
                ) { OutgoingMail(to: "signer@example.org", subject: "Confirm", body: $0) }
                let pending = try #require(
                    try await PackStore.sql(app.db).select().column("*").from("signatures")
                        .first(decoding: SignatureRow.self, keyDecodingStrategy: .convertFromSnakeCase))
                try await SignatureStore.confirm(pending, scheme: PetitionSigning.scheme, now: Date(), on: app.db)

                let base = "/staff/petitions/keep-north-open"
                _ = try await org.open(base)
                _ = try await org.post(base + "/sheets", [("count", "1"), ("return_address", "PO Box 1")])
                #expect(try await org.send(.GET, base + "/sheets/9").status == .notFound, "sheet 9 was never issued")
                #expect(try await rival.send(.GET, base + "/sheets/1").status == .notFound)
                let page = try await org.open(base + "/sheets/1")
                #expect(page.status == .ok && page.body.string.contains("value=\"1\""), "row 1 is next")
                func enter(_ fields: [(String, String)]) async throws -> TestingHTTPResponse {
                    try await org.post(base + "/sheets/1/rows", fields)
                }
                let a = try await enter([
                    ("row", "1"), ("name", "Sam Smith"), ("address", "2 Low Rd"), ("postcode", "nr1 1aa"), ("reason", "live"),
                ])
                #expect(a.status == .ok && a.body.string.contains("Row 1 accepted") && a.body.string.contains("value=\"2\""))
                let dupOnline = try await enter([
                    ("row", "2"), ("name", "Jo Bloggs"), ("postcode", "NR1 1AA"), ("reason", "live"),
                ])
                #expect(dupOnline.body.string.contains("kept as a duplicate: the same person signed online"))
                let dupPaper = try await enter([
                    ("row", "3"), ("name", "sam  smith"), ("postcode", "NR1 1AA"), ("reason", "live"),
                ])
                #expect(dupPaper.body.string.contains("the same person as sheet 1 row 1"))
                let formula = try await enter([("row", "4"), ("name", "=cmd|calc"), ("postcode", "NR1 1AA"), ("reason", "live")])
                #expect(formula.status == .badRequest && formula.body.string.contains("As written on the sheet"))
                let asWritten = try await enter(
                    [("row", "4"), ("name", "=cmd|calc"), ("postcode", "NR1 1AA"), ("reason", "live"), ("as_written", "1")])
                #expect(asWritten.body.string.contains("Row 4 kept as invalid"))
                let again = try await enter([("row", "1"), ("name", "Kim Lee"), ("postcode", "NR1 1AA"), ("reason", "live")])
                #expect(again.status == .conflict && again.body.string.contains("has been entered already"))
                let outside = try await enter([("row", "5"), ("name", "Pat Far"), ("postcode", "NR9 9ZZ"), ("reason", "live")])
                #expect(outside.body.string.contains("Row 5 kept as invalid") && outside.body.string.contains("outside the area"))

                #expect(
                    try await SignatureStore.counts(petitionID: "keep-north-open", on: app.db)
                        == .init(confirmed: 2, pending: 0, invalidated: 4))
                let rows = try await PaperEntry.rows(petitionID: "keep-north-open", sheet: 1, on: app.db)
                #expect(rows.map(\.state) == ["accepted", "duplicate", "duplicate", "invalid", "invalid"])
                #expect(rows[0].postcode == "NR1 1AA" && rows[0].districtCode == "E07000001" && rows[0].address == "2 Low Rd")
                #expect(
                    try await SignatureStore.thresholds(petitionID: "keep-north-open", on: app.db).map(\.name) == ["accepted"])

                // The submission pack: counted signatories, areas, and the report, formula-safe.
                _ = try await enter([
                    ("row", "6"), ("name", "Kim Lee"), ("address", "=SUM(A1)"), ("postcode", "NR2 2BB"), ("reason", "live"),
                ])
                let pack = try await org.send(.GET, base + "/submission")
                #expect(pack.status == .ok && pack.body.string.contains("Sam Smith") && pack.body.string.contains("=cmd|calc"))
                let people = try await org.send(.GET, base + "/submission/signatories.csv").body.string
                #expect(people.hasPrefix("name,address,postcode,eligibility,channel,counted_at\n"))
                #expect(
                    people.contains("Kim Lee,'=SUM(A1),NR2 2BB")
                        && people.contains("Jo Bloggs,,NR1 1AA,I live in the area,online"))
                let report = try await org.send(.GET, base + "/submission/report.csv").body.string
                #expect(report.contains("'=cmd|calc,NR1 1AA,\"paper, sheet 1 row 4\",invalid"))
                #expect(report.contains("Jo Bloggs,NR1 1AA,\"paper, sheet 1 row 2\",duplicate,the same person signed online"))
                #expect(try await org.send(.GET, base + "/submission/areas.csv").body.string.contains("E01000001"))
                #expect(try await rival.send(.GET, base + "/submission/signatories.csv").status == .notFound)
                #expect(
                    try await AuditLog.entries(recordType: "petition", recordID: "keep-north-open", on: app.db).first?.note
                        == "areas.csv")
                let pdf = try await org.send(.GET, base + "/submission/pack.pdf")
                #expect(pdf.status == .ok && pdf.headers.contentType?.subType == "pdf")
                #expect(pdf.body.string.hasPrefix("%PDF-1.4") && pdf.body.string.hasSuffix("%%EOF\n"))
                #expect(try await rival.send(.GET, base + "/submission/pack.pdf").status == .notFound)
                #expect(
                    try await AuditLog.entries(recordType: "petition", recordID: "keep-north-open", on: app.db).first?.note
                        == "pack.pdf")
                if let text = try Self.pdfText(Data(buffer: pdf.body)) {
                    for expected in ["Signatories (3)", "Kim Lee", "=SUM(A1)", "Jo Bloggs", "Duplicates and invalid rows (4)"] {
                        #expect(text.contains(expected), "the PDF's text has \(expected)")
                    }
                }

                // The sheet's scan: recognised by its bytes, kept, served back, replaced, audited.
                func upload(_ browser: StaffBrowser, _ bytes: [UInt8], name: String) async throws -> TestingHTTPResponse {
                    let boundary = "----centres-scan"
                    var body = ByteBuffer(
                        string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(browser.form.token)\r\n")
                    body.writeString(
                        "--\(boundary)\r\nContent-Disposition: form-data; name=\"scan\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    )
                    body.writeBytes(bytes)
                    body.writeString("\r\n--\(boundary)--\r\n")
                    return try await app.testing().sendRequest(
                        .POST, base + "/sheets/1/scan",
                        headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)", "Cookie": browser.cookies],
                        body: body)
                }
                let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 100)
                _ = try await org.open(base + "/sheets/1")
                let notAScan = try await upload(org, Array("name,postcode\n".utf8), name: "rows.csv")
                #expect(
                    notAScan.status == .badRequest && notAScan.body.string.contains("rows.csv is not a PDF, PNG or JPEG file"))
                _ = try await org.open(base + "/sheets/1")
                #expect(try await upload(org, png, name: "sheet1.png").status == .seeOther)
                let served = try await org.send(.GET, base + "/sheets/1/scan")
                #expect(served.status == .ok && served.headers.contentType?.description == "image/png")
                #expect(Array(served.body.readableBytesView) == png)
                #expect(try await rival.send(.GET, base + "/sheets/1/scan").status == .notFound)
                _ = try await org.open(base + "/sheets/1")
                #expect(try await upload(org, Array("%PDF-1.7 scan".utf8), name: "sheet1.pdf").status == .seeOther)
                #expect(
                    try await SheetScans.info(petitionID: "keep-north-open", sheet: 1, on: app.db)?.contentType
                        == "application/pdf")
                let scanAudit = try await AuditLog.entries(recordType: "petition", recordID: "keep-north-open", on: app.db).map(
                    \.action)
                #expect(scanAudit.prefix(2) == ["sheet scan replaced", "sheet scan attached"])
            }
        }

        /// The PDF's text as Debian's pdftotext reads it, where installed (CI installs it).
        static func pdfText(_ data: Data) throws -> String? {
            guard
                let tool = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].first(where: FileManager.default.isExecutableFile)
            else { return nil }
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("pack-\(UUID().uuidString).pdf")
            try data.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let run = Process(), out = Pipe()
            run.executableURL = URL(fileURLWithPath: tool)
            run.arguments = ["-layout", file.path, "-"]
            run.standardOutput = out
            try run.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            run.waitUntilExit()
            return text
        }
    }
}
