import CentresCore
import Foundation
import Planning
import TravelTime

/// An optimiser request read from a URL query: the page's GET form, its links and the JSON API
/// all use these names, so an answer's address reproduces it. Every wrong value is reported at its
/// field rather than guessed.
struct OptimiserRequest {
    var query = OptimiserQuery()
    var mode: TravelMode?
    var upTo = 20
    var errors: [(field: String, message: String)] = []
    /// Whether the query asked for anything (an empty form shows no answer yet).
    var asked: Bool

    static let largestSites = 200
    static let largestMinutes = 600.0
    static let largestNames = 60

    init(_ raw: String?, reads: ParameterReads? = nil) {
        let parsed = try? FormFields(encoded: raw, reads: reads)
        let f = parsed ?? FormFields(PostedForm(values: []))
        asked = parsed == nil || !f.values.isEmpty
        if parsed == nil { errors.append(("form", "the address's query is not percent-encoded UTF-8")) }
        if let v = f["problem"] {
            if let k = OptimiserQuery.Kind(rawValue: v) {
                query.kind = k
            } else {
                errors.append(("problem", "choose pmedian, mclp, lscp or budget"))
            }
        }
        query.sites = number(f, "sites", default: 15, in: 1...Self.largestSites, what: "the number of sites")
        query.withinMinutes = decimal(f, "within", default: 30, in: 1...Self.largestMinutes, what: "the time limit in minutes")
        // Left empty, set covering reaches every point that can be reached.
        if let v = f["share"], !v.trimmingCharacters(in: .whitespaces).isEmpty {
            query.share = decimal(f, "share", default: 1, in: 0.01...1, what: "the share to reach (0.01 to 1)")
        }
        if let v = f["budget"] {
            if let b = Double(v.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "£", with: "")), b >= 0,
                b.isFinite
            {
                query.budget = b
            } else {
                errors.append(("budget", "'\(v)' is not an amount in pounds"))
            }
        }
        query.minimumPerDistrict = number(
            f, "min_per_district", default: 0, in: 0...Self.largestSites, what: "the minimum per district")
        query.minimumByDistrict = districts(f, "min_district")
        query.maximumByDistrict = districts(f, "max_district")
        upTo = number(f, "up_to", default: 20, in: 1...OptimiserService.largestFrontier, what: "the largest number of sites")
        if let v = f["mode"] {
            if let m = TravelMode(rawValue: v) { mode = m } else { errors.append(("mode", "'\(v)' is not a travel mode")) }
        }
        if let v = f["weighting"] {
            if let w = DemandWeighting(rawValue: v) {
                query.weighting = w
            } else {
                errors.append(
                    ("weighting", "choose one of \(DemandWeighting.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
        }
        let kinds = Self.items(f, "candidates", separators: ",")
        if !kinds.isEmpty || f.lists["candidates"] != nil {
            let unknown = kinds.filter { CandidateKind(rawValue: $0) == nil }
            if !unknown.isEmpty {
                errors.append(
                    (
                        "candidates",
                        "'\(unknown[0])' is not a kind of site; choose from \(CandidateKind.allCases.map(\.rawValue).joined(separator: ", "))"
                    ))
            }
            query.candidates = CandidateKind.allCases.filter { kinds.contains($0.rawValue) }
            if query.candidates.isEmpty && unknown.isEmpty {
                errors.append(("candidates", "choose at least one kind of candidate site"))
            }
        }
        query.keep = list(f, "keep")
        query.forbid = list(f, "forbid")
    }

    /// Names one per line (the form's text areas) or repeated (`keep=A&keep=B`).
    static func items(_ f: FormFields, _ name: String, separators: Character) -> [String] {
        (f.lists[name] ?? []).flatMap { $0.split(whereSeparator: { $0 == separators || $0.isNewline }) }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    mutating func list(_ f: FormFields, _ name: String) -> [String] {
        let names = Self.items(f, name, separators: "\n")
        if names.count > Self.largestNames {
            errors.append((name, "give at most \(Self.largestNames) names"))
            return []
        }
        if let long = names.first(where: { $0.count > 200 }) {
            errors.append((name, "'\(long.prefix(40))…' is too long for a site's name"))
            return []
        }
        return names
    }

    mutating func number(_ f: FormFields, _ name: String, default d: Int, in range: ClosedRange<Int>, what: String) -> Int {
        guard let v = f[name] else { return d }
        guard let n = Int(v), range.contains(n) else {
            errors.append((name, "\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound)"))
            return d
        }
        return n
    }

    /// `NAME=K` per line or comma (Norwich=3, Breckland=2), as the CLI's --min-district takes them.
    mutating func districts(_ f: FormFields, _ name: String) -> [String: Int] {
        switch OptimiserQuery.districtLimits(Self.items(f, name, separators: ",")) {
        case .success(let limits): return limits
        case .failure(let e):
            errors.append((name, e.message))
            return [:]
        }
    }

    /// The form's way of writing district limits back: "Breckland=2, Norwich=3".
    static func districtText(_ limits: [String: Int]) -> String {
        limits.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }

    mutating func decimal(_ f: FormFields, _ name: String, default d: Double, in range: ClosedRange<Double>, what: String)
        -> Double
    {
        guard let v = f[name] else { return d }
        guard let n = Double(v), n.isFinite, range.contains(n) else {
            errors.append(
                (
                    name,
                    "\(what) must be a number from \(Self.plain(range.lowerBound)) to \(Self.plain(range.upperBound))"
                ))
            return d
        }
        return n
    }

    /// The query string that asks for this again (for links to CSV files, the frontier and back).
    func queryString(mode resolved: TravelMode, upTo: Int? = nil) -> String {
        var pairs = [
            ("problem", query.kind.rawValue), ("within", Self.plain(query.withinMinutes)),
            ("mode", resolved.rawValue), ("candidates", query.candidates.map(\.rawValue).joined(separator: ",")),
            ("weighting", query.weighting.rawValue), ("min_per_district", "\(query.minimumPerDistrict)"),
            ("min_district", Self.districtText(query.minimumByDistrict)),
            ("max_district", Self.districtText(query.maximumByDistrict)),
        ]
        if let s = query.sites { pairs.append(("sites", "\(s)")) }
        if query.kind == .setCovering, let share = query.share { pairs.append(("share", Self.plain(share))) }
        if let b = query.budget { pairs.append(("budget", Self.plain(b))) }
        if let upTo { pairs.append(("up_to", "\(upTo)")) }
        pairs += query.keep.map { ("keep", $0) } + query.forbid.map { ("forbid", $0) }
        return "?" + pairs.map { "\($0)=\(Self.encode($1))" }.joined(separator: "&")
    }

    /// 30 → "30", 0.95 → "0.95": as a person would type it.
    static func plain(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? "\(Int(d))" : "\(d)" }

    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }
}
