import CentresCore
import CentresIO
import CentresTestSupport
import Foundation
import NIOCore
import Testing
import VaporTesting

@testable import CentresWeb

/// A staff member's browser: the CSRF cookie and token from `FormSession` plus the session cookie.
struct StaffBrowser {
    var form: FormSession
    var session = ""

    init(_ app: Application) { form = FormSession(app: app) }

    var cookies: String { [form.cookie, session].filter { !$0.isEmpty }.joined(separator: "; ") }

    /// Signs in; returns the response to the form's POST.
    mutating func signIn(_ email: String, _ password: String, next: String? = nil) async throws -> TestingHTTPResponse {
        _ = try await form.open("/sign-in")
        let res = try await form.post(
            "/sign-in", [("email", email), ("password", password)] + (next.map { [("next", $0)] } ?? []))
        if let set = res.headers.setCookie?[StaffSessionMiddleware.cookie], !set.string.isEmpty {
            session = "\(StaffSessionMiddleware.cookie)=\(set.string)"
        }
        return res
    }

    /// Loads a staff page with both cookies, keeping the page's CSRF token.
    mutating func open(_ path: String) async throws -> TestingHTTPResponse {
        let res = try await send(.GET, path)
        if let set = res.headers.setCookie?[CSRF.cookie] { form.cookie = "\(CSRF.cookie)=\(set.string)" }
        let body = res.body.string
        if let r = body.range(of: "name=\"csrf\" value=\"") { form.token = String(body[r.upperBound...].prefix { $0 != "\"" }) }
        return res
    }

    /// Posts a form with the current CSRF token and both cookies.
    func post(_ path: String, _ fields: [(String, String)]) async throws -> TestingHTTPResponse {
        let body = ([("csrf", form.token)] + fields).map {
            "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
        }.joined(separator: "&")
        return try await send(.POST, path, body: body)
    }

    func send(_ method: HTTPMethod, _ path: String, body: String = "") async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
        if !cookies.isEmpty { headers.add(name: "Cookie", value: cookies) }
        return try await form.app.testing().sendRequest(method, path, headers: headers, body: ByteBuffer(string: body))
    }
}

extension DatabaseTests {
    @Suite struct Accounts {
        static let password = "a long enough passphrase"

        static func makeUser(_ app: Application, _ email: String, roles: [Role]) async throws {
            let hash = try await app.password.async.hash(password).get()
            _ = try await AccountStore.create(
                email: email, name: "Test \(email)", passwordHash: hash, roles: roles, organisationID: nil, now: Date(),
                on: app.db)
        }

        @Test(arguments: Engine.all) func signInSignOutAndBackoff(engine: Engine) async throws {
            try await withApp(engine) { app in
                try await Self.makeUser(app, "ann@example.org", roles: [.planner])
                var b = StaffBrowser(app)
                let hostile = try await b.send(.GET, "/sign-in?next=/%22%3E%3Cscript%3Ex%3C/script%3E")
                #expect(hostile.status == .ok && !hostile.body.string.contains("<script>x"), "the next field is escaped")
                let routes = app.routes.all
                #expect(OwnPage.path("https://elsewhere.example", routes: routes) == nil)
                #expect(OwnPage.path("/\\x", routes: routes) == nil && OwnPage.path("/staff", routes: routes) == "/staff")
                let anonymous = try await b.send(.GET, "/staff")
                #expect(anonymous.status == .seeOther && anonymous.headers.first(name: .location) == "/sign-in?next=/staff")

                let wrong = try await b.signIn("ann@example.org", "not the passphrase")
                #expect(wrong.status == .unauthorized && wrong.body.string.contains("do not match an account"))
                let unknown = try await b.signIn("nobody@example.org", Self.password)
                #expect(unknown.status == .unauthorized && unknown.body.string.contains("do not match an account"))
                #expect(try await AccountStore.user(email: "ann@example.org", on: app.db)?.failedSignIns == 1)

                let ok = try await b.signIn(" ANN@example.org", Self.password, next: "//elsewhere.example")
                #expect(ok.status == .seeOther && ok.headers.first(name: .location) == "/staff", "an off-site next is ignored")
                let cookie = try #require(ok.headers.setCookie?[StaffSessionMiddleware.cookie])
                #expect(cookie.isHTTPOnly && cookie.sameSite == .lax)
                #expect(try await AccountStore.user(email: "ann@example.org", on: app.db)?.failedSignIns == 0)
                let home = try await b.send(.GET, "/staff")
                #expect(home.status == .ok && home.body.string.contains("Planner"))

                let out = try await b.send(.POST, "/sign-out", body: "csrf=\(b.form.token)")
                #expect(out.status == .seeOther)
                #expect(try await b.send(.GET, "/staff").status == .seeOther, "the old session cookie no longer works")

                for _ in 0..<5 { _ = try await b.signIn("ann@example.org", "still not it at all") }
                let locked = try await b.signIn("ann@example.org", Self.password)
                #expect(locked.status == .unauthorized && locked.body.string.contains("Too many failed attempts"))
            }
        }

        /// The reset link works once, within the hour, for the account it was sent to; asking for
        /// one answers the same whether or not the address has an account, and only a real
        /// account gets mail.
        @Test(arguments: Engine.all) func passwordResetByEmailedLink(engine: Engine) async throws {
            try await withApp(engine) { app in
                try await Self.makeUser(app, "ann@example.org", roles: [.planner])
                var b = StaffBrowser(app)
                _ = try await b.signIn("ann@example.org", Self.password)
                _ = try await b.form.open("/password-reset")
                let unknown = try await b.form.post("/password-reset", [("email", "nobody@example.org")])
                let known = try await b.form.post("/password-reset", [("email", "Ann@Example.org")])
                #expect(unknown.status == .ok && known.status == .ok)
                #expect(unknown.body.string.contains(PasswordResetController.sentText))
                #expect(known.body.string.contains(PasswordResetController.sentText))
                let mail = try await Outbox.all(on: app.db)
                #expect(mail.count == 1 && mail.first?.toAddress == "ann@example.org" && mail.first?.kind == "password-reset")
                let body = try #require(mail.first?.body)
                let prefix = "http://127.0.0.1:8080/password-reset/new?token="
                let link = try #require(body.split(separator: "\n").first { $0.hasPrefix(prefix) })
                let token = String(link.dropFirst(prefix.count))
                #expect(token.count == 43)
                _ = try await Outbox.deliverDue(now: Date(), transport: MailTransport { _ in }, on: app.db, logger: app.logger)
                #expect(try await Outbox.all(on: app.db).first?.body == Outbox.removedBody, "no live link stays in the database")

                #expect(try await b.form.open("/password-reset/new?token=\(token)").status == .ok)
                func change(_ first: String, _ second: String) async throws -> TestingHTTPResponse {
                    try await b.form.post("/password-reset/new", [("token", token), ("password", first), ("confirm", second)])
                }
                let short = try await change("short", "short")
                #expect(short.status == .badRequest && short.body.string.contains("at least 12"))
                let differ = try await change("a brand new passphrase", "another one entirely")
                #expect(differ.status == .badRequest && differ.body.string.contains("not the same"))
                let done = try await change("a brand new passphrase", "a brand new passphrase")
                #expect(done.status == .ok && done.body.string.contains("Your password has been changed"))
                #expect(try await b.send(.GET, "/staff").status == .seeOther, "the reset ended the open session")
                #expect(try await b.form.open("/password-reset/new?token=\(token)").status == .gone, "the link works once")
                #expect(try await change("yet another passphrase", "yet another passphrase").status == .gone)

                var fresh = StaffBrowser(app)
                #expect(try await fresh.signIn("ann@example.org", Self.password).status == .unauthorized)
                #expect(try await fresh.signIn("ann@example.org", "a brand new passphrase").status == .seeOther)

                let user = try #require(try await AccountStore.user(email: "ann@example.org", on: app.db))
                let old = try await PasswordResetStore.create(userID: user.id, now: Date().addingTimeInterval(-3_601), on: app.db)
                #expect(try await b.form.open("/password-reset/new?token=\(old)").status == .gone, "an hour-old link has expired")
                #expect(try await b.form.open("/password-reset/new?token=not-a-token").status == .gone)
            }
        }

        /// Every public route, by method and path. A route not listed here must be a staff route
        /// (registered with `staff(…)`), so a new route cannot be left open by accident.
        static let publicRoutes: Set<String> = [
            "GET /", "GET /districts", "GET /districts/:code", "GET /centres", "GET /centres/:id", "GET /venues",
            "GET /venues/:id", "GET /areas", "GET /areas/:code", "GET /near", "GET /map", "GET /map.svg", "GET /data",
            "GET /health", "GET /proposals", "GET /proposals/compare", "GET /proposals/compare/tables/:table",
            "GET /proposals/postcode", "GET /proposals/:id", "GET /proposals/:id/tables/:table",
            "GET /proposals/:id/proposal.csv", "GET /proposals/:id/evidence.zip", "GET /optimiser",
            "GET /optimiser/tables/:table", "GET /optimiser/frontier", "GET /optimiser/frontier/tables/:table",
            "GET /sign-in", "POST /sign-in", "POST /sign-out", "GET /password-reset", "POST /password-reset",
            "GET /password-reset/new", "POST /password-reset/new",
            // Watching a centre or session: confirmed by a button, stopped by the token (docs/directory-editing.md).
            "GET /watch", "POST /watch", "GET /watch/confirm", "POST /watch/confirm", "GET /watch/stop", "POST /watch/stop",
            "POST /watch/one-click",
            // Petitions: read, signed and confirmed by the public (docs/petitions.md).
            "GET /petitions", "GET /petitions/:id", "POST /petitions/:id/sign", "GET /petitions/:id/confirm",
            "POST /petitions/:id/confirm",
            // Consultations: read and answered by the public, saved answers by their link (docs/consultations.md).
            "GET /consultations", "GET /consultations/:id", "POST /consultations/:id/respond", "GET /consultations/:id/saved",
            "GET /consultations/:id/paper-form", "GET /consultations/:id/report",
            // Web drafts: unlisted, editable only with their secret key (docs/proposals.md).
            "GET /proposals/new", "POST /proposals/new", "POST /proposals/upload", "GET /proposals/:id/edit",
            "POST /proposals/:id/edit", "POST /optimiser/draft",
        ]

        static func key(_ r: Route) -> String { "\(r.method.rawValue) /" + r.path.map(\.description).joined(separator: "/") }

        /// Route by route: an anonymous visitor and a member without the role are refused every
        /// staff route, and every other route is on the public list.
        @Test(arguments: Engine.all) func everyRouteIsPublicOrRefusesTheWrongPeople(engine: Engine) async throws {
            try await withApp(engine) { app in
                try await Self.makeUser(app, "nobody@example.org", roles: [])
                var roleless = StaffBrowser(app)
                _ = try await roleless.signIn("nobody@example.org", Self.password)
                // For each capability, a member holding every role that does not grant it.
                var allButOne: [Capability: StaffBrowser] = [:]
                for c in Capability.allCases {
                    let roles = Role.allCases.filter { !$0.capabilities.contains(c) }
                    try await Self.makeUser(app, "without-\(c.rawValue)@example.org", roles: roles)
                    var b = StaffBrowser(app)
                    _ = try await b.signIn("without-\(c.rawValue)@example.org", Self.password)
                    allButOne[c] = b
                }
                var staffRoutes = 0
                for route in app.routes.all {
                    let key = Self.key(route)
                    guard let access = route.userInfo[StaffAccess.userInfoKey] as? StaffAccess else {
                        #expect(
                            Self.publicRoutes.contains(key) || key.hasPrefix("GET /api/v1/"),
                            "\(key) is neither public nor a staff route")
                        continue
                    }
                    staffRoutes += 1
                    let path =
                        "/" + route.path.map { $0.description.hasPrefix(":") ? "x" : $0.description }.joined(separator: "/")
                    let anonymous = try await StaffBrowser(app).send(route.method, path)
                    #expect(anonymous.status == (route.method == .GET ? .seeOther : .unauthorized), "\(key) anonymous")
                    if let c = access.capability {
                        #expect(try await roleless.send(route.method, path).status == .forbidden, "\(key) without a role")
                        let wrong = try await allButOne[c]!.send(route.method, path)
                        #expect(wrong.status == .forbidden, "\(key) with every role but those granting \(c.rawValue)")
                    }
                }
                #expect(staffRoutes >= 1)
            }
        }
    }
}
