/// One problem found in a feed, located by file, line and column where possible.
public struct GTFSIssue: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    /// Where and what, in the same form as every other input problem.
    public var problem: InputError

    public init(_ severity: Severity, file: String, line: Int? = nil, column: String? = nil, message: String) {
        self.severity = severity
        problem = InputError(file: file, line: line, column: column, message: message)
    }

    public var file: String { problem.file }
    public var line: Int? { problem.line }
    public var column: String? { problem.column }
    public var message: String { problem.message }

    public var description: String { "\(severity.rawValue): \(problem)" }
}

/// Everything wrong with a feed, for `centres gtfs-check` and for tests.
public struct GTFSValidationReport: Sendable, Equatable {
    public var issues: [GTFSIssue] = []

    public init() {}

    public var errorCount: Int { issues.filter { $0.severity == .error }.count }
    public var warningCount: Int { issues.count - errorCount }
    public var hasErrors: Bool { issues.contains { $0.severity == .error } }

    public func issues(in file: String) -> [GTFSIssue] { issues.filter { $0.file == file } }

    mutating func error(_ file: String, line: Int? = nil, column: String? = nil, _ message: String) {
        issues.append(GTFSIssue(.error, file: file, line: line, column: column, message: message))
    }

    mutating func warning(_ file: String, line: Int? = nil, column: String? = nil, _ message: String) {
        issues.append(GTFSIssue(.warning, file: file, line: line, column: column, message: message))
    }

    /// Plain text, one issue per line, errors first then in file order; at most `limit` issues are listed
    /// (a broken feed can have tens of thousands) followed by a count of the rest.
    public func rendered(feedName: String, limit: Int = 200) -> String {
        var lines = ["GTFS check of \(feedName): \(errorCount) error(s), \(warningCount) warning(s)"]
        if issues.isEmpty { lines.append("No problems found.") }
        let ordered = issues.filter { $0.severity == .error } + issues.filter { $0.severity == .warning }
        for issue in ordered.prefix(limit) { lines.append(issue.description) }
        if ordered.count > limit { lines.append("… and \(ordered.count - limit) more") }
        return lines.joined(separator: "\n") + "\n"
    }
}
