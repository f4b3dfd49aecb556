import CentresCore
import CentresTestSupport
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct PetitionAbuse {
        static func submission(_ i: Int, domain: String) -> SignatureSubmission {
            SignatureSubmission(
                name:
                    "Person \(["Ann", "Bob", "Cat", "Dan", "Eve", "Fay", "Gus", "Hal"][i % 8]) \(String(UnicodeScalar(65 + i / 8)!))",
                email: "p\(i)@\(domain)", postcode: Postcode("NR1 1AA")!, reason: .live, updatesConsent: false)
        }

        /// Bursts are found by hour, a blocked domain cannot sign, and a bulk invalidation shows
        /// its count before it acts, refuses a stale preview, and is audited.
        @Test(arguments: Engine.all) func moderatorsFindBurstsBlockAndInvalidateInBulk(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                try await PetitionSigning.openPetition(app)
                let place = SignaturePlace(areaCode: "E01000001", districtCode: "E07000001", inArea: true)
                let now = Date()
                for i in 0..<60 {
                    let client = i < 12 ? "192.0.2.7" : "198.51.100.\(i)"
                    let domain = i < 55 ? "spam.example" : "gmail.com"
                    _ = try await SignatureStore.sign(
                        petitionID: "keep-north-open", Self.submission(i, domain: domain), place: place, client: client, now: now,
                        on: app.db
                    ) { OutgoingMail(to: "signer@example.org", subject: "Confirm", body: $0) }
                }
                let bursts = try await AbuseStore.bursts(
                    since: now.addingTimeInterval(-3_600), perAddress: AbuseController.burstPerAddress,
                    perDomain: AbuseController.burstPerDomain, on: app.db)
                #expect(bursts.addresses.map(\.source) == ["192.0.2.7"] && bursts.addresses.first?.n == 12)
                #expect(bursts.domains.map(\.source) == ["spam.example"] && bursts.domains.first?.n == 55)

                var mod = try await ProposalOwnership.member(app, "mod@example.org", [.moderator], organisation: "Council")
                let page = try await mod.open("/staff/moderation/abuse")
                #expect(page.status == .ok && page.body.string.contains("192.0.2.7"))
                let bad = try await mod.post("/staff/moderation/blocklist", [("kind", "ip-range"), ("value", "1.2.3")])
                #expect(bad.status == .badRequest)
                #expect(
                    try await mod.post("/staff/moderation/blocklist", [("kind", "domain"), ("value", "Spam.Example")]).status
                        == .seeOther)
                var visitor = FormSession(app: app)
                _ = try await visitor.open("/petitions/keep-north-open")
                let blocked = try await visitor.post(
                    "/petitions/keep-north-open/sign", PetitionSigning.fields("Zed Zee", "z@mail.spam.example"))
                #expect(blocked.status == .badRequest && blocked.body.string.contains("We cannot take this signature"))
                let entry = try #require(try await AbuseStore.entries(on: app.db).first)
                _ = try await mod.open("/staff/moderation/abuse")
                _ = try await mod.post("/staff/moderation/blocklist/remove", [("id", entry.id)])
                #expect(try await AbuseStore.entries(on: app.db).isEmpty)

                _ = try await mod.open("/staff/moderation/abuse")
                let wide = try await mod.post("/staff/moderation/invalidate", [("petition", "keep-north-open")])
                #expect(wide.status == .badRequest && wide.body.string.contains("Narrow the filter"))
                let preview = try await mod.post(
                    "/staff/moderation/invalidate", [("petition", "keep-north-open"), ("domain", "spam.example")])
                #expect(preview.status == .ok && preview.body.string.contains("55 signatures match"))
                #expect(
                    try await SignatureStore.counts(petitionID: "keep-north-open", on: app.db).invalidated == 0,
                    "a preview changes nothing")
                let stale = try await mod.post(
                    "/staff/moderation/invalidate",
                    [
                        ("petition", "keep-north-open"), ("domain", "spam.example"), ("step", "confirm"), ("expected", "54"),
                        ("reason", "Bot run"),
                    ])
                #expect(stale.status == .conflict)
                let done = try await mod.post(
                    "/staff/moderation/invalidate",
                    [
                        ("petition", "keep-north-open"), ("domain", "spam.example"), ("step", "confirm"), ("expected", "55"),
                        ("reason", "Bot run"),
                    ])
                #expect(done.status == .ok && done.body.string.contains("55 signatures invalidated"))
                #expect(
                    try await SignatureStore.counts(petitionID: "keep-north-open", on: app.db)
                        == .init(confirmed: 0, pending: 5, invalidated: 55))
                let audit = try #require(
                    try await AuditLog.entries(recordType: "petition", recordID: "keep-north-open", on: app.db).first)
                #expect(audit.action == "signatures invalidated" && audit.note?.contains("email domain spam.example") == true)
                #expect(audit.note?.contains("reason: Bot run") == true && audit.actorEmail == "mod@example.org")

                let byRange = try await AbuseStore.matching(
                    AbuseStore.Filter(
                        petitionID: "keep-north-open", clientRange: IPRange("198.51.100.0/24"), emailDomain: nil, from: nil,
                        to: nil,
                        includeConfirmed: true), on: app.db)
                #expect(byRange.count == 5, "the five gmail signatures, all from 198.51.100.x and still pending")
            }
        }
    }
}
