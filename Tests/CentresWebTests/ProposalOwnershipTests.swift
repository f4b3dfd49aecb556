import CentresCore
import CentresTestSupport
import Foundation
import Testing
import VaporTesting

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct ProposalOwnership {
        static func member(_ app: Application, _ email: String, _ roles: [Role], organisation: String) async throws
            -> StaffBrowser
        {
            let org = try await AccountStore.organisation(named: organisation, now: Date(), on: app.db)
            let hash = try await app.password.async.hash(DatabaseTests.Accounts.password).get()
            _ = try await AccountStore.create(
                email: email, name: email, passwordHash: hash, roles: roles, organisationID: org, now: Date(), on: app.db)
            var b = StaffBrowser(app)
            _ = try await b.signIn(email, DatabaseTests.Accounts.password)
            return b
        }

        /// A signed-in planner's draft belongs to their organisation: its planners edit it without
        /// the link; another organisation's planner, a colleague without the role and an anonymous
        /// visitor without the link are refused; every change is in the audit log.
        @Test(arguments: Engine.all) func anOrganisationsPlannersEditItsDrafts(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                var ann = try await Self.member(app, "ann@example.org", [.planner], organisation: "Norfolk County Council")
                var bob = try await Self.member(app, "bob@example.org", [.planner], organisation: "Norfolk County Council")
                var cat = try await Self.member(app, "cat@example.org", [.planner], organisation: "Save Our Centres")
                var dan = try await Self.member(app, "dan@example.org", [.networkEditor], organisation: "Norfolk County Council")
                _ = try await ann.open("/proposals/new")
                let made = try await ann.post(
                    "/proposals/new", [("startFrom", "small-plan"), ("title", "Council draft"), ("author", "Ann")])
                let location = try #require(made.headers.first(name: .location))
                let id = String(location.dropFirst("/proposals/".count).prefix { $0 != "/" })
                let access = try #require(try await ProposalStore.access(id, on: app.db))
                #expect(
                    access.ownerOrganisationId
                        == (try await AccountStore.user(email: "ann@example.org", on: app.db))?.organisationId)

                let page = try await bob.open("/proposals/\(id)/edit")
                #expect(page.status == .ok && !page.body.string.contains("name=\"key\""), "no link needed, none shown")
                let saved = try await bob.post(
                    "/proposals/\(id)/edit",
                    [
                        ("title", "Council draft, revised"), ("author", "Ann"), ("status", "draft"),
                        ("decisions-0-decision", "base"),
                    ])
                #expect(saved.status == .seeOther)
                #expect(try await ProposalStore.find(id, on: app.db)?.proposal.title == "Council draft, revised")
                #expect(try await ProposalStore.access(id, on: app.db)?.ownerOrganisationId == access.ownerOrganisationId, "kept")

                #expect(try await cat.open("/proposals/\(id)/edit").status == .forbidden, "another organisation")
                #expect(try await dan.open("/proposals/\(id)/edit").status == .forbidden, "same organisation, not a planner")
                #expect(try await app.get("/proposals/\(id)/edit").status == .forbidden, "anonymous, no link")
                _ = try await cat.open("/proposals/new")
                let catPost = try await cat.post("/proposals/\(id)/edit", [("title", "Hijacked"), ("author", "Cat")])
                #expect(catPost.status == .forbidden)

                let entries = try await AuditLog.entries(recordType: "proposal", recordID: id, on: app.db)
                #expect(entries.map(\.action) == ["edited", "created"])
                #expect(entries.map(\.actorEmail) == ["bob@example.org", "ann@example.org"])
                #expect(
                    entries[0].decodedChanges.first
                        == AuditChange(field: "title", from: "Council draft", to: "Council draft, revised"))
            }
        }
    }
}
