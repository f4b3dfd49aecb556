import ArgumentParser
import CentresWeb

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the web app; creates and migrates the database and loads the data pack into an empty one.")

    @Option(help: "Address to listen on.") var hostname = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
    }

    func run() async throws {
        try await CentresApp.serve(config: .fromEnvironment(), hostname: hostname, port: port)
    }
}
