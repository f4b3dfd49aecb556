import CentresCore
import CentresIO
import Fluent
import Foundation
import Vapor

struct FieldError: Encodable, Error, Sendable {
    var field: String
    var message: String
}

struct TextField: Encodable {
    var id: String
    var label: String
    var value: String
    var hint: String?
    var error: String?
    var multiline: Bool

    /// A field showing the messages `errors` holds for its id.
    init(
        _ id: String, _ label: String, value: String?, errors: [(field: String, message: String)], hint: String? = nil,
        multiline: Bool = false
    ) {
        (self.id, self.label, self.value, self.hint, self.multiline) = (id, label, value ?? "", hint, multiline)
        error = Self.messages(errors) { $0 == id }
    }

    /// The messages for the fields `matching` picks, joined; nil when there are none.
    static func messages(_ errors: [(field: String, message: String)], matching: (String) -> Bool) -> String? {
        let found = errors.filter { matching($0.field) }.map(\.message)
        return found.isEmpty ? nil : found.joined(separator: "; ")
    }
}

struct DecisionRowView: Encodable {
    var index: Int
    var centreName: String
    var options: [Option]
    var reason: String
    var partners: [Option]
    var sessionsMoveTo: String
    var error: String?
}

struct OutreachRowView: Encodable {
    var index: Int
    var venue: String
    var reason: String
    var error: String?
}

struct BudgetRowView: Encodable {
    var index: Int
    var id: String
    var name: String
    var current: String
    var proposed: String
    var error: String?
}

struct ProposalEditPage: Encodable {
    var title: String
    var id: String
    var key: String?
    var csrf: String
    var created: Bool
    /// Owned by an organisation, whose planners may edit it signed in.
    var owned: Bool
    var editLink: String
    var version: Int
    var revises: PageLink?
    var errors: [FieldError]
    var fields: [TextField]
    var statusOptions: [Option]
    var statusError: String?
    var decisionsError: String?
    var decisions: [DecisionRowView]
    var outreach: [OutreachRowView]
    var budget: [BudgetRowView]
    var venues: [Option]
}

struct ProposalNewPage: Encodable {
    let title = "Make a proposal"
    var csrf: String
    var errors: [FieldError]
    var fields: [TextField]
    var startOptions: [Option]
    var newVersion: Bool
    var uploadError: String?
}

/// Making and editing proposals on the web. Anyone may make an unlisted draft; it gets a secret
/// editing key shown once as a private link, and only its digest is stored. A draft made by a
/// signed-in planner is owned by the planner's organisation, whose planners may edit it without
/// the link. Every web change is in the audit log. The pack's and operators' proposals are never
/// editable here.
extension ProposalController {
    func registerEditing(_ app: Application) {
        app.get(SiteURL.proposalNew.pathComponents, use: newForm)
        app.on(.POST, SiteURL.proposalNew.pathComponents, body: .collect(maxSize: "64kb"), use: create)
        app.on(.POST, SiteURL.proposalUpload.pathComponents, body: .collect(maxSize: "1mb"), use: upload)
        app.get(SiteURL.proposalEdit(":id").pathComponents, use: editForm)
        app.on(.POST, SiteURL.proposalEdit(":id").pathComponents, body: .collect(maxSize: "512kb"), use: save)
    }

    static func newFields(_ f: FormFields?, errors: [(field: String, message: String)]) -> [TextField] {
        func field(_ id: String, _ label: String, hint: String? = nil, multiline: Bool = false) -> TextField {
            TextField(id, label, value: f?[id], errors: errors, hint: hint, multiline: multiline)
        }
        return [
            field("title", "Title"), field("author", "Your name or your group's"),
            field("organisation", "Organisation (optional)"), field("summary", "Summary: what it does and why", multiline: true),
            field(
                "changeNote", "What changes and why (for a new version)",
                hint: "Needed when this is a new version of the proposal you start from.", multiline: true),
        ]
    }

    func newPage(_ req: Request, _ f: FormFields?, errors: [(field: String, message: String)], uploadError: String? = nil)
        async throws -> ProposalNewPage
    {
        let all = try await ProposalStore.list(on: req.db)
        let start = f?["startFrom"] ?? all.first?.id
        return ProposalNewPage(
            csrf: CSRF.token(req), errors: errors.map { FieldError(field: $0.field, message: $0.message) },
            fields: Self.newFields(f, errors: errors),
            startOptions: ProposalController.options(all, selected: start),
            newVersion: f?["newVersion"] != nil, uploadError: uploadError)
    }

    func newForm(_ req: Request) async throws -> Response {
        // ?startFrom=…&newVersion=1 (the "make a new version" link) preselects the form.
        let page = try await newPage(req, try FormFields(encoded: req.url.query, reads: req.parameterReads), errors: [])
        return try await CSRF.render(req, "proposal-new", page, token: page.csrf)
    }

    /// A new unlisted draft, copied from an existing proposal (optionally as its next version).
    func create(_ req: Request) async throws -> Response {
        let f = FormFields(try CSRF.verifiedForm(req))
        try await req.checkRateLimit("proposal")
        var errors: [(field: String, message: String)] = []
        for (id, label) in [("title", "a title"), ("author", "your name or your group's")] where f[id] == nil {
            errors.append((id, "enter \(label)"))
        }
        errors += ProposalFormReading.lineBreaks(f).map { ($0.field, $0.message) }
        let startID = f["startFrom"] ?? ""
        let start = try await ProposalStore.find(startID, on: req.db)
        if start == nil || start?.origin.isListed == false { errors.append(("startFrom", "choose a proposal to start from")) }
        if f["newVersion"] != nil && f["changeNote"] == nil {
            errors.append(("changeNote", "say what changes from the proposal you start from, and why"))
        }
        guard errors.isEmpty, let base = start?.proposal else {
            let page = try await newPage(req, f, errors: errors)
            return try await CSRF.render(req, "proposal-new", page, token: page.csrf, status: .badRequest)
        }
        var p = base
        p.id = try await Self.freshID(from: f["title"]!, on: req)
        (p.title, p.author, p.organisation, p.summary) = (f["title"]!, f["author"]!, f["organisation"], f["summary"] ?? "")
        (p.status, p.publishedOn, p.consultationOpens, p.consultationCloses, p.decidedOn) = (.draft, nil, nil, nil, nil)
        if f["newVersion"] != nil {
            (p.version, p.revises, p.changeNote) = (base.version + 1, base.id, f["changeNote"])
        } else {
            (p.version, p.revises, p.changeNote) = (1, nil, nil)
        }
        return try await store(p, req)
    }

    /// A proposal file uploaded as CSV: checked like `centres proposal import`, stored as a draft.
    func upload(_ req: Request) async throws -> Response {
        struct Upload: Content {
            var csrf: String?
            var file: File?
        }
        let form = try req.content.decode(Upload.self)
        try CSRF.verify(req, form.csrf)
        try await req.checkRateLimit("proposal")
        func refuse(_ message: String) async throws -> Response {
            let page = try await newPage(req, nil, errors: [("file", message)], uploadError: message)
            return try await CSRF.render(req, "proposal-new", page, token: page.csrf, status: .badRequest)
        }
        guard let file = form.file, file.data.readableBytes > 0 else { return try await refuse("choose a CSV file") }
        let name = file.filename.isEmpty ? "upload.csv" : file.filename
        var p: Proposal
        do {
            p = try await ProposalAssessments(db: req.db).readChecked(Data(file.data.readableBytesView), file: name)
        } catch let e as InputError { return try await refuse(e.description) }
        p.id = try await Self.freshID(from: p.id, on: req)
        p.status = .draft
        return try await store(p, req)
    }

    /// Stores a new web draft with a fresh key and sends the browser to its edit page (post/redirect/get).
    func store(_ p: Proposal, _ req: Request) async throws -> Response {
        let key = SecretKey.make()
        let member = req.staff.flatMap { $0.can(.planNetwork) ? $0 : nil }
        let now = Date(), actor = Self.actor(req)
        try await req.db.transaction { tx in
            try await ProposalStore.save(
                p, origin: .web, updatedAt: now.ISO8601Format(), editKeyHash: SecretKey.digest(key),
                owner: member?.organisationId, on: PackStore.sql(tx))
            try await AuditLog.record(
                "proposal", p.id, action: "created",
                changes: AuditChange.diff([:], Self.auditFields(p), order: Self.auditOrder), by: actor, now: now, on: tx)
        }
        return req.redirect(to: SiteURL.proposalEdit(p.id).path + "?key=\(key)&created=1", redirectType: .normal)
    }

    /// `<slug of the title>-<8 random characters>`: readable, and not guessable from the list
    /// (used for petitions too, with their own `taken`).
    static func freshID(
        from text: String, on req: Request,
        taken: (String, any Database) async throws -> Bool = { try await ProposalStore.exists($0, on: $1) }
    ) async throws -> String {
        var slug = ""
        for ch in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(ch) || ("0"..."9").contains(ch) {
                slug.unicodeScalars.append(ch)
            } else if !slug.isEmpty && !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        slug = String(slug.prefix(60)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        while true {
            let suffix = String((0..<8).map { _ in alphabet.randomElement()! })
            let id = (slug.isEmpty ? "proposal" : slug) + "-" + suffix
            if !(try await taken(id, req.db)) { return id }
        }
    }

    /// Who made a web change, for the audit log: the signed-in member, or the holder of the link.
    static func actor(_ req: Request) -> AuditActor {
        req.staff.map(AuditActor.init) ?? AuditActor(id: nil, email: "anonymous (private editing link)")
    }

    static let auditOrder = [
        "title", "author", "organisation", "status", "summary", "change_note", "published_on", "consultation_opens",
        "consultation_closes", "decided_on", "sources", "decisions", "outreach", "budget",
    ]

    /// The audited view of a proposal: each part as one text, so an edit's entry names what changed.
    static func auditFields(_ p: Proposal) -> [String: String] {
        [
            "title": p.title, "author": p.author, "organisation": p.organisation ?? "", "status": p.status.rawValue,
            "summary": p.summary, "change_note": p.changeNote ?? "", "published_on": p.publishedOn?.description ?? "",
            "consultation_opens": p.consultationOpens?.description ?? "",
            "consultation_closes": p.consultationCloses?.description ?? "", "decided_on": p.decidedOn?.description ?? "",
            "sources": p.sourceIDs.joined(separator: " "),
            "decisions": p.decisions.map { "\($0.centreID)=\($0.decision.rawValue)" }.joined(separator: "; "),
            "outreach": p.outreachVenues.map(\.venueID).joined(separator: "; "),
            "budget": p.budget.map { "\($0.id)=\($0.currentGBP)→\($0.proposedGBP)" }.joined(separator: "; "),
        ]
    }

    /// The proposal and who may keep it: the holder of its editing key, or a planner of the
    /// organisation that owns it; anyone else is refused without saying which part was wrong.
    func editable(_ req: Request, key: String?) async throws -> (Proposal, ProposalStore.Access) {
        let id = req.parameters.get("id")!
        guard let found = try await ProposalStore.find(id, on: req.db) else { throw WebError.notFound(what: "proposal", id: id) }
        let access = try await ProposalStore.access(id, on: req.db)
        let byKey = key.flatMap { k in access?.editKeyHash.map { SecretKey.equal(SecretKey.digest(k), $0) } } ?? false
        let byOwner =
            req.staff.map { m in m.can(.planNetwork) && m.organisationId != nil && m.organisationId == access?.ownerOrganisationId
            }
            ?? false
        guard found.origin == .web, let access, byKey || byOwner else {
            throw WebError.forbidden(
                "This proposal can be edited only with its private editing link, or by planners of the organisation that owns it. The data pack's proposals and those imported by the site's operators are changed with `centres proposal import`."
            )
        }
        return (found.proposal, access)
    }

    func editForm(_ req: Request) async throws -> Response {
        let key: String? = req.queryText("key")
        let (p, _) = try await editable(req, key: key)
        let created: String? = req.queryText("created")
        let page = try await editPage(req, p, key: key, reading: nil, created: created != nil)
        return try await CSRF.render(req, "proposal-edit", page, token: page.csrf)
    }

    func save(_ req: Request) async throws -> Response {
        let f = FormFields(try CSRF.verifiedForm(req))
        try await req.checkRateLimit("proposal edit", limit: 120)
        let (base, access) = try await editable(req, key: f["key"])
        let q = DirectoryQueries(req.db)
        let centreIDs = try await q.centres().map(\.id)
        var reading = ProposalFormReading(f, base: base, centreIDs: centreIDs)
        if reading.errors.isEmpty {
            reading.check(
                centreIDs: Set(centreIDs), venueIDs: Set(try await q.venues().map(\.id)),
                sourceIDs: Set(try await q.sources().map(\.id)))
        }
        guard reading.errors.isEmpty else {
            let page = try await editPage(req, reading.proposal, key: f["key"], reading: reading, created: false)
            return try await CSRF.render(req, "proposal-edit", page, token: page.csrf, status: .badRequest)
        }
        let edited = reading.proposal
        let changes = AuditChange.diff(Self.auditFields(base), Self.auditFields(edited), order: Self.auditOrder)
        let now = Date(), actor = Self.actor(req)
        try await req.db.transaction { tx in
            try await ProposalStore.save(
                edited, origin: .web, updatedAt: now.ISO8601Format(), editKeyHash: access.editKeyHash,
                owner: access.ownerOrganisationId, on: PackStore.sql(tx))
            if !changes.isEmpty {
                try await AuditLog.record("proposal", base.id, action: "edited", changes: changes, by: actor, now: now, on: tx)
            }
        }
        return req.redirect(to: SiteURL.proposal(base.id).path, redirectType: .normal)
    }

    func editPage(_ req: Request, _ p: Proposal, key: String?, reading: ProposalFormReading?, created: Bool) async throws
        -> ProposalEditPage
    {
        let q = DirectoryQueries(req.db)
        let (centres, venues) = (try await q.centres(), try await q.venues())
        let errors = reading?.errors ?? []
        func error(_ field: String) -> String? { TextField.messages(errors) { $0 == field } }
        func rowError(_ prefix: String) -> String? { TextField.messages(errors) { $0.hasPrefix(prefix) } }
        func field(_ id: String, _ label: String, _ value: String?, hint: String? = nil, multiline: Bool = false) -> TextField {
            TextField(id, label, value: value, errors: errors, hint: hint, multiline: multiline)
        }
        let dateHint = "YYYY-MM-DD, or leave empty"
        let fields = [
            field("title", "Title", p.title), field("author", "By", p.author),
            field("organisation", "Organisation (optional)", p.organisation),
            field("summary", "Summary", p.summary, multiline: true),
            field("changeNote", "What changed and why (for a new version)", p.changeNote, multiline: true),
            field("publishedOn", "Published on", p.publishedOn?.description, hint: dateHint),
            field("consultationOpens", "Consultation opens", p.consultationOpens?.description, hint: dateHint),
            field("consultationCloses", "Consultation closes", p.consultationCloses?.description, hint: dateHint),
            field("decidedOn", "Decided on", p.decidedOn?.description, hint: dateHint),
            field("sources", "Sources (ids from the data page, separated by spaces)", p.sourceIDs.joined(separator: " ")),
        ]
        let decided = Dictionary(p.decisions.map { ($0.centreID, $0) }, uniquingKeysWith: { a, _ in a })
        let decisions = centres.enumerated().map { i, c -> DecisionRowView in
            let d = decided[c.id]
            return DecisionRowView(
                index: i, centreName: c.name,
                options: CentreDecision.allCases.map {
                    Option(value: $0.rawValue, label: $0.label, selected: $0 == (d?.decision ?? .unknown))
                }, reason: d?.reason ?? "",
                partners: [Option(value: "", label: "—", selected: d?.amalgamatedWith == nil)]
                    + centres.filter { $0.id != c.id }.map {
                        Option(value: $0.id, label: $0.name, selected: $0.id == d?.amalgamatedWith)
                    }, sessionsMoveTo: d?.sessionsMoveTo ?? "", error: rowError("decisions-\(i)-"))
        }
        let outreach = (0..<(p.outreachVenues.count + ProposalFormReading.outreachRowCount)).map { i in
            let o = i < p.outreachVenues.count ? p.outreachVenues[i] : nil
            return OutreachRowView(index: i, venue: o?.venueID ?? "", reason: o?.reason ?? "", error: rowError("outreach-\(i)-"))
        }
        let budget = (0..<(p.budget.count + ProposalFormReading.budgetExtraRows)).map { i in
            let b = i < p.budget.count ? p.budget[i] : nil
            return BudgetRowView(
                index: i, id: b?.id ?? "", name: b?.name ?? "", current: b.map { "\($0.currentGBP)" } ?? "",
                proposed: b.map { "\($0.proposedGBP)" } ?? "", error: rowError("budget-\(i)-"))
        }
        let revisesTitle = try await p.revises.asyncMap { try await ProposalStore.find($0, on: req.db)?.proposal.title ?? $0 }
        return ProposalEditPage(
            title: "Edit: \(p.title)", id: p.id, key: key, csrf: CSRF.token(req), created: created,
            owned: try await ProposalStore.access(p.id, on: req.db)?.ownerOrganisationId != nil,
            editLink: SiteURL.proposalEdit(p.id).path + (key.map { "?key=\($0)" } ?? ""), version: p.version,
            revises: p.revises.map { PageLink(label: revisesTitle ?? $0, href: SiteURL.proposal($0).path, current: false) },
            errors: errors.map { FieldError(field: $0.field, message: $0.message) }, fields: fields,
            statusOptions: ProposalStatus.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == p.status) },
            statusError: error("status"), decisionsError: error("decisions"), decisions: decisions, outreach: outreach,
            budget: budget,
            venues: venues.map { Option(value: $0.id, label: $0.name, selected: false) })
    }
}
