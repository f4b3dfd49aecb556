import Foundation

/// Where a petition is in its life. Every change of state is one of `PetitionAction`, allowed
/// only from the states `PetitionState.applying(_:)` accepts:
///
///     draft ──submit──▶ awaiting moderation ──approve──▶ open ──close──▶ closed
///       ▲                  │        │
///       └────withdraw──────┘     reject(reason)
///       └────────revise──────── rejected ◀┘
public enum PetitionState: String, CaseIterable, Sendable, Codable {
    case draft
    case awaitingModeration = "awaiting-moderation"
    case rejected
    case open
    case closed

    public var label: String {
        switch self {
        case .draft: "Draft"
        case .awaitingModeration: "Waiting for a moderator"
        case .rejected: "Rejected"
        case .open: "Open for signatures"
        case .closed: "Closed"
        }
    }

    /// Whether the public can see the petition (a draft or one being checked is the organiser's).
    public var isPublic: Bool { self == .open || self == .closed }
}

/// What can happen to a petition, and who does it.
public enum PetitionAction: Sendable, Equatable {
    /// The organiser sends the draft to the moderators.
    case submit
    /// The organiser takes it back before a moderator has decided.
    case withdraw
    /// A moderator opens it for signatures.
    case approve
    /// A moderator refuses it, saying why (the organiser sees the reason).
    case reject(reason: String)
    /// The organiser turns a rejected petition back into a draft to mend it.
    case revise
    /// Its closing date has passed.
    case close

    public var name: String {
        switch self {
        case .submit: "submit"
        case .withdraw: "withdraw"
        case .approve: "approve"
        case .reject: "reject"
        case .revise: "revise"
        case .close: "close"
        }
    }

    /// Moderators approve and reject; the organiser does the rest (closing is the clock's).
    public var isModeration: Bool {
        switch self {
        case .approve, .reject: true
        default: false
        }
    }
}

public struct PetitionTransitionError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension PetitionState {
    /// The state `action` leads to from this one, or why it cannot happen.
    /// - Complexity: O(1).
    public func applying(_ action: PetitionAction) throws(PetitionTransitionError) -> PetitionState {
        switch (self, action) {
        case (.draft, .submit): return .awaitingModeration
        case (.awaitingModeration, .withdraw): return .draft
        case (.awaitingModeration, .approve): return .open
        case (.awaitingModeration, .reject(let reason)):
            guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw PetitionTransitionError(message: "a rejection needs a reason the organiser can act on")
            }
            return .rejected
        case (.rejected, .revise): return .draft
        case (.open, .close): return .closed
        default:
            throw PetitionTransitionError(message: "a petition that is '\(label.lowercased())' cannot be given '\(action.name)'")
        }
    }
}
