import CentresCore
import Fluent
import Foundation
import Vapor

/// The counted results of a consultation, for the analysts' page, the published page and the
/// printable report: per question and option (counts and shares of those who answered), by
/// respondent type, district, deprivation decile or channel; responses per 1,000 under-fives by
/// district and small area; and a map. One builder, so every output shows the same figures.
struct ConsultationAnalysis: Encodable {
    enum Breakdown: String, CaseIterable {
        case none, type, district, decile, channel

        var label: String {
            switch self {
            case .none: "All responses together"
            case .type: "Respondent type"
            case .district: "District (from the postcode given)"
            case .decile: "Deprivation decile of the respondent's area (IMD 2019; 1 is the most deprived tenth)"
            case .channel: "Channel"
            }
        }
    }

    struct Cell: Encodable { var text: String, count: Int, percent: Double? }
    struct Row: Encodable { var label: String, cells: [Cell] }
    struct QuestionTable: Encodable {
        var id: String
        var number: Int
        var text: String
        var answered: Int
        var isFreeText: Bool
        var columns: [String]
        var rows: [Row]
        /// Rankings: "Distance: mean place 1.4".
        var meanPlaces: [String]
        /// The bar chart of the whole (SVG), for choice questions.
        var chart: String?
    }
    struct RateRow: Encodable {
        var label: String, responses: Int, underFives: String, rate: String
    }

    var total: Int
    var byChannel: [KeyFigure]
    var breakdown: String
    var breakdownLabel: String
    var questions: [QuestionTable]
    var rates: [RateRow]
    var unplaced: Int
    var map: String
    var legend: [LegendItem]
    var method: String

    /// Responses per 1,000 under-fives, in the map's classes.
    static let rateClasses: [(upTo: Double, label: String)] = [
        (0, "No responses"), (5, "Up to 5"), (20, "5 to 20"), (50, "20 to 50"), (.infinity, "Over 50"),
    ]

    /// A published consultation's results as HTML, the same for every reader (no response is
    /// added once results are published): made at most every 30 seconds.
    static func publishedHTML(_ c: Consultation, app: Application) async throws -> String {
        struct Context: Encodable { var analysis: ConsultationAnalysis }
        return try await app.sharedFragment("results:\(c.id)") {
            let analysis = try await make(c, by: .none, responses: try await ResponseStore.all(c.id, on: app.db), app: app)
            return String(buffer: try await app.view.render("consultation-results", Context(analysis: analysis)).get().data)
        }
    }

    static func make(_ c: Consultation, by: Breakdown, responses: [ResponseRow], app: Application) async throws
        -> ConsultationAnalysis
    {
        let q = DirectoryQueries(app.db)
        let areas = try await q.areas()
        let areaByCode = Dictionary(uniqueKeysWithValues: areas.map { ($0.code, $0) })
        let districts = try await q.districts()
        let decoded = responses.map { ($0, $0.decodedAnswers) }
        let groups: [(key: String, label: String)]
        let groupOf: (ResponseRow) -> String?
        switch by {
        case .none: (groups, groupOf) = ([], { _ in nil })
        case .type:
            groups = RespondentType.allCases.map { ($0.rawValue, $0.label) }
            groupOf = { $0.respondentType }
        case .district:
            groups = districts.map { ($0.code, $0.name) }
            groupOf = { $0.districtCode }
        case .decile:
            groups = (1...10).map { (String($0), "Decile \($0)") }
            groupOf = { r in r.areaCode.flatMap { areaByCode[$0]?.deprivation.decile }.map(String.init) }
        case .channel:
            groups = ResponseChannel.allCases.map { ($0.rawValue, $0.label) }
            groupOf = { $0.channel }
        }
        var tables: [QuestionTable] = []
        for (i, question) in c.questions.enumerated() {
            let answers = decoded.map { (group: groupOf($0.0), answer: $0.1[question.id]) }
            let whole = QuestionResults.tally(question, answers.map(\.answer))
            let split = by == .none ? [] : GroupedResults.split(question, answers, groups: groups)
            func cell(_ r: QuestionResults.Result, _ k: Int) -> Cell {
                let count = r.counts[k]
                let share = count.percent.map { " (\(NumberText.fixed($0, 1))%)" } ?? ""
                return Cell(text: "\(NumberText.grouped(count.count))\(share)", count: count.count, percent: count.percent)
            }
            let free: Bool
            switch question.kind {
            case .shortText, .longText, .postcode: free = true
            default: free = false
            }
            let rows =
                free
                ? []
                : whole.counts.indices.map { k in
                    Row(label: whole.counts[k].label, cells: [cell(whole, k)] + split.map { cell($0.result, k) })
                }
            let answeredRow = Row(
                label: "Answered the question",
                cells: ([whole] + split.map(\.result)).map {
                    Cell(text: NumberText.grouped($0.answered), count: $0.answered, percent: nil)
                })
            tables.append(
                QuestionTable(
                    id: question.id, number: i + 1, text: question.text, answered: whole.answered, isFreeText: free,
                    columns: ["All"] + split.map(\.label), rows: free ? [] : rows + [answeredRow],
                    meanPlaces: question.options.compactMap { o in
                        whole.meanPlaces[o.value].map { "\(o.label): mean place \(NumberText.fixed($0, 1))" }
                    },
                    chart: free ? nil : ResultChart.bars(whole, title: "\(i + 1). \(question.text)")))
        }
        // Rates per 1,000 under-fives, by district and small area.
        var perArea: [String: Int] = [:]
        var perDistrict: [String: Int] = [:]
        for r in responses {
            if let a = r.areaCode { perArea[a, default: 0] += 1 }
            if let d = r.districtCode { perDistrict[d, default: 0] += 1 }
        }
        let underFivesByDistrict = Dictionary(grouping: areas, by: \.districtCode).mapValues { $0.map(\.underFives).reduce(0, +) }
        func rateText(_ n: Int, _ u5: Int) -> String {
            ResponseRate.perThousand(responses: n, underFives: u5).map { NumberText.fixed($0, 1) } ?? "—"
        }
        var rates = districts.map { d in
            let n = perDistrict[d.code] ?? 0, u5 = underFivesByDistrict[d.code] ?? 0
            return RateRow(label: d.name, responses: n, underFives: NumberText.grouped(u5), rate: rateText(n, u5))
        }
        let placed = perDistrict.values.reduce(0, +)
        let allU5 = areas.map(\.underFives).reduce(0, +)
        rates.append(
            RateRow(
                label: "All districts", responses: placed, underFives: NumberText.grouped(allU5), rate: rateText(placed, allU5)))
        let names = Dictionary(uniqueKeysWithValues: areas.map { ($0.code, $0.name) })
        let shaded = try await app.boundaryCache.outlines(q).map { o -> MapSVG.Shaded in
            let n = perArea[o.boundary.code] ?? 0
            let u5 = areaByCode[o.boundary.code]?.underFives ?? 0
            let rate = n == 0 ? 0 : ResponseRate.perThousand(responses: n, underFives: u5) ?? .infinity
            let k = Self.rateClasses.firstIndex { rate <= $0.upTo } ?? Self.rateClasses.count - 1
            return MapSVG.Shaded(
                boundary: o.boundary, colour: MapController.ramp[k],
                title:
                    "\(names[o.boundary.code] ?? o.boundary.code): \(n) response\(n == 1 ? "" : "s"), \(rateText(n, u5)) per 1,000 under-fives",
                href: SiteURL.area(o.boundary.code).path)
        }
        let pop = areas.first?.populationYear
        return ConsultationAnalysis(
            total: responses.count,
            byChannel: ResponseStore.channelFigures(responses), breakdown: by.rawValue, breakdownLabel: by.label,
            questions: tables, rates: rates,
            unplaced: responses.count - placed,
            map: MapSVG().render(
                areas: shaded, markers: [], label: "Map of small areas shaded by responses per 1,000 under-fives",
                titleID: "responses-map-title"),
            legend: Self.rateClasses.enumerated().map { LegendItem(shade: $0.offset, label: $0.element.label) },
            method:
                "Counted from \(NumberText.grouped(responses.count)) responses stored by Centres (every channel), on \(SimpleDate.today().longText). "
                + "Shares are of the responses that answered each question; a multiple choice's shares add up to more than 100%. "
                + "Places come from the postcode a respondent gave (the data pack's postcodes and small-area outlines); "
                + "under-fives are the data pack's population estimates for \(pop.map(String.init) ?? "its year") (see the data page)."
        )
    }
}
