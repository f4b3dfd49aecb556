import CentresCore
import CentresTestSupport
import Foundation
import Testing
import VaporTesting

@testable import CentresWeb

extension DatabaseTests {
    /// Names and free text carrying `" ' < > &` and a script tag are escaped on every page.
    @Suite struct Escaping {
        static let paths = [
            "/", "/districts", "/districts/E07000001", "/centres", "/centres/cc-north", "/centres/cc-south", "/venues",
            "/venues/lib-north", "/venues/ccv-north", "/areas", "/areas/E01000001", "/near?q=NR1+1AA", "/near?q=Middle",
            "/near?q=%3Cscript%3Ealert('x')%3C%2Fscript%3E", "/map", "/map?shade=deprivation", "/map.svg", "/data",
            "/centres/%3Cscript%3Ealert('x')%3C%2Fscript%3E", "/proposals", "/proposals/small-plan",
            "/proposals/small-plan?baseline=&mode=walk", "/proposals/compare?a=small-network&b=small-plan",
            "/proposals/postcode?q=NR1+1AA", "/proposals/%3Cscript%3E",
            "/optimiser?sites=2&candidates=centres,libraries,venues", "/optimiser/frontier?up_to=2&candidates=centres,libraries",
            "/optimiser?keep=%3Cscript%3Ealert('x')%3C%2Fscript%3E",
        ]

        @Test(arguments: Engine.all) func hostileTextIsEscapedEverywhere(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(hostile: true), into: app.db, replace: false)
                for path in Self.paths {
                    let res = try await app.get(path)
                    let body = res.body.string
                    #expect(res.status.code < 500, "\(path)")
                    #expect(!body.contains("<script"), "\(path) contains a raw script tag")
                    #expect(!body.contains("<b>bold</b>"), "\(path) contains raw markup")
                    #expect(!body.contains("\"<b>"), "\(path) contains an unescaped quote before markup")
                }
                #expect(
                    try await app.get("/centres/cc-north").body.string.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                )
                #expect(try await app.get("/map").body.string.contains("&lt;script&gt;"))
                for path in ["/api/v1/centres", "/api/v1/venues", "/api/v1/areas", "/api/v1/districts", "/api/v1/sessions"] {
                    let res = try await app.get(path)
                    #expect(res.status == .ok, "\(path)")
                    #expect(res.headers.contentType == .json, "\(path) is served as JSON, never as HTML")
                }
            }
        }
    }
}
