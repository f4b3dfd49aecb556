import CentresCore
import CentresTestSupport
import Foundation
import Testing
import VaporTesting

@testable import CentresWeb

/// Every query and form parameter of every route, fed the values that break careless code.
///
/// The routes are the application's own table (`app.routes.all`), so a new route is covered
/// without a list to keep. Each route's concrete addresses come from crawling the site as a
/// signed-in member of staff with every role (links and form actions); its parameter names from
/// those links' queries, the forms' fields and the names its handler reads (`ParameterReads`).
/// Each parameter is then sent each extreme value, one at a time, the rest as the page had them:
/// every answer must be below 500, and the server must still answer `/health` at the end.
extension DatabaseTests {
    @Suite struct HostileParameters {
        static let extremes = [
            "9223372036854775807", "-9223372036854775808", "9223372036854775808", "0", "-1", "1e308",
            "123456789012345678901234567890.5", "", "not-a-number",
        ]

        @Test(arguments: Engine.all) func everyParameterOfEveryRouteGetsA4xxNotACrash(engine: Engine) async throws {
            try await withApp(engine, recordingReads: true) { app in
                let world = try await HostileWorld.make(app)
                var site = Crawl(app: app, browser: world.staff)
                try await site.run(from: world.seeds)
                let routes = app.routes.all.filter { $0.method == .GET || $0.method == .POST }
                #expect(routes.count > 100)
                var tried = 0
                var failures: [String] = []
                /// Sends one request; returns the names its handler read.
                @discardableResult
                func check(_ method: HTTPMethod, _ path: String, body: String = "") async throws -> [String] {
                    app.rateLimiter = RateLimiter()  // the limits are tested elsewhere; here they would hide the handlers
                    let res = try await site.browser.send(method, path, body: body)
                    tried += 1
                    if res.status.code >= 500 { failures.append("\(method) \(path) \(body.prefix(200)) → \(res.status.code)") }
                    return (res.headers.first(name: ParameterReadsMiddleware.header) ?? "").split(separator: ",").map(String.init)
                }
                for route in routes where route.method == .GET {
                    let pattern = Crawl.pattern(route.path)
                    for sample in site.samples[pattern] ?? [site.fallback(route.path, world)] {
                        let (path, query) = Crawl.split(sample)
                        let reads = try await site.readNames(path + query.encoded)
                        let names = Set(query.names + reads + (site.getForms[pattern] ?? []).flatMap(\.names)).subtracting([
                            "csrf"
                        ])
                        for name in names.sorted() {
                            for v in Self.extremes { try await check(.GET, path + query.replacing(name, with: v).encoded) }
                        }
                        for (i, v) in Self.extremes.enumerated() where i < 5 {
                            for position in Crawl.parameterPositions(route.path) {
                                try await check(.GET, Crawl.replacingSegment(path, at: position, with: v) + query.encoded)
                            }
                        }
                    }
                }
                // Posts last, those that change accounts after the rest, so the session stays usable.
                let posts = routes.filter { $0.method == .POST }.sorted {
                    (Crawl.pattern($0.path).contains("accounts") ? 1 : 0, Crawl.pattern($0.path))
                        < (Crawl.pattern($1.path).contains("accounts") ? 1 : 0, Crawl.pattern($1.path))
                }
                for route in posts {
                    let pattern = Crawl.pattern(route.path)
                    let forms = site.postForms[pattern] ?? [Crawl.Form(action: site.fallback(route.path, world), fields: [])]
                    for form in forms.prefix(2) {
                        // The form is never sent as the page has it (that would do what it does:
                        // sign out, erase); names the handler reads beyond its fields are learnt
                        // from the hostile requests themselves, then fed too.
                        var done = Set(["csrf"]), todo = form.names.filter { $0 != "csrf" }
                        if todo.isEmpty { todo = ["unexpected"] }
                        while let name = todo.first {
                            todo.removeFirst()
                            guard done.insert(name).inserted else { continue }
                            for v in Self.extremes {
                                let reads = try await check(
                                    .POST, form.action, body: Crawl.Query(form.fields).replacing(name, with: v).body)
                                todo += reads.filter { !done.contains($0) && !todo.contains($0) }
                            }
                        }
                    }
                }
                #expect(
                    failures.isEmpty,
                    "\(failures.count) of \(tried) requests failed:\n\(failures.prefix(40).joined(separator: "\n"))")
                #expect(tried > 2_000, "only \(tried) requests were tried: the crawl found too little")
                // Most routes are reached by the crawl itself, not only by the fallback addresses.
                let crawled = routes.filter {
                    let p = Crawl.pattern($0.path)
                    return $0.method == .GET ? site.samples[p] != nil : site.postForms[p] != nil
                }
                #expect(crawled.count * 10 >= routes.count * 8, "the crawl reached \(crawled.count) of \(routes.count) routes")
                #expect(try await app.get("/health").status == .ok)
            }
        }

        /// Every read of the query goes through `queryText`/`queryNumber`, so the test above learns
        /// every name a handler reads; form bodies are read by `PostedForm` alone (uploads apart).
        @Test func queryAndFormsAreReadThroughTheRecordingReaders() throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "../../Sources/CentresWeb")
            let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
            #expect(files.count > 100)
            var offenders: [String] = []
            for f in files where !f.path.hasSuffix("ParameterReads.swift") && !f.path.hasSuffix("PostedForm.swift") {
                let text = try String(contentsOf: f, encoding: .utf8)
                for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let code = line.split(separator: "//").first.map(String.init) ?? ""
                    let readsQuery = [".query[", ".query.get(", ".query.decode("].contains { code.contains($0) }
                    let decodesBody = code.contains("content.decode(") && !code.contains("Upload.self")
                    if readsQuery || decodesBody || code.contains("body.string") || code.contains("body.data") {
                        offenders.append("\(f.lastPathComponent):\(i + 1): \(line.trimmingCharacters(in: .whitespaces))")
                    }
                }
            }
            #expect(offenders.isEmpty, "\(offenders.joined(separator: "\n"))")
        }
    }
}

/// The records a crawl needs so that every route has something to show: an open petition of the
/// staff member's organisation with a confirmed signature and issued sheets, a launched
/// consultation with a response, a draft consultation, a draft proposal.
struct HostileWorld {
    var staff: StaffBrowser
    var petitionID = "keep-north-open"
    var consultationID = "cc-2026"
    var draftConsultationID = "cc-draft"
    var proposalID: String
    var userID: String
    var seeds: [String]

    static func make(_ app: Application) async throws -> HostileWorld {
        _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
        var staff = try await DatabaseTests.ProposalOwnership.member(app, "all@example.org", Role.allCases, organisation: "NCC")
        let org = try await AccountStore.organisation(named: "NCC", now: Date(), on: app.db)
        let userID = try #require(try await AccountStore.user(email: "all@example.org", on: app.db)?.id)
        try await PetitionStore.saveScheme(DatabaseTests.PetitionSigning.scheme, on: app.db)
        let today = SimpleDate.today()
        try await PetitionStore.insert(
            Petition(
                id: "keep-north-open", title: "Keep North open", action: "Keep the centre open", background: "Families use it.",
                addressedTo: "Testshire Council", closesOn: today.adding(days: 30)!,
                schemeID: DatabaseTests.PetitionSigning.scheme.id, organisationID: org, state: .open),
            createdBy: "test", now: Date(), on: app.db)
        var signer = FormSession(app: app)
        _ = try await signer.open("/petitions/keep-north-open")
        _ = try await signer.post(
            "/petitions/keep-north-open/sign", DatabaseTests.PetitionSigning.fields("Ann Example", "ann@example.org"))
        let token = try await DatabaseTests.PetitionSigning.token(app, to: "ann@example.org")
        _ = try await signer.post("/petitions/keep-north-open/confirm", [("token", token)])
        _ = try await staff.open("/staff/petitions/keep-north-open")
        _ = try await staff.post("/staff/petitions/keep-north-open/sheets", [("count", "2"), ("return_address", "Freepost")])

        for (id, launched) in [("cc-2026", true), ("cc-draft", false)] {
            var c = Consultation(
                id: id, proposalID: "small-plan", title: "Children's centres 2026", purpose: "Fewer bases, more outreach.",
                whoIsConsulted: "Families", opensOn: today.adding(days: -5)!, closesOn: today.adding(days: 30)!,
                otherChannels: "Freepost CENTRES", questions: DatabaseTests.ConsultationResponding.questions)
            if launched { c.state = .launched } else { c.opensOn = today.adding(days: 5)! }
            try await ConsultationStore.insert(c, by: AuditActor(id: nil, email: "test"), now: Date(), on: app.db)
        }
        var parent = FormSession(app: app)
        _ = try await parent.open("/consultations/cc-2026")
        _ = try await parent.post("/consultations/cc-2026/respond", DatabaseTests.ConsultationResponding.answers)

        _ = try await staff.open("/proposals/new")
        let made = try await staff.post(
            "/proposals/new", [("startFrom", "small-plan"), ("title", "Council draft"), ("author", "Ann")])
        let location = try #require(made.headers.first(name: .location))
        let proposalID = String(location.dropFirst("/proposals/".count).prefix { $0 != "/" && $0 != "?" })
        let seeds = [
            "/", "/staff", "/staff/directory", "/staff/petitions", "/staff/moderation", "/staff/consultations",
            "/staff/accounts", "/staff/audit", "/petitions/keep-north-open", "/consultations/cc-2026", "/proposals",
            "/proposals/\(proposalID)", "/proposals/\(proposalID)/edit", "/optimiser?problem=mclp&sites=2&within=30",
            "/optimiser/frontier", "/near?q=NR1+1AA", "/proposals/postcode?q=NR1+1AA",
            "/staff/petitions/keep-north-open/sheets/print?from=1&to=2", "/staff/consultations/cc-draft",
            "/staff/consultations/cc-2026/responses", "/petitions/keep-north-open/confirm?token=\(token)",
            "/map.svg", "/health", "/sign-in", "/password-reset", "/password-reset/new?token=x", "/watch/confirm?token=x",
            "/watch/stop?token=x", "/consultations/cc-2026/saved?token=x", "/consultations/cc-2026/paper-form",
            "/proposals/compare?a=small-plan&b=\(proposalID)", "/api/v1/openapi.json", "/api/v1/districts", "/api/v1/areas",
            "/api/v1/venues", "/api/v1/centres", "/api/v1/services", "/api/v1/sessions", "/api/v1/near?q=NR1+1AA",
            "/api/v1/proposals", "/api/v1/petitions", "/api/v1/consultations", "/api/v1/optimiser?problem=mclp&sites=2",
            "/api/v1/optimiser/frontier?up_to=2", "/staff/moderation/petitions/keep-north-open",
        ]
        return HostileWorld(staff: staff, proposalID: proposalID, userID: userID, seeds: seeds)
    }
}
