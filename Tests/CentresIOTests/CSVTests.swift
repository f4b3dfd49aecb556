import CentresTestSupport
import Foundation
import Testing

@testable import CentresIO

@Suite struct CSVTests {
    func parse(_ s: String) throws -> CSVTable { try CSVTable.parse(Data(s.utf8), file: "t.csv") }

    func error(_ data: Data) -> InputError? {
        do {
            _ = try CSVTable.parse(data, file: "t.csv")
            return nil
        } catch { return error }
    }

    @Test func quotedFieldsAndLineNumbers() throws {
        let t = try parse("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\nlast,row")
        #expect(t.header == ["a", "b"])
        #expect(t.rows.map(\.fields) == [["x, y", "say \"hi\""], ["two\nlines", "z"], ["last", "row"]])
        #expect(t.rows.map(\.line) == [2, 3, 5])
    }

    @Test func crlfAndByteOrderMarkAndBlankLines() throws {
        let t = try parse("\u{FEFF}a,b\r\n1,2\r\n\r\n3,4\r\n")
        #expect(t.header == ["a", "b"])
        #expect(t.rows.map(\.fields) == [["1", "2"], ["3", "4"]])
        #expect(t.rows.map(\.line) == [2, 4])
    }

    @Test func problemsNameTheLine() {
        #expect(
            error(Data("a,b\n1,2\n3\n".utf8))
                == InputError(file: "t.csv", line: 3, message: "the row has 1 fields but the header has 2"))
        #expect(error(Data("a,b\n1,\"2\n".utf8))?.line == 2)
        #expect(error(Data("a,b\n1,x\"y\n".utf8))?.line == 2)
        #expect(error(Data()) == InputError(file: "t.csv", message: "the file is empty (a header row is required)"))
        var bad = Data("a,b\n1,2\n3,".utf8)
        bad.append(contentsOf: [0xC3, 0x28])
        #expect(error(bad) == InputError(file: "t.csv", line: 3, message: "the file is not valid UTF-8"))
    }

    @Test func writerRoundTripsAnyText() throws {
        var rng = SeededGenerator(seed: 99)
        let alphabet = Array("ab ,\"\n\r'<>&é£–")
        for _ in 0..<200 {
            let rows = (0..<3).map { _ in
                (0..<3).map { _ in
                    String((0..<Int.random(in: 0...8, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
                }
            }
            var w = CSVWriter(header: ["x", "y", "z"])
            rows.forEach { w.append($0) }
            let back = try parse(w.text)
            #expect(back.rows.map(\.fields) == rows)
        }
    }

    @Test func misspeltColumnsGetASuggestion() throws {
        let t = try parse("code,nmae\nA,B\n")
        #expect(throws: InputError(file: "t.csv", line: 1, column: "nmae", message: "unknown column (did you mean 'name'?)")) {
            try TableReader(file: "t.csv", table: t, columns: ["code", "name"])
        }
    }
}
