import CentresCore
import Fluent
import Foundation
import SQLKit

/// A stored response, from any channel.
struct ResponseRow: Codable, Sendable {
    var id: Int, consultationId: String, channel: String, receivedOn: String, late: Bool
    var enteredBy: String?, secondKeyedBy: String?, paperReference: String?, answers: String
    var respondentType: String?, postcode: String?, districtCode: String?, areaCode: String?
    var quoteConsent: Bool, createdAt: String, anonymisedAt: String?

    var decodedAnswers: [String: ConsultationAnswer] {
        (try? JSONDecoder().decode([String: ConsultationAnswer].self, from: Data(answers.utf8))) ?? [:]
    }
}

/// What is known of where a response came from, from its postcode answer.
struct ResponsePlace: Sendable {
    var postcode: String?, districtCode: String?, areaCode: String?
}

/// How a response arrived and who keyed it.
struct ResponseIntake: Sendable {
    var channel: ResponseChannel
    var receivedOn: SimpleDate
    var late: Bool
    var enteredBy: String?
    var secondKeyedBy: String? = nil
    var paperReference: String? = nil
}

/// Responses. Each is one row written in one statement (answers as JSON, with the columns that
/// analysis groups by beside them), so a response acknowledged to its author is stored whole.
enum ResponseStore {
    private struct NewRow: Encodable {
        var consultationId: String, channel: String, receivedOn: String, late: Bool
        var enteredBy: String?, secondKeyedBy: String?, paperReference: String?, answers: String
        var respondentType: String?, postcode: String?, districtCode: String?, areaCode: String?
        var quoteConsent: Bool, createdAt: String
    }

    /// The respondent type answered, if the consultation asks it.
    static func respondentType(_ c: Consultation, _ answers: [String: ConsultationAnswer]) -> String? {
        for q in c.questions where q.kind == .respondentType {
            if case .choice(let v, _) = answers[q.id] { return v }
        }
        return nil
    }

    /// The first postcode answered.
    static func postcode(_ c: Consultation, _ answers: [String: ConsultationAnswer]) -> Postcode? {
        for q in c.questions where q.kind == .postcode {
            if case .postcode(let text) = answers[q.id] { return Postcode(text) }
        }
        return nil
    }

    /// Stores a response; returns its number (the reference given to the respondent).
    static func insert(
        _ c: Consultation, answers: [String: ConsultationAnswer], intake: ResponseIntake, place: ResponsePlace,
        quoteConsent: Bool, now: Date, on db: any Database
    ) async throws -> Int {
        struct ID: Decodable { var id: Int }
        let row = NewRow(
            consultationId: c.id, channel: intake.channel.rawValue, receivedOn: intake.receivedOn.description, late: intake.late,
            enteredBy: intake.enteredBy, secondKeyedBy: intake.secondKeyedBy, paperReference: intake.paperReference,
            answers: ConsultationStore.json(answers), respondentType: respondentType(c, answers), postcode: place.postcode,
            districtCode: place.districtCode, areaCode: place.areaCode, quoteConsent: quoteConsent,
            createdAt: AccountStore.timestamp(now))
        let made = try await PackStore.sql(db).insert(into: "consultation_responses").model(row, with: PackStore.encoder)
            .returning("id").first(decoding: ID.self)
        guard let made else { throw WebError.badRequest(field: "response", message: "the database did not return its number") }
        return made.id
    }

    /// How many of `responses` came by each channel, every channel listed (in its order).
    static func byChannel(_ responses: [ResponseRow]) -> [(channel: ResponseChannel, count: Int)] {
        let counts = Dictionary(grouping: responses, by: \.channel).mapValues(\.count)
        return ResponseChannel.allCases.map { ($0, counts[$0.rawValue] ?? 0) }
    }

    /// The same, as the pages show it.
    static func channelFigures(_ responses: [ResponseRow]) -> [KeyFigure] {
        byChannel(responses).map { KeyFigure(label: $0.channel.label, value: NumberText.grouped($0.count)) }
    }

    /// Responses per consultation.
    static func counts(on db: any Database) async throws -> [String: Int] {
        struct N: Decodable { var consultationId: String, n: Int }
        let rows = try await PackStore.sql(db).select().column("consultation_id")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("consultation_responses")
            .groupBy("consultation_id").all(decoding: N.self, keyDecodingStrategy: .convertFromSnakeCase)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.consultationId, $0.n) })
    }

    /// A consultation's responses, in the order they were stored.
    static func all(_ consultationID: String, on db: any Database) async throws -> [ResponseRow] {
        try await PackStore.sql(db).select().column("*").from("consultation_responses")
            .where("consultation_id", .equal, consultationID).orderBy("id")
            .all(decoding: ResponseRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    static func find(_ id: Int, consultationID: String, on db: any Database) async throws -> ResponseRow? {
        try await PackStore.sql(db).select().column("*").from("consultation_responses").where("id", .equal, id)
            .where("consultation_id", .equal, consultationID)
            .first(decoding: ResponseRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}
