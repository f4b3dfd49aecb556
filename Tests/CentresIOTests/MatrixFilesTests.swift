import CentresCore
import CentresTestSupport
import Foundation
import Testing
import TravelTime

@testable import CentresIO

@Suite struct MatrixFilesTests {
    func sample(layers: [String] = ["p25", "p50"]) -> TravelTimeMatrix {
        var rng = SeededGenerator(seed: 5)
        let origins = ["E01000001", "E01000002", "o,with \"comma\""]
        let destinations = ["lib-a", "ccv-b"]
        return TravelTimeMatrix(
            origins: origins, destinations: destinations,
            layers: layers.map { name in
                .init(
                    name: name,
                    values: (0..<6).map { i in i == 4 ? nil : TravelTimeMatrix.rounded(.random(in: 0...120, using: &rng)) })
            },
            metadata: MatrixMetadata(
                mode: .transit, method: .timetable, inputs: [MatrixInput(name: "feed.zip", date: "2022-02-22", role: "gtfs")],
                parameters: ["max_walk_m": "800"], date: "2022-02-22", window: "08:00-09:00", maxMinutes: 120))
    }

    @Test func csvAndBinaryRoundTripExactly() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let m = sample()
        let url = dir.appendingPathComponent("m.csv")
        try MatrixFiles.writeCSV(m, to: url)
        #expect(try MatrixFiles.readCSV(url: url) == m)
        #expect(try MatrixFiles.readBinary(MatrixFiles.binary(m), file: "m.cttm") == m)
        #expect(MatrixFiles.csv(m).hasPrefix("origin_id,destination_id,p25,p50\nE01000001,lib-a,"))
    }

    /// Seconds are kept as seconds in both formats (a tenth of a minute is six of them), and a
    /// version 1 binary file, from before precision was recorded, still reads as tenths.
    @Test func secondsRoundTripExactlyAndOldBinaryFilesStillRead() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SeededGenerator(seed: 9)
        var m = sample()
        m.metadata.precision = .seconds
        for l in m.layers.indices {
            m.layers[l].values = m.layers[l].values.map { v in v.map { _ in Double(Int.random(in: 0...7200, using: &rng)) / 60 } }
        }
        let url = dir.appendingPathComponent("s.csv")
        try MatrixFiles.writeCSV(m, to: url)
        #expect(try MatrixFiles.readCSV(url: url) == m)
        #expect(try MatrixFiles.readBinary(MatrixFiles.binary(m), file: "s.cttm") == m)
        #expect(try MatrixFiles.readCSV(url: url).layers[0].values.compactMap { $0 }.contains { ($0 * 10).rounded() != $0 * 10 })

        let tenths = sample()
        var v1 = try MatrixFiles.binary(tenths)
        v1.replaceSubrange(4..<12, with: [1, 0, 0, 0])  // version 1: no steps-per-minute field
        #expect(try MatrixFiles.readBinary(v1, file: "old.cttm") == tenths)
        var future = try MatrixFiles.binary(tenths)
        future.replaceSubrange(8..<12, with: [7, 0, 0, 0])
        #expect(throws: InputError.self) { try MatrixFiles.readBinary(future, file: "odd.cttm") }
    }

    @Test func aFileWithoutMetadataIsMarkedImported() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("r5py.csv")
        try Data("origin_id,destination_id,minutes\na,x,12\na,y,NaN\nb,x,\nb,y,3.25\n".utf8).write(to: url)
        let m = try MatrixFiles.readCSV(url: url)
        #expect(m.metadata.method == .imported && m.metadata.precision == .exact)
        // Someone else's times are kept as written: 3.25 is not 3.3 (issue 22).
        #expect(m.layers[0].values == [12, nil, nil, 3.25])
    }

    @Test func badMatricesAreReportedNotGuessed() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func error(_ text: String) throws -> InputError? {
            let url = dir.appendingPathComponent("bad.csv")
            try Data(text.utf8).write(to: url)
            do {
                _ = try MatrixFiles.readCSV(url: url)
                return nil
            } catch { return error }
        }
        #expect(try error("origin_id,destination_id,minutes\na,x,-1\n")?.message.contains("negative") == true)
        #expect(try error("origin_id,destination_id,minutes\na,x,soon\n")?.line == 2)
        #expect(try error("origin_id,destination_id,minutes\na,x,1\na,x,2\n")?.message.contains("appears twice") == true)
        #expect(try error("origin_id,destination_id,minutes\na,x,1\nb,y,2\n")?.message.contains("is missing") == true)
        #expect(try error("from,to,minutes\na,x,1\n")?.line == 1)
    }

    @Test func truncatedOrForeignBinaryFilesAreRefused() throws {
        let data = try MatrixFiles.binary(sample())
        for cut in [0, 3, 10, data.count / 2, data.count - 1] {
            #expect(throws: InputError.self) { try MatrixFiles.readBinary(data.prefix(cut), file: "m.cttm") }
        }
        #expect(throws: InputError.self) { try MatrixFiles.readBinary(data + Data([0]), file: "m.cttm") }
        #expect(throws: InputError.self) { try MatrixFiles.readBinary(Data("PK\u{3}\u{4}junk".utf8), file: "m.cttm") }
    }

    @Test func pointsFilesNeedUniqueIdsAndCoordinates() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("points.csv")
        try Data("id,lat,lon\na,60.17,24.94\nb,60.18,24.95\n".utf8).write(to: url)
        #expect(try PointsFile.read(url: url).map(\.id) == ["a", "b"])
        try Data("id,lat,lon\na,60.17,24.94\na,60.18,24.95\n".utf8).write(to: url)
        #expect(throws: InputError(file: "points.csv", line: 3, column: "id", message: "'a' is a duplicate of line 2")) {
            try PointsFile.read(url: url)
        }
        try Data("id,lat,lon\na,160.17,24.94\n".utf8).write(to: url)
        #expect(throws: InputError.self) { try PointsFile.read(url: url) }
    }
}
