import CentresCore
import Foundation
import SQLKit
import Testing

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct RetentionPolicy {
        /// Each kind of row just inside and just outside its time: only the old ones go.
        @Test(arguments: Engine.all) func deletesWhatHasOutlivedItsTimeAndNothingElse(engine: Engine) async throws {
            try await withApp(engine) { app in
                let now = Date(timeIntervalSince1970: 1_800_000_000)
                let day = Retention.day
                try await DatabaseTests.Accounts.makeUser(app, "ann@example.org", roles: [.planner])
                let user = try #require(try await AccountStore.user(email: "ann@example.org", on: app.db))
                _ = try await AccountStore.startSession(
                    userID: user.id, lifetime: 60, now: now.addingTimeInterval(-120), on: app.db)
                _ = try await AccountStore.startSession(userID: user.id, lifetime: 3_600, now: now, on: app.db)
                _ = try await PasswordResetStore.create(userID: user.id, now: now.addingTimeInterval(-8 * day), on: app.db)
                _ = try await PasswordResetStore.create(userID: user.id, now: now.addingTimeInterval(-6 * day), on: app.db)
                let mail = OutgoingMail(to: "x@example.org", subject: "s", body: "b")
                for (age, state) in [(91.0, "sent"), (89.0, "sent"), (366.0, "failed"), (364.0, "failed"), (400.0, "waiting")] {
                    let at = now.addingTimeInterval(-age * day)
                    try await Outbox.enqueue(mail, kind: "test-\(Int(age))", now: at, on: app.db)
                    let column = state == "sent" ? "sent_at" : "failed_at"
                    if state != "waiting" {
                        try await PackStore.sql(app.db).update("outbox").set(column, to: AccountStore.timestamp(at))
                            .where("kind", .equal, "test-\(Int(age))").run()
                    }
                }
                _ = try await WatcherStore.request(
                    email: "old@example.org", kind: .centre, id: "c", now: now.addingTimeInterval(-8 * day), on: app.db)
                _ = try await WatcherStore.request(
                    email: "new@example.org", kind: .centre, id: "c", now: now.addingTimeInterval(-6 * day), on: app.db)
                let actor = AuditActor(id: nil, email: "test")
                for years in [7.0, 5.0] {
                    try await AuditLog.record(
                        "venue", "v\(Int(years))", action: "edited", changes: [], by: actor,
                        now: now.addingTimeInterval(-years * 365 * day), on: app.db)
                }

                let purged = try await Retention.run(now: now, on: app.db)
                #expect(
                    purged == Retention.Purged(sessions: 1, passwordLinks: 1, sentMail: 1, watchers: 1, audit: 1))
                #expect(
                    Set(try await Outbox.all(on: app.db).map(\.kind)) == ["test-89", "test-364", "test-366", "test-400"],
                    "failed mail is never deleted, waiting mail stays")
                #expect(try await AuditLog.entries(on: app.db).map(\.recordId) == ["v5"])
                #expect(try await Retention.run(now: now, on: app.db) == Retention.Purged(), "a second run finds nothing")
            }
        }
    }
}
