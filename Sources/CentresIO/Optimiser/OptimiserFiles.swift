import CentresCore
import Foundation
import Planning
import TravelTime

/// Bring-your-own inputs for the optimiser (docs/optimiser.md):
/// - the matrix: long-format CSV as `centres matrix` writes it (`origin_id,destination_id,minutes`)
///   or as r5py writes it (`from_id,to_id,travel_time`); every pair once, an empty time = unreachable;
/// - weights: `id,weight`, one row per origin;
/// - sites (optional): `id` and any of `name`, `cost`, `district`, `rule` (`forced`, `forbidden` or
///   empty), one row per destination.
/// Ids in one file but not the other, missing cells, negative times and bad numbers are errors
/// naming the file, line and column; nothing is guessed.
public enum OptimiserFiles {
    public struct Input: Sendable {
        public var instance: LocationInstance
        public var rules: SiteRules
        public var siteNames: [String?]
        public var inputs: [String]

        /// The site a person means: its id, or its name when only one site has it.
        public func site(named text: String) throws(LocationProblemError) -> Int {
            let matches = instance.siteIDs.indices.filter { instance.siteIDs[$0] == text || siteNames[$0] == text }
            guard matches.count == 1 else {
                throw LocationProblemError(
                    matches.isEmpty
                        ? "no site in the matrix is called '\(text)'" : "\(matches.count) sites are called '\(text)'; give the id"
                )
            }
            return matches[0]
        }
    }

    public static func read(matrix: URL, weights: URL, sites: URL?) throws(InputError) -> Input {
        let m = try MatrixFiles.readCSV(url: matrix)
        let matrixFile = matrix.lastPathComponent
        let demand = try readWeights(weights, origins: m.origins, matrixFile: matrixFile)
        var costs = [Double?](repeating: nil, count: m.destinations.count)
        var districts = [String?](repeating: nil, count: m.destinations.count)
        var names = [String?](repeating: nil, count: m.destinations.count)
        var rules = SiteRules()
        if let sites {
            let file = sites.lastPathComponent
            let reader = try TableReader(
                file: file, table: CSVTable.parse(try contents(sites), file: file), columns: ["id"],
                optionalColumns: ["name", "cost", "district", "rule"])
            let column = Dictionary(m.destinations.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            var seen: [String: Int] = [:]
            for row in reader.rows {
                let id = try row.required("id")
                guard let j = column[id] else { throw row.error("id", "'\(id)' is not a destination in \(matrixFile)") }
                if let first = seen[id] { throw row.error("id", "'\(id)' is a duplicate of line \(first)") }
                seen[id] = row.line
                names[j] = row.optional("name")
                districts[j] = row.optional("district")
                if let cost = try row.double("cost") {
                    guard cost >= 0, cost.isFinite else { throw row.error("cost", "a cost cannot be negative") }
                    costs[j] = cost
                }
                switch row.optional("rule")?.lowercased() {
                case nil: break
                case "forced": rules.forced.insert(j)
                case "forbidden": rules.forbidden.insert(j)
                case let other?: throw row.error("rule", "expected 'forced', 'forbidden' or nothing, found '\(other)'")
                }
            }
            if let missing = m.destinations.first(where: { seen[$0] == nil }) {
                throw InputError(file: file, message: "the destination '\(missing)' in \(matrixFile) has no row")
            }
        }
        let layer = m.layers[m.headlineLayer].values
        return Input(
            instance: LocationInstance(
                demandIDs: m.origins, siteIDs: m.destinations, weights: demand,
                minutes: layer.map { $0 ?? .infinity }, siteCosts: costs, siteDistricts: districts),
            rules: rules, siteNames: names,
            inputs: [matrix, weights].map(\.lastPathComponent) + (sites.map { [$0.lastPathComponent] } ?? []))
    }

    /// Running costs for the data pack's candidates (`--costs`, the web form's upload): `site` (a
    /// centre's or venue's name or id) and `cost` (pounds a year, 0 or more), one row per site; a
    /// site twice, or a cost that is not a number, is an error naming the line.
    public static func siteCosts(_ data: Data, file: String) throws(InputError) -> [String: Double] {
        let reader = try TableReader(file: file, table: CSVTable.parse(data, file: file), columns: ["site", "cost"])
        var costs: [String: Double] = [:]
        var seen: [String: Int] = [:]
        for row in reader.rows {
            let site = try row.required("site")
            if let first = seen[site] { throw row.error("site", "'\(site)' is a duplicate of line \(first)") }
            seen[site] = row.line
            let cost = try row.requiredDouble("cost")
            guard cost >= 0, cost.isFinite, cost <= Double(Money.largestGBP) else {
                throw row.error("cost", "a cost must be a number of pounds from 0 to \(Money.largestGBP)")
            }
            costs[site] = cost
        }
        return costs
    }

    public static func siteCosts(_ url: URL) throws(InputError) -> [String: Double] {
        try siteCosts(try contents(url), file: url.lastPathComponent)
    }

    /// District limits (`--districts`): `district` and either or both of `min` and `max`, one row
    /// per district, whole numbers from 0; a district twice, or a row with neither, is an error
    /// naming the line.
    public static func districtLimits(_ url: URL) throws(InputError) -> (minimum: [String: Int], maximum: [String: Int]) {
        let file = url.lastPathComponent
        let reader = try TableReader(
            file: file, table: CSVTable.parse(try contents(url), file: file), columns: ["district"],
            optionalColumns: ["min", "max"])
        var minimum: [String: Int] = [:], maximum: [String: Int] = [:]
        var seen: [String: Int] = [:]
        for row in reader.rows {
            let name = try row.required("district")
            if let first = seen[name] { throw row.error("district", "'\(name)' is a duplicate of line \(first)") }
            seen[name] = row.line
            let low = try row.int("min"), high = try row.int("max")
            guard low != nil || high != nil else { throw row.error("min", "give a minimum, a maximum or both") }
            for (column, k) in [("min", low), ("max", high)] where (k ?? 0) < 0 {
                throw row.error(column, "a limit cannot be negative")
            }
            minimum[name] = low
            maximum[name] = high
        }
        return (minimum, maximum)
    }

    /// One weight per origin, in the matrix's origin order.
    static func readWeights(_ url: URL, origins: [String], matrixFile: String) throws(InputError) -> [Double] {
        let file = url.lastPathComponent
        let reader = try TableReader(file: file, table: CSVTable.parse(try contents(url), file: file), columns: ["id", "weight"])
        let row = Dictionary(origins.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var weights = [Double?](repeating: nil, count: origins.count)
        var line: [Int: Int] = [:]
        for r in reader.rows {
            let id = try r.required("id")
            guard let i = row[id] else { throw r.error("id", "'\(id)' is not an origin in \(matrixFile)") }
            if let first = line[i] { throw r.error("id", "'\(id)' is a duplicate of line \(first)") }
            line[i] = r.line
            let w = try r.requiredDouble("weight")
            guard w >= 0, w.isFinite else { throw r.error("weight", "a weight cannot be negative") }
            weights[i] = w
        }
        if let missing = weights.firstIndex(where: { $0 == nil }) {
            throw InputError(file: file, message: "the origin '\(origins[missing])' in \(matrixFile) has no weight")
        }
        return weights.map { $0! }
    }

    static func contents(_ url: URL) throws(InputError) -> Data {
        do { return try Data(contentsOf: url) } catch {
            throw InputError(file: url.lastPathComponent, message: "cannot be read: \(error.localizedDescription)")
        }
    }

    /// The chosen sites as CSV, one row each, with what each serves; the summary is in the JSON.
    public static func csv(_ r: OptimiserReport) -> String {
        var w = CSVWriter(header: [
            "site_id", "name", "district", "cost", "kept", "points_served", "weight_served", "weight_within",
        ])
        for s in r.sites {
            w.append([
                s.id, s.name ?? "", s.district ?? "", s.cost.map { "\($0)" } ?? "", s.kept ? "yes" : "no", "\(s.points)",
                "\(s.weight)", s.weightWithin.map { "\($0)" } ?? "",
            ])
        }
        return w.text
    }

    public static func json(_ r: OptimiserReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try encoder.encode(r)
    }
}
