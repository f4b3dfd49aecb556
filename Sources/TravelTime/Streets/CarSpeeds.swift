/// Car speeds: the default table per road class and the `maxspeed` tag parser.
public enum CarSpeeds {
    /// Default car speed in km/h per `highway` class, used when a way has no usable `maxspeed`.
    ///
    /// | highway | km/h | | highway | km/h |
    /// |---|---|---|---|---|
    /// | motorway | 100 | | tertiary | 40 |
    /// | motorway_link | 60 | | tertiary_link | 30 |
    /// | trunk | 80 | | unclassified | 30 |
    /// | trunk_link | 50 | | residential | 30 |
    /// | primary | 60 | | road | 30 |
    /// | primary_link | 45 | | living_street | 10 |
    /// | secondary | 50 | | service | 15 |
    /// | secondary_link | 40 | | track (only where cars are allowed) | 15 |
    ///
    /// These are typical free-flow speeds rather than limits: a rural primary road is signed
    /// 60 mph but averages far less with junctions, bends and villages. Any other class a car may
    /// use (say `motor_vehicle=yes` on a path) gets `fallbackKmh`.
    public static let defaultKmh: [String: Double] = [
        "motorway": 100, "motorway_link": 60, "trunk": 80, "trunk_link": 50,
        "primary": 60, "primary_link": 45, "secondary": 50, "secondary_link": 40,
        "tertiary": 40, "tertiary_link": 30, "unclassified": 30, "residential": 30, "road": 30,
        "living_street": 10, "service": 15, "track": 15,
    ]

    /// Car speed for a class not in the table.
    public static let fallbackKmh = 15.0

    static let mph = 1.609_344

    /// Named limits written as `maxspeed` values (UK national speed limits).
    static let named: [String: Double] = [
        "GB:nsl_single": 60 * mph, "GB:nsl_dual": 70 * mph, "GB:motorway": 70 * mph,
        "UK:nsl_single": 60 * mph, "UK:nsl_dual": 70 * mph, "UK:motorway": 70 * mph,
    ]

    /// The speed in km/h that a `maxspeed` value gives, or nil if it gives none.
    ///
    /// "50" and "50 km/h" are km/h, "30 mph" and "20mph" are miles per hour, "GB:nsl_single" is
    /// 60 mph, "GB:nsl_dual" and "GB:motorway" are 70 mph. "none", "signals", "walk", other
    /// zone codes and anything unparseable give nil, so the class default applies. Of a
    /// semicolon list ("50;30", limits by time of day) the lowest counts.
    public static func parseMaxspeed(_ raw: String) -> Double? {
        let parts = raw.split(separator: ";").compactMap { parseOne(String($0)) }
        guard parts.count == raw.split(separator: ";").count else { return nil }
        return parts.min()
    }

    static func parseOne(_ raw: String) -> Double? {
        let value = raw.trimmingSpaces()
        if let speed = named[value] { return speed }
        var number = Substring(value)
        var factor = 1.0
        for (suffix, f) in [("mph", mph), ("km/h", 1.0), ("kmh", 1.0), ("kph", 1.0)] where number.hasSuffix(suffix) {
            number = number.dropLast(suffix.count)
            factor = f
            break
        }
        guard let v = Double(String(number).trimmingSpaces()), v.isFinite, v > 0, v < 400 else { return nil }
        return v * factor
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
