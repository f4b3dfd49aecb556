import Vapor

/// Every URL of the site: routes are registered from these and links are built from them.
enum SiteURL {
    case home
    case districts
    case district(String)
    case centres
    case centre(String)
    case venues
    case venue(String)
    case areas
    case area(String)
    case near
    case map
    case mapSVG
    case data
    case health
    case proposals
    case proposal(String)
    case proposalCompare
    case proposalCompareTable(String)
    case proposalPostcode
    case proposalTable(String, table: String)
    case proposalFile(String)
    case proposalEvidence(String)
    case proposalNew
    case proposalUpload
    case proposalEdit(String)
    case optimiser
    case optimiserTable(String)
    case optimiserFrontier
    case optimiserFrontierTable(String)
    case optimiserDraft
    case signIn(next: String?)
    case signOut
    case staff
    case staffOutbox
    case staffAccounts
    case staffAccountNew
    case staffAccount(String)
    case staffAccountStatus(String)
    case staffPassword
    case staffAudit(type: String?, id: String?)
    case staffAuditCSV(type: String?, id: String?)
    case staffDirectory
    case petitions
    case petition(String)
    case petitionSign(String)
    case petitionConfirm(String, token: String?)
    case staffPetitions
    case staffPetitionNew
    case staffPetition(String)
    case staffPetitionState(String)
    case staffPetitionSheets(String)
    case staffPetitionSheetsPrint(String, from: Int?, to: Int?)
    case staffPetitionSheet(String, String)
    case staffPetitionSheetRows(String, String)
    case staffPetitionSheetScan(String, String)
    case staffPetitionSubmission(String)
    case staffPetitionSubmissionCSV(String, part: String)
    case staffModeration
    case consultations
    case consultation(String)
    case consultationRespond(String)
    case consultationSaved(String, token: String?)
    case staffConsultations
    case staffConsultationResults(String, by: String?)
    case staffConsultationCoding(String, question: String?)
    case staffConsultationCodes(String)
    case staffConsultationExport(String, file: String)
    case staffConsultationReport(String)
    case consultationReport(String)
    case consultationPaperForm(String)
    case staffConsultationPaperForm(String)
    case staffConsultationResponses(String)
    case staffConsultationResponseNew(String)
    case staffConsultationResponse(String, String)
    case staffConsultationKeying(String, String)
    case staffConsultationRedact(String, String)
    case staffConsultationNew
    case staffConsultation(String)
    case staffConsultationState(String)
    case staffConsultationPreview(String)
    case staffConsultationQuestionNew(String)
    case staffConsultationQuestion(String, String)
    case staffConsultationQuestionMove(String, String)
    case staffConsultationQuestionRemove(String, String)
    case staffAbuse
    case staffBlocklist
    case staffBlocklistRemove
    case staffInvalidate
    case staffErase
    case staffModerationPetition(String)
    case watch(type: String?, id: String?)
    case watchConfirm(String?)
    case watchStop(String?)
    case watchOneClick(String?)
    case staffRecordNew(String)
    case staffRecord(String, String)
    case staffRecordChecked(String, String)
    case staffRecordRetire(String, String)
    case staffRecordHistory(String, String)
    case passwordReset
    case passwordResetLink(String?)
    case api(API)

    enum API {
        case openAPI, districts, district(String), areas, area(String), venues, venue(String), centres, centre(String)
        case services, sessions, near
        case proposals, proposal(String), assessment(String)
        case optimiser, optimiserFrontier
        case petitions, petition(String)
        case consultations, consultationResults(String)

        var path: String {
            switch self {
            case .openAPI: "openapi.json"
            case .districts: "districts"
            case .district(let c): "districts/\(c)"
            case .areas: "areas"
            case .area(let c): "areas/\(c)"
            case .venues: "venues"
            case .venue(let id): "venues/\(id)"
            case .centres: "centres"
            case .centre(let id): "centres/\(id)"
            case .services: "services"
            case .sessions: "sessions"
            case .near: "near"
            case .proposals: "proposals"
            case .proposal(let id): "proposals/\(SiteURL.segment(id))"
            case .assessment(let id): "proposals/\(SiteURL.segment(id))/assessment"
            case .optimiser: "optimiser"
            case .optimiserFrontier: "optimiser/frontier"
            case .petitions: "petitions"
            case .petition(let id): "petitions/\(SiteURL.segment(id))"
            case .consultations: "consultations"
            case .consultationResults(let id): "consultations/\(SiteURL.segment(id))/results"
            }
        }
    }

    var path: String {
        switch self {
        case .home: "/"
        case .districts: "/districts"
        case .district(let c): "/districts/\(Self.segment(c))"
        case .centres: "/centres"
        case .centre(let id): "/centres/\(Self.segment(id))"
        case .venues: "/venues"
        case .venue(let id): "/venues/\(Self.segment(id))"
        case .areas: "/areas"
        case .area(let c): "/areas/\(Self.segment(c))"
        case .near: "/near"
        case .map: "/map"
        case .mapSVG: "/map.svg"
        case .data: "/data"
        case .health: "/health"
        case .proposals: "/proposals"
        case .proposal(let id): "/proposals/\(Self.segment(id))"
        case .proposalCompare: "/proposals/compare"
        case .proposalCompareTable(let table): "/proposals/compare/tables/\(Self.segment(table))"
        case .proposalPostcode: "/proposals/postcode"
        case .proposalTable(let id, let table): "/proposals/\(Self.segment(id))/tables/\(Self.segment(table))"
        case .proposalFile(let id): "/proposals/\(Self.segment(id))/proposal.csv"
        case .proposalEvidence(let id): "/proposals/\(Self.segment(id))/evidence.zip"
        case .proposalNew: "/proposals/new"
        case .proposalUpload: "/proposals/upload"
        case .proposalEdit(let id): "/proposals/\(Self.segment(id))/edit"
        case .optimiser: "/optimiser"
        case .optimiserTable(let table): "/optimiser/tables/\(Self.segment(table))"
        case .optimiserFrontier: "/optimiser/frontier"
        case .optimiserFrontierTable(let table): "/optimiser/frontier/tables/\(Self.segment(table))"
        case .optimiserDraft: "/optimiser/draft"
        case .signIn(let next):
            "/sign-in"
                + (next.map {
                    "?next="
                        + ($0.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(["&", "=", "+"])) ?? "")
                }
                    ?? "")
        case .signOut: "/sign-out"
        case .staff: "/staff"
        case .staffOutbox: "/staff/outbox"
        case .staffAccounts: "/staff/accounts"
        case .staffAccountNew: "/staff/accounts/new"
        case .staffAccount(let id): "/staff/accounts/\(Self.segment(id))"
        case .staffAccountStatus(let id): "/staff/accounts/\(Self.segment(id))/status"
        case .staffPassword: "/staff/password"
        case .staffAudit(let type, let id): "/staff/audit" + Self.query(["type": type, "id": id])
        case .staffAuditCSV(let type, let id): "/staff/audit.csv" + Self.query(["type": type, "id": id])
        case .staffDirectory: "/staff/directory"
        case .petitions: "/petitions"
        case .petition(let id): "/petitions/\(Self.segment(id))"
        case .petitionSign(let id): "/petitions/\(Self.segment(id))/sign"
        case .petitionConfirm(let id, let token): "/petitions/\(Self.segment(id))/confirm" + Self.query(["token": token])
        case .staffPetitions: "/staff/petitions"
        case .staffPetitionNew: "/staff/petitions/new"
        case .staffPetition(let id): "/staff/petitions/\(Self.segment(id))"
        case .staffPetitionState(let id): "/staff/petitions/\(Self.segment(id))/state"
        case .staffPetitionSheets(let id): "/staff/petitions/\(Self.segment(id))/sheets"
        case .staffPetitionSheet(let id, let n): "/staff/petitions/\(Self.segment(id))/sheets/\(Self.segment(n))"
        case .staffPetitionSheetRows(let id, let n): "/staff/petitions/\(Self.segment(id))/sheets/\(Self.segment(n))/rows"
        case .staffPetitionSheetScan(let id, let n): "/staff/petitions/\(Self.segment(id))/sheets/\(Self.segment(n))/scan"
        case .staffPetitionSubmission(let id): "/staff/petitions/\(Self.segment(id))/submission"
        case .staffPetitionSubmissionCSV(let id, let part):
            "/staff/petitions/\(Self.segment(id))/submission/\(Self.segment(part)).csv"
        case .staffPetitionSheetsPrint(let id, let from, let to):
            "/staff/petitions/\(Self.segment(id))/sheets/print"
                + Self.query(["from": from.map(String.init), "to": to.map(String.init)])
        case .staffModeration: "/staff/moderation"
        case .consultations: "/consultations"
        case .consultation(let id): "/consultations/\(Self.segment(id))"
        case .consultationRespond(let id): "/consultations/\(Self.segment(id))/respond"
        // The token travels in the query, which the request log leaves out.
        case .consultationSaved(let id, let token): "/consultations/\(Self.segment(id))/saved" + Self.query(["token": token])
        case .staffConsultations: "/staff/consultations"
        case .staffConsultationResults(let id, let by):
            "/staff/consultations/\(Self.segment(id))/results" + Self.query(["by": by])
        case .staffConsultationCoding(let id, let q):
            "/staff/consultations/\(Self.segment(id))/coding" + (q.map { "/\(Self.segment($0))" } ?? "")
        case .staffConsultationCodes(let id): "/staff/consultations/\(Self.segment(id))/codes"
        case .staffConsultationExport(let id, let file): "/staff/consultations/\(Self.segment(id))/export/\(Self.segment(file))"
        case .staffConsultationReport(let id): "/staff/consultations/\(Self.segment(id))/report"
        case .consultationReport(let id): "/consultations/\(Self.segment(id))/report"
        case .consultationPaperForm(let id): "/consultations/\(Self.segment(id))/paper-form"
        case .staffConsultationPaperForm(let id): "/staff/consultations/\(Self.segment(id))/paper-form"
        case .staffConsultationResponses(let id): "/staff/consultations/\(Self.segment(id))/responses"
        case .staffConsultationResponseNew(let id): "/staff/consultations/\(Self.segment(id))/responses/new"
        case .staffConsultationResponse(let id, let n): "/staff/consultations/\(Self.segment(id))/responses/\(Self.segment(n))"
        case .staffConsultationRedact(let id, let n):
            "/staff/consultations/\(Self.segment(id))/responses/\(Self.segment(n))/redact"
        case .staffConsultationKeying(let id, let ref): "/staff/consultations/\(Self.segment(id))/keyings/\(Self.segment(ref))"
        case .staffConsultationNew: "/staff/consultations/new"
        case .staffConsultation(let id): "/staff/consultations/\(Self.segment(id))"
        case .staffConsultationState(let id): "/staff/consultations/\(Self.segment(id))/state"
        case .staffConsultationPreview(let id): "/staff/consultations/\(Self.segment(id))/preview"
        case .staffConsultationQuestionNew(let id): "/staff/consultations/\(Self.segment(id))/questions/new"
        case .staffConsultationQuestion(let id, let q): "/staff/consultations/\(Self.segment(id))/questions/\(Self.segment(q))"
        case .staffConsultationQuestionMove(let id, let q):
            "/staff/consultations/\(Self.segment(id))/questions/\(Self.segment(q))/move"
        case .staffConsultationQuestionRemove(let id, let q):
            "/staff/consultations/\(Self.segment(id))/questions/\(Self.segment(q))/remove"
        case .staffAbuse: "/staff/moderation/abuse"
        case .staffBlocklist: "/staff/moderation/blocklist"
        case .staffBlocklistRemove: "/staff/moderation/blocklist/remove"
        case .staffInvalidate: "/staff/moderation/invalidate"
        case .staffErase: "/staff/moderation/erase"
        case .staffModerationPetition(let id): "/staff/moderation/petitions/\(Self.segment(id))"
        case .watch(let type, let id): "/watch" + Self.query(["type": type, "id": id])
        // Tokens travel in the query, which the request log leaves out.
        case .watchConfirm(let token): "/watch/confirm" + Self.query(["token": token])
        case .watchStop(let token): "/watch/stop" + Self.query(["token": token])
        case .watchOneClick(let token): "/watch/one-click" + Self.query(["token": token])
        case .staffRecordNew(let kind): "/staff/directory/\(Self.segment(kind))/new"
        case .staffRecord(let kind, let id): "/staff/directory/\(Self.segment(kind))/\(Self.segment(id))"
        case .staffRecordChecked(let kind, let id): "/staff/directory/\(Self.segment(kind))/\(Self.segment(id))/checked"
        case .staffRecordRetire(let kind, let id): "/staff/directory/\(Self.segment(kind))/\(Self.segment(id))/retire"
        case .staffRecordHistory(let kind, let id): "/staff/directory/\(Self.segment(kind))/\(Self.segment(id))/history.csv"
        case .passwordReset: "/password-reset"
        // The token travels in the query, which the request log leaves out (it logs paths).
        case .passwordResetLink(let token): "/password-reset/new" + (token.map { "?token=\($0)" } ?? "")
        case .api(let a): "/api/v1/" + a.path
        }
    }

    /// Route pattern for registration (":id" placeholders pass through unescaped).
    var pathComponents: [PathComponent] { path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) } }

    /// "?a=1&b=2" from the present values, in key order; "" when none is present.
    static func query(_ items: [String: String?]) -> String {
        let allowed = CharacterSet.urlQueryAllowed.subtracting(["&", "=", "+", "?", "#"])
        let parts = items.sorted { $0.key < $1.key }.compactMap { k, v in
            v.map { "\(k)=\($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
        }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    static func segment(_ s: String) -> String {
        s.hasPrefix(":") ? s : (s.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? s)
    }
}
