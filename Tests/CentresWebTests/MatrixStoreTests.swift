import CentresCore
import CentresTestSupport
import Foundation
import Testing
import TravelTime
import VaporTesting

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct Matrices {
        @Test(arguments: Engine.all) func loadingAPackBuildsEstimateMatricesThatReadBackExactly(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(norfolk, into: app.db, replace: false)
                let stored = try await MatrixStore.loadAll(on: app.db)
                #expect(stored.map(\.metadata.mode) == [.walk, .cycle, .car])
                let car = try #require(stored.last)
                #expect(car.origins.count == 538)
                #expect(car.destinations.count == 100)
                #expect(car.metadata.method == .estimate)

                // A cell is exactly the estimate model's answer, rounded to a tenth of a minute.
                let area = norfolk.areas[0]
                let library = try #require(norfolk.venues.first { $0.kind == .library })
                let o = try #require(car.origins.firstIndex(of: area.code))
                let d = try #require(car.destinations.firstIndex(of: library.id))
                let expected = TravelTimeMatrix.rounded(
                    try EstimateModel().minutes(from: area.centroid, to: library.location!, mode: .car))
                #expect(car.minutes(origin: o, destination: d) == expected)

                // A venue with no location is unreachable from everywhere, never placed.
                let unknown = try #require(norfolk.venues.first { $0.location == nil })
                let u = try #require(car.destinations.firstIndex(of: unknown.id))
                #expect(car.origins.indices.allSatisfy { car.minutes(origin: $0, destination: u) == nil })

                // Replacing the pack replaces the matrices.
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: true)
                #expect(try await MatrixStore.load(.car, on: app.db)?.origins.count == 3)
            }
        }

        /// Pages call times estimates only when they are: the wording follows each matrix's method.
        @Test(arguments: Engine.all) func estimateWordingFollowsTheMatrixMethod(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(norfolk, into: app.db, replace: false)
                let area = "/areas/E01026419"
                #expect(try await app.get(area).body.string.contains("(<strong>estimates</strong>)"))
                for var m in try await MatrixStore.loadAll(on: app.db) {
                    m.metadata.method = .network
                    try await MatrixStore.save(m, computedAt: "2026-11-22T00:00:00Z", on: app.db)
                }
                let body = try await app.get(area).body.string
                #expect(body.contains("min by car"))
                #expect(!body.contains("estimates</strong>"))
                #expect(!body.contains("(estimates)"))
                #expect(body.contains("and travel times from there. See"))
            }
        }
    }
}
