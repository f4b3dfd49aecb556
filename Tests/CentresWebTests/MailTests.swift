import Foundation
import Logging
import Testing

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct Mail {
        static let logger = Logger(label: "mail-test")

        /// The body a received message carries, decoded from its base64.
        static func body(of message: String) -> String? {
            guard let r = message.range(of: "\n\n") ?? message.range(of: "\r\n\r\n") else { return nil }
            let encoded = message[r.upperBound...].filter { !$0.isWhitespace }
            return Data(base64Encoded: String(encoded)).map { String(decoding: $0, as: UTF8.self) }
        }

        @Test func mailTestsRunWhereCIRequiresThem() {
            #expect(
                !SMTPTestServer.required || SMTPTestServer.available, "CENTRES_REQUIRE_SMTP=1 but python3 cannot import aiosmtpd")
        }

        /// Written with the change or not at all; delivered once to a real SMTP server with its
        /// subject and body intact; a delivered message is not sent again.
        @Test(.enabled(if: SMTPTestServer.available), arguments: Engine.all)
        func outboxDeliversToARealSMTPServer(engine: Engine) async throws {
            try await withApp(engine) { app in
                let mail = OutgoingMail(
                    to: "parent@example.org", subject: "Holt centre: times changed – Tuesdays",
                    body: "Stay & Play moves to 10:00.\nCafé opens at 9.",
                    unsubscribeURL: "https://centres.example/watch/one-click?token=abc")
                struct Abandoned: Error {}
                try? await app.db.transaction { tx in
                    try await Outbox.enqueue(mail, kind: "test", now: Date(), on: tx)
                    throw Abandoned()
                }
                #expect(try await Outbox.all(on: app.db).isEmpty, "a rolled-back change leaves no message")

                let server = try SMTPTestServer()
                let transport = MailTransport.smtp(
                    SMTPSettings(
                        host: "127.0.0.1", port: server.port, startTLS: false, username: nil, password: nil,
                        from: "centres@example.org"))
                try await Outbox.enqueue(mail, kind: "test", now: Date(), on: app.db)
                #expect(try await Outbox.deliverDue(now: Date(), transport: transport, on: app.db, logger: Self.logger) == 1)
                #expect(
                    try await Outbox.deliverDue(
                        now: Date().addingTimeInterval(3_600), transport: transport, on: app.db, logger: Self.logger) == 0)
                let received = try server.messages()
                #expect(received.count == 1)
                let text = try #require(received.first)
                #expect(text.contains("To: <parent@example.org>") && text.contains("From: Centres <centres@example.org>"))
                #expect(text.contains("Subject: =?UTF-8?B?" + Data(mail.subject.utf8).base64EncodedString() + "?="))
                #expect(Self.body(of: text) == mail.body)
                #expect(text.contains("List-Unsubscribe: <https://centres.example/watch/one-click?token=abc>"))
                #expect(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
                #expect(try await Outbox.all(on: app.db).first?.sentAt != nil)
            }
        }

        @Test(.enabled(if: SMTPTestServer.available), arguments: Engine.all)
        func startTLSUpgradesTheConnection(engine: Engine) async throws {
            try await withApp(engine) { app in
                let server = try SMTPTestServer(tls: true)
                let settings = SMTPSettings(
                    host: "localhost", port: server.port, startTLS: true, username: nil, password: nil,
                    from: "centres@example.org",
                    caFile: server.certificate?.path)
                try await Outbox.enqueue(
                    OutgoingMail(to: "a@example.org", subject: "TLS", body: "over TLS"), kind: "test", now: Date(), on: app.db)
                let delivered = try await Outbox.deliverDue(
                    now: Date(), transport: .smtp(settings), on: app.db, logger: Self.logger)
                let problem = try await Outbox.all(on: app.db).first?.lastError ?? ""
                #expect(delivered == 1, "\(problem)")
                #expect(try server.messages().count == 1)
                // Without the test's certificate the server is not trusted: nothing is sent, the message waits.
                var untrusted = settings
                untrusted.caFile = nil
                try await Outbox.enqueue(
                    OutgoingMail(to: "b@example.org", subject: "TLS", body: "x"), kind: "test", now: Date(), on: app.db)
                #expect(
                    try await Outbox.deliverDue(now: Date(), transport: .smtp(untrusted), on: app.db, logger: Self.logger) == 0)
                #expect(try server.messages().count == 1)
            }
        }

        /// A server that never answers: the message is retried with growing waits, then marked
        /// failed and kept (for administrators), never deleted.
        @Test(arguments: Engine.all) func failuresAreRetriedThenKept(engine: Engine) async throws {
            try await withApp(engine) { app in
                let nobody = MailTransport.smtp(
                    SMTPSettings(
                        host: "127.0.0.1", port: 9, startTLS: false, username: nil, password: nil, from: "centres@example.org"))
                let start = Date(timeIntervalSince1970: 1_800_000_000)
                try await Outbox.enqueue(
                    OutgoingMail(to: "a@example.org", subject: "s", body: "b"), kind: "test", now: start, on: app.db)
                var now = start
                #expect(try await Outbox.deliverDue(now: now, transport: nobody, on: app.db, logger: Self.logger) == 0)
                var row = try #require(try await Outbox.all(on: app.db).first)
                #expect(row.attempts == 1 && row.lastError != nil && row.failedAt == nil)
                #expect(row.nextAttemptAt == AccountStore.timestamp(start.addingTimeInterval(60)))
                _ = try await Outbox.deliverDue(
                    now: start.addingTimeInterval(30), transport: nobody, on: app.db, logger: Self.logger)
                #expect(try await Outbox.all(on: app.db).first?.attempts == 1, "not retried before its time")
                for wait in Outbox.retryWaits {
                    now = now.addingTimeInterval(wait)
                    _ = try await Outbox.deliverDue(now: now, transport: nobody, on: app.db, logger: Self.logger)
                }
                row = try #require(try await Outbox.all(on: app.db).first)
                #expect(row.attempts == Outbox.maximumAttempts && row.failedAt != nil && row.sentAt == nil)

                // Administrators see it; a planner may not.
                try await DatabaseTests.Accounts.makeUser(app, "admin@example.org", roles: [.administrator])
                try await DatabaseTests.Accounts.makeUser(app, "plan@example.org", roles: [.planner])
                var admin = StaffBrowser(app), planner = StaffBrowser(app)
                _ = try await admin.signIn("admin@example.org", DatabaseTests.Accounts.password)
                _ = try await planner.signIn("plan@example.org", DatabaseTests.Accounts.password)
                let page = try await admin.send(.GET, "/staff/outbox")
                #expect(page.status == .ok && page.body.string.contains("1 failed") && page.body.string.contains("a@example.org"))
                #expect(try await planner.send(.GET, "/staff/outbox").status == .forbidden)
            }
        }

        @Test func credentialsNeedTLSAndHeadersCannotBeInjected() async throws {
            let settings = SMTPSettings(
                host: "127.0.0.1", port: 9, startTLS: false, username: "u", password: "p", from: "c@example.org")
            await #expect(throws: SMTPError.self) {
                try await SMTPClient(settings: settings).send(OutgoingMail(to: "a@example.org", subject: "s", body: "b"))
            }
            let text = MailFormat.message(
                OutgoingMail(to: "a@example.org", subject: "Hi\r\nBcc: x@example.org", body: "b"), from: "c@example.org",
                date: Date())
            #expect(!text.contains("\r\nBcc:"))
            #expect(AppConfig.mailSettings(["CENTRES_MAIL": "smtp"]) == .misconfigured(["SMTP_HOST", "MAIL_FROM"]))
            #expect(AppConfig.mailSettings([:]) == .log)
        }
    }
}
