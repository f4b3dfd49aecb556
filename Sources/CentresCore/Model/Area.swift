/// A local authority district.
public struct District: Hashable, Sendable, Codable {
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// Whether an area is rural or urban, as its classification says.
public enum RuralUrban: String, CaseIterable, Sendable, Codable {
    case rural, urban
}

/// IMD 2019 figures for one area: rank 1 and decile 1 are the most deprived.
public struct Deprivation: Hashable, Sendable, Codable {
    public var score: Double?
    public var rank: Int?
    public var decile: Int?

    public init(score: Double?, rank: Int?, decile: Int?) {
        self.score = score
        self.rank = rank
        self.decile = decile
    }

    /// Quintile 1 (most deprived 20%) to 5, from the decile.
    public var quintile: Int? { decile.map(Self.quintile(ofDecile:)) }

    public static func quintile(ofDecile decile: Int) -> Int { (decile + 1) / 2 }

    /// "Decile 1 (most deprived)", "Decile 5", "Decile 10 (least deprived)".
    public static func label(decile d: Int) -> String {
        "Decile \(d)" + (d == 1 ? " (most deprived)" : d == 10 ? " (least deprived)" : "")
    }

    /// "Quintile 1 (most deprived)" … "Quintile 5 (least deprived)".
    public static func label(quintile q: Int) -> String {
        "Quintile \(q)" + (q == 1 ? " (most deprived)" : q == 5 ? " (least deprived)" : "")
    }
}

/// A small statistical area (a 2011 LSOA in England).
public struct Area: Hashable, Sendable, Codable {
    public var code: String
    public var name: String
    public var districtCode: String
    /// Population-weighted centroid: where the area's people live on average.
    public var centroid: Coordinate
    public var populationTotal: Int
    public var underFives: Int
    public var populationYear: Int
    public var deprivation: Deprivation
    public var classificationCode: String?
    public var classificationName: String?
    public var ruralUrban: RuralUrban?

    public init(
        code: String, name: String, districtCode: String, centroid: Coordinate,
        populationTotal: Int, underFives: Int, populationYear: Int, deprivation: Deprivation,
        classificationCode: String? = nil, classificationName: String? = nil,
        ruralUrban: RuralUrban? = nil
    ) {
        self.code = code
        self.name = name
        self.districtCode = districtCode
        self.centroid = centroid
        self.populationTotal = populationTotal
        self.underFives = underFives
        self.populationYear = populationYear
        self.deprivation = deprivation
        self.classificationCode = classificationCode
        self.classificationName = classificationName
        self.ruralUrban = ruralUrban
    }
}
