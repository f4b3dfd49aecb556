import CentresCore

// Flat database rows, one per table, with conversions to and from core values.
// Property names map to snake_case columns; `position` keeps the pack's row order so that
// an export writes the rows back in the order they were imported.

struct PackMetaRow: Codable, Sendable {
    var key: String
    var value: String
    var position: Int
}

struct SourceRow: Codable, Sendable {
    var id: String, title: String, publisher: String?, url: String?, licence: String?, attribution: String?
    var retrieved: String?
    var position: Int

    init(_ s: Source, position: Int) {
        (id, title, publisher, url, licence, attribution) = (s.id, s.title, s.publisher, s.url, s.licence, s.attribution)
        retrieved = s.retrieved?.description
        self.position = position
    }

    var core: Source {
        Source(
            id: id, title: title, publisher: publisher, url: url, licence: licence, attribution: attribution,
            retrieved: retrieved.flatMap(SimpleDate.init))
    }
}

struct ProvenanceRow: Codable, Sendable {
    var fileName: String, columnName: String, sourceId: String, method: String?
    var position: Int

    init(_ p: Provenance, position: Int) {
        (fileName, columnName, sourceId, method, self.position) = (p.file, p.column, p.sourceID, p.method, position)
    }

    var core: Provenance { Provenance(file: fileName, column: columnName, sourceID: sourceId, method: method) }
}

struct DistrictRow: Codable, Sendable {
    var code: String, name: String, position: Int
    init(_ d: District, position: Int) { (code, name, self.position) = (d.code, d.name, position) }
    var core: District { District(code: code, name: name) }
}

struct AreaRow: Codable, Sendable {
    var code: String, name: String, districtCode: String, centroidLat: Double, centroidLon: Double
    var populationTotal: Int, underFives: Int, populationYear: Int
    var imdScore: Double?, imdRank: Int?, imdDecile: Int?
    var classificationCode: String?, classificationName: String?, ruralUrban: String?
    var boundary: String?
    var position: Int

    init(_ a: Area, boundary: String?, position: Int) {
        (code, name, districtCode) = (a.code, a.name, a.districtCode)
        (centroidLat, centroidLon) = (a.centroid.lat, a.centroid.lon)
        (populationTotal, underFives, populationYear) = (a.populationTotal, a.underFives, a.populationYear)
        (imdScore, imdRank, imdDecile) = (a.deprivation.score, a.deprivation.rank, a.deprivation.decile)
        (classificationCode, classificationName, ruralUrban) = (
            a.classificationCode, a.classificationName, a.ruralUrban?.rawValue
        )
        self.boundary = boundary
        self.position = position
    }

    var core: Area {
        Area(
            code: code, name: name, districtCode: districtCode, centroid: Coordinate(lat: centroidLat, lon: centroidLon),
            populationTotal: populationTotal, underFives: underFives, populationYear: populationYear,
            deprivation: Deprivation(score: imdScore, rank: imdRank, decile: imdDecile),
            classificationCode: classificationCode, classificationName: classificationName,
            ruralUrban: ruralUrban.flatMap(RuralUrban.init))
    }
}

struct VenueRow: Codable, Sendable {
    var id: String, kind: String, name: String, address: String?, postcode: String?
    var lat: Double?, lon: Double?, locationQuality: String, locationMethod: String?
    var districtCode: String?, areaCode: String?, accessibility: String?, openingHours: String?, sourceId: String?
    var position: Int
    var lastChecked: String?, retiredOn: String?, temporarilyClosed: Bool?, closureNote: String?
    var visibleFrom: String?, visibleTo: String?

    init(_ v: Venue, position: Int) {
        (lastChecked, retiredOn, temporarilyClosed, closureNote, visibleFrom, visibleTo) = UpkeepColumns.write(v.upkeep)
        (id, kind, name, address, postcode) = (v.id, v.kind.rawValue, v.name, v.address, v.postcode)
        (lat, lon, locationQuality, locationMethod) = (
            v.location?.lat, v.location?.lon, v.locationQuality.rawValue, v.locationMethod
        )
        (districtCode, areaCode, accessibility, openingHours, sourceId) = (
            v.districtCode, v.areaCode, v.accessibility, v.openingHours, v.sourceID
        )
        self.position = position
    }

    var core: Venue {
        Venue(
            id: id, kind: VenueKind(rawValue: kind) ?? .other, name: name, address: address, postcode: postcode,
            location: lat.flatMap { la in lon.map { Coordinate(lat: la, lon: $0) } },
            locationQuality: LocationQuality(rawValue: locationQuality) ?? .unknown, locationMethod: locationMethod,
            districtCode: districtCode, areaCode: areaCode, accessibility: accessibility, openingHours: openingHours,
            sourceID: sourceId
        ).with(upkeep: UpkeepColumns.read(lastChecked, retiredOn, temporarilyClosed, closureNote, visibleFrom, visibleTo))
    }
}

struct CentreRow: Codable, Sendable {
    var id: String, name: String, venueId: String, provider: String?, confidence: String, notes: String?
    var position: Int
    var lastChecked: String?, retiredOn: String?, temporarilyClosed: Bool?, closureNote: String?
    var visibleFrom: String?, visibleTo: String?

    init(_ c: Centre, position: Int) {
        (lastChecked, retiredOn, temporarilyClosed, closureNote, visibleFrom, visibleTo) = UpkeepColumns.write(c.upkeep)
        (id, name, venueId, provider, confidence, notes) = (c.id, c.name, c.venueID, c.provider, c.confidence.rawValue, c.notes)
        self.position = position
    }

    func core(events: [CentreEvent]) -> Centre {
        Centre(
            id: id, name: name, venueID: venueId, provider: provider,
            confidence: Confidence(rawValue: confidence) ?? .notApplicable, notes: notes, events: events
        ).with(upkeep: UpkeepColumns.read(lastChecked, retiredOn, temporarilyClosed, closureNote, visibleFrom, visibleTo))
    }
}

struct CentreEventRow: Codable, Sendable {
    var centreId: String, eventDate: String, status: String, stage: String, sourceIds: String, note: String?
    var position: Int

    init(_ e: CentreEvent, centreID: String, position: Int) {
        (centreId, eventDate, status, stage) = (centreID, e.date.description, e.status.rawValue, e.stage.rawValue)
        (sourceIds, note, self.position) = (e.sourceIDs.joined(separator: ";"), e.note, position)
    }

    var core: CentreEvent? {
        guard let date = SimpleDate(eventDate), let s = CentreStatus(rawValue: status), let g = EventStage(rawValue: stage)
        else { return nil }
        return CentreEvent(
            date: date, status: s, stage: g, sourceIDs: sourceIds.split(separator: ";").map(String.init), note: note)
    }
}

struct ServiceCategoryRow: Codable, Sendable {
    var code: String, name: String, description: String?, position: Int
    init(_ c: ServiceCategory, position: Int) {
        (code, name, description, self.position) = (c.code, c.name, c.description, position)
    }
    var core: ServiceCategory { ServiceCategory(code: code, name: name, description: description) }
}

struct ServiceRow: Codable, Sendable {
    var id: String, name: String, category: String, description: String?, minAgeMonths: Int?, maxAgeMonths: Int?
    var cost: String?, sourceId: String?, position: Int
    var lastChecked: String?, retiredOn: String?, visibleFrom: String?, visibleTo: String?

    init(_ s: Service, position: Int) {
        (lastChecked, retiredOn, _, _, visibleFrom, visibleTo) = UpkeepColumns.write(s.upkeep)
        (id, name, category, description) = (s.id, s.name, s.category, s.description)
        (minAgeMonths, maxAgeMonths, cost, sourceId, self.position) = (
            s.minAgeMonths, s.maxAgeMonths, s.cost, s.sourceID, position
        )
    }

    var core: Service {
        Service(
            id: id, name: name, category: category, description: description, minAgeMonths: minAgeMonths,
            maxAgeMonths: maxAgeMonths, cost: cost, sourceID: sourceId
        ).with(upkeep: UpkeepColumns.read(lastChecked, retiredOn, nil, nil, visibleFrom, visibleTo))
    }
}

struct SessionRow: Codable, Sendable {
    var id: String, serviceId: String, venueId: String, recurrence: String, dayOfWeek: String?
    var startTime: String, endTime: String, validFrom: String?, validTo: String?, sessionDate: String?
    var note: String?, sourceId: String?, position: Int
    var lastChecked: String?, retiredOn: String?, temporarilyClosed: Bool?, closureNote: String?
    var visibleFrom: String?, visibleTo: String?

    init(_ s: Session, position: Int) {
        (lastChecked, retiredOn, temporarilyClosed, closureNote, visibleFrom, visibleTo) = UpkeepColumns.write(s.upkeep)
        (id, serviceId, venueId, recurrence, dayOfWeek) = (
            s.id, s.serviceID, s.venueID, s.recurrence.rawValue, s.dayOfWeek?.rawValue
        )
        (startTime, endTime) = (s.startTime.description, s.endTime.description)
        (validFrom, validTo, sessionDate) = (s.validFrom?.description, s.validTo?.description, s.date?.description)
        (note, sourceId, self.position) = (s.note, s.sourceID, position)
    }

    var core: Session? {
        guard let r = Recurrence(rawValue: recurrence), let start = TimeOfDay(startTime), let end = TimeOfDay(endTime)
        else { return nil }
        return Session(
            id: id, serviceID: serviceId, venueID: venueId, recurrence: r, dayOfWeek: dayOfWeek.flatMap(Weekday.init),
            startTime: start, endTime: end, validFrom: validFrom.flatMap(SimpleDate.init),
            validTo: validTo.flatMap(SimpleDate.init), date: sessionDate.flatMap(SimpleDate.init), note: note,
            sourceID: sourceId
        ).with(upkeep: UpkeepColumns.read(lastChecked, retiredOn, temporarilyClosed, closureNote, visibleFrom, visibleTo))
    }
}

struct BudgetLineRow: Codable, Sendable {
    var id: String, name: String, currentGbp: Int, proposedGbp: Int, sourceId: String?, position: Int
    init(_ b: BudgetLine, position: Int) {
        (id, name, currentGbp, proposedGbp, sourceId, self.position) = (
            b.id, b.name, b.currentGBP, b.proposedGBP, b.sourceID, position
        )
    }
    var core: BudgetLine { BudgetLine(id: id, name: name, currentGBP: currentGbp, proposedGBP: proposedGbp, sourceID: sourceId) }
}

struct FactRow: Codable, Sendable {
    var id: String, description: String, value: String, unit: String?, asOf: String?, sourceId: String?, note: String?
    var position: Int
    init(_ f: Fact, position: Int) {
        (id, description, value, unit, asOf, sourceId, note) = (f.id, f.description, f.value, f.unit, f.asOf, f.sourceID, f.note)
        self.position = position
    }
    var core: Fact {
        Fact(id: id, description: description, value: value, unit: unit, asOf: asOf, sourceID: sourceId, note: note)
    }
}

struct PostcodeRow: Codable, Sendable {
    var postcode: String, lat: Double, lon: Double, districtCode: String?, positionalQuality: Int?, position: Int
    init(_ p: PostcodeEntry, position: Int) {
        (postcode, lat, lon) = (p.postcode.text, p.location.lat, p.location.lon)
        (districtCode, positionalQuality, self.position) = (p.districtCode, p.positionalQuality, position)
    }
    var core: PostcodeEntry? {
        Postcode(postcode).map {
            PostcodeEntry(
                postcode: $0, location: Coordinate(lat: lat, lon: lon), districtCode: districtCode,
                positionalQuality: positionalQuality)
        }
    }
}

struct PlaceRow: Codable, Sendable {
    var name: String, nameKey: String, kind: String, code: String?, districtCode: String?, lat: Double, lon: Double
    var method: String?, sourceId: String?, position: Int
    init(_ p: Place, position: Int) {
        (name, nameKey, kind, code, districtCode) = (p.name, PlaceRow.key(p.name), p.kind, p.code, p.districtCode)
        (lat, lon, method, sourceId, self.position) = (p.location.lat, p.location.lon, p.method, p.sourceID, position)
    }
    /// Lower-case with punctuation folded, so "kings lynn" finds "King's Lynn".
    static func key(_ s: String) -> String {
        s.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : " " }.joined()
            .split(separator: " ").joined(separator: " ")
    }
    var core: Place {
        Place(
            name: name, kind: kind, code: code, districtCode: districtCode, location: Coordinate(lat: lat, lon: lon),
            method: method, sourceID: sourceId)
    }
}

/// The upkeep columns several tables share, to and from `Upkeep` (nil when every one is empty).
enum UpkeepColumns {
    static func write(_ u: Upkeep?) -> (String?, String?, Bool?, String?, String?, String?) {
        (
            u?.lastChecked?.description, u?.retiredOn?.description, u?.temporarilyClosed, u?.closureNote,
            u?.visibleFrom?.description, u?.visibleTo?.description
        )
    }

    static func read(
        _ lastChecked: String?, _ retiredOn: String?, _ closed: Bool?, _ note: String?, _ from: String?, _ to: String?
    ) -> Upkeep? {
        let u = Upkeep(
            lastChecked: lastChecked.flatMap(SimpleDate.init), retiredOn: retiredOn.flatMap(SimpleDate.init),
            temporarilyClosed: closed ?? false, closureNote: note, visibleFrom: from.flatMap(SimpleDate.init),
            visibleTo: to.flatMap(SimpleDate.init))
        return u == Upkeep() ? nil : u
    }
}

protocol HasUpkeep {
    var upkeep: Upkeep? { get set }
}

extension HasUpkeep {
    func with(upkeep: Upkeep?) -> Self {
        var copy = self
        copy.upkeep = upkeep
        return copy
    }
}

extension Venue: HasUpkeep {}
extension Centre: HasUpkeep {}
extension Service: HasUpkeep {}
extension Session: HasUpkeep {}
