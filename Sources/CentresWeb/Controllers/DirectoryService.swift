import CentresCore
import Vapor

/// What the directory pages and the JSON API both ask of the data: each answer is built once,
/// here, from `DirectoryQueries`.
struct DirectoryService {
    let q: DirectoryQueries

    /// The public directory: what is listed today.
    init(_ req: Request) { q = DirectoryQueries(req.db, listedOn: SimpleDate.today()) }

    static let maxPer = 200

    static func paging(_ req: Request, defaultPer: Int = 50) throws -> (page: Int, per: Int) {
        let page = try req.queryNumber("page") ?? 1
        let per = try req.queryNumber("per") ?? defaultPer
        guard page >= 1 else { throw WebError.badRequest(field: "page", message: "must be 1 or more") }
        guard (1...maxPer).contains(per) else {
            throw WebError.badRequest(field: "per", message: "must be between 1 and \(maxPer)")
        }
        return (page, per)
    }

    /// One page of `all`, as the request's `page` and `per` ask.
    static func page<T: Content>(_ req: Request, _ all: [T]) throws -> PageDTO<T> {
        let (page, per) = try paging(req)
        return slice(all, page: page, per: per)
    }

    /// A page past the last is empty; `page` and `per` are at least 1, and their product may
    /// not fit in an Int (page=9223372036854775807), so it is never computed when past the end.
    static func slice<T: Content>(_ all: [T], page: Int, per: Int) -> PageDTO<T> {
        let skipped = (page - 1).multipliedReportingOverflow(by: per)
        let start = skipped.overflow ? all.count : min(all.count, skipped.partialValue)
        return PageDTO(items: Array(all[start..<min(all.count, start + per)]), page: page, per: per, total: all.count)
    }

    func district(_ code: String?) async throws -> String? {
        guard let code, !code.isEmpty else { return nil }
        guard try await q.districtNames()[code] != nil else {
            throw WebError.badRequest(field: "district", message: "'\(code)' is not a district code")
        }
        return code
    }

    func districts() async throws -> [DistrictDTO] {
        let areas = try await q.areas(), venues = try await q.venues()
        let centreVenues = Set(try await q.centres().map(\.venueID))
        return try await q.districts().map { d in
            let inD = areas.filter { $0.districtCode == d.code }
            let vs = venues.filter { $0.districtCode == d.code }
            return DistrictDTO(
                code: d.code, name: d.name, areaCount: inD.count, populationTotal: inD.reduce(0) { $0 + $1.populationTotal },
                underFives: inD.reduce(0) { $0 + $1.underFives }, centreCount: vs.filter { centreVenues.contains($0.id) }.count,
                libraryCount: vs.filter { $0.kind == .library }.count)
        }
    }

    func areas(district: String?, decile: Int?) async throws -> [AreaDTO] {
        if let d = decile, !(1...10).contains(d) {
            throw WebError.badRequest(field: "decile", message: "must be between 1 and 10")
        }
        let names = try await q.districtNames()
        return try await q.areas(.init(district: self.district(district), decile: decile)).map { AreaDTO($0, districts: names) }
    }

    func area(_ code: String) async throws -> (Area, AreaDTO) {
        guard let a = try await q.area(code) else { throw WebError.notFound(what: "area", id: code) }
        return (a, AreaDTO(a, districts: try await q.districtNames()))
    }

    func venueKind(_ raw: String?) throws -> VenueKind? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let k = VenueKind(rawValue: raw) else {
            let allowed = VenueKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw WebError.badRequest(field: "kind", message: "'\(raw)' is not one of \(allowed)")
        }
        return k
    }

    func venues(kind: String?, district: String?) async throws -> [VenueDTO] {
        let names = try await q.districtNames()
        return try await q.venues(.init(kind: venueKind(kind), district: self.district(district)))
            .map { VenueDTO($0, districts: names) }
    }

    /// Not found, or gone: a retired record's old links say when it left the directory.
    func missing(_ what: String, _ id: String) async throws -> WebError {
        var all = q
        all.listedOn = nil
        let retired: SimpleDate? =
            switch what {
            case "venue": try await all.venue(id)?.upkeep?.retiredOn
            case "centre": try await all.centres(id: id).first?.upkeep?.retiredOn
            default: nil
            }
        guard let retired else { return .notFound(what: what, id: id) }
        return .gone("This \(what) was retired from the directory on \(retired.longText).")
    }

    func venue(_ id: String) async throws -> VenueDTO {
        guard let v = try await q.venue(id) else { throw try await missing("venue", id) }
        return VenueDTO(v, districts: try await q.districtNames())
    }

    func status(_ raw: String?) throws -> CentreStatus? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let s = CentreStatus(rawValue: raw) else {
            let allowed = CentreStatus.allCases.map(\.rawValue).joined(separator: ", ")
            throw WebError.badRequest(field: "status", message: "'\(raw)' is not one of \(allowed)")
        }
        return s
    }

    func centres(district: String? = nil, status: String? = nil, id: String? = nil) async throws -> [CentreDTO] {
        let wantDistrict = try await self.district(district), wantStatus = try self.status(status)
        let names = try await q.districtNames()
        let venues = Dictionary(uniqueKeysWithValues: try await q.venues().map { ($0.id, $0) })
        let sources = Dictionary(uniqueKeysWithValues: try await q.sources().map { ($0.id, $0) })
        return try await q.centres(id: id).compactMap { c in
            guard let v = venues[c.venueID] else { return nil }
            let dto = CentreDTO(c, venue: v, districts: names, sources: sources)
            if let wantDistrict, v.districtCode != wantDistrict { return nil }
            if let wantStatus, dto.currentStatus != wantStatus.rawValue { return nil }
            return dto
        }
    }

    func centre(_ id: String) async throws -> CentreDTO {
        guard let c = try await centres(id: id).first else { throw try await missing("centre", id) }
        return c
    }

    func services() async throws -> [ServiceDTO] {
        let categories = Dictionary(uniqueKeysWithValues: try await q.serviceCategories().map { ($0.code, $0) })
        return try await q.services().map { ServiceDTO($0, categories: categories) }
    }

    func sessions(venueID: String? = nil, serviceID: String? = nil) async throws -> [SessionDTO] {
        let services = Dictionary(uniqueKeysWithValues: try await q.services().map { ($0.id, $0) })
        let venues = Dictionary(uniqueKeysWithValues: try await q.venues().map { ($0.id, $0) })
        return try await q.sessions(venueID: venueID, serviceID: serviceID).map {
            SessionDTO($0, services: services, venues: venues)
        }
    }

    /// The nearest venues of a kind to a point, in a straight line, with travel times from `origin`.
    /// `travel` is passed in so that a page asking several questions decodes the stored matrices once.
    func nearest(
        to point: Coordinate, from origin: JourneyOrigin, kind: VenueKind, limit: Int, travel: TravelTimes
    ) async throws -> [NearbyDTO] {
        let names = try await q.districtNames()
        let centresByVenue = Dictionary(try await q.centres().map { ($0.venueID, $0) }, uniquingKeysWith: { a, _ in a })
        return Nearest.venues(from: point, among: try await q.venues(.init(kind: kind)), limit: limit).map {
            let c = centresByVenue[$0.venue.id]
            let status = c?.status(on: .latest)?.status
            let times = travel.times(from: origin, to: $0.venue)
            return NearbyDTO(
                venue: VenueDTO($0.venue, districts: names), centreId: c?.id, centreName: c?.name, centreStatus: status?.rawValue,
                centreStatusLabel: status?.label, metres: $0.metres.rounded(),
                distanceText: DistanceText.format(metres: $0.metres), times: times,
                timesAreEstimates: times.contains { $0.isEstimate })
        }
    }
}
