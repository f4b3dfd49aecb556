import Foundation

/// A problem in an input file, located as precisely as the reader can.
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: String?
    public var message: String

    public init(file: String, line: Int? = nil, column: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var place = file
        if let line { place += ", line \(line)" }
        if let column { place += ", column '\(column)'" }
        return "\(place): \(message)"
    }
}

/// One data row and the line of the file where it starts.
public struct CSVRow: Equatable, Sendable {
    public var line: Int
    public var fields: [String]
}

/// A parsed CSV file: RFC 4180 quoting, a header row, UTF-8.
public struct CSVTable: Equatable, Sendable {
    public var header: [String]
    public var rows: [CSVRow]

    /// Parses `data`; errors name `file` and the line.
    /// - Complexity: O(n) in the size of the data.
    public static func parse(_ data: Data, file: String) throws(InputError) -> CSVTable {
        guard !data.isEmpty else { throw InputError(file: file, message: "the file is empty (a header row is required)") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: file, line: firstInvalidUTF8Line(data), message: "the file is not valid UTF-8")
        }
        var records = try parseRecords(Array(text.utf8), file: file)
        guard !records.isEmpty else { throw InputError(file: file, message: "the file is empty (a header row is required)") }
        var header = records.removeFirst().fields
        if let first = header.first, first.hasPrefix("\u{FEFF}") { header[0] = String(first.dropFirst()) }
        header = header.map { $0.trimmingCharacters(in: .whitespaces) }
        for row in records where row.fields.count != header.count {
            throw InputError(
                file: file, line: row.line,
                message: "the row has \(row.fields.count) fields but the header has \(header.count)")
        }
        return CSVTable(header: header, rows: records)
    }

    static func firstInvalidUTF8Line(_ data: Data) -> Int {
        var line = 1
        for chunk in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if String(data: Data(chunk), encoding: .utf8) == nil { return line }
            line += 1
        }
        return line
    }

    static func parseRecords(_ bytes: [UInt8], file: String) throws(InputError) -> [CSVRow] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var records: [CSVRow] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1
        var i = 0
        var inQuotes = false, wasQuoted = false
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == quote {
                    if i + 1 < bytes.count && bytes[i + 1] == quote {
                        field.append(quote)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if b == lf { line += 1 }
                    field.append(b)
                }
            } else if b == quote {
                guard field.isEmpty && !wasQuoted else {
                    throw InputError(file: file, line: line, message: "a quote appears inside an unquoted field")
                }
                inQuotes = true
                wasQuoted = true
            } else if b == comma {
                endField()
            } else if b == lf || b == cr {
                if b == cr && i + 1 < bytes.count && bytes[i + 1] == lf { i += 1 }
                endField()
                if !(fields.count == 1 && fields[0].isEmpty) { records.append(CSVRow(line: recordLine, fields: fields)) }
                fields.removeAll()
                line += 1
                recordLine = line
            } else {
                if wasQuoted {
                    throw InputError(file: file, line: line, message: "text follows a closing quote")
                }
                field.append(b)
            }
            i += 1
        }
        if inQuotes { throw InputError(file: file, line: recordLine, message: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || wasQuoted {
            endField()
            records.append(CSVRow(line: recordLine, fields: fields))
        }
        return records
    }
}

/// Writes RFC 4180 CSV with LF line endings, quoting only where needed.
public struct CSVWriter: Sendable {
    public private(set) var text = ""
    /// "\n", or "\r\n" for spreadsheet programs that expect it between records.
    public let lineEnding: String

    public init(header: [String], lineEnding: String = "\n") {
        self.lineEnding = lineEnding
        append(header)
    }

    public mutating func append(_ fields: [String]) {
        text += fields.map(CSVWriter.escape).joined(separator: ",")
        text += lineEnding
    }

    public static func escape(_ field: String) -> String {
        // Unicode scalars, not Characters: "\r\n" is a single Character and would slip past a Character test.
        guard field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
