import CentresCore
import CentresTestSupport
import Testing

@testable import TravelTime

@Suite struct EstimateTests {
    let model = EstimateModel()
    let holt = Coordinate(lat: 52.9069, lon: 1.0907)
    // 0.1° of latitude north of Holt: 11,119.5 m on the project's Earth radius.
    var north: Coordinate { Coordinate(lat: holt.lat + 0.1, lon: holt.lon) }

    @Test func walkingIsDistanceTimesDetourOverSpeed() throws {
        let metres = holt.distance(to: north)
        #expect(abs(metres - 11_119.5) < 1)
        let expected = metres * 1.25 / (4.8 * 1000 / 60)
        #expect(abs(try model.minutes(from: holt, to: north, mode: .walk) - expected) < 1e-9)
        #expect(abs(try model.minutes(from: holt, to: north, mode: .car) - (metres * 1.35 / 750 + 3)) < 1e-9)
    }

    @Test func publicTransportIsNeverEstimated() {
        #expect(throws: EstimateModel.Unavailable.transit) { try model.minutes(from: holt, to: north, mode: .transit) }
    }

    @Test func unknownPointsAndTheTimeLimitGiveUnreachableCells() throws {
        let m = try model.matrix(
            origins: [("a", holt), ("nowhere", nil)], destinations: [("near", north), ("far", Coordinate(lat: 52.0, lon: 1.09))],
            mode: .car, maxMinutes: 60)
        #expect(
            m.minutes(origin: 0, destination: 0) == TravelTimeMatrix.rounded(try model.minutes(from: holt, to: north, mode: .car))
        )
        #expect(m.minutes(origin: 0, destination: 1) == nil)  // about 136 minutes away
        #expect(m.minutes(origin: 1, destination: 0) == nil)
        #expect(m.metadata.method == .estimate)
        #expect(m.metadata.parameters["detour_factor"] == "1.35")
    }

    @Test func fasterModesAreNeverSlowerOverLongDistances() throws {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<200 {
            let a = Coordinate(lat: .random(in: 52.3...53, using: &rng), lon: .random(in: 0.2...1.7, using: &rng))
            let b = Coordinate(lat: .random(in: 52.3...53, using: &rng), lon: .random(in: 0.2...1.7, using: &rng))
            guard a.distance(to: b) > 3000 else { continue }
            let walk = try model.minutes(from: a, to: b, mode: .walk)
            let cycle = try model.minutes(from: a, to: b, mode: .cycle)
            let car = try model.minutes(from: a, to: b, mode: .car)
            #expect(walk > cycle && cycle > car)
        }
    }
}
