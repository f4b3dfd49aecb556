import CentresCore
import CentresIO
import Fluent
import Foundation
import Logging
import TravelTime
import Vapor

/// What the `centres` command-line tool asks of the web library. The CLI never imports Vapor.
public enum CentresApp {
    /// Runs the server until interrupted (SIGINT/SIGTERM shut it down gracefully).
    public static func serve(config: AppConfig, hostname: String, port: Int) async throws {
        let app = try await makeApp(config)
        app.http.server.configuration.hostname = hostname
        app.http.server.configuration.port = port
        do {
            app.lifecycle.use(OutboxSender(transport: try .configured(config.mail, logger: app.logger)))
            try await prepareDatabase(app, config)
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// Loads the pack in `directory` into the configured database (all or nothing).
    /// Refuses a database that already holds a directory unless `replace` is set.
    public static func importPack(config: AppConfig, directory: String, replace: Bool, discardEdits: Bool = false)
        async throws -> String
    {
        let pack = try PackReader.read(directory: URL(fileURLWithPath: directory))
        return try await withApp(config) { app in
            try await app.autoMigrate()
            return try await importPack(pack, into: app.db, replace: replace, discardEdits: discardEdits)
        }
    }

    /// Loads an already-read pack: one transaction, so a failure leaves the database as it was.
    /// Replacing a directory staff have edited is refused unless `discardEdits`: a pack file
    /// carries none of their upkeep (checks, closures, retirements) or the records they added.
    public static func importPack(_ pack: DataPack, into db: any Database, replace: Bool, discardEdits: Bool = false)
        async throws -> String
    {
        if !replace, !(try await PackStore.isEmpty(db)) {
            throw CentresError("the database already holds a data pack; use --replace to replace it")
        }
        if replace, !discardEdits {
            let edits = try await AuditLog.entries(on: db).filter { DirectoryKind(rawValue: $0.recordType) != nil }
            if let latest = edits.first {
                throw CentresError(
                    "staff have made \(edits.count) change(s) to the directory (the latest at \(latest.at) by \(latest.actorEmail)); replacing the pack would lose them. Pass --discard-edits to replace it anyway (the audit log keeps the record of them)."
                )
            }
        }
        try await PackStore.load(pack, on: db, replacing: replace, computedAt: Date().ISO8601Format())
        return
            "Imported \(pack.name) \(pack.version): \(pack.areas.count) areas, \(pack.districts.count) districts, \(pack.venues.count) venues, \(pack.centres.count) centres, \(pack.postcodes.count) postcodes."
    }

    public static func exportPack(config: AppConfig, directory: String) async throws -> String {
        try await withApp(config) { app in
            try await app.autoMigrate()
            return try await exportPack(from: app.db, to: directory)
        }
    }

    public static func exportPack(from db: any Database, to directory: String) async throws -> String {
        let pack = try await PackStore.read(on: db)
        try PackWriter.write(pack, to: URL(fileURLWithPath: directory))
        return "Exported \(pack.name) \(pack.version) to \(directory)."
    }

    /// Stores the pack's area × venue matrices for `modes`: over the street network when one is
    /// given (else estimates), and public transport over `transit`'s timetable when it is a mode.
    public static func buildPackMatrices(
        config: AppConfig, modes: [TravelMode], maxMinutes: Double, streets: (input: RoadNetworkInput, file: MatrixInput)? = nil,
        transit: PackTransitInput? = nil, streetRules: WalkRules = .init(), progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> String {
        try await withApp(config) { app in
            try await app.autoMigrate()
            guard !(try await PackStore.isEmpty(app.db)) else {
                throw CentresError("the database holds no data pack; run `centres import` first")
            }
            let now = Date().ISO8601Format()
            var lines: [String] = []
            let streetModes = modes.filter { $0 != .transit }
            if !streetModes.isEmpty {
                if let streets {
                    lines.append(
                        try await MatrixStore.buildNetwork(
                            on: app.db, computedAt: now, modes: streetModes, maxMinutes: maxMinutes, streets: streets,
                            rules: streetRules))
                } else {
                    lines.append(
                        try await MatrixStore.buildEstimates(
                            on: app.db, computedAt: now, modes: streetModes, maxMinutes: maxMinutes))
                }
            }
            if modes.contains(.transit) {
                guard let transit else {
                    throw CentresError("public transport needs a GTFS timetable; it is never estimated from distance")
                }
                var t = transit
                t.options.maxMinutes = maxMinutes
                if let streets { t.inputs.append(streets.file) }
                lines.append(
                    try await MatrixStore.buildTransit(
                        on: app.db, computedAt: now, transit: t, walk: streets.map { StreetGraph($0.input, mode: .walk) },
                        progress: progress))
            }
            return lines.joined(separator: "\n")
        }
    }

    public static func readPack(from db: any Database) async throws -> DataPack { try await PackStore.read(on: db) }

    public static func migrate(config: AppConfig, revert: Bool) async throws -> String {
        try await withApp(config) { app in
            if revert {
                try await app.autoRevert()
                return "Reverted every migration."
            }
            try await app.autoMigrate()
            return "The database is up to date."
        }
    }

    static func makeApp(_ config: AppConfig) async throws -> Application {
        var env = Environment(name: ProcessInfo.processInfo.environment["CENTRES_ENV"] ?? "development", arguments: ["centres"])
        switch config.logFormat {
        case .text: try LoggingSystem.bootstrap(from: &env)
        case .json:
            let level = Logger.Level(rawValue: config.logLevel) ?? .info
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
        let app = try await Application.make(env)
        app.logger.logLevel = Logger.Level(rawValue: config.logLevel) ?? .info
        try await configure(app, config)
        return app
    }

    static func withApp<T>(_ config: AppConfig, _ body: (Application) async throws -> T) async throws -> T {
        let app = try await makeApp(config)
        do {
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

public struct CentresError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
