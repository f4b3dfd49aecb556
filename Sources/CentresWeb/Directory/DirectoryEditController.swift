import CentresCore
import Fluent
import Foundation
import Vapor

/// Network editors' pages: create, edit, check and retire centres, venues, services and
/// sessions. Every change is written with its audit entry (and any watchers' notices) in one
/// transaction; each record's history is on its page and downloadable as CSV.
struct DirectoryEditController {
    static let edit = StaffAccess(capability: .editNetwork)

    func register(_ app: Application) {
        app.staff(.GET, SiteURL.staffDirectory.pathComponents, Self.edit, use: DirectoryIndexPage.page)
        app.staff(.GET, SiteURL.staffRecordNew(":kind").pathComponents, Self.edit, use: newForm)
        app.staff(.POST, SiteURL.staffRecordNew(":kind").pathComponents, Self.edit, use: create)
        app.staff(.GET, SiteURL.staffRecord(":kind", ":id").pathComponents, Self.edit, use: editForm)
        app.staff(.POST, SiteURL.staffRecord(":kind", ":id").pathComponents, Self.edit, use: save)
        app.staff(.POST, SiteURL.staffRecordChecked(":kind", ":id").pathComponents, Self.edit, use: checked)
        app.staff(.POST, SiteURL.staffRecordRetire(":kind", ":id").pathComponents, Self.edit, use: retire)
        app.staff(.GET, SiteURL.staffRecordHistory(":kind", ":id").pathComponents, Self.edit, use: historyCSV)
    }

    // MARK: The record form

    struct RecordPage: Encodable {
        var title: String
        var csrf: String
        var kind: String
        var action: String
        var isNew: Bool
        var fields: [FieldView]
        var errors: [FieldError]
        var derived: [Derived]
        var publicHref: String?
        var checkedAction: String?
        var retireAction: String?
        var retired: Bool
        var history: [AuditEntryView]
        var auditCSV: String?
    }

    struct Derived: Encodable { var label: String, value: String }

    static func kind(_ req: Request) throws -> DirectoryKind {
        let raw = req.parameters.get("kind") ?? ""
        guard let k = DirectoryKind(rawValue: raw) else { throw WebError.notFound(what: "kind of record", id: raw) }
        return k
    }

    static func options(_ db: any Database) async throws -> EditOptions {
        let q = DirectoryQueries(db)
        func retired(_ u: Upkeep?) -> String { u?.retiredOn == nil ? "" : " (retired)" }
        return EditOptions(
            venues: try await q.venues().map { ($0.id, "\($0.name) (\($0.kind.label))" + retired($0.upkeep)) },
            services: try await q.services().map { ($0.id, $0.name + retired($0.upkeep)) },
            categories: try await q.serviceCategories().map { ($0.code, $0.name) },
            districts: try await q.districts().map { ($0.code, $0.name) })
    }

    private func render(
        _ req: Request, _ kind: DirectoryKind, id: String?, values: [String: String], errors: [FieldError],
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let fields = kind.fields(try await Self.options(req.db))
        let history =
            try await id.asyncMap {
                try await AuditLog.entries(recordType: kind.rawValue, recordID: $0, limit: 100, on: req.db).map(
                    AuditEntryView.init)
            } ?? []
        let publicHref: String? =
            switch kind {
            case .centre: id.map { SiteURL.centre($0).path }
            case .venue: id.map { SiteURL.venue($0).path }
            default: nil
            }
        let derived = DirectoryRecords.derivedColumns(kind).compactMap { c -> Derived? in
            guard let v = values[c], !v.isEmpty else { return nil }
            let label = [
                "area_code": "Small area (from the point)", "district_code": "District (from the point)",
                "last_checked": "Last checked", "retired_on": "Retired on",
            ][c, default: c]
            return Derived(label: label, value: v)
        }
        let page = RecordPage(
            title: id.map { "\(kind.title): \(values[kind.nameColumn].flatMap { $0.isEmpty ? nil : $0 } ?? $0)" }
                ?? "New \(kind.rawValue)",
            csrf: CSRF.token(req), kind: kind.rawValue,
            action: id.map { SiteURL.staffRecord(kind.rawValue, $0).path } ?? SiteURL.staffRecordNew(kind.rawValue).path,
            isNew: id == nil, fields: fields.map { FieldView($0, value: values[$0.column] ?? "", errors: errors) },
            errors: errors, derived: derived, publicHref: publicHref,
            checkedAction: id.map { SiteURL.staffRecordChecked(kind.rawValue, $0).path },
            retireAction: id.map { SiteURL.staffRecordRetire(kind.rawValue, $0).path },
            retired: !(values["retired_on"] ?? "").isEmpty, history: history,
            auditCSV: id.map { SiteURL.staffRecordHistory(kind.rawValue, $0).path })
        return try await CSRF.render(req, "staff-record", page, token: page.csrf, status: status)
    }

    @Sendable func newForm(_ req: Request) async throws -> Response {
        try await render(req, try Self.kind(req), id: nil, values: [:], errors: [])
    }

    @Sendable func editForm(_ req: Request) async throws -> Response {
        let (kind, id, before) = try await record(req)
        return try await render(req, kind, id: id, values: before, errors: [])
    }

    private func record(_ req: Request) async throws -> (DirectoryKind, String, [String: String]) {
        let kind = try Self.kind(req), id = req.parameters.get("id") ?? ""
        let fields = kind.fields(try await Self.options(req.db))
        guard let values = try await DirectoryRecords.values(kind, id: id, fields: fields, on: req.db) else {
            throw WebError.notFound(what: kind.rawValue, id: id)
        }
        return (kind, id, values)
    }

    static func rules(_ req: Request) async throws -> DirectoryRules {
        let db = req.db, cache = req.application.boundaryCache
        let box = BoundingBox(manifest: try await DirectoryQueries(db).manifest())
        return DirectoryRules(
            postcode: { try await DirectoryQueries(db).postcode($0) },
            area: { point in
                let q = DirectoryQueries(db)
                guard let code = try await cache.area(containing: point, q), let a = try await q.area(code) else { return nil }
                return (a.code, a.districtCode)
            }, box: box)
    }

    /// The submitted form read field by field and checked; `before` supplies what the form does not carry.
    private func submitted(_ req: Request, _ form: PostedForm, _ kind: DirectoryKind, before: [String: String])
        async throws -> ([String: String], [EditField], [FieldError])
    {
        let fields = kind.fields(try await Self.options(req.db))
        var values: [String: String] = [:], errors: [FieldError] = []
        for f in fields {
            switch f.normalise(form[f.column]) {
            case .success(let v): values[f.column] = v
            case .failure(let e):
                errors.append(e)
                values[f.column] = form[f.column] ?? ""
            }
        }
        for c in DirectoryRecords.derivedColumns(kind) { values[c] = before[c] ?? "" }
        if errors.isEmpty { errors = try await Self.rules(req).check(kind, &values, before: before) }
        return (values, fields, errors)
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let kind = try Self.kind(req)
        let (submittedValues, fields, errors) = try await submitted(req, form, kind, before: [:])
        var values = submittedValues
        guard errors.isEmpty else {
            return try await render(req, kind, id: nil, values: values, errors: errors, status: .badRequest)
        }
        values["last_checked"] = SimpleDate.today().description
        let now = Date(), actor = AuditActor(req.staff!), after = values
        let id = try await req.db.transaction { tx in
            let id = try await DirectoryRecords.newID(kind, name: after[kind.nameColumn] ?? "", on: tx)
            try await DirectoryRecords.insert(kind, id: id, values: after, fields: fields, on: tx)
            try await AuditLog.record(
                kind.rawValue, id, action: "created",
                changes: AuditChange.diff([:], after, order: DirectoryRecords.columns(kind, fields)), by: actor, now: now, on: tx)
            return id
        }
        return req.redirect(to: SiteURL.staffRecord(kind.rawValue, id).path, redirectType: .normal)
    }

    @Sendable func save(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let (kind, id, before) = try await record(req)
        let (submittedValues, fields, errors) = try await submitted(req, form, kind, before: before)
        var values = submittedValues
        guard errors.isEmpty else {
            return try await render(req, kind, id: id, values: values, errors: errors, status: .badRequest)
        }
        // Saving is checking: whoever saves has looked at every field.
        values["last_checked"] = SimpleDate.today().description
        try await commit(req, kind, id: id, before: before, after: values, fields: fields, action: "edited")
        return req.redirect(to: SiteURL.staffRecord(kind.rawValue, id).path, redirectType: .normal)
    }

    /// Writes `after` with its audit entry and watchers' notices in one transaction; nothing when nothing changed.
    private func commit(
        _ req: Request, _ kind: DirectoryKind, id: String, before: [String: String], after: [String: String],
        fields: [EditField], action: String
    ) async throws {
        let changes = AuditChange.diff(before, after, order: DirectoryRecords.columns(kind, fields))
        guard !changes.isEmpty else { return }
        let now = Date(), actor = AuditActor(req.staff!), base = req.application.publicURL
        try await req.db.transaction { tx in
            try await DirectoryRecords.update(kind, id: id, values: after, fields: fields, on: tx)
            try await AuditLog.record(kind.rawValue, id, action: action, changes: changes, by: actor, now: now, on: tx)
            try await WatchNotices.changed(kind, id: id, changes: changes, publicURL: base, now: now, on: tx)
        }
    }

    @Sendable func checked(_ req: Request) async throws -> Response {
        _ = try CSRF.verifiedForm(req)
        let (kind, id, before) = try await record(req)
        var after = before
        after["last_checked"] = SimpleDate.today().description
        let fields = kind.fields(try await Self.options(req.db))
        try await commit(req, kind, id: id, before: before, after: after, fields: fields, action: "checked")
        return req.redirect(to: SiteURL.staffRecord(kind.rawValue, id).path, redirectType: .normal)
    }

    @Sendable func retire(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let (kind, id, before) = try await record(req)
        let retiring = form["action"] == "retire"
        guard retiring || form["action"] == "restore" else {
            throw WebError.badRequest(field: "action", message: "must be 'retire' or 'restore'")
        }
        if retiring {
            let users = try await DirectoryRecords.activeDependants(kind, id: id, on: req.db)
            if !users.isEmpty {
                let message =
                    "Still in use by \(users.prefix(5).joined(separator: ", "))\(users.count > 5 ? " and \(users.count - 5) more" : ""): move or retire them first."
                return try await render(
                    req, kind, id: id, values: before, errors: [FieldError(field: "retire", message: message)],
                    status: .badRequest)
            }
        }
        var after = before
        after["retired_on"] = retiring ? SimpleDate.today().description : ""
        let fields = kind.fields(try await Self.options(req.db))
        try await commit(
            req, kind, id: id, before: before, after: after, fields: fields, action: retiring ? "retired" : "restored")
        return req.redirect(to: SiteURL.staffRecord(kind.rawValue, id).path, redirectType: .normal)
    }

    @Sendable func historyCSV(_ req: Request) async throws -> Response {
        let (kind, id, _) = try await record(req)
        let rows = try await AuditLog.entries(recordType: kind.rawValue, recordID: id, on: req.db)
        return ProposalController.download(
            Data(AuditLog.csv(rows).utf8), type: "text/csv; charset=utf-8", name: "history-\(kind.rawValue)-\(id).csv")
    }
}
