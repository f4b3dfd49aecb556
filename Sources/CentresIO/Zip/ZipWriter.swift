import CZlib
import Foundation

/// Writes a zip archive (DEFLATE entries, no encryption, no zip64), readable by any unzip tool
/// and by `ZipArchive`. Entries are added in order; `data` is the finished archive.
public struct ZipWriter: Sendable {
    struct Written {
        var name: [UInt8], crc: UInt32, compressed: Int, size: Int, offset: Int
    }

    public private(set) var data = Data()
    var entries: [Written] = []
    var central = Data()
    /// MS-DOS date and time of every entry (fixed per archive, so one bundle's bytes are reproducible).
    let dosTime: UInt16, dosDate: UInt16

    public init(date: Date = Date()) {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        dosTime = UInt16((c.hour ?? 0) << 11 | (c.minute ?? 0) << 5 | (c.second ?? 0) / 2)
        dosDate = UInt16(max(0, (c.year ?? 1980) - 1980) << 9 | (c.month ?? 1) << 5 | (c.day ?? 1))
    }

    public mutating func add(_ name: String, _ contents: Data) {
        let bytes = [UInt8](contents)
        let packed = Self.deflate(bytes)
        let entry = Written(
            name: Array(name.utf8), crc: Inflate.crc32(bytes), compressed: packed.count, size: bytes.count, offset: data.count)
        data.append(header(entry, central: false))
        data.append(contentsOf: packed)
        central.append(header(entry, central: true))
        entries.append(entry)
    }

    public mutating func add(_ name: String, text: String) { add(name, Data(text.utf8)) }

    /// The archive with its central directory; call once, after the last `add`.
    public func finished() -> Data {
        var out = data
        let start = out.count
        out.append(central)
        var end = Data()
        end.u32(0x0605_4b50)
        end.u16(0)
        end.u16(0)
        end.u16(UInt16(entries.count))
        end.u16(UInt16(entries.count))
        end.u32(UInt32(central.count))
        end.u32(UInt32(start))
        end.u16(0)
        out.append(end)
        return out
    }

    func header(_ e: Written, central: Bool) -> Data {
        var h = Data()
        h.u32(central ? 0x0201_4b50 : 0x0403_4b50)
        if central { h.u16(20) }  // made by: version 2.0
        h.u16(20)  // needed to extract
        h.u16(0x0800)  // names are UTF-8
        h.u16(8)  // DEFLATE
        h.u16(dosTime)
        h.u16(dosDate)
        h.u32(e.crc)
        h.u32(UInt32(e.compressed))
        h.u32(UInt32(e.size))
        h.u16(UInt16(e.name.count))
        h.u16(0)  // extra field length
        if central {
            h.u16(0)  // comment length
            h.u16(0)  // disk number
            h.u16(0)  // internal attributes
            h.u32(0o100644 << 16)  // external attributes: a regular file, rw-r--r--
            h.u32(UInt32(e.offset))
        }
        h.append(contentsOf: e.name)
        return h
    }

    /// Raw DEFLATE (windowBits -15), as zip entries store it.
    static func deflate(_ input: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        guard
            deflateInit2_(&stream, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
                == Z_OK
        else { preconditionFailure("zlib could not be initialised") }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 16)
        var input = input
        let count = input.count
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = uInt(outBuf.count)
                return CZlib.deflate(&stream, Z_FINISH)
            }
        }
        precondition(status == Z_STREAM_END, "deflateBound leaves room for the whole output")
        return Array(output.prefix(Int(stream.total_out)))
    }
}

extension Data {
    fileprivate mutating func u16(_ v: UInt16) { Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) } }
    fileprivate mutating func u32(_ v: UInt32) { Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) } }
}
