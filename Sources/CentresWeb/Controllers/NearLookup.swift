import CentresCore
import Vapor

/// Turns what a person typed ("NR2 1AB", "Holt") into a point, a list to choose from, or a
/// helpful message. Never an error page.
enum NearLocation {
    case point(label: String, coordinate: Coordinate, basis: String)
    case choices([Place])
    case problem(String)
}

struct NearLookup {
    let q: DirectoryQueries

    func resolve(_ raw: String, pick: Int? = nil) async throws -> NearLocation {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return .problem("Enter a postcode (for example NR2 1AB) or the name of a town or village.") }
        guard text.count <= 100 else { return .problem("That is too long for a postcode or a place name.") }
        if let postcode = Postcode(text) {
            guard let entry = try await q.postcode(postcode) else {
                return .problem(
                    "We could not find the postcode \(postcode.text). The directory knows Norfolk's postcodes as they were in August 2014, so a newer postcode, or one outside Norfolk, is missing. Try a nearby postcode or the name of your town or village."
                )
            }
            return .point(
                label: postcode.text, coordinate: entry.location,
                basis: "the centre of postcode \(postcode.text) (OS Code-Point Open, August 2014)")
        }
        if text.contains(where: \.isNumber) {
            return .problem(
                "'\(text)' is not a complete UK postcode. A full postcode looks like NR2 1AB; you can also type the name of a town or village."
            )
        }
        let places = try await q.places(matching: text)
        if places.isEmpty {
            return .problem(
                "We could not find a place called '\(text)' in the directory. Check the spelling, or try your postcode.")
        }
        if let pick, places.indices.contains(pick) { return point(places[pick]) }
        if places.count == 1 { return point(places[0]) }
        return .choices(places)
    }

    func point(_ p: Place) -> NearLocation {
        let what = p.kind == "ward" ? "the postcode-weighted centre of the 2014 electoral ward" : "the GeoNames point for"
        return .point(label: p.name, coordinate: p.location, basis: "\(what) \(p.name)")
    }
}
