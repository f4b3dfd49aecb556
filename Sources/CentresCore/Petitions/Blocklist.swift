import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An address range written as CIDR (`203.0.113.0/24`, `2001:db8::/32`) or a single address.
public struct IPRange: Hashable, Sendable, CustomStringConvertible {
    /// The address's bytes (4 for IPv4, 16 for IPv6) and how many leading bits must match.
    public let bytes: [UInt8]
    public let prefix: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = IPRange.parse(String(parts[0])) else { return nil }
        let bits = address.count * 8
        if parts.count == 2 {
            guard let p = Int(parts[1]), (0...bits).contains(p) else { return nil }
            prefix = p
        } else {
            prefix = bits
        }
        bytes = address
    }

    /// The bytes of an IPv4 or IPv6 address, or nil.
    public static func parse(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    /// Whether `address` (text) lies in the range; addresses of the other family never do.
    /// - Complexity: O(1).
    public func contains(_ address: String) -> Bool {
        guard let other = IPRange.parse(address), other.count == bytes.count else { return false }
        var left = prefix
        for i in 0..<bytes.count where left > 0 {
            let take = min(8, left)
            let mask: UInt8 = take == 8 ? 0xFF : ~(0xFF >> UInt8(take))
            if bytes[i] & mask != other[i] & mask { return false }
            left -= take
        }
        return true
    }

    public var description: String {
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        var buffer = [CChar](repeating: 0, count: 64)
        var copy = bytes
        _ = inet_ntop(family, &copy, &buffer, socklen_t(buffer.count))
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return prefix == bytes.count * 8 ? text : "\(text)/\(prefix)"
    }
}

/// What moderators block from signing: address ranges, email domains and email addresses.
public struct Blocklist: Sendable, Equatable {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        case ipRange = "ip-range"
        case domain
        case email
    }

    public var ranges: [IPRange] = []
    public var domains: Set<String> = []
    /// Canonical addresses (`SignatoryRules.canonicalEmail`).
    public var emails: Set<String> = []

    public init() {}

    /// Adds an entry as a moderator typed it, normalised; nil when it is not one of `kind`.
    public mutating func add(_ kind: Kind, _ raw: String) -> String? {
        let text = raw.trimmingCharacters(in: .whitespaces).lowercased()
        switch kind {
        case .ipRange:
            guard let r = IPRange(text) else { return nil }
            ranges.append(r)
            return r.description
        case .domain:
            let d = text.hasPrefix("@") ? String(text.dropFirst()) : text
            guard d.contains("."), !d.contains("@"), !d.contains(" ") else { return nil }
            domains.insert(d)
            return d
        case .email:
            guard Credentials.emailProblem(text) == nil else { return nil }
            let c = SignatoryRules.canonicalEmail(text)
            emails.insert(c)
            return c
        }
    }

    /// Whether a signature from `client` with `email` is blocked. A domain blocks its subdomains too.
    public func blocks(client: String?, email: String) -> Bool {
        if let client, ranges.contains(where: { $0.contains(client) }) { return true }
        let c = SignatoryRules.canonicalEmail(email)
        if emails.contains(c) { return true }
        guard let domain = c.split(separator: "@").last.map(String.init) else { return false }
        return domains.contains { domain == $0 || domain.hasSuffix("." + $0) }
    }
}
