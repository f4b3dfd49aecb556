import Foundation

/// A British National Grid (EPSG:27700) position in metres.
public struct GridReference: Hashable, Sendable, Codable {
    public var easting: Double
    public var northing: Double

    public init(easting: Double, northing: Double) {
        self.easting = easting
        self.northing = northing
    }
}

/// Conversion between WGS84 and the British National Grid.
///
/// Uses the Ordnance Survey's published method ("A guide to coordinate systems in Great
/// Britain", annexes B and C): a 7-parameter Helmert transformation between the WGS84 and
/// OSGB36 datums, and the Transverse Mercator projection on the Airy 1830 ellipsoid. Without
/// the OSTN15 grid this is accurate to a few metres, the same as pyproj's default transform
/// (which the Norfolk pack used).
public enum BritishNationalGrid {
    struct Ellipsoid {
        let a: Double
        let b: Double
        var e2: Double { (a * a - b * b) / (a * a) }
    }

    static let airy1830 = Ellipsoid(a: 6_377_563.396, b: 6_356_256.909)
    static let wgs84 = Ellipsoid(a: 6_378_137.0, b: 6_356_752.314245)

    // National Grid projection constants.
    static let f0 = 0.9996012717
    static let φ0 = 49.0 * .pi / 180
    static let λ0 = -2.0 * .pi / 180
    static let n0 = -100_000.0
    static let e0 = 400_000.0

    struct Helmert {
        let tx, ty, tz, s, rx, ry, rz: Double  // metres, ppm, arc-seconds

        var inverse: Helmert { Helmert(tx: -tx, ty: -ty, tz: -tz, s: -s, rx: -rx, ry: -ry, rz: -rz) }
    }

    static let wgs84ToOSGB36 = Helmert(
        tx: -446.448, ty: 125.157, tz: -542.060, s: 20.4894, rx: -0.1502, ry: -0.2470, rz: -0.8421)

    /// - Complexity: O(1).
    public static func gridReference(from c: Coordinate) -> GridReference {
        let (φ, λ) = transform(
            φ: c.lat * .pi / 180, λ: c.lon * .pi / 180, from: wgs84, to: airy1830, by: wgs84ToOSGB36)
        return project(φ: φ, λ: λ)
    }

    /// - Complexity: O(1) (the meridional-arc iteration converges in a few steps).
    public static func coordinate(from g: GridReference) -> Coordinate {
        let (φ, λ) = unproject(g)
        let (φw, λw) = transform(φ: φ, λ: λ, from: airy1830, to: wgs84, by: wgs84ToOSGB36.inverse)
        return Coordinate(lat: φw * 180 / .pi, lon: λw * 180 / .pi)
    }

    static func meridionalArc(_ φ: Double) -> Double {
        let e = airy1830
        let n = (e.a - e.b) / (e.a + e.b)
        let n2 = n * n, n3 = n2 * n
        let dφ = φ - φ0, sφ = φ + φ0
        let ma = (1 + n + 5.0 / 4 * n2 + 5.0 / 4 * n3) * dφ
        let mb = (3 * n + 3 * n2 + 21.0 / 8 * n3) * sin(dφ) * cos(sφ)
        let mc = (15.0 / 8 * n2 + 15.0 / 8 * n3) * sin(2 * dφ) * cos(2 * sφ)
        let md = 35.0 / 24 * n3 * sin(3 * dφ) * cos(3 * sφ)
        return e.b * f0 * (ma - mb + mc - md)
    }

    static func radii(_ φ: Double) -> (nu: Double, rho: Double, eta2: Double) {
        let e = airy1830
        let s2 = sin(φ) * sin(φ)
        let nu = e.a * f0 / sqrt(1 - e.e2 * s2)
        let rho = e.a * f0 * (1 - e.e2) / pow(1 - e.e2 * s2, 1.5)
        return (nu, rho, nu / rho - 1)
    }

    static func project(φ: Double, λ: Double) -> GridReference {
        let (nu, rho, eta2) = radii(φ)
        let s = sin(φ), c = cos(φ), t2 = tan(φ) * tan(φ)
        let c3 = c * c * c, c5 = c3 * c * c
        let i = meridionalArc(φ) + n0
        let ii = nu / 2 * s * c
        let iii = nu / 24 * s * c3 * (5 - t2 + 9 * eta2)
        let iiia = nu / 720 * s * c5 * (61 - 58 * t2 + t2 * t2)
        let iv = nu * c
        let v = nu / 6 * c3 * (nu / rho - t2)
        let vi = nu / 120 * c5 * (5 - 18 * t2 + t2 * t2 + 14 * eta2 - 58 * t2 * eta2)
        let dλ = λ - λ0
        let dλ2 = dλ * dλ
        let north = i + ii * dλ2 + iii * dλ2 * dλ2 + iiia * dλ2 * dλ2 * dλ2
        let east = e0 + iv * dλ + v * dλ2 * dλ + vi * dλ2 * dλ2 * dλ
        return GridReference(easting: east, northing: north)
    }

    static func unproject(_ g: GridReference) -> (φ: Double, λ: Double) {
        let e = airy1830
        var φ = (g.northing - n0) / (e.a * f0) + φ0
        var m = meridionalArc(φ)
        var steps = 0
        while abs(g.northing - n0 - m) >= 0.000_01 && steps < 20 {
            φ += (g.northing - n0 - m) / (e.a * f0)
            m = meridionalArc(φ)
            steps += 1
        }
        let (nu, rho, eta2) = radii(φ)
        let t = tan(φ), t2 = t * t, t4 = t2 * t2, sec = 1 / cos(φ)
        let nu3 = nu * nu * nu, nu5 = nu3 * nu * nu, nu7 = nu5 * nu * nu
        let vii = t / (2 * rho * nu)
        let viii = t / (24 * rho * nu3) * (5 + 3 * t2 + eta2 - 9 * t2 * eta2)
        let ix = t / (720 * rho * nu5) * (61 + 90 * t2 + 45 * t4)
        let x = sec / nu
        let xi = sec / (6 * nu3) * (nu / rho + 2 * t2)
        let xii = sec / (120 * nu5) * (5 + 28 * t2 + 24 * t4)
        let xiia = sec / (5040 * nu7) * (61 + 662 * t2 + 1320 * t4 + 720 * t4 * t2)
        let de = g.easting - e0
        let de2 = de * de
        let lat = φ - vii * de2 + viii * de2 * de2 - ix * de2 * de2 * de2
        let lon = λ0 + x * de - xi * de2 * de + xii * de2 * de2 * de - xiia * de2 * de2 * de2 * de
        return (lat, lon)
    }

    static func transform(
        φ: Double, λ: Double, from e1: Ellipsoid, to e2: Ellipsoid, by h: Helmert
    ) -> (Double, Double) {
        let nu1 = e1.a / sqrt(1 - e1.e2 * sin(φ) * sin(φ))
        let x1 = nu1 * cos(φ) * cos(λ)
        let y1 = nu1 * cos(φ) * sin(λ)
        let z1 = (1 - e1.e2) * nu1 * sin(φ)
        let arc = Double.pi / (180 * 3600)
        let rx = h.rx * arc, ry = h.ry * arc, rz = h.rz * arc
        let s1 = 1 + h.s / 1e6
        let x2 = h.tx + x1 * s1 - y1 * rz + z1 * ry
        let y2 = h.ty + x1 * rz + y1 * s1 - z1 * rx
        let z2 = h.tz - x1 * ry + y1 * rx + z1 * s1
        let p = sqrt(x2 * x2 + y2 * y2)
        var φ2 = atan2(z2, p * (1 - e2.e2))
        for _ in 0..<10 {
            let nu = e2.a / sqrt(1 - e2.e2 * sin(φ2) * sin(φ2))
            φ2 = atan2(z2 + e2.e2 * nu * sin(φ2), p)
        }
        return (φ2, atan2(y2, x2))
    }
}
