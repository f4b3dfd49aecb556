import Foundation

/// A streaming RFC 4180 scanner that hands out byte ranges instead of Strings.
///
/// `CSVTable` allocates a String per field, which dominates the cost of stop_times.txt (5.3 MB, 625,000
/// fields in the HSL sample) although only a few columns are needed and most are times or numbers that can
/// be read straight from the bytes. Quoting rules match `CSVTable`: a quote may only open a field, `""`
/// inside quotes is a literal quote, and text after a closing quote is an error; CR LF and LF both end rows.
struct CSVByteScanner {
    struct Field {
        var start: Int
        var end: Int
        /// Quoted fields may contain `""`, which `string(_:)` unescapes.
        var quoted: Bool
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let file: String

    /// The field with surrounding spaces and tabs removed.
    @inline(__always)
    func trimmed(_ f: Field) -> Field {
        var f = f
        while f.start < f.end && (bytes[f.start] == 0x20 || bytes[f.start] == 0x09) { f.start += 1 }
        while f.end > f.start && (bytes[f.end - 1] == 0x20 || bytes[f.end - 1] == 0x09) { f.end -= 1 }
        return f
    }

    func string(_ f: Field) -> String {
        let f = trimmed(f)
        let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[f.start..<f.end]), as: UTF8.self)
        return f.quoted ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
    }

    /// Whether two fields hold the same bytes (used to skip repeated trip_id lookups).
    func equal(_ a: Field, _ b: Field) -> Bool {
        guard a.end - a.start == b.end - b.start else { return false }
        return memcmp(bytes.baseAddress! + a.start, bytes.baseAddress! + b.start, a.end - a.start) == 0
    }

    /// Calls `row(line, fields)` for every record, the header included (line 1). Blank lines are skipped.
    func scan(_ row: (Int, [Field]) -> Void) throws(InputError) {
        let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        var fields: [Field] = []
        fields.reserveCapacity(16)
        var i = 0, line = 1, recordLine = 1
        var start = 0
        // A UTF-8 byte order mark before the header is not part of the first column name.
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            i = 3
            start = 3
        }
        let n = bytes.count
        while i <= n {
            // Field start.
            if i < n && bytes[i] == quote {
                i += 1
                let contentStart = i
                while true {
                    guard i < n else {
                        throw InputError(file: file, line: recordLine, message: "a quoted field is never closed")
                    }
                    if bytes[i] == quote {
                        if i + 1 < n && bytes[i + 1] == quote {
                            i += 2
                            continue
                        }
                        break
                    }
                    if bytes[i] == lf { line += 1 }
                    i += 1
                }
                fields.append(Field(start: contentStart, end: i, quoted: true))
                i += 1
                if i < n && bytes[i] != comma && bytes[i] != lf && bytes[i] != cr {
                    throw InputError(file: file, line: line, message: "text follows a closing quote")
                }
            } else {
                start = i
                while i < n && bytes[i] != comma && bytes[i] != lf && bytes[i] != cr {
                    if bytes[i] == quote {
                        throw InputError(file: file, line: line, message: "a quote appears inside an unquoted field")
                    }
                    i += 1
                }
                fields.append(Field(start: start, end: i, quoted: false))
            }
            // Field end: comma, end of row, or end of data.
            if i < n && bytes[i] == comma {
                i += 1
                continue
            }
            if i < n && bytes[i] == cr && i + 1 < n && bytes[i + 1] == lf { i += 1 }
            let blank = fields.count == 1 && !fields[0].quoted && fields[0].start == fields[0].end
            if !blank { row(recordLine, fields) }
            fields.removeAll(keepingCapacity: true)
            i += 1
            line += 1
            recordLine = line
        }
    }

    /// A non-negative decimal number, or nil.
    func int(_ f: Field) -> Int? {
        let f = trimmed(f)
        guard f.start < f.end, f.end - f.start <= 18 else { return nil }
        var v = 0
        for k in f.start..<f.end {
            let d = Int(bytes[k]) - 48
            guard d >= 0 && d <= 9 else { return nil }
            v = v * 10 + d
        }
        return v
    }

    /// A GTFS time H:MM:SS / HH:MM:SS (hours may exceed 24) in seconds, or nil.
    func time(_ f: Field) -> Int? {
        let f = trimmed(f)
        let len = f.end - f.start
        guard len == 7 || len == 8 || len == 9 else { return nil }
        let e = f.end
        guard bytes[e - 3] == 0x3A, bytes[e - 6] == 0x3A,
            let h = int(Field(start: f.start, end: e - 6, quoted: false)),
            let m = int(Field(start: e - 5, end: e - 3, quoted: false)),
            let s = int(Field(start: e - 2, end: e, quoted: false)), m < 60, s < 60
        else { return nil }
        return h * 3600 + m * 60 + s
    }

    func isEmpty(_ f: Field) -> Bool {
        let f = trimmed(f)
        return f.start == f.end
    }

    /// pickup_type / drop_off_type 1 means "not available"; empty means 0.
    func isOne(_ f: Field) -> Bool {
        let f = trimmed(f)
        return f.end - f.start == 1 && bytes[f.start] == 0x31
    }
}
