import Dispatch
import Foundation

/// Computes `count` independent rows on all cores, each row written once by one worker, so the
/// result does not depend on scheduling. `progress` is called with the number of rows done.
enum ParallelRows {
    static func compute<Row: Sendable>(
        count: Int, progress: (@Sendable (Int) -> Void)? = nil, row: @Sendable (Int) -> Row
    ) -> [Row] {
        let slots = UnsafeMutableBufferPointer<Row?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deallocate() }
        let counter = Counter()
        let base = UncheckedPointer(slots)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            base.pointer[i] = row(i)
            let done = counter.increment()
            progress?(done)
        }
        return slots.map { $0! }
    }

    /// The buffer is shared, but every index is written by exactly one iteration.
    struct UncheckedPointer<T>: @unchecked Sendable {
        let pointer: UnsafeMutableBufferPointer<T>
        init(_ p: UnsafeMutableBufferPointer<T>) { pointer = p }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0

        func increment() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}
