import CentresCore
import Foundation

/// Reads one CSV file whose columns are fixed by the pack format, with typed field access
/// that reports the file, line and column of any bad value.
public struct TableReader: Sendable {
    public let file: String
    public let table: CSVTable
    let index: [String: Int]

    /// `columns` must all be present; `optionalColumns` may be; any other column is refused.
    public init(file: String, table: CSVTable, columns: [String], optionalColumns: [String] = []) throws(InputError) {
        self.file = file
        self.table = table
        var index: [String: Int] = [:]
        for (i, name) in table.header.enumerated() {
            if index[name] != nil { throw InputError(file: file, line: 1, column: name, message: "the column appears twice") }
            index[name] = i
        }
        for name in table.header where !columns.contains(name) && !optionalColumns.contains(name) {
            let hint = TableReader.closest(to: name, in: columns + optionalColumns).map { " (did you mean '\($0)'?)" } ?? ""
            throw InputError(file: file, line: 1, column: name, message: "unknown column\(hint)")
        }
        for name in columns where index[name] == nil {
            throw InputError(file: file, line: 1, column: name, message: "the required column is missing")
        }
        self.index = index
    }

    public var rows: [Row] { table.rows.map { Row(reader: self, row: $0) } }

    /// The column name within two edits of `name`, if any, to suggest for a misspelling.
    static func closest(to name: String, in columns: [String]) -> String? {
        columns.map { ($0, editDistance(name, $0)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    public struct Row: Sendable {
        let reader: TableReader
        public let row: CSVRow
        public var line: Int { row.line }

        public func error(_ column: String?, _ message: String) -> InputError {
            InputError(file: reader.file, line: row.line, column: column, message: message)
        }

        /// The trimmed value, or nil when empty.
        public func optional(_ column: String) -> String? {
            guard let i = reader.index[column] else { return nil }
            let v = row.fields[i].trimmingCharacters(in: .whitespaces)
            return v.isEmpty ? nil : v
        }

        public func required(_ column: String) throws(InputError) -> String {
            guard let v = optional(column) else { throw error(column, "a value is required") }
            return v
        }

        public func int(_ column: String) throws(InputError) -> Int? {
            guard let v = optional(column) else { return nil }
            guard let n = Int(v) else { throw error(column, "expected a whole number, found '\(v)'") }
            return n
        }

        public func requiredInt(_ column: String) throws(InputError) -> Int {
            guard let n = try int(column) else { throw error(column, "a whole number is required") }
            return n
        }

        public func double(_ column: String) throws(InputError) -> Double? {
            guard let v = optional(column) else { return nil }
            guard let n = Double(v), n.isFinite else { throw error(column, "expected a number, found '\(v)'") }
            return n
        }

        public func requiredDouble(_ column: String) throws(InputError) -> Double {
            guard let n = try double(column) else { throw error(column, "a number is required") }
            return n
        }

        public func value<T: RawRepresentable & CaseIterable>(_ column: String, as: T.Type) throws(InputError) -> T?
        where T.RawValue == String {
            guard let v = optional(column) else { return nil }
            guard let e = T(rawValue: v) else {
                let allowed = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                throw error(column, "'\(v)' is not one of \(allowed)")
            }
            return e
        }

        public func required<T: RawRepresentable & CaseIterable>(_ column: String, as t: T.Type) throws(InputError) -> T
        where T.RawValue == String {
            guard let e = try value(column, as: t) else { throw error(column, "a value is required") }
            return e
        }

        public func date(_ column: String) throws(InputError) -> SimpleDate? {
            guard let v = optional(column) else { return nil }
            guard let d = SimpleDate(v) else { throw error(column, "expected a date YYYY-MM-DD, found '\(v)'") }
            return d
        }

        public func time(_ column: String) throws(InputError) -> TimeOfDay? {
            guard let v = optional(column) else { return nil }
            guard let t = TimeOfDay(v) else { throw error(column, "expected a time HH:MM, found '\(v)'") }
            return t
        }

        public func postcode(_ column: String) throws(InputError) -> Postcode? {
            guard let v = optional(column) else { return nil }
            guard let p = Postcode(v) else { throw error(column, "'\(v)' is not a valid UK postcode") }
            return p
        }

        /// A lat/lon pair from two columns: both or neither; inside `box` when given.
        public func coordinate(lat: String, lon: String, within box: BoundingBox?) throws(InputError) -> Coordinate? {
            let la = try double(lat), lo = try double(lon)
            switch (la, lo) {
            case (nil, nil): return nil
            case (nil, _): throw error(lat, "a latitude is required when a longitude is given")
            case (_, nil): throw error(lon, "a longitude is required when a latitude is given")
            case let (a?, o?):
                let c = Coordinate(lat: a, lon: o)
                guard c.isValid else { throw error(lat, "(\(a), \(o)) is not a valid latitude/longitude") }
                if let box, !box.contains(c) {
                    throw error(lat, "(\(a), \(o)) is far outside the county (outside the pack's bounding box)")
                }
                return c
            }
        }
    }
}
