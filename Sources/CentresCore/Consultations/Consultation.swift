import Foundation

/// A consultation on a proposal: what it is for, who is asked, when, how else to respond, the
/// documents, and the questions. Its stage follows from what the manager has done (`state`) and
/// the dates, read on the day, so it opens and closes on time with nothing running at midnight.
public struct Consultation: Sendable, Equatable, Codable {
    public var id: String
    public var proposalID: String?
    public var title: String
    public var purpose: String
    public var whoIsConsulted: String
    public var opensOn: SimpleDate
    public var closesOn: SimpleDate
    /// How to respond other than online: post, email, phone, events.
    public var otherChannels: String
    public var documents: [Document]
    public var questions: [ConsultationQuestion]
    public var state: State
    /// Published results: "what we heard", "what we did", and the revised proposal if any.
    public var whatWeHeard: String?
    public var whatWeDid: String?
    public var revisedProposalID: String?

    public struct Document: Sendable, Equatable, Codable {
        public var title: String
        public var url: String
        public init(title: String, url: String) { (self.title, self.url) = (title, url) }
    }

    /// What the manager has done; the public stage also depends on the dates.
    public enum State: String, Sendable, Codable, CaseIterable {
        case draft, launched, published
    }

    public enum Stage: String, Sendable, Equatable {
        /// Being written; managers can preview it.
        case draft
        /// Launched, before its opening date: public, taking no responses yet.
        case scheduled
        case open
        /// Past its closing date: no online responses; staff may record late postal ones.
        case closed
        /// Results published with what was heard and done.
        case published
    }

    public init(
        id: String, proposalID: String? = nil, title: String, purpose: String, whoIsConsulted: String, opensOn: SimpleDate,
        closesOn: SimpleDate, otherChannels: String, documents: [Document] = [], questions: [ConsultationQuestion],
        state: State = .draft
    ) {
        (self.id, self.proposalID, self.title, self.purpose, self.whoIsConsulted) = (
            id, proposalID, title, purpose, whoIsConsulted
        )
        (self.opensOn, self.closesOn, self.otherChannels, self.documents) = (opensOn, closesOn, otherChannels, documents)
        (self.questions, self.state) = (questions, state)
    }

    /// - Complexity: O(1).
    public func stage(on today: SimpleDate) -> Stage {
        switch state {
        case .draft: .draft
        case .published: .published
        case .launched: today < opensOn ? .scheduled : today <= closesOn ? .open : .closed
        }
    }

    /// What stops it being launched, by field (`launch` refuses while there are any).
    /// - Complexity: O(*q* + *o*) in the questions and their options.
    public func problems(today: SimpleDate) -> [(field: String, message: String)] {
        var p: [(String, String)] = []
        func needs(_ text: String, _ field: String, _ what: String) {
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { p.append((field, "give \(what)")) }
        }
        needs(title, "title", "a title")
        needs(purpose, "purpose", "its purpose")
        needs(whoIsConsulted, "who_is_consulted", "who is consulted")
        needs(otherChannels, "other_channels", "how people can respond other than online (post, email, phone, events)")
        p += datesInOrder
        if closesOn < today { p.append(("closes_on", "the closing date has passed")) }
        p += documentAddresses
        if questions.isEmpty { p.append(("questions", "add at least one question")) }
        p += QuestionSet.problems(questions).map { ("questions", $0) }
        return p
    }

    /// What stops even a draft being saved: dates the wrong way round, a document without an
    /// address. The rest of `problems` (text to fill in, questions, a date passed) waits for launch.
    public var saveProblems: [(field: String, message: String)] { datesInOrder + documentAddresses }

    private var datesInOrder: [(field: String, message: String)] {
        closesOn < opensOn ? [("closes_on", "the closing date is before the opening date")] : []
    }

    private var documentAddresses: [(field: String, message: String)] {
        documents.filter { !Self.isLinkable($0.url) }
            .map { ("documents", "'\($0.title)' needs a web address (https://…) or a path on this site") }
    }

    /// A web address (http or https, with a host) or a path on this site. `//host/x` and
    /// `/\host` look like paths but browsers open another site, and a space, a control
    /// character or a backslash anywhere has no place in an address people are sent to.
    public static func isLinkable(_ url: String) -> Bool {
        guard !url.isEmpty, url.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }), !url.contains("\\")
        else { return false }
        if url.hasPrefix("/") { return !url.hasPrefix("//") }
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), let c = URLComponents(string: url),
            let host = c.host, !host.isEmpty
        else { return false }
        return true
    }

    public enum Action: Sendable, Equatable {
        /// Make it public: it opens on its date.
        case launch
        /// Take it back to a draft before it opens (once open, responses may exist).
        case unlaunch
        /// After it closes: the results, with what was heard and what was done.
        case publish(whatWeHeard: String, whatWeDid: String, revisedProposalID: String?)
    }

    /// The consultation after `action` on `today`, or why it cannot happen.
    /// - Complexity: O(*q* + *o*) for `launch`, O(1) otherwise.
    public func applying(_ action: Action, today: SimpleDate) -> Result<Consultation, ConsultationError> {
        var next = self
        switch (stage(on: today), action) {
        case (.draft, .launch):
            if let first = problems(today: today).first { return .failure(.init(message: "it cannot launch: \(first.message)")) }
            next.state = .launched
        case (.scheduled, .unlaunch): next.state = .draft
        case (.closed, .publish(let heard, let did, let revised)):
            guard !heard.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                !did.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            else { return .failure(.init(message: "say what was heard and what was done")) }
            (next.state, next.whatWeHeard, next.whatWeDid, next.revisedProposalID) = (.published, heard, did, revised)
        case (let stage, _):
            return .failure(.init(message: "a consultation that is \(stage.rawValue) cannot be \(action.verb)"))
        }
        return .success(next)
    }

    /// Whether a response arriving by `channel`, received on `receivedOn`, is taken on `today`.
    /// Online responses only while open. Staff record responses from other channels while it is
    /// open and after it closes until the results are published; one received after the closing
    /// date is marked late (Norfolk's consultations took letters that arrived after the date).
    /// - Complexity: O(1).
    public func intake(_ channel: ResponseChannel, receivedOn: SimpleDate, today: SimpleDate) -> Intake {
        if receivedOn > today { return .refused("the date received is in the future") }
        if receivedOn < opensOn { return .refused("responses count from the opening date, \(opensOn.longText)") }
        switch (stage(on: today), channel) {
        case (.open, _): return .accepted(late: false)
        case (.closed, .online): return .refused("the consultation closed on \(closesOn.longText)")
        case (.closed, _): return .accepted(late: receivedOn > closesOn)
        case (.published, _): return .refused("the results have been published")
        case (.draft, _), (.scheduled, _): return .refused("the consultation is not open")
        }
    }

    public enum Intake: Sendable, Equatable {
        case accepted(late: Bool)
        case refused(String)
    }
}

extension Consultation.Action {
    var verb: String {
        switch self {
        case .launch: "launched"
        case .unlaunch: "taken back to a draft"
        case .publish: "published"
        }
    }
}

public struct ConsultationError: Error, Sendable, Equatable {
    public var message: String
    public init(message: String) { self.message = message }
}

/// How a response reached the council: every channel on an equal footing, each recorded.
public enum ResponseChannel: String, CaseIterable, Sendable, Codable {
    case online, paper, email, letter, phone, event

    public var label: String {
        switch self {
        case .online: "Online"
        case .paper: "Paper form"
        case .email: "Email"
        case .letter: "Letter"
        case .phone: "Phone"
        case .event: "Event"
        }
    }
}
