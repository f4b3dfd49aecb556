import CentresCore
import Fluent
import Foundation
import SQLKit

struct KeyingRow: Codable, Sendable {
    var id: Int, consultationId: String, paperReference: String, channel: String, receivedOn: String, quoteConsent: Bool
    var answers: String, keyedBy: String, keyedAt: String

    var keying: Keying {
        Keying(
            receivedOn: SimpleDate(receivedOn) ?? SimpleDate.today(), quoteConsent: quoteConsent,
            answers: (try? JSONDecoder().decode([String: ConsultationAnswer].self, from: Data(answers.utf8))) ?? [:])
    }
}

/// What happened to a keying of a paper form.
enum KeyingOutcome: Equatable {
    /// The first keying: it counts once someone else keys the same form.
    case waiting
    /// The second agreed with the first: now response `number`.
    case accepted(number: Int)
    /// The second differs from the first: someone settles the differences.
    case differs
    case refused(String)
}

/// Paper forms keyed twice. Each step runs in one transaction, so two people finishing the same
/// form at once cannot both make a response (the form number is unique among responses).
enum KeyingStore {
    static func keyings(_ consultationID: String, reference: String? = nil, on db: any Database) async throws -> [KeyingRow] {
        var q = PackStore.sql(db).select().column("*").from("consultation_keyings").where(
            "consultation_id", .equal, consultationID)
        if let reference { q = q.where("paper_reference", .equal, reference) }
        return try await q.orderBy("id").all(decoding: KeyingRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    static func responseNumber(_ consultationID: String, reference: String, on db: any Database) async throws -> Int? {
        struct R: Decodable { var id: Int }
        return try await PackStore.sql(db).select().column("id").from("consultation_responses")
            .where("consultation_id", .equal, consultationID).where("paper_reference", .equal, reference).first(decoding: R.self)?
            .id
    }

    static func key(
        _ c: Consultation, reference: String, keying: Keying, late: Bool, place: ResponsePlace, by userID: String, now: Date,
        on db: any Database
    ) async throws -> KeyingOutcome {
        // Two people finishing the same form at the same moment: the form number is unique among
        // responses, so one is counted and the other, trying again, is told it already is.
        try await Racing.attempt {
            try await keyOnce(c, reference: reference, keying: keying, late: late, place: place, by: userID, now: now, on: db)
        }
    }

    private static func keyOnce(
        _ c: Consultation, reference: String, keying: Keying, late: Bool, place: ResponsePlace, by userID: String, now: Date,
        on db: any Database
    ) async throws -> KeyingOutcome {
        try await db.transaction { tx in
            try await Racing.takeTurns("consultations", id: c.id, on: tx)
            if let n = try await responseNumber(c.id, reference: reference, on: tx) {
                return .refused("form \(reference) is already counted, as response \(n)")
            }
            let earlier = try await keyings(c.id, reference: reference, on: tx)
            if earlier.contains(where: { $0.keyedBy == userID }) {
                return .refused("you have keyed form \(reference) already: someone else keys it the second time")
            }
            if earlier.count >= 2 { return .refused("form \(reference) has two keyings that differ: settle them first") }
            if let first = earlier.first, DoubleKeying.differences(c.questions, first.keying, keying).isEmpty {
                let n = try await ResponseStore.insert(
                    c, answers: keying.answers,
                    intake: ResponseIntake(
                        channel: .paper, receivedOn: keying.receivedOn, late: late, enteredBy: first.keyedBy,
                        secondKeyedBy: userID,
                        paperReference: reference), place: place, quoteConsent: keying.quoteConsent, now: now, on: tx)
                try await delete(c.id, reference: reference, on: tx)
                return .accepted(number: n)
            }
            try await PackStore.sql(tx).insert(into: "consultation_keyings")
                .columns(
                    "consultation_id", "paper_reference", "channel", "received_on", "quote_consent", "answers", "keyed_by",
                    "keyed_at"
                )
                .values(
                    SQLBind(c.id), SQLBind(reference), SQLBind(ResponseChannel.paper.rawValue),
                    SQLBind(keying.receivedOn.description), SQLBind(keying.quoteConsent),
                    SQLBind(ConsultationStore.json(keying.answers)),
                    SQLBind(userID), SQLBind(AccountStore.timestamp(now))
                ).run()
            return earlier.isEmpty ? .waiting : .differs
        }
    }

    static func delete(_ consultationID: String, reference: String, on db: any Database) async throws {
        try await PackStore.sql(db).delete(from: "consultation_keyings").where("consultation_id", .equal, consultationID)
            .where("paper_reference", .equal, reference).run()
    }
}
