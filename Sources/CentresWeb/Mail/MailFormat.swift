import Foundation

/// The text of a message as SMTP's DATA carries it: headers, then the body in base64 (any
/// character survives any server, and no line can start with the "." that ends DATA).
enum MailFormat {
    static func message(_ mail: OutgoingMail, from: String, date: Date) -> String {
        let body = Data(mail.body.utf8).base64EncodedString(options: [
            .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
        ])
        var headers = [
            "From: Centres <\(from)>",
            "To: <\(mail.to)>",
            "Subject: \(encodedWord(mail.subject))",
            "Date: \(rfc5322(date))",
            "Message-ID: <\(UUID().uuidString.lowercased())@\(from.split(separator: "@").last ?? "centres.invalid")>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "Auto-Submitted: auto-generated",
        ]
        // An https address on its own line: mail programs offer one-click unsubscribe (RFC 8058).
        let unsubscribe = mail.unsubscribeURL.map { url in
            ["List-Unsubscribe: <\(encodedWord(url))>", "List-Unsubscribe-Post: List-Unsubscribe=One-Click"]
        }
        headers += unsubscribe ?? []
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n"
    }

    /// A header value: as it is when plain ASCII, else RFC 2047 base64; line breaks never pass.
    static func encodedWord(_ s: String) -> String {
        let flat = s.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if flat.allSatisfy({ $0.isASCII }) { return flat }
        return "=?UTF-8?B?\(Data(flat.utf8).base64EncodedString())?="
    }

    static func rfc5322(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return f.string(from: date)
    }
}
