import CentresCore
import Foundation
import Planning

/// An optimiser answer as a draft proposal, so it can be assessed, edited and compared like any other.
enum OptimiserDraft {
    static func proposal(_ a: OptimiserAnswer, id: String, author: String) -> Proposal {
        let r = a.report
        let figures =
            [
                r.coveredShare.map {
                    "\(NumberText.percent($0)) of the weight within \(NumberText.decimal(a.query.withinMinutes)) minutes"
                },
                r.meanMinutes.map { "mean \(NumberText.decimal($0)) minutes to the nearest site" },
            ].compactMap { $0 }.joined(separator: ", ")
        let nonCentres = a.solution.sites.filter { a.network.centreOfSite[$0] == nil }.count
        let summary =
            "Drafted from the optimiser (\(a.query.kind.label.lowercased()); \(a.mode.rawValue) travel times; "
            + "\(a.query.weighting.label.lowercased()); \(r.provenOptimal ? "proven optimal" : "gap \(NumberText.fixed(r.gap * 100, 3))%"): "
            + "\(r.sites.count) sites, \(figures)."
            + (nonCentres > 0
                ? " \(nonCentres) chosen sites are not centres: a proposal's bases are centres, so they are listed as outreach venues and its assessment will differ from the optimiser's figures."
                : "")
        return a.network.draft(
            a.solution, id: id, title: "Optimiser: \(r.sites.count) sites, \(a.query.kind.rawValue)", author: author,
            summary: summary)
    }
}
