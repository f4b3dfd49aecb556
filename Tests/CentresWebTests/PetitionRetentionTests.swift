import CentresCore
import CentresTestSupport
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct PetitionPersonalData {
        static func signAndConfirm(_ app: Application, _ name: String, _ email: String) async throws {
            let s = SignatureSubmission(
                name: name, email: email, postcode: Postcode("NR1 1AA")!, reason: .live, updatesConsent: false)
            let place = SignaturePlace(areaCode: "E01000001", districtCode: "E07000001", inArea: true)
            _ = try await SignatureStore.sign(
                petitionID: "keep-north-open", s, place: place, client: "192.0.2.1", now: Date(), on: app.db
            ) { OutgoingMail(to: "signer@example.org", subject: "Confirm", body: $0) }
            let row = try #require(
                try await PackStore.sql(app.db).select().column("*").from("signatures").where("name", .equal, name)
                    .first(decoding: SignatureRow.self, keyDecodingStrategy: .convertFromSnakeCase))
            try await SignatureStore.confirm(row, scheme: PetitionSigning.scheme, now: Date(), on: app.db)
        }

        /// A set time after closing, names, emails, addresses, postcodes and scans go and the
        /// counts by area stay; erasure on request removes one person's signatures, recording
        /// only how many.
        @Test(arguments: Engine.all) func personalDataIsAnonymisedAfterClosingAndErasedOnRequest(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                let closes = SimpleDate.today().adding(days: 30)!
                try await PetitionSigning.openPetition(app, closes: closes)
                try await Self.signAndConfirm(app, "Jo Bloggs", "jo@example.org")
                try await Self.signAndConfirm(app, "Sam Smith", "sam@example.org")
                try await Self.signAndConfirm(app, "Kim Lee", "kim.lee+x@gmail.com")

                var mod = try await ProposalOwnership.member(app, "mod@example.org", [.moderator], organisation: "Council")
                _ = try await mod.open("/staff/moderation/abuse")
                let vague = try await mod.post("/staff/moderation/erase", [("petition", "keep-north-open"), ("name", "Kim Lee")])
                #expect(vague.status == .badRequest)
                let preview = try await mod.post(
                    "/staff/moderation/erase", [("petition", "keep-north-open"), ("email", "KimLee@googlemail.com")])
                #expect(preview.status == .ok && preview.body.string.contains("1 signatures match"))
                let stale = try await mod.post(
                    "/staff/moderation/erase",
                    [("petition", "keep-north-open"), ("email", "KimLee@googlemail.com"), ("step", "confirm"), ("expected", "2")])
                #expect(stale.status == .conflict)
                let erased = try await mod.post(
                    "/staff/moderation/erase",
                    [("petition", "keep-north-open"), ("email", "KimLee@googlemail.com"), ("step", "confirm"), ("expected", "1")])
                #expect(erased.status == .ok && erased.body.string.contains("1 signatures erased"))
                #expect(try await SignatureStore.counts(petitionID: "keep-north-open", on: app.db).confirmed == 2)
                let audit = try #require(
                    try await AuditLog.entries(recordType: "petition", recordID: "keep-north-open", on: app.db).first)
                #expect(audit.action == "signatures erased on request" && !audit.changes.contains("kim") && audit.note == nil)

                try await SheetScans.store(
                    petitionID: "keep-north-open", sheet: 1, type: "application/pdf", data: Data("%PDF-1.7".utf8),
                    by: AuditActor(id: nil, email: "test"), now: Date(), on: app.db)
                #expect(
                    try await PetitionRetention.anonymiseDue(
                        today: closes.adding(days: 90)!, afterDays: 90, now: Date(), on: app.db) == 0)
                let before = try await PetitionTally.make(
                    try #require(try await PetitionStore.row("keep-north-open", on: app.db)?.core),
                    scheme: PetitionSigning.scheme,
                    publicURL: "", now: Date(), on: app.db)
                #expect(
                    try await PetitionRetention.anonymiseDue(
                        today: closes.adding(days: 91)!, afterDays: 90, now: Date(), on: app.db) == 1)
                #expect(
                    try await PetitionRetention.anonymiseDue(
                        today: closes.adding(days: 200)!, afterDays: 90, now: Date(), on: app.db) == 0)
                let rows = try await PackStore.sql(app.db).select().column("*").from("signatures")
                    .all(decoding: SignatureRow.self, keyDecodingStrategy: .convertFromSnakeCase)
                #expect(
                    rows.count == 2
                        && rows.allSatisfy {
                            $0.name.isEmpty && $0.email == nil && $0.postcode.isEmpty && $0.clientAddress == nil
                        })
                #expect(
                    rows.allSatisfy { $0.areaCode == "E01000001" && $0.districtCode == "E07000001" && $0.state == "confirmed" })
                #expect(try await SheetScans.info(petitionID: "keep-north-open", sheet: 1, on: app.db) == nil)
                let after = try await PetitionTally.make(
                    try #require(try await PetitionStore.row("keep-north-open", on: app.db)?.core),
                    scheme: PetitionSigning.scheme,
                    publicURL: "", now: Date(), on: app.db)
                #expect(after.confirmed == before.confirmed && after.byArea.map(\.confirmed) == before.byArea.map(\.confirmed))
                let entry = try #require(
                    try await AuditLog.entries(recordType: "petition", recordID: "keep-north-open", on: app.db).first)
                #expect(entry.action == "personal data anonymised" && entry.actorEmail == "the retention policy")
            }
        }
    }
}
