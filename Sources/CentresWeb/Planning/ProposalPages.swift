import CentresCore
import Planning
import Vapor

/// A report table as a page shows it.
struct TableView: Encodable {
    struct Header: Encodable {
        var title: String
        var numeric: Bool
    }
    struct CellView: Encodable {
        var text: String
        var link: String?
        var numeric: Bool
        var header: Bool
    }
    var id: String
    var title: String
    var note: String
    var headers: [Header]
    var rows: [[CellView]]
    var csvURL: String

    init(_ t: ReportTable, csvURL: String) {
        let shown = t.shownColumns
        (id, title, note, self.csvURL) = (t.id, t.title, t.note, csvURL)
        headers = shown.map { Header(title: t.columns[$0].title, numeric: t.columns[$0].numeric) }
        rows = t.rows.map { row in
            shown.map { i in
                CellView(text: row[i].text, link: row[i].link, numeric: t.columns[i].numeric, header: i == shown.first)
            }
        }
    }
}

struct ProposalListPage: Encodable {
    let title = "Proposals"
    var proposals: [ProposalListItem]
    var options: [Option]
    var secondOptions: [Option]
}

struct ProposalListItem: Encodable {
    var id: String
    var title: String
    var href: String
    var author: String
    var version: Int
    var status: String
    var date: String
    var fromPack: Bool
}

struct KeyFigure: Encodable {
    var label: String
    var value: String
    var note: String?
}

struct ProposalPage: Encodable {
    var title: String
    var id: String
    var summary: String
    var author: String
    var organisation: String?
    var version: Int
    var status: String
    var dates: [KeyFigure]
    var revises: PageLink?
    var changeNote: String?
    var revisedBy: [PageLink]
    var sources: [SourceRefDTO]
    var originLabel: String
    var problems: [String]
    var modeOptions: [Option]
    var baselineOptions: [Option]
    var baselineTitle: String?
    var modeLabel: String
    var isEstimate: Bool
    var inputs: String
    var keyFigures: [KeyFigure]
    var unknownCentres: Int
    var unplacedBases: [String]
    var map: String
    var timeLegend: [ProposalMaps.Swatch]
    var changeMap: String?
    var changeLegend: [ProposalMaps.Swatch]
    var tables: [TableView]
    var downloads: [PageLink]
    var query: String
}

struct ComparePage: Encodable {
    var title: String
    var first: PageLink
    var second: PageLink
    var modeOptions: [Option]
    var firstOptions: [Option]
    var secondOptions: [Option]
    var isEstimate: Bool
    var inputs: String
    var tables: [TableView]
    var map: String
    var legend: [ProposalMaps.Swatch]
    var downloads: [PageLink]
}

struct ProposalPostcodeRow: Encodable {
    var proposal: String
    var href: String?
    var base: String
    var baseHref: String?
    var times: [String]
}

struct PostcodePage: Encodable {
    let title = "What the proposals mean for my postcode"
    var query: String
    var problem: String?
    var choices: [PageLink]
    var located: String?
    var area: PageLink?
    var modes: [String]
    var rows: [ProposalPostcodeRow]
    var anyEstimate: Bool
}
