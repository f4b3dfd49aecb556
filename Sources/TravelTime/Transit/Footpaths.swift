import CentresCore

/// Generates stop-to-stop transfers.
///
/// Walking transfers join every pair of distinct stops within `maxMetres` in a straight line (haversine),
/// at `speed` metres per second with a detour factor of 1.0. This is a placeholder: the street network will
/// later replace straight-line distance with walking routes. Transfers from transfers.txt override the
/// generated time (min_transfer_time when given); forbidden pairs (transfer_type 3) are removed.
/// Footpaths are NOT made transitive; RAPTOR here allows one footpath between two rides.
enum Footpaths {
    /// - Complexity: O(S log S + S · k) with a latitude sweep, k being the stops within the latitude band.
    static func generate(
        stops: [Coordinate], maxMetres: Double, speed: Double,
        explicit: [(from: Int, to: Int, seconds: Int?)], forbidden: Set<[Int]>
    ) -> [[Footpath]] {
        var times = Array(repeating: [Int: Int](), count: stops.count)
        if maxMetres > 0 && speed > 0 {
            // Stops without a valid position (NaN from feeds that omit it) get no generated footpaths.
            let order = stops.indices.filter { stops[$0].isValid }.sorted { stops[$0].lat < stops[$1].lat }
            // One degree of latitude is about 111.2 km everywhere; pad slightly so the band is conservative.
            let band = maxMetres / 111_000.0
            for (a, i) in order.enumerated() {
                var b = a + 1
                while b < order.count && stops[order[b]].lat - stops[i].lat <= band {
                    let j = order[b]
                    let d = stops[i].distance(to: stops[j])
                    if d <= maxMetres {
                        let secs = Int((d / speed).rounded(.up))
                        times[i][j] = secs
                        times[j][i] = secs
                    }
                    b += 1
                }
            }
        }
        for t in explicit {
            guard t.seconds != nil || (stops[t.from].isValid && stops[t.to].isValid) else { continue }
            let walk = Int((stops[t.from].distance(to: stops[t.to]) / max(speed, 0.1)).rounded(.up))
            times[t.from][t.to] = t.seconds ?? walk
        }
        for pair in forbidden where pair.count == 2 && stops.indices.contains(pair[0]) {
            times[pair[0]][pair[1]] = nil
        }
        return times.map { dict in dict.map { Footpath(to: $0.key, seconds: $0.value) }.sorted { $0.to < $1.to } }
    }
}
