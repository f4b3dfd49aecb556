import Foundation

/// A progress bar on standard error, redrawn in place, for long matrix runs.
enum ProgressBar {
    @Sendable static func report(done: Int, total: Int) {
        // Redraw about a hundred times in all, not once per origin.
        guard total > 0, done == total || done % max(1, total / 100) == 0 else { return }
        let width = 30
        let filled = width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) origins".utf8))
    }

    static func finish() { FileHandle.standardError.write(Data("\n".utf8)) }
}
