import CentresCore
import Fluent
import TravelTime
import Vapor

struct TravelTimeDTO: Content {
    var mode: String
    var modeLabel: String
    var minutes: Double?
    var text: String
    var method: String
    var isEstimate: Bool
    /// Set when the time is from the centre of the small area a searched point lies in (network
    /// and timetable times exist per area, not per point): that area's code.
    var fromArea: String?
}

/// Under-fives living within each time band of a venue, by one mode.
struct ReachDTO: Content {
    struct Band: Content {
        var minutes: Int
        var underFives: Int
        var share: Double
        var shareText: String
    }
    var mode: String
    var modeLabel: String
    var method: String
    var isEstimate: Bool
    var summary: String
    var bands: [Band]
    var populationYear: Int
}

/// Where a journey starts: a small area (a row of the stored matrices) or a point someone typed,
/// with the area it lies in when known.
enum JourneyOrigin {
    case area(String)
    case point(Coordinate, area: String?)
}

/// Reads the pack's stored matrices and turns cells into times people can read.
struct TravelTimes {
    let matrices: [TravelTimeMatrix]

    static func load(_ db: any Database) async throws -> TravelTimes {
        TravelTimes(matrices: try await MatrixStore.loadAll(on: db))
    }

    static func text(_ minutes: Double?) -> String {
        guard let minutes else { return "not reachable within the limit" }
        let m = Int(minutes.rounded())
        if m < 60 { return "\(max(1, m)) min" }
        return m % 60 == 0 ? "\(m / 60) h" : "\(m / 60) h \(m % 60) min"
    }

    /// The estimate model a stored estimate matrix was built with, so a typed-in point is treated
    /// exactly like an area centre.
    static func parameters(_ meta: MatrixMetadata) -> EstimateModel.Parameters? {
        guard meta.method == .estimate, let d = meta.parameters["detour_factor"].flatMap(Double.init),
            let s = meta.parameters["speed_kmh"].flatMap(Double.init),
            let a = meta.parameters["allowance_minutes"].flatMap(Double.init)
        else { return nil }
        return .init(detourFactor: d, speedKmh: s, allowanceMinutes: a)
    }

    func times(from origin: JourneyOrigin, to venue: Venue) -> [TravelTimeDTO] {
        matrices.compactMap { m in
            let meta = m.metadata
            let minutes: Double?
            var fromArea: String?
            func row(_ code: String) -> Double?? {
                guard let o = m.origins.firstIndex(of: code), let d = m.destinations.firstIndex(of: venue.id) else { return nil }
                return .some(m.minutes(origin: o, destination: d, layer: m.headlineLayer))
            }
            switch origin {
            case .area(let code):
                guard let value = row(code) else { return nil }
                minutes = value
            case .point(_, let area?) where Self.parameters(meta) == nil:
                // Network and timetable times exist per area: use the row of the area the point lies in.
                guard let value = row(area) else { return nil }
                minutes = value
                fromArea = area
            case .point(let c, _):
                // An estimate is recomputed from the point itself, exactly as for an area's centre.
                guard let p = Self.parameters(meta), let target = venue.location else { return nil }
                var model = EstimateModel()
                switch meta.mode {
                case .walk: model.walk = p
                case .cycle: model.cycle = p
                case .car: model.car = p
                case .transit: return nil
                }
                let value = meta.precision.minutes(
                    seconds: ((try? model.minutes(from: c, to: target, mode: meta.mode)) ?? .infinity) * 60)
                minutes = value <= meta.maxMinutes ? value : nil
            }
            return TravelTimeDTO(
                mode: meta.mode.rawValue, modeLabel: meta.mode.label, minutes: minutes.map(TravelTimeMatrix.rounded),
                text: Self.text(minutes),
                method: meta.method.rawValue, isEstimate: meta.method.isEstimate, fromArea: fromArea)
        }
    }

    /// Whether a public-transport matrix (from a timetable) is stored.
    var hasTransit: Bool { matrices.contains { $0.metadata.mode == .transit } }

    static let bands = [15, 30, 45, 60]

    /// For each mode: how many under-fives live within 15, 30, 45 and 60 minutes of the venue.
    func reach(of venue: Venue, areas: [Area]) -> [ReachDTO] {
        let total = areas.reduce(0) { $0 + $1.underFives }
        return matrices.compactMap { m in
            guard let d = m.destinations.firstIndex(of: venue.id), venue.location != nil, total > 0 else { return nil }
            let row = Dictionary(uniqueKeysWithValues: m.origins.enumerated().map { ($1, $0) })
            let timed = areas.compactMap { a in
                row[a.code].map { (a.underFives, m.minutes(origin: $0, destination: d, layer: m.headlineLayer)) }
            }
            return ReachDTO(
                mode: m.metadata.mode.rawValue, modeLabel: m.metadata.mode.label, method: m.metadata.method.rawValue,
                isEstimate: m.metadata.method.isEstimate, summary: m.metadata.summary,
                bands: Self.bands.map { band in
                    let n = timed.filter { ($0.1 ?? .infinity) <= Double(band) }.reduce(0) { $0 + $1.0 }
                    let share = Double(n) / Double(total)
                    return .init(minutes: band, underFives: n, share: share, shareText: "\(Int((share * 100).rounded()))%")
                }, populationYear: areas.first?.populationYear ?? 0)
        }
    }
}
