import CentresCore
import CentresTestSupport
import Foundation
import Testing
import VaporTesting

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct API {
        static let routes: [(path: String, status: UInt, schema: String)] = [
            ("/api/v1/districts", 200, "DistrictPage"),
            ("/api/v1/districts/E07000147", 200, "District"),
            ("/api/v1/districts/X", 404, "Problem"),
            ("/api/v1/areas", 200, "AreaPage"),
            ("/api/v1/areas?district=E07000149&decile=9&per=5&page=2", 200, "AreaPage"),
            ("/api/v1/areas?decile=0", 400, "Problem"),
            ("/api/v1/areas?per=500", 400, "Problem"),
            ("/api/v1/areas?page=abc", 400, "Problem"),
            ("/api/v1/areas/E01026419", 200, "Area"),
            ("/api/v1/areas/X", 404, "Problem"),
            ("/api/v1/venues?kind=library", 200, "VenuePage"),
            ("/api/v1/venues?kind=childrens_centre&per=200", 200, "VenuePage"),
            ("/api/v1/venues/lib-holt-library", 200, "Venue"),
            ("/api/v1/venues/X", 404, "Problem"),
            ("/api/v1/centres?per=200", 200, "CentrePage"),
            ("/api/v1/centres?status=base&district=E07000146", 200, "CentrePage"),
            ("/api/v1/centres?district=bogus", 400, "Problem"),
            ("/api/v1/centres/cc-holt-children-s-centre", 200, "Centre"),
            ("/api/v1/centres/X", 404, "Problem"),
            ("/api/v1/services", 200, "ServicePage"),
            ("/api/v1/sessions", 200, "SessionPage"),
            ("/api/v1/near?q=NR25%206BW", 200, "NearResult"),
            ("/api/v1/near?q=Priory", 200, "NearResult"),
            ("/api/v1/near?q=", 200, "NearResult"),
            ("/api/v1/near?q=Holt&limit=100", 400, "Problem"),
            ("/api/v1/proposals", 200, "ProposalPage"),
            ("/api/v1/proposals/decision-2019-01", 200, "Proposal"),
            ("/api/v1/proposals/nope", 404, "Problem"),
            ("/api/v1/proposals/decision-2019-01/assessment", 200, "AssessmentResult"),
            ("/api/v1/proposals/proposal-2018-09/assessment?mode=walk&baseline=", 200, "AssessmentResult"),
            ("/api/v1/proposals/proposal-2018-09/assessment?mode=transit", 400, "Problem"),
            ("/api/v1/proposals/proposal-2018-09/assessment?baseline=nope", 400, "Problem"),
            ("/api/v1/proposals/nope/assessment", 404, "Problem"),
            (
                "/api/v1/optimiser?problem=mclp&sites=7&candidates=centres,libraries&keep=Vancouver+Children%27s+Centre", 200,
                "OptimiserResult"
            ),
            ("/api/v1/optimiser?problem=pmedian&sites=5&mode=walk&weighting=under-fives-deprivation", 200, "OptimiserResult"),
            ("/api/v1/optimiser?problem=lscp&share=0.9&within=20", 200, "OptimiserResult"),
            ("/api/v1/optimiser?problem=lscp&within=20", 200, "OptimiserResult"),
            (
                "/api/v1/optimiser?sites=12&min_district=Norwich%3D3&max_district=Norwich%3D3,Breckland%3D1", 200,
                "OptimiserResult"
            ),
            ("/api/v1/optimiser?sites=9&max_district=Norwich", 400, "Problem"),
            ("/api/v1/optimiser?sites=0", 400, "Problem"),
            ("/api/v1/optimiser?keep=Nowhere", 400, "Problem"),
            ("/api/v1/optimiser?mode=transit", 400, "Problem"),
            ("/api/v1/optimiser/frontier?up_to=4&candidates=libraries", 200, "FrontierResult"),
            ("/api/v1/optimiser/frontier?up_to=99", 400, "Problem"),
            ("/api/v1/petitions", 200, "PetitionPage"), ("/api/v1/petitions/no-such-petition", 404, "Problem"),
            ("/api/v1/consultations", 200, "ConsultationPage"), ("/api/v1/consultations/none/results", 404, "Problem"),
            ("/api/v1/nothing-here", 404, "Problem"),
        ]

        @Test(arguments: Engine.all) func everyRouteMatchesTheOpenAPIDocument(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(norfolk, into: app.db, replace: false)
                let doc = try #require(try await app.json("/api/v1/openapi.json") as? [String: Any])
                let validator = SchemaValidator(openAPI: doc)
                let paths = try #require(doc["paths"] as? [String: Any])
                for r in Self.routes {
                    let res = try await app.get(r.path)
                    #expect(res.status.code == r.status, "\(r.path)")
                    let body = try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView))
                    let problems = validator.problems(body, against: ["$ref": "#/components/schemas/\(r.schema)"])
                    #expect(problems.isEmpty, "\(r.path): \(problems.prefix(5))")
                    if r.status >= 400 {
                        #expect(res.headers.contentType?.description.hasPrefix("application/problem+json") == true)
                    }
                    let template = Self.template(for: r.path)
                    if r.status != 404 || template != nil {
                        #expect(template.map { paths[$0] != nil } == true, "\(r.path) is documented")
                    }
                }
            }
        }

        /// The documented path for a concrete one: "/api/v1/areas/E01" → "/api/v1/areas/{code}".
        static func template(for path: String) -> String? {
            let bare = String(path.split(separator: "?", maxSplits: 1)[0])
            let parts = bare.split(separator: "/")
            for (known, name) in [
                ("districts", "code"), ("areas", "code"), ("venues", "id"), ("centres", "id"), ("proposals", "id"),
                ("petitions", "id"),
            ] {
                if parts.count == 4 && parts[2] == known { return "/api/v1/\(known)/{\(name)}" }
            }
            if parts.count == 5 && parts[2] == "proposals" && parts[4] == "assessment" {
                return "/api/v1/proposals/{id}/assessment"
            }
            if parts.count == 5 && parts[2] == "consultations" && parts[4] == "results" {
                return "/api/v1/consultations/{id}/results"
            }
            return [
                "/api/v1/districts", "/api/v1/areas", "/api/v1/venues", "/api/v1/centres", "/api/v1/services",
                "/api/v1/sessions", "/api/v1/near", "/api/v1/proposals", "/api/v1/optimiser", "/api/v1/optimiser/frontier",
                "/api/v1/petitions", "/api/v1/consultations",
            ].contains(bare) ? bare : nil
        }

        @Test(arguments: Engine.all) func listsPaginateAndFilterLikeThePages(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(norfolk, into: app.db, replace: false)
                let page = try #require(try await app.json("/api/v1/areas?per=100&page=6") as? [String: Any])
                #expect(page["total"] as? Int == 538)
                #expect((page["items"] as? [Any])?.count == 38)
                let bases = try #require(try await app.json("/api/v1/centres?status=base&per=200") as? [String: Any])
                #expect(bases["total"] as? Int == 10)
                let holt = try #require(try await app.json("/api/v1/centres/cc-holt-children-s-centre") as? [String: Any])
                #expect((holt["events"] as? [Any])?.count == 4)
                #expect(holt["currentStatus"] as? String == "closed")
                let near = try #require(try await app.json("/api/v1/near?q=NR25%206BW&limit=2") as? [String: Any])
                let centres = try #require(near["centres"] as? [[String: Any]])
                #expect(centres.count == 2)
                #expect(centres.first?["centreId"] as? String == "cc-holt-children-s-centre")
                #expect((centres.first?["metres"] as? Double).map { $0 < 1000 } == true)
            }
        }
    }
}
