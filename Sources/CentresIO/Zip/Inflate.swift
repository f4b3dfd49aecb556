import CZlib
import Foundation

/// Thin wrappers over zlib: raw DEFLATE (no zlib/gzip header, as stored in zip entries) and CRC-32.
enum Inflate {
    /// Refuse absurd declared sizes instead of trying to allocate them (a damaged or hostile archive).
    static let maximumSize = 1 << 31

    /// Inflates raw DEFLATE data (windowBits -15) into exactly `expectedSize` bytes.
    static func raw(_ input: ArraySlice<UInt8>, expectedSize: Int, file: String) throws(InputError) -> [UInt8] {
        // DEFLATE cannot expand data more than about 1032:1, so a larger declared size means damage.
        guard expectedSize <= maximumSize, expectedSize <= input.count * 1032 + 1024 else {
            throw InputError(file: file, message: "the declared size \(expectedSize) is too large")
        }
        // One spare byte lets us detect data that inflates to more than the declared size.
        var output = [UInt8](repeating: 0, count: expectedSize + 1)
        var input = Array(input)
        if input.isEmpty { input = [0] }
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw InputError(file: file, message: "zlib could not be initialised")
        }
        defer { inflateEnd(&stream) }
        let inputCount = input.count
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inputCount)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = uInt(outBuf.count)
                return inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else {
            let reason =
                status == Z_BUF_ERROR
                ? "the compressed data is truncated or larger than declared"
                : "the compressed data is damaged (zlib status \(status))"
            throw InputError(file: file, message: reason)
        }
        guard Int(stream.total_out) == expectedSize else {
            throw InputError(
                file: file, message: "inflated to \(stream.total_out) bytes but the directory says \(expectedSize)")
        }
        output.removeLast()
        return output
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buf in
            UInt32(CZlib.crc32(0, buf.baseAddress, uInt(buf.count)))
        }
    }
}
