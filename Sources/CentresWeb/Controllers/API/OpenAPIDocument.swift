import CentresCore
import Foundation
import Vapor

/// The OpenAPI 3.1 description of `/api/v1`. Tests check every route's responses against it.
enum OpenAPIDocument {
    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }
    nonisolated(unsafe) static let string: [String: Any] = ["type": "string"]
    nonisolated(unsafe) static let int: [String: Any] = ["type": "integer"]
    nonisolated(unsafe) static let number: [String: Any] = ["type": "number"]
    nonisolated(unsafe) static let boolean: [String: Any] = ["type": "boolean"]
    static func nullable(_ s: [String: Any]) -> [String: Any] {
        if let t = s["type"] as? String { return s.merging(["type": [t, "null"]]) { _, n in n } }
        return ["oneOf": [s, ["type": "null"]]]
    }
    static func array(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }

    /// An object schema: `required` properties are always present; `optional` ones may be null or absent.
    static func object(_ required: [String: [String: Any]], optional: [String: [String: Any]] = [:]) -> [String: Any] {
        var props: [String: Any] = [:]
        for (k, v) in required { props[k] = v }
        for (k, v) in optional { props[k] = nullable(v) }
        return ["type": "object", "required": required.keys.sorted(), "properties": props, "additionalProperties": false]
    }

    static func page(_ item: String) -> [String: Any] {
        object(["items": array(ref(item)), "page": int, "per": int, "total": int])
    }

    nonisolated(unsafe) static let schemas: [String: Any] = [
        "Problem": object(["type": string, "title": string, "status": int, "detail": string]),
        "Point": object(["lat": number, "lon": number]),
        "District": object([
            "code": string, "name": string, "areaCount": int, "populationTotal": int, "underFives": int, "centreCount": int,
            "libraryCount": int,
        ]),
        "Deprivation": object([:], optional: ["score": number, "rank": int, "decile": int, "quintile": int]),
        "Area": object(
            [
                "code": string, "name": string, "districtCode": string, "districtName": string, "centroid": ref("Point"),
                "populationTotal": int, "underFives": int, "populationYear": int, "imd2019": ref("Deprivation"),
            ], optional: ["classificationCode": string, "classificationName": string, "ruralUrban": string]),
        "Venue": object(
            [
                "id": string, "kind": string, "kindLabel": string, "name": string, "locationQuality": string,
                "locationQualityLabel": string, "temporarilyClosed": boolean,
            ],
            optional: [
                "address": string, "postcode": string, "location": ref("Point"), "locationMethod": string, "districtCode": string,
                "districtName": string, "areaCode": string, "accessibility": string, "openingHours": string, "sourceId": string,
                "lastChecked": string, "closureNote": string,
            ]),
        "SourceRef": object(["id": string, "title": string], optional: ["publisher": string, "url": string]),
        "CentreEvent": object(
            [
                "date": string, "dateText": string, "status": string, "statusLabel": string, "stage": string,
                "sources": array(ref("SourceRef")),
            ], optional: ["note": string]),
        "Centre": object(
            [
                "id": string, "name": string, "confidence": string, "venue": ref("Venue"), "events": array(ref("CentreEvent")),
                "temporarilyClosed": boolean,
            ],
            optional: [
                "provider": string, "notes": string, "currentStatus": string, "currentStatusLabel": string, "lastChecked": string,
                "closureNote": string,
            ]),
        "Service": object(
            ["id": string, "name": string, "category": string, "categoryName": string],
            optional: [
                "description": string, "minAgeMonths": int, "maxAgeMonths": int, "cost": string, "sourceId": string,
                "lastChecked": string,
            ]),
        "Session": object(
            [
                "id": string, "serviceId": string, "serviceName": string, "venueId": string, "venueName": string,
                "recurrence": string, "startTime": string, "endTime": string, "schedule": string, "temporarilyClosed": boolean,
            ],
            optional: [
                "dayOfWeek": string, "validFrom": string, "validTo": string, "date": string, "note": string, "sourceId": string,
                "lastChecked": string, "closureNote": string,
            ]),
        "TravelTime": object(
            ["mode": string, "modeLabel": string, "text": string, "method": string, "isEstimate": boolean],
            optional: ["minutes": number, "fromArea": string]),
        "Nearby": object(
            [
                "venue": ref("Venue"), "metres": number, "distanceText": string, "times": array(ref("TravelTime")),
                "timesAreEstimates": boolean,
            ],
            optional: ["centreId": string, "centreName": string, "centreStatus": string, "centreStatusLabel": string]),
        "NearLocation": object(["label": string, "lat": number, "lon": number, "basis": string]),
        "NearChoice": object(
            ["name": string, "kind": string, "pick": int], optional: ["districtCode": string, "districtName": string]),
        "NearResult": object(
            [
                "query": string, "choices": array(ref("NearChoice")), "distanceMethod": string, "centres": array(ref("Nearby")),
                "libraries": array(ref("Nearby")), "hasTransit": boolean,
            ], optional: ["location": ref("NearLocation"), "message": string, "area": ref("AreaRef")]),
        "AreaRef": object(["code": string, "name": string]),
        "ProposalRef": object(["id": string, "title": string, "version": int]),
        "ProposalListItem": object(
            ["id": string, "title": string, "author": string, "version": int, "status": string, "origin": string],
            optional: ["organisation": string, "revises": string, "publishedOn": string, "decidedOn": string]),
        "ProposalPage": page("ProposalListItem"),
        "ProposalDecision": object(
            ["centreId": string, "decision": string],
            optional: ["reason": string, "amalgamatedWith": string, "sessionsMoveTo": string]),
        "ProposalOutreach": object(["venueId": string], optional: ["reason": string]),
        "ProposalBudgetLine": object(["id": string, "name": string, "currentGBP": int, "proposedGBP": int]),
        "Proposal": object(
            [
                "id": string, "title": string, "author": string, "version": int, "status": string, "summary": string,
                "sources": array(string), "origin": string, "decisions": array(ref("ProposalDecision")),
                "outreachVenues": array(ref("ProposalOutreach")), "budget": array(ref("ProposalBudgetLine")),
            ],
            optional: [
                "organisation": string, "revises": string, "changeNote": string, "publishedOn": string,
                "consultationOpens": string, "consultationCloses": string, "decidedOn": string,
            ]),
        "AssessmentInputs": object(
            [
                "packName": string, "packVersion": string, "mode": string, "method": string, "layer": string,
                "maxMinutes": number,
                "matrixSummary": string, "matrixSoftware": string, "populationYear": int, "reachThreshold": int,
            ], optional: ["date": string, "window": string]),
        "BandFigures": object(["minutes": int, "underFives": int, "share": number], optional: ["newlyBeyond": int]),
        "GroupFigures": object(
            [
                "key": string, "label": string, "areas": int, "underFives": int, "unreachableUnderFives": int,
                "bands": array(ref("BandFigures")),
            ], optional: ["averageMinutes": number, "baselineAverageMinutes": number]),
        "AreaOutcome": object(
            ["code": string, "name": string, "districtCode": string, "underFives": int, "serviceMinutes": ["type": "object"]],
            optional: [
                "deprivationDecile": int, "ruralUrban": string, "nearestBase": string, "minutes": number, "baselineBase": string,
                "baselineMinutes": number,
            ]),
        "BaseReach": object([
            "centreID": string, "centreName": string, "venueID": string, "areas": int, "underFives": int,
            "belowThreshold": boolean,
        ]),
        "CostFigures": object(
            [:], optional: ["currentGBP": int, "proposedGBP": int, "savingGBP": int, "targetSavingGBP": int, "shortfallGBP": int]),
        "EqualityRow": object(
            ["group": string, "label": string, "underFives": int],
            optional: ["affected": int, "affectedShare": number, "newlyBeyond30": int, "averageMinutes": number]),
        "Assessment": object(
            [
                "proposalID": string, "inputs": ref("AssessmentInputs"), "decisionCounts": ["type": "object"],
                "unknownCentres": array(string), "unplacedBases": array(string), "overall": ref("GroupFigures"),
                "byDistrict": array(ref("GroupFigures")), "byDecile": array(ref("GroupFigures")),
                "byQuintile": array(ref("GroupFigures")), "byRuralUrban": array(ref("GroupFigures")),
                "areas": array(ref("AreaOutcome")), "reach": array(ref("BaseReach")), "cost": ref("CostFigures"),
                "equality": array(ref("EqualityRow")),
            ], optional: ["baselineID": string]),
        "AssessmentResult": object(
            [
                "proposal": ref("ProposalRef"), "isEstimate": boolean, "problems": array(string),
                "assessment": ref("Assessment"),
            ], optional: ["baseline": ref("ProposalRef")]),
        "OptimiserSite": object(
            ["id": string, "points": int, "weight": number, "kept": boolean],
            optional: ["name": string, "district": string, "cost": number, "weightWithin": number]),
        "OptimiserReport": object(
            [
                "problem": string, "parameters": ["type": "object", "additionalProperties": string],
                "sites": array(ref("OptimiserSite")), "objective": number, "bound": number, "gap": number,
                "provenOptimal": boolean, "nodes": int, "totalWeight": number, "unreachableWeight": number,
                "inputs": array(string),
            ],
            optional: [
                "coveredWeight": number, "coveredShare": number, "meanMinutes": number, "underFivesWithin": number,
                "underFivesTotal": number, "uncoverablePoints": array(string), "uncoverableWeight": number,
            ]),
        "OptimiserResult": object([
            "mode": string, "isEstimate": boolean, "unplacedCandidates": array(string), "report": ref("OptimiserReport"),
        ]),
        "FrontierSolution": object(
            [
                "siteIds": array(string), "objective": number, "bound": number, "gap": number, "provenOptimal": boolean,
                "coveredWeight": number,
            ], optional: ["meanMinutes": number]),
        "FrontierRow": object(
            ["sites": int, "coverage": ref("FrontierSolution"), "median": ref("FrontierSolution")],
            optional: ["cost": number]),
        "FrontierProposal": object(
            ["id": string, "title": string, "bases": int, "covered": number, "unplaced": int],
            optional: ["meanMinutes": number]),
        "FrontierResult": object([
            "mode": string, "withinMinutes": number, "weighting": string, "isEstimate": boolean, "totalWeight": number,
            "inputs": array(string), "points": array(ref("FrontierRow")), "proposals": array(ref("FrontierProposal")),
        ]),
        "DistrictPage": page("District"), "AreaPage": page("Area"), "VenuePage": page("Venue"), "CentrePage": page("Centre"),
        "ServicePage": page("Service"), "SessionPage": page("Session"),
        "PetitionThreshold": object(["name": string, "count": int], optional: ["reachedAt": string]),
        "PetitionCount": object(
            ["name": string, "confirmed": int, "pending": int, "invalidated": int], optional: ["code": string]),
        "PetitionTally": object([
            "id": string, "title": string, "url": string, "addressedTo": string, "asks": string, "state": string,
            "stateLabel": string, "closesOn": string, "scheme": string, "confirmed": int, "pending": int, "invalidated": int,
            "thresholds": array(ref("PetitionThreshold")), "byDistrict": array(ref("PetitionCount")),
            "byArea": array(ref("PetitionCount")), "countedAt": string, "method": string,
        ]),
        "PetitionPage": page("PetitionTally"),
        "ConsultationSummary": object(
            [
                "id": string, "title": string, "url": string, "stage": string, "opensOn": string, "closesOn": string,
            ], optional: ["proposalId": string, "responses": int]),
        "ConsultationPage": page("ConsultationSummary"),
        "ConsultationOptionCount": object(["value": string, "label": string, "count": int], optional: ["percent": number]),
        "ConsultationQuestionResult": object([
            "id": string, "number": int, "text": string, "kind": string, "answered": int,
            "options": array(ref("ConsultationOptionCount")),
            "meanPlaces": array(object(["value": string, "place": number])),
        ]),
        "ConsultationResults": object(
            [
                "id": string, "title": string, "url": string, "responses": int,
                "byChannel": array(object(["channel": string, "label": string, "count": int])),
                "questions": array(ref("ConsultationQuestionResult")), "countedAt": string, "method": string,
            ], optional: ["whatWeHeard": string, "whatWeDid": string, "revisedProposalId": string]),
    ]

    static func param(_ name: String, _ location: String, _ schema: [String: Any], _ description: String, required: Bool = false)
        -> [String: Any]
    {
        ["name": name, "in": location, "required": required, "schema": schema, "description": description]
    }

    /// A whole number from `minimum` to `maximum` (a page past the last is an empty page; a
    /// number too large for 64 bits is a 400).
    static func int(_ minimum: Int, _ maximum: Int = Int.max, default d: Int? = nil) -> [String: Any] {
        var s: [String: Any] = ["type": "integer", "minimum": minimum, "maximum": maximum]
        if let d { s["default"] = d }
        return s
    }

    static func number(_ minimum: Double, _ maximum: Double, default d: Double) -> [String: Any] {
        ["type": "number", "minimum": minimum, "maximum": maximum, "default": d]
    }

    static func oneOf(_ values: [String]) -> [String: Any] { ["type": "string", "enum": values] }

    nonisolated(unsafe) static let pageParams = [
        param("page", "query", int(1, default: 1), "Page number, from 1."),
        param("per", "query", int(1, DirectoryService.maxPer, default: 50), "Items per page, 1 to 200 (default 50)."),
    ]

    static func problem(_ description: String) -> [String: Any] {
        ["description": description, "content": ["application/problem+json": ["schema": ref("Problem")]]]
    }

    /// `gone`: a retired record answers 410 saying when it left; `limited`: a costly request
    /// answers 429 past its hourly limit per client.
    static func get(
        _ summary: String, _ schema: String, params: [[String: Any]] = [], notFound: Bool = false, gone: Bool = false,
        limited: Bool = false
    ) -> [String: Any] {
        var responses: [String: Any] = [
            "200": ["description": "OK", "content": ["application/json": ["schema": ref(schema)]]],
            "400": problem("A parameter is wrong"),
        ]
        if notFound { responses["404"] = problem("Not found") }
        if gone { responses["410"] = problem("Retired from the directory; the detail says when") }
        if limited { responses["429"] = problem("Too many requests from this address this hour") }
        return ["get": ["summary": summary, "parameters": params, "responses": responses]]
    }

    /// The optimiser's request, shared by the answer and the frontier (the web form uses the same names).
    nonisolated(unsafe) static let optimiserParams = [
        param("problem", "query", oneOf(["pmedian", "mclp", "lscp", "budget"]), "pmedian, mclp (default), lscp or budget."),
        param(
            "sites", "query", int(1, OptimiserRequest.largestSites, default: 15),
            "How many sites to choose, 1 to 200 (default 15)."),
        param(
            "within", "query", number(1, OptimiserRequest.largestMinutes, default: 30),
            "Minutes that count as in reach, 1 to 600 (default 30)."),
        param(
            "share", "query", ["type": "number", "minimum": 0.01, "maximum": 1],
            "lscp: the share of the weight to reach, 0.01 to 1; left out, every point some candidate can reach (those none can are listed in uncoverablePoints)."
        ),
        param("budget", "query", ["type": "number", "minimum": 0], "budget: the most the chosen sites may cost, in pounds."),
        param("mode", "query", modes, "walk, cycle, car or transit: a mode with stored travel times (default car)."),
        param(
            "candidates", "query", string,
            "Kinds of site that may be chosen, comma-separated or repeated: centres, libraries, venues (default centres)."),
        param(
            "weighting", "query", oneOf(["under-fives", "under-fives-deprivation", "population"]),
            "under-fives (default), under-fives-deprivation or population."),
        param(
            "min_per_district", "query", int(0, OptimiserRequest.largestSites, default: 0),
            "At least this many sites in every district with candidates (default 0)."),
        param(
            "min_district", "query", string,
            "Each named district's own minimum, NAME=K separated by commas (e.g. Norwich=3); replaces min_per_district there."),
        param("max_district", "query", string, "Each named district's maximum, NAME=K separated by commas (e.g. Norwich=4)."),
        param("keep", "query", string, "A centre's or venue's name or id to keep open; repeat for more."),
        param("forbid", "query", string, "A centre's or venue's name or id never to choose; repeat for more."),
    ]

    nonisolated(unsafe) static let modes = oneOf(["walk", "cycle", "car", "transit"])

    nonisolated(unsafe) static let district = param("district", "query", string, "A district code, e.g. E07000147.")

    static var document: [String: Any] {
        [
            "openapi": "3.1.0",
            "info": [
                "title": "Centres API", "version": "1",
                "description":
                    "Children's centres, venues, areas, services and sessions. Every list is paginated; errors are RFC 9457 problem details.",
            ],
            "paths": [
                "/api/v1/districts": get("Districts with their totals", "DistrictPage", params: pageParams),
                "/api/v1/districts/{code}": get(
                    "One district", "District", params: [param("code", "path", string, "District code", required: true)],
                    notFound: true),
                "/api/v1/areas": get(
                    "Small areas (LSOAs)", "AreaPage",
                    params: pageParams + [
                        district, param("decile", "query", int(1, 10), "IMD 2019 decile, 1 (most deprived) to 10."),
                    ]),
                "/api/v1/areas/{code}": get(
                    "One area", "Area", params: [param("code", "path", string, "Area code", required: true)], notFound: true),
                "/api/v1/venues": get(
                    "Venues", "VenuePage",
                    params: pageParams + [
                        district,
                        param(
                            "kind", "query", oneOf(VenueKind.allCases.map(\.rawValue)),
                            "childrens_centre, library, village_hall, school, health_clinic, community_building or other."),
                    ]),
                "/api/v1/venues/{id}": get(
                    "One venue", "Venue", params: [param("id", "path", string, "Venue id", required: true)], notFound: true,
                    gone: true),
                "/api/v1/centres": get(
                    "Children's centres with their status history", "CentrePage",
                    params: pageParams + [
                        district,
                        param(
                            "status", "query", oneOf(CentreStatus.allCases.map(\.rawValue)),
                            "Current status: designated, base, de-designated, closed, handed-over or unknown."),
                    ]),
                "/api/v1/centres/{id}": get(
                    "One centre", "Centre", params: [param("id", "path", string, "Centre id", required: true)], notFound: true,
                    gone: true),
                "/api/v1/services": get("Services", "ServicePage", params: pageParams),
                "/api/v1/sessions": get(
                    "Sessions", "SessionPage",
                    params: pageParams + [
                        param("venue", "query", string, "Venue id"), param("service", "query", string, "Service id"),
                    ]),
                "/api/v1/near": get(
                    "Nearest centres and libraries to a postcode or place (straight-line)", "NearResult",
                    params: [
                        param("q", "query", string, "A postcode or place name; without one, the answer's message asks for one."),
                        param("pick", "query", int(0), "Which of several matching places (from choices)."),
                        param("limit", "query", int(1, 50, default: 5), "How many of each, 1 to 50 (default 5)."),
                    ]),
                "/api/v1/proposals": get("Proposals, the pack's first", "ProposalPage", params: pageParams),
                "/api/v1/petitions": get(
                    "Open and closed petitions with their counts (confirmed, pending, invalidated; by district and area; no personal data)",
                    "PetitionPage", params: pageParams),
                "/api/v1/petitions/{id}": get(
                    "One petition's counts", "PetitionTally",
                    params: [param("id", "path", string, "Petition id", required: true)],
                    notFound: true),
                "/api/v1/consultations": get(
                    "Every launched consultation with its stage and dates; the number of responses once results are published",
                    "ConsultationPage", params: pageParams),
                "/api/v1/consultations/{id}/results": get(
                    "A published consultation's results per question and option, by channel (no personal data, no free text)",
                    "ConsultationResults", params: [param("id", "path", string, "Consultation id", required: true)],
                    notFound: true),
                "/api/v1/proposals/{id}": get(
                    "One proposal with its decisions, outreach venues and budget", "Proposal",
                    params: [param("id", "path", string, "Proposal id", required: true)], notFound: true),
                "/api/v1/proposals/{id}/assessment": get(
                    "A proposal's measured impact: time to the nearest open base for every area, weighted by under-fives",
                    "AssessmentResult",
                    params: [
                        param("id", "path", string, "Proposal id", required: true),
                        param(
                            "mode", "query", modes, "walk, cycle, car or transit: a mode with stored travel times (default car)."),
                        param(
                            "baseline", "query", string,
                            "The proposal to compare with (default: the first listed, the pack's status quo; empty for none)."),
                    ], notFound: true),
                "/api/v1/optimiser": get(
                    "The best set of bases for a request, with its bound, gap and whether it is proven optimal",
                    "OptimiserResult", params: optimiserParams, limited: true),
                "/api/v1/optimiser/frontier": get(
                    "The best coverage and mean time for each number of sites, with the listed proposals on the same terms",
                    "FrontierResult",
                    params: optimiserParams + [
                        param("up_to", "query", int(1, 60, default: 20), "The largest number of sites, 1 to 60 (default 20).")
                    ], limited: true),
            ],
            "components": ["schemas": schemas],
        ]
    }

    static func response() throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])
        return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(data: data))
    }
}
