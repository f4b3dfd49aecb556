import CentresCore
import Fluent
import Foundation
import Vapor

struct ConsultationSummaryDTO: Content {
    var id: String
    var title: String
    var url: String
    var stage: String
    var opensOn: String
    var closesOn: String
    var proposalId: String?
    /// Counted responses: given once the results are published.
    var responses: Int?
}

struct ConsultationResultsDTO: Content {
    struct ChannelCount: Content { var channel: String, label: String, count: Int }
    struct OptionCount: Content { var value: String, label: String, count: Int, percent: Double? }
    struct MeanPlace: Content { var value: String, place: Double }
    struct Question: Content {
        var id: String, number: Int, text: String, kind: String, answered: Int
        var options: [OptionCount]
        var meanPlaces: [MeanPlace]
    }
    var id: String
    var title: String
    var url: String
    var responses: Int
    var byChannel: [ChannelCount]
    var questions: [Question]
    var whatWeHeard: String?
    var whatWeDid: String?
    var revisedProposalId: String?
    var countedAt: String
    var method: String
}

/// `/api/v1/consultations`: every launched consultation, and a published one's counted results
/// (per question and option; no personal data, no free text).
struct ConsultationAPI {
    func register(_ app: Application) {
        app.get(SiteURL.api(.consultations).pathComponents) { req in
            let today = SimpleDate.today()
            let counts = try await ResponseStore.counts(on: req.db)
            let all = try await ConsultationStore.all(on: req.db).filter { $0.state != .draft }.map { c in
                ConsultationSummaryDTO(
                    id: c.id, title: c.title, url: req.application.publicURL + SiteURL.consultation(c.id).path,
                    stage: c.stage(on: today).rawValue, opensOn: c.opensOn.description, closesOn: c.closesOn.description,
                    proposalId: c.proposalID, responses: c.state == .published ? counts[c.id] ?? 0 : nil)
            }
            return try DirectoryService.page(req, all)
        }
        app.get(SiteURL.api(.consultationResults(":id")).pathComponents) { req -> ConsultationResultsDTO in
            let id = req.parameters.get("id") ?? ""
            guard let c = try await ConsultationStore.find(id, on: req.db), c.state == .published else {
                throw WebError.notFound(what: "published consultation", id: id)
            }
            return Self.results(c, try await ResponseStore.all(c.id, on: req.db), base: req.application.publicURL)
        }
    }

    static func results(_ c: Consultation, _ responses: [ResponseRow], base: String) -> ConsultationResultsDTO {
        let decoded = responses.map(\.decodedAnswers)
        return ConsultationResultsDTO(
            id: c.id, title: c.title, url: base + SiteURL.consultation(c.id).path, responses: responses.count,
            byChannel: ResponseStore.byChannel(responses).map {
                .init(channel: $0.channel.rawValue, label: $0.channel.label, count: $0.count)
            },
            questions: c.questions.enumerated().map { i, q in
                let r = QuestionResults.tally(q, decoded.map { $0[q.id] })
                return .init(
                    id: q.id, number: i + 1, text: q.text, kind: QuestionDraft(q).kind, answered: r.answered,
                    options: r.counts.map { .init(value: $0.value, label: $0.label, count: $0.count, percent: $0.percent) },
                    meanPlaces: q.options.compactMap { o in r.meanPlaces[o.value].map { .init(value: o.value, place: $0) } })
            }, whatWeHeard: c.whatWeHeard, whatWeDid: c.whatWeDid, revisedProposalId: c.revisedProposalID,
            countedAt: AccountStore.timestamp(Date()),
            method:
                "Every stored response, from every channel. Per option, never per combination; percent is of the responses that answered the question (a multiple choice's add up to more than 100). Free text is not published here."
        )
    }
}
