/// What a staff member may do. Each route that changes or shows staff-only data asks for one
/// capability; roles grant capabilities, so the check never names a role.
public enum Capability: String, CaseIterable, Sendable, Codable {
    /// Create and disable accounts, grant and remove roles.
    case manageAccounts = "manage-accounts"
    /// Read the audit log and the outbox (failed mail included).
    case readAudit = "read-audit"
    /// Create, edit and retire centres, venues, services and sessions.
    case editNetwork = "edit-network"
    /// Make and edit proposals, save optimiser answers as proposals.
    case planNetwork = "plan-network"
    /// Write, launch and publish consultations, key their responses, analyse, code and export them.
    case manageConsultations = "manage-consultations"
    /// Run petitions owned by one's organisation.
    case organisePetitions = "organise-petitions"
    /// Check petition signatures: approve petitions, keep the blocklist, invalidate in bulk.
    case moderate
}

/// The staff roles. A person can hold several; the roles grant no more than the job needs
/// (docs/security.md has the matrix): an administrator manages accounts and reads the audit log
/// but edits nothing else unless also given that role, a change the audit log records.
public enum Role: String, CaseIterable, Sendable, Codable, Comparable {
    case administrator
    case networkEditor = "network-editor"
    case planner
    case consultationManager = "consultation-manager"
    case petitionOrganiser = "petition-organiser"
    case moderator

    public var capabilities: Set<Capability> {
        switch self {
        case .administrator: [.manageAccounts, .readAudit]
        case .networkEditor: [.editNetwork]
        case .planner: [.planNetwork]
        case .consultationManager: [.manageConsultations, .readAudit]
        case .petitionOrganiser: [.organisePetitions]
        case .moderator: [.moderate]
        }
    }

    public var title: String {
        switch self {
        case .administrator: "Administrator"
        case .networkEditor: "Network editor"
        case .planner: "Planner"
        case .consultationManager: "Consultation manager"
        case .petitionOrganiser: "Petition organiser"
        case .moderator: "Moderator"
        }
    }

    public static func < (a: Role, b: Role) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Whether any of `roles` grants `capability`.
    public static func allows(_ roles: some Sequence<Role>, _ capability: Capability) -> Bool {
        roles.contains { $0.capabilities.contains(capability) }
    }
}

extension Capability {
    /// What the capability lets a person do, in a sentence's words.
    public var summary: String {
        switch self {
        case .manageAccounts: "create and disable staff accounts and change their roles"
        case .readAudit: "read the audit log and the outgoing mail"
        case .editNetwork: "edit centres, venues, services and sessions"
        case .planNetwork: "make and edit proposals and save optimiser answers as proposals"
        case .manageConsultations: "run consultations: write, launch, key responses, analyse, export and publish"
        case .organisePetitions: "run your organisation's petitions"
        case .moderate: "moderate petitions and check their signatures"
        }
    }
}
