import CentresCore
import Fluent
import Foundation
import Vapor

/// The printable report of a consultation: what was asked, how many answered by which channel,
/// each question's results with its chart, the themes of the free text with the quotes chosen
/// (only from respondents who agreed), responses per 1,000 under-fives with the map, and, once
/// published, what was heard and done. Made to print to PDF from any browser (A4, no scripts).
struct ConsultationReport: Encodable {
    struct Theme: Encodable { var label: String, count: Int, percent: String }
    struct FreeText: Encodable {
        var number: Int, text: String, answered: Int, coded: String, themes: [Theme], quotes: [String]
    }

    var title: String
    var back: String
    var purpose: String
    var whoIsConsulted: String
    var dates: String
    var made: String
    var analysis: ConsultationAnalysis
    var late: Int
    var identical: String?
    var freeText: [FreeText]
    var whatWeHeard: String?
    var whatWeDid: String?

    static func make(_ c: Consultation, back: String, req: Request) async throws -> ConsultationReport {
        let responses = try await ResponseStore.all(c.id, on: req.db)
        let analysis = try await ConsultationAnalysis.make(c, by: .none, responses: responses, app: req.application)
        let quotes = try await CodingStore.quotes(c.id, on: req.db)
        let byID = Dictionary(uniqueKeysWithValues: responses.map { ($0.id, $0) })
        var free: [FreeText] = []
        for (t, p) in try await CodingController.progress(c, responses, on: req.db) {
            let chosen: [String] = quotes.filter { $0.questionId == t.id }.compactMap { quote in
                guard let r = byID[quote.responseId], r.quoteConsent else { return nil }
                return t.text(in: r.decodedAnswers)
            }
            let themes = p.themes.map {
                Theme(
                    label: $0.label, count: $0.count,
                    percent: NumberText.fixed(Double($0.count) * 100 / Double(max(p.answered, 1)), 1) + "%")
            }
            let coded = p.percentCoded.map { "\(p.coded) of \(p.answered) answers coded (\(NumberText.fixed($0, 0))%)" }
            free.append(
                FreeText(
                    number: t.number, text: t.label, answered: p.answered, coded: coded ?? "No answers", themes: themes,
                    quotes: chosen))
        }
        let groups = ResponsePages.identicalGroups(c, responses)
        let inGroups = groups.map(\.responseIDs.count).reduce(0, +)
        return ConsultationReport(
            title: c.title, back: back, purpose: c.purpose, whoIsConsulted: c.whoIsConsulted,
            dates: "\(c.opensOn.longText) to \(c.closesOn.longText)", made: SimpleDate.today().longText, analysis: analysis,
            late: responses.filter(\.late).count,
            identical: groups.isEmpty
                ? nil
                : "\(inGroups) responses share their free text with at least one other (\(groups.count) group\(groups.count == 1 ? "" : "s"), the largest \(groups[0].responseIDs.count)): campaign or template responses. Every one is counted.",
            freeText: free, whatWeHeard: c.state == .published ? c.whatWeHeard : nil,
            whatWeDid: c.state == .published ? c.whatWeDid : nil)
    }
}
