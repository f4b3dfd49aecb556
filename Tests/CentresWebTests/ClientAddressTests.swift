import CentresCore
import Foundation
import NIOCore
import Testing
import VaporTesting

@testable import CentresWeb

/// `X-Forwarded-For` is believed only from a trusted proxy, and only back to the first hop that
/// is not one; a malformed setting stops the server.
@Suite struct ClientAddressTests {
    static func address(_ app: Application, peer: String, forwardedFor: String?) -> String? {
        var headers = HTTPHeaders()
        if let forwardedFor { headers.add(name: .xForwardedFor, value: forwardedFor) }
        let req = Request(
            application: app, method: .GET, url: "/", headers: headers,
            remoteAddress: try! SocketAddress(ipAddress: peer, port: 40_000), on: app.eventLoopGroup.next())
        return req.clientAddress
    }

    @Test func forwardedAddressesAreBelievedOnlyFromTrustedProxies() async throws {
        try await withApp(.sqlite) { app in
            #expect(Self.address(app, peer: "203.0.113.9", forwardedFor: "10.1.1.1") == "203.0.113.9", "nobody trusted")
            app.trustedProxies = ["127.0.0.1", "10.0.0.0/8", "2001:db8::/32"].compactMap(IPRange.init)
            #expect(Self.address(app, peer: "127.0.0.1", forwardedFor: nil) == "127.0.0.1")
            #expect(Self.address(app, peer: "127.0.0.1", forwardedFor: "198.51.100.4") == "198.51.100.4")
            #expect(
                Self.address(app, peer: "127.0.0.1", forwardedFor: "6.6.6.6, 198.51.100.4, 10.2.3.4") == "198.51.100.4",
                "a client's own header entries to the left of the first untrusted hop are not believed")
            #expect(Self.address(app, peer: "127.0.0.1", forwardedFor: "10.9.9.9,10.2.3.4") == "10.9.9.9")
            #expect(Self.address(app, peer: "127.0.0.1", forwardedFor: "198.51.100.4, junk") == "127.0.0.1")
            #expect(Self.address(app, peer: "2001:db8::1", forwardedFor: "2001:0db9::7") == "2001:0db9::7")
            #expect(Self.address(app, peer: "203.0.113.9", forwardedFor: "198.51.100.4") == "203.0.113.9", "untrusted peer")
        }
    }

    @Test func aMalformedSettingStopsTheServer() async throws {
        #expect(
            AppConfig.fromEnvironment(["CENTRES_TRUSTED_PROXIES": " 127.0.0.1 , 10.0.0.0/8 "]).trustedProxies == [
                "127.0.0.1", "10.0.0.0/8",
            ])
        let app = try await Application.make(.testing)
        var config = Engine.sqlite.config
        config.trustedProxies = ["10.0.0.0/33"]
        await #expect(throws: CentresError.self) { try await configure(app, config) }
        try await app.asyncShutdown()
    }
}
