import Foundation

/// A printable A4 document of headings, paragraphs and tables (lists of names and addresses),
/// written as PDF 1.4 with no dependencies, so the server needs no PDF library.
///
/// Text is drawn in the standard-14 fonts Helvetica and Helvetica-Bold, which every viewer has, so
/// nothing is embedded. The price is the character set: those fonts reach only WinAnsiEncoding, so
/// other letters are simplified (``WinAnsiText``) and callers can say so. Lines are wrapped with
/// Adobe's widths for the two fonts (``HelveticaMetrics``), the ones viewers draw with.
///
/// The methods lay out as they go; ``bytes()`` adds the "Page N of M" footers, which need the final
/// page count. The creation date is passed in, so the same calls always give the same bytes.
///
/// References (ISO 32000-1:2008, which keeps PDF Reference 1.4's structures): §7.3.4.2 literal
/// strings and their escapes, §7.3.8 streams, §7.5 file structure (header, body, the
/// cross-reference table of §7.5.4, trailer of §7.5.5), §7.7.2–7.7.3 catalog and page tree, §7.8
/// content streams, §8.5 path painting, §9.3–9.4 text state and objects, §9.6.2.2 the standard 14
/// fonts, §7.9.2.2 text strings (UTF-16BE), §7.9.4 dates, §14.3.3 the information dictionary,
/// Annex D.2 WinAnsiEncoding.
public struct PDFDocument: Sendable, Equatable {
    /// The two fonts a document uses.
    public enum Font: Sendable {
        case helvetica, helveticaBold

        var resource: String { self == .helvetica ? "F1" : "F2" }

        /// The advance width of WinAnsi `codes` in thousandths of the font size (no kerning: viewers
        /// do not kern a `Tj` either).
        func units(_ codes: some Sequence<UInt8>) -> Int { codes.reduce(0) { $0 + units($1) } }

        func units(_ code: UInt8) -> Int { code < 32 ? 0 : Int(widths[Int(code) - HelveticaMetrics.first]) }

        private var widths: [UInt16] { self == .helvetica ? HelveticaMetrics.regular : HelveticaMetrics.bold }

        /// How wide `text` prints at `size` points, after WinAnsi simplification.
        /// - Complexity: O(*n*) in the length of `text`.
        public func width(of text: String, size: Double) -> Double {
            Double(units(WinAnsiText(text).codes)) * size / 1000
        }
    }

    /// How wide a table column is.
    public enum Width: Sendable, Equatable {
        /// A fixed width in points.
        case points(Double)
        /// A fraction of the text width (515 pt on A4 with the margins).
        case fraction(Double)
    }

    /// A table column: a title for its bold header and a width.
    public struct Column: Sendable, Equatable {
        public var title: String
        public var width: Width

        public init(_ title: String, width: Width) { (self.title, self.width) = (title, width) }
    }

    public static let pageWidth = 595.28, pageHeight = 841.89, margin = 40.0
    static let top = pageHeight - margin, bottom = margin, textWidth = pageWidth - 2 * margin
    static let footerSize = 8.0, cellPadding = 3.0, rowPadding = 2.0

    public let title: String
    public let created: Date
    /// Whether any text so far (the title included) lost its exact spelling to WinAnsi, so a caller
    /// can say, for instance, that the CSV export has the exact names.
    public private(set) var spellingSimplified: Bool
    /// Content streams without their footers, one a page.
    private var pages: [String] = [""]
    /// The top of the free space on the last page.
    private var y = PDFDocument.top

    /// - Complexity: O(*n*) in the length of `title`.
    public init(title: String, created: Date) {
        self.title = title
        self.created = created
        spellingSimplified = WinAnsiText(title).isSimplified
    }

    /// The number of pages laid out so far.
    public var pageCount: Int { pages.count }

    /// A bold heading, moved to the next page with the lines after it rather than left at the foot.
    /// - Complexity: O(*n*) in the length of `text`.
    public mutating func heading(_ text: String, size: Double = 14) {
        if y != Self.top { y -= size * 0.6 }
        let lines = wrapped(text, .helveticaBold, size, Self.textWidth)
        if y - Double(lines.count + 2) * size * 1.2 < Self.bottom && y != Self.top { newPage() }
        write(lines, .helveticaBold, size)
        y -= size * 0.3
    }

    /// A paragraph in Helvetica, wrapped at spaces and continued on new pages as needed; a newline
    /// in `text` starts a new line.
    /// - Complexity: O(*n*) in the length of `text`.
    public mutating func paragraph(_ text: String, size: Double = 10) {
        write(wrapped(text, .helvetica, size, Self.textWidth), .helvetica, size)
        y -= size * 0.5
    }

    /// Starts a new page, unless the current one is still empty.
    /// - Complexity: O(1).
    public mutating func pageBreak() {
        if !pages[pages.count - 1].isEmpty { newPage() }
    }

    /// A table with a bold header row, repeated on every page it runs onto. Cells wrap within their
    /// columns (a newline starts a new line), rows are as tall as their tallest cell, with thin rules
    /// between. A row that does not fit goes to the next page; one taller than a page is split
    /// line by line. Missing cells are blank, extra ones ignored; widths over the text width shrink.
    /// - Complexity: O(*n*) in the total length of the cells.
    public mutating func table(columns: [Column], rows: [[String]], size: Double = 9) {
        guard !columns.isEmpty else { return }
        let widths = Self.columnWidths(columns)
        let header = cells(columns.map(\.title), widths, .helveticaBold, size)
        let headerHeight = height(header, size)
        // A header alone at the foot of a page helps nobody: it starts a page with its first row.
        let firstHeight = rows.first.map { height(cells($0, widths, .helvetica, size), size) } ?? 0
        if y - headerHeight - min(firstHeight, Self.top - Self.bottom - headerHeight) < Self.bottom && y != Self.top {
            newPage()
        }
        drawHeader(header, widths, size)
        var rowsOnPage = 0
        for row in rows {
            var rest = cells(row, widths, .helvetica, size)
            while y - height(rest, size) < Self.bottom, rest.contains(where: { !$0.isEmpty }) {
                if rowsOnPage > 0 {
                    newPage()
                    drawHeader(header, widths, size)
                    rowsOnPage = 0
                    continue
                }
                // Taller than a page even under a fresh header: what fits here, the rest overleaf.
                let fit = max(1, Int((y - Self.bottom - 2 * Self.rowPadding) / (size * 1.2)))
                drawRow(rest.map { Array($0.prefix(fit)) }, widths, .helvetica, size)
                rest = rest.map { Array($0.dropFirst(fit)) }
                newPage()
                drawHeader(header, widths, size)
            }
            drawRow(rest, widths, .helvetica, size)
            rule(widths, width: 0.4, gray: 0.7)
            rowsOnPage += 1
        }
        y -= 8
    }

    // MARK: Layout

    private mutating func newPage() {
        pages.append("")
        y = Self.top
    }

    /// Wraps `text` at `width` points, noting any simplification.
    private mutating func wrapped(_ text: String, _ font: Font, _ size: Double, _ width: Double) -> [[UInt8]] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).flatMap { part in
            let encoded = WinAnsiText(String(part))
            spellingSimplified = spellingSimplified || encoded.isSimplified
            return Self.wrap(encoded.codes, font: font, size: size, width: width)
        }
    }

    private mutating func write(_ lines: [[UInt8]], _ font: Font, _ size: Double) {
        for line in lines {
            if y - size * 1.2 < Self.bottom && y != Self.top { newPage() }
            text(line, font, size, x: Self.margin, baseline: y - size * 0.9)
            y -= size * 1.2
        }
    }

    private mutating func cells(_ row: [String], _ widths: [Double], _ font: Font, _ size: Double) -> [[[UInt8]]] {
        widths.indices.map { i in wrapped(i < row.count ? row[i] : "", font, size, widths[i] - 2 * Self.cellPadding) }
    }

    private func height(_ cells: [[[UInt8]]], _ size: Double) -> Double {
        Double(cells.map(\.count).max() ?? 0) * size * 1.2 + 2 * Self.rowPadding
    }

    private mutating func drawHeader(_ header: [[[UInt8]]], _ widths: [Double], _ size: Double) {
        rule(widths, width: 0.8, gray: 0)
        drawRow(header, widths, .helveticaBold, size)
        rule(widths, width: 0.8, gray: 0)
    }

    private mutating func drawRow(_ cells: [[[UInt8]]], _ widths: [Double], _ font: Font, _ size: Double) {
        var x = Self.margin
        for (lines, width) in zip(cells, widths) {
            for (i, line) in lines.enumerated() {
                let baseline = y - Self.rowPadding - Double(i) * size * 1.2 - size * 0.9
                text(line, font, size, x: x + Self.cellPadding, baseline: baseline)
            }
            x += width
        }
        y -= height(cells, size)
    }

    private mutating func text(_ codes: [UInt8], _ font: Font, _ size: Double, x: Double, baseline: Double) {
        guard !codes.isEmpty else { return }
        pages[pages.count - 1] += Self.textOperators(codes, font, size, x: x, baseline: baseline)
    }

    /// A horizontal rule under a table's columns at the cursor.
    private mutating func rule(_ columns: [Double], width: Double, gray: Double) {
        let (x0, x1, at) = (Self.number(Self.margin), Self.number(Self.margin + columns.reduce(0, +)), Self.number(y))
        pages[pages.count - 1] += "\(Self.number(width)) w \(Self.number(gray)) G \(x0) \(at) m \(x1) \(at) l S\n"
    }

    static func textOperators(_ codes: [UInt8], _ font: Font, _ size: Double, x: Double, baseline: Double) -> String {
        "BT /\(font.resource) \(number(size)) Tf \(number(x)) \(number(baseline)) Td \(literal(codes)) Tj ET\n"
    }

    static func columnWidths(_ columns: [Column]) -> [Double] {
        let widths = columns.map { column in
            switch column.width {
            case .points(let p): max(0, p)
            case .fraction(let f): max(0, f) * textWidth
            }
        }
        let total = widths.reduce(0, +)
        return total > textWidth ? widths.map { $0 * textWidth / total } : widths
    }

    /// Greedy line breaking at spaces (runs of spaces collapse); a word wider than `width` is
    /// broken between characters. No line is wider than `width` unless one character is.
    /// - Complexity: O(*n*) in the number of codes.
    static func wrap(_ codes: [UInt8], font: Font, size: Double, width: Double) -> [[UInt8]] {
        precondition(size > 0 && width < 1e9, "a font size above zero and a finite width")
        // The tolerance keeps a text of exactly `width` (22.78 pt for "Hello" at 10) on one line.
        let limit = Int((width * 1000 / size + 1e-6).rounded(.down))
        let space = font.units(0x20)
        var lines: [[UInt8]] = [], line: [UInt8] = [], lineUnits = 0
        for var word in codes.split(separator: 0x20) {
            var units = font.units(word)
            if !line.isEmpty && lineUnits + space + units <= limit {
                line += [0x20] + word
                lineUnits += space + units
                continue
            }
            if !line.isEmpty { lines.append(line) }
            while units > limit && word.count > 1 {
                var end = word.startIndex + 1, used = font.units(word[word.startIndex])
                while end < word.endIndex && used + font.units(word[end]) <= limit {
                    used += font.units(word[end])
                    end += 1
                }
                lines.append(Array(word[..<end]))
                word = word[end...]
                units -= used
            }
            (line, lineUnits) = (Array(word), units)
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    // MARK: Writing

    /// The PDF file. Objects: 1 catalog, 2 page tree, 3–4 fonts, 5 information, then each page
    /// and its content stream.
    /// - Complexity: O(*n*) in the size of the file.
    public func bytes() -> [UInt8] {
        var out = Array("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        func object(_ body: String) {
            offsets.append(out.count)
            out += Array("\(offsets.count) 0 obj\n\(body)\nendobj\n".utf8)
        }
        let pageNumbers = pages.indices.map { 6 + 2 * $0 }
        object("<< /Type /Catalog /Pages 2 0 R >>")
        object("<< /Type /Pages /Kids [\(pageNumbers.map { "\($0) 0 R" }.joined(separator: " "))] /Count \(pages.count) >>")
        for name in ["Helvetica", "Helvetica-Bold"] {
            object("<< /Type /Font /Subtype /Type1 /BaseFont /\(name) /Encoding /WinAnsiEncoding >>")
        }
        object("<< /Title \(Self.textString(title)) /Producer (Centres) /CreationDate (\(Self.date(created))) >>")
        for (i, content) in pages.enumerated() {
            object(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(Self.number(Self.pageWidth)) \(Self.number(Self.pageHeight))]"
                    + " /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents \(pageNumbers[i] + 1) 0 R >>")
            let stream = content + footer(page: i + 1)
            object("<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream")
        }
        let xref = out.count
        var table = "xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { table += Self.padded(String(offset), 10) + " 00000 n \n" }
        table += "trailer\n<< /Size \(offsets.count + 1) /Root 1 0 R /Info 5 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return out + Array(table.utf8)
    }

    /// The title at the left (shortened with "…" to leave room) and "Page N of M" at the right.
    private func footer(page: Int) -> String {
        let size = Self.footerSize, baseline = Self.margin / 2
        let label = WinAnsiText("Page \(page) of \(pages.count)").codes
        let labelWidth = Double(Font.helvetica.units(label)) * size / 1000
        var name = WinAnsiText(title).codes
        let room = Int((Self.textWidth - labelWidth - 24) * 1000 / size)
        if Font.helvetica.units(name) > room {
            while !name.isEmpty && Font.helvetica.units(name + [0x85]) > room { name.removeLast() }
            name.append(0x85)
        }
        return Self.textOperators(name, .helvetica, size, x: Self.margin, baseline: baseline)
            + Self.textOperators(label, .helvetica, size, x: Self.pageWidth - Self.margin - labelWidth, baseline: baseline)
    }

    static func number(_ value: Double) -> String { NumberText.fixed(value, 2) }

    /// A literal string of WinAnsi codes, kept to printable ASCII so the whole file is ASCII.
    static func literal(_ codes: [UInt8]) -> String {
        var out = "("
        for code in codes {
            switch code {
            case 0x28, 0x29, 0x5C: out += "\\" + String(UnicodeScalar(code))
            case 0x20..<0x7F: out.append(Character(UnicodeScalar(code)))
            default: out += "\\" + padded(String(code, radix: 8), 3)
            }
        }
        return out + ")"
    }

    /// A text string for the information dictionary: exact, in UTF-16BE with a byte-order mark.
    static func textString(_ text: String) -> String {
        "<FEFF" + text.utf16.map { padded(String($0, radix: 16, uppercase: true), 4) }.joined() + ">"
    }

    /// `D:YYYYMMDDHHmmSSZ`, in UTC so the bytes do not depend on the machine's time zone.
    static func date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let parts = [(c.year, 4), (c.month, 2), (c.day, 2), (c.hour, 2), (c.minute, 2), (c.second, 2)]
        return "D:" + parts.map { padded(String($0 ?? 0), $1) }.joined() + "Z"
    }

    static func padded(_ digits: String, _ width: Int) -> String {
        String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// Text in WinAnsiEncoding, the character set of the standard-14 fonts: Latin-1 and a few
/// typographic extras (€ ‘ ’ “ ” – — …). Characters outside it lose their accents (canonical
/// decomposition, marks dropped: "ś" → "s"), or take a look-alike from a short list of letters
/// that do not decompose ("ł" → "l") or from their compatibility form ("ﬁ" → "fi"), or else
/// become "?". Whitespace becomes a space and invisible format characters (soft hyphen, zero-width
/// space) are dropped, neither counting as a change; no control character gets through.
public struct WinAnsiText: Sendable, Equatable {
    /// The codes to draw: 0x20–0x7E, 0xA0–0xFF and the defined codes in 0x80–0x9F.
    public let codes: [UInt8]
    /// Whether some character was printed differently from the original.
    public let isSimplified: Bool

    /// - Complexity: O(*n*) in the length of `text`.
    public init(_ text: String) {
        var codes: [UInt8] = [], simplified = false
        for character in text {
            let (more, exact) = Self.encode(character)
            codes += more
            simplified = simplified || !exact
        }
        self.codes = codes
        isSimplified = simplified
    }

    /// What the document shows, as a string.
    public var printed: String {
        String(String.UnicodeScalarView(codes.compactMap { Self.scalar($0) }))
    }

    static func encode(_ character: Character) -> (codes: [UInt8], exact: Bool) {
        // Most text is ASCII: no Foundation normalisation for it.
        if let ascii = character.asciiValue, (0x20..<0x7F).contains(ascii) { return ([ascii], true) }
        let visible = character.unicodeScalars.filter { $0.properties.generalCategory != .format }
        if visible.isEmpty { return ([], true) }
        let composed = String(String.UnicodeScalarView(visible)).precomposedStringWithCanonicalMapping
        if let codes = codes(composed.unicodeScalars) { return (codes, true) }
        if character.isWhitespace { return ([0x20], true) }
        for form in [composed.decomposedStringWithCanonicalMapping, composed.decomposedStringWithCompatibilityMapping] {
            let bare = form.unicodeScalars.filter { !isMark($0) }.map { lookAlikes[$0] ?? $0 }
            if !bare.isEmpty, let codes = codes(bare) { return (codes, false) }
        }
        return ([0x3F], false)
    }

    /// The codes for `scalars` if WinAnsi has every one.
    static func codes(_ scalars: some Sequence<Unicode.Scalar>) -> [UInt8]? {
        let codes = scalars.map {
            (0x20..<0x7F).contains($0.value) || (0xA0...0xFF).contains($0.value) ? UInt8($0.value) : high[$0.value]
        }
        return codes.contains(nil) ? nil : codes.map { $0! }
    }

    static func scalar(_ code: UInt8) -> Unicode.Scalar? {
        (0x80..<0xA0).contains(code) ? Unicode.Scalar(HelveticaMetrics.high[Int(code) - 0x80]) : Unicode.Scalar(code)
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        [.nonspacingMark, .spacingMark, .enclosingMark].contains(scalar.properties.generalCategory)
    }

    static let high = Dictionary(
        uniqueKeysWithValues: HelveticaMetrics.high.enumerated().map { ($1, UInt8(0x80 + $0)) }.filter { $0.0 != 0 })

    /// Letters with a stroke or without a dot, which have no decomposition, and dashes and quotes
    /// that have no WinAnsi code of their own.
    static let lookAlikes: [Unicode.Scalar: Unicode.Scalar] = [
        "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T",
        "ə": "e", "Ə": "E", "\u{2010}": "-", "\u{2011}": "-", "\u{2012}": "-", "\u{2212}": "-",
        "\u{02BC}": "\u{2019}", "\u{02BB}": "\u{2018}",
    ]
}
