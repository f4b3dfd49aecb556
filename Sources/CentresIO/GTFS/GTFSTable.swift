import CentresCore
import Foundation

/// One GTFS file as a CSV table with by-name column access. Unlike `TableReader`, unknown columns are
/// allowed (GTFS feeds routinely carry extensions such as HSL's stop_headsign and shape_dist_traveled).
struct GTFSTable {
    let file: String
    let table: CSVTable
    let index: [String: Int]

    /// Parses `file` from `files`; reports a missing file (if `isRequired`), a CSV syntax error, or missing
    /// required columns, and returns nil when the file cannot be used.
    static func load(
        _ file: String, from files: [String: Data], isRequired: Bool, columns: [String],
        report: inout GTFSValidationReport
    ) -> GTFSTable? {
        guard let data = files[file] else {
            if isRequired { report.error(file, "the required file is missing") }
            return nil
        }
        let table: CSVTable
        do {
            table = try CSVTable.parse(data, file: file)
        } catch {
            report.error(file, line: error.line, column: error.column, error.message)
            return nil
        }
        var index: [String: Int] = [:]
        for (i, name) in table.header.enumerated() where index[name] == nil { index[name] = i }
        var complete = true
        for name in columns where index[name] == nil {
            report.error(file, line: 1, column: name, "the required column is missing")
            complete = false
        }
        return complete ? GTFSTable(file: file, table: table, index: index) : nil
    }

    func column(_ name: String) -> Int? { index[name] }

    /// The field, trimmed, or nil when empty or the column is absent.
    @inline(__always)
    func value(_ row: CSVRow, _ column: Int?) -> String? {
        guard let column else { return nil }
        let raw = row.fields[column]
        guard let first = raw.utf8.first else { return nil }
        // Trimming allocates; most fields have no surrounding spaces, so check cheaply first.
        if first != 0x20 && raw.utf8.last != 0x20 && first != 0x09 && raw.utf8.last != 0x09 { return raw }
        let t = raw.trimmingCharacters(in: .whitespaces)
        return t.isEmpty ? nil : t
    }

    func value(_ row: CSVRow, _ name: String) -> String? { value(row, index[name]) }

    /// An integer field: nil when empty; reports and returns `invalid` when not a number.
    func int(_ row: CSVRow, _ name: String, report: inout GTFSValidationReport) -> Int?? {
        guard let v = value(row, name) else { return .some(nil) }
        guard let n = Int(v) else {
            report.error(file, line: row.line, column: name, "expected a whole number, found '\(v)'")
            return nil
        }
        return .some(n)
    }
}

enum GTFSParse {
    /// GTFS time "H:MM:SS" or "HH:MM:SS" (hours may exceed 24 for trips past midnight) in seconds.
    static func time(_ text: String) -> Int? {
        var parts: [Int] = []
        var current = 0, digits = 0
        for b in text.utf8 {
            if b >= 0x30 && b <= 0x39 {
                current = current * 10 + Int(b - 0x30)
                digits += 1
                if digits > 3 { return nil }
            } else if b == 0x3A {
                guard digits > 0 else { return nil }
                parts.append(current)
                current = 0
                digits = 0
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        parts.append(current)
        guard parts.count == 3, parts[1] < 60, parts[2] < 60 else { return nil }
        let fields = text.split(separator: ":")
        guard fields[1].count == 2, fields[2].count == 2 else { return nil }
        return parts[0] * 3600 + parts[1] * 60 + parts[2]
    }

    /// GTFS date "YYYYMMDD".
    static func date(_ text: String) -> SimpleDate? {
        let u = Array(text.utf8)
        guard u.count == 8, u.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(text) else { return nil }
        return SimpleDate(year: n / 10_000, month: n / 100 % 100, day: n % 100)
    }
}
