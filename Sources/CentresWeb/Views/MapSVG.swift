import CentresCore
import CentresIO

/// Draws areas, centres and libraries as an SVG map, projected onto the British National Grid.
/// Every piece of text is escaped; approximate locations are drawn differently from exact ones.
struct MapSVG {
    struct Shaded {
        var boundary: AreaBoundary
        var colour: String
        var title: String
        var href: String
    }

    struct Marker {
        var point: Coordinate
        var title: String
        var href: String
        var style: Style
        enum Style { case library, centreExact, centreApproximate, closedCentre }
    }

    var width = 760.0

    /// `titleID` must be unique on the page (a page may hold two maps).
    func render(areas: [Shaded], markers: [Marker], label: String, titleID: String = "map-title") -> String {
        let all = areas.flatMap { $0.boundary.polygons.flatMap { $0.flatMap { $0 } } } + markers.map(\.point)
        let grid = all.map(BritishNationalGrid.gridReference)
        guard let minE = grid.map(\.easting).min(), let maxE = grid.map(\.easting).max(),
            let minN = grid.map(\.northing).min(), let maxN = grid.map(\.northing).max(), maxE > minE, maxN > minN
        else { return "<p>There is nothing to draw.</p>" }
        let pad = 10.0
        let scale = (width - 2 * pad) / (maxE - minE)
        let height = ((maxN - minN) * scale + 2 * pad).rounded()
        func xy(_ c: Coordinate) -> PlanePoint {
            let g = BritishNationalGrid.gridReference(from: c)
            let x = (((g.easting - minE) * scale + pad) * 10).rounded() / 10
            let y = (((maxN - g.northing) * scale + pad) * 10).rounded() / 10
            return PlanePoint(x: x, y: y)
        }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\""
        out += " role=\"img\" aria-labelledby=\"\(titleID)\" class=\"map\">"
        out += "<title id=\"\(titleID)\">\(Self.escape(label))</title><g class=\"areas\">"
        for a in areas {
            var d = ""
            for polygon in a.boundary.polygons {
                for ring in polygon {
                    // A 0.4-pixel tolerance drops what the drawing cannot show (about a third of the size).
                    let points = Simplify.ring(ring.map(xy), tolerance: 0.4)
                    for (i, p) in points.enumerated() { d += (i == 0 ? "M" : "L") + "\(p.x) \(p.y)" }
                    d += "Z"
                }
            }
            // Area shapes stay out of the tab order: 538 stops would bury the markers, and the
            // table of areas is the keyboard route to the same pages.
            out += "<a href=\"\(Self.escape(a.href))\" tabindex=\"-1\"><path d=\"\(d)\" fill=\"\(a.colour)\">"
            out += "<title>\(Self.escape(a.title))</title></path></a>"
        }
        out += "</g><g class=\"markers\">"
        for m in markers {
            let p = xy(m.point)
            let (x, y) = (p.x, p.y)
            let (tag, attributes): (String, String)
            switch m.style {
            case .library:
                (tag, attributes) = ("rect", "x=\"\(x - 3.5)\" y=\"\(y - 3.5)\" width=\"7\" height=\"7\" class=\"m-library\"")
            case .centreExact: (tag, attributes) = ("circle", "cx=\"\(x)\" cy=\"\(y)\" r=\"5\" class=\"m-centre\"")
            case .centreApproximate: (tag, attributes) = ("circle", "cx=\"\(x)\" cy=\"\(y)\" r=\"6\" class=\"m-centre-approx\"")
            case .closedCentre: (tag, attributes) = ("circle", "cx=\"\(x)\" cy=\"\(y)\" r=\"3.5\" class=\"m-closed\"")
            }
            out += "<a href=\"\(Self.escape(m.href))\"><\(tag) \(attributes)><title>\(Self.escape(m.title))</title></\(tag)></a>"
        }
        return out + "</g></svg>"
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
