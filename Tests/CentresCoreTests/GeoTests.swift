import CentresTestSupport
import Testing

@testable import CentresCore

@Suite struct BritishNationalGridTests {
    /// The Ordnance Survey's worked example (Caister water tower, OSGB36 → grid), to the millimetre.
    @Test func projectionMatchesOrdnanceSurveyWorkedExample() {
        let φ = (52 + 39 / 60.0 + 27.2531 / 3600) * .pi / 180
        let λ = (1 + 43 / 60.0 + 4.5177 / 3600) * .pi / 180
        let g = BritishNationalGrid.project(φ: φ, λ: λ)
        #expect(abs(g.easting - 651_409.903) < 0.001)
        #expect(abs(g.northing - 313_177.270) < 0.001)
        let (φ2, λ2) = BritishNationalGrid.unproject(g)
        #expect(abs(φ2 - φ) * 180 / .pi * 3600 < 0.0001)
        #expect(abs(λ2 - λ) * 180 / .pi * 3600 < 0.0001)
    }

    /// Norfolk postcodes as OS Code-Point Open gives them (grid) and as the pack converted them with pyproj.
    @Test(arguments: [
        (628_516.0, 286_947.0, 52.432704, 1.360155),
        (598_933.0, 311_819.0, 52.667563, 0.940539),
        (582_189.0, 308_681.0, 52.645266, 0.691495),
    ])
    func conversionAgreesWithPyprojWithinAMetre(easting: Double, northing: Double, lat: Double, lon: Double) {
        let c = BritishNationalGrid.coordinate(from: GridReference(easting: easting, northing: northing))
        #expect(c.distance(to: Coordinate(lat: lat, lon: lon)) < 1.0)
        let g = BritishNationalGrid.gridReference(from: Coordinate(lat: lat, lon: lon))
        #expect(abs(g.easting - easting) < 1.0)
        #expect(abs(g.northing - northing) < 1.0)
    }

    @Test func roundTripIsStableOnRandomPointsAcrossGreatBritain() {
        var rng = SeededGenerator(seed: 2018)
        for _ in 0..<500 {
            let c = Coordinate(lat: Double.random(in: 50...58.5, using: &rng), lon: Double.random(in: -6...1.8, using: &rng))
            let back = BritishNationalGrid.coordinate(from: BritishNationalGrid.gridReference(from: c))
            #expect(c.distance(to: back) < 0.01, "\(c) came back as \(back)")
        }
    }
}

@Suite struct DistanceTests {
    @Test func oneDegreeOfLatitudeIsAbout111Kilometres() {
        let d = Coordinate(lat: 0, lon: 0).distance(to: Coordinate(lat: 1, lon: 0))
        #expect(abs(d - Coordinate.earthRadius * .pi / 180) < 1e-6)
    }

    @Test func distanceIsSymmetricAndZeroToItself() {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            let a = Coordinate(lat: .random(in: 52...53, using: &rng), lon: .random(in: 0...2, using: &rng))
            let b = Coordinate(lat: .random(in: 52...53, using: &rng), lon: .random(in: 0...2, using: &rng))
            #expect(abs(a.distance(to: b) - b.distance(to: a)) < 1e-6)
            #expect(a.distance(to: a) == 0)
        }
    }

    @Test(arguments: [(40.0, "40 m"), (994.0, "990 m"), (1000.0, "1.0 km"), (3249.0, "3.2 km"), (12_600.0, "13 km")])
    func distancesReadAsPeopleSayThem(metres: Double, text: String) {
        #expect(DistanceText.format(metres: metres) == text)
    }

    @Test func boundingBoxContainsItsCornersOnly() {
        let box = BoundingBox(minLat: 52, minLon: 0, maxLat: 53, maxLon: 2)
        #expect(box.contains(Coordinate(lat: 52, lon: 0)))
        #expect(box.contains(Coordinate(lat: 53, lon: 2)))
        #expect(!box.contains(Coordinate(lat: 51.5, lon: -0.1)))
    }
}

@Suite struct NearestTests {
    func venue(_ id: String, _ c: Coordinate?) -> Venue {
        Venue(id: id, kind: .library, name: id, location: c, locationQuality: c == nil ? .unknown : .exact)
    }

    @Test func unknownLocationsAreNeverIncludedAndTiesBreakById() {
        let here = Coordinate(lat: 52.6, lon: 1.3)
        let same = Coordinate(lat: 52.7, lon: 1.3)
        let result = Nearest.venues(
            from: here,
            among: [venue("b", same), venue("nowhere", nil), venue("a", same), venue("far", Coordinate(lat: 53, lon: 1.3))],
            limit: 10)
        #expect(result.map(\.venue.id) == ["a", "b", "far"])
    }

    @Test func firstResultIsAlwaysTheTrueMinimum() {
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<100 {
            let venues = (0..<20).map {
                venue("v\($0)", Coordinate(lat: .random(in: 52...53, using: &rng), lon: .random(in: 0...2, using: &rng)))
            }
            let here = Coordinate(lat: .random(in: 52...53, using: &rng), lon: .random(in: 0...2, using: &rng))
            let result = Nearest.venues(from: here, among: venues, limit: 5)
            let best = venues.map { here.distance(to: $0.location!) }.min()!
            #expect(result.count == 5)
            #expect(result[0].metres == best)
            #expect(zip(result, result.dropFirst()).allSatisfy { $0.metres <= $1.metres })
        }
    }
}
