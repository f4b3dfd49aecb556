import CentresCore
import CentresIO
import Foundation
import Planning
import TravelTime

/// A zip someone else can check an assessment with: the proposal (and baseline) as CSV, every
/// table, the full assessment as JSON, the travel-time matrix it read, and a README saying where
/// each figure came from and how to reproduce it.
enum EvidenceBundle {
    static func zip(_ a: ProposalAssessment, generatedAt: Date = Date()) throws -> Data {
        var zip = ZipWriter(date: generatedAt)
        zip.add("README.txt", text: readme(a, generatedAt: generatedAt))
        zip.add("parameters.json", try json(Parameters(a)))
        zip.add("assessment.json", try json(a.assessment))
        zip.add("proposal.csv", text: ProposalCSV.text(a.proposal))
        if let b = a.baseline { zip.add("baseline.csv", text: ProposalCSV.text(b)) }
        for t in a.report.tables { zip.add("tables/\(t.id).csv", text: csv(t)) }
        zip.add("matrix/\(a.matrix.metadata.mode.rawValue).csv", text: MatrixFiles.csv(a.matrix))
        return zip.finished()
    }

    /// A table as CSV; cells that a spreadsheet would run as a formula are made inert.
    static func csv(_ t: ReportTable) -> String {
        var w = CSVWriter(header: t.csvRecords[0])
        for row in t.csvRecords.dropFirst() { w.append(row.map(SpreadsheetSafe.cell)) }
        return w.text
    }

    static func json<T: Encodable>(_ value: T) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try e.encode(value)
    }

    struct Parameters: Encodable {
        var proposal: String
        var proposalVersion: Int
        var baseline: String?
        var inputs: AssessmentInputs
        var bandsMinutes: [Int]
        var savingsTargetGBP: Int?
        var matrixComputedWith: String

        init(_ a: ProposalAssessment) {
            proposal = a.proposal.id
            proposalVersion = a.proposal.version
            baseline = a.baseline?.id
            inputs = a.assessment.inputs
            bandsMinutes = a.assessment.overall.bands.map(\.minutes)
            savingsTargetGBP = a.assessment.cost.targetSavingGBP
            matrixComputedWith = a.matrix.metadata.software
        }
    }

    static func readme(_ a: ProposalAssessment, generatedAt: Date) -> String {
        let i = a.assessment.inputs
        var lines = [
            "Assessment of \"\(a.proposal.title)\" (\(a.proposal.id), version \(a.proposal.version))",
            a.baseline.map { "compared with \"\($0.title)\" (\($0.id))" } ?? "with no baseline",
            "",
            "Generated \(generatedAt.ISO8601Format()) by Centres.",
            "Data pack: \(i.packName) \(i.packVersion); under-fives: ONS mid-\(i.populationYear) small-area estimates.",
            "Travel times: \(i.matrixSummary); layer \(i.layer); limit \(Int(i.maxMinutes)) minutes.",
        ]
        if let d = i.date { lines.append("Timetable date: \(d)\(i.window.map { ", departures \($0)" } ?? "").") }
        if i.method.isEstimate {
            lines.append(
                "These times are ESTIMATES from straight-line distance (a detour factor and a speed), not a route over streets or a timetable."
            )
        }
        lines += [
            "",
            "Files:",
            "  proposal.csv      the proposal assessed, in the format `centres proposal import` reads",
            "  baseline.csv      the proposal it is compared with (when there is one)",
            "  tables/*.csv      every table on the proposal's page, plus tables/areas.csv for every area",
            "  assessment.json   the whole assessment, with its inputs",
            "  parameters.json   the parameters: bands, reach threshold, savings target, matrix",
            "  matrix/*.csv      the travel-time matrix read (area code, venue id, minutes); nothing is recomputed",
            "",
            "Method: each area's time to the nearest open base (bases and amalgamated centres with a known",
            "location) is the smallest matrix cell over those bases' venues. Averages and band counts are",
            "weighted by under-fives. Centres whose decision is not known are counted apart.",
            "",
            "Reproduce: load the same pack and matrix, then run",
            "  centres assess \(a.proposal.id)\(a.baseline.map { " --baseline \($0.id)" } ?? " --no-baseline") --mode \(i.mode.rawValue) --format json",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
