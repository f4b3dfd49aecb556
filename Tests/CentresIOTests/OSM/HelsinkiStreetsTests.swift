import CentresCore
import CentresIO
import Foundation
import Testing
import TravelTime

@Suite struct HelsinkiStreetsTests {
    /// Railway station, Senate Square, Kamppi edge, Esplanadi, Kaisaniemi park.
    static let places = [
        Coordinate(lat: 60.1710, lon: 24.9414), Coordinate(lat: 60.1694, lon: 24.9522), Coordinate(lat: 60.1687, lon: 24.9365),
        Coordinate(lat: 60.1675, lon: 24.9467), Coordinate(lat: 60.1745, lon: 24.9470),
    ]

    @Test func walkingTimesAreFiniteAndSymmetric() throws {
        let clock = ContinuousClock()
        var start = clock.now
        let extract = try OSMPBFReader.read(url: helsinkiPBF)
        let readTime = clock.now - start
        start = clock.now
        let graphs = StreetMode.allCases.map { StreetGraph(extract.roadNetwork, mode: $0) }
        print(
            "Helsinki: read \(readTime), 3 graphs built in \(clock.now - start); "
                + graphs.map { "\($0.mode): \($0.nodeCount) nodes, \($0.edgeCount) edges" }.joined(separator: "; "))
        let walk = graphs[0]
        let snaps = Self.places.map { walk.snap($0) }
        #expect(snaps.allSatisfy { $0 != nil && $0!.metres < 100 })
        let times = walk.travelTimes(from: snaps, to: snaps, maxSeconds: 3 * 3600)
        for i in 0..<5 {
            for j in 0..<5 {
                let t = try #require(times[i][j])
                let back = try #require(times[j][i])
                #expect(abs(t - back) < 1e-6)
                // No faster than the crow flies at walking speed, and not absurdly slower in a street grid.
                let crow = Self.places[i].distance(to: Self.places[j]) / (4.8 / 3.6)
                #expect(t >= crow - 1e-6 && (i == j || t < 2.5 * crow + 300))
            }
        }
        print(
            "Helsinki walk minutes: "
                + times.map { $0.map { String(Int(($0 ?? -60) / 60)) }.joined(separator: " ") }.joined(separator: " | "))
        // Cars meet one-way streets: reachable, never faster than the walking lower bound at 100 km/h.
        let car = graphs[2]
        let carTimes = car.travelTimes(
            from: Self.places.map { car.snap($0) }, to: Self.places.map { car.snap($0) }, maxSeconds: 3600)
        #expect(carTimes.joined().allSatisfy { $0 != nil })
        print(
            "Helsinki car minutes: "
                + carTimes.map { $0.map { String(format: "%.1f", ($0 ?? -60) / 60) }.joined(separator: " ") }.joined(
                    separator: " | "))
    }

    /// Issue 21, defect 1: by car, 60.171277, 24.939736 snapped 4.9 m onto OSM node 719891431, in
    /// a 95-node piece (Töölönlahdenkatu / Alvar Aallon katu) that cannot reach the rest, though
    /// a node of the main network is 17 m away. It now snaps to the main network and is reached
    /// from, and reaches, the railway station.
    @Test func aPointBesideAStrandedPieceSnapsToTheMainNetwork() throws {
        let extract = try OSMPBFReader.read(url: helsinkiPBF)
        let car = StreetGraph(extract.roadNetwork, mode: .car)
        let point = Coordinate(lat: 60.171277, lon: 24.939736)
        let snap = try #require(car.snap(point))
        #expect(car.osmIDs[snap.node] != 719_891_431)
        #expect(snap.metres > 10 && snap.metres < 25, "\(snap.metres)")
        let station = car.snap(Self.places[0])
        let times = car.travelTimes(from: [snap, station], to: [station, snap], maxSeconds: 3600)
        #expect(times[0][0] != nil && times[1][1] != nil)
        // The islands rule of R5 and OpenTripPlanner (pieces of 40 nodes or more) keeps the stranded piece.
        let pruned = StreetGraph(extract.roadNetwork, mode: .car, parameters: StreetParameters(islandNodeLimit: 40))
        let stranded = try #require(pruned.snap(point))
        #expect(pruned.osmIDs[stranded.node] == 719_891_431)
        #expect(pruned.travelTimes(from: [stranded], to: [pruned.snap(Self.places[0])], maxSeconds: 3600)[0][0] == nil)
    }
}
