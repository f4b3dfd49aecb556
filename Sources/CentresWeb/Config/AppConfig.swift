import Foundation

/// Every setting the app reads, each with a default, read once from the environment.
public struct AppConfig: Sendable, Equatable {
    public enum Database: Sendable, Equatable {
        case sqliteFile(String)
        case sqliteMemory
        case postgres(url: String)
    }

    public var database: Database
    /// The pack loaded into an empty database when the server starts (nil: load nothing).
    public var packDirectory: String?
    public var logLevel: String
    /// `text` (readable, the default) or `json` (one object per line, for log collectors).
    public var logFormat: LogFormat

    public enum LogFormat: String, Sendable, Equatable { case text, json }
    /// bcrypt's work factor for staff passwords: 12 (about a quarter of a second here) unless a
    /// test lowers it; `CENTRES_BCRYPT_COST` (10–16) raises it.
    public var bcryptCost: Int
    /// Marks the session and CSRF cookies `Secure` (sent over HTTPS only). On behind HTTPS in
    /// production (`CENTRES_SECURE_COOKIES=1`); off by default because `centres serve` answers on
    /// plain http://127.0.0.1, where a Secure cookie would never come back.
    public var secureCookies: Bool

    public init(
        database: Database, packDirectory: String?, logLevel: String = "info", logFormat: LogFormat = .text,
        bcryptCost: Int = 12, secureCookies: Bool = false
    ) {
        self.database = database
        self.packDirectory = packDirectory
        self.logLevel = logLevel
        self.logFormat = logFormat
        self.bcryptCost = bcryptCost
        self.secureCookies = secureCookies
    }

    /// `DATABASE_URL` set → PostgreSQL; else `CENTRES_SQLITE_PATH` (default `centres.sqlite`).
    /// `CENTRES_PACK_DIR` (default: the repository's `Data/norfolk`; `none` to load nothing).
    /// `LOG_LEVEL` (default `info`); `LOG_FORMAT` (`text` or `json`, default `text`);
    /// `CENTRES_BCRYPT_COST` (default 12); `CENTRES_SECURE_COOKIES` (`1` behind HTTPS).
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> AppConfig {
        let database: Database =
            if let url = env["DATABASE_URL"], !url.isEmpty { .postgres(url: url) } else {
                .sqliteFile(env["CENTRES_SQLITE_PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? "centres.sqlite")
            }
        let pack: String? =
            switch env["CENTRES_PACK_DIR"] {
            case "none": nil
            case let dir? where !dir.isEmpty: dir
            default: AppConfig.defaultPackDirectory
            }
        return AppConfig(
            database: database, packDirectory: pack, logLevel: env["LOG_LEVEL"] ?? "info",
            logFormat: env["LOG_FORMAT"].flatMap(LogFormat.init) ?? .text,
            bcryptCost: env["CENTRES_BCRYPT_COST"].flatMap(Int.init).map { min(16, max(10, $0)) } ?? 12,
            secureCookies: ["1", "true", "yes"].contains(env["CENTRES_SECURE_COOKIES"]?.lowercased() ?? ""))
    }

    /// The repository's root: the working directory when it holds the package, else the folder
    /// this source file was compiled from (so `swift run` works from any folder of the clone).
    public static var repositoryRoot: String {
        let cwd = FileManager.default.currentDirectoryPath
        if FileManager.default.fileExists(atPath: cwd + "/Resources/Views") { return cwd }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }

    public static var defaultPackDirectory: String { repositoryRoot + "/Data/norfolk" }
}
