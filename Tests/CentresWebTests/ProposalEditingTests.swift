import CentresCore
import CentresIO
import CentresTestSupport
import Foundation
import NIOCore
import Testing
import VaporTesting

@testable import CentresWeb

/// A browser's cookie for the CSRF check, and form posts that carry it.
struct FormSession {
    let app: Application
    var cookie = ""
    var token = ""

    /// Loads a form page, keeping its CSRF cookie and token.
    mutating func open(_ path: String) async throws -> TestingHTTPResponse {
        let res = try await app.testing().sendRequest(.GET, path, headers: cookie.isEmpty ? [:] : ["Cookie": cookie])
        if let set = res.headers.setCookie?[CSRF.cookie] { cookie = "\(CSRF.cookie)=\(set.string)" }
        let body = res.body.string
        if let r = body.range(of: "name=\"csrf\" value=\"") {
            token = String(body[r.upperBound...].prefix { $0 != "\"" })
        }
        return res
    }

    func post(_ path: String, _ fields: [(String, String)], csrf: String? = nil) async throws -> TestingHTTPResponse {
        let all = [("csrf", csrf ?? token)] + fields
        let body = all.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }.joined(
            separator: "&")
        var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
        if !cookie.isEmpty { headers.add(name: "Cookie", value: cookie) }
        return try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    func upload(_ csv: String, name: String) async throws -> TestingHTTPResponse {
        let boundary = "----centres-test"
        var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(token)\r\n"
        body +=
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: text/csv\r\n\r\n"
        body += csv + "\r\n--\(boundary)--\r\n"
        let headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(boundary)", "Cookie": cookie]
        return try await app.testing().sendRequest(.POST, "/proposals/upload", headers: headers, body: ByteBuffer(string: body))
    }
}

extension DatabaseTests {
    @Suite struct ProposalEditing {
        /// Every POST route refuses a form without the CSRF cookie and token, before doing anything.
        @Test(arguments: Engine.all) func everyPostRouteChecksTheCSRFToken(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                // Staff routes are tried signed in with every role, so only the token can refuse them.
                try await DatabaseTests.Accounts.makeUser(app, "all@example.org", roles: Role.allCases)
                var staff = StaffBrowser(app)
                _ = try await staff.signIn("all@example.org", DatabaseTests.Accounts.password)
                _ = try await staff.open("/staff")
                let posts = app.routes.all.filter { $0.method == .POST }
                #expect(posts.count >= 3)
                for route in posts {
                    let path =
                        "/"
                        + route.path.map { $0.description.hasPrefix(":") ? "small-plan" : $0.description }.joined(separator: "/")
                    // RFC 8058 one-click unsubscribe is posted by mail programs, which hold no token:
                    // the secret in its address is its only authority (docs/security.md).
                    if path == "/watch/one-click" { continue }
                    let res =
                        route.userInfo[StaffAccess.userInfoKey] == nil
                        ? try await FormSession(app: app).post(path, [("title", "x")], csrf: "forged")
                        : try await staff.send(.POST, path, body: "csrf=forged&title=x")
                    #expect(res.status == .forbidden, "\(path)")
                }
                #expect(try await ProposalStore.list(on: app.db, listedOnly: false).count == 2)
            }
        }

        @Test(arguments: Engine.all) func aDraftIsMadeEditedAndKeptPrivate(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                var browser = FormSession(app: app)
                _ = try await browser.open("/proposals/new?startFrom=small-plan&newVersion=1")
                let missing = try await browser.post("/proposals/new", [("startFrom", "small-plan"), ("newVersion", "1")])
                #expect(missing.status == .badRequest && missing.body.string.contains("enter a title"))
                #expect(missing.body.string.contains("say what changes"))

                let made = try await browser.post(
                    "/proposals/new",
                    [
                        ("startFrom", "small-plan"), ("newVersion", "1"), ("title", "Keep South <b>too</b>"),
                        ("author", "Parents"), ("changeNote", "South stays"),
                    ])
                #expect(made.status == .seeOther)
                let location = try #require(made.headers.first(name: .location))
                #expect(location.hasPrefix("/proposals/keep-south-b-too-b-") && location.contains("/edit?key="))
                let id = String(location.dropFirst("/proposals/".count).prefix { $0 != "/" })
                let key = String(location[location.range(of: "key=")!.upperBound...].prefix { $0 != "&" })
                let stored = try #require(try await ProposalStore.find(id, on: app.db))
                #expect(stored.origin == .web && stored.proposal.version == 3 && stored.proposal.revises == "small-plan")
                #expect(stored.proposal.status == .draft && stored.proposal.decisions.count == 2)
                #expect(try await ProposalStore.access(id, on: app.db)?.editKeyHash == SecretKey.digest(key))
                #expect(!(try await app.get("/proposals").body.string.contains(id)), "web drafts are unlisted")
                #expect(!(try await app.get("/api/v1/proposals").body.string.contains(id)))
                #expect(try await app.get("/proposals/\(id)").body.string.contains("Keep South &lt;b&gt;too&lt;/b&gt;"))

                for path in ["/proposals/\(id)/edit", "/proposals/\(id)/edit?key=wrong", "/proposals/small-plan/edit?key=\(key)"]
                {
                    #expect(try await app.get(path).status == .forbidden, "\(path)")
                }
                let edit = try await browser.open("/proposals/\(id)/edit?key=\(key)&created=1")
                #expect(edit.status == .ok && edit.body.string.contains("Keep this private link"))
                var fields: [(String, String)] = [
                    ("key", key), ("title", "Keep South"), ("author", "Parents"), ("status", "published"),
                    ("decisions-0-decision", "base"), ("decisions-1-decision", "base"),
                    ("decisions-1-reason", "Reopened"), ("budget-0-id", "front"), ("budget-0-name", "Front line"),
                    ("budget-0-current", "700"), ("budget-0-proposed", "500"), ("budget-1-id", "total"),
                    ("budget-1-name", "Total"), ("budget-1-current", "700"), ("budget-1-proposed", "600"),
                    ("outreach-0-venue", "lib-nowhere"), ("publishedOn", "2019-02-30"),
                ]
                let refused = try await browser.post("/proposals/\(id)/edit", fields)
                #expect(refused.status == .badRequest)
                let text = refused.body.string
                #expect(text.contains("nothing was saved") && text.contains("enter a date as YYYY-MM-DD"))
                #expect(try await ProposalStore.find(id, on: app.db)?.proposal == stored.proposal)

                fields.removeLast(2)
                let budgetRefused = try await browser.post("/proposals/\(id)/edit", fields)
                #expect(budgetRefused.body.string.contains("total 600 is not the sum of the lines (500)"))
                #expect(budgetRefused.body.string.contains("href=\"#budget-1-proposed\""))

                fields[fields.firstIndex { $0.0 == "budget-1-proposed" }!].1 = "500"
                let saved = try await browser.post("/proposals/\(id)/edit", fields)
                #expect(saved.status == .seeOther && saved.headers.first(name: .location) == "/proposals/\(id)")
                let after = try #require(try await ProposalStore.find(id, on: app.db)?.proposal)
                #expect(
                    after.title == "Keep South" && after.status == .published && after.openBaseIDs == ["cc-north", "cc-south"])
                #expect(after.decisions[1].reason == "Reopened" && after.proposedTotalGBP == 500 && after.revises == "small-plan")
            }
        }

        @Test(arguments: Engine.all) func anUploadedFileIsCheckedLikeTheCommandLine(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                var browser = FormSession(app: app)
                _ = try await browser.open("/proposals/new")
                let good = ProposalCSV.text(Fixtures.smallPack().proposals[1])
                let bad = good.replacingOccurrences(of: "decision,cc-south,", with: "decision,cc-nowhere,")
                let refused = try await browser.upload(bad, name: "plan.csv")
                #expect(refused.status == .badRequest)
                #expect(refused.body.string.contains("plan.csv, line "), "\(refused.body.string.prefix(300))")
                #expect(refused.body.string.contains("no centre &#39;cc-nowhere&#39;"))
                #expect(try await ProposalStore.list(on: app.db, listedOnly: false).count == 2)

                let made = try await browser.upload(good, name: "plan.csv")
                #expect(made.status == .seeOther)
                let all = try await ProposalStore.list(on: app.db, listedOnly: false)
                let mine = try #require(all.first { $0.origin == "web" })
                #expect(mine.id.hasPrefix("small-plan-") && mine.status == "draft")
            }
        }
    }

    @Suite struct FormHelpers {
        @Test func formFieldsDecodeLikeABrowserSendsThem() throws {
            let f = try FormFields(encoded: "title=Keep+%3Cb%3E+%26+more&empty=&twice=a&twice=b&bare")
            #expect(f["title"] == "Keep <b> & more" && f["empty"] == nil && f["twice"] == "a" && f["bare"] == nil)
            #expect(f.values["bare"] == "" && f["missing"] == nil && f.lists["twice"] == ["a", "b"])
        }

        @Test func theRateLimiterCountsPerClientAndWindow() async {
            let limiter = RateLimiter()
            let t0 = Date(timeIntervalSince1970: 0)
            for _ in 0..<3 { #expect(await limiter.allow("a", limit: 3, window: 60, now: t0)) }
            #expect(!(await limiter.allow("a", limit: 3, window: 60, now: t0.addingTimeInterval(59))))
            #expect(await limiter.allow("b", limit: 3, window: 60, now: t0))
            #expect(await limiter.allow("a", limit: 3, window: 60, now: t0.addingTimeInterval(60)))
        }

        @Test func secretsAreLongRandomAndComparedWhole() {
            let a = SecretKey.make(), b = SecretKey.make()
            #expect(a.count == 43 && a != b && !a.contains("+") && !a.contains("/"))
            #expect(SecretKey.equal(a, a) && !SecretKey.equal(a, b) && !SecretKey.equal(a, String(a.dropLast())))
            #expect(SecretKey.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        }
    }
}
