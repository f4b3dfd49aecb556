import CentresCore
import CentresTestSupport
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct PetitionSigning {
        static let scheme = PetitionScheme(
            id: "test-scheme", name: "Test scheme", acceptanceThreshold: 2, debateThreshold: 3,
            eligibilityStatement: "You can sign if you live, work or study in Testshire.", reasons: EligibilityReason.allCases,
            outsideArea: .allowWorkOrStudy)

        /// An open petition under the test scheme (thresholds 2 and 3).
        static func openPetition(_ app: Application, id: String = "keep-north-open", closes: SimpleDate? = nil) async throws {
            try await PetitionStore.saveScheme(scheme, on: app.db)
            let p = Petition(
                id: id, title: "Keep North <open>", action: "Keep the centre open", background: "Families use it.",
                addressedTo: "Testshire Council", closesOn: closes ?? SimpleDate.today().adding(days: 30)!, schemeID: scheme.id,
                organisationID: nil, state: .open)
            try await PetitionStore.insert(p, createdBy: "test", now: Date(), on: app.db)
        }

        static func fields(_ name: String, _ email: String, postcode: String = "NR1 1AA", reason: String = "live") -> [(
            String, String
        )] {
            [
                ("name", name), ("email", email), ("postcode", postcode), ("reason", reason),
                ("privacy", PrivacyNotice.current.version),
            ]
        }

        /// The token of the newest confirmation sent to `address`.
        static func token(_ app: Application, to address: String) async throws -> String {
            let mails = try await Outbox.all(on: app.db).filter { $0.toAddress == address && $0.kind == "petition-confirm" }
            let mail = try #require(mails.first)
            let prefix = "http://127.0.0.1:8080/petitions/keep-north-open/confirm?token="
            return String(try #require(mail.body.split(separator: "\n").first { $0.hasPrefix(prefix) }).dropFirst(prefix.count))
        }

        @Test(arguments: Engine.all) func signingIsCheckedConfirmedByAButtonAndCounted(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                try await Self.openPetition(app)
                #expect(try await app.get("/petitions").body.string.contains("Keep North &lt;open&gt;"))
                var b = FormSession(app: app)
                let page = try await b.open("/petitions/keep-north-open")
                #expect(page.status == .ok && page.body.string.contains(PrivacyNotice.current.version))

                let bad = try await b.post(
                    "/petitions/keep-north-open/sign",
                    [("name", "=HYPERLINK(1)"), ("email", "nope"), ("postcode", "XX"), ("reason", "live")])
                let text = bad.body.string
                #expect(bad.status == .badRequest)
                for expected in ["A name cannot start with", "Email", "is not a UK postcode", "Agree to the privacy notice"] {
                    #expect(text.contains(expected), "\(expected)")
                }
                #expect(try await SignatureStore.counts(petitionID: "keep-north-open", on: app.db) == .init())

                let signed = try await b.post(
                    "/petitions/keep-north-open/sign", Self.fields("Jo <Bloggs>", "Jo.Bloggs+x@gmail.com"))
                #expect(signed.status == .ok && signed.body.string.contains("Check your email"))
                #expect(try await SignatureStore.counts(petitionID: "keep-north-open", on: app.db).pending == 1)
                let token = try await Self.token(app, to: "jo.bloggs+x@gmail.com")
                let confirmPage = try await b.open("/petitions/keep-north-open/confirm?token=\(token)")
                #expect(confirmPage.status == .ok && confirmPage.body.string.contains("Jo &lt;Bloggs&gt;"))
                #expect(
                    try await SignatureStore.counts(petitionID: "keep-north-open", on: app.db).confirmed == 0,
                    "opening the link counts nothing")
                let done = try await b.post("/petitions/keep-north-open/confirm", [("token", token)])
                #expect(done.status == .ok && done.body.string.contains("is counted"))
                #expect(try await b.post("/petitions/keep-north-open/confirm", [("token", token)]).status == .gone, "once")
                #expect(
                    try await SignatureStore.counts(petitionID: "keep-north-open", on: app.db)
                        == .init(confirmed: 1, pending: 0, invalidated: 0))
                let row = try #require(
                    try await PackStore.sql(app.db).select().column("*").from("signatures")
                        .first(decoding: SignatureRow.self, keyDecodingStrategy: .convertFromSnakeCase))
                #expect(row.districtCode == "E07000001" && row.areaCode == "E01000001" && row.inArea)
                #expect(row.canonicalEmail == "jobloggs@gmail.com" && row.privacyVersion == PrivacyNotice.current.version)

                // The same person again (another spelling of the address): no second signature, no mail once confirmed.
                let mailsBefore = try await Outbox.all(on: app.db).count
                _ = try await b.post("/petitions/keep-north-open/sign", Self.fields("jo bloggs", "JOBLOGGS@googlemail.com"))
                #expect(try await Outbox.all(on: app.db).count == mailsBefore)
                #expect(try await SignatureStore.counts(petitionID: "keep-north-open", on: app.db).confirmed == 1)

                // More names on the address wait, pending, for its owner: pending names take no
                // household place (the household rule is applied to counted signatures, and again
                // when each is confirmed: SecurityRegressions).
                for name in ["Sam Bloggs", "Alex Bloggs", "Kim Bloggs"] {
                    #expect(
                        try await b.post("/petitions/keep-north-open/sign", Self.fields(name, "jobloggs@gmail.com")).status == .ok
                    )
                }
                let elsewhere = try await b.post(
                    "/petitions/keep-north-open/sign", Self.fields("Lee Other", "lee@example.org"))
                #expect(elsewhere.status == .ok)
                let moved = try await b.post(
                    "/petitions/keep-north-open/sign", Self.fields("Lou Other", "lee@example.org", postcode: "NR2 2BB"))
                #expect(moved.status == .ok, "Lee's signature is not counted yet, so it decides no postcode")

                // Re-signing while pending resends the link, at most three sends in all.
                for _ in 0..<4 {
                    _ = try await b.post("/petitions/keep-north-open/sign", Self.fields("Lee Other", "lee@example.org"))
                }
                #expect(
                    try await Outbox.all(on: app.db).filter { $0.toAddress == "lee@example.org" }.count
                        == SignatureStore.maximumSends + 1, "Lee's three and Lou's one")

                // Outside the area: refused to live there, accepted to work there, counted apart.
                let outside = try await b.post(
                    "/petitions/keep-north-open/sign", Self.fields("Pat Far", "pat@example.org", postcode: "NR9 9ZZ"))
                #expect(outside.status == .badRequest && outside.body.string.contains("outside the area"))
                let worker = try await b.post(
                    "/petitions/keep-north-open/sign",
                    Self.fields("Pat Far", "pat@example.org", postcode: "NR9 9ZZ", reason: "work"))
                #expect(worker.status == .ok)
                let patToken = try await Self.token(app, to: "pat@example.org")
                _ = try await b.open("/petitions/keep-north-open/confirm?token=\(patToken)")
                _ = try await b.post("/petitions/keep-north-open/confirm", [("token", patToken)])
                let reached = try await SignatureStore.thresholds(petitionID: "keep-north-open", on: app.db)
                #expect(reached.map(\.name) == ["accepted"], "two confirmed: accepted, not yet a debate")
                let counted = try await app.get("/petitions/keep-north-open")
                #expect(counted.body.string.contains("Outside the area") && counted.body.string.contains("Northshire"))
                #expect(counted.body.string.contains("<svg") && counted.body.string.contains(": 1 confirmed signature<"))

                // The public feed: the same counts, with no personal data.
                let feed = try await app.get("/api/v1/petitions/keep-north-open")
                #expect(
                    !feed.body.string.contains("Bloggs") && !feed.body.string.contains("@") && !feed.body.string.contains("NR1"))
                let json = try #require(
                    try JSONSerialization.jsonObject(with: Data(feed.body.readableBytesView)) as? [String: Any])
                #expect(json["confirmed"] as? Int == 2 && json["pending"] as? Int == 5)
                let areas = try #require(json["byArea"] as? [[String: Any]])
                #expect(areas.first { $0["code"] as? String == "E01000001" }?["confirmed"] as? Int == 1)
                #expect(areas.last?["name"] as? String == "Outside the area" && areas.last?["confirmed"] as? Int == 1)
                let list = try #require(try await app.json("/api/v1/petitions") as? [String: Any])
                #expect(list["total"] as? Int == 1)
            }
        }

        @Test(arguments: Engine.all) func aClosedOrUnpublishedPetitionTakesNoSignatures(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                try await Self.openPetition(app, closes: SimpleDate.today().adding(days: -1)!)
                var b = FormSession(app: app)
                let page = try await b.open("/petitions/keep-north-open")
                #expect(
                    page.status == .ok && page.body.string.contains("Closed") && !page.body.string.contains("Sign this petition"))
                _ = try await b.open("/sign-in")  // a form's token, since a closed petition's page has none
                let late = try await b.post("/petitions/keep-north-open/sign", Self.fields("Jo Bloggs", "jo@example.org"))
                #expect(late.status == .gone)
                try await PackStore.sql(app.db).update("petitions").set("state", to: "draft").run()
                #expect(try await app.get("/petitions/keep-north-open").status == .notFound, "a draft is not public")
            }
        }

        /// Submissions arriving together for one person meet the one-per-person constraint on
        /// PostgreSQL's pool of connections: none fails, one row per person, every new signature's
        /// mail queued with it; confirmations arriving together for one household meet the slot
        /// constraint: three counted, in slots 1–3, the rest refused.
        @Test(arguments: Engine.all) func simultaneousSubmissionsNeitherFailNorDuplicate(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                try await Self.openPetition(app)
                let place = SignaturePlace(areaCode: "E01000001", districtCode: "E07000001", inArea: true)
                let names = ["Ann Lee", "Ann Lee", "Ann Lee", "Ann Lee", "Bob Lee", "Cat Lee", "Dan Lee", "Eve Lee"]
                let outcomes = try await withThrowingTaskGroup(of: SignatureStore.Outcome.self) { group in
                    for name in names {
                        let s = SignatureSubmission(
                            name: name, email: "lee.family@example.org", postcode: Postcode("NR1 1AA")!, reason: .live,
                            updatesConsent: false)
                        group.addTask {
                            try await SignatureStore.sign(
                                petitionID: "keep-north-open", s, place: place, client: nil, now: Date(), on: app.db
                            ) { OutgoingMail(to: s.email, subject: "Confirm", body: $0) }
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                let sent = outcomes.filter { if case .send = $0 { true } else { false } }.count
                #expect(try await Outbox.all(on: app.db).count == sent, "one mail for each link sent, none for the others")
                let pending = try await PackStore.sql(app.db).select().column("*").from("signatures")
                    .all(decoding: SignatureRow.self, keyDecodingStrategy: .convertFromSnakeCase)
                #expect(pending.count == 5 && Set(pending.map(\.nameKey)).count == 5, "one pending row per person")
                #expect(pending.allSatisfy { $0.householdSlot == nil }, "pending names take no household place")
                // The five owners confirm at once: three are counted, in slots 1–3, two refused.
                let confirmations = try await withThrowingTaskGroup(of: SignatureStore.Confirmation.self) { group in
                    for row in pending {
                        group.addTask { try await SignatureStore.confirm(row, scheme: Self.scheme, now: Date(), on: app.db) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                let rows = try await SubmissionPack.rows("keep-north-open", on: app.db).filter(\.isCounted)
                #expect(rows.count == 3 && Set(rows.compactMap(\.householdSlot)) == [1, 2, 3])
                #expect(confirmations.filter { $0 == .counted }.count == 3)
            }
        }
    }
}
