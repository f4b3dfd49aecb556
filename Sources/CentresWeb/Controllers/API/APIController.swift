import CentresCore
import Vapor

struct NearResultDTO: Content {
    struct Location: Content {
        var label: String
        var lat: Double
        var lon: Double
        var basis: String
    }
    struct Choice: Content {
        var name: String
        var kind: String
        var districtCode: String?
        var districtName: String?
        var pick: Int
    }
    var query: String
    var location: Location?
    var choices: [Choice]
    var message: String?
    var distanceMethod: String
    var centres: [NearbyDTO]
    var libraries: [NearbyDTO]
    /// The small area the point lies in, whose centre the network and timetable times start from.
    var area: AreaRefDTO?
    /// Whether public-transport times exist (a timetable was loaded); never estimated.
    var hasTransit: Bool
}

struct AreaRefDTO: Content {
    var code: String
    var name: String
}

/// `/api/v1/…`: the same answers as the pages, as JSON.
struct APIController {
    func register(_ app: Application) {
        app.get(SiteURL.api(.openAPI).pathComponents) { _ in try OpenAPIDocument.response() }
        app.get(SiteURL.api(.districts).pathComponents) { req in
            return try DirectoryService.page(req, try await DirectoryService(req).districts())
        }
        app.get(SiteURL.api(.district(":code")).pathComponents) { req -> DistrictDTO in
            let code = req.parameters.get("code")!
            guard let d = try await DirectoryService(req).districts().first(where: { $0.code == code }) else {
                throw WebError.notFound(what: "district", id: code)
            }
            return d
        }
        app.get(SiteURL.api(.areas).pathComponents) { req in
            let all = try await DirectoryService(req).areas(
                district: req.queryText("district"), decile: try req.queryNumber("decile"))
            return try DirectoryService.page(req, all)
        }
        app.get(SiteURL.api(.area(":code")).pathComponents) { req in
            try await DirectoryService(req).area(req.parameters.get("code")!).1
        }
        app.get(SiteURL.api(.venues).pathComponents) { req in
            let all = try await DirectoryService(req).venues(kind: req.queryText("kind"), district: req.queryText("district"))
            return try DirectoryService.page(req, all)
        }
        app.get(SiteURL.api(.venue(":id")).pathComponents) { req in
            try await DirectoryService(req).venue(req.parameters.get("id")!)
        }
        app.get(SiteURL.api(.centres).pathComponents) { req in
            let all = try await DirectoryService(req).centres(
                district: req.queryText("district"), status: req.queryText("status"))
            return try DirectoryService.page(req, all)
        }
        app.get(SiteURL.api(.centre(":id")).pathComponents) { req in
            try await DirectoryService(req).centre(req.parameters.get("id")!)
        }
        app.get(SiteURL.api(.services).pathComponents) { req in
            return try DirectoryService.page(req, try await DirectoryService(req).services())
        }
        app.get(SiteURL.api(.sessions).pathComponents) { req in
            let all = try await DirectoryService(req).sessions(
                venueID: req.queryText("venue"), serviceID: req.queryText("service"))
            return try DirectoryService.page(req, all)
        }
        app.get(SiteURL.api(.near).pathComponents) { req in try await near(req) }
    }

    func near(_ req: Request) async throws -> NearResultDTO {
        let text: String = req.queryText("q") ?? ""
        let limit = try req.queryNumber("limit") ?? 5
        guard (1...50).contains(limit) else { throw WebError.badRequest(field: "limit", message: "must be between 1 and 50") }
        return try await NearResultDTO.build(req, text: text, pick: try req.queryNumber("pick"), limit: limit)
    }
}

extension NearResultDTO {
    static let straightLine = "Straight-line (great-circle) distance, not travel distance."

    static func build(_ req: Request, text: String, pick: Int?, limit: Int) async throws -> NearResultDTO {
        let service = DirectoryService(req)
        var result = NearResultDTO(
            query: text, location: nil, choices: [], message: nil, distanceMethod: straightLine, centres: [], libraries: [],
            area: nil, hasTransit: false)
        switch try await NearLookup(q: service.q).resolve(text, pick: pick) {
        case .problem(let message):
            result.message = message
        case .choices(let places):
            let names = try await service.q.districtNames()
            result.choices = places.enumerated().map {
                Choice(
                    name: $1.name, kind: $1.kind, districtCode: $1.districtCode,
                    districtName: $1.districtCode.flatMap { names[$0] }, pick: $0)
            }
        case .point(let label, let c, let basis):
            let travel = try await TravelTimes.load(service.q.db)
            let code = try await req.application.boundaryCache.area(containing: c, service.q)
            if let code, let area = try await service.q.area(code) { result.area = AreaRefDTO(code: code, name: area.name) }
            result.hasTransit = travel.hasTransit
            result.location = Location(label: label, lat: c.lat, lon: c.lon, basis: basis)
            let origin = JourneyOrigin.point(c, area: code)
            result.centres = try await service.nearest(
                to: c, from: origin, kind: .childrensCentre, limit: limit, travel: travel)
            result.libraries = try await service.nearest(to: c, from: origin, kind: .library, limit: limit, travel: travel)
        }
        return result
    }
}
