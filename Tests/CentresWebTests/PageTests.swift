import CentresCore
import CentresTestSupport
import Foundation
import Testing
import VaporTesting

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct Pages {
        /// Every public page with the Norfolk pack loaded: its status and what it must say.
        static let expectations: [(path: String, status: UInt, contains: [String])] = [
            (
                "/", 200,
                [
                    "Children&#39;s centres in Norfolk", "<strong>53</strong>", "action=\"/near\"", "Skip to main content",
                    "Base: 10</a>", "Not reported: 19</a>",
                ]
            ),
            ("/districts", 200, ["North Norfolk", "E07000147"]),
            ("/districts/E07000147", 200, ["Holt Children&#39;s Centre", "Holt Library"]),
            ("/districts/E99999999", 404, ["There is no district"]),
            ("/centres", 200, ["53 centres", "UNIDENTIFIED Norwich centre (1 of 3)", "Location unknown"]),
            ("/centres?district=E07000147&status=handed-over", 200, ["Cromer Children&#39;s Centre"]),
            ("/centres?status=base", 200, ["Downham Children&#39;s Centre"]),
            ("/centres?status=nonsense", 400, ["status"]),
            (
                "/centres/cc-holt-children-s-centre", 200,
                [
                    "Approximate: town-level point, not the building", "17 September 2018", "22 January 2019", "De-designated",
                    "https://", "No sessions are recorded", "Who lives within reach", "by car (estimate)",
                    "<strong>estimates</strong>",
                ]
            ),
            ("/centres/cc-unidentified-centre-1-of-4-district-not-known", 200, ["Location unknown", "Not known"]),
            ("/centres/nope", 404, ["There is no centre"]),
            ("/venues", 200, ["Acle Library", "Exact (the building&#39;s postcode)"]),
            ("/venues?kind=library&district=E07000147", 200, ["Holt Library"]),
            ("/venues?kind=castle", 400, ["kind"]),
            ("/venues/lib-holt-library", 200, ["NR25", "Library"]),
            ("/areas", 200, ["538 areas", "Breckland 010A"]),
            ("/areas?district=E07000148&decile=1", 200, ["Norwich"]),
            ("/areas?decile=11", 400, ["decile"]),
            ("/areas?page=2&per=100", 200, ["aria-current=\"page\">2<"]),
            (
                "/areas/E01026419", 200,
                [
                    "Breckland 010A", "Straight-line distance", "mid-2019", "IMD 2019 decile 5", "min by car",
                    "(<strong>estimates</strong>)",
                ]
            ),
            ("/areas/E00000000", 404, ["There is no area"]),
            ("/near", 200, ["Your postcode or town"]),
            (
                "/near?q=NR25+6BW", 200,
                [
                    "Holt Children&#39;s Centre", "Holt Library", "Straight-line", "approximate location", "latest status",
                    "min by car", "min walking", "(estimates)", "no bus times", "Travel times are <strong>estimates</strong>",
                ]
            ),
            ("/near?q=nr256bw", 200, ["NR25 6BW"]),
            ("/near?q=Holt", 200, ["Holt Library"]),
            ("/near?q=Priory", 200, ["Which place do you mean?", "Priory (ward, North Norfolk)"]),
            ("/near?q=ZZ99+9ZZ", 200, ["could not find the postcode ZZ99 9ZZ"]),
            ("/near?q=NR2+1", 200, ["not a complete UK postcode"]),
            ("/near?q=Atlantis", 200, ["could not find a place called"]),
            (
                "/map", 200,
                [
                    "<svg", "Children under five", "approximate, town-level point", "/centres/cc-holt-children-s-centre",
                    "tabindex=\"-1\"",
                ]
            ),
            ("/map?shade=deprivation", 200, ["Quintile 1 (most deprived)"]),
            ("/map?shade=rainfall", 400, ["shade"]),
            ("/map.svg", 200, ["<svg"]),
            (
                "/data", 200,
                [
                    "Known gaps", "41 of 53 centres", "12 of 53 centres", "No session timetable", "OGL", "£10,232,177",
                    "How travel times are made", "straight line × 1.35 ÷ 45.0 km/h + 3.0 min", "538 areas × 100 venues",
                ]
            ),
            ("/health", 200, ["\"database\":\"reachable\""]),
            ("/no-such-page", 404, ["There is no page at /no-such-page"]),
        ]

        @Test(arguments: Engine.all) func everyPageAnswersWithItsContent(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(norfolk, into: app.db, replace: false)
                for e in Self.expectations {
                    let res = try await app.get(e.path)
                    let body = res.body.string
                    #expect(res.status.code == e.status, "\(e.path)")
                    for text in e.contains { #expect(body.contains(text), "\(e.path) should contain \(text)") }
                    #expect(
                        res.headers.first(name: "Content-Security-Policy")?.contains("script-src 'none'") == true, "\(e.path)")
                    #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(e.path)")
                    if e.path != "/health" && e.path != "/map.svg" {
                        #expect(res.headers.contentType?.subType == "html", "\(e.path)")
                        #expect(body.contains("<h1>"), "\(e.path) has a heading")
                    }
                }
            }
        }
    }
}
