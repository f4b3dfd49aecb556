/// The files of a data pack and their columns, in the order the writer uses
/// (docs/data-pack.md is the human description of the same contract).
public enum PackFormat {
    public static let manifest = ("pack.csv", ["key", "value"])
    public static let sources = ("sources.csv", ["id", "title", "publisher", "url", "licence", "attribution", "retrieved"])
    public static let provenance = ("provenance.csv", ["file", "column", "source_id", "method"])
    public static let districts = ("districts.csv", ["code", "name"])
    public static let areas = (
        "areas.csv",
        [
            "code", "name", "district_code", "centroid_lat", "centroid_lon", "population_total", "under_fives",
            "population_year", "imd_score", "imd_rank", "imd_decile", "classification_code", "classification_name",
            "rural_urban",
        ]
    )
    public static let venues = (
        "venues.csv",
        [
            "id", "kind", "name", "address", "postcode", "lat", "lon", "location_quality", "location_method",
            "district_code", "area_code", "accessibility", "opening_hours", "source_id",
        ]
    )
    public static let centres = ("centres.csv", ["id", "name", "venue_id", "provider", "confidence", "notes"])
    public static let centreEvents = ("centre_events.csv", ["centre_id", "date", "status", "stage", "source_ids", "note"])
    public static let serviceCategories = ("service_categories.csv", ["code", "name", "description"])
    public static let services = (
        "services.csv",
        ["id", "name", "category", "description", "min_age_months", "max_age_months", "cost", "source_id"]
    )
    public static let sessions = (
        "sessions.csv",
        [
            "id", "service_id", "venue_id", "recurrence", "day_of_week", "start_time", "end_time", "valid_from",
            "valid_to", "date", "note", "source_id",
        ]
    )
    public static let budgetLines = ("budget_lines.csv", ["id", "name", "current_gbp", "proposed_gbp", "source_id"])
    public static let facts = ("facts.csv", ["id", "description", "value", "unit", "as_of", "source_id", "note"])
    public static let postcodes = ("postcodes.csv", ["postcode", "lat", "lon", "district_code", "positional_quality"])
    public static let places = ("places.csv", ["name", "kind", "code", "district_code", "lat", "lon", "method", "source_id"])
    public static let boundaries = "boundaries.geojson"
    /// One CSV per proposal (see `ProposalCSV`).
    public static let proposalsFolder = "proposals"

    /// Files a pack must have; the others count as empty when absent.
    public static let requiredFiles: Set<String> = [
        "pack.csv", "sources.csv", "districts.csv", "areas.csv", "venues.csv", "centres.csv", "centre_events.csv",
    ]
}
