/// A failure while decoding protocol-buffer bytes: what went wrong and where, as an offset into
/// the buffer being decoded (the caller knows which blob of the file that buffer is).
struct ProtoError: Error {
    var message: String
    var offset: Int
}

/// Protocol-buffer wire types (https://protobuf.dev/programming-guides/encoding/).
enum WireType: UInt8 {
    case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
}

/// A hand-written reader of protocol-buffer wire format over raw bytes.
///
/// It never copies: length-delimited fields come back as sub-ranges that can be read by another
/// `ProtoReader` over the same memory. The memory must outlive the reader (callers create it
/// inside `withUnsafeBytes`).
struct ProtoReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    let end: Int

    init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>? = nil) {
        self.bytes = bytes
        self.position = range?.lowerBound ?? 0
        self.end = range?.upperBound ?? bytes.count
    }

    var isAtEnd: Bool { position >= end }

    /// A base-128 varint of at most 10 bytes.
    @inline(__always)
    mutating func varint() throws(ProtoError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        let start = position
        while position < end {
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
            if shift >= 70 { throw ProtoError(message: "a varint is longer than 10 bytes", offset: start) }
        }
        throw ProtoError(message: "a varint runs past the end of its message", offset: start)
    }

    /// A zigzag-encoded signed varint (`sint32`, `sint64`).
    @inline(__always)
    mutating func signedVarint() throws(ProtoError) -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A plain (two's complement) signed varint (`int32`, `int64`).
    @inline(__always)
    mutating func int64() throws(ProtoError) -> Int64 { Int64(bitPattern: try varint()) }

    /// The next field's number and wire type, or nil at the end of the message.
    mutating func field() throws(ProtoError) -> (number: Int, type: WireType)? {
        guard position < end else { return nil }
        let start = position
        let key = try varint()
        guard let type = WireType(rawValue: UInt8(key & 7)) else {
            throw ProtoError(message: "unsupported wire type \(key & 7)", offset: start)
        }
        let number = key >> 3
        guard number > 0, number < 1 << 29 else { throw ProtoError(message: "bad field number \(number)", offset: start) }
        return (Int(number), type)
    }

    /// The byte range of a length-delimited field's contents, which it skips.
    mutating func lengthDelimited() throws(ProtoError) -> Range<Int> {
        let start = position
        let length = try varint()
        guard length <= UInt64(end - position) else {
            throw ProtoError(message: "a field of \(length) bytes runs past the end of its message", offset: start)
        }
        let range = position..<(position + Int(length))
        position = range.upperBound
        return range
    }

    /// Skips a field's value of the given wire type.
    mutating func skip(_ type: WireType) throws(ProtoError) {
        switch type {
        case .varint: _ = try varint()
        case .lengthDelimited: _ = try lengthDelimited()
        case .fixed64, .fixed32:
            let size = type == .fixed64 ? 8 : 4
            guard end - position >= size else {
                throw ProtoError(message: "a fixed-size field runs past the end of its message", offset: position)
            }
            position += size
        }
    }

    /// The bytes of a length-delimited field as a String (UTF-8, invalid bytes replaced).
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// A reader for a sub-message or packed field found at `range`.
    func sub(_ range: Range<Int>) -> ProtoReader { ProtoReader(bytes, range: range) }

    /// The range of a repeated scalar field: a packed field's contents, or just this one value when
    /// the writer did not pack it (both are valid protobuf, so both are accepted).
    mutating func repeatedRange(_ type: WireType) throws(ProtoError) -> Range<Int> {
        if type == .lengthDelimited { return try lengthDelimited() }
        guard type == .varint else {
            throw ProtoError(message: "a repeated integer field has wire type \(type.rawValue)", offset: position)
        }
        let start = position
        _ = try varint()
        return start..<position
    }
}
