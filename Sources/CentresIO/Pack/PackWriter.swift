import CentresCore
import Foundation

/// Writes a `DataPack` as a pack folder in the format `PackReader` reads.
public enum PackWriter {
    public static func write(_ pack: DataPack, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if !pack.proposals.isEmpty {
            try FileManager.default.createDirectory(
                at: directory.appendingPathComponent(PackFormat.proposalsFolder), withIntermediateDirectories: true)
        }
        for (name, text) in files(pack) {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name), options: .atomic)
        }
    }

    static func s(_ v: String?) -> String { v ?? "" }
    static func n<T>(_ v: T?) -> String { v.map { "\($0)" } ?? "" }

    /// Every file of the pack, name → contents.
    public static func files(_ pack: DataPack) -> [(String, String)] {
        func table(_ spec: (String, [String]), _ rows: [[String]]) -> (String, String) {
            var w = CSVWriter(header: spec.1)
            rows.forEach { w.append($0) }
            return (spec.0, w.text)
        }
        var out = [
            table(PackFormat.manifest, pack.orderedManifestKeys.map { [$0, pack.manifest[$0]!] }),
            table(
                PackFormat.sources,
                pack.sources.map {
                    [$0.id, $0.title, s($0.publisher), s($0.url), s($0.licence), s($0.attribution), n($0.retrieved)]
                }),
            table(PackFormat.provenance, pack.provenance.map { [$0.file, $0.column, $0.sourceID, s($0.method)] }),
            table(PackFormat.districts, pack.districts.map { [$0.code, $0.name] }),
            table(
                PackFormat.areas,
                pack.areas.map {
                    [
                        $0.code, $0.name, $0.districtCode, "\($0.centroid.lat)", "\($0.centroid.lon)", "\($0.populationTotal)",
                        "\($0.underFives)", "\($0.populationYear)", n($0.deprivation.score), n($0.deprivation.rank),
                        n($0.deprivation.decile), s($0.classificationCode), s($0.classificationName), s($0.ruralUrban?.rawValue),
                    ]
                }),
            table(
                PackFormat.venues,
                pack.venues.map {
                    [
                        $0.id, $0.kind.rawValue, $0.name, s($0.address), s($0.postcode), n($0.location?.lat), n($0.location?.lon),
                        $0.locationQuality.rawValue, s($0.locationMethod), s($0.districtCode), s($0.areaCode),
                        s($0.accessibility),
                        s($0.openingHours), s($0.sourceID),
                    ]
                }),
            table(
                PackFormat.centres,
                pack.centres.map { [$0.id, $0.name, $0.venueID, s($0.provider), $0.confidence.rawValue, s($0.notes)] }),
            table(
                PackFormat.centreEvents,
                pack.centres.flatMap { c in
                    c.events.map {
                        [
                            c.id, "\($0.date)", $0.status.rawValue, $0.stage.rawValue, $0.sourceIDs.joined(separator: ";"),
                            s($0.note),
                        ]
                    }
                }),
            table(PackFormat.serviceCategories, pack.serviceCategories.map { [$0.code, $0.name, s($0.description)] }),
            table(
                PackFormat.services,
                pack.services.map {
                    [
                        $0.id, $0.name, $0.category, s($0.description), n($0.minAgeMonths), n($0.maxAgeMonths), s($0.cost),
                        s($0.sourceID),
                    ]
                }),
            table(
                PackFormat.sessions,
                pack.sessions.map {
                    [
                        $0.id, $0.serviceID, $0.venueID, $0.recurrence.rawValue, s($0.dayOfWeek?.rawValue), "\($0.startTime)",
                        "\($0.endTime)", n($0.validFrom), n($0.validTo), n($0.date), s($0.note), s($0.sourceID),
                    ]
                }),
            table(
                PackFormat.budgetLines,
                pack.budgetLines.map { [$0.id, $0.name, "\($0.currentGBP)", "\($0.proposedGBP)", s($0.sourceID)] }),
            table(
                PackFormat.facts,
                pack.facts.map { [$0.id, $0.description, $0.value, s($0.unit), s($0.asOf), s($0.sourceID), s($0.note)] }),
            table(
                PackFormat.postcodes,
                pack.postcodes.map {
                    [$0.postcode.text, "\($0.location.lat)", "\($0.location.lon)", s($0.districtCode), n($0.positionalQuality)]
                }),
            table(
                PackFormat.places,
                pack.places.map {
                    [
                        $0.name, $0.kind, s($0.code), s($0.districtCode), "\($0.location.lat)", "\($0.location.lon)",
                        s($0.method), s($0.sourceID),
                    ]
                }),
        ]
        if !pack.boundaries.isEmpty { out.append((PackFormat.boundaries, GeoJSONBoundaries.write(pack.boundaries))) }
        for p in pack.proposals { out.append(("\(PackFormat.proposalsFolder)/\(p.id).csv", ProposalCSV.text(p))) }
        return out
    }
}
