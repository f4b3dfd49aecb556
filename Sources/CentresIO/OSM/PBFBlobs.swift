import CZlib

/// The framing of an OSM PBF file (https://wiki.openstreetmap.org/wiki/PBF_Format): a sequence
/// of (4-byte big-endian BlobHeader length, BlobHeader, Blob), where the Blob holds one
/// `OSMHeader` or `OSMData` block, raw or zlib-compressed.
enum PBFBlobs {
    /// The spec's limits: a BlobHeader is at most 64 KiB, a Blob (compressed or not) at most 32 MiB.
    static let maxHeaderBytes = 64 * 1024
    static let maxBlobBytes = 32 * 1024 * 1024

    /// A failure located at a byte offset of the file.
    struct FileError: Error {
        var message: String
        var byte: Int
    }

    /// Calls `body` with each blob's type, the file offset where its frame starts, and its
    /// uncompressed bytes. `scratch` is reused for decompression so large files do not allocate
    /// a buffer per blob.
    static func forEachBlob(
        in file: UnsafeRawBufferPointer,
        _ body: (_ type: String, _ byte: Int, _ data: UnsafeRawBufferPointer) throws(FileError) -> Void
    ) throws(FileError) {
        var position = 0
        var scratch: [UInt8] = []
        while position < file.count {
            let frame = position
            guard file.count - position >= 4 else {
                throw FileError(message: "the file is truncated: a blob length needs 4 bytes", byte: frame)
            }
            let headerLength =
                Int(file[position]) << 24 | Int(file[position + 1]) << 16
                | Int(file[position + 2]) << 8 | Int(file[position + 3])
            position += 4
            guard headerLength <= maxHeaderBytes else {
                throw FileError(
                    message: "a blob header claims \(headerLength) bytes (limit 64 KiB), so this is not a PBF file,", byte: frame)
            }
            guard file.count - position >= headerLength else {
                throw FileError(message: "the file is truncated inside a blob header", byte: position)
            }
            let (type, dataSize) = try blobHeader(ProtoReader(file, range: position..<(position + headerLength)), at: position)
            position += headerLength
            guard dataSize <= maxBlobBytes else {
                throw FileError(message: "a blob of \(dataSize) bytes is larger than the 32 MiB limit", byte: frame)
            }
            guard file.count - position >= dataSize else {
                throw FileError(message: "the file is truncated inside a blob (\(dataSize) bytes expected)", byte: position)
            }
            let blob = position..<(position + dataSize)
            position = blob.upperBound
            try withBlobContents(ProtoReader(file, range: blob), at: blob.lowerBound, scratch: &scratch) {
                (data) throws(FileError) in try body(type, frame, data)
            }
        }
    }

    /// BlobHeader: 1 type (string), 2 indexdata (bytes), 3 datasize (int32).
    static func blobHeader(_ reader: ProtoReader, at byte: Int) throws(FileError) -> (String, Int) {
        var reader = reader
        var type: String? = nil
        var size: Int? = nil
        do throws(ProtoError) {
            while let (number, wire) = try reader.field() {
                switch (number, wire) {
                case (1, .lengthDelimited): type = reader.string(try reader.lengthDelimited())
                case (3, .varint):
                    let raw = try reader.int64()
                    guard raw >= 0 else { throw ProtoError(message: "negative blob size", offset: reader.position) }
                    size = Int(clamping: raw)
                default: try reader.skip(wire)
                }
            }
        } catch {
            throw FileError(message: "bad blob header: \(error.message)", byte: error.offset)
        }
        guard let type, let size else { throw FileError(message: "a blob header lacks its type or size", byte: byte) }
        return (type, size)
    }

    /// Blob: 1 raw (bytes), 2 raw_size (int32), 3 zlib_data (bytes); 4–7 are other compressions.
    static func withBlobContents(
        _ reader: ProtoReader, at byte: Int, scratch: inout [UInt8],
        _ body: (UnsafeRawBufferPointer) throws(FileError) -> Void
    ) throws(FileError) {
        var reader = reader
        var raw: Range<Int>? = nil, zlib: Range<Int>? = nil
        var rawSize: Int? = nil
        do throws(ProtoError) {
            while let (number, wire) = try reader.field() {
                switch (number, wire) {
                case (1, .lengthDelimited): raw = try reader.lengthDelimited()
                case (2, .varint): rawSize = Int(clamping: try reader.int64())
                case (3, .lengthDelimited): zlib = try reader.lengthDelimited()
                case (4...7, _):
                    throw ProtoError(
                        message: "blob compression \(number) is not supported (only raw and zlib)", offset: reader.position)
                default: try reader.skip(wire)
                }
            }
        } catch {
            throw FileError(message: "bad blob: \(error.message)", byte: error.offset)
        }
        if let raw {
            try body(UnsafeRawBufferPointer(rebasing: reader.bytes[raw]))
            return
        }
        guard let zlib else { throw FileError(message: "a blob has no data", byte: byte) }
        guard let rawSize, rawSize >= 0, rawSize <= maxBlobBytes else {
            throw FileError(message: "a zlib blob lacks a raw_size within 32 MiB", byte: byte)
        }
        if scratch.count < rawSize { scratch = [UInt8](repeating: 0, count: rawSize) }
        let source = UnsafeRawBufferPointer(rebasing: reader.bytes[zlib])
        let status = scratch.withUnsafeMutableBytes { out -> (Int32, Int) in
            guard let outBase = out.baseAddress, let inBase = source.baseAddress else { return (Z_DATA_ERROR, 0) }
            var outLength = uLongf(rawSize)
            let result = uncompress(
                outBase.assumingMemoryBound(to: Bytef.self), &outLength,
                inBase.assumingMemoryBound(to: Bytef.self), uLong(source.count))
            return (result, Int(outLength))
        }
        guard status.0 == Z_OK, status.1 == rawSize else {
            let reason = status.0 == Z_OK ? "inflated to \(status.1) bytes, not \(rawSize)" : "zlib error \(status.0)"
            throw FileError(message: "cannot decompress a blob (\(reason))", byte: byte)
        }
        // Array.withUnsafeBytes rethrows untyped errors, so carry the typed one out by hand.
        let failure: FileError? = scratch.withUnsafeBytes { all in
            do throws(FileError) {
                try body(UnsafeRawBufferPointer(rebasing: all[0..<rawSize]))
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }
}
