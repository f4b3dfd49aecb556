import CentresCore
import CentresTestSupport
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct ConsultationRetention {
        /// Postcodes cut to their outward code once the retention period after closing has
        /// passed, in responses and unsettled keyings, counts kept, once; personal details taken
        /// out of a free-text answer by hand, audited without the words.
        @Test(arguments: Engine.all) func postcodesAreReducedAndAnswersCanBeRedacted(engine: Engine) async throws {
            try await withApp(engine) { app in
                let c = try await ConsultationResponding.open(app)
                let ids = try await ConsultationAnalysing.responses(app, c)
                let today = SimpleDate.today()
                var ann = try await ProposalOwnership.member(app, "ann@example.org", [.consultationManager], organisation: "NCC")
                _ = try await ann.open("/staff/consultations/\(c.id)/responses/new")
                _ = try await ann.post(
                    "/staff/consultations/\(c.id)/responses/new",
                    ConsultationEntry.keyed("55", views: "Unsettled", received: today))
                #expect(try await KeyingStore.keyings(c.id, on: app.db).count == 1)

                let closes = c.closesOn
                #expect(
                    try await CentresWeb.ConsultationRetention.reduceDue(
                        today: closes.adding(days: 90)!, afterDays: 90, now: Date(), on: app.db) == 0, "not yet due")
                #expect(
                    try await CentresWeb.ConsultationRetention.reduceDue(
                        today: closes.adding(days: 91)!, afterDays: 90, now: Date(), on: app.db) == 1)
                let rows = try await ResponseStore.all(c.id, on: app.db)
                #expect(rows.map(\.postcode) == ["NR1", "NR1", "NR2", nil])
                #expect(rows[0].decodedAnswers["postcode"] == .postcode("NR1") && rows[0].districtCode == "E07000001")
                #expect(rows[0].areaCode == "E01000001" && rows[0].anonymisedAt != nil)
                #expect(try await KeyingStore.keyings(c.id, on: app.db)[0].keying.answers["postcode"] == .postcode("NR2"))
                #expect(
                    try await CentresWeb.ConsultationRetention.reduceDue(
                        today: closes.adding(days: 200)!, afterDays: 90, now: Date(), on: app.db) == 0, "once")
                let entry = try #require(
                    try await AuditLog.entries(recordType: "consultation", recordID: c.id, on: app.db).first)
                #expect(entry.action == "postcodes reduced" && entry.actorEmail == "the retention policy")

                let detail = "/staff/consultations/\(c.id)/responses/\(ids[0])"
                let page = try await ann.open(detail)
                #expect(page.body.string.contains("Take personal details out of an answer"))
                let redacted = try await ann.post(
                    detail + "/redact", [("question", "views"), ("text", "Too far to travel, says [name removed]")])
                #expect(redacted.status == .seeOther)
                let after = try #require(try await ResponseStore.find(ids[0], consultationID: c.id, on: app.db))
                #expect(after.decodedAnswers["views"] == .text("Too far to travel, says [name removed]"))
                #expect(try await ann.post(detail + "/redact", [("question", "who"), ("text", "x")]).status == .badRequest)
                let audit = try #require(try await AuditLog.entries(recordType: "consultation", recordID: c.id, on: app.db).first)
                #expect(audit.action == "personal details removed from an answer")
                #expect(!audit.decodedChanges.description.contains("Too far"), "the words are not kept in the history")
            }
        }
    }
}
