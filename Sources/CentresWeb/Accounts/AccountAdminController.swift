import CentresCore
import Foundation
import Vapor

/// Administrators' account pages: list, create (the person chooses their own password through an
/// emailed link), change name, organisation and roles, disable and re-enable. Every change is
/// audited; the last active administrator cannot be disabled or lose the role.
struct AccountAdminController {
    static let manage = StaffAccess(capability: .manageAccounts)

    func register(_ app: Application) {
        app.staff(.GET, SiteURL.staffAccounts.pathComponents, Self.manage, use: list)
        app.staff(.GET, SiteURL.staffAccountNew.pathComponents, Self.manage, use: newForm)
        app.staff(.POST, SiteURL.staffAccountNew.pathComponents, Self.manage, use: create)
        app.staff(.GET, SiteURL.staffAccount(":id").pathComponents, Self.manage, use: editForm)
        app.staff(.POST, SiteURL.staffAccount(":id").pathComponents, Self.manage, use: save)
        app.staff(.POST, SiteURL.staffAccountStatus(":id").pathComponents, Self.manage, use: status)
    }

    struct ListRow: Encodable {
        var href: String, email: String, name: String, organisation: String, roles: String, status: String
    }

    struct ListPage: Encodable {
        var title = "Staff accounts"
        var rows: [ListRow]
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let rows = try await AccountAdmin.all(on: req.db).map { a in
            ListRow(
                href: SiteURL.staffAccount(a.id).path, email: a.email, name: a.name, organisation: a.organisation ?? "",
                roles: a.roles.map(\.title).joined(separator: ", "),
                status: a.disabledAt.map { "disabled \($0)" }
                    ?? (a.lastSignInAt.map { "last signed in \($0)" } ?? "never signed in"))
        }
        return try await req.view.render("staff-accounts", ListPage(rows: rows)).encodeResponse(for: req)
    }

    struct RoleBox: Encodable { var value: String, label: String, summary: String, checked: Bool }

    struct FormPage: Encodable {
        var title: String
        var csrf: String
        var action: String
        var isNew: Bool
        var email: String
        var name: String
        var organisation: String
        var roles: [RoleBox]
        var errors: [FieldError]
        var disabled: Bool
        var statusAction: String?
        var history: [AuditEntryView]
        var auditCSV: String?
    }

    static func roleBoxes(_ chosen: Set<Role>) -> [RoleBox] {
        Role.allCases.map { r in
            RoleBox(
                value: r.rawValue, label: r.title,
                summary: r.capabilities.sorted { $0.rawValue < $1.rawValue }.map(\.summary).joined(separator: "; "),
                checked: chosen.contains(r))
        }
    }

    @Sendable func newForm(_ req: Request) async throws -> Response {
        let page = FormPage(
            title: "New staff account", csrf: CSRF.token(req), action: SiteURL.staffAccountNew.path, isNew: true, email: "",
            name: "", organisation: try await organisationName(req), roles: Self.roleBoxes([]),
            errors: [], disabled: false, history: [])
        return try await CSRF.render(req, "staff-account", page, token: page.csrf)
    }

    private func organisationName(_ req: Request) async throws -> String {
        guard let me = req.staff, let account = try await AccountAdmin.account(id: me.id, on: req.db) else { return "" }
        return account.organisation ?? ""
    }

    /// The fields every account form carries, read and checked.
    struct Submitted {
        var name: String, organisation: String?, roles: [Role], errors: [FieldError]

        init(_ form: PostedForm) {
            name = (form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let org = (form["organisation"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            organisation = org.isEmpty ? nil : org
            roles = Role.allCases.filter { form["role-\($0.rawValue)"] != nil }
            errors = []
            if name.isEmpty { errors.append(FieldError(field: "name", message: "Give the person's name.")) }
            if name.count > 200 { errors.append(FieldError(field: "name", message: "Keep the name under 200 characters.")) }
            if OneLine.breaks(name) { errors.append(FieldError(field: "name", message: "Keep the name on one line.")) }
            if OneLine.breaks(org) {
                errors.append(FieldError(field: "organisation", message: "Keep the organisation on one line."))
            }
            if (organisation?.count ?? 0) > 200 {
                errors.append(FieldError(field: "organisation", message: "Keep the organisation under 200 characters."))
            }
        }
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let email = Credentials.normalisedEmail(form["email"] ?? "")
        var s = Submitted(form)
        if let problem = Credentials.emailProblem(email) { s.errors.insert(FieldError(field: "email", message: problem), at: 0) }
        if s.errors.isEmpty, try await AccountStore.user(email: email, on: req.db) != nil {
            s.errors.append(FieldError(field: "email", message: "An account for this address already exists."))
        }
        guard s.errors.isEmpty else {
            let page = FormPage(
                title: "New staff account", csrf: CSRF.token(req), action: SiteURL.staffAccountNew.path, isNew: true,
                email: email, name: s.name, organisation: s.organisation ?? "", roles: Self.roleBoxes(Set(s.roles)),
                errors: s.errors, disabled: false, history: [])
            return try await CSRF.render(req, "staff-account", page, token: page.csrf, status: .badRequest)
        }
        let submitted = s
        let now = Date(), actor = AuditActor(req.staff!), base = req.application.publicURL
        // Nobody knows this password: the person chooses their own through the invitation link.
        let unusable = try await req.password.async.hash(SecretKey.make()).get()
        let inviter = req.staff!.name
        let created = try await req.db.transaction { tx in
            let orgID = try await submitted.organisation.asyncMap {
                try await AccountStore.organisation(named: $0, now: now, on: tx)
            }
            let member = try await AccountStore.create(
                email: email, name: submitted.name, passwordHash: unusable, roles: submitted.roles, organisationID: orgID,
                now: now, on: tx)
            let summary = try await AccountAdmin.account(id: member.id, on: tx)!
            try await AuditLog.record(
                "account", member.id, action: "created",
                changes: AuditChange.diff([:], summary.auditFields, order: AccountSummary.auditOrder), by: actor, now: now,
                on: tx)
            let token = try await PasswordResetStore.create(
                userID: member.id, lifetime: PasswordResetStore.invitationLifetime, now: now, on: tx)
            try await Outbox.enqueue(
                OutgoingMail(
                    to: email, subject: "Your Centres staff account",
                    body: Self.invitation(
                        name: submitted.name, inviter: inviter, link: base + SiteURL.passwordResetLink(token).path)),
                kind: "account-invitation", now: now, on: tx)
            return member
        }
        req.logger.info("Account created", metadata: ["user": .string(created.id), "by": .string(actor.id ?? "")])
        return req.redirect(to: SiteURL.staffAccount(created.id).path, redirectType: .normal)
    }

    static func invitation(name: String, inviter: String, link: String) -> String {
        """
        Hello \(name),

        \(inviter) has made you a staff account on Centres. To choose your password, open this
        link within three days. It works once.

        \(link)

        After that, sign in with this email address and your password. If you did not expect this
        message, ignore it: without a password nobody can use the account.
        """
    }

    @Sendable func editForm(_ req: Request) async throws -> Response {
        let a = try await account(req)
        return try await renderEdit(req, a, name: a.name, organisation: a.organisation ?? "", roles: Set(a.roles), errors: [])
    }

    private func account(_ req: Request) async throws -> AccountSummary {
        let id = req.parameters.get("id") ?? ""
        guard let a = try await AccountAdmin.account(id: id, on: req.db) else { throw WebError.notFound(what: "account", id: id) }
        return a
    }

    private func renderEdit(
        _ req: Request, _ a: AccountSummary, name: String, organisation: String, roles: Set<Role>, errors: [FieldError],
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let history = try await AuditLog.entries(recordType: "account", recordID: a.id, limit: 50, on: req.db).map(
            AuditEntryView.init)
        let page = FormPage(
            title: "Account: \(a.email)", csrf: CSRF.token(req), action: SiteURL.staffAccount(a.id).path, isNew: false,
            email: a.email, name: name, organisation: organisation, roles: Self.roleBoxes(roles), errors: errors,
            disabled: a.disabledAt != nil, statusAction: SiteURL.staffAccountStatus(a.id).path, history: history,
            auditCSV: req.staff!.can(.readAudit) ? SiteURL.staffAuditCSV(type: "account", id: a.id).path : nil)
        return try await CSRF.render(req, "staff-account", page, token: page.csrf, status: status)
    }

    /// Whether the change leaves at least one enabled administrator.
    static func keepsAnAdministrator(_ admins: Set<String>, changing id: String, stillAdmin: Bool) -> Bool {
        !(stillAdmin ? admins.union([id]) : admins.subtracting([id])).isEmpty
    }

    @Sendable func save(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let a = try await account(req)
        var s = Submitted(form)
        let admins = try await AccountAdmin.activeAdministrators(on: req.db)
        if a.disabledAt == nil,
            !Self.keepsAnAdministrator(admins, changing: a.id, stillAdmin: s.roles.contains(.administrator))
        {
            s.errors.append(
                FieldError(field: "roles", message: "This is the only active administrator: give the role to someone else first.")
            )
        }
        guard s.errors.isEmpty else {
            return try await renderEdit(
                req, a, name: s.name, organisation: s.organisation ?? "", roles: Set(s.roles), errors: s.errors,
                status: .badRequest)
        }
        let now = Date(), actor = AuditActor(req.staff!), submitted = s
        try await req.db.transaction { tx in
            let orgID = try await submitted.organisation.asyncMap {
                try await AccountStore.organisation(named: $0, now: now, on: tx)
            }
            try await AccountAdmin.update(id: a.id, name: submitted.name, organisationID: orgID, roles: submitted.roles, on: tx)
            let after = try await AccountAdmin.account(id: a.id, on: tx)!
            let changes = AuditChange.diff(a.auditFields, after.auditFields, order: AccountSummary.auditOrder)
            if !changes.isEmpty {
                try await AuditLog.record("account", a.id, action: "edited", changes: changes, by: actor, now: now, on: tx)
            }
        }
        return req.redirect(to: SiteURL.staffAccount(a.id).path, redirectType: .normal)
    }

    @Sendable func status(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let a = try await account(req)
        let disable = form["action"] == "disable"
        guard disable || form["action"] == "enable" else {
            throw WebError.badRequest(field: "action", message: "must be 'disable' or 'enable'")
        }
        if disable, a.roles.contains(.administrator),
            !Self.keepsAnAdministrator(try await AccountAdmin.activeAdministrators(on: req.db), changing: a.id, stillAdmin: false)
        {
            return try await renderEdit(
                req, a, name: a.name, organisation: a.organisation ?? "", roles: Set(a.roles),
                errors: [FieldError(field: "status", message: "This is the only active administrator and cannot be disabled.")],
                status: .badRequest)
        }
        let now = Date(), actor = AuditActor(req.staff!)
        if (a.disabledAt != nil) != disable {
            try await req.db.transaction { tx in
                try await AccountAdmin.setDisabled(id: a.id, disable, now: now, on: tx)
                try await AuditLog.record(
                    "account", a.id, action: disable ? "disabled" : "enabled",
                    changes: [
                        AuditChange(field: "status", from: disable ? "active" : "disabled", to: disable ? "disabled" : "active")
                    ], by: actor, now: now, on: tx)
            }
        }
        return req.redirect(to: SiteURL.staffAccount(a.id).path, redirectType: .normal)
    }
}
