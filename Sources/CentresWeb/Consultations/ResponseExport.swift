import CentresCore
import CentresIO
import Foundation

/// Every response as one row of a table: how it came, where from, and each answer in words,
/// with one column per option of a multiple choice (counted per option), per option of a
/// ranking (its place) and per row of a matrix, and the codes analysts gave its free text.
/// Cells that a spreadsheet would run as a formula are written as text.
enum ResponseExport {
    struct Context {
        var emails: [String: String]
        var deciles: [String: Int]
        var codes: [Int: String]
        var tags: [TagRow]
    }

    static func header(_ c: Consultation) -> [String] {
        var h = [
            "response", "channel", "received_on", "late", "form_number", "keyed_by", "second_keyed_by", "respondent_type",
            "postcode", "district_code", "small_area_code", "imd_decile", "may_quote",
        ]
        for (i, q) in c.questions.enumerated() {
            let name = "Q\(i + 1) \(q.text)"
            switch q.kind {
            case .multipleChoice(let options, let other):
                h += options.map { "\(name): \($0.label)" }
                if other { h += ["\(name): Other", "\(name): other (text)"] }
            case .singleChoice(_, true): h += [name, "\(name): other (text)"]
            case .ranking(let options): h += options.map { "\(name): place of \($0.label)" }
            case .matrix(let rows): h += rows.map { "\(name): \($0.label)" }
            default: h.append(name)
            }
        }
        return h + ["codes"]
    }

    static func row(_ c: Consultation, _ r: ResponseRow, _ x: Context) -> [String] {
        let answers = r.decodedAnswers
        var out = [
            String(r.id), r.channel, r.receivedOn, r.late ? "yes" : "no", r.paperReference ?? "",
            r.enteredBy.map { x.emails[$0] ?? $0 } ?? "online", r.secondKeyedBy.map { x.emails[$0] ?? $0 } ?? "",
            r.respondentType ?? "", r.postcode ?? "", r.districtCode ?? "", r.areaCode ?? "",
            r.areaCode.flatMap { x.deciles[$0] }.map(String.init) ?? "", r.quoteConsent ? "yes" : "no",
        ]
        for q in c.questions {
            let a = answers[q.id]
            switch q.kind {
            case .multipleChoice(let options, let other):
                var chosen: Set<String> = []
                var otherText = ""
                if case .choices(let vs, let o) = a { (chosen, otherText) = (Set(vs), o ?? "") }
                out += options.map { chosen.contains($0.value) ? "yes" : (a == nil ? "" : "no") }
                if other { out += [chosen.contains(ConsultationForm.otherValue) ? "yes" : (a == nil ? "" : "no"), otherText] }
            case .singleChoice(_, true):
                if case .choice(let v, let o) = a {
                    out += [Receipt.text(q, .choice(v, other: nil)), o ?? ""]
                } else {
                    out += ["", ""]
                }
            case .ranking(let options):
                var places: [String: Int] = [:]
                if case .ranking(let vs) = a { for (i, v) in vs.enumerated() { places[v] = i + 1 } }
                out += options.map { places[$0.value].map(String.init) ?? "" }
            case .matrix(let rows):
                var answered: [String: String] = [:]
                if case .matrix(let m) = a { answered = m }
                out += rows.map { answered[$0.value].flatMap { AgreementScale(rawValue: $0)?.label } ?? "" }
            default: out.append(a == nil ? "" : Receipt.text(q, a))
            }
        }
        let mine = x.tags.filter { $0.responseId == r.id }
        let names = Dictionary(uniqueKeysWithValues: CodingTarget.all(c.questions).map { ($0.id, $0.shortName) })
        out.append(
            mine.compactMap { t in x.codes[t.codeId].map { "\(names[t.questionId] ?? t.questionId): \($0)" } }.sorted()
                .joined(separator: "; "))
        return out
    }

    /// The table as CSV: plain (UTF-8, LF), or for Excel (a byte-order mark so it reads UTF-8, CRLF).
    static func csv(_ c: Consultation, _ rows: [ResponseRow], _ x: Context, excel: Bool) -> Data {
        var w = CSVWriter(header: header(c).map(SpreadsheetSafe.cell), lineEnding: excel ? "\r\n" : "\n")
        for r in rows { w.append(row(c, r, x).map(SpreadsheetSafe.cell)) }
        return Data(((excel ? "\u{FEFF}" : "") + w.text).utf8)
    }
}
