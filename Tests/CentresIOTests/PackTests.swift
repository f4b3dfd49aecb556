import CentresCore
import CentresTestSupport
import Foundation
import Testing

@testable import CentresIO

@Suite struct NorfolkPackTests {
    @Test func theShippedPackHasTheExpectedCounts() throws {
        let pack = try PackReader.read(directory: Fixtures.norfolkPack)
        #expect(pack.areas.count == 538)
        #expect(pack.districts.count == 7)
        #expect(pack.venues.filter { $0.kind == .library }.count == 47)
        #expect(pack.centres.count == 53)
        let centreVenues = Set(pack.centres.map(\.venueID))
        let qualities = pack.venues.filter { centreVenues.contains($0.id) }.map(\.locationQuality)
        #expect(qualities.filter { $0 == .approximateTown }.count == 41)
        #expect(qualities.filter { $0 == .unknown }.count == 12)
        #expect(pack.venues.filter { $0.kind == .library }.allSatisfy { $0.locationQuality == .exact })
        #expect(pack.areas.reduce(0) { $0 + $1.populationTotal } == 907_760)
        #expect(pack.postcodes.count == 27_647)
        #expect(pack.boundaries.count == 538)
        let budget = pack.budgetLines.first { $0.id == "total" }
        #expect(budget?.currentGBP == 10_232_177)
        #expect(budget?.proposedGBP == 5_232_177)
    }

    @Test func writingAndReadingBackIsLossless() throws {
        let pack = try PackReader.read(directory: Fixtures.norfolkPack)
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try PackWriter.write(pack, to: dir)
        #expect(try PackReader.read(directory: dir) == pack)
        let again = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: again) }
        try PackWriter.write(try PackReader.read(directory: dir), to: again)
        let names = try FileManager.default.subpathsOfDirectory(atPath: dir.path).filter {
            $0.hasSuffix(".csv") || $0.hasSuffix(".geojson")
        }
        #expect(names.contains("proposals/decision-2019-01.csv"))
        for name in names {
            #expect(
                try Data(contentsOf: dir.appendingPathComponent(name)) == Data(contentsOf: again.appendingPathComponent(name)),
                "\(name)")
        }
    }

    @Test func theSmallFixtureRoundTrips() throws {
        for hostile in [false, true] {
            let dir = try Fixtures.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            try PackWriter.write(Fixtures.smallPack(hostile: hostile), to: dir)
            #expect(try PackReader.read(directory: dir) == Fixtures.smallPack(hostile: hostile))
        }
    }
}

/// Every kind of bad input stops the read with the file, line and column.
@Suite struct MalformedPackTests {
    /// Applies `damage` to `file` in a copy of the Norfolk pack and returns the error.
    func readDamaged(_ file: String, _ damage: (String) -> String) throws -> InputError? {
        let dir = try Fixtures.copyOfPack()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(file)
        try Data(damage(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
        do {
            _ = try PackReader.read(directory: dir)
            return nil
        } catch { return error }
    }

    func replacingLine(_ n: Int, _ f: @escaping (String) -> String) -> (String) -> String {
        { text in
            var lines = text.components(separatedBy: "\n")
            lines[n - 1] = f(lines[n - 1])
            return lines.joined(separator: "\n")
        }
    }

    @Test func missingColumn() throws {
        let e = try readDamaged("districts.csv") { $0.replacingOccurrences(of: "code,name", with: "code") }
        #expect(e?.file == "districts.csv")
        #expect(e?.line == 1 || e?.line == 2)
    }

    @Test func misspeltColumn() throws {
        let e = try readDamaged("areas.csv", replacingLine(1) { $0.replacingOccurrences(of: "under_fives", with: "under_fivs") })
        #expect(
            e
                == InputError(
                    file: "areas.csv", line: 1, column: "under_fivs", message: "unknown column (did you mean 'under_fives'?)"))
    }

    @Test func malformedRow() throws {
        let e = try readDamaged("venues.csv", replacingLine(5) { _ in "lib-x,library" })
        #expect(e?.file == "venues.csv")
        #expect(e?.line == 5)
    }

    @Test func badNumber() throws {
        let e = try readDamaged(
            "areas.csv",
            replacingLine(10) { line in
                var f = line.components(separatedBy: ",")
                f[6] = "lots"
                return f.joined(separator: ",")
            })
        #expect(
            e == InputError(file: "areas.csv", line: 10, column: "under_fives", message: "expected a whole number, found 'lots'"))
    }

    @Test func unknownDistrictCode() throws {
        let e = try readDamaged("areas.csv", replacingLine(3) { $0.replacingOccurrences(of: ",E070001", with: ",E080001") })
        #expect(e?.file == "areas.csv")
        #expect(e?.line == 3)
        #expect(e?.column == "district_code")
        #expect(e?.message.hasPrefix("unknown district code") == true)
    }

    @Test func invalidPostcode() throws {
        let e = try readDamaged("postcodes.csv", replacingLine(4) { line in "NRX 9" + line.drop { $0 != "," } })
        #expect(e?.file == "postcodes.csv")
        #expect(e?.line == 4)
        #expect(e?.column == "postcode")
    }

    @Test func coordinatesFarOutsideTheCounty() throws {
        let e = try readDamaged(
            "places.csv",
            replacingLine(2) { line in
                var f = line.components(separatedBy: ",")
                f[4] = "51.5074"
                f[5] = "-0.1278"
                return f.joined(separator: ",")
            })
        #expect(e?.file == "places.csv")
        #expect(e?.line == 2)
        #expect(e?.column == "lat")
        #expect(e?.message.contains("far outside the county") == true)
    }

    @Test func duplicateCode() throws {
        let e = try readDamaged("districts.csv") { text in
            text + text.components(separatedBy: "\n")[1] + "\n"
        }
        #expect(e?.file == "districts.csv")
        #expect(e?.line == 9)
        #expect(e?.message.contains("duplicate of line 2") == true)
    }

    @Test func emptyFile() throws {
        #expect(
            try readDamaged("venues.csv") { _ in "" }
                == InputError(file: "venues.csv", message: "the file is empty (a header row is required)"))
        let headerOnly = try readDamaged("areas.csv") { String($0.prefix { $0 != "\n" }) + "\n" }
        #expect(headerOnly?.file == "areas.csv")
    }

    @Test func notUTF8() throws {
        let dir = try Fixtures.copyOfPack()
        defer { try? FileManager.default.removeItem(at: dir) }
        var data = try Data(contentsOf: dir.appendingPathComponent("centres.csv"))
        data.append(contentsOf: [0x63, 0x63, 0x2C, 0xFF, 0xFE, 0x0A])  // a 55th line with bytes that are not UTF-8
        try data.write(to: dir.appendingPathComponent("centres.csv"))
        #expect(throws: InputError(file: "centres.csv", line: 55, message: "the file is not valid UTF-8")) {
            try PackReader.read(directory: dir)
        }
    }

    @Test func missingRequiredFile() throws {
        let dir = try Fixtures.copyOfPack()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("centres.csv"))
        #expect(throws: InputError.self) { try PackReader.read(directory: dir) }
    }

    @Test func budgetTotalThatDoesNotAddUp() throws {
        let e = try readDamaged("budget_lines.csv") { $0.replacingOccurrences(of: "10232177", with: "10232178") }
        #expect(e?.file == "budget_lines.csv")
        #expect(e?.line == 7)
    }

    @Test func locationQualityThatContradictsThePoint() throws {
        let e = try readDamaged("venues.csv") { $0.replacingOccurrences(of: ",approximate-town,", with: ",unknown,") }
        #expect(e?.column == "location_quality")
    }

    @Test func sourceLinksMustBeWebAddresses() throws {
        let e = try readDamaged(
            "sources.csv",
            replacingLine(2) { line in
                line.replacingOccurrences(of: "https://", with: "javascript://").replacingOccurrences(
                    of: "http://", with: "javascript://")
            })
        #expect(e?.column == "url")
    }
}
