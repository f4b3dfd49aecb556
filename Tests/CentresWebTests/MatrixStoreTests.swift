import CentresCore
import CentresIO
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

                // A cell is exactly the estimate model's answer, stored to the second (issue 22).
                let area = norfolk.areas[0]
                let library = try #require(norfolk.venues.first { $0.kind == .library })
                let o = try #require(car.origins.firstIndex(of: area.code))
                let d = try #require(car.destinations.firstIndex(of: library.id))
                let exact = try EstimateModel().minutes(from: area.centroid, to: library.location!, mode: .car)
                #expect(car.metadata.precision == .seconds)
                #expect(car.minutes(origin: o, destination: d) == (exact * 60).rounded() / 60)

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

extension DatabaseTests {
    @Suite struct PackTransit {
        /// Two stops: one at area 3's centre, one at the first venue; buses at 08:05 and 08:35 take 40 minutes.
        static func timetable() throws -> Timetable {
            let files: [String: String] = [
                "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\nA,Buses,http://a.example,Europe/London\n",
                "stops.txt": "stop_id,stop_name,stop_lat,stop_lon\nS1,Area three,52.50,1.00\nS2,Library,52.90,1.11\n",
                "routes.txt": "route_id,route_type\nR,3\n",
                "trips.txt": "route_id,service_id,trip_id\nR,WK,T1\nR,WK,T2\n",
                "stop_times.txt": """
                trip_id,arrival_time,departure_time,stop_id,stop_sequence
                T1,08:05:00,08:05:00,S1,1
                T1,08:45:00,08:45:00,S2,2
                T2,08:35:00,08:35:00,S1,1
                T2,09:15:00,09:15:00,S2,2

                """,
                "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
                    + "WK,1,1,1,1,1,0,0,20260101,20261231\n",
            ]
            let feed = GTFSFeed.load(files: files.mapValues { Data($0.utf8) }, name: "buses.zip")
            return try feed.timetable(on: SimpleDate("2026-03-10")!)
        }

        @Test(arguments: Engine.all) func packTransitMatrixIsStoredAndShownWithTheMedian(engine: Engine) async throws {
            try await withApp(engine) { app in
                let pack = Fixtures.smallPack()
                _ = try await CentresApp.importPack(pack, into: app.db, replace: false)
                var options = TransitMatrix.Options(window: (8 * 3600)...(8 * 3600 + 30 * 60))
                options.percentiles = [25, 75]  // no median asked for: it is added, as the pages show it
                let input = PackTransitInput(
                    timetable: try Self.timetable(), options: options,
                    inputs: [MatrixInput(name: "buses.zip", date: nil, role: "gtfs")])
                let message = try await MatrixStore.buildTransit(
                    on: app.db, computedAt: "2026-11-22T00:00:00Z", transit: input, walk: nil)
                #expect(message.contains("transit: 3 areas × 2 venues"))
                let m = try #require(try await MatrixStore.load(.transit, on: app.db))
                #expect(m.layers.map(\.name) == ["p25", "p50", "p75"])
                #expect(m.metadata.method == .timetable)
                #expect(m.metadata.window == "08:00-08:30")
                let o = try #require(m.origins.firstIndex(of: "E01000003"))
                let d = try #require(m.destinations.firstIndex(of: pack.venues[0].id))
                // Leaving at 08:00…08:05 arrives 08:45 (45…40 min); 08:06…08:30 arrives 09:15 (69…45 min).
                // 31 departures; nearest rank: p25 is the 8th smallest (46), p50 the 16th (54), p75 the 24th (62).
                #expect(m.minutes(origin: o, destination: d, layer: 0) == 46)
                #expect(m.minutes(origin: o, destination: d, layer: 1) == 54)
                #expect(m.minutes(origin: o, destination: d, layer: 2) == 62)
                // Area 1's centre is close enough to the first venue to walk, at any departure time;
                // stored to the second (issue 22), shown to a tenth.
                let walk = pack.areas[0].centroid.distance(to: pack.venues[0].location!) / (4.8 / 3.6)
                let a1 = try #require(m.origins.firstIndex(of: "E01000001"))
                #expect(m.metadata.precision == .seconds)
                #expect(m.minutes(origin: a1, destination: d, layer: 1) == walk.rounded() / 60)
                let shown = TravelTimes(matrices: [m]).times(from: .area("E01000001"), to: pack.venues[0])
                #expect(shown.first?.minutes == TravelTimeMatrix.rounded(walk.rounded() / 60))

                let area = try await app.get("/areas/E01000003").body.string
                #expect(area.contains("54 min by public transport"))
                // A postcode in area 3: the public-transport time comes from that area's row, and says so.
                let near = try await app.get("/near?q=NR2+2BB").body.string
                #expect(near.contains("54 min by public transport"))
                #expect(near.contains("from the centre of the small area this point lies in"))
                #expect(!near.contains("There are no bus times"))
                let api = try await app.get("/api/v1/near?q=NR2+2BB")
                let json = try JSONSerialization.jsonObject(with: Data(api.body.string.utf8)) as? [String: Any]
                #expect((json?["area"] as? [String: Any])?["code"] as? String == "E01000003")
                #expect(json?["hasTransit"] as? Bool == true)
            }
        }

        /// Network times exist per area: a searched point uses the row of the area it lies in.
        @Test(arguments: Engine.all) func nearMeUsesTheContainingAreaForNetworkTimes(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(norfolk, into: app.db, replace: false)
                for var m in try await MatrixStore.loadAll(on: app.db) {
                    m.metadata.method = .network
                    try await MatrixStore.save(m, computedAt: "2026-11-22T00:00:00Z", on: app.db)
                }
                let entry = norfolk.postcodes[1000]
                let api = try await app.get("/api/v1/near?q=\(entry.postcode.text.replacingOccurrences(of: " ", with: "+"))")
                let json = try #require(try JSONSerialization.jsonObject(with: Data(api.body.string.utf8)) as? [String: Any])
                let code = try #require((json["area"] as? [String: Any])?["code"] as? String)
                // The area found lies in the postcode's own district (an independent column of the postcode file).
                #expect(norfolk.areas.first { $0.code == code }?.districtCode == entry.districtCode)
                let centres = try #require(json["centres"] as? [[String: Any]])
                let times = centres.flatMap { ($0["times"] as? [[String: Any]]) ?? [] }
                #expect(!times.isEmpty)
                #expect(times.allSatisfy { $0["fromArea"] as? String == code && $0["isEstimate"] as? Bool == false })
                #expect(json["hasTransit"] as? Bool == false)
                let page = try await app.get("/near?q=\(entry.postcode.text.replacingOccurrences(of: " ", with: "+"))").body
                    .string
                #expect(page.contains("from the centre of the small area this point lies in"))
                #expect(page.contains("There are no bus times"))
            }
        }
    }
}
