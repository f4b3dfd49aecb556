/// A location problem's data: demand points with weights, candidate sites, and the minutes from
/// every demand point to every site. Pure values; the solvers never change it.
public struct LocationInstance: Sendable {
    public var demandIDs: [String]
    public var siteIDs: [String]
    /// Demand weights (under-fives, or any column), one per demand point; never negative.
    public var weights: [Double]
    /// Minutes, row-major: `minutes[i * siteCount + j]` from demand `i` to site `j`; `.infinity`
    /// when the matrix has no time (beyond its limit, or no route).
    public var minutes: [Double]
    /// Running cost per site, where known (budget-constrained covering needs them all).
    public var siteCosts: [Double?]
    /// District per site, where known (for at-least-k-per-district).
    public var siteDistricts: [String?]

    public init(
        demandIDs: [String], siteIDs: [String], weights: [Double], minutes: [Double], siteCosts: [Double?]? = nil,
        siteDistricts: [String?]? = nil
    ) {
        precondition(weights.count == demandIDs.count && minutes.count == demandIDs.count * siteIDs.count)
        self.demandIDs = demandIDs
        self.siteIDs = siteIDs
        self.weights = weights
        self.minutes = minutes
        self.siteCosts = siteCosts ?? Array(repeating: nil, count: siteIDs.count)
        self.siteDistricts = siteDistricts ?? Array(repeating: nil, count: siteIDs.count)
    }

    public var demandCount: Int { demandIDs.count }
    public var siteCount: Int { siteIDs.count }
    public var totalWeight: Double { weights.reduce(0, +) }

    @inline(__always) func time(_ i: Int, _ j: Int) -> Double { minutes[i * siteIDs.count + j] }
}

/// Which sites are forced open, forbidden, and how many each district must have at least and at
/// most (each district its own, e.g. Norwich at least 3, every other at least 2, none more than 4).
public struct SiteRules: Sendable, Hashable {
    public var forced: Set<Int>
    public var forbidden: Set<Int>
    public var minimumPerDistrict: [String: Int]
    public var maximumPerDistrict: [String: Int]

    public init(
        forced: Set<Int> = [], forbidden: Set<Int> = [], minimumPerDistrict: [String: Int] = [:],
        maximumPerDistrict: [String: Int] = [:]
    ) {
        self.forced = forced
        self.forbidden = forbidden
        self.minimumPerDistrict = minimumPerDistrict
        self.maximumPerDistrict = maximumPerDistrict
    }

    /// The districts with a limit, in name order.
    var limitedDistricts: [String] { Set(minimumPerDistrict.keys).union(maximumPerDistrict.keys).sorted() }

    /// Each site's district as an index into `limitedDistricts` (−1: none), and each district's
    /// minimum (0 if none) and maximum (`Int.max` if none) in the same order.
    func districtIndex(_ x: LocationInstance) -> (ofSite: [Int], minimums: [Int], maximums: [Int]) {
        let names = limitedDistricts
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        return (
            x.siteDistricts.map { d in d.flatMap { index[$0] } ?? -1 }, names.map { minimumPerDistrict[$0] ?? 0 },
            names.map { maximumPerDistrict[$0] ?? Int.max }
        )
    }

    /// These rules plus sites to keep and forbid named in people's words (`site` resolves a name
    /// or refuses it), at least `minimumPerDistrict` in every district that has candidates, and
    /// each named district's own minimum and maximum (a named minimum replaces the common one).
    public func adding(
        keep: [String], forbid: [String], minimumPerDistrict: Int, minimumByDistrict: [String: Int] = [:],
        maximumByDistrict: [String: Int] = [:], in x: LocationInstance, site: (String) throws(LocationProblemError) -> Int
    ) throws(LocationProblemError) -> SiteRules {
        var rules = self
        for name in keep { rules.forced.insert(try site(name)) }
        for name in forbid { rules.forbidden.insert(try site(name)) }
        let districts = Set(x.siteDistricts.compactMap { $0 })
        if minimumPerDistrict > 0 {
            for d in districts { rules.minimumPerDistrict[d] = minimumPerDistrict }
        }
        for (name, k) in minimumByDistrict.merging(maximumByDistrict, uniquingKeysWith: { a, _ in a }) {
            guard districts.contains(name) else {
                throw LocationProblemError(
                    "no candidate site is in a district called '\(name)' (the districts are \(districts.sorted().joined(separator: ", ")))"
                )
            }
            guard k >= 0 else { throw LocationProblemError("a district's limit cannot be negative (\(name))") }
        }
        for (name, k) in minimumByDistrict { rules.minimumPerDistrict[name] = k }
        for (name, k) in maximumByDistrict { rules.maximumPerDistrict[name] = k }
        return rules
    }

    /// Refuses a district asked for more sites than its maximum allows, or with more kept sites
    /// than its maximum: no choice of any size could satisfy it.
    func checkDistrictLimits(_ x: LocationInstance) throws(LocationProblemError) {
        let (district, minimums, maximums) = districtIndex(x)
        for (d, name) in limitedDistricts.enumerated() {
            if minimums[d] > maximums[d] {
                throw LocationProblemError(
                    "\(name) is asked for at least \(minimums[d]) sites and at most \(maximums[d]), which cannot both hold")
            }
            let kept = forced.filter { district[$0] == d }.count
            if kept > maximums[d] {
                throw LocationProblemError("\(kept) sites are kept open in \(name), more than its maximum of \(maximums[d])")
            }
        }
    }

    /// Refuses site numbers out of range and a site both kept and forbidden.
    func check(_ x: LocationInstance) throws(LocationProblemError) {
        if let bad = forced.union(forbidden).first(where: { !(0..<x.siteCount).contains($0) }) {
            throw LocationProblemError("site \(bad) is not one of the \(x.siteCount) candidate sites")
        }
        if let both = forced.intersection(forbidden).min() {
            throw LocationProblemError("'\(x.siteIDs[both])' is both kept open and forbidden")
        }
    }
}

/// The problems the optimiser solves.
public enum LocationProblem: Sendable, Hashable {
    /// Choose `sites` sites minimising total weighted minutes to the nearest chosen site. A demand
    /// point with no time to any chosen site counts at `unreachableMinutes`.
    case pMedian(sites: Int, unreachableMinutes: Double)
    /// Choose `sites` sites maximising the weight within `minutes` of a chosen site.
    case maximalCovering(sites: Int, minutes: Double)
    /// The fewest sites putting at least `share` (0…1) of the weight within `minutes`; with no
    /// share, every demand point some allowed site can reach within `minutes` (as spopt's LSCP,
    /// the others listed in the report and left out).
    case setCovering(minutes: Double, share: Double?)
    /// Sites whose running costs total at most `budget`, maximising the weight within `minutes`.
    case budgetCovering(budget: Double, minutes: Double)
}

/// An answer with its proof status: the best solution found, the best bound, and the gap.
public struct LocationSolution: Sendable, Hashable {
    /// Chosen site indices, ascending.
    public var sites: [Int]
    /// Total weighted minutes (p-median), weight covered (covering), or number of sites (set covering).
    public var objective: Double
    /// The best bound proven on the objective: a lower bound when minimising, an upper one when maximising.
    public var bound: Double
    /// |objective − bound| ÷ |objective| (0 when both are 0).
    public var gap: Double { Self.gap(objective, bound) }
    public var provenOptimal: Bool
    /// Weight within the covering radius (covering problems), and weighted mean minutes to the nearest chosen site.
    public var coveredWeight: Double
    public var meanMinutes: Double?
    /// Branch-and-bound nodes explored (1 when the root closed the gap).
    public var nodes: Int

    static func gap(_ objective: Double, _ bound: Double) -> Double {
        let scale = max(abs(objective), abs(bound))
        return scale == 0 ? 0 : abs(objective - bound) / scale
    }
}

/// Why a request cannot be solved, in words a person can act on.
public struct LocationProblemError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
