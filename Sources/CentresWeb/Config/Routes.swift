import Fluent
import SQLKit
import Vapor

func routes(_ app: Application) throws {
    PageController().register(app)
    MapController().register(app)
    ProposalController().register(app)
    OptimiserController().register(app)
    APIController().register(app)
    SignInController().register(app)
    PasswordResetController().register(app)
    OutboxPage().register(app)
    AccountAdminController().register(app)
    PasswordChangeController().register(app)
    AuditPages().register(app)
    PetitionStaffController().register(app)
    ModerationController().register(app)
    PetitionPublicController().register(app)
    PaperSheetController().register(app)
    PaperEntryController().register(app)
    SubmissionPack().register(app)
    AbuseController().register(app)
    ConsultationStaffController().register(app)
    QuestionEditorController().register(app)
    ConsultationPublicController().register(app)
    ResponseEntryController().register(app)
    AnalysisController().register(app)
    CodingController().register(app)
    ConsultationAPI().register(app)
    DirectoryEditController().register(app)
    WatchController().register(app)
    app.get(SiteURL.health.pathComponents) { req -> Response in
        do {
            try await DatabaseHealth.check(req.db, app: req.application, now: Date())
            return try await Health(status: "ok", database: "reachable").encodeResponse(for: req)
        } catch {
            req.logger.error("Health check failed", metadata: ["error": "\(error)"])
            let response = try await Health(status: "unavailable", database: "unreachable").encodeResponse(for: req)
            response.status = .serviceUnavailable
            return response
        }
    }
}

struct Health: Content {
    var status: String
    var database: String
}
