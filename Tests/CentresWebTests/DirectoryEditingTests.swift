import CentresCore
import CentresTestSupport
import Foundation
import Testing
import VaporTesting

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct DirectoryEditing {
        static let today = SimpleDate.today().description

        /// The session form's fields as they stand for ses-1 in the small pack, with `changes` applied.
        static func sessionForm(_ changes: [String: String]) -> [(String, String)] {
            let base = [
                "service_id": "svc-play", "venue_id": "lib-north", "recurrence": "weekly", "day_of_week": "tuesday",
                "start_time": "09:30", "end_time": "11:00", "note": "Bring a snack",
            ]
            return base.merging(changes) { _, new in new }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }

        /// A confirmed watcher of a record, made through the public pages; returns the unsubscribe token.
        static func watch(_ app: Application, _ email: String, _ type: String, _ id: String) async throws -> String {
            var b = FormSession(app: app)
            #expect(try await b.open("/watch?type=\(type)&id=\(id)").status == .ok)
            let asked = try await b.post("/watch", [("type", type), ("id", id), ("email", email)])
            #expect(asked.status == .ok && asked.body.string.contains("Check your email"))
            let mail = try #require(
                try await Outbox.all(on: app.db).first { $0.toAddress == email && $0.kind == "watch-confirm" })
            let prefix = "http://127.0.0.1:8080/watch/confirm?token="
            let token = String(
                try #require(mail.body.split(separator: "\n").first { $0.hasPrefix(prefix) }).dropFirst(prefix.count))
            let page = try await b.open("/watch/confirm?token=\(token)")
            #expect(page.status == .ok && page.body.string.contains("Yes, email me"))
            #expect(
                try await WatcherStore.confirmed(DirectoryKind(rawValue: type)!, ids: [id], on: app.db).isEmpty,
                "opening the link confirms nothing")
            let done = try await b.post("/watch/confirm", [("token", token)])
            #expect(done.status == .ok)
            let watcher = try #require(
                try await WatcherStore.confirmed(DirectoryKind(rawValue: type)!, ids: [id], on: app.db).first {
                    $0.email == email
                })
            #expect(try await b.post("/watch/confirm", [("token", token)]).status == .gone, "the link works once")
            return watcher.unsubscribeToken
        }

        @Test(arguments: Engine.all) func editorsMoveRetimeCloseAndRetireWithAnAuditTrailAndWatchersAreTold(engine: Engine)
            async throws
        {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                try await DatabaseTests.Accounts.makeUser(app, "ed@example.org", roles: [.networkEditor])
                var ed = StaffBrowser(app)
                _ = try await ed.signIn("ed@example.org", DatabaseTests.Accounts.password)
                let index = try await ed.open("/staff/directory")
                #expect(index.status == .ok && index.body.string.contains("/staff/directory/session/ses-1"))

                let sessionToken = try await Self.watch(app, "parent@example.org", "session", "ses-1")
                _ = try await Self.watch(app, "carer@example.org", "centre", "cc-north")

                _ = try await ed.open("/staff/directory/session/ses-1")
                let backwards = try await ed.post(
                    "/staff/directory/session/ses-1", Self.sessionForm(["start_time": "12:00", "end_time": "11:00"]))
                #expect(backwards.status == .badRequest && backwards.body.string.contains("Must be after the start 12:00"))
                let badTime = try await ed.post("/staff/directory/session/ses-1", Self.sessionForm(["start_time": "25:00"]))
                #expect(badTime.status == .badRequest && badTime.body.string.contains("is not a time written HH:MM"))
                #expect(try await AuditLog.entries(recordType: "session", on: app.db).isEmpty, "a refused edit changes nothing")

                let moved = try await ed.post(
                    "/staff/directory/session/ses-1",
                    Self.sessionForm(["venue_id": "ccv-north", "start_time": "10:00", "end_time": "11:30"]))
                #expect(moved.status == .seeOther)
                let entry = try #require(try await AuditLog.entries(recordType: "session", recordID: "ses-1", on: app.db).first)
                #expect(entry.actorEmail == "ed@example.org" && entry.action == "edited")
                #expect(
                    entry.decodedChanges == [
                        AuditChange(field: "venue_id", from: "lib-north", to: "ccv-north"),
                        AuditChange(field: "start_time", from: "09:30", to: "10:00"),
                        AuditChange(field: "end_time", from: "11:00", to: "11:30"),
                        AuditChange(field: "last_checked", from: nil, to: Self.today),
                    ])
                let notices = try await Outbox.all(on: app.db).filter { $0.kind == "watch-notice" }
                #expect(
                    Set(notices.map(\.toAddress)) == ["parent@example.org", "carer@example.org"],
                    "the centre at the new venue is told too")
                let notice = try #require(notices.first { $0.toAddress == "parent@example.org" })
                #expect(notice.body.contains("Starts: 09:30 → 10:00") && notice.body.contains("Venue: North Library"))
                #expect(notice.unsubscribeUrl == "http://127.0.0.1:8080/watch/one-click?token=\(sessionToken)")

                let newVenue = try await app.get("/venues/ccv-north")
                #expect(
                    newVenue.body.string.contains("Stay and play")
                        && newVenue.body.string.contains("Last checked <time datetime=\"\(Self.today)\""))
                #expect(!(try await app.get("/venues/lib-north")).body.string.contains("Stay and play"))

                _ = try await ed.post(
                    "/staff/directory/session/ses-1",
                    Self.sessionForm([
                        "venue_id": "ccv-north", "start_time": "10:00", "end_time": "11:30", "temporarily_closed": "yes",
                        "closure_note": "Flooded <until> March",
                    ]))
                let closed = try await app.get("/venues/ccv-north")
                #expect(
                    closed.body.string.contains("temporarily closed")
                        && closed.body.string.contains("Flooded &lt;until&gt; March"))
                #expect(try await Outbox.all(on: app.db).filter { $0.kind == "watch-notice" }.count == 4)

                let yesterday = SimpleDate.today(Date().addingTimeInterval(-86_400)).description
                _ = try await ed.post(
                    "/staff/directory/session/ses-1",
                    Self.sessionForm([
                        "venue_id": "ccv-north", "start_time": "10:00", "end_time": "11:30", "visible_to": yesterday,
                    ]))
                #expect(
                    !(try await app.get("/venues/ccv-north")).body.string.contains("Stay and play"), "listed only until yesterday"
                )
                let api = try #require(try await app.json("/api/v1/sessions") as? [String: Any])
                #expect(api["total"] as? Int == 0)
                #expect(try await ed.open("/staff/directory").body.string.contains("ses-1"), "staff still see it")

                let inUse = try await ed.post("/staff/directory/venue/ccv-north/retire", [("action", "retire")])
                #expect(inUse.status == .badRequest && inUse.body.string.contains("Still in use by centre cc-north"))
                let retired = try await ed.post("/staff/directory/centre/cc-north/retire", [("action", "retire")])
                #expect(retired.status == .seeOther)
                let gone = try await app.get("/centres/cc-north")
                #expect(gone.status == .gone && gone.body.string.contains("retired from the directory"))
                let centres = try #require(try await app.json("/api/v1/centres") as? [String: Any])
                #expect(centres["total"] as? Int == 1)
                #expect(
                    try await WatcherStore.confirmed(.centre, ids: ["cc-north"], on: app.db).isEmpty,
                    "a retired record's watchers are not kept")
                #expect(
                    try await Outbox.all(on: app.db).contains {
                        $0.toAddress == "carer@example.org"
                            && $0.body.contains("Taken out of the directory (retired) on \(Self.today)")
                    })

                let csv = try await ed.send(.GET, "/staff/directory/session/ses-1/history.csv")
                #expect(csv.status == .ok && csv.body.string.contains(",session,ses-1,edited,start_time,09:30,10:00,"))

                var person = FormSession(app: app)
                let stopPage = try await person.open("/watch/stop?token=\(sessionToken)")
                #expect(stopPage.status == .ok && stopPage.body.string.contains("Stop the emails"))
                let oneClick = try await app.testing().sendRequest(
                    .POST, "/watch/one-click?token=\(sessionToken)",
                    headers: ["Content-Type": "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
                #expect(oneClick.status == .ok)
                #expect(try await WatcherStore.byUnsubscribe(sessionToken, on: app.db) == nil, "the address is deleted")
            }
        }

        /// One confirmation per request at most, three requests per address an hour, an unknown or
        /// hidden record refused, and the same answer whether or not the address already watches.
        @Test(arguments: Engine.all) func watchRequestsAreLimitedAndRevealNothing(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                _ = try await Self.watch(app, "parent@example.org", "centre", "cc-north")
                var b = FormSession(app: app)
                _ = try await b.open("/watch?type=centre&id=cc-north")
                #expect(try await app.get("/watch?type=centre&id=nowhere").status == .notFound)
                #expect(try await app.get("/watch?type=venue&id=lib-north").status == .notFound, "venues are not watched")
                let again = try await b.post("/watch", [("type", "centre"), ("id", "cc-north"), ("email", "Parent@Example.org")])
                #expect(again.status == .ok && again.body.string.contains(WatchController.sentText))
                #expect(
                    try await Outbox.all(on: app.db).filter { $0.kind == "watch-confirm" }.count == 1, "already watching: no mail"
                )
                let bad = try await b.post("/watch", [("type", "centre"), ("id", "cc-north"), ("email", "not-an-address")])
                #expect(bad.status == .badRequest && bad.body.string.contains("Email address:"))
                for _ in 0..<WatchController.requestsPerAddressPerHour {
                    let r = try await b.post("/watch", [("type", "centre"), ("id", "cc-south"), ("email", "x@example.org")])
                    #expect(r.status == .ok)
                }
                let limited = try await b.post("/watch", [("type", "centre"), ("id", "cc-south"), ("email", "x@example.org")])
                #expect(limited.status == .tooManyRequests)
            }
        }

        @Test(arguments: Engine.all) func aNewVenueTakesItsPointFromItsPostcodeAndItsAreaFromThePoint(engine: Engine) async throws
        {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                try await DatabaseTests.Accounts.makeUser(app, "ed@example.org", roles: [.networkEditor])
                var ed = StaffBrowser(app)
                _ = try await ed.signIn("ed@example.org", DatabaseTests.Accounts.password)
                _ = try await ed.open("/staff/directory/venue/new")
                func venue(_ extra: [(String, String)]) async throws -> TestingHTTPResponse {
                    try await ed.post("/staff/directory/venue/new", [("name", "Village Hall"), ("kind", "village_hall")] + extra)
                }
                let unknownPostcode = try await venue([("postcode", "NR9 9ZZ"), ("location_quality", "exact")])
                #expect(
                    unknownPostcode.status == .badRequest && unknownPostcode.body.string.contains("a location is never guessed"))
                let noMethod = try await venue([("location_quality", "exact"), ("lat", "52.5"), ("lon", "1.0")])
                #expect(noMethod.status == .badRequest && noMethod.body.string.contains("Say how the new point was found"))
                let outside = try await venue([
                    ("location_quality", "exact"), ("lat", "51.5"), ("lon", "-0.1"), ("location_method", "A map"),
                ])
                #expect(outside.status == .badRequest && outside.body.string.contains("outside the pack"))
                let contradiction = try await venue([("location_quality", "unknown"), ("lat", "52.5"), ("lon", "1.0")])
                #expect(contradiction.status == .badRequest && contradiction.body.string.contains("must not have coordinates"))
                let badPostcode = try await venue([("postcode", "not a postcode"), ("location_quality", "unknown")])
                #expect(badPostcode.status == .badRequest && badPostcode.body.string.contains("is not a UK postcode"))
                #expect(try await AuditLog.entries(recordType: "venue", on: app.db).isEmpty)

                let made = try await venue([("postcode", "nr1 1aa"), ("location_quality", "exact")])
                #expect(
                    made.status == .seeOther && made.headers.first(name: .location) == "/staff/directory/venue/venue-village-hall"
                )
                let v = try #require(try await DirectoryQueries(app.db).venue("venue-village-hall"))
                #expect(v.postcode == "NR1 1AA" && v.location == Coordinate(lat: 52.90, lon: 1.11))
                #expect(
                    v.areaCode == "E01000001" && v.districtCode == "E07000001"
                        && v.locationMethod == DirectoryRules.postcodeMethod)
                #expect(v.upkeep?.lastChecked == SimpleDate.today())
                #expect(
                    try await venue([("location_quality", "unknown")]).headers.first(name: .location)?.hasSuffix("village-hall-2")
                        == true)

                _ = try await ed.open("/staff/directory/session/new")
                let session = try await ed.post(
                    "/staff/directory/session/new",
                    [
                        ("service_id", "svc-play"), ("venue_id", "venue-village-hall"), ("recurrence", "once"),
                        ("session_date", "2030-03-12"), ("start_time", "9:30"), ("end_time", "10:30"),
                    ])
                #expect(session.status == .seeOther)
                let page = try await app.get("/venues/venue-village-hall")
                #expect(page.status == .ok && page.body.string.contains("12 March 2030, 09:30–10:30"))
                let created = try #require(try await AuditLog.entries(recordType: "session", on: app.db).first)
                #expect(
                    created.action == "created"
                        && created.decodedChanges.contains(AuditChange(field: "start_time", from: nil, to: "09:30")))

                let tomorrow = SimpleDate.today(Date().addingTimeInterval(86_400)).description
                _ = try await ed.open("/staff/directory/centre/new")
                func centre(_ from: String, _ to: String) async throws -> TestingHTTPResponse {
                    try await ed.post(
                        "/staff/directory/centre/new",
                        [
                            ("name", "Village Centre"), ("venue_id", "venue-village-hall"), ("confidence", "high"),
                            ("visible_from", from), ("visible_to", to),
                        ])
                }
                let backwards = try await centre(tomorrow, Self.today)
                #expect(backwards.status == .badRequest && backwards.body.string.contains("Listed until is before listed from"))
                #expect(try await centre(tomorrow, "").status == .seeOther)
                #expect(try await app.get("/centres/centre-village-centre").status == .notFound, "not listed until tomorrow")
                #expect(try await ed.open("/staff/directory/centre/centre-village-centre").status == .ok)

                await #expect(throws: CentresError.self, "replacing the pack would lose the edits") {
                    _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: true)
                }
                #expect(try await DirectoryQueries(app.db).venue("venue-village-hall") != nil, "nothing was replaced")
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: true, discardEdits: true)
                #expect(try await DirectoryQueries(app.db).venue("venue-village-hall") == nil)
            }
        }
    }
}
