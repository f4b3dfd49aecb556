import CentresCore
import Fluent
import Foundation
import Vapor

/// The analysts' pages: results by respondent type, district, decile or channel, with rates
/// and the map. Consultation managers only; the same figures are public once published.
struct AnalysisController {
    func register(_ app: Application) {
        let manage = ConsultationStaffController.manage
        app.staff(.GET, SiteURL.staffConsultationResults(":id", by: nil).pathComponents, manage, use: results)
        app.staff(.GET, SiteURL.staffConsultationExport(":id", file: ":file").pathComponents, manage, use: export)
        app.staff(.GET, SiteURL.staffConsultationReport(":id").pathComponents, manage) { req in
            let c = try await ConsultationStaffController.stored(req)
            return try await req.view.render(
                "consultation-report",
                try await ConsultationReport.make(c, back: SiteURL.staffConsultationResults(c.id, by: nil).path, req: req)
            ).encodeResponse(for: req)
        }
    }

    /// Every response as CSV (plain, or for Excel); reading it is audited, as it holds postcodes.
    @Sendable func export(_ req: Request) async throws -> Response {
        let c = try await ConsultationStaffController.stored(req)
        let file = req.parameters.get("file") ?? ""
        guard file == "responses.csv" || file == "responses-excel.csv" else { throw WebError.notFound(what: "export", id: file) }
        let areas = try await DirectoryQueries(req.db).areas()
        let context = ResponseExport.Context(
            emails: try await ResponsePages.emails(on: req.db),
            deciles: Dictionary(uniqueKeysWithValues: areas.compactMap { a in a.deprivation.decile.map { (a.code, $0) } }),
            codes: Dictionary(uniqueKeysWithValues: try await CodingStore.codes(c.id, on: req.db).map { ($0.id, $0.label) }),
            tags: try await CodingStore.tags(c.id, on: req.db))
        let data = ResponseExport.csv(
            c, try await ResponseStore.all(c.id, on: req.db), context, excel: file == "responses-excel.csv")
        try await AuditLog.record(
            "consultation", c.id, action: "responses exported", changes: [], by: AuditActor(req.staff!), note: file, now: Date(),
            on: req.db)
        return ProposalController.download(data, type: "text/csv; charset=utf-8", name: "\(c.id)-\(file)")
    }

    struct Page: Encodable {
        var title: String
        var back: String
        var breakdowns: [Option]
        var analysis: ConsultationAnalysis
        var links: [PageLink]
    }

    @Sendable func results(_ req: Request) async throws -> Response {
        let c = try await ConsultationStaffController.stored(req)
        let by = req.queryText("by").flatMap(ConsultationAnalysis.Breakdown.init(rawValue:)) ?? .none
        let responses = try await ResponseStore.all(c.id, on: req.db)
        let analysis = try await ConsultationAnalysis.make(c, by: by, responses: responses, app: req.application)
        let page = Page(
            title: "Results: \(c.title)", back: SiteURL.staffConsultation(c.id).path,
            breakdowns: ConsultationAnalysis.Breakdown.allCases.map {
                Option(value: $0.rawValue, label: $0.label, selected: $0 == by)
            },
            analysis: analysis,
            links: [
                PageLink(label: "Responses", href: SiteURL.staffConsultationResponses(c.id).path, current: false),
                PageLink(
                    label: "Code the free text", href: SiteURL.staffConsultationCoding(c.id, question: nil).path, current: false),
                PageLink(label: "The printable report", href: SiteURL.staffConsultationReport(c.id).path, current: false),
                PageLink(
                    label: "Every response (CSV)", href: SiteURL.staffConsultationExport(c.id, file: "responses.csv").path,
                    current: false),
                PageLink(
                    label: "Every response (CSV for Excel)",
                    href: SiteURL.staffConsultationExport(c.id, file: "responses-excel.csv").path,
                    current: false),
            ])
        return try await req.view.render("staff-consultation-results", page).encodeResponse(for: req)
    }
}
