import CentresCore
import Foundation
import TravelTime

extension MatrixJob {
    /// What a network run needs beyond the points: the map, and for public transport the timetable.
    public struct NetworkInputs: Sendable {
        public var osm: URL?
        public var gtfs: URL?
        public var date: SimpleDate?
        public var window: ClosedRange<Int>?
        public var percentiles: [Double] = [50]
        public var maxWalkMetres: Double = 800
        public var maxTransfers = 4
        /// Stops at most this far apart have a walking transfer between them.
        public var transferMetres: Double = 400
        public var rules = WalkRules()
        public var precision = TimePrecision.tenths

        public init(osm: URL?, gtfs: URL?) {
            self.osm = osm
            self.gtfs = gtfs
        }
    }

    static func points(_ url: URL) throws(Failure) -> [(id: String, point: Coordinate)] {
        do { return try PointsFile.read(url: url) } catch { throw .input(error) }
    }

    public static func streetInput(_ url: URL) throws(Failure) -> (input: RoadNetworkInput, file: MatrixInput) {
        let extract: OSMExtract
        do { extract = try OSMPBFReader.read(url: url) } catch { throw .input(error) }
        let date = extract.newestElementTimestamp.map { String($0.ISO8601Format().prefix(10)) }
        return (extract.roadNetwork, MatrixInput(name: url.lastPathComponent, date: date, role: "osm"))
    }

    /// The timetable of a GTFS zip for `date`, the input to record, and a warning if the feed has
    /// problems. A date with no service is an error, never an empty timetable.
    public static func transitInput(_ url: URL, date: SimpleDate, transferMetres: Double = 400) throws(Failure)
        -> (timetable: Timetable, input: MatrixInput, warnings: [String])
    {
        let feed: GTFSFeed
        let timetable: Timetable
        do {
            feed = try GTFSFeed.load(zipAt: url.path)
            timetable = try feed.timetable(on: date, maxTransferWalkMetres: transferMetres)
        } catch { throw .input(error) }
        let report = feed.validationReport(on: date)
        var warnings: [String] = []
        if report.errorCount > 0 || report.warningCount > 0 {
            warnings.append(
                "the GTFS feed has \(report.errorCount) error(s) and \(report.warningCount) warning(s); run `centres gtfs-check` for the list"
            )
        }
        let input = MatrixInput(name: url.lastPathComponent, date: feed.feedInfo?.startDate?.description, role: "gtfs")
        return (timetable, input, warnings)
    }

    /// Streets (walk, cycle, car) over the OSM extract, or public transport over the GTFS feed with
    /// walking on the extract where it covers. Points that do not reach the network are listed in
    /// `warnings`, never dropped.
    public func runNetwork(_ net: NetworkInputs, progress: (@Sendable (Int, Int) -> Void)? = nil) throws(Failure)
        -> (matrix: TravelTimeMatrix, warnings: [String])
    {
        let o = try Self.points(origins), d = try Self.points(destinations)
        let pointInputs = [
            MatrixInput(name: origins.lastPathComponent, date: nil, role: "origins"),
            MatrixInput(name: destinations.lastPathComponent, date: nil, role: "destinations"),
        ]
        var warnings: [String] = []
        var streets: (RoadNetworkInput, MatrixInput)?
        if let osm = net.osm { streets = try Self.streetInput(osm) }
        let m: TravelTimeMatrix
        if mode == .transit {
            guard let gtfs = net.gtfs else { throw .output("public transport needs --gtfs FILE.zip") }
            guard let date = net.date, let window = net.window else {
                throw .output("public transport needs --date and --window")
            }
            let (timetable, gtfsInput, feedWarnings) = try Self.transitInput(
                gtfs, date: date, transferMetres: net.transferMetres)
            warnings += feedWarnings
            var options = TransitMatrix.Options(window: window)
            options.percentiles = net.percentiles
            options.maxMinutes = maxMinutes
            options.maxWalkMetres = net.maxWalkMetres
            options.maxTransfers = net.maxTransfers
            options.rules = net.rules
            options.precision = net.precision
            let walk = streets.map { StreetGraph($0.0, mode: .walk) }
            if walk == nil { warnings.append("no street network given: walking legs are straight lines at walking speed") }
            let total = o.count
            var inputs = pointInputs + [gtfsInput]
            if let streets { inputs.append(streets.1) }
            var perOrigin: (@Sendable (Int) -> Void)?
            if let progress { perOrigin = { done in progress(done, total) } }
            m = TransitMatrix.compute(
                timetable: timetable, origins: o, destinations: d, options: options, walkGraph: walk, inputs: inputs,
                progress: perOrigin)
        } else {
            guard let (network, input) = streets else {
                return (try runEstimate(), ["no --osm street network given: times are estimates"])
            }
            let streetMode: StreetMode =
                switch mode {
                case .walk: .walk
                case .cycle: .cycle
                default: .car
                }
            let graph = StreetGraph(network, mode: streetMode)
            let result = StreetMatrix.compute(
                graph: graph, origins: o, destinations: d, maxMinutes: maxMinutes, rules: net.rules, precision: net.precision,
                inputs: pointInputs + [input])
            for r in result.origins + result.destinations where r.metres == nil {
                warnings.append("\(r.id) is more than \(Int(net.rules.snapMetres)) m from any usable street: unreachable")
            }
            try writeSnaps(origins: result.origins, destinations: result.destinations)
            m = result.matrix
        }
        try write(m)
        return (m, warnings)
    }

    /// `FILE.snaps.csv`: how far each point is from the street node it was joined to, and that node's
    /// OpenStreetMap id (empty: too far, so unreachable). Unless the matrix says `snap_walked: no`,
    /// the straight line is walked at walking speed and included in every time.
    func writeSnaps(origins: [SnapReport], destinations: [SnapReport]) throws(Failure) {
        var w = CSVWriter(header: ["role", "id", "snap_metres", "osm_node"])
        for (role, reports) in [("origin", origins), ("destination", destinations)] {
            for r in reports {
                w.append([role, r.id, r.metres.map { String(format: "%.1f", $0) } ?? "", r.node.map { "\($0)" } ?? ""])
            }
        }
        let url = URL(fileURLWithPath: output.path + ".snaps.csv")
        do { try Data(w.text.utf8).write(to: url, options: .atomic) } catch {
            throw .output("cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}
