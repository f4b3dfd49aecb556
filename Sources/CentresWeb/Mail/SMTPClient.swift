import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Where and how to hand mail over: an SMTP server, optionally upgraded to TLS with STARTTLS and
/// signed in to with AUTH PLAIN (only ever over TLS, so the password never crosses in the clear).
public struct SMTPSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var startTLS: Bool
    public var username: String?
    public var password: String?
    /// The sender address (`MAIL_FROM`).
    public var from: String
    /// A PEM file of certificates to trust instead of the system's (a council's own CA, or a test's).
    public var caFile: String?

    public init(
        host: String, port: Int, startTLS: Bool, username: String?, password: String?, from: String, caFile: String? = nil
    ) {
        (self.host, self.port, self.startTLS, self.username, self.password, self.from) = (
            host, port, startTLS, username, password, from
        )
        self.caFile = caFile
    }
}

/// One plain-text message.
struct OutgoingMail: Sendable, Equatable {
    var to: String
    var subject: String
    var body: String
    /// For notices: where RFC 8058 one-click unsubscribe posts (List-Unsubscribe headers).
    var unsubscribeURL: String? = nil
}

enum SMTPError: Error, CustomStringConvertible {
    case refused(command: String, reply: String)
    case closed(after: String)
    case badAddress(String)
    case authWithoutTLS
    case timedOut

    var description: String {
        switch self {
        case .refused(let c, let r): "the server answered \(c) with \(r)"
        case .closed(let c): "the server closed the connection after \(c)"
        case .badAddress(let a): "'\(a)' is not an address mail can be sent to"
        case .authWithoutTLS: "SMTP credentials are set but STARTTLS is off: refusing to send the password in the clear"
        case .timedOut: "the SMTP server did not answer within 30 seconds"
        }
    }
}

/// A minimal SMTP client (RFC 5321, STARTTLS RFC 3207, AUTH PLAIN RFC 4616): one connection per message.
struct SMTPClient: Sendable {
    let settings: SMTPSettings

    func send(_ mail: OutgoingMail, now: Date = Date()) async throws {
        for a in [settings.from, mail.to] where a.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "<" || $0 == ">" }) {
            throw SMTPError.badAddress(a)
        }
        if settings.username != nil && !settings.startTLS { throw SMTPError.authWithoutTLS }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.converse(mail, now: now) }
            group.addTask {
                try await Task.sleep(for: .seconds(30))
                throw SMTPError.timedOut
            }
            try await group.next()
            group.cancelAll()
        }
    }

    private func converse(_ mail: OutgoingMail, now: Date) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var replies = SMTPReplies(inbound.makeAsyncIterator())
            func expect(_ codes: Set<Int>, after command: String) async throws {
                let reply = try await replies.next(after: command)
                guard codes.contains(reply.code) else { throw SMTPError.refused(command: command, reply: reply.text) }
            }
            func say(_ line: String, expect codes: Set<Int>, shown: String? = nil) async throws {
                try await outbound.write(ByteBuffer(string: line + "\r\n"))
                try await expect(codes, after: shown ?? line)
            }
            try await expect([220], after: "connecting")
            try await say("EHLO centres.invalid", expect: [250])
            if settings.startTLS {
                try await say("STARTTLS", expect: [220])
                var configuration = TLSConfiguration.makeClientConfiguration()
                if let caFile = settings.caFile { configuration.trustRoots = .file(caFile) }
                let tls = try NIOSSLContext(configuration: configuration)
                // An IP address cannot be sent as the server's name (SNI); the certificate is then
                // checked against the address itself.
                let isAddress = (try? SocketAddress(ipAddress: settings.host, port: settings.port)) != nil
                let handler = try NIOSSLClientHandler(context: tls, serverHostname: isAddress ? nil : settings.host)
                try await channel.channel.pipeline.addHandler(handler, position: .first).get()
                try await say("EHLO centres.invalid", expect: [250])
            }
            if let user = settings.username {
                let token = Data("\0\(user)\0\(settings.password ?? "")".utf8).base64EncodedString()
                try await say("AUTH PLAIN \(token)", expect: [235], shown: "AUTH PLAIN (credentials)")
            }
            try await say("MAIL FROM:<\(settings.from)>", expect: [250])
            try await say("RCPT TO:<\(mail.to)>", expect: [250, 251])
            try await say("DATA", expect: [354])
            try await outbound.write(ByteBuffer(string: MailFormat.message(mail, from: settings.from, date: now)))
            try await say(".", expect: [250], shown: "the message")
            try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
        }
    }
}

/// Reads whole SMTP replies (one or more lines, the last with a space after the code).
struct SMTPReplies {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var pending = ""

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

    mutating func next(after command: String) async throws -> (code: Int, text: String) {
        var lines: [String] = []
        while true {
            if let r = pending.range(of: "\r\n") {
                let line = String(pending[..<r.lowerBound])
                pending = String(pending[r.upperBound...])
                lines.append(line)
                let chars = Array(line)
                if chars.count < 4 || chars[3] == " " {
                    return (Int(String(chars.prefix(3))) ?? 0, lines.joined(separator: " / "))
                }
                continue
            }
            guard var chunk = try await iterator.next() else { throw SMTPError.closed(after: command) }
            pending += chunk.readString(length: chunk.readableBytes) ?? ""
        }
    }
}
