/// Which ways a mode may use, and in which directions, decided from OSM tags alone.
///
/// The most specific mode tag present decides (car: `motorcar`, `motor_vehicle`, `vehicle`;
/// cycle: `bicycle`, `vehicle`; walk: `foot`). A permitting value (`yes`, `designated`,
/// `permissive`, `destination`, …) opens even a class the mode may not normally use; a
/// restricting one (`no`, `private`, …) closes the way. Without a mode tag, a restricting
/// `access` closes it, and otherwise the `highway` class decides. `area=yes` ways are skipped
/// for every mode: they outline squares and car parks, and routing along their edges is wrong.
public enum StreetAccess {
    /// Directions a mode may travel along a way, relative to the order of its nodes.
    public struct Directions: Hashable, Sendable {
        public var forward: Bool
        public var backward: Bool

        public init(forward: Bool, backward: Bool) {
            self.forward = forward
            self.backward = backward
        }

        public static let both = Directions(forward: true, backward: true)
    }

    /// Classes each mode uses by default. Anything else (proposed, construction, platform,
    /// raceway, bus_guideway, busway, …) needs a permitting mode tag.
    static let carClasses: Set<String> = [
        "motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary",
        "secondary_link", "tertiary", "tertiary_link", "unclassified", "residential", "road",
        "living_street", "service",
    ]
    /// Cycling: not motorways; footways, pedestrian streets and steps only when signed for bicycles
    /// (pavement cycling is not allowed in the UK). Bridleways are open to cycles in England.
    static let cycleClasses: Set<String> = carClasses.subtracting(["motorway", "motorway_link"])
        .union(["cycleway", "path", "track", "bridleway"])
    /// Walking: everything but motorways, as OpenStreetMap's default access (worldwide and for the
    /// United Kingdom) has it: a trunk road is walkable unless tagged `foot=no`; cycleways are
    /// walkable (shared use, the UK's norm) unless tagged `foot=no`. docs/streets.md gives the source
    /// of each row.
    static let walkClasses: Set<String> = carClasses.subtracting(["motorway", "motorway_link"])
        .union(["cycleway", "path", "track", "bridleway", "footway", "pedestrian", "steps", "corridor", "elevator"])
    /// Classes that never route, whatever the other tags say.
    static let neverClasses: Set<String> = ["proposed", "construction", "abandoned", "disused", "razed", "no"]

    static let permitting: Set<String> = [
        "yes", "designated", "permissive", "destination", "customers", "official", "permit",
    ]
    static let restricting: Set<String> = [
        "no", "private", "agricultural", "forestry", "emergency", "military", "delivery",
    ]

    static func modeTags(_ mode: StreetMode) -> [String] {
        switch mode {
        case .walk: return ["foot"]
        case .cycle: return ["bicycle", "vehicle"]
        case .car: return ["motorcar", "motor_vehicle", "vehicle"]
        }
    }

    static func classes(_ mode: StreetMode) -> Set<String> {
        switch mode {
        case .walk: return walkClasses
        case .cycle: return cycleClasses
        case .car: return carClasses
        }
    }

    /// Whether `mode` may use the way at all.
    public static func allows(_ mode: StreetMode, tags: Tags) -> Bool {
        guard let highway = tags["highway"], !neverClasses.contains(highway) else { return false }
        if tags["area"] == "yes" { return false }
        for key in modeTags(mode) {
            guard let value = tags[key] else { continue }
            if permitting.contains(value) { return true }
            if restricting.contains(value) { return false }
        }
        if let access = tags["access"], restricting.contains(access) { return false }
        return classes(mode).contains(highway)
    }

    /// Directions `mode` may travel along the way, or nil if it may not use it.
    ///
    /// Walking ignores one-way rules. For cars `oneway=yes|1|true` allows only the node order,
    /// `oneway=-1|reverse` only the opposite; `junction=roundabout|circular` and
    /// `highway=motorway` imply `oneway=yes` unless `oneway=no`. Cycles follow the same rules
    /// unless `oneway:bicycle` says otherwise or `cycleway=opposite*` marks a contraflow lane.
    public static func directions(_ mode: StreetMode, tags: Tags) -> Directions? {
        guard allows(mode, tags: tags) else { return nil }
        if mode == .walk { return .both }
        var oneway = tags["oneway"]
        if mode == .cycle {
            if let bike = tags["oneway:bicycle"] {
                oneway = bike
            } else if let lane = tags["cycleway"], lane.hasPrefix("opposite") {
                oneway = "no"
            }
        }
        switch oneway {
        case "yes", "1", "true": return Directions(forward: true, backward: false)
        case "-1", "reverse": return Directions(forward: false, backward: true)
        case "no", "0", "false": return .both
        default:
            let roundabout = tags["junction"] == "roundabout" || tags["junction"] == "circular"
            let implied = roundabout || tags["highway"] == "motorway"
            return implied ? Directions(forward: true, backward: false) : .both
        }
    }
}
