import Foundation

/// A progress bar on standard error, redrawn in place, for long matrix runs. Into a log file (not
/// a terminal) it writes a line at every tenth instead, since carriage returns pile up there.
enum ProgressBar {
    static let terminal = isatty(STDERR_FILENO) == 1

    @Sendable static func report(done: Int, total: Int) {
        // Redraw about a hundred times in all (ten in a log), not once per origin.
        let steps = terminal ? 100 : 10
        guard total > 0, done == total || done % max(1, total / steps) == 0 else { return }
        guard terminal else {
            FileHandle.standardError.write(Data("\(done)/\(total) origins\n".utf8))
            return
        }
        let width = 30
        let filled = width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) origins".utf8))
    }

    static func finish() { if terminal { FileHandle.standardError.write(Data("\n".utf8)) } }
}
