import CentresTestSupport
import Foundation
import Testing

@testable import CentresCore

@Suite struct PDFDocumentTests {
    static let created = Date(timeIntervalSince1970: 1_718_000_000)

    /// Two hundred people, some with long addresses and names outside WinAnsi.
    static func register() -> PDFDocument {
        var doc = PDFDocument(title: "Keep Holt open: signatories", created: created)
        doc.heading("Signatories")
        doc.paragraph("Names as signed. Spellings outside the PDF fonts are simplified here; the CSV export is exact.")
        let rows = (1...200).map { i -> [String] in
            let name = ["Zoë Ó Briain", "Łukasz Wiśniewski", "Ann (Annie) Lee", "Person \(i)"][i % 4]
            let street = i % 7 == 0 ? "Flat \(i), The Old Maltings, 12 Long Lane\nHolt NR25 6AB" : "\(i) High Street, Holt"
            return [name, street, "NR25 \(i % 9)AB"]
        }
        doc.table(
            columns: [
                .init("Name", width: .fraction(0.35)), .init("Address", width: .fraction(0.45)),
                .init("Postcode", width: .points(80)),
            ],
            rows: rows)
        return doc
    }

    static func text(_ doc: PDFDocument) -> String { String(decoding: doc.bytes(), as: UTF8.self) }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func fileStructureIsExact() throws {
        var doc = Self.register()
        doc.pageBreak()
        doc.paragraph("The end.")
        let bytes = doc.bytes(), text = Self.text(doc)
        #expect(text.hasPrefix("%PDF-1.4\n") && text.hasSuffix("%%EOF\n"))
        #expect(bytes.allSatisfy { $0 < 0x80 }, "literal strings escape every non-ASCII code")

        let tail = try #require(text.firstMatch(of: /startxref\n(\d+)\n%%EOF\n$/))
        let xref = try #require(Int(tail.output.1))
        let table = String(decoding: bytes[xref...], as: UTF8.self)
        let header = try #require(table.firstMatch(of: /^xref\n0 (\d+)\n0000000000 65535 f \n/))
        let size = try #require(Int(header.output.1))
        let entries = table.dropFirst(header.output.0.count).split(separator: "\n").prefix(size - 1)
        #expect(entries.count == size - 1 && size == 5 + 2 * doc.pageCount + 1)
        for (i, entry) in entries.enumerated() {
            let parts = entry.split(separator: " ")
            #expect(entry.count == 19 && parts.count == 3 && parts[0].count == 10 && parts[1] == "00000" && parts[2] == "n")
            let offset = try #require(Int(parts[0]))
            #expect(String(decoding: bytes[offset..<offset + 12], as: UTF8.self).hasPrefix("\(i + 1) 0 obj\n"))
        }
        #expect(text.contains("trailer\n<< /Size \(size) /Root 1 0 R /Info 5 0 R >>"))

        var streams = 0
        for match in text.matches(of: /\/Length (\d+) >>\nstream\n/) {
            let start = text.utf8.distance(from: text.startIndex, to: match.range.upperBound)
            let length = try #require(Int(match.output.1))
            #expect(String(decoding: bytes[(start + length)...].prefix(10), as: UTF8.self) == "\nendstream")
            streams += 1
        }
        let count = try #require(text.firstMatch(of: /\/Count (\d+)/)).output.1
        #expect(Int(count) == doc.pageCount && streams == doc.pageCount)
        #expect(Self.count("/Type /Page /Parent", in: text) == doc.pageCount)
        #expect(text.contains("/CreationDate (D:20240610061320Z)") && text.contains("/Producer (Centres)"))
    }

    @Test func longTablesRunOntoPagesWithHeadersAndFooters() {
        let doc = Self.register(), text = Self.text(doc), pages = doc.pageCount
        #expect(pages >= 4)
        #expect(Self.count("(Name) Tj", in: text) == pages, "the header on every page")
        #expect(text.contains("(Page 1 of \(pages)) Tj") && text.contains("(Page \(pages) of \(pages)) Tj"))
        #expect(Self.count("(Keep Holt open: signatories) Tj", in: text) == pages)
        #expect(text.contains("(Ann \\(Annie\\) Lee) Tj") && text.contains("(Zo\\353 \\323 Briain) Tj"))
        #expect(doc.spellingSimplified)
        Self.expectBodyAboveTheMargin(text)
    }

    /// Body text sits above the bottom margin; only footers (baseline 20) go below it.
    static func expectBodyAboveTheMargin(_ text: String) {
        let baselines = text.matches(of: /\s(-?[0-9.]+) Td/)
        #expect(!baselines.isEmpty)
        for match in baselines {
            let baseline = Double(match.output.1) ?? -1
            #expect(baseline == 20 || (baseline >= 40 && baseline <= PDFDocument.top))
        }
    }

    @Test func aRowTallerThanAPageIsSplit() {
        var doc = PDFDocument(title: "Tall", created: Self.created)
        let tall = (1...150).map { "Line \($0)" }.joined(separator: "\n")
        doc.table(columns: [.init("Notes", width: .fraction(1))], rows: [["before"], [tall], ["after"]])
        let text = Self.text(doc)
        // "before" on page 1; the tall row (150 × 10.8 pt) starts a page and runs over two more.
        #expect(doc.pageCount == 4 && Self.count("(Notes) Tj", in: text) == 4)
        Self.expectBodyAboveTheMargin(text)
        #expect((1...150).allSatisfy { text.contains("(Line \($0)) Tj") } && text.contains("(after) Tj"))
    }

    @Test func oddInputsStillMakeAFile() {
        var doc = PDFDocument(title: "", created: Self.created)
        doc.table(columns: [], rows: [["ignored"]])
        doc.table(columns: [.init("Huge", width: .points(1))], rows: [["abc def"], [], [""]], size: 300)
        doc.table(columns: [.init("A", width: .fraction(0.9)), .init("B", width: .points(900))], rows: [["a", "b", "extra"]])
        doc.pageBreak()
        doc.pageBreak()
        doc.heading("")
        let text = Self.text(doc)
        #expect(doc.pageCount > 5 && text.hasSuffix("%%EOF\n"))
        #expect(
            PDFDocument.columnWidths([.init("A", width: .fraction(0.9)), .init("B", width: .points(900))]).reduce(0, +)
                <= PDFDocument.textWidth + 1e-9)
    }

    @Test func widthsAreAdobesHelvetica() {
        // Helvetica.afm: H 722, e 556, l 222, o 556; Helvetica-Bold.afm: H 722, e 556, l 278, o 611.
        #expect(abs(PDFDocument.Font.helvetica.width(of: "Hello", size: 10) - 22.78) < 1e-9)
        #expect(abs(PDFDocument.Font.helveticaBold.width(of: "Hello", size: 10) - 24.45) < 1e-9)
        #expect(abs(PDFDocument.Font.helvetica.width(of: "€ é", size: 1000) - 1390) < 1e-9)
    }

    @Test func wrappingStaysInsideTheColumn() {
        let hello = WinAnsiText("Hello Hello").codes
        #expect(PDFDocument.wrap(hello, font: .helvetica, size: 10, width: 22.78).count == 2)
        #expect(PDFDocument.wrap(hello, font: .helvetica, size: 10, width: 50.34).count == 1)
        #expect(PDFDocument.wrap(hello, font: .helvetica, size: 10, width: 22.77).map(\.count) == [4, 1, 4, 1])
        var rng = SeededGenerator(seed: 42)
        let syllables = ["an", "Wiś", "ne", "wski", "O'", "Brien", "mmm", "i", "—", "Hall", "Xylophoneworkshop"]
        for _ in 0..<300 {
            let words = (0..<Int.random(in: 1...25, using: &rng)).map { _ in
                (0..<Int.random(in: 1...4, using: &rng)).map { _ in syllables.randomElement(using: &rng)! }.joined()
            }
            let codes = WinAnsiText(words.joined(separator: Bool.random(using: &rng) ? " " : "  ")).codes
            let width = Double.random(in: 25...300, using: &rng), size = [8.0, 9, 10, 14].randomElement(using: &rng)!
            let lines = PDFDocument.wrap(codes, font: .helvetica, size: size, width: width)
            for line in lines {
                #expect(Double(PDFDocument.Font.helvetica.units(line)) * size / 1000 <= width + 1e-9)
                #expect(line.first != 0x20 && line.last != 0x20)
            }
            #expect(lines.joined().filter { $0 != 0x20 } == codes.filter { $0 != 0x20 }, "nothing lost or added")
        }
    }

    @Test func encodingKeepsWinAnsiAndSimplifiesTheRest() {
        let irish = WinAnsiText("Zoë Ó Briain")
        #expect(irish.printed == "Zoë Ó Briain" && !irish.isSimplified)
        let polish = WinAnsiText("Łukasz Wiśniewski")
        #expect(polish.printed == "Lukasz Wisniewski" && polish.isSimplified)
        #expect(WinAnsiText("Zoe\u{308}").printed == "Zoë" && !WinAnsiText("Zoe\u{308}").isSimplified)
        let typography = WinAnsiText("“Holt” – €5… ‘ok’ —")
        #expect(typography.printed == "“Holt” – €5… ‘ok’ —" && !typography.isSimplified)
        #expect(typography.codes.contains(0x93) && typography.codes.contains(0x80) && typography.codes.contains(0x85))
        let cjk = WinAnsiText("東京")
        #expect(cjk.printed == "??" && cjk.isSimplified)
        #expect(WinAnsiText("ﬁnch Đorđe Søren").printed == "finch Dorde Søren")
        #expect(WinAnsiText("soft\u{AD}hyphen\u{200B}").printed == "softhyphen")
        let controls = WinAnsiText("a\tb\u{7}c\u{80}d\u{7F}\u{85}")
        #expect(controls.printed == "a b?c?d? " && controls.codes.allSatisfy { $0 >= 0x20 && $0 != 0x7F })
        #expect(PDFDocument.literal(WinAnsiText("(a)\\b é").codes) == "(\\(a\\)\\\\b \\351)")
        #expect(PDFDocument.textString("Zoë €") == "<FEFF005A006F00EB002020AC>")
        #expect(PDFDocument.date(Date(timeIntervalSince1970: 0)) == "D:19700101000000Z")
    }

    @Test func simplificationIsReportedAndOutputIsDeterministic() {
        var exact = PDFDocument(title: "List", created: Self.created)
        exact.table(columns: [.init("Name", width: .fraction(0.5))], rows: [["Zoë Ó Briain"]])
        #expect(!exact.spellingSimplified)
        exact.paragraph("Łukasz")
        #expect(exact.spellingSimplified)
        #expect(Self.register().bytes() == Self.register().bytes())
        #expect(Self.register() == Self.register())
    }

    static let pdftotext = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test func readerRunsWhereCIRequiresIt() {
        #expect(
            ProcessInfo.processInfo.environment["CENTRES_REQUIRE_PDFTOTEXT"] != "1" || Self.pdftotext != nil,
            "CENTRES_REQUIRE_PDFTOTEXT=1 but no pdftotext")
    }

    /// A real reader (pdftotext, from Debian's poppler-utils) finds the names and the footers.
    @Test(.enabled(if: pdftotext != nil)) func aRealReaderReadsItBack() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("register-\(UUID().uuidString).pdf")
        defer { try? FileManager.default.removeItem(at: file) }
        let doc = Self.register()
        try Data(doc.bytes()).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.pdftotext!)
        process.arguments = [file.path, "-"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let warnings = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && warnings.isEmpty, "\(warnings)")
        for expected in ["Zoë Ó Briain", "Lukasz Wisniewski", "Ann (Annie) Lee", "Person 199", "Page 2 of \(doc.pageCount)"] {
            #expect(text.contains(expected), "\(expected)")
        }
    }
}
