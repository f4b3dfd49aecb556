/// A table of results as both people and programs read it: each cell has the text shown on a page
/// or terminal and the plain value written to CSV. Built once, so the page, the CSV download, the
/// evidence bundle and `centres assess` always show the same figures.
public struct ReportTable: Sendable, Hashable, Codable {
    public struct Column: Sendable, Hashable, Codable {
        public var title: String
        /// Shown in CSV only (for example a share already shown beside its count on the page).
        public var csvOnly: Bool
        public var numeric: Bool

        public init(_ title: String, numeric: Bool = false, csvOnly: Bool = false) {
            self.title = title
            self.numeric = numeric
            self.csvOnly = csvOnly
        }
    }

    public struct Cell: Sendable, Hashable, Codable {
        public var text: String
        public var value: String
        /// A link for the page (a centre or an area), or nil.
        public var link: String?

        public init(_ text: String, value: String? = nil, link: String? = nil) {
            self.text = text
            self.value = value ?? text
            self.link = link
        }
    }

    /// Short name, used for file names (`<id>.csv`) and anchors.
    public var id: String
    public var title: String
    /// What the figures mean and where they come from.
    public var note: String
    public var columns: [Column]
    public var rows: [[Cell]]
    /// Too long for a page (every area): offered as a download only.
    public var downloadOnly: Bool

    public init(id: String, title: String, note: String, columns: [Column], rows: [[Cell]], downloadOnly: Bool = false) {
        self.id = id
        self.title = title
        self.note = note
        self.columns = columns
        self.rows = rows
        self.downloadOnly = downloadOnly
    }

    /// Indices of the columns a page shows.
    public var shownColumns: [Int] { columns.indices.filter { !columns[$0].csvOnly } }

    /// Header and rows of plain values, for CSV.
    public var csvRecords: [[String]] { [columns.map(\.title)] + rows.map { $0.map(\.value) } }

    /// The shown columns as aligned plain text, numbers right-aligned, for a terminal.
    public var plainText: String {
        let shown = shownColumns
        let lines = [shown.map { columns[$0].title }] + rows.map { row in shown.map { row[$0].text } }
        let widths = shown.indices.map { i in lines.map { $0[i].count }.max() ?? 0 }
        return lines.map { line in
            shown.indices.map { i in
                let pad = String(repeating: " ", count: widths[i] - line[i].count)
                return columns[shown[i]].numeric ? pad + line[i] : line[i] + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
