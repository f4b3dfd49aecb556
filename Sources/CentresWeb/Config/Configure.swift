import CentresCore
import CentresIO
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Leaf
import Vapor

/// Sets up the database, migrations, templates, middleware and routes.
public func configure(_ app: Application, _ config: AppConfig) async throws {
    app.directory = DirectoryConfiguration(workingDirectory: AppConfig.repositoryRoot)
    switch config.database {
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory, sqlLogLevel: .debug), as: .sqlite)
    case .sqliteFile(let path):
        app.databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: .sqlite)
    case .postgres(let url):
        do {
            try app.databases.use(
                .postgres(url: url, maxConnectionsPerEventLoop: config.databaseConnectionsPerLoop, sqlLogLevel: .debug), as: .psql
            )
        } catch {
            // The driver's message repeats the URL, password and all.
            throw CentresError(
                "DATABASE_URL is not a PostgreSQL URL (postgres://user:password@host:5432/database): \(AppConfig.redacted(url))")
        }
    }
    app.migrations.add(Migrations.all)
    app.views.use(.leaf)
    app.leaf.cache.isEnabled = app.environment.isRelease
    app.middleware = Middlewares()
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ProblemMiddleware(environment: app.environment))
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory))
    app.routes.defaultMaxBodySize = "64kb"
    app.boundaryCache = BoundaryCache()
    app.postcodeIndex = PostcodeIndex()
    app.rateLimiter = RateLimiter()
    app.tallyCache = TallyCache()
    app.blocklistCache = RecentResults()
    app.petitionCache = RecentResults()
    app.fragmentCache = RecentResults()
    app.countMaxAge = config.countMaxAge
    app.integrityCheckedAt = .init(nil)
    app.passwords.use(.bcrypt(cost: config.bcryptCost))
    app.secureCookies = config.secureCookies
    app.publicURL = config.publicURL
    app.petitionRetentionDays = config.petitionRetentionDays
    app.consultationRetentionDays = config.consultationRetentionDays
    app.trustedProxies = try config.trustedProxies.map { text in
        guard let range = IPRange(text) else {
            throw CentresError("CENTRES_TRUSTED_PROXIES: '\(text)' is neither an address nor a CIDR range (docs/security.md)")
        }
        return range
    }
    app.middleware.use(StaffSessionMiddleware())
    if config.recordsParameterReads { app.middleware.use(ParameterReadsMiddleware()) }
    try routes(app)
}

/// Migrates the database and, if it holds no directory yet, loads the configured pack.
/// Restarting never duplicates data: the pack is loaded only into an empty database.
public func prepareDatabase(_ app: Application, _ config: AppConfig) async throws {
    if case .sqliteFile(let path) = config.database {
        try await SQLiteFileGuard.checkWritable(path: path, logger: app.logger)
        try await SQLiteFileGuard.boundWaits(app)
    }
    try await app.autoMigrate()
    guard let dir = config.packDirectory, try await PackStore.isEmpty(app.db) else { return }
    let pack = try PackReader.read(directory: URL(fileURLWithPath: dir))
    try await PackStore.load(pack, on: app.db, replacing: false, computedAt: Date().ISO8601Format())
    app.logger.info("Loaded data pack", metadata: ["pack": .string(pack.name), "version": .string(pack.version)])
}
