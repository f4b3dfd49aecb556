import CentresCore
import Foundation
import Vapor

extension CentresApp {
    /// Adds or replaces a petition scheme (its thresholds, eligibility statement, reasons and
    /// outside-area rule), checked as a whole; the change is audited.
    public static func setPetitionScheme(
        config: AppConfig, id: String, name: String, acceptance: Int, debate: Int, statement: String, reasons: [String],
        outsideArea: String
    ) async throws -> String {
        guard id.range(of: #"^[a-z0-9][a-z0-9-]{0,79}$"#, options: .regularExpression) != nil else {
            throw CentresError("--id: lower-case letters, digits and hyphens only")
        }
        let parsed = try reasons.map { raw in
            guard let r = EligibilityReason(rawValue: raw) else {
                throw CentresError("--reason: '\(raw)' is not one of live, work, study")
            }
            return r
        }
        guard let rule = OutsideAreaRule(rawValue: outsideArea) else {
            throw CentresError("--outside-area: '\(outsideArea)' is not one of refuse, allow-work-or-study")
        }
        let scheme = PetitionScheme(
            id: id, name: name, acceptanceThreshold: acceptance, debateThreshold: debate, eligibilityStatement: statement,
            reasons: parsed, outsideArea: rule)
        if let problem = scheme.problem { throw CentresError(problem) }
        if name.trimmingCharacters(in: .whitespaces).isEmpty || statement.trimmingCharacters(in: .whitespaces).isEmpty {
            throw CentresError("--name and --statement: give both")
        }
        return try await withApp(config) { app in
            try await app.autoMigrate()
            let before = try await PetitionStore.scheme(id, on: app.db)
            try await app.db.transaction { tx in
                try await PetitionStore.saveScheme(scheme, on: tx)
                func fields(_ s: PetitionScheme?) -> [String: String] {
                    guard let s else { return [:] }
                    return [
                        "name": s.name, "acceptance_threshold": String(s.acceptanceThreshold),
                        "debate_threshold": String(s.debateThreshold), "eligibility_statement": s.eligibilityStatement,
                        "reasons": s.reasons.map(\.rawValue).joined(separator: ", "), "outside_area": s.outsideArea.rawValue,
                    ]
                }
                try await AuditLog.record(
                    "petition-scheme", id, action: before == nil ? "created" : "edited",
                    changes: AuditChange.diff(
                        fields(before), fields(scheme),
                        order: [
                            "name", "acceptance_threshold", "debate_threshold", "eligibility_statement", "reasons",
                            "outside_area",
                        ]), by: AuditActor(id: nil, email: "command line (centres petition scheme)"), now: Date(), on: tx)
            }
            return "\(before == nil ? "Created" : "Updated") scheme \(id): accepted at \(acceptance), debate at \(debate)."
        }
    }

    public static func listPetitionSchemes(config: AppConfig) async throws -> String {
        try await withApp(config) { app in
            try await app.autoMigrate()
            return try await PetitionStore.schemes(on: app.db).map {
                "\($0.id)\t\($0.name)\taccepted \($0.acceptanceThreshold)\tdebate \($0.debateThreshold)\t\($0.reasons.map(\.rawValue).joined(separator: ","))\t\($0.outsideArea.rawValue)"
            }.joined(separator: "\n")
        }
    }
}
