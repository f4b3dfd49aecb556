import CentresCore
import Foundation
import TravelTime

/// Travel-time matrices on disk.
///
/// - CSV, long format: `origin_id,destination_id,<layer>…` (a `minutes` column, or `p25,p50,p75`
///   for public transport), one row per pair, unreachable as an empty field. This is also the shape
///   r5py's TravelTimeMatrix writes. Beside it, `FILE.meta.json` records mode, method, inputs and
///   parameters.
/// - Binary (`.cttm`): the same in a compact form — a magic number, a format version, the steps
///   per minute (10 for tenths, 60 for seconds; version 2 on), the metadata as JSON, the ids, then
///   each layer as little-endian UInt32 steps (UInt32.max = unreachable). Version 1 files (tenths,
///   no steps field) are still read.
/// Both round-trip exactly at the matrix's precision (`MatrixMetadata.precision`): CSV cells hold
/// minutes to a tenth, or to four decimals for seconds (read back to the nearest second). A CSV
/// without a `.meta.json` (someone else's matrix) is read exactly as written (`exact`); a binary
/// file stores such times to the second.
public enum MatrixFiles {
    static let magic: [UInt8] = Array("CTTM".utf8)
    static let version: UInt32 = 2
    static let unreachable = UInt32.max

    static func text(_ minutes: Double, _ precision: TimePrecision) -> String {
        switch precision {
        case .tenths: "\(minutes)"
        case .seconds: String(format: "%.4f", minutes)
        case .exact: "\(minutes)"
        }
    }

    // MARK: CSV

    public static func csv(_ m: TravelTimeMatrix) -> String {
        var w = CSVWriter(header: ["origin_id", "destination_id"] + m.layers.map(\.name))
        for (o, origin) in m.origins.enumerated() {
            for (d, destination) in m.destinations.enumerated() {
                w.append(
                    [origin, destination]
                        + m.layers.indices.map { l in
                            m.minutes(origin: o, destination: d, layer: l).map { text($0, m.metadata.precision) } ?? ""
                        })
            }
        }
        return w.text
    }

    public static func writeCSV(_ m: TravelTimeMatrix, to url: URL) throws {
        try Data(csv(m).utf8).write(to: url, options: .atomic)
        try metadataJSON(m.metadata).write(to: metadataURL(for: url), options: .atomic)
    }

    public static func metadataURL(for url: URL) -> URL { URL(fileURLWithPath: url.path + ".meta.json") }

    static func metadataJSON(_ m: MatrixMetadata) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try encoder.encode(m)
    }

    /// Reads a long-format CSV. Every origin × destination pair must appear exactly once; unknown
    /// shapes, negative or non-numeric times are errors naming the line. Without a `.meta.json`
    /// beside it the metadata says the method is unknown (`imported`).
    public static func readCSV(url: URL, mode: TravelMode = .car) throws(InputError) -> TravelTimeMatrix {
        let file = url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw InputError(file: file, message: "cannot be read: \(error.localizedDescription)")
        }
        let table = try CSVTable.parse(data, file: file)
        let metaURL = metadataURL(for: url)
        var metadata = MatrixMetadata(
            mode: mode, method: .imported, inputs: [MatrixInput(name: file, date: nil, role: "matrix")], maxMinutes: .infinity,
            precision: .exact)
        if let meta = try? Data(contentsOf: metaURL) {
            do { metadata = try JSONDecoder().decode(MatrixMetadata.self, from: meta) } catch {
                throw InputError(file: metaURL.lastPathComponent, message: "is not valid matrix metadata")
            }
        }
        // r5py's TravelTimeMatrix writes from_id,to_id,travel_time: the same shape under other names.
        let r5py = table.header.count == 3 && table.header[0] == "from_id" && table.header[1] == "to_id"
        guard table.header.count >= 3, r5py || (table.header[0] == "origin_id" && table.header[1] == "destination_id") else {
            throw InputError(
                file: file, line: 1,
                message:
                    "the header must be origin_id,destination_id followed by one or more time columns (or r5py's from_id,to_id,travel_time)"
            )
        }
        let layerNames = Array(table.header.dropFirst(2))
        var origins: [String] = [], destinations: [String] = []
        var originIndex: [String: Int] = [:], destinationIndex: [String: Int] = [:]
        var cells: [[Int: [Double?]]] = []
        for row in table.rows {
            let (o, d) = (row.fields[0], row.fields[1])
            if o.isEmpty { throw InputError(file: file, line: row.line, column: table.header[0], message: "a value is required") }
            if d.isEmpty {
                throw InputError(file: file, line: row.line, column: table.header[1], message: "a value is required")
            }
            let oi =
                originIndex[o]
                ?? {
                    origins.append(o); cells.append([:]); originIndex[o] = origins.count - 1; return origins.count - 1
                }()
            let di =
                destinationIndex[d]
                ?? {
                    destinations.append(d); destinationIndex[d] = destinations.count - 1; return destinations.count - 1
                }()
            if cells[oi][di] != nil {
                throw InputError(file: file, line: row.line, message: "the pair \(o) → \(d) appears twice")
            }
            var values: [Double?] = []
            for (i, raw) in row.fields.dropFirst(2).enumerated() {
                let text = raw.trimmingCharacters(in: .whitespaces)
                if ["", "NA", "NaN", "nan", "inf", "Inf"].contains(text) {
                    values.append(nil)
                    continue
                }
                guard let v = Double(text), v.isFinite else {
                    throw InputError(
                        file: file, line: row.line, column: layerNames[i], message: "expected minutes, found '\(text)'")
                }
                guard v >= 0 else {
                    throw InputError(
                        file: file, line: row.line, column: layerNames[i], message: "a time cannot be negative (\(text))")
                }
                values.append(metadata.precision.snapped(v))
            }
            cells[oi][di] = values
        }
        var layers = layerNames.map { TravelTimeMatrix.Layer(name: $0, values: []) }
        for oi in origins.indices {
            for di in destinations.indices {
                guard let values = cells[oi][di] else {
                    throw InputError(
                        file: file,
                        message:
                            "the cell \(origins[oi]) → \(destinations[di]) is missing (every pair needs a row; leave the time empty if unreachable)"
                    )
                }
                for l in layers.indices { layers[l].values.append(values[l]) }
            }
        }
        return TravelTimeMatrix(origins: origins, destinations: destinations, layers: layers, metadata: metadata)
    }

    // MARK: Binary

    public static func binary(_ m: TravelTimeMatrix) throws -> Data {
        var out = Data(magic)
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func string(_ s: String) {
            let bytes = Array(s.utf8)
            u32(UInt32(bytes.count))
            out.append(contentsOf: bytes)
        }
        u32(version)
        let steps = Double(m.metadata.precision.stepsPerMinute)
        u32(UInt32(m.metadata.precision.stepsPerMinute))
        var stored = m.metadata
        stored.precision = stored.precision.stored
        let meta = try metadataJSON(stored)
        u32(UInt32(meta.count))
        out.append(meta)
        u32(UInt32(m.origins.count))
        m.origins.forEach(string)
        u32(UInt32(m.destinations.count))
        m.destinations.forEach(string)
        u32(UInt32(m.layers.count))
        for layer in m.layers {
            string(layer.name)
            for v in layer.values {
                guard let v else {
                    u32(unreachable)
                    continue
                }
                let raw = (v * steps).rounded()
                guard raw >= 0, raw < Double(unreachable) else {
                    throw InputError(file: "matrix", message: "has a time of \(v) minutes, too long for a .cttm file")
                }
                u32(UInt32(raw))
            }
        }
        return out
    }

    public static func readBinary(_ data: Data, file: String) throws(InputError) -> TravelTimeMatrix {
        var reader = ByteReader(bytes: [UInt8](data), file: file)
        guard try reader.take(4) == magic else {
            throw InputError(file: file, message: "is not a Centres matrix file (bad magic number)")
        }
        let v = try reader.u32()
        guard (1...version).contains(v) else {
            throw InputError(file: file, message: "has format version \(v); this build reads versions 1 to \(version)")
        }
        let steps = v == 1 ? 10 : Int(try reader.u32())
        guard let precision = [TimePrecision.tenths, .seconds].first(where: { $0.stepsPerMinute == steps }) else {
            throw InputError(file: file, message: "holds \(steps) steps a minute; this build reads 10 (tenths) or 60 (seconds)")
        }
        var metadata: MatrixMetadata
        do {
            metadata = try JSONDecoder().decode(MatrixMetadata.self, from: Data(try reader.take(Int(try reader.u32()))))
            metadata.precision = precision
        } catch let e as InputError {
            throw e
        } catch { throw InputError(file: file, message: "has unreadable metadata") }
        let origins = try reader.strings(count: Int(try reader.u32()))
        let destinations = try reader.strings(count: Int(try reader.u32()))
        var layers: [TravelTimeMatrix.Layer] = []
        for _ in 0..<Int(try reader.u32()) {
            let name = try reader.string()
            var values: [Double?] = []
            for _ in 0..<(origins.count * destinations.count) {
                let raw = try reader.u32()
                values.append(raw == unreachable ? nil : Double(raw) / Double(steps))
            }
            layers.append(.init(name: name, values: values))
        }
        guard reader.atEnd else { throw InputError(file: file, message: "has \(reader.remaining) unexpected bytes at the end") }
        return TravelTimeMatrix(origins: origins, destinations: destinations, layers: layers, metadata: metadata)
    }
}

/// Reads little-endian values, failing with the byte offset instead of crashing on a short file.
struct ByteReader {
    let bytes: [UInt8]
    let file: String
    var offset = 0

    var atEnd: Bool { offset == bytes.count }
    var remaining: Int { bytes.count - offset }

    mutating func take(_ n: Int) throws(InputError) -> [UInt8] {
        guard n >= 0, n <= remaining else { throw InputError(file: file, message: "is truncated at byte \(offset)") }
        defer { offset += n }
        return Array(bytes[offset..<(offset + n)])
    }

    mutating func u32() throws(InputError) -> UInt32 {
        let b = try take(4)
        return UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
    }

    mutating func strings(count: Int) throws(InputError) -> [String] {
        var out: [String] = []
        for _ in 0..<count { out.append(try string()) }
        return out
    }

    mutating func string() throws(InputError) -> String {
        let b = try take(Int(try u32()))
        guard let s = String(bytes: b, encoding: .utf8) else {
            throw InputError(file: file, message: "has a name that is not UTF-8 near byte \(offset)")
        }
        return s
    }
}
