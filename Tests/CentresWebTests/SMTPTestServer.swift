import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real SMTP server on loopback for the mail tests: Python's aiosmtpd (PyPI), writing each
/// message it receives to a Maildir. With `tls`, it offers STARTTLS with a certificate made for
/// 127.0.0.1 by openssl, which the client is told to trust.
final class SMTPTestServer {
    let port: Int
    let maildir: URL
    let certificate: URL?
    private let process: Process
    private let directory: URL

    /// aiosmtpd importable by python3. CI installs it (`.ci/run`) and sets CENTRES_REQUIRE_SMTP=1,
    /// so there the mail tests cannot be skipped.
    static var available: Bool { python != nil }

    /// The interpreter's own path (not a wrapper such as pyenv's shim, which would outlive a kill
    /// and leave the server running), when it can import aiosmtpd.
    static let python: String? = {
        let p = Process(), out = Pipe()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import sys, aiosmtpd; print(sys.executable)"]
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let path = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        p.waitUntilExit()
        return p.terminationStatus == 0 && !path.isEmpty ? path : nil
    }()

    static var required: Bool { ProcessInfo.processInfo.environment["CENTRES_REQUIRE_SMTP"] == "1" }

    init(tls: Bool = false) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-\(UUID().uuidString)")
        maildir = directory.appendingPathComponent("Maildir")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = 20_000 + Int.random(in: 0..<9_000)
        var arguments = ["-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Mailbox"]
        if tls {
            let cert = directory.appendingPathComponent("cert.pem"), key = directory.appendingPathComponent("key.pem")
            try Self.run([
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key.path, "-out", cert.path,
            ])
            arguments += ["--tlscert", cert.path, "--tlskey", key.path]
            certificate = cert
        } else {
            certificate = nil
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python ?? "/usr/bin/python3")
        process.arguments = arguments + [maildir.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try waitUntilListening()
    }

    deinit {
        // aiosmtpd's event loop ignores SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    static func run(_ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
    }

    private func waitUntilListening() throws {
        for _ in 0..<100 {
            let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(s) }
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            let ok = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if ok == 0 { return }
            usleep(100_000)
        }
        throw CocoaError(.fileReadNoSuchFile)
    }

    /// The messages received so far, as text, oldest first.
    func messages() throws -> [String] {
        let new = maildir.appendingPathComponent("new")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: new.path) else { return [] }
        return try names.sorted().map { try String(contentsOf: new.appendingPathComponent($0), encoding: .utf8) }
    }
}
