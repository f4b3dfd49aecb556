import CentresCore
import Vapor

/// Behind a reverse proxy every request comes from the proxy, so rate limits, blocklists and the
/// burst report would see one client. `CENTRES_TRUSTED_PROXIES` names the proxies (CIDR ranges)
/// whose `X-Forwarded-For` is believed; from anyone else the header is ignored, since a client
/// can write whatever it likes there.
extension Request {
    /// The client's address: the connection's peer, or, when the peer is a trusted proxy, the
    /// nearest address in `X-Forwarded-For` that is not itself a trusted proxy.
    var clientAddress: String? {
        guard let peer = remoteAddress?.ipAddress else { return nil }
        let trusted = application.trustedProxies
        func isTrusted(_ a: String) -> Bool { trusted.contains { $0.contains(a) } }
        guard isTrusted(peer) else { return peer }
        let hops = headers[.xForwardedFor].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            // A malformed hop ends the chain: what lies beyond it cannot be believed.
            guard IPRange.parse(hop) != nil else { return peer }
            if !isTrusted(hop) { return hop }
        }
        return hops.first ?? peer
    }
}

extension Application {
    private struct TrustedProxiesKey: StorageKey {
        typealias Value = [IPRange]
    }

    var trustedProxies: [IPRange] {
        get { storage[TrustedProxiesKey.self] ?? [] }
        set { storage[TrustedProxiesKey.self] = newValue }
    }
}
