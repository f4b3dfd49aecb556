import CentresCore
import Planning
import TravelTime

/// The optimiser's form, as the page shows it: every value and the message for each wrong one.
struct OptimiserFormView: Encodable {
    struct Check: Encodable {
        var value: String
        var label: String
        var checked: Bool
    }
    var problemOptions: [Option]
    var sites: String
    var within: String
    var share: String
    var modeOptions: [Option]
    var candidates: [Check]
    var weightingOptions: [Option]
    var minPerDistrict: String
    var minDistrict: String
    var maxDistrict: String
    var keep: String
    var forbid: String
    var upTo: String
    var errors: [FieldError]
    /// Field id → its message, for the field itself.
    var fieldErrors: [String: String]

    init(_ r: OptimiserRequest, modes: [TravelMode], mode: TravelMode?) {
        let q = r.query
        problemOptions = OptimiserQuery.Kind.allCases.filter { $0 != .budgetCovering }.map {
            Option(value: $0.rawValue, label: $0.label, selected: $0 == q.kind)
        }
        sites = q.sites.map { "\($0)" } ?? ""
        within = OptimiserRequest.plain(q.withinMinutes)
        share = q.share.map(OptimiserRequest.plain) ?? ""
        modeOptions = modes.map { Option(value: $0.rawValue, label: $0.label.capitalizedFirst, selected: $0 == mode) }
        candidates = CandidateKind.allCases.map { Check(value: $0.rawValue, label: $0.label, checked: q.candidates.contains($0)) }
        weightingOptions = DemandWeighting.allCases.map {
            Option(value: $0.rawValue, label: $0.label, selected: $0 == q.weighting)
        }
        minPerDistrict = "\(q.minimumPerDistrict)"
        minDistrict = OptimiserRequest.districtText(q.minimumByDistrict)
        maxDistrict = OptimiserRequest.districtText(q.maximumByDistrict)
        keep = q.keep.joined(separator: "\n")
        forbid = q.forbid.joined(separator: "\n")
        upTo = "\(r.upTo)"
        (errors, fieldErrors) = ([], [:])
        for e in r.errors { add(e.field, e.message) }
    }

    mutating func add(_ field: String, _ message: String) {
        errors.append(FieldError(field: field, message: message))
        fieldErrors[field] = fieldErrors[field].map { "\($0); \(message)" } ?? message
    }
}

struct OptimiserAnswerView: Encodable {
    var heading: String
    var isEstimate: Bool
    var inputs: String
    var keyFigures: [KeyFigure]
    var map: String
    var timeLegend: [ProposalMaps.Swatch]
    var tables: [TableView]
    var unplaced: [String]
    var query: String
    var downloads: [PageLink]
}

struct OptimiserPage: Encodable {
    let title = "Find the best bases"
    var form: OptimiserFormView
    var answer: OptimiserAnswerView?
    var frontierLink: String
    var csrf: String
}

struct FrontierPage: Encodable {
    struct Key: Encodable {
        var key: String
        var label: String
        var href: String
    }
    let title = "The best network of each size"
    var form: OptimiserFormView
    var computed: Bool
    var isEstimate: Bool
    var inputs: String
    var coverageChart: String
    var meanChart: String
    var keys: [Key]
    var anyUnproven: Bool
    var tables: [TableView]
    var downloads: [PageLink]
    var answerLink: String
}
