import CentresCore
import Foundation
import Vapor

/// `/staff/moderation/abuse`: bursts of signatures by client address and email domain in each
/// hour of the last two days, the blocklist, and invalidation in bulk with a preview first.
struct AbuseController {
    static let moderate = ModerationController.moderate
    /// Signatures on one petition in one clock hour that make a burst worth a look.
    static let burstPerAddress = 10
    static let burstPerDomain = 50

    func register(_ app: Application) {
        app.staff(.GET, SiteURL.staffAbuse.pathComponents, Self.moderate, use: page)
        app.staff(.POST, SiteURL.staffBlocklist.pathComponents, Self.moderate, use: addBlock)
        app.staff(.POST, SiteURL.staffBlocklistRemove.pathComponents, Self.moderate, use: removeBlock)
        app.staff(.POST, SiteURL.staffInvalidate.pathComponents, Self.moderate, use: invalidate)
        app.staff(.POST, SiteURL.staffErase.pathComponents, Self.moderate, use: erase)
    }

    /// Erasure on request: by email, or by name and postcode; a preview count first, then the
    /// signatures are deleted and the audit log records how many, not whose.
    @Sendable func erase(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        func text(_ k: String) -> String? {
            let t = (form[k] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        }
        guard let petition = text("petition") else {
            return try await show(req, error: "Choose a petition.", status: .badRequest)
        }
        guard text("email") != nil || (text("name") != nil && text("postcode") != nil) else {
            return try await show(
                req, error: "Give the email address, or the name and postcode, the request names.", status: .badRequest)
        }
        let rows = try await PetitionRetention.matching(
            petitionID: petition, email: text("email"), name: text("name"), postcode: text("postcode"), on: req.db)
        guard form["step"] == "confirm" else {
            let preview = ErasePreview(
                count: rows.count, petition: petition, email: text("email") ?? "", name: text("name") ?? "",
                postcode: text("postcode") ?? "")
            return try await show(req, erasePreview: preview)
        }
        guard Int(form["expected"] ?? "") == rows.count else {
            return try await show(
                req, error: "The signatures matching changed since the preview (now \(rows.count)): look again.",
                status: .conflict)
        }
        try await PetitionRetention.erase(rows, petitionID: petition, by: AuditActor(req.staff!), now: Date(), on: req.db)
        return try await show(req, message: "\(rows.count) signatures erased.")
    }

    struct Preview: Encodable {
        var count: Int
        var description: String
        var sample: [SampleRow]
        /// The filter as typed, carried to the confirming form.
        var petition: String, client: String, domain: String, from: String, to: String, confirmed: Bool
    }
    struct ErasePreview: Encodable { var count: Int, petition: String, email: String, name: String, postcode: String }
    struct SampleRow: Encodable { var createdAt: String, state: String, domain: String, client: String, district: String }

    struct Page: Encodable {
        var title = "Abuse: bursts, blocklist, invalidation"
        var csrf: String
        var addressBursts: [AbuseStore.Burst]
        var domainBursts: [AbuseStore.Burst]
        var burstPerAddress = AbuseController.burstPerAddress
        var burstPerDomain = AbuseController.burstPerDomain
        var entries: [AbuseStore.Entry]
        var kinds: [Option]
        var petitions: [Option]
        var preview: Preview?
        var erasePreview: ErasePreview?
        var error: String?
        var message: String?
    }

    private func show(
        _ req: Request, preview: Preview? = nil, erasePreview: ErasePreview? = nil, error: String? = nil, message: String? = nil,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let bursts = try await AbuseStore.bursts(
            since: Date().addingTimeInterval(-48 * 3_600), perAddress: Self.burstPerAddress, perDomain: Self.burstPerDomain,
            on: req.db)
        let petitions = try await PetitionStore.list(states: [.open, .closed], on: req.db).map {
            Option(value: $0.id, label: $0.title, selected: preview?.petition == $0.id)
        }
        let page = Page(
            csrf: CSRF.token(req), addressBursts: bursts.addresses, domainBursts: bursts.domains,
            entries: try await AbuseStore.entries(on: req.db),
            kinds: Blocklist.Kind.allCases.map { Option(value: $0.rawValue, label: $0.rawValue, selected: false) },
            petitions: petitions, preview: preview, erasePreview: erasePreview, error: error, message: message)
        return try await CSRF.render(req, "staff-abuse", page, token: page.csrf, status: status)
    }

    @Sendable func page(_ req: Request) async throws -> Response { try await show(req) }

    @Sendable func addBlock(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        var probe = Blocklist()
        guard let kind = Blocklist.Kind(rawValue: form["kind"] ?? ""), let value = probe.add(kind, form["value"] ?? "") else {
            return try await show(
                req, error: "That is not an address range, a domain or an email address of the kind chosen.", status: .badRequest)
        }
        let note = (form["note"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let now = Date(), actor = AuditActor(req.staff!)
        if try await AbuseStore.entries(on: req.db).contains(where: { $0.kind == kind.rawValue && $0.value == value }) {
            return try await show(req, message: "\(value) is already blocked.")
        }
        try await req.db.transaction { tx in
            try await PackStore.sql(tx).insert(into: "petition_blocklist")
                .model(
                    AbuseStore.Entry(
                        id: UUID().uuidString.lowercased(), kind: kind.rawValue, value: value, note: note.isEmpty ? nil : note,
                        createdBy: actor.email, createdAt: AccountStore.timestamp(now)), with: PackStore.encoder
                ).run()
            try await AuditLog.record(
                "blocklist", "\(kind.rawValue):\(value)", action: "blocked",
                changes: [AuditChange(field: kind.rawValue, from: nil, to: value)],
                by: actor, note: note.isEmpty ? nil : note, now: now, on: tx)
        }
        await req.application.blocklistCache.forget(AbuseStore.blocklistKey)
        return req.redirect(to: SiteURL.staffAbuse.path, redirectType: .normal)
    }

    @Sendable func removeBlock(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        guard let entry = try await AbuseStore.entries(on: req.db).first(where: { $0.id == form["id"] }) else {
            throw WebError.notFound(what: "blocklist entry", id: form["id"] ?? "")
        }
        let now = Date(), actor = AuditActor(req.staff!)
        try await req.db.transaction { tx in
            try await PackStore.sql(tx).delete(from: "petition_blocklist").where("id", .equal, entry.id).run()
            try await AuditLog.record(
                "blocklist", "\(entry.kind):\(entry.value)", action: "unblocked",
                changes: [AuditChange(field: entry.kind, from: entry.value, to: nil)], by: actor, now: now, on: tx)
        }
        await req.application.blocklistCache.forget(AbuseStore.blocklistKey)
        return req.redirect(to: SiteURL.staffAbuse.path, redirectType: .normal)
    }

    /// The filter from the form, or why it cannot be read.
    static func filter(_ form: PostedForm) -> Result<AbuseStore.Filter, FieldError> {
        func text(_ k: String) -> String? {
            let t = (form[k] ?? "").trimmingCharacters(in: .whitespaces)
            return t.isEmpty ? nil : t
        }
        guard let petition = text("petition") else {
            return .failure(FieldError(field: "petition", message: "Choose a petition."))
        }
        var range: IPRange?
        if let r = text("client") {
            guard let parsed = IPRange(r) else {
                return .failure(FieldError(field: "client", message: "'\(r)' is not an address or a range."))
            }
            range = parsed
        }
        for k in ["from", "to"] {
            if let t = text(k), (try? Date(t.count == 16 ? t + ":00Z" : t, strategy: .iso8601)) == nil {
                return .failure(FieldError(field: k, message: "'\(t)' is not a time written YYYY-MM-DDTHH:MM (UTC)."))
            }
        }
        func stamp(_ t: String?) -> String? { t.map { $0.count == 16 ? $0 + ":00Z" : $0 } }
        return .success(
            AbuseStore.Filter(
                petitionID: petition, clientRange: range, emailDomain: text("domain")?.lowercased(), from: stamp(text("from")),
                to: stamp(text("to")), includeConfirmed: form["confirmed"] != nil))
    }

    @Sendable func invalidate(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let f: AbuseStore.Filter
        switch Self.filter(form) {
        case .failure(let e): return try await show(req, error: e.message, status: .badRequest)
        case .success(let filter): f = filter
        }
        guard f.clientRange != nil || f.emailDomain != nil || f.from != nil || f.to != nil else {
            return try await show(req, error: "Narrow the filter: an address, a domain or a time.", status: .badRequest)
        }
        let matching = try await AbuseStore.matching(f, on: req.db)
        let names = try await DirectoryQueries(req.db).districtNames()
        if form["step"] != "confirm" {
            let preview = Preview(
                count: matching.count, description: f.description,
                sample: matching.prefix(20).map {
                    SampleRow(
                        createdAt: $0.createdAt, state: $0.state, domain: $0.emailDomain ?? "", client: $0.clientAddress ?? "",
                        district: $0.districtCode.flatMap { names[$0] } ?? "outside the area")
                }, petition: form["petition"] ?? "", client: form["client"] ?? "", domain: form["domain"] ?? "",
                from: form["from"] ?? "", to: form["to"] ?? "", confirmed: form["confirmed"] != nil)
            return try await show(req, preview: preview)
        }
        let reason = (form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            return try await show(
                req, error: "Say why these signatures are invalid: the audit log keeps it.", status: .badRequest)
        }
        guard Int(form["expected"] ?? "") == matching.count else {
            return try await show(
                req, error: "The signatures matching the filter changed since the preview (now \(matching.count)): look again.",
                status: .conflict)
        }
        let n = try await AbuseStore.invalidate(f, reason: reason, by: AuditActor(req.staff!), now: Date(), on: req.db)
        return try await show(req, message: "\(n) signatures invalidated.")
    }
}
