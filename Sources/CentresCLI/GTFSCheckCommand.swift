import ArgumentParser
import CentresCore
import CentresIO
import Foundation

extension SimpleDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

struct GTFSCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gtfs-check",
        abstract: "Check a GTFS zip and list its problems with file and line (exit 1 if it has errors).")

    @Argument(help: "The GTFS feed (.zip).") var feed: String
    @Option(help: "Also check that service runs on this date (YYYY-MM-DD).") var date: SimpleDate?

    func run() async throws {
        let loaded = try GTFSFeed.load(zipAt: feed)
        let report = loaded.validationReport(on: date)
        print(report.rendered(feedName: URL(fileURLWithPath: feed).lastPathComponent), terminator: "")
        if let date {
            print("Trips running on \(date): \(loaded.tripInstanceCount(on: date))")
        }
        if report.hasErrors { throw ExitCode(1) }
    }
}
