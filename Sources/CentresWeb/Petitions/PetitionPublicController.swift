import CentresCore
import Fluent
import Foundation
import Vapor

/// The public side of petitions: the list, each petition with its counts, signing online and
/// confirming by the emailed link's button (a mail scanner that opens links confirms nothing).
struct PetitionPublicController {
    /// Signatures per client address per hour: a household or an office signs from one address.
    static let signaturesPerClientPerHour = 20
    /// Signatures per email domain per hour, for domains other than the big mail providers.
    static let signaturesPerDomainPerHour = 300
    /// Domains too widely shared to limit: one provider's users are not one actor.
    static let sharedDomains: Set<String> = SignatoryRules.knownProviders

    func register(_ app: Application) {
        app.get(SiteURL.petitions.pathComponents, use: list)
        app.get(SiteURL.petition(":id").pathComponents, use: page)
        app.post(SiteURL.petitionSign(":id").pathComponents, use: sign)
        app.get(SiteURL.petitionConfirm(":id", token: nil).pathComponents, use: confirmPage)
        app.post(SiteURL.petitionConfirm(":id", token: nil).pathComponents, use: confirm)
        app.get(SiteURL.api(.petitions).pathComponents, use: feedList)
        app.get(SiteURL.api(.petition(":id")).pathComponents, use: feed)
    }

    /// The public JSON feed: every open and closed petition's counts (no personal data).
    @Sendable func feedList(_ req: Request) async throws -> PageDTO<PetitionTallyDTO> {
        var all: [PetitionTallyDTO] = []
        for r in try await PetitionStore.list(states: [.open, .closed], on: req.db) {
            guard let p = r.core, let scheme = try await PetitionStore.scheme(p.schemeID, on: req.db) else { continue }
            all.append(try await Self.publicTally(req, p, scheme).tally)
        }
        return try DirectoryService.page(req, all)
    }

    @Sendable func feed(_ req: Request) async throws -> Response {
        let (p, scheme) = try await Self.publicPetition(req)
        let json = try await Self.publicTally(req, p, scheme).json
        return Response(
            status: .ok, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(data: json))
    }

    struct ListRow: Encodable { var href: String, title: String, state: String, closesOn: String, confirmed: Int }
    struct ListPage: Encodable {
        var title = "Petitions"
        var open: [ListRow]
        var closed: [ListRow]
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let today = SimpleDate.today()
        var rows: [(Petition, ListRow)] = []
        for r in try await PetitionStore.list(states: [.open, .closed], on: req.db) {
            guard let p = r.core else { continue }
            let c = try await SignatureStore.counts(petitionID: p.id, on: req.db)
            rows.append(
                (
                    p,
                    ListRow(
                        href: SiteURL.petition(p.id).path, title: p.title, state: p.state(on: today).label,
                        closesOn: p.closesOn.longText, confirmed: c.confirmed)
                ))
        }
        let page = ListPage(
            open: rows.filter { $0.0.state(on: today) == .open }.map(\.1),
            closed: rows.filter { $0.0.state(on: today) == .closed }.map(\.1))
        return try await req.view.render("petitions", page).encodeResponse(for: req)
    }

    /// A petition the public may see (open or closed), with its scheme. Read at most once a
    /// second (never longer than the count's age) and shared: during a surge every signature
    /// needs them. A moderator's change is seen within that second, and at once in this process,
    /// which forgets the petition on every change.
    static func publicPetition(_ req: Request, id: String? = nil) async throws -> (Petition, PetitionScheme) {
        let id = id ?? req.parameters.get("id") ?? ""
        let app = req.application
        let found = try await app.petitionCache.value(id, maxAge: min(1, app.countMaxAge), now: Date()) {
            guard let p = try await PetitionStore.row(id, on: app.db)?.core,
                let scheme = try await PetitionStore.scheme(p.schemeID, on: app.db)
            else { return nil }
            return PublicPetition(petition: p, scheme: scheme)
        }
        guard let found, found.petition.state.isPublic else { throw WebError.notFound(what: "petition", id: id) }
        return (found.petition, found.scheme)
    }

    struct Page: Encodable {
        var title: String
        var csrf: String
        var petition: Petition
        var isOpen: Bool
        var closesOn: String
        var scheme: PetitionScheme
        var reasons: [Option]
        var stateLabel: String
        var countsHTML: String
        var privacy: PrivacyNotice
        var form: [String: String]
        var errors: [FieldError]
    }

    static func pageModel(_ req: Request, _ p: Petition, _ scheme: PetitionScheme, form: [String: String], errors: [FieldError])
        async throws -> Page
    {
        let cached = try await Self.publicTally(req, p, scheme)
        let tally = cached.tally
        return Page(
            title: p.title, csrf: CSRF.token(req), petition: p, isOpen: tally.state == PetitionState.open.rawValue,
            closesOn: p.closesOn.longText, scheme: scheme,
            reasons: scheme.reasons.map { Option(value: $0.rawValue, label: $0.label, selected: form["reason"] == $0.rawValue) },
            stateLabel: tally.stateLabel, countsHTML: cached.countsHTML, privacy: .current, form: form,
            errors: errors)
    }

    /// The public counts and map, shared between readers for `countMaxAge` seconds.
    static func publicTally(_ req: Request, _ p: Petition, _ scheme: PetitionScheme) async throws -> PublicTally {
        // The application's database, not the request's: other readers may wait on this count
        // after this request has finished.
        let app = req.application, db = req.application.db
        return try await app.tallyCache.value(p.id, maxAge: app.countMaxAge, now: Date()) {
            let tally = try await PetitionTally.make(p, scheme: scheme, publicURL: app.publicURL, now: Date(), on: db)
            let (svg, legend) = try await PetitionTally.map(tally, app: app, on: db)
            let counts = Counts(
                tally: tally, schemeName: scheme.name, mapSVG: svg, legend: legend, feed: SiteURL.api(.petition(p.id)).path)
            let view = try await app.view.render("petition-counts", counts).get()
            return PublicTally(
                tally: tally, countsHTML: String(buffer: view.data), json: try JSONEncoder().encode(tally))
        }
    }

    /// The part of a petition's page that is the same for every reader.
    struct Counts: Encodable {
        var tally: PetitionTallyDTO
        var schemeName: String
        var mapSVG: String
        var legend: [LegendItem]
        var feed: String
    }

    @Sendable func page(_ req: Request) async throws -> Response {
        let (p, scheme) = try await Self.publicPetition(req)
        let model = try await Self.pageModel(req, p, scheme, form: [:], errors: [])
        return try await CSRF.render(req, "petition", model, token: model.csrf)
    }

    struct Done: Encodable {
        var title: String
        var csrf: String
        var step: String  // "sent", "confirm", "confirmed", "invalid"
        var petitionTitle: String
        var petitionHref: String
        var action: String?
        var token: String?
        var name: String?
        var postcode: String?
        /// The confirmation mail waits a day (`SignatureStore.mailsPerAddressPerDay`).
        var delayed = false
        var refusal: String?
    }

    @Sendable func sign(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let (p, scheme) = try await Self.publicPetition(req)
        guard p.state(on: SimpleDate.today()) == .open else {
            throw WebError.gone("This petition closed on \(p.closesOn.longText): it takes no more signatures.")
        }
        func refuse(_ problems: [(field: String, message: String)]) async throws -> Response {
            let model = try await Self.pageModel(
                req, p, scheme, form: form.values.filter { $0.key != "csrf" },
                errors: problems.map { FieldError(field: $0.field, message: $0.message.asSentence) })
            return try await CSRF.render(req, "petition", model, token: model.csrf, status: .badRequest)
        }
        let read = SignatureSubmission.read(
            name: form["name"] ?? "", email: form["email"] ?? "", postcode: form["postcode"] ?? "", reason: form["reason"] ?? "",
            privacyAgreed: form["privacy"] == PrivacyNotice.current.version, updatesConsent: form["updates"] != nil,
            scheme: scheme)
        let submission: SignatureSubmission
        switch read {
        case .failure(let problems): return try await refuse(problems.fields)
        case .success(let s): submission = s
        }
        let client = req.clientAddress
        let domain = SignatoryRules.canonicalEmail(submission.email).split(separator: "@").last.map(String.init) ?? ""
        let limiter = req.application.rateLimiter
        let clientAllowed = await limiter.allow(
            "sign:" + (client ?? "unknown"), limit: Self.signaturesPerClientPerHour, window: 3_600)
        let domainAllowed =
            Self.sharedDomains.contains(domain)
            ? true : await limiter.allow("sign-domain:" + domain, limit: Self.signaturesPerDomainPerHour, window: 3_600)
        guard clientAllowed, domainAllowed else {
            throw WebError.tooManyRequests(
                "Too many signatures from here or from this email domain in the last hour. Try again later.")
        }

        let app = req.application
        let blocklist = try await app.blocklistCache.value(AbuseStore.blocklistKey, maxAge: 10, now: Date()) {
            try await AbuseStore.blocklist(on: app.db)
        }
        if blocklist.blocks(client: client, email: submission.email) {
            return try await refuse([
                ("email", "we cannot take this signature; if you think this is a mistake, write to the petition's moderators")
            ])
        }
        let place = try await Self.place(submission.postcode, req)
        if let refusal = scheme.refusal(reason: submission.reason, postcodeInArea: place.inArea) {
            return try await refuse([("postcode", refusal)])
        }
        let now = Date(), base = req.application.publicURL
        let outcome = try await SignatureStore.sign(
            petitionID: p.id, submission, place: place, client: client, now: now, on: req.db
        ) { token in
            OutgoingMail(
                to: submission.email, subject: "Confirm your signature: \(p.title)",
                body: """
                    Hello \(submission.name),

                    To count your signature on the petition "\(p.title)", open this link and press the button on the page:
                    \(base + SiteURL.petitionConfirm(p.id, token: token).path)

                    The link works for 14 days. If you did not sign, ignore this message: an unconfirmed signature is never counted.
                    """)
        }
        if case .refused(let why) = outcome { return try await refuse([("email", why)]) }
        var delayed = false
        if case .send(_, let later) = outcome { delayed = later }
        let done = Done(
            title: "Check your email", csrf: CSRF.token(req), step: "sent", petitionTitle: p.title,
            petitionHref: SiteURL.petition(p.id).path, delayed: delayed)
        return try await CSRF.render(req, "petition-signature", done, token: done.csrf)
    }

    /// In the area when the pack knows the postcode; its district from the postcode, its small
    /// area from the postcode's point.
    static func place(_ code: Postcode, _ req: Request) async throws -> SignaturePlace {
        guard let p = try await PostcodePlace.of(code, req) else {
            return SignaturePlace(areaCode: nil, districtCode: nil, inArea: false)
        }
        return SignaturePlace(areaCode: p.areaCode, districtCode: p.districtCode, inArea: true)
    }

    @Sendable func confirmPage(_ req: Request) async throws -> Response {
        let (p, _) = try await Self.publicPetition(req)
        let token: String = req.queryText("token") ?? ""
        let pending = try await SignatureStore.pending(token: token, petitionID: p.id, now: Date(), on: req.db)
        let open = p.state(on: SimpleDate.today()) == .open
        let done = Done(
            title: pending != nil && open ? "Confirm your signature" : "This link does not work", csrf: CSRF.token(req),
            step: pending != nil && open ? "confirm" : "invalid", petitionTitle: p.title,
            petitionHref: SiteURL.petition(p.id).path,
            action: SiteURL.petitionConfirm(p.id, token: nil).path, token: pending != nil ? token : nil, name: pending?.name,
            postcode: pending?.postcode)
        return try await CSRF.render(
            req, "petition-signature", done, token: done.csrf, status: pending != nil && open ? .ok : .gone)
    }

    @Sendable func confirm(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        try await req.checkRateLimit("signature confirmation", limit: 120)
        let (p, scheme) = try await Self.publicPetition(req)
        let now = Date()
        guard p.state(on: SimpleDate.today()) == .open,
            let pending = try await SignatureStore.pending(token: form["token"] ?? "", petitionID: p.id, now: now, on: req.db)
        else {
            let done = Done(
                title: "This link does not work", csrf: CSRF.token(req), step: "invalid", petitionTitle: p.title,
                petitionHref: SiteURL.petition(p.id).path)
            return try await CSRF.render(req, "petition-signature", done, token: done.csrf, status: .gone)
        }
        if case .refused(let why) = try await SignatureStore.confirm(pending, scheme: scheme, now: now, on: req.db) {
            let done = Done(
                title: "This signature cannot be counted", csrf: CSRF.token(req), step: "refused", petitionTitle: p.title,
                petitionHref: SiteURL.petition(p.id).path, name: pending.name, refusal: why.asSentence)
            return try await CSRF.render(req, "petition-signature", done, token: done.csrf, status: .conflict)
        }
        let done = Done(
            title: "Your signature is counted", csrf: CSRF.token(req), step: "confirmed", petitionTitle: p.title,
            petitionHref: SiteURL.petition(p.id).path, name: pending.name)
        return try await CSRF.render(req, "petition-signature", done, token: done.csrf)
    }
}
