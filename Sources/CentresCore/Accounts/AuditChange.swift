/// One field of a record changed by one edit: its value before and after (nil = empty).
public struct AuditChange: Codable, Equatable, Sendable {
    public var field: String
    public var from: String?
    public var to: String?

    public init(field: String, from: String?, to: String?) {
        self.field = field
        self.from = from
        self.to = to
    }

    /// The fields whose values differ between `before` and `after`, in `order`; a field missing
    /// from one side counts as empty there, and empty text counts as no value.
    public static func diff(_ before: [String: String], _ after: [String: String], order: [String]) -> [AuditChange] {
        func value(_ d: [String: String], _ k: String) -> String? { d[k].flatMap { $0.isEmpty ? nil : $0 } }
        let extra = Set(before.keys).union(after.keys).subtracting(order).sorted()
        return (order + extra).compactMap { k in
            let (a, b) = (value(before, k), value(after, k))
            return a == b ? nil : AuditChange(field: k, from: a, to: b)
        }
    }
}
