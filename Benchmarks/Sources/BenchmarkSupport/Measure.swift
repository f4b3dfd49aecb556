import Foundation

/// Wall-clock seconds taken by `body`, with its result. A monotonic clock, so NTP steps cannot skew it.
public func timed<T>(_ body: () throws -> T) rethrows -> (seconds: Double, value: T) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try body()
    return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, value)
}

/// The median wall-clock seconds of `runs` runs of `body` when one run takes under a second (one
/// run otherwise), with the first run's result. Short runs vary by a third from run to run on a
/// shared machine; the median of five varies by a few per cent.
public func timedMedian<T>(runs: Int = 5, _ body: () throws -> T) rethrows -> (seconds: Double, value: T, runs: Int) {
    let first = try timed(body)
    guard first.seconds < 1 else { return (first.seconds, first.value, 1) }
    var times = [first.seconds]
    for _ in 1..<max(1, runs) { times.append(try timed(body).seconds) }
    return (times.sorted()[times.count / 2], first.value, times.count)
}

/// Process CPU seconds (user + system, all threads), to turn wall time into per-core cost.
public func cpuSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
        getrusage(RUSAGE_SELF, &usage)
    #endif
    func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return s(usage.ru_utime) + s(usage.ru_stime)
}

/// Peak resident set size of this process in MiB (Linux `VmHWM`), or nil where /proc is missing.
/// The peak, not the current size, is what decides whether a run fits in a machine's memory.
public func peakRSSMiB() -> Double? { procStatusKiB("VmHWM").map { $0 / 1024 } }

/// Current resident set size in MiB (Linux `VmRSS`).
public func currentRSSMiB() -> Double? { procStatusKiB("VmRSS").map { $0 / 1024 } }

private func procStatusKiB(_ key: String) -> Double? {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
        return Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
    return nil
}

/// `value` with `digits` decimals, for tables.
public func fixed(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
