import CentresCore
import TravelTime

/// What an assessment was computed from, carried with every figure so it can be checked.
public struct AssessmentInputs: Hashable, Sendable, Codable {
    public var packName: String
    public var packVersion: String
    public var mode: TravelMode
    public var method: MatrixMethod
    /// The matrix layer used: "minutes", or a percentile such as "p50" for public transport.
    public var layer: String
    public var date: String?
    public var window: String?
    public var maxMinutes: Double
    public var matrixSummary: String
    public var matrixSoftware: String
    public var populationYear: Int
    public var reachThreshold: Int

    /// One line for people: "Norfolk 2019.1; car, estimate (…); under-fives mid-2019".
    public var summary: String {
        "\(packName) \(packVersion); \(matrixSummary); layer \(layer); under-fives mid-\(populationYear)"
    }
}

/// Under-fives within one time band.
public struct BandFigures: Hashable, Sendable, Codable {
    public var minutes: Int
    public var underFives: Int
    /// Share of the group's under-fives (0…1).
    public var share: Double
    /// Under-fives within the band under the baseline but beyond it under the proposal (nil without a baseline).
    public var newlyBeyond: Int?
}

/// Population-weighted journey-time figures for a group of areas, in the style of the Department
/// for Transport's journey-time statistics.
public struct GroupFigures: Hashable, Sendable, Codable {
    public var key: String
    public var label: String
    public var areas: Int
    public var underFives: Int
    /// Average of each area's minimum time, weighted by under-fives, over those who can reach a base.
    public var averageMinutes: Double?
    public var baselineAverageMinutes: Double?
    /// Under-fives in areas from which no base is reachable within the matrix's limit.
    public var unreachableUnderFives: Int
    public var bands: [BandFigures]
}

/// One area's result.
public struct AreaOutcome: Hashable, Sendable, Codable {
    public var code: String
    public var name: String
    public var districtCode: String
    public var underFives: Int
    public var deprivationDecile: Int?
    public var ruralUrban: RuralUrban?
    /// The nearest open base (a centre id) and the time to it; nil when none is reachable.
    public var nearestBase: String?
    public var minutes: Double?
    public var baselineBase: String?
    public var baselineMinutes: Double?
    /// Minutes to the nearest venue offering each service (by service id); nil when none is reachable.
    public var serviceMinutes: [String: Double?]

    /// Worse than the baseline: longer, or no longer reachable.
    public var isWorse: Bool {
        guard let baselineMinutes else { return false }
        guard let minutes else { return true }
        return minutes > baselineMinutes
    }
}

/// How many under-fives a base is the nearest for.
public struct BaseReach: Hashable, Sendable, Codable {
    public var centreID: String
    public var centreName: String
    public var venueID: String
    public var areas: Int
    public var underFives: Int
    /// Below the reach threshold (600 under-fives by default, the 2011 guidance's figure).
    public var belowThreshold: Bool
}

/// Money: the proposal's budget against today's and against the savings target.
public struct CostFigures: Hashable, Sendable, Codable {
    public var currentGBP: Int?
    public var proposedGBP: Int?
    public var savingGBP: Int?
    public var targetSavingGBP: Int?
    /// Positive: the saving falls short of the target by this much; negative: it exceeds it.
    public var shortfallGBP: Int?
}

/// Under-fives affected, by deprivation decile or rurality.
public struct EqualityRow: Hashable, Sendable, Codable {
    public var group: String
    public var label: String
    public var underFives: Int
    /// Under-fives whose nearest-base time gets worse than the baseline (nil without a baseline).
    public var affected: Int?
    public var affectedShare: Double?
    /// Under-fives newly beyond 30 minutes of a base.
    public var newlyBeyond30: Int?
    public var averageMinutes: Double?
}

/// Everything an assessment of one proposal shows.
public struct Assessment: Hashable, Sendable, Codable {
    public var proposalID: String
    public var baselineID: String?
    public var inputs: AssessmentInputs
    /// Centres by decision; centres the proposal does not mention count as `unknown`.
    public var decisionCounts: [String: Int]
    /// Centres whose decision is not known: counted apart, never treated as open or closed.
    public var unknownCentres: [String]
    /// Open bases with no known location (so in no travel time): counted apart.
    public var unplacedBases: [String]
    public var overall: GroupFigures
    public var byDistrict: [GroupFigures]
    public var byDecile: [GroupFigures]
    public var byQuintile: [GroupFigures]
    public var byRuralUrban: [GroupFigures]
    public var areas: [AreaOutcome]
    public var reach: [BaseReach]
    public var cost: CostFigures
    public var equality: [EqualityRow]
}
