import Foundation

/// A minimal, read-only ZIP archive reader (PKWARE APPNOTE 6.3.x): end-of-central-directory record,
/// central directory, local headers; methods 0 (stored) and 8 (deflate). ZIP64, encryption and
/// multi-disk archives are rejected with a clear error rather than misread.
///
/// The whole archive is held in memory: GTFS feeds are a few megabytes, and random access to the
/// central directory at the end is then trivial.
public struct ZipArchive: Sendable {
    /// One file in the archive, as described by its central directory record.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var method: UInt16
        public var flags: UInt16
        public var crc32: UInt32
        public var compressedSize: Int
        public var uncompressedSize: Int
        public var localHeaderOffset: Int
        public var isDirectory: Bool { name.hasSuffix("/") }
    }

    /// The name used in errors (usually the archive's file name).
    public let file: String
    public let entries: [Entry]
    let bytes: [UInt8]

    /// Reads the archive at `path`.
    public init(contentsOf path: String) throws(InputError) {
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: name, message: "the file cannot be read (\(path))")
        }
        try self.init(data: data, file: name)
    }

    /// Parses the central directory of an in-memory archive.
    /// - Complexity: O(n) in the size of the central directory (plus a bounded backward scan for the EOCD).
    public init(data: Data, file: String) throws(InputError) {
        self.file = file
        self.bytes = [UInt8](data)
        self.entries = try ZipArchive.readCentralDirectory(bytes, file: file)
    }

    public func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

    /// The uncompressed contents of the named entry, or nil when the archive has no such entry.
    public func contents(named name: String) throws(InputError) -> Data? {
        guard let entry = entry(named: name) else { return nil }
        return try contents(of: entry)
    }

    /// The uncompressed contents of `entry`, with its CRC-32 checked.
    public func contents(of entry: Entry) throws(InputError) -> Data {
        let location = "\(file) (\(entry.name))"
        if entry.flags & 1 != 0 { throw InputError(file: location, message: "the entry is encrypted (not supported)") }
        let h = entry.localHeaderOffset
        guard h >= 0, h + 30 <= bytes.count else { throw truncated(entry.name) }
        guard ZipArchive.u32(bytes, h) == 0x0403_4b50 else {
            throw InputError(file: location, message: "the local header signature is missing (not a valid zip)")
        }
        let start = h + 30 + Int(ZipArchive.u16(bytes, h + 26)) + Int(ZipArchive.u16(bytes, h + 28))
        // Sizes come from the central directory: local headers may defer them to a data descriptor (flag bit 3).
        guard start + entry.compressedSize <= bytes.count else { throw truncated(entry.name) }
        let raw = bytes[start..<(start + entry.compressedSize)]
        let out: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw InputError(file: location, message: "a stored entry has different compressed and uncompressed sizes")
            }
            out = Array(raw)
        case 8:
            out = try Inflate.raw(raw, expectedSize: entry.uncompressedSize, file: location)
        default:
            throw InputError(file: location, message: "compression method \(entry.method) is not supported (only 0 and 8)")
        }
        let crc = Inflate.crc32(out)
        guard crc == entry.crc32 else {
            throw InputError(
                file: location,
                message: "bad CRC-32: expected \(String(entry.crc32, radix: 16)), computed \(String(crc, radix: 16))")
        }
        return Data(out)
    }

    func truncated(_ entry: String) -> InputError {
        InputError(file: "\(file) (\(entry))", message: "the archive is truncated (entry data runs past the end)")
    }

    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }
}
