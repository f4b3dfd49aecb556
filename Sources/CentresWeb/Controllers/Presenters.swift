import CentresCore

// Core values → DTOs, shared by the pages and the API.

extension VenueDTO {
    init(_ v: Venue, districts: [String: String]) {
        self.init(
            id: v.id, kind: v.kind.rawValue, kindLabel: v.kind.label, name: v.name, address: v.address,
            postcode: v.postcode, location: v.location.map(PointDTO.init), locationQuality: v.locationQuality.rawValue,
            locationQualityLabel: v.locationQuality.label, locationMethod: v.locationMethod, districtCode: v.districtCode,
            districtName: v.districtCode.flatMap { districts[$0] }, areaCode: v.areaCode, accessibility: v.accessibility,
            openingHours: v.openingHours, sourceId: v.sourceID, lastChecked: v.upkeep?.lastChecked?.description,
            temporarilyClosed: v.upkeep?.temporarilyClosed ?? false, closureNote: v.upkeep?.closureNote)
    }
}

extension AreaDTO {
    init(_ a: Area, districts: [String: String]) {
        self.init(
            code: a.code, name: a.name, districtCode: a.districtCode, districtName: districts[a.districtCode] ?? a.districtCode,
            centroid: PointDTO(a.centroid), populationTotal: a.populationTotal, underFives: a.underFives,
            populationYear: a.populationYear,
            imd2019: DeprivationDTO(
                score: a.deprivation.score, rank: a.deprivation.rank, decile: a.deprivation.decile,
                quintile: a.deprivation.quintile),
            classificationCode: a.classificationCode, classificationName: a.classificationName,
            ruralUrban: a.ruralUrban?.rawValue)
    }
}

extension CentreDTO {
    init(_ c: Centre, venue: Venue, districts: [String: String], sources: [String: Source]) {
        let current = c.status(on: .latest)
        self.init(
            id: c.id, name: c.name, provider: c.provider, confidence: c.confidence.rawValue, notes: c.notes,
            currentStatus: current?.status.rawValue, currentStatusLabel: current?.status.label,
            venue: VenueDTO(venue, districts: districts),
            events: c.events.map { e in
                CentreEventDTO(
                    date: e.date.description, dateText: e.date.longText, status: e.status.rawValue,
                    statusLabel: e.status.label, stage: e.stage.rawValue,
                    sources: e.sourceIDs.map { id in sources[id].map(SourceRefDTO.init) ?? SourceRefDTO(id: id, title: id) },
                    note: e.note)
            }, lastChecked: c.upkeep?.lastChecked?.description, temporarilyClosed: c.upkeep?.temporarilyClosed ?? false,
            closureNote: c.upkeep?.closureNote)
    }
}

extension SessionDTO {
    init(_ s: Session, services: [String: Service], venues: [String: Venue]) {
        self.init(
            id: s.id, serviceId: s.serviceID, serviceName: services[s.serviceID]?.name ?? s.serviceID, venueId: s.venueID,
            venueName: venues[s.venueID]?.name ?? s.venueID, recurrence: s.recurrence.rawValue,
            dayOfWeek: s.dayOfWeek?.rawValue, startTime: s.startTime.description, endTime: s.endTime.description,
            validFrom: s.validFrom?.description, validTo: s.validTo?.description, date: s.date?.description,
            schedule: s.scheduleText, note: s.note, sourceId: s.sourceID, lastChecked: s.upkeep?.lastChecked?.description,
            temporarilyClosed: s.upkeep?.temporarilyClosed ?? false, closureNote: s.upkeep?.closureNote)
    }
}

extension ServiceDTO {
    init(_ s: Service, categories: [String: ServiceCategory]) {
        self.init(
            id: s.id, name: s.name, category: s.category, categoryName: categories[s.category]?.name ?? s.category,
            description: s.description, minAgeMonths: s.minAgeMonths, maxAgeMonths: s.maxAgeMonths, cost: s.cost,
            sourceId: s.sourceID, lastChecked: s.upkeep?.lastChecked?.description)
    }
}

extension SourceRefDTO {
    /// Links only to web addresses: a `javascript:` or other scheme is dropped, never rendered as a link.
    init(_ s: Source) {
        self.init(id: s.id, title: s.title, publisher: s.publisher, url: SourceRefDTO.webURL(s.url))
    }

    static func webURL(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let lower = raw.lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://") ? raw : nil
    }
}
