/// A QR Code (ISO/IEC 18004, Model 2) made from text in byte mode, so a printed petition sheet
/// can carry the petition's address without any outside service.
///
/// The construction follows the standard step by step: the text's UTF-8 bytes with mode and
/// length headers and padding, Reed–Solomon error correction over GF(2⁸) per block with the
/// blocks interleaved, function patterns (finders, timing, alignment, format and version
/// information), data placed in the zig-zag order, and the mask with the lowest penalty (or the
/// one asked for). Checked module for module against segno, an independent implementation
/// (Tests/CentresCoreTests/QRCodeTests.swift).
public struct QRCode: Sendable, Equatable {
    public enum ErrorCorrection: Int, Sendable, CaseIterable {
        case low, medium, quartile, high

        /// The two format bits the standard gives each level.
        var formatBits: Int { [1, 0, 3, 2][rawValue] }
    }

    public enum EncodeError: Error, Equatable { case tooLong }

    public let version: Int
    public let size: Int
    public let mask: Int
    public let errorCorrection: ErrorCorrection
    /// Row-major: `modules[y * size + x]` is dark.
    public let modules: [Bool]

    public func isDark(x: Int, y: Int) -> Bool { modules[y * size + x] }

    /// Encodes `text` in the smallest version that holds it at `errorCorrection`, with `mask`
    /// (0–7) or else the lowest-penalty mask.
    /// - Complexity: O(size²) per mask tried.
    public static func encode(_ text: String, errorCorrection: ErrorCorrection = .medium, mask: Int? = nil) throws(EncodeError)
        -> QRCode
    {
        let bytes = Array(text.utf8)
        var version = 1
        while true {
            let capacity = numDataCodewords(version, errorCorrection) * 8
            let needed = 4 + (version < 10 ? 8 : 16) + bytes.count * 8
            if needed <= capacity { break }
            version += 1
            if version > 40 { throw .tooLong }
        }
        var bits = BitBuffer()
        bits.append(0b0100, 4)
        bits.append(bytes.count, version < 10 ? 8 : 16)
        for b in bytes { bits.append(Int(b), 8) }
        let capacity = numDataCodewords(version, errorCorrection) * 8
        bits.append(0, min(4, capacity - bits.count))
        bits.append(0, (8 - bits.count % 8) % 8)
        var pad = 0xEC
        while bits.count < capacity {
            bits.append(pad, 8)
            pad ^= 0xEC ^ 0x11
        }
        let codewords = addErrorCorrection(bits.bytes, version: version, errorCorrection)

        var grid = Grid(version: version)
        grid.drawFunctionPatterns(errorCorrection)
        grid.drawCodewords(codewords)
        let chosen: Int
        if let mask {
            chosen = mask
        } else {
            var best = (mask: 0, penalty: Int.max)
            for m in 0..<8 {
                var trial = grid
                trial.applyMask(m)
                trial.drawFormatBits(errorCorrection, mask: m)
                let p = trial.penalty()
                if p < best.penalty { best = (m, p) }
            }
            chosen = best.mask
        }
        grid.applyMask(chosen)
        grid.drawFormatBits(errorCorrection, mask: chosen)
        return QRCode(version: version, size: grid.size, mask: chosen, errorCorrection: errorCorrection, modules: grid.modules)
    }

    // MARK: Capacity tables (ISO/IEC 18004, table 9), indexed [level][version]

    static let eccCodewordsPerBlock: [[Int]] = [
        [
            -1, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30,
            30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
        [
            -1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28,
            28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        ],
        [
            -1, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30,
            30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
        [
            -1, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30,
            30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
    ]
    static let errorCorrectionBlocks: [[Int]] = [
        [
            -1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19,
            19, 20, 21, 22, 24, 25,
        ],
        [
            -1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33,
            35, 37, 38, 40, 43, 45, 47, 49,
        ],
        [
            -1, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43,
            45, 48, 51, 53, 56, 59, 62, 65, 68,
        ],
        [
            -1, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51,
            54, 57, 60, 63, 66, 70, 74, 77, 81,
        ],
    ]

    /// Modules left for data and error correction once the function patterns are drawn.
    static func numRawDataModules(_ version: Int) -> Int {
        var result = (16 * version + 128) * version + 64
        if version >= 2 {
            let numAlign = version / 7 + 2
            result -= (25 * numAlign - 10) * numAlign - 55
            if version >= 7 { result -= 36 }
        }
        return result
    }

    static func numDataCodewords(_ version: Int, _ level: ErrorCorrection) -> Int {
        numRawDataModules(version) / 8 - eccCodewordsPerBlock[level.rawValue][version]
            * errorCorrectionBlocks[level.rawValue][version]
    }

    /// Splits the data into blocks, appends each block's Reed–Solomon codewords, and interleaves.
    static func addErrorCorrection(_ data: [UInt8], version: Int, _ level: ErrorCorrection) -> [UInt8] {
        let numBlocks = errorCorrectionBlocks[level.rawValue][version]
        let eccLen = eccCodewordsPerBlock[level.rawValue][version]
        let raw = numRawDataModules(version) / 8
        let numShort = numBlocks - raw % numBlocks
        let shortLen = raw / numBlocks
        let divisor = ReedSolomon.divisor(degree: eccLen)
        var blocks: [[UInt8]] = []
        var k = 0
        for i in 0..<numBlocks {
            let len = shortLen - eccLen + (i < numShort ? 0 : 1)
            var block = Array(data[k..<k + len])
            k += len
            let ecc = ReedSolomon.remainder(block, divisor: divisor)
            if i < numShort { block.append(0) }
            blocks.append(block + ecc)
        }
        var out: [UInt8] = []
        for i in 0..<blocks[0].count {
            for (j, b) in blocks.enumerated() where i != shortLen - eccLen || j >= numShort { out.append(b[i]) }
        }
        return out
    }

    /// A fixed-size SVG of the code with its four-module quiet zone, dark modules as one path.
    public func svg(pixels: Int = 160, title: String) -> String {
        let full = size + 8
        var d = ""
        for y in 0..<size {
            for x in 0..<size where isDark(x: x, y: y) { d += "M\(x + 4) \(y + 4)h1v1h-1z" }
        }
        var escaped = ""
        for ch in title {
            switch ch {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(ch)
            }
        }
        return
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(full) \(full)\" width=\"\(pixels)\" height=\"\(pixels)\""
            + " role=\"img\" shape-rendering=\"crispEdges\"><title>\(escaped)</title>"
            + "<rect width=\"\(full)\" height=\"\(full)\" fill=\"#fff\"/><path d=\"\(d)\" fill=\"#000\"/></svg>"
    }
}

/// Bits appended most significant first.
struct BitBuffer {
    private(set) var bits: [Bool] = []
    var count: Int { bits.count }

    mutating func append(_ value: Int, _ length: Int) {
        for i in stride(from: length - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) }
    }

    var bytes: [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            (0..<8).reduce(UInt8(0)) { acc, i in acc << 1 | (start + i < bits.count && bits[start + i] ? 1 : 0) }
        }
    }
}

/// Reed–Solomon error correction over GF(2⁸) with the QR polynomial x⁸ + x⁴ + x³ + x² + 1.
enum ReedSolomon {
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var z = 0
        for i in stride(from: 7, through: 0, by: -1) {
            z = (z << 1) ^ ((z >> 7) * 0x11D)
            z ^= ((Int(y) >> i) & 1) * Int(x)
        }
        return UInt8(z)
    }

    /// The generator polynomial's coefficients, highest power first, leading 1 omitted.
    static func divisor(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = multiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for b in data {
            let factor = b ^ result.removeFirst()
            result.append(0)
            for i in result.indices { result[i] ^= multiply(divisor[i], factor) }
        }
        return result
    }
}

/// The module grid while it is built, with which modules belong to function patterns.
struct Grid {
    let version: Int
    let size: Int
    var modules: [Bool]
    var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        size = version * 4 + 17
        modules = Array(repeating: false, count: size * size)
        isFunction = modules
    }

    mutating func set(_ x: Int, _ y: Int, _ dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    var alignmentPositions: [Int] {
        guard version > 1 else { return [] }
        let numAlign = version / 7 + 2
        let step = (version * 8 + numAlign * 3 + 5) / (numAlign * 4 - 4) * 2
        var result = [6]
        var pos = size - 7
        var rest: [Int] = []
        for _ in 1..<numAlign {
            rest.insert(pos, at: 0)
            pos -= step
        }
        result += rest
        return result
    }

    mutating func drawFunctionPatterns(_ level: QRCode.ErrorCorrection) {
        for i in 0..<size {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 {
                    let (x, y) = (cx + dx, cy + dy)
                    guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                    let dist = max(abs(dx), abs(dy))
                    set(x, y, dist != 2 && dist != 4)
                }
            }
        }
        let align = alignmentPositions
        for (i, ax) in align.enumerated() {
            for (j, ay) in align.enumerated() {
                let last = align.count - 1
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 { set(ax + dx, ay + dy, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        drawFormatBits(level, mask: 0)
        if version >= 7 {
            var rem = version
            for _ in 0..<12 { rem = (rem << 1) ^ ((rem >> 11) * 0x1F25) }
            let bits = version << 12 | rem
            for i in 0..<18 {
                let dark = (bits >> i) & 1 == 1
                let (a, b) = (size - 11 + i % 3, i / 3)
                set(a, b, dark)
                set(b, a, dark)
            }
        }
    }

    mutating func drawFormatBits(_ level: QRCode.ErrorCorrection, mask: Int) {
        let data = level.formatBits << 3 | mask
        var rem = data
        for _ in 0..<10 { rem = (rem << 1) ^ ((rem >> 9) * 0x537) }
        let bits = (data << 10 | rem) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { set(8, i, bit(i)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for i in 9..<15 { set(14 - i, 8, bit(i)) }
        for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
        set(8, size - 8, true)
    }

    mutating func drawCodewords(_ data: [UInt8]) {
        var i = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vert in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vert : vert
                    if !isFunction[y * size + x] && i < data.count * 8 {
                        modules[y * size + x] = (data[i >> 3] >> (7 - UInt8(i & 7))) & 1 == 1
                        i += 1
                    }
                }
            }
            right -= 2
        }
    }

    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] {
                let invert: Bool =
                    switch mask {
                    case 0: (x + y) % 2 == 0
                    case 1: y % 2 == 0
                    case 2: x % 3 == 0
                    case 3: (x + y) % 3 == 0
                    case 4: (x / 3 + y / 2) % 2 == 0
                    case 5: x * y % 2 + x * y % 3 == 0
                    case 6: (x * y % 2 + x * y % 3) % 2 == 0
                    default: ((x + y) % 2 + x * y % 3) % 2 == 0
                    }
                if invert { modules[y * size + x].toggle() }
            }
        }
    }

    /// The standard's penalty: long runs, 2×2 blocks, finder-like patterns, dark/light balance.
    func penalty() -> Int {
        func at(_ x: Int, _ y: Int) -> Bool { modules[y * size + x] }
        var score = 0
        let finderLike: [Bool] = [true, false, true, true, true, false, true]
        for horizontal in [true, false] {
            for a in 0..<size {
                var line: [Bool] = []
                for b in 0..<size { line.append(horizontal ? at(b, a) : at(a, b)) }
                var run = 1
                for b in 1...size {
                    if b < size && line[b] == line[b - 1] {
                        run += 1
                    } else {
                        if run >= 5 { score += 3 + run - 5 }
                        run = 1
                    }
                }
                for b in 0...(size - 7) where Array(line[b..<b + 7]) == finderLike {
                    let before = (max(0, b - 4)..<b).allSatisfy { !line[$0] } && b >= 4
                    let after = b + 11 <= size && (b + 7..<b + 11).allSatisfy { !line[$0] }
                    if before || after { score += 40 }
                }
            }
        }
        for y in 0..<size - 1 {
            for x in 0..<size - 1 {
                let c = at(x, y)
                if c == at(x + 1, y) && c == at(x, y + 1) && c == at(x + 1, y + 1) { score += 3 }
            }
        }
        let dark = modules.filter { $0 }.count
        let percent = dark * 100 / modules.count
        score += abs(percent - 50) / 5 * 10
        return score
    }
}
