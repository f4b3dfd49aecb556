import CentresCore
import Foundation
import Testing
import VaporTesting

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct AccountAdministration {
        static let password = DatabaseTests.Accounts.password

        /// The one-time link in the newest message to `address`.
        static func link(to address: String, on app: Application) async throws -> String {
            let mail = try #require(try await Outbox.all(on: app.db).first { $0.toAddress == address })
            let prefix = "http://127.0.0.1:8080"
            let line = try #require(mail.body.split(separator: "\n").first { $0.hasPrefix(prefix + "/password-reset/new") })
            return String(line.dropFirst(prefix.count))
        }

        @Test(arguments: Engine.all) func administratorMakesChangesAndDisablesAccounts(engine: Engine) async throws {
            try await withApp(engine) { app in
                try await DatabaseTests.Accounts.makeUser(app, "admin@example.org", roles: [.administrator])
                var admin = StaffBrowser(app)
                _ = try await admin.signIn("admin@example.org", Self.password)
                #expect(try await admin.open("/staff/accounts/new").status == .ok)
                let bad = try await admin.post("/staff/accounts/new", [("email", "not an address"), ("name", "")])
                #expect(bad.status == .badRequest && bad.body.string.contains("Give the person&#39;s name"))
                let made = try await admin.post(
                    "/staff/accounts/new",
                    [
                        ("email", "Bea@Example.org"), ("name", "Bea <b>"), ("organisation", "Norfolk County Council"),
                        ("role-planner", "1"),
                    ])
                #expect(made.status == .seeOther)
                let again = try await admin.post("/staff/accounts/new", [("email", "bea@example.org"), ("name", "Bea")])
                #expect(again.status == .badRequest && again.body.string.contains("already exists"))

                let bea = try #require(try await AccountStore.user(email: "bea@example.org", on: app.db))
                let invite = try #require(try await Outbox.all(on: app.db).first { $0.toAddress == "bea@example.org" })
                #expect(invite.kind == "account-invitation" && invite.body.contains("within three days"))
                var person = StaffBrowser(app)
                #expect(
                    try await person.signIn("bea@example.org", Self.password).status == .unauthorized, "no usable password yet")
                let link = try await Self.link(to: "bea@example.org", on: app)
                _ = try await person.form.open(link)
                let token = String(link.split(separator: "=").last!)
                let set = try await person.form.post(
                    "/password-reset/new", [("token", token), ("password", Self.password), ("confirm", Self.password)])
                #expect(set.status == .ok)
                #expect(try await person.signIn("bea@example.org", Self.password).status == .seeOther)
                #expect(try await person.send(.GET, "/staff").body.string.contains("Planner"))

                let page = try await admin.open("/staff/accounts/\(bea.id)")
                #expect(page.status == .ok && page.body.string.contains("Bea &lt;b&gt;") && !page.body.string.contains("Bea <b>"))
                let changed = try await admin.post(
                    "/staff/accounts/\(bea.id)",
                    [("name", "Bea Smith"), ("organisation", "Norfolk County Council"), ("role-network-editor", "1")])
                #expect(changed.status == .seeOther)
                #expect(try await person.send(.GET, "/staff").body.string.contains("Network editor"))

                let entries = try await AuditLog.entries(recordType: "account", recordID: bea.id, on: app.db)
                #expect(entries.map(\.action) == ["edited", "password set by emailed link", "created"])
                #expect(
                    entries.allSatisfy {
                        $0.actorEmail == ($0.action.hasPrefix("password") ? "bea@example.org" : "admin@example.org")
                    })
                #expect(
                    entries[0].decodedChanges == [
                        AuditChange(field: "name", from: "Bea <b>", to: "Bea Smith"),
                        AuditChange(field: "roles", from: "planner", to: "network-editor"),
                    ])
                #expect(
                    entries[2].decodedChanges.contains(
                        AuditChange(field: "organisation", from: nil, to: "Norfolk County Council")))

                let disabled = try await admin.post("/staff/accounts/\(bea.id)/status", [("action", "disable")])
                #expect(disabled.status == .seeOther)
                #expect(try await person.send(.GET, "/staff").status == .seeOther, "disabling ended the session")
                var other = StaffBrowser(app)
                #expect(try await other.signIn("bea@example.org", Self.password).status == .unauthorized)
                _ = try await admin.post("/staff/accounts/\(bea.id)/status", [("action", "enable")])
                #expect(try await other.signIn("bea@example.org", Self.password).status == .seeOther)

                let me = try #require(try await AccountStore.user(email: "admin@example.org", on: app.db))
                _ = try await admin.open("/staff/accounts/\(me.id)")
                let demote = try await admin.post("/staff/accounts/\(me.id)", [("name", "Admin"), ("role-planner", "1")])
                #expect(demote.status == .badRequest && demote.body.string.contains("only active administrator"))
                let selfDisable = try await admin.post("/staff/accounts/\(me.id)/status", [("action", "disable")])
                #expect(selfDisable.status == .badRequest)
                #expect(try await AccountAdmin.activeAdministrators(on: app.db) == [me.id])

                let csv = try await admin.send(.GET, "/staff/audit.csv?type=account&id=\(bea.id)")
                #expect(csv.status == .ok && csv.headers.contentType?.description.hasPrefix("text/csv") == true)
                let lines = csv.body.string.split(separator: "\n")
                #expect(lines.first == "at,actor,record_type,record_id,action,field,from,to,note")
                #expect(lines.contains { $0.contains(",edited,name,Bea <b>,Bea Smith,") })
                #expect(try await admin.send(.GET, "/staff/audit?type=account").body.string.contains("Bea &lt;b&gt;"))
            }
        }

        @Test(arguments: Engine.all) func membersChangeTheirOwnPassword(engine: Engine) async throws {
            try await withApp(engine) { app in
                try await DatabaseTests.Accounts.makeUser(app, "cal@example.org", roles: [.moderator])
                var here = StaffBrowser(app), elsewhere = StaffBrowser(app)
                _ = try await here.signIn("cal@example.org", Self.password)
                _ = try await elsewhere.signIn("cal@example.org", Self.password)
                _ = try await here.open("/staff/password")
                let wrong = try await here.post(
                    "/staff/password",
                    [("current", "not it at all!"), ("password", "x new passphrase"), ("confirm", "x new passphrase")])
                #expect(wrong.status == .badRequest && wrong.body.string.contains("current password is not right"))
                let weak = try await here.post(
                    "/staff/password", [("current", Self.password), ("password", "short"), ("confirm", "short")])
                #expect(weak.status == .badRequest && weak.body.string.contains("at least 12"))
                let ok = try await here.post(
                    "/staff/password",
                    [("current", Self.password), ("password", "a fresh new passphrase"), ("confirm", "a fresh new passphrase")])
                #expect(ok.status == .ok && ok.body.string.contains("has been changed"))
                #expect(try await here.send(.GET, "/staff").status == .ok, "this session stays")
                #expect(try await elsewhere.send(.GET, "/staff").status == .seeOther, "the other session ended")
                var fresh = StaffBrowser(app)
                #expect(try await fresh.signIn("cal@example.org", "a fresh new passphrase").status == .seeOther)
                let user = try #require(try await AccountStore.user(email: "cal@example.org", on: app.db))
                #expect(try await AuditLog.entries(recordID: user.id, on: app.db).map(\.action) == ["password changed"])
            }
        }
    }
}
