import CentresCore
import Foundation

/// Reads and checks a data pack folder. Any problem throws an `InputError` naming the file,
/// line and column; nothing is returned half-read.
public enum PackReader {
    public static func read(directory: URL) throws(InputError) -> DataPack {
        var r = Reading(directory: directory)
        return try r.read()
    }
}

struct Reading {
    let directory: URL
    var pack = DataPack()

    init(directory: URL) { self.directory = directory }

    func table(_ spec: (String, [String])) throws(InputError) -> TableReader? {
        let url = directory.appendingPathComponent(spec.0)
        guard FileManager.default.fileExists(atPath: url.path) else {
            if PackFormat.requiredFiles.contains(spec.0) {
                throw InputError(file: spec.0, message: "the file is missing from \(directory.path)")
            }
            return nil
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw InputError(file: spec.0, message: "cannot be read: \(error.localizedDescription)")
        }
        return try TableReader(file: spec.0, table: CSVTable.parse(data, file: spec.0), columns: spec.1)
    }

    func rows(_ spec: (String, [String])) throws(InputError) -> [TableReader.Row] {
        try table(spec)?.rows ?? []
    }

    /// Throws on the second row with the same key.
    func unique(_ rows: [TableReader.Row], _ column: String) throws(InputError) -> Set<String> {
        var seen: [String: Int] = [:]
        for row in rows {
            let key = try row.required(column)
            if let first = seen[key] { throw row.error(column, "'\(key)' is a duplicate of line \(first)") }
            seen[key] = row.line
        }
        return Set(seen.keys)
    }

    func reference(_ row: TableReader.Row, _ column: String, in keys: Set<String>, what: String) throws(InputError)
        -> String?
    {
        guard let v = row.optional(column) else { return nil }
        guard keys.contains(v) else { throw row.error(column, "unknown \(what) '\(v)'") }
        return v
    }

    func requiredReference(_ row: TableReader.Row, _ column: String, in keys: Set<String>, what: String)
        throws(InputError) -> String
    {
        guard let v = try reference(row, column, in: keys, what: what) else { throw row.error(column, "a value is required") }
        return v
    }

    func nonEmpty(_ rows: [TableReader.Row], _ file: String) throws(InputError) {
        if rows.isEmpty { throw InputError(file: file, line: 2, message: "the file has a header but no rows") }
    }

    mutating func read() throws(InputError) -> DataPack {
        try readManifest()
        let box = pack.boundingBox
        let sourceIDs = try readSources()
        try readProvenance(sourceIDs)
        let districtCodes = try readDistricts()
        let areaCodes = try readAreas(districtCodes, sourceIDs, box)
        let venueIDs = try readVenues(districtCodes, areaCodes, sourceIDs, box)
        try readCentres(venueIDs, sourceIDs)
        try readServicesAndSessions(venueIDs, sourceIDs)
        try readBudgetAndFacts(sourceIDs)
        try readPostcodesAndPlaces(districtCodes, sourceIDs, box)
        let url = directory.appendingPathComponent(PackFormat.boundaries)
        if FileManager.default.fileExists(atPath: url.path) {
            pack.boundaries = try GeoJSONBoundaries.read(url: url, areaCodes: areaCodes).sorted { $0.code < $1.code }
        }
        try readProposals(venueIDs, sourceIDs)
        return pack
    }

    /// Every `proposals/*.csv`, in file-name order; ids unique, and `revises` naming one of them.
    mutating func readProposals(_ venues: Set<String>, _ sources: Set<String>) throws(InputError) {
        let folder = directory.appendingPathComponent(PackFormat.proposalsFolder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        let centres = Set(pack.centres.map(\.id))
        var files: [ProposalFile] = []
        for name in names.filter({ $0.hasSuffix(".csv") }).sorted() {
            let file = "\(PackFormat.proposalsFolder)/\(name)"
            let data: Data
            do { data = try Data(contentsOf: folder.appendingPathComponent(name)) } catch {
                throw InputError(file: file, message: "cannot be read: \(error.localizedDescription)")
            }
            let read = try ProposalCSV.read(data, file: file)
            try read.check(centreIDs: centres, venueIDs: venues, sourceIDs: sources)
            if let other = files.first(where: { $0.proposal.id == read.proposal.id }) {
                throw InputError(
                    file: file, column: "id", message: "proposal id '\(read.proposal.id)' is also used by \(other.file)")
            }
            files.append(read)
        }
        let ids = Set(files.map(\.proposal.id))
        for f in files {
            if let r = f.proposal.revises, !ids.contains(r) {
                throw InputError(file: f.file, column: "value", message: "revises '\(r)', which is not a proposal in the pack")
            }
        }
        pack.proposals = files.map(\.proposal)
    }

    mutating func readManifest() throws(InputError) {
        let rows = try rows(PackFormat.manifest)
        _ = try unique(rows, "key")
        for row in rows { pack.manifest[try row.required("key")] = row.optional("value") ?? "" }
        for key in DataPack.requiredManifestKeys where (pack.manifest[key] ?? "").isEmpty {
            throw InputError(file: "pack.csv", column: "value", message: "the key '\(key)' needs a value")
        }
        for key in ["min_lat", "min_lon", "max_lat", "max_lon"] where Double(pack.manifest[key]!) == nil {
            throw InputError(file: "pack.csv", column: "value", message: "'\(key)' must be a number")
        }
    }

    mutating func readSources() throws(InputError) -> Set<String> {
        let rows = try rows(PackFormat.sources)
        let ids = try unique(rows, "id")
        for row in rows {
            if let url = row.optional("url"), !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
                throw row.error("url", "must be a web address starting with http:// or https://")
            }
            pack.sources.append(
                Source(
                    id: try row.required("id"), title: try row.required("title"), publisher: row.optional("publisher"),
                    url: row.optional("url"), licence: row.optional("licence"),
                    attribution: row.optional("attribution"), retrieved: try row.date("retrieved")))
        }
        return ids
    }

    mutating func readProvenance(_ sources: Set<String>) throws(InputError) {
        for row in try rows(PackFormat.provenance) {
            pack.provenance.append(
                Provenance(
                    file: try row.required("file"), column: try row.required("column"),
                    sourceID: try requiredReference(row, "source_id", in: sources, what: "source"),
                    method: row.optional("method")))
        }
    }

    mutating func readDistricts() throws(InputError) -> Set<String> {
        let rows = try rows(PackFormat.districts)
        try nonEmpty(rows, PackFormat.districts.0)
        let codes = try unique(rows, "code")
        for row in rows { pack.districts.append(District(code: try row.required("code"), name: try row.required("name"))) }
        return codes
    }

    mutating func readAreas(_ districts: Set<String>, _ sources: Set<String>, _ box: BoundingBox?) throws(InputError)
        -> Set<String>
    {
        let rows = try rows(PackFormat.areas)
        try nonEmpty(rows, PackFormat.areas.0)
        let codes = try unique(rows, "code")
        for row in rows {
            let district = try requiredReference(row, "district_code", in: districts, what: "district code")
            guard let centroid = try row.coordinate(lat: "centroid_lat", lon: "centroid_lon", within: box) else {
                throw row.error("centroid_lat", "a value is required")
            }
            let total = try row.requiredInt("population_total"), under5 = try row.requiredInt("under_fives")
            if total < 0 { throw row.error("population_total", "must not be negative") }
            if under5 < 0 || under5 > total {
                throw row.error("under_fives", "must be between 0 and population_total (\(total))")
            }
            let decile = try row.int("imd_decile")
            if let d = decile, !(1...10).contains(d) { throw row.error("imd_decile", "must be between 1 and 10") }
            pack.areas.append(
                Area(
                    code: try row.required("code"), name: try row.required("name"), districtCode: district,
                    centroid: centroid, populationTotal: total, underFives: under5,
                    populationYear: try row.requiredInt("population_year"),
                    deprivation: Deprivation(score: try row.double("imd_score"), rank: try row.int("imd_rank"), decile: decile),
                    classificationCode: row.optional("classification_code"),
                    classificationName: row.optional("classification_name"),
                    ruralUrban: try row.value("rural_urban", as: RuralUrban.self)))
        }
        return codes
    }

    mutating func readVenues(
        _ districts: Set<String>, _ areas: Set<String>, _ sources: Set<String>, _ box: BoundingBox?
    ) throws(InputError) -> Set<String> {
        let rows = try rows(PackFormat.venues)
        let ids = try unique(rows, "id")
        for row in rows {
            let location = try row.coordinate(lat: "lat", lon: "lon", within: box)
            let quality = try row.required("location_quality", as: LocationQuality.self)
            if let problem = Venue.checkLocation(location, quality: quality) {
                throw row.error(location == nil ? "lat" : "location_quality", problem.description)
            }
            pack.venues.append(
                Venue(
                    id: try row.required("id"), kind: try row.required("kind", as: VenueKind.self),
                    name: try row.required("name"), address: row.optional("address"),
                    postcode: try row.postcode("postcode")?.text, location: location, locationQuality: quality,
                    locationMethod: row.optional("location_method"),
                    districtCode: try reference(row, "district_code", in: districts, what: "district code"),
                    areaCode: try reference(row, "area_code", in: areas, what: "area code"),
                    accessibility: row.optional("accessibility"), openingHours: row.optional("opening_hours"),
                    sourceID: try reference(row, "source_id", in: sources, what: "source")))
        }
        return ids
    }

    mutating func readCentres(_ venues: Set<String>, _ sources: Set<String>) throws(InputError) {
        let rows = try rows(PackFormat.centres)
        let ids = try unique(rows, "id")
        for row in rows {
            let venue = try requiredReference(row, "venue_id", in: venues, what: "venue")
            pack.centres.append(
                Centre(
                    id: try row.required("id"), name: try row.required("name"), venueID: venue,
                    provider: row.optional("provider"), confidence: try row.required("confidence", as: Confidence.self),
                    notes: row.optional("notes")))
        }
        let position = Dictionary(uniqueKeysWithValues: pack.centres.enumerated().map { ($1.id, $0) })
        for row in try self.rows(PackFormat.centreEvents) {
            let centre = try requiredReference(row, "centre_id", in: ids, what: "centre")
            let sourceIDs = try row.required("source_ids").split(separator: ";")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for id in sourceIDs where !sources.contains(id) { throw row.error("source_ids", "unknown source '\(id)'") }
            guard let date = try row.date("date") else { throw row.error("date", "a value is required") }
            pack.centres[position[centre]!].events.append(
                CentreEvent(
                    date: date, status: try row.required("status", as: CentreStatus.self),
                    stage: try row.required("stage", as: EventStage.self), sourceIDs: sourceIDs,
                    note: row.optional("note")))
        }
    }

    mutating func readServicesAndSessions(_ venues: Set<String>, _ sources: Set<String>) throws(InputError) {
        let categoryRows = try rows(PackFormat.serviceCategories)
        let categories = try unique(categoryRows, "code")
        for row in categoryRows {
            pack.serviceCategories.append(
                ServiceCategory(
                    code: try row.required("code"), name: try row.required("name"), description: row.optional("description")))
        }
        let serviceRows = try rows(PackFormat.services)
        let services = try unique(serviceRows, "id")
        for row in serviceRows {
            let category = try requiredReference(row, "category", in: categories, what: "service category")
            let minAge = try row.int("min_age_months"), maxAge = try row.int("max_age_months")
            if let a = minAge, let b = maxAge, b < a { throw row.error("max_age_months", "is below min_age_months") }
            pack.services.append(
                Service(
                    id: try row.required("id"), name: try row.required("name"), category: category,
                    description: row.optional("description"), minAgeMonths: minAge, maxAgeMonths: maxAge,
                    cost: row.optional("cost"), sourceID: try reference(row, "source_id", in: sources, what: "source")))
        }
        let sessionRows = try rows(PackFormat.sessions)
        _ = try unique(sessionRows, "id")
        for row in sessionRows {
            guard let start = try row.time("start_time") else { throw row.error("start_time", "a value is required") }
            guard let end = try row.time("end_time") else { throw row.error("end_time", "a value is required") }
            let session = Session(
                id: try row.required("id"),
                serviceID: try requiredReference(row, "service_id", in: services, what: "service"),
                venueID: try requiredReference(row, "venue_id", in: venues, what: "venue"),
                recurrence: try row.required("recurrence", as: Recurrence.self),
                dayOfWeek: try row.value("day_of_week", as: Weekday.self), startTime: start, endTime: end,
                validFrom: try row.date("valid_from"), validTo: try row.date("valid_to"), date: try row.date("date"),
                note: row.optional("note"), sourceID: try reference(row, "source_id", in: sources, what: "source"))
            if let problem = session.scheduleProblem() { throw row.error(problem.field, problem.message) }
            pack.sessions.append(session)
        }
    }

    mutating func readBudgetAndFacts(_ sources: Set<String>) throws(InputError) {
        let budgetRows = try rows(PackFormat.budgetLines)
        _ = try unique(budgetRows, "id")
        for row in budgetRows {
            let current = try row.requiredInt("current_gbp"), proposed = try row.requiredInt("proposed_gbp")
            if current < 0 { throw row.error("current_gbp", "must not be negative") }
            if proposed < 0 { throw row.error("proposed_gbp", "must not be negative") }
            pack.budgetLines.append(
                BudgetLine(
                    id: try row.required("id"), name: try row.required("name"), currentGBP: current,
                    proposedGBP: proposed, sourceID: try reference(row, "source_id", in: sources, what: "source")))
        }
        if let problem = BudgetLine.totalProblem(pack.budgetLines) {
            let line = budgetRows.first { $0.optional("id") == BudgetLine.totalID }!.line
            throw InputError(file: PackFormat.budgetLines.0, line: line, message: problem)
        }
        let factRows = try rows(PackFormat.facts)
        _ = try unique(factRows, "id")
        for row in factRows {
            pack.facts.append(
                Fact(
                    id: try row.required("id"), description: try row.required("description"),
                    value: try row.required("value"), unit: row.optional("unit"), asOf: row.optional("as_of"),
                    sourceID: try reference(row, "source_id", in: sources, what: "source"), note: row.optional("note")))
        }
    }

    mutating func readPostcodesAndPlaces(_ districts: Set<String>, _ sources: Set<String>, _ box: BoundingBox?)
        throws(InputError)
    {
        let postcodeRows = try rows(PackFormat.postcodes)
        var seen: [String: Int] = [:]
        for row in postcodeRows {
            guard let postcode = try row.postcode("postcode") else { throw row.error("postcode", "a value is required") }
            if let first = seen[postcode.text] {
                throw row.error("postcode", "'\(postcode.text)' is a duplicate of line \(first)")
            }
            seen[postcode.text] = row.line
            guard let location = try row.coordinate(lat: "lat", lon: "lon", within: box) else {
                throw row.error("lat", "a value is required")
            }
            pack.postcodes.append(
                PostcodeEntry(
                    postcode: postcode, location: location,
                    districtCode: try reference(row, "district_code", in: districts, what: "district code"),
                    positionalQuality: try row.int("positional_quality")))
        }
        for row in try rows(PackFormat.places) {
            guard let location = try row.coordinate(lat: "lat", lon: "lon", within: box) else {
                throw row.error("lat", "a value is required")
            }
            pack.places.append(
                Place(
                    name: try row.required("name"), kind: try row.required("kind"), code: row.optional("code"),
                    districtCode: try reference(row, "district_code", in: districts, what: "district code"),
                    location: location, method: row.optional("method"),
                    sourceID: try reference(row, "source_id", in: sources, what: "source")))
        }
    }
}
