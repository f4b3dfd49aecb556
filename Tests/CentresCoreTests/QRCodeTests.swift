import Foundation
import Testing

@testable import CentresCore

@Suite struct QRCodeTests {
    static func level(_ s: String) -> QRCode.ErrorCorrection {
        ["l": .low, "m": .medium, "q": .quartile, "h": .high][s]!
    }

    /// Module for module against segno, over all four levels, all eight masks and versions 1 to 19
    /// (version information from 7, several interleaved blocks of two lengths).
    @Test(arguments: qrFixtures.indices) func matchesAnIndependentEncoder(index: Int) throws {
        let f = qrFixtures[index]
        let q = try QRCode.encode(f.text, errorCorrection: Self.level(f.level), mask: f.mask)
        #expect(q.version == f.version && q.size == f.rows.count)
        let rows = (0..<q.size).map { y in String((0..<q.size).map { q.isDark(x: $0, y: y) ? "1" : "0" }) }
        for (y, row) in rows.enumerated() where row != f.rows[y] {
            Issue.record("case \(index) (version \(f.version), mask \(f.mask)): row \(y) differs")
            break
        }
    }

    @Test func choosesAMaskAndRefusesTooMuchText() throws {
        let q = try QRCode.encode("https://centres.example/petitions/keep-holt-open")
        #expect((0..<8).contains(q.mask) && q.version == 4)
        #expect(throws: QRCode.EncodeError.tooLong) { try QRCode.encode(String(repeating: "x", count: 3_000)) }
        let svg = q.svg(title: "Scan <me> & sign")
        #expect(svg.hasPrefix("<svg") && svg.contains("<title>Scan &lt;me&gt; &amp; sign</title>"))
    }

    static let zbarimg = ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test func decoderRunsWhereCIRequiresIt() {
        #expect(
            ProcessInfo.processInfo.environment["CENTRES_REQUIRE_ZBAR"] != "1" || Self.zbarimg != nil,
            "CENTRES_REQUIRE_ZBAR=1 but no zbarimg")
    }

    /// A real decoder (zbarimg, from Debian's zbar-tools) reads back every level and a spread of
    /// lengths, with the mask the encoder chose.
    @Test(.enabled(if: zbarimg != nil), arguments: QRCode.ErrorCorrection.allCases)
    func aRealDecoderReadsItBack(level: QRCode.ErrorCorrection) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for length in [1, 20, 47, 90, 150, 260] {
            let text = "https://centres.example/petitions/" + String(repeating: "k", count: length)
            let q = try QRCode.encode(text, errorCorrection: level)
            let scale = 4, width = (q.size + 8) * scale
            var pbm = "P1\n\(width) \(width)\n"
            for y in 0..<width {
                let row = (0..<width).map { x -> String in
                    let (mx, my) = (x / scale - 4, y / scale - 4)
                    return (0..<q.size).contains(mx) && (0..<q.size).contains(my) && q.isDark(x: mx, y: my) ? "1" : "0"
                }
                pbm += row.joined(separator: " ") + "\n"
            }
            let file = dir.appendingPathComponent("code.pbm")
            try pbm.write(to: file, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.zbarimg!)
            process.arguments = ["--raw", "-q", file.path]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            let decoded = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(
                decoded.trimmingCharacters(in: .newlines) == text,
                "level \(level), \(text.count) characters, version \(q.version), mask \(q.mask)")
        }
    }
}
