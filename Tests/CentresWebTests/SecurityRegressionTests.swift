import CentresCore
import CentresIO
import CentresTestSupport
import Foundation
import NIOCore
import SQLKit
import Testing
import VaporTesting

@testable import CentresWeb

/// One test per finding of the hostile-input review (docs/security.md, "Hostile input"), each
/// failing before its fix; on both engines where a database is involved.
extension DatabaseTests {
    @Suite struct SecurityRegressions {
        static let lists = [
            "centres", "venues", "sessions", "services", "districts", "areas", "petitions", "consultations", "proposals",
        ]

        /// Finding 1: a page number near Int64's limit overflowed `(page - 1) * per` and stopped
        /// the process; paper sheet numbers from Int64.min did the same in `to - from`.
        @Test(arguments: Engine.all) func hugePageAndSheetNumbersAreAnswered(engine: Engine) async throws {
            try await withApp(engine) { app in
                let world = try await HostileWorld.make(app)
                for list in Self.lists {
                    let last = try await app.get("/api/v1/\(list)?page=9223372036854775807")
                    #expect(last.status == .ok && last.body.string.contains("\"items\":[]"), "\(list)")
                    for per in ["1", "200"] {
                        #expect(try await app.get("/api/v1/\(list)?page=9223372036854775807&per=\(per)").status == .ok)
                    }
                    #expect(try await app.get("/api/v1/\(list)?page=9223372036854775808").status == .badRequest)
                }
                #expect(try await app.get("/areas?page=9223372036854775807").status == .ok)
                var staff = world.staff
                for (from, to) in [("-9223372036854775808", "1"), ("9223372036854775807", "-9223372036854775808"), ("0", "1")] {
                    let res = try await staff.open("/staff/petitions/keep-north-open/sheets/print?from=\(from)&to=\(to)")
                    #expect(res.status == .badRequest, "\(from)…\(to)")
                }
                #expect(try await staff.open("/staff/petitions/keep-north-open/sheets/print?from=1&to=2").status == .ok)
            }
        }

        /// Finding 2: `next` after sign-in carried a line break into `Location` (setting any
        /// header) or sent the browser to another host.
        @Test(arguments: Engine.all) func signInGoesOnlyToAPageOfThisSite(engine: Engine) async throws {
            try await withApp(engine) { app in
                try await DatabaseTests.Accounts.makeUser(app, "p@example.org", roles: [.planner])
                let form = try await app.get("/sign-in?next=%2F%0ASet-Cookie:%20pwn=1;%20Path=/")
                #expect(form.status == .ok && !form.body.string.contains("pwn"))
                let cases: [(String, String)] = [
                    ("/\nSet-Cookie: pwn=1; Path=/", "/staff"), ("/\r\nX-Evil: 1", "/staff"), ("/\t/evil.example/x", "/staff"),
                    ("//evil.example/x", "/staff"), ("/\\evil.example", "/staff"), ("https://evil.example/", "/staff"),
                    ("/%0d%0aX-Evil:%201", "/staff"), ("/no-such-page", "/staff"),
                    ("/centres?district=E07000148", "/centres?district=E07000148"),
                    ("/staff/audit", "/staff/audit"),
                ]
                for (next, expected) in cases {
                    var b = StaffBrowser(app)
                    let res = try await b.signIn("p@example.org", DatabaseTests.Accounts.password, next: next)
                    #expect(res.headers.first(name: .location) == expected, "\(next.debugDescription)")
                    #expect(!res.headers.contains(name: "X-Evil") && res.headers.setCookie?["pwn"] == nil)
                }
            }
        }

        /// The link in the confirmation mail sent for `name`.
        static func token(_ app: Application, for name: String) async throws -> String {
            let mail = try #require(try await Outbox.all(on: app.db).first { $0.body.contains("Hello \(name),") })
            let prefix = "http://127.0.0.1:8080/petitions/keep-north-open/confirm?token="
            return String(try #require(mail.body.split(separator: "\n").first { $0.hasPrefix(prefix) }).dropFirst(prefix.count))
        }

        /// Finding 3: three made-up names signed with a victim's address took its household
        /// places, and the victim was refused. Pending names take none; places are taken when an
        /// address's owner confirms, and the rule is checked then too.
        @Test(arguments: Engine.all) func pendingSignaturesDoNotBlockTheAddressOwner(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                try await DatabaseTests.PetitionSigning.openPetition(app)
                let path = "/petitions/keep-north-open"
                var attacker = FormSession(app: app)
                _ = try await attacker.open(path)
                for name in ["Fake One", "Fake Two", "Fake Three", "Fake Four"] {
                    let r = try await attacker.post(
                        path + "/sign", DatabaseTests.PetitionSigning.fields(name, "victim@example.org", postcode: "NR2 2BB"))
                    #expect(r.status == .ok, "\(name)")
                }
                var victim = FormSession(app: app)
                _ = try await victim.open(path)
                let signed = try await victim.post(
                    path + "/sign", DatabaseTests.PetitionSigning.fields("Vic Tim", "victim@example.org"))
                #expect(signed.status == .ok && signed.body.string.contains("Check your email"))
                let token = try await Self.token(app, for: "Vic Tim")
                let page = try await victim.open(path + "/confirm?token=\(token)")
                #expect(page.body.string.contains("Vic Tim") && page.body.string.contains("NR1 1AA"))
                #expect(try await victim.post(path + "/confirm", [("token", token)]).status == .ok)
                #expect(try await SignatureStore.counts(petitionID: "keep-north-open", on: app.db).confirmed == 1)

                // The owner's own household: two more names from the same postcode count, a fourth does not.
                for name in ["Second Person", "Third Person"] {
                    _ = try await victim.post(path + "/sign", DatabaseTests.PetitionSigning.fields(name, "victim@example.org"))
                    let t = try await Self.token(app, for: name)
                    #expect(try await victim.post(path + "/confirm", [("token", t)]).status == .ok, "\(name)")
                }
                let fourth = try await victim.post(
                    path + "/sign", DatabaseTests.PetitionSigning.fields("Fourth Person", "victim@example.org"))
                #expect(fourth.status == .badRequest && fourth.body.string.contains("already signed for 3 people"))
                // A made-up name signed before the household filled cannot be confirmed into a fourth place.
                let pending = try #require(
                    try await PackStore.sql(app.db).select().column("*").from("signatures").where("name", .equal, "Fake One")
                        .first(decoding: SignatureRow.self, keyDecodingStrategy: .convertFromSnakeCase))
                let outcome = try await SignatureStore.confirm(
                    pending, scheme: DatabaseTests.PetitionSigning.scheme, now: Date(), on: app.db)
                #expect(outcome == .refused("this email address has already signed for 3 people, the most one address may"))
                #expect(try await SignatureStore.counts(petitionID: "keep-north-open", on: app.db).confirmed == 3)
                // Mail to one address is held back once it has had its day's share, never refused.
                let held = try await Outbox.all(on: app.db).filter {
                    $0.toAddress == "victim@example.org"
                        && $0.nextAttemptAt > AccountStore.timestamp(Date().addingTimeInterval(3_600))
                }
                #expect(!held.isEmpty)
            }
        }

        /// Finding 4: a proposal's title or reason starting with = + - @ went raw into its CSV
        /// and the evidence zip's copy.
        @Test(arguments: Engine.all) func proposalFilesAreSpreadsheetSafe(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                var p = try #require(Fixtures.smallPack().proposals.first { $0.id == "small-plan" })
                p.id = "formula-plan"
                p.title = "=HYPERLINK(\"http://evil.example\",\"x\")"
                p.decisions[0].reason = "@SUM(1+1)"
                _ = try await ProposalAssessments(db: app.db).importCSV(
                    Data(ProposalCSV.text(p).utf8), file: "formula.csv", replace: false, now: "2026-12-07T00:00:00Z")
                let csv = try await app.get("/proposals/formula-plan/proposal.csv").body.string
                #expect(csv.contains("'=HYPERLINK") && csv.contains("'@SUM(1+1)"))
                #expect(!csv.split(separator: "\n").contains { $0.split(separator: ",").contains { $0.hasPrefix("=") } })
                let zip = try await app.get("/proposals/formula-plan/evidence.zip")
                let archive = try ZipArchive(data: Data(zip.body.readableBytesView), file: "evidence.zip")
                let inZip = String(decoding: try #require(try archive.contents(named: "proposal.csv")), as: UTF8.self)
                #expect(inZip.contains("'=HYPERLINK") && inZip.contains("'@SUM(1+1)"))
                // Read back, the file gives what was written.
                #expect(try ProposalCSV.read(Data(csv.utf8), file: "x.csv").proposal.title == p.title)
            }
        }

        /// Finding 8: the privacy box's value was not checked; it must be the notice's version.
        @Test(arguments: Engine.all) func thePrivacyAgreementMustBeTheCurrentNotice(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                try await DatabaseTests.PetitionSigning.openPetition(app)
                var s = FormSession(app: app)
                _ = try await s.open("/petitions/keep-north-open")
                for value in ["", "yes", "petitions-1999-v0"] {
                    let fields = DatabaseTests.PetitionSigning.fields("Pat Example", "pat@example.org").filter {
                        $0.0 != "privacy"
                    }
                    let r = try await s.post("/petitions/keep-north-open/sign", fields + [("privacy", value)])
                    #expect(r.status == .badRequest && r.body.string.contains("Agree to the privacy notice"), "\(value)")
                }
                #expect(try await SignatureStore.counts(petitionID: "keep-north-open", on: app.db).pending == 0)
            }
        }

        /// Finding 9: invalid UTF-8 was stored as U+FFFD, a name sent twice was resolved
        /// silently, and an unknown `intent` was taken as "send".
        @Test(arguments: Engine.all) func formsAreReadStrictly(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await DatabaseTests.ConsultationResponding.open(app)
                var s = FormSession(app: app)
                _ = try await s.open("/consultations/cc-2026")
                let headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded", "Cookie": s.cookie]
                var raw = ByteBuffer(string: "csrf=\(s.token)&q-who=parent-carer&q-uses=no&q-views=")
                raw.writeBytes([0xC3, 0x28, 0xFF])
                let broken = try await app.testing().sendRequest(
                    .POST, "/consultations/cc-2026/respond", headers: headers, body: raw)
                #expect(broken.status == .badRequest && broken.body.string.contains("not UTF-8"))
                let encoded = try await app.testing().sendRequest(
                    .POST, "/consultations/cc-2026/respond", headers: headers,
                    body: ByteBuffer(string: "csrf=\(s.token)&q-who=parent-carer&q-uses=no&q-views=%C3%28%FF"))
                #expect(encoded.status == .badRequest)
                let twice = try await s.post(
                    "/consultations/cc-2026/respond", [("q-who", "parent-carer"), ("q-uses", "no"), ("q-uses", "yes")])
                #expect(twice.status == .badRequest && twice.body.string.contains("more than once"))
                let boxes = try await s.post(
                    "/consultations/cc-2026/respond",
                    [("q-who", "parent-carer"), ("q-uses", "no"), ("q-what", "play"), ("q-what", "advice")])
                #expect(boxes.status == .ok, "a multiple-choice question's boxes may repeat")
                let unknown = try await s.post(
                    "/consultations/cc-2026/respond", [("q-who", "parent-carer"), ("q-uses", "no"), ("intent", "delete")])
                #expect(unknown.status == .badRequest)
                #expect(try await ResponseStore.all("cc-2026", on: app.db).count == 1)
            }
        }

        /// Finding 11: personal data sent without `Cache-Control: private, no-store`; no HSTS
        /// behind HTTPS; a line break accepted in one-line titles.
        @Test(arguments: Engine.all) func personalDataIsNotCachedAndTitlesStayOnOneLine(engine: Engine) async throws {
            try await withApp(engine) { app in
                let world = try await HostileWorld.make(app)
                var staff = world.staff
                for path in [
                    "/staff/petitions/keep-north-open/submission", "/staff/petitions/keep-north-open/submission/signatories.csv",
                    "/staff/petitions/keep-north-open/submission/pack.pdf", "/staff/consultations/cc-2026/export/responses.csv",
                    "/staff/consultations/cc-2026/responses",
                ] {
                    let res = try await staff.open(path)
                    #expect(res.status == .ok, "\(path)")
                    #expect(res.headers.first(name: .cacheControl) == "private, no-store", "\(path)")
                }
                #expect(try await app.get("/centres").headers.first(name: .cacheControl) == nil)
                #expect(try await app.get("/").headers.first(name: "Strict-Transport-Security") == nil)
                app.secureCookies = true
                #expect(try await app.get("/").headers.first(name: "Strict-Transport-Security") == "max-age=31536000")
                app.secureCookies = false
                _ = try await staff.open("/staff/consultations/new")
                let made = try await staff.post(
                    "/staff/consultations/new",
                    DatabaseTests.ConsultationManaging.fields(
                        "Line one\r\nBcc: x@evil.example", opens: SimpleDate.today(), closes: SimpleDate.today().adding(days: 9)!)
                )
                #expect(made.status == .badRequest && made.body.string.contains("keep it on one line"))
                _ = try await staff.open("/proposals/new")
                let proposal = try await staff.post(
                    "/proposals/new", [("startFrom", "small-plan"), ("title", "Two\nlines"), ("author", "Ann")])
                #expect(proposal.status == .badRequest)
            }
        }
    }
}

/// Findings without a database: links, names, addresses, messages, configuration.
@Suite struct HostileInputRules {
    /// Finding 6: `//host` and `/\host` were taken as paths on this site.
    @Test func documentLinksAreThisSiteOrHTTP() {
        for bad in ["//evil.example/x", "/\\evil.example", "javascript:alert(1)", "https:///x", "http://", "/a b", "/\u{7}x", ""]
        {
            #expect(!Consultation.isLinkable(bad), "\(bad.debugDescription)")
        }
        for good in ["/proposals/small-plan", "https://example.org/eqia.pdf", "http://example.org"] {
            #expect(Consultation.isLinkable(good), "\(good)")
        }
    }

    /// Finding 7: names that are URIs were accepted.
    @Test func signerNamesThatAreAddressesAreRefused() {
        for bad in ["javascript:alert(1)", "data:text/html,x", "vbscript:msgbox", "evil.example/x", "Mary JavaScript:x"] {
            #expect(SignatoryRules.nameProblem(bad) == "a name cannot be a web address", "\(bad)")
        }
        for good in ["Mary Jones", "J. R. R. Tolkien", "Siân O'Neill-Smith", "Dr. Ann Lee"] {
            #expect(SignatoryRules.nameProblem(good) == nil, "\(good)")
        }
    }

    /// Finding 10: quoted local parts, address literals and look-alike domains; look-alike letters in names.
    @Test func addressesHaveOneFormAndNamesFoldLookAlikes() {
        for bad in [
            "\"mary.jones\"@gmail.com", "mary@[127.0.0.1]", "mary@gm\u{430}il.com", "mary..jones@example.org", "mary@-x.org",
        ] {
            #expect(Credentials.emailProblem(bad) != nil, "\(bad)")
        }
        for good in ["mary.jones@gmail.com", "o'neill+petition@example.co.uk", "mary@xn--bcher-kva.example"] {
            #expect(Credentials.emailProblem(good) == nil, "\(good)")
        }
        #expect(SignatureSubmission.nameKey("M\u{430}ry Jones") == SignatureSubmission.nameKey("Mary Jones"))
        #expect(SignatureSubmission.nameKey("\u{FF2D}\u{FF41}\u{FF52}\u{FF59}") == "mary")
        #expect(SignatureSubmission.nameKey("Siân") != SignatureSubmission.nameKey("Sian"), "accents are kept")
    }

    /// Finding 11: a malformed DATABASE_URL's message carried its password; "name@example.org.." had two stops.
    @Test func messagesHideThePasswordAndEndOnce() {
        #expect(AppConfig.redacted("postgres://centres:s3cret@db:5432/x") == "postgres://centres:***@db:5432/x")
        #expect(!AppConfig.redacted("postgres://u:p@ss word@:notaport/x").contains("p@ss"))
        #expect("Enter an email address like name@example.org.".asSentence == "Enter an email address like name@example.org.")
        #expect("give your name".asSentence == "Give your name.")
    }

    @Test func aMalformedDatabaseURLIsRefusedWithoutItsPassword() async throws {
        let app = try await Application.make(.testing)
        let config = AppConfig(database: .postgres(url: "postgres://centres:hunter2-secret@[bad"), packDirectory: nil)
        do {
            try await configure(app, config)
            Issue.record("a malformed URL was accepted")
        } catch {
            #expect(!"\(error)".contains("hunter2") && "\(error)".contains("DATABASE_URL"))
        }
        try await app.asyncShutdown()
    }
}
