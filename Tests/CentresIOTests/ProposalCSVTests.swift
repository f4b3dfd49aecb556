import CentresCore
import CentresTestSupport
import Foundation
import Testing

@testable import CentresIO

@Suite struct ShippedProposalTests {
    @Test func theNorfolkPackShipsThreeSourcedProposals() throws {
        let pack = try PackReader.read(directory: Fixtures.norfolkPack)
        let byID = Dictionary(uniqueKeysWithValues: pack.proposals.map { ($0.id, $0) })
        func count(_ id: String, _ d: CentreDecision) -> Int { byID[id]!.decisions.filter { $0.decision == d }.count }
        #expect(byID.keys.sorted() == ["decision-2019-01", "network-2018", "proposal-2018-09"])
        #expect(count("network-2018", .base) == 53)
        #expect(count("proposal-2018-09", .base) == 7 && count("proposal-2018-09", .closed) == 46)
        #expect(count("decision-2019-01", .base) == 10 && count("decision-2019-01", .closed) == 24)
        #expect(count("decision-2019-01", .unknown) == 19)
        #expect(byID["decision-2019-01"]!.revises == "proposal-2018-09" && byID["decision-2019-01"]!.version == 2)
        #expect(byID["decision-2019-01"]!.proposedTotalGBP == 5_232_177)
        #expect(byID["network-2018"]!.proposedTotalGBP == 10_232_177)
        #expect(byID["proposal-2018-09"]!.budget.isEmpty)
        for p in pack.proposals {
            #expect(!p.sourceIDs.isEmpty)
            #expect(p.decisions.count == 53, "every centre is decided, if only as 'unknown'")
            #expect(p.decisions.allSatisfy { $0.reason?.contains("[sources: ") ?? false })
        }
    }

    /// The generator script and the Swift writer agree byte for byte, so an export is a clean diff.
    @Test func shippedFilesAreWhatTheWriterWrites() throws {
        let pack = try PackReader.read(directory: Fixtures.norfolkPack)
        for p in pack.proposals {
            let url = Fixtures.norfolkPack.appendingPathComponent("proposals/\(p.id).csv")
            #expect(try String(contentsOf: url, encoding: .utf8) == ProposalCSV.text(p))
        }
    }
}

@Suite struct ProposalCSVTests {
    let pack = Fixtures.smallPack(hostile: true)
    var centres: Set<String> { Set(pack.centres.map(\.id)) }
    var venues: Set<String> { Set(pack.venues.map(\.id)) }
    var sources: Set<String> { Set(pack.sources.map(\.id)) }

    func read(_ text: String) throws(InputError) -> Proposal {
        let f = try ProposalCSV.read(Data(text.utf8), file: "p.csv")
        try f.check(centreIDs: centres, venueIDs: venues, sourceIDs: sources)
        return f.proposal
    }

    func error(_ text: String) -> InputError? {
        do {
            _ = try read(text)
            return nil
        } catch { return error }
    }

    @Test func roundTripsWithHostileText() throws {
        for p in pack.proposals { #expect(try read(ProposalCSV.text(p)) == p) }
    }

    /// Seeded random proposals over the small pack read back equal.
    @Test func randomProposalsRoundTrip() throws {
        var g = SeededGenerator(seed: 41)
        let words = ["a", "b,c", "\"q\"", "line\nbreak", "=SUM(A1)", "  padded", "£5,000", "é"]
        for _ in 0..<200 {
            func text() -> String? {
                Bool.random(using: &g) ? nil : words.randomElement(using: &g)!.trimmingCharacters(in: .whitespaces)
            }
            var p = Proposal(id: "p-\(Int.random(in: 0..<1000, using: &g))", title: "T \(text() ?? "x")", author: "A")
            p.version = Int.random(in: 1...5, using: &g)
            p.status = ProposalStatus.allCases.randomElement(using: &g)!
            p.summary = text() ?? ""
            p.organisation = text()
            p.decisions = [CentreDecisionEntry(centreID: "cc-north", decision: .base, reason: text())]
            if Bool.random(using: &g) {
                p.decisions.append(
                    CentreDecisionEntry(
                        centreID: "cc-south", decision: [.closed, .outreach, .unknown].randomElement(using: &g)!, reason: text(),
                        sessionsMoveTo: Bool.random(using: &g) ? "lib-north" : nil))
            }
            let a = Int.random(in: 0...500, using: &g), b = Int.random(in: 0...500, using: &g)
            p.budget = [
                ProposalBudgetLine(id: "x", name: text() ?? "X", currentGBP: a, proposedGBP: b),
                ProposalBudgetLine(id: "total", name: "Total", currentGBP: a, proposedGBP: b),
            ]
            #expect(try read(ProposalCSV.text(p)) == p)
        }
    }

    static let header = "record,id,value,decision,reason,amalgamated_with,sessions_move_to,current_gbp,proposed_gbp\n"
    static let good =
        header + "proposal,id,plan,,,,,,\nproposal,title,Plan,,,,,,\nproposal,author,Me,,,,,,\n"
        + "decision,cc-north,,base,,,,,\n"

    @Test func aMinimalFileReads() throws {
        let p = try read(Self.good)
        #expect(p.id == "plan" && p.title == "Plan" && p.status == .draft && p.version == 1)
        #expect(p.decisions == [CentreDecisionEntry(centreID: "cc-north", decision: .base)])
    }

    @Test(
        arguments: [
            (good + "decision,cc-nowhere,,de-designated,,,,,\n", 6, "id", "no centre 'cc-nowhere'"),
            (good + "decision,cc-south,,shut,,,,,\n", 6, "decision", "'shut' is not one of"),
            (good + "decision,cc-south,,de-designated,,,,5,\n", 6, "current_gbp", "a decision row leaves this column empty"),
            (good + "proposal,titel,X,,,,,,\n", 6, "id", "did you mean 'title'"),
            (good + "proposal,title,Again,,,,,,\n", 6, "id", "already given on line 3"),
            (good + "decision,cc-north,,de-designated,,,,,\n", 6, "id", "already decided in decision 1"),
            (good + "decision,cc-south,,amalgamated,,cc-south,,,\n", 6, "amalgamated_with", "not a centre kept open"),
            (good + "decision,cc-south,,de-designated,,,lib-nowhere,,\n", 6, "sessions_move_to", "no venue 'lib-nowhere'"),
            (good + "outreach,lib-nowhere,,,,,,,\n", 6, "id", "no venue 'lib-nowhere'"),
            (good + "budget,a,A,,,,,10,5\nbudget,total,Total,,,,,10,6\n", 7, "proposed_gbp", "not the sum of the lines (5)"),
            (good + "budget,a,A,,,,,ten,5\n", 6, "current_gbp", "expected a whole number"),
            (good + "proposal,version,0,,,,,,\n", 6, "value", "expected 1 or more"),
            (good + "proposal,published_on,2018-02-30,,,,,,\n", 6, "value", "expected a date"),
            (good + "proposal,sources,src-cc nowhere,,,,,,\n", 6, "value", "no source 'nowhere'"),
            (
                header + "proposal,id,Plan A,,,,,,\nproposal,title,P,,,,,,\nproposal,author,M,,,,,,\n", 2, "value",
                "not a proposal id"
            ),
            (
                header
                    + "proposal,id,p,,,,,,\nproposal,title,P,,,,,,\nproposal,author,M,,,,,,\ndecision,cc-north,,de-designated,,,,,\n",
                nil, nil,
                "no centre stays as a base"
            ),
            (header + "proposal,id,p,,,,,,\nproposal,author,M,,,,,,\ndecision,cc-north,,base,,,,,\n", nil, "id", "title"),
            (good + "remark,x,,,,,,,\n", 6, "record", "'remark' is not one of"),
        ] as [(String, Int?, String?, String)])
    func badRowsAreNamed(text: String, line: Int?, column: String?, message: String) {
        let e = error(text)
        #expect(e?.file == "p.csv")
        #expect(e?.line == line)
        #expect(e?.column == column)
        #expect(e?.message.contains(message) == true, "\(String(describing: e))")
    }

    @Test func severalProblemsAreCounted() {
        let e = error(Self.good + "decision,cc-x,,de-designated,,,,,\ndecision,cc-y,,de-designated,,,,,\n")
        #expect(e?.line == 6 && e?.message.hasSuffix("(and 1 more problem)") == true)
    }
}

@Suite struct PackProposalTests {
    func damaged(_ change: (URL) throws -> Void) throws -> InputError? {
        let dir = try Fixtures.copyOfPack()
        defer { try? FileManager.default.removeItem(at: dir) }
        try change(dir.appendingPathComponent("proposals"))
        do {
            _ = try PackReader.read(directory: dir)
            return nil
        } catch { return error }
    }

    @Test func aCopiedProposalWithTheSameIDIsRefused() throws {
        let e = try damaged { folder in
            try FileManager.default.copyItem(
                at: folder.appendingPathComponent("network-2018.csv"), to: folder.appendingPathComponent("zz-copy.csv"))
        }
        #expect(e?.file == "proposals/zz-copy.csv" && e?.message.contains("also used by proposals/network-2018.csv") == true)
    }

    @Test func revisingAProposalNotInThePackIsRefused() throws {
        let e = try damaged { folder in
            try FileManager.default.removeItem(at: folder.appendingPathComponent("proposal-2018-09.csv"))
        }
        #expect(e?.file == "proposals/decision-2019-01.csv" && e?.message.contains("revises 'proposal-2018-09'") == true)
    }

    @Test func aProposalNamingAnUnknownCentreIsRefusedAtItsLine() throws {
        let e = try damaged { folder in
            let url = folder.appendingPathComponent("network-2018.csv")
            let text = try String(contentsOf: url, encoding: .utf8)
            try text.replacingOccurrences(of: "decision,cc-acle-marshes-children-s-centre,", with: "decision,cc-acle-typo,")
                .write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(e?.file == "proposals/network-2018.csv" && e?.line == 10 && e?.column == "id")
    }
}
