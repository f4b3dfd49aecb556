import CentresTestSupport
import Foundation
import Testing

@testable import CentresCore

@Suite struct NumberTextTests {
    @Test func examples() {
        #expect(NumberText.grouped(1_234_567) == "1,234,567" && NumberText.grouped(-1000) == "-1,000")
        #expect(NumberText.pounds(-5_000) == "-£5,000" && NumberText.pounds(10_232_177) == "£10,232,177")
        #expect(NumberText.percent(0.4567) == "45.7%" && NumberText.percent(1) == "100.0%")
        #expect(NumberText.decimal(nil) == "—" && NumberText.decimal(7) == "7.0")
        #expect(NumberText.signed(2.45) == "+2.5" && NumberText.signed(-0.04) == "0.0" && NumberText.signed(-1) == "-1.0")
        #expect(NumberText.fixed(-0.004, 2) == "0.00" && NumberText.fixed(0.5, 0) == "1" && NumberText.fixed(3, 4) == "3.0000")
    }

    /// Away from exact halves, the integer formatting agrees with printf on seeded values.
    @Test func agreesWithPrintf() {
        var g = SeededGenerator(seed: 3)
        for _ in 0..<20_000 {
            let v = Double.random(in: -5_000...5_000, using: &g) * (Bool.random(using: &g) ? 1 : 0.001)
            let d = Int.random(in: 0...4, using: &g)
            var expected = String(format: "%.\(d)f", v)
            if expected.hasPrefix("-"), expected.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { expected.removeFirst() }
            #expect(NumberText.fixed(v, d) == expected, "\(v) to \(d)")
        }
    }
}
