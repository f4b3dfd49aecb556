import Foundation
import Logging

/// How mail leaves: a struct of one closure, so a test can put a real SMTP server or a recorder
/// behind it. `log` (development's default) prints messages instead of sending them.
public struct MailTransport: Sendable {
    var send: @Sendable (OutgoingMail) async throws -> Void

    static func smtp(_ settings: SMTPSettings) -> MailTransport {
        MailTransport { try await SMTPClient(settings: settings).send($0) }
    }

    static func log(_ logger: Logger) -> MailTransport {
        MailTransport { mail in
            logger.notice("Mail (log transport, not sent)", metadata: ["to": .string(mail.to), "subject": .string(mail.subject)])
            logger.notice("\(mail.body)")
        }
    }
}
