import Foundation
import Vapor

/// A posted `application/x-www-form-urlencoded` form, read strictly: a body that is not UTF-8 (raw
/// or once percent-decoded) is refused rather than stored with U+FFFD in place of what was sent,
/// and a name sent twice is refused unless the caller says the name may repeat (checkboxes), so
/// `title=First&title=Second` never quietly keeps one of them.
struct PostedForm: Sendable {
    /// Every value of each name, in the order sent.
    private(set) var lists: [String: [String]] = [:]
    /// The names in the order they first appear, for messages that name the first problem.
    private(set) var names: [String] = []
    /// Set by a test to learn which fields a handler reads (`ParameterReads`).
    var reads: ParameterReads?

    /// The largest form body read: the route's own body limit is checked before this.
    static let maximumFields = 5_000

    init(urlEncoded body: ByteBuffer?) throws {
        guard let text = Self.utf8(body) else {
            throw WebError.badRequest(field: "form", message: "the form is not UTF-8 text; send it again from the page")
        }
        var count = 0
        for pair in text.split(separator: "&") {
            count += 1
            guard count <= Self.maximumFields else {
                throw WebError.badRequest(field: "form", message: "the form has more than \(Self.maximumFields) fields")
            }
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = parts.count > 1 ? Self.decode(parts[1]) : "" else {
                throw WebError.badRequest(
                    field: "form",
                    message: "a field's encoding is broken (not percent-encoded UTF-8); send it again from the page")
            }
            if lists[name] == nil { names.append(name) }
            lists[name, default: []].append(value)
        }
    }

    init(values: [(String, String)]) {
        for (name, value) in values {
            if lists[name] == nil { names.append(name) }
            lists[name, default: []].append(value)
        }
    }

    private static func utf8(_ body: ByteBuffer?) -> String? {
        guard let body else { return "" }
        return String(validating: body.readableBytesView, as: UTF8.self)
    }

    private static func decode(_ s: Substring) -> String? {
        String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// Refuses the form if a name other than those `mayRepeat` allows was sent more than once.
    func refuseRepeats(except mayRepeat: (String) -> Bool = { _ in false }) throws {
        if let twice = names.first(where: { (lists[$0]?.count ?? 0) > 1 && !mayRepeat($0) }) {
            throw WebError.badRequest(
                field: twice, message: "this field was sent more than once; send the form again from the page")
        }
    }

    /// The value sent for `name`, as sent (not trimmed).
    subscript(_ name: String) -> String? {
        reads?.note(name)
        return lists[name]?.first
    }

    /// Every value sent for `name` (a group of checkboxes).
    func all(_ name: String) -> [String] {
        reads?.note(name)
        return lists[name] ?? []
    }

    /// One value per name, to show a form again as it was filled in.
    var values: [String: String] { lists.compactMapValues(\.first) }
}

extension Request {
    /// The posted form, strictly read (`PostedForm`); refuses a body that is not a URL-encoded form.
    func postedForm() throws -> PostedForm {
        guard headers.contentType == .urlEncodedForm else {
            throw WebError.badRequest(field: "form", message: "send the form as application/x-www-form-urlencoded")
        }
        var form = try PostedForm(urlEncoded: body.data)
        form.reads = parameterReads
        return form
    }
}
