import CentresCore
import Fluent
import Planning
import Vapor

/// The proposal's measured impact, shown beside a consultation's questions: the planning
/// engine's key figures, the deprivation table and the map, against today's network.
struct ConsultationImpact: Encodable {
    var proposalTitle: String
    var proposalHref: String
    var modeLabel: String
    var isEstimate: Bool
    var inputs: String
    var keyFigures: [KeyFigure]
    /// The deprivation table: under-fives and their times by IMD quintile.
    var tables: [TableView]
    var map: String
    var timeLegend: [ProposalMaps.Swatch]
    /// Why there are no figures (no travel times stored yet), said instead of them.
    var missing: String?

    /// The panel as HTML, the same for every reader: made at most every 30 seconds per proposal.
    static func html(_ proposalID: String, app: Application) async throws -> String? {
        let html = try await app.sharedFragment("impact:\(proposalID)") {
            guard let impact = try await make(proposalID, app: app) else { return "" }
            return String(buffer: try await app.view.render("consultation-impact", impact).get().data)
        }
        return html.isEmpty ? nil : html
    }

    static func make(_ proposalID: String, app: Application) async throws -> ConsultationImpact? {
        let db = app.db
        guard let stored = try await ProposalStore.find(proposalID, on: db) else { return nil }
        let p = stored.proposal
        let href = SiteURL.proposal(p.id).path
        let s = ProposalAssessments(db: db)
        guard let mode = ProposalAssessments.defaultMode(among: try await s.modes()) else {
            return ConsultationImpact(
                proposalTitle: p.title, proposalHref: href, modeLabel: "", isEstimate: false, inputs: "", keyFigures: [],
                tables: [], map: "", timeLegend: [],
                missing: "No travel times are stored yet, so its effect on journeys cannot be shown here.")
        }
        let assessor = try await s.assessor(mode)
        let a = assessor.assess(p, baseline: assessor.data.today)
        let report = AssessmentReport(assessment: a, proposal: p, data: assessor.data)
        let maps = ProposalMaps(
            outlines: try await app.boundaryCache.outlines(DirectoryQueries(db)), data: assessor.data)
        let query = ProposalController.query(mode: mode, baseline: nil)
        return ConsultationImpact(
            proposalTitle: p.title, proposalHref: href + query, modeLabel: mode.label, isEstimate: a.inputs.method.isEstimate,
            inputs: a.inputs.summary, keyFigures: ProposalController.keyFigures(a),
            tables: report.tables.filter { $0.id == "quintiles" }.map {
                TableView($0, csvURL: SiteURL.proposalTable(p.id, table: "quintiles.csv").path + query)
            },
            map: maps.timeMap(a, proposal: p, label: "Map of time to the nearest open base under \(p.title)"),
            timeLegend: ProposalMaps.timeClasses.map { .init(key: $0.key, label: $0.label) }, missing: nil)
    }
}

extension Application {
    private struct FragmentCacheKey: StorageKey {
        typealias Value = RecentResults<String>
    }

    /// Parts of public pages that are the same for every reader, as HTML, by key (set up by
    /// `configure`).
    var fragmentCache: RecentResults<String> {
        get { storage[FragmentCacheKey.self]! }
        set { storage[FragmentCacheKey.self] = newValue }
    }

    /// The fragment `key`, made by `make` at most every 30 seconds (at once when counts are never
    /// reused, as in the tests). `make` must use the application's database, not a request's:
    /// other readers may wait on it after the request that started it has finished.
    func sharedFragment(_ key: String, make: @escaping @Sendable () async throws -> String) async throws -> String {
        try await fragmentCache.value(key, maxAge: countMaxAge == 0 ? 0 : 30, now: Date(), make: make)
    }
}
