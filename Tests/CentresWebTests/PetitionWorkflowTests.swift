import CentresCore
import CentresTestSupport
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct PetitionWorkflow {
        static func form(_ title: String, closes: SimpleDate) -> [(String, String)] {
            [
                ("title", title), ("action", "Keep Holt children's centre open"), ("background", "300 families use it."),
                ("addressed_to", "Norfolk County Council"), ("closes_on", closes.description),
                ("scheme_id", PetitionScheme.norfolk.id),
            ]
        }

        /// Draft → moderation → rejected with a reason → mended → approved → closed by its date,
        /// each step by the right person only, each in the audit log.
        @Test(arguments: Engine.all) func aPetitionGoesThroughModerationToClosing(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                var org = try await ProposalOwnership.member(
                    app, "org@example.org", [.petitionOrganiser], organisation: "Save Our Centres")
                var rival = try await ProposalOwnership.member(
                    app, "rival@example.org", [.petitionOrganiser], organisation: "Other Group")
                var mod = try await ProposalOwnership.member(
                    app, "mod@example.org", [.moderator], organisation: "Norfolk County Council")
                try await DatabaseTests.Accounts.makeUser(app, "loner@example.org", roles: [.petitionOrganiser])
                var loner = StaffBrowser(app)
                _ = try await loner.signIn("loner@example.org", DatabaseTests.Accounts.password)
                #expect(try await loner.send(.GET, "/staff/petitions/new").status == .forbidden, "no organisation, no petitions")

                let today = SimpleDate.today()
                _ = try await org.open("/staff/petitions/new")
                let late = try await org.post("/staff/petitions/new", Self.form("Keep Holt open", closes: today))
                #expect(late.status == .badRequest && late.body.string.contains("The closing date must be after today"))
                let made = try await org.post(
                    "/staff/petitions/new", Self.form("Keep <Holt> open", closes: today.adding(days: 60)!))
                #expect(made.status == .seeOther)
                let path = try #require(made.headers.first(name: .location))
                let id = String(path.dropFirst("/staff/petitions/".count))
                #expect(id.hasPrefix("keep-holt-open-"))
                #expect(try await rival.send(.GET, path).status == .notFound, "another organisation cannot see it")

                _ = try await org.open(path)
                #expect(try await org.post(path + "/state", [("action", "submit")]).status == .seeOther)
                let locked = try await org.post(path, Self.form("Changed", closes: today.adding(days: 60)!))
                #expect(locked.status == .conflict, "only a draft can be changed")
                #expect(try await rival.post(path + "/state", [("action", "withdraw")]).status == .notFound)

                let queue = try await mod.open("/staff/moderation")
                #expect(queue.body.string.contains("Keep &lt;Holt&gt; open") && queue.body.string.contains("Save Our Centres"))
                _ = try await mod.open("/staff/moderation/petitions/\(id)")
                let noReason = try await mod.post("/staff/moderation/petitions/\(id)", [("decision", "reject"), ("reason", " ")])
                #expect(noReason.status == .conflict && noReason.body.string.contains("needs a reason"))
                let rejected = try await mod.post(
                    "/staff/moderation/petitions/\(id)", [("decision", "reject"), ("reason", "Name the centre's <address>")])
                #expect(rejected.status == .seeOther)
                let seen = try await org.open(path)
                #expect(
                    seen.body.string.contains("Name the centre&#39;s &lt;address&gt;")
                        || seen.body.string.contains("Name the centre's &lt;address&gt;"))
                #expect(
                    try await org.post(path + "/state", [("action", "submit")]).status == .conflict, "rejected: mend it first")
                _ = try await org.post(path + "/state", [("action", "revise")])
                _ = try await org.post(path, Self.form("Keep Holt open", closes: today.adding(days: 60)!))
                _ = try await org.post(path + "/state", [("action", "submit")])
                _ = try await mod.open("/staff/moderation/petitions/\(id)")
                #expect(try await mod.post("/staff/moderation/petitions/\(id)", [("decision", "approve")]).status == .seeOther)
                let open = try #require(try await PetitionStore.row(id, on: app.db))
                #expect(open.state == "open" && open.openedAt != nil)
                #expect(try await org.post("/staff/moderation/petitions/\(id)", [("decision", "approve")]).status == .forbidden)

                // Paper sheets: numbered, printed with the text, privacy notice, QR code and return address.
                let openPage = try await org.open(path)
                #expect(openPage.body.string.contains("Issue and print"))
                let none = try await org.post(path + "/sheets", [("count", "0"), ("return_address", "PO Box 1")])
                #expect(none.status == .badRequest)
                let noAddress = try await org.post(path + "/sheets", [("count", "3"), ("return_address", " ")])
                #expect(noAddress.status == .badRequest)
                let issued = try await org.post(
                    path + "/sheets", [("count", "3"), ("return_address", "Save Our Centres, <1> High St, Holt")])
                #expect(issued.status == .seeOther && issued.headers.first(name: .location) == path + "/sheets/print?from=1&to=3")
                let printed = try await org.send(.GET, path + "/sheets/print?from=1&to=3")
                let sheet = printed.body.string
                #expect(
                    printed.status == .ok && sheet.contains("Sheet 1 ·") && sheet.contains("Sheet 3 ·")
                        && !sheet.contains("Sheet 4 ·"))
                #expect(sheet.contains("<svg") && sheet.contains("QR code: http://127.0.0.1:8080/petitions/\(id)"))
                #expect(
                    sheet.contains(PrivacyNotice.current.version) && sheet.contains("Save Our Centres, &lt;1&gt; High St, Holt"))
                let more = try await org.post(
                    path + "/sheets", [("count", "2"), ("return_address", "Save Our Centres, <1> High St, Holt")])
                #expect(more.headers.first(name: .location) == path + "/sheets/print?from=4&to=5")
                #expect(
                    try await org.send(.GET, path + "/sheets/print?from=5&to=6").status == .badRequest, "sheet 6 was never issued"
                )
                #expect(try await rival.send(.GET, path + "/sheets/print?from=1&to=3").status == .notFound)

                #expect(try await PetitionStore.closeDue(today: today, now: Date(), on: app.db) == 0)
                #expect(try await PetitionStore.closeDue(today: today.adding(days: 61)!, now: Date(), on: app.db) == 1)
                #expect(try await PetitionStore.row(id, on: app.db)?.state == "closed")

                let history = try await AuditLog.entries(recordType: "petition", recordID: id, on: app.db)
                #expect(
                    history.map(\.action) == [
                        "close", "paper sheets issued", "paper sheets issued", "approve", "submit", "edited", "revise", "reject",
                        "submit", "created",
                    ])
                #expect(history.first?.actorEmail == "the closing date" && history[3].actorEmail == "mod@example.org")
                #expect(
                    history[2].decodedChanges.contains(
                        AuditChange(field: "return_address", from: nil, to: "Save Our Centres, <1> High St, Holt")))
                #expect(
                    history[7].decodedChanges.contains(
                        AuditChange(field: "rejection_reason", from: nil, to: "Name the centre's <address>")))
            }
        }

        @Test(arguments: Engine.all) func aPetitionPastItsDateCannotBeApproved(engine: Engine) async throws {
            try await withApp(engine) { app in
                var org = try await ProposalOwnership.member(app, "org@example.org", [.petitionOrganiser], organisation: "Group")
                var mod = try await ProposalOwnership.member(app, "mod@example.org", [.moderator], organisation: "Council")
                _ = try await org.open("/staff/petitions/new")
                let made = try await org.post(
                    "/staff/petitions/new", Self.form("Soon", closes: SimpleDate.today().adding(days: 1)!))
                let path = try #require(made.headers.first(name: .location))
                let id = String(path.dropFirst("/staff/petitions/".count))
                _ = try await org.open(path)
                _ = try await org.post(path + "/state", [("action", "submit")])
                try await PackStore.sql(app.db).update("petitions").set("closes_on", to: SimpleDate.today().description)
                    .where("id", .equal, id).run()
                _ = try await mod.open("/staff/moderation/petitions/\(id)")
                let refused = try await mod.post("/staff/moderation/petitions/\(id)", [("decision", "approve")])
                #expect(
                    refused.status == .badRequest
                        && refused.body.string.contains("It cannot open: the closing date must be after today"))
                #expect(try await PetitionStore.row(id, on: app.db)?.state == "awaiting-moderation")
            }
        }
    }
}
