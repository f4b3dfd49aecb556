import CentresCore
import CentresIO
import Planning
import TravelTime
import Vapor

/// The proposal pages: list, one proposal assessed, two compared, and a postcode's nearest base
/// under each; with CSV and evidence downloads.
struct ProposalController {
    func register(_ app: Application) {
        app.get(SiteURL.proposals.pathComponents, use: list)
        app.get(SiteURL.proposalCompare.pathComponents, use: compare)
        app.get(SiteURL.proposalCompareTable(":table").pathComponents, use: compareTable)
        app.get(SiteURL.proposalPostcode.pathComponents, use: postcode)
        app.get(SiteURL.proposal(":id").pathComponents, use: page)
        app.get(SiteURL.proposalTable(":id", table: ":table").pathComponents, use: table)
        app.get(SiteURL.proposalFile(":id").pathComponents, use: file)
        app.get(SiteURL.proposalEvidence(":id").pathComponents, use: evidence)
        registerAPI(app)
        registerEditing(app)
    }

    static let centreLink: @Sendable (String) -> String = { SiteURL.centre($0).path }
    static let areaLink: @Sendable (String) -> String = { SiteURL.area($0).path }

    /// The mode asked for (`mode`), which must have a stored matrix; else the default.
    static func mode(_ req: Request, _ s: ProposalAssessments) async throws -> TravelMode {
        guard let raw = req.filter("mode") else { return try await s.resolvedMode(nil) }
        guard let m = TravelMode(rawValue: raw) else {
            throw WebError.badRequest(
                field: "mode",
                message: "'\(raw)' is not a travel mode (\(TravelMode.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return try await s.resolvedMode(m)
    }

    /// The baseline asked for: absent → the default; `baseline=` (empty) → none.
    static func baseline(_ req: Request, for id: String, _ s: ProposalAssessments) async throws -> String? {
        guard let raw: String = req.queryText("baseline") else { return try await s.defaultBaseline(for: id) }
        return raw.isEmpty ? nil : raw
    }

    static func assessment(_ req: Request) async throws -> (ProposalAssessment, TravelMode) {
        let s = ProposalAssessments(db: req.db)
        let id = req.parameters.get("id")!
        let mode = try await mode(req, s)
        let a = try await s.assess(
            id, baseline: try await baseline(req, for: id, s), mode: mode, centreLink: centreLink, areaLink: areaLink)
        return (a, mode)
    }

    static func query(mode: TravelMode, baseline: String?) -> String {
        "?mode=\(mode.rawValue)&baseline="
            + (baseline.map { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! } ?? "")
    }

    func list(_ req: Request) async throws -> View {
        let all = try await ProposalStore.list(on: req.db)
        let items = all.map { s in
            ProposalListItem(
                id: s.id, title: s.title, href: SiteURL.proposal(s.id).path, author: s.organisation ?? s.author,
                version: s.version,
                status: ProposalStatus(rawValue: s.status)?.label ?? s.status,
                date: s.decidedOn.map { "decided \($0)" } ?? s.publishedOn.map { "published \($0)" } ?? "",
                fromPack: s.origin == ProposalOrigin.pack.rawValue)
        }
        return try await req.view.render(
            "proposals",
            ProposalListPage(
                proposals: items, options: Self.options(all, selected: all.first?.id),
                secondOptions: Self.options(all, selected: all.last?.id)))
    }

    /// A menu of proposals, "Title (v2)".
    static func options(_ all: [ProposalSummary], selected: String?) -> [Option] {
        all.map { Option(value: $0.id, label: "\($0.title) (v\($0.version))", selected: $0.id == selected) }
    }

    /// A menu of the modes with stored travel times.
    static func modeOptions(_ s: ProposalAssessments, selected: TravelMode) async throws -> [Option] {
        try await s.modes().map { Option(value: $0.rawValue, label: $0.label.capitalizedFirst, selected: $0 == selected) }
    }

    func page(_ req: Request) async throws -> View {
        let s = ProposalAssessments(db: req.db)
        let (a, mode) = try await Self.assessment(req)
        let p = a.proposal
        let all = try await ProposalStore.list(on: req.db)
        let sources = Dictionary(uniqueKeysWithValues: try await DirectoryQueries(req.db).sources().map { ($0.id, $0) })
        let q = Self.query(mode: mode, baseline: a.baseline?.id)
        let maps = ProposalMaps(
            outlines: try await req.application.boundaryCache.outlines(DirectoryQueries(req.db)), data: a.data)
        let assessment = a.assessment
        var changeMap: String?
        if let b = a.baseline {
            let now = Dictionary(uniqueKeysWithValues: assessment.areas.map { ($0.code, $0.minutes) })
            let before = Dictionary(uniqueKeysWithValues: assessment.areas.map { ($0.code, $0.baselineMinutes) })
            changeMap = maps.changeMap(
                now: now, before: before, names: Dictionary(uniqueKeysWithValues: assessment.areas.map { ($0.code, $0.name) }),
                proposal: p, label: "Map of the change in time to the nearest base, \(p.title) against \(b.title)")
        }
        var dates: [KeyFigure] = []
        for (label, date) in [
            ("Published", p.publishedOn), ("Consultation opens", p.consultationOpens),
            ("Consultation closes", p.consultationCloses), ("Decided", p.decidedOn),
        ] {
            if let date { dates.append(KeyFigure(label: label, value: date.description)) }
        }
        let tables = a.report.tables
        let page = ProposalPage(
            title: p.title, id: p.id, summary: p.summary, author: p.author, organisation: p.organisation, version: p.version,
            status: p.status.label, dates: dates,
            revises: p.revises.map { r in
                PageLink(label: all.first { $0.id == r }?.title ?? r, href: SiteURL.proposal(r).path, current: false)
            }, changeNote: p.changeNote,
            revisedBy: all.filter { $0.revises == p.id }.map {
                PageLink(label: "\($0.title) (v\($0.version))", href: SiteURL.proposal($0.id).path, current: false)
            },
            sources: p.sourceIDs.map { id in sources[id].map(SourceRefDTO.init) ?? SourceRefDTO(id: id, title: id) },
            originLabel: Self.originLabel(a.origin), problems: a.problems.map(\.description),
            modeOptions: try await Self.modeOptions(s, selected: mode),
            baselineOptions: [Option(value: "", label: "No baseline", selected: a.baseline == nil)]
                + Self.options(all.filter { $0.id != p.id }, selected: a.baseline?.id),
            baselineTitle: a.baseline?.title, modeLabel: mode.label, isEstimate: assessment.inputs.method.isEstimate,
            inputs: assessment.inputs.summary, keyFigures: Self.keyFigures(assessment),
            unknownCentres: assessment.unknownCentres.count,
            unplacedBases: assessment.unplacedBases.map { id in a.data.centres.first { $0.id == id }?.name ?? id },
            map: maps.timeMap(assessment, proposal: p, label: "Map of time to the nearest open base under \(p.title)"),
            timeLegend: ProposalMaps.timeClasses.map { .init(key: $0.key, label: $0.label) }, changeMap: changeMap,
            changeLegend: ProposalMaps.changeClasses.map { .init(key: $0.key, label: $0.label) },
            tables: tables.filter { !$0.downloadOnly }.map {
                TableView($0, csvURL: SiteURL.proposalTable(p.id, table: "\($0.id).csv").path + q)
            },
            downloads: [
                PageLink(
                    label: "Every area (CSV)", href: SiteURL.proposalTable(p.id, table: "areas.csv").path + q, current: false),
                PageLink(
                    label: "Evidence bundle (zip: tables, parameters, travel times, README)",
                    href: SiteURL.proposalEvidence(p.id).path + q, current: false),
                PageLink(
                    label: "This proposal as CSV (to edit and import)", href: SiteURL.proposalFile(p.id).path, current: false),
                PageLink(label: "Assessment as JSON", href: SiteURL.api(.assessment(p.id)).path + q, current: false),
            ], query: q)
        return try await req.view.render("proposal", page)
    }

    static func originLabel(_ o: ProposalOrigin) -> String {
        switch o {
        case .pack: "Shipped with the data pack"
        case .user: "Added by the site's operators"
        case .web: "An unlisted draft made on this site: only people given its address see it"
        }
    }

    static func keyFigures(_ a: Assessment) -> [KeyFigure] {
        let o = a.overall
        var out = [
            KeyFigure(
                label: "Average time to the nearest open base", value: "\(NumberText.decimal(o.averageMinutes)) minutes",
                note: o.baselineAverageMinutes.map { "baseline \(NumberText.decimal($0)) minutes" })
        ]
        if let b30 = o.bands.first(where: { $0.minutes == 30 }) {
            out.append(
                KeyFigure(
                    label: "Under-fives within 30 minutes",
                    value: "\(NumberText.grouped(b30.underFives)) (\(NumberText.percent(b30.share)))",
                    note: b30.newlyBeyond.map { "\(NumberText.grouped($0)) newly beyond 30 minutes" }))
        }
        let open = (a.decisionCounts["base"] ?? 0) + (a.decisionCounts["amalgamated"] ?? 0)
        out.append(
            KeyFigure(
                label: "Open bases", value: "\(open)",
                note: a.unplacedBases.isEmpty ? nil : "\(a.unplacedBases.count) with no known location"))
        if let proposed = a.cost.proposedGBP {
            out.append(
                KeyFigure(
                    label: "Proposed budget", value: NumberText.pounds(proposed),
                    note: a.cost.savingGBP.map { "saves \(NumberText.pounds($0)) a year" }))
        }
        return out
    }

    func table(_ req: Request) async throws -> Response {
        let name = req.parameters.get("table")!
        guard name.hasSuffix(".csv") else { throw WebError.notFound(what: "table", id: name) }
        let (a, _) = try await Self.assessment(req)
        let id = String(name.dropLast(4))
        guard let t = a.report.tables.first(where: { $0.id == id }) else { throw WebError.notFound(what: "table", id: id) }
        return Self.download(
            Data(EvidenceBundle.csv(t).utf8), type: "text/csv; charset=utf-8", name: "\(a.proposal.id)-\(id).csv")
    }

    func file(_ req: Request) async throws -> Response {
        let (p, _) = try await ProposalAssessments(db: req.db).proposal(req.parameters.get("id")!)
        return Self.download(Data(ProposalCSV.text(p).utf8), type: "text/csv; charset=utf-8", name: "\(p.id).csv")
    }

    func evidence(_ req: Request) async throws -> Response {
        let (a, mode) = try await Self.assessment(req)
        let name = "\(a.proposal.id)-\(mode.rawValue)\(a.baseline.map { "-vs-\($0.id)" } ?? "")-evidence.zip"
        return Self.download(try EvidenceBundle.zip(a), type: "application/zip", name: name)
    }

    static func download(_ data: Data, type: String, name: String) -> Response {
        // Names are built from checked ids (letters, digits, hyphens), so they need no quoting beyond the quotes.
        Response(
            status: .ok,
            headers: ["Content-Type": type, "Content-Disposition": "attachment; filename=\"\(name)\""],
            body: .init(data: data))
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
    /// Capitalised, with one full stop at the end (a message that already ends in one keeps it).
    var asSentence: String {
        let s = capitalizedFirst
        return s.hasSuffix(".") || s.hasSuffix("?") || s.hasSuffix("!") ? s : s + "."
    }
}
