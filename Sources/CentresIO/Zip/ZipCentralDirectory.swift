import Foundation

extension ZipArchive {
    /// Finds the end-of-central-directory record and reads every central directory entry.
    static func readCentralDirectory(_ b: [UInt8], file: String) throws(InputError) -> [Entry] {
        guard b.count >= 22 else {
            throw InputError(file: file, message: "not a zip archive (too short for an end-of-central-directory record)")
        }
        // The EOCD is 22 bytes plus a comment of at most 65,535 bytes, so scan back no further than that.
        var eocd = -1
        var i = b.count - 22
        let lowest = max(0, b.count - 22 - 65_535)
        while i >= lowest {
            if b[i] == 0x50 && u32(b, i) == 0x0605_4b50 {
                eocd = i
                break
            }
            i -= 1
        }
        guard eocd >= 0 else {
            let isLocal = b.count >= 4 && u32(b, 0) == 0x0403_4b50
            throw InputError(
                file: file,
                message: isLocal
                    ? "the zip archive is truncated (no end-of-central-directory record)"
                    : "not a zip archive (no end-of-central-directory record)")
        }
        if eocd >= 20 && u32(b, eocd - 20) == 0x0706_4b50 {
            throw InputError(file: file, message: "ZIP64 archives are not supported")
        }
        let disk = u16(b, eocd + 4), cdDisk = u16(b, eocd + 6)
        let count = Int(u16(b, eocd + 10))
        let cdSize = Int(u32(b, eocd + 12)), cdOffset = Int(u32(b, eocd + 16))
        guard disk == 0, cdDisk == 0 else { throw InputError(file: file, message: "multi-disk zip archives are not supported") }
        if count == 0xFFFF || cdSize == 0xFFFF_FFFF || cdOffset == 0xFFFF_FFFF {
            throw InputError(file: file, message: "ZIP64 archives are not supported")
        }
        guard cdOffset + cdSize <= eocd else {
            throw InputError(file: file, message: "the zip archive is truncated (central directory lies outside the file)")
        }
        var entries: [Entry] = []
        entries.reserveCapacity(count)
        var p = cdOffset
        for n in 0..<count {
            guard p + 46 <= eocd, u32(b, p) == 0x0201_4b50 else {
                throw InputError(file: file, message: "central directory entry \(n + 1) is damaged or truncated")
            }
            let nameLength = Int(u16(b, p + 28)), extraLength = Int(u16(b, p + 30)), commentLength = Int(u16(b, p + 32))
            guard p + 46 + nameLength <= eocd else {
                throw InputError(file: file, message: "central directory entry \(n + 1) is truncated")
            }
            let csize = Int(u32(b, p + 20)), usize = Int(u32(b, p + 24)), offset = Int(u32(b, p + 42))
            if csize == 0xFFFF_FFFF || usize == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
                throw InputError(file: file, message: "ZIP64 entries are not supported")
            }
            let name = String(decoding: b[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            entries.append(
                Entry(
                    name: name, method: u16(b, p + 10), flags: u16(b, p + 8), crc32: u32(b, p + 16),
                    compressedSize: csize, uncompressedSize: usize, localHeaderOffset: offset))
            p += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }
}
