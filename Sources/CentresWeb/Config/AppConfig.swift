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
    public var mail: MailSettings
    /// The site's address as people reach it, for links in mail (`CENTRES_PUBLIC_URL`).
    public var publicURL: String
    /// Days after a petition closes before its signatories' personal data is anonymised
    /// (`CENTRES_PETITION_RETENTION_DAYS`, default 90).
    public var petitionRetentionDays: Int
    /// Days after a consultation closes before its responses' postcodes are reduced to their
    /// outward code (`CENTRES_CONSULTATION_RETENTION_DAYS`, default 90).
    public var consultationRetentionDays: Int
    /// Reverse proxies whose `X-Forwarded-For` names the client (`CENTRES_TRUSTED_PROXIES`,
    /// comma-separated addresses or CIDR ranges; none by default). Checked by `configure`.
    public var trustedProxies: [String]
    /// PostgreSQL connections per event loop (one loop per core; `CENTRES_DB_CONNECTIONS`, default
    /// 8): signing waits on commits, so a few connections per core keep the cores busy.
    public var databaseConnectionsPerLoop: Int
    /// Seconds a petition's public count and map may be reused (`CENTRES_COUNT_MAX_AGE`, default
    /// 2; 0 counts on every request). Staff pages always count afresh.
    public var countMaxAge: Double
    /// Tests only: each response names the parameters its handler read (`ParameterReadsMiddleware`).
    /// Never read from the environment.
    public var recordsParameterReads = false

    /// `log` prints messages (development); `smtp` sends them; `misconfigured` lists what is missing.
    public enum MailSettings: Sendable, Equatable {
        case log
        case smtp(SMTPSettings)
        case misconfigured([String])
    }

    public init(
        database: Database, packDirectory: String?, logLevel: String = "info", logFormat: LogFormat = .text,
        bcryptCost: Int = 12, secureCookies: Bool = false, mail: MailSettings = .log, publicURL: String = "http://127.0.0.1:8080",
        petitionRetentionDays: Int = 90, consultationRetentionDays: Int = 90, trustedProxies: [String] = [],
        databaseConnectionsPerLoop: Int = 8, countMaxAge: Double = 2
    ) {
        self.countMaxAge = countMaxAge
        self.databaseConnectionsPerLoop = databaseConnectionsPerLoop
        self.trustedProxies = trustedProxies
        self.petitionRetentionDays = petitionRetentionDays
        self.consultationRetentionDays = consultationRetentionDays
        self.mail = mail
        self.publicURL = publicURL
        self.database = database
        self.packDirectory = packDirectory
        self.logLevel = logLevel
        self.logFormat = logFormat
        self.bcryptCost = bcryptCost
        self.secureCookies = secureCookies
    }

    /// A database URL fit for a message or a log: any password between the user name and the
    /// host is replaced, even in a URL too malformed to parse.
    public static func redacted(_ url: String) -> String {
        url.replacingOccurrences(of: #"(://[^:/@\s]*:)[^@\s]*@"#, with: "$1***@", options: .regularExpression)
    }

    /// `DATABASE_URL` set → PostgreSQL; else `CENTRES_SQLITE_PATH` (default `centres.sqlite`).
    /// `CENTRES_PACK_DIR` (default: the repository's `Data/norfolk`; `none` to load nothing).
    /// `LOG_LEVEL` (default `info`); `LOG_FORMAT` (`text` or `json`, default `text`);
    /// `CENTRES_BCRYPT_COST` (default 12); `CENTRES_SECURE_COOKIES` (`1` behind HTTPS);
    /// `CENTRES_TRUSTED_PROXIES` (addresses or CIDR ranges of reverse proxies).
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
            secureCookies: ["1", "true", "yes"].contains(env["CENTRES_SECURE_COOKIES"]?.lowercased() ?? ""),
            mail: mailSettings(env),
            publicURL: env["CENTRES_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://127.0.0.1:8080",
            petitionRetentionDays: env["CENTRES_PETITION_RETENTION_DAYS"].flatMap(Int.init).map { max(0, $0) } ?? 90,
            consultationRetentionDays: env["CENTRES_CONSULTATION_RETENTION_DAYS"].flatMap(Int.init).map { max(0, $0) } ?? 90,
            trustedProxies: (env["CENTRES_TRUSTED_PROXIES"] ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            databaseConnectionsPerLoop: env["CENTRES_DB_CONNECTIONS"].flatMap(Int.init).map { min(64, max(1, $0)) } ?? 8,
            countMaxAge: env["CENTRES_COUNT_MAX_AGE"].flatMap(Double.init).map { min(60, max(0, $0)) } ?? 2)
    }

    /// `CENTRES_MAIL` (`log`, the default, or `smtp`); for `smtp`: `SMTP_HOST`, `SMTP_PORT` (587),
    /// `SMTP_STARTTLS` (on unless `0`), `SMTP_USERNAME`, `SMTP_PASSWORD`, `SMTP_CA_FILE`, `MAIL_FROM`.
    static func mailSettings(_ env: [String: String]) -> MailSettings {
        func value(_ k: String) -> String? { env[k].flatMap { $0.isEmpty ? nil : $0 } }
        switch value("CENTRES_MAIL") ?? "log" {
        case "log": return .log
        case "smtp":
            let missing = ["SMTP_HOST", "MAIL_FROM"].filter { value($0) == nil }
            let port = Int(value("SMTP_PORT") ?? "587")
            guard missing.isEmpty, let port, let host = value("SMTP_HOST"), let from = value("MAIL_FROM") else {
                return .misconfigured(missing + (port == nil ? ["SMTP_PORT (a number)"] : []))
            }
            return .smtp(
                SMTPSettings(
                    host: host, port: port, startTLS: value("SMTP_STARTTLS") != "0", username: value("SMTP_USERNAME"),
                    password: value("SMTP_PASSWORD"), from: from, caFile: value("SMTP_CA_FILE")))
        case let other: return .misconfigured(["CENTRES_MAIL ('\(other)' is neither log nor smtp)"])
        }
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
