import Testing
@testable import ZipSupport
import SystemSupport

/// Little-endian reads from the raw archive, to check what the zip says about itself.
private func u16(_ bytes: [UInt8], _ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
private func u32(_ bytes: [UInt8], _ at: Int) -> Int { u16(bytes, at) | u16(bytes, at + 2) << 16 }

@Test func entriesComeBackInOrderWithTheirBytes() throws {
    let writer = ZipArchiveWriter()
    writer.add("mimetype", Array("application/epub+zip".utf8), compression: .stored)
    writer.add("word/document.xml", Array(String(repeating: "<w:p>段落</w:p>", count: 200).utf8))
    writer.add("空.txt", [])
    let archive = try writer.finish()
    let reader = try ZipArchiveReader(archive)
    #expect(reader.entries.map(\.name) == ["mimetype", "word/document.xml", "空.txt"])
    #expect(try reader.read("mimetype") == Array("application/epub+zip".utf8))
    #expect(try reader.read("word/document.xml").count == String(repeating: "<w:p>段落</w:p>", count: 200).utf8.count)
    #expect(reader.entries[0].isStored)
    #expect(!reader.entries[1].isStored)
    #expect(reader.entries[1].compressedSize < reader.entries[1].size)
}

@Test func localHeadersHaveKnownSizesNoDataDescriptorNoZip64AndFixedTimes() throws {
    let writer = ZipArchiveWriter(timestamp: ZipTimestamp(year: 2024, month: 3, day: 12, hour: 9, minute: 30))
    writer.add("mimetype", Array("application/epub+zip".utf8), compression: .stored)
    writer.add("a.xml", Array("<a/>".utf8))
    let bytes = try writer.finish()
    var offset = 0
    var seen = 0
    while u32(bytes, offset) == 0x04034b50 {
        let flags = u16(bytes, offset + 6)
        #expect(flags & 0x0008 == 0, "data descriptor flag set")
        let dosTime = u16(bytes, offset + 10), dosDate = u16(bytes, offset + 12)
        #expect(dosTime == (9 << 11 | 30 << 5))
        #expect(dosDate == ((2024 - 1980) << 9 | 3 << 5 | 12))
        let compressed = u32(bytes, offset + 18)
        #expect(compressed != 0xFFFFFFFF, "ZIP64 marker in local header")
        let nameLength = u16(bytes, offset + 26), extraLength = u16(bytes, offset + 28)
        if seen == 0 {
            #expect(extraLength == 0, "mimetype has an extra field")
            #expect(String(decoding: bytes[(offset + 30 + nameLength)..<(offset + 30 + nameLength + compressed)], as: UTF8.self) == "application/epub+zip")
        }
        offset += 30 + nameLength + extraLength + compressed
        seen += 1
    }
    #expect(seen == 2)
    #expect(u32(bytes, offset) == 0x02014b50, "central directory should follow the entries")
}

@Test func sameEntriesGiveSameBytes() throws {
    func build() throws -> [UInt8] {
        let writer = ZipArchiveWriter()
        writer.add("a.xml", Array("<a>一</a>".utf8))
        writer.add("b.xml", Array("<b>二</b>".utf8))
        return try writer.finish()
    }
    #expect(try build() == build())
}

/// A part deflated ahead of time (a style's styles.xml, made once per batch; every part to
/// deflate, as it is added) gives the archive
/// libzip itself writes when it deflates the part: the same compressed bytes, CRC, sizes, method,
/// level flags and version needed, at every level and for the stored case; and reads back whole.
@Test func aPreparedPartGivesTheArchiveLibzipWrites() throws {
    // Text that compresses differently at each level, with a non-ASCII name for the UTF-8 flag.
    var generator = SystemRandomNumberGenerator()
    let words = ["<w:p>", "讲话", "同志们", "</w:p>", "发展", "\n", "<w:t xml:space=\"preserve\">"]
    let large = Array((0..<6_000).map { _ in words.randomElement(using: &generator)! }.joined().utf8)
    let small = Array("<a/>".utf8)
    let compressions: [ZipCompression] = [.deflated(level: 1), .deflated(level: 2), .deflated(level: 6), .deflated(level: 9),
                                          .automatic(level: 1), .stored]
    for compression in compressions {
        for bytes in [large, small] {
            let plain = ZipArchiveWriter(), prepared = ZipArchiveWriter()
            plain.deflatesParts = false
            plain.add("word/样式.xml", bytes, compression: compression)
            plain.add("b.xml", small)
            prepared.add("word/样式.xml", prepared: try ZipPreparedPart(bytes, compression: compression))
            prepared.add("b.xml", small)
            let expected = try plain.finish(), made = try prepared.finish()
            #expect(made == expected, "\(compression), \(bytes.count) bytes")
            #expect(try ZipArchiveReader(made).read("word/样式.xml") == bytes)
        }
    }
}

/// A part streamed in pieces of any size (a long speech's document.xml) gives libzip's own
/// archive for the whole part, and a part that stays under the piece size is added as it is.
@Test func aStreamedPartGivesTheArchiveLibzipWrites() throws {
    var generator = SystemRandomNumberGenerator()
    let words = ["<w:p><w:r><w:t>", "同志们", "要坚持", "</w:t></w:r></w:p>", "发展", "\n"]
    let large = Array((0..<400_000).map { _ in words.randomElement(using: &generator)! }.joined().utf8)
    #expect(large.count > 2 * ZipArchiveWriter.streamingPieceSize)
    for compression in [ZipCompression.automatic(level: 1), .deflated(level: 6), .deflated(level: 9)] {
        let plain = ZipArchiveWriter(), streamed = ZipArchiveWriter()
        plain.deflatesParts = false
        plain.add("word/document.xml", large, compression: compression)
        var pieces = 0
        try streamed.add("word/document.xml", streaming: compression) { size, sink in
            // Uneven pieces, as an XML writer flushes them: at least `size`, then whatever is left.
            var start = 0
            while large.count - start > size {
                let end = min(large.count, start + size + Int.random(in: 0..<5_000, using: &generator))
                try large[start..<end].withUnsafeBufferPointer { try sink($0) }
                pieces += 1
                start = end
            }
            return Array(large[start...])
        }
        #expect(pieces >= 2)
        #expect(try streamed.finish() == plain.finish(), "\(compression)")
    }
    // Incompressible bytes: the compressed part spans several of its pieces.
    let noise = (0..<(3 * PartBytes.pieceSize)).map { _ in UInt8.random(in: 0...255, using: &generator) }
    let plain = ZipArchiveWriter(), streamed = ZipArchiveWriter()
    plain.deflatesParts = false
    plain.add("noise.bin", noise, compression: .deflated(level: 1))
    try streamed.add("noise.bin", streaming: .deflated(level: 1)) { size, sink in
        try noise[..<(noise.count - 100)].withUnsafeBufferPointer { try sink($0) }
        return Array(noise[(noise.count - 100)...])
    }
    #expect(try streamed.finish() == plain.finish(), "a part of several pieces")
    // Small: nothing streams, and a stored part stays stored.
    for compression in [ZipCompression.automatic(level: 1), .stored] {
        let plain = ZipArchiveWriter(), streamed = ZipArchiveWriter()
        plain.deflatesParts = false
        plain.add("a.xml", Array("<a>一</a>".utf8), compression: compression)
        try streamed.add("a.xml", streaming: compression) { _, _ in Array("<a>一</a>".utf8) }
        #expect(try streamed.finish() == plain.finish())
    }
}

/// The archive comes out of libzip into an array of ours (a writable source libzip writes,
/// seeks back in to rewrite a local header, and commits): the same bytes libzip's own buffer
/// holds, for parts libzip deflates itself (their headers are written again once the sizes are
/// known), parts deflated here, stored, empty and many.
@Test func theArchiveWrittenIntoOurArrayIsTheOneLibzipsBufferHolds() throws {
    var generator = SystemRandomNumberGenerator()
    let words = ["<p>", "同志们", "要坚持", "</p>", "发展", "\n"]
    func text(_ count: Int) -> [UInt8] { Array((0..<count).map { _ in words.randomElement(using: &generator)! }.joined().utf8) }
    for libzipDeflates in [false, true] {
        for partCount in [1, 3, 40] {
            let ours = ZipArchiveWriter(), libzips = ZipArchiveWriter()
            libzips.writesToLibzipBuffer = true
            for writer in [ours, libzips] { writer.deflatesParts = !libzipDeflates }
            for index in 0..<partCount {
                let bytes = index % 4 == 3 ? [] : text(Int.random(in: 1...20_000, using: &generator))
                let compression: ZipCompression = index == 0 ? .stored : index % 2 == 0 ? .deflated(level: 6) : .automatic(level: 1)
                for writer in [ours, libzips] { writer.add("part-\(index).xml", bytes, compression: compression) }
            }
            let expected = try libzips.finish()
            #expect(try ours.finish() == expected, "\(partCount) parts, libzip deflates: \(libzipDeflates)")
            #expect(try ZipArchiveReader(expected).entries.count == partCount)
        }
    }
}

@Test func notAZipIsAClearError() {
    #expect(throws: ZipError.self) { try ZipArchiveReader(Array("这不是压缩包".utf8)) }
}

@Test func oversizedEntriesAreRefused() throws {
    let writer = ZipArchiveWriter()
    writer.add("big.xml", [UInt8](repeating: 0x41, count: 100_000))
    let reader = try ZipArchiveReader(try writer.finish())
    #expect(throws: ZipError.entryTooLarge(name: "big.xml", limit: 1000)) { try reader.read("big.xml", limit: 1000) }
    #expect(throws: ZipError.missingEntry("nope")) { try reader.read("nope") }
}

/// Memory let go is handed back once per threshold's worth, never for less: a batch of small
/// archives pays nothing, a large one a few calls.
@Test func releasedMemoryIsHandedBackOncePerThreshold() {
    var calls = 0
    let releases = ReleasedMemory(threshold: 100) { calls += 1 }
    releases.released(60)
    #expect(calls == 0)
    releases.released(40)
    #expect(calls == 1)
    releases.released(99)
    #expect(calls == 1)
    releases.released(1)
    releases.released(250)
    #expect(calls == 3)
}

/// A large archive's parts are let go as libzip writes them, and the archive still reads back
/// whole: 24 parts of a megabyte each, past the 16 MB at which memory is handed back.
@Test func aLargeArchiveLetsItsPartsGoAndReadsBackWhole() throws {
    var generator = SystemRandomNumberGenerator()
    let writer = ZipArchiveWriter()
    var parts: [[UInt8]] = []
    for index in 0..<24 {
        let block = (0..<4_096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let bytes = Array([[UInt8]](repeating: block, count: 256).joined())
        parts.append(bytes)
        writer.add("part-\(index).bin", bytes, compression: index % 2 == 0 ? .stored : .deflated(level: 1))
    }
    let reader = try ZipArchiveReader(try writer.finish())
    for (index, bytes) in parts.enumerated() { #expect(try reader.read("part-\(index).bin") == bytes) }
}

/// A part's bytes in pieces read back as the bytes appended, from any offset for any length:
/// every piece but the last full, none over the piece size.
@Test func partBytesInPiecesReadBackAsOneArray() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<8 {
        var flat: [UInt8] = [], pieces = PartBytes()
        for _ in 0..<Int.random(in: 0...10, using: &generator) {
            // Bytes that differ from place to place, made cheaply (no random draw per byte).
            let seed = UInt8.random(in: 0...255, using: &generator)
            let chunk = [UInt8](unsafeUninitializedCapacity: Int.random(in: 0...(PartBytes.pieceSize / 2), using: &generator)) { buffer, count in
                for index in buffer.indices { buffer[index] = UInt8(truncatingIfNeeded: index &* 31) &+ seed }
                count = buffer.count
            }
            flat += chunk
            chunk.withUnsafeBufferPointer { pieces.append($0) }
        }
        #expect(pieces.count == flat.count)
        #expect(pieces.pieces.dropLast().allSatisfy { $0.count == PartBytes.pieceSize })
        #expect(pieces.pieces.allSatisfy { !$0.isEmpty && $0.count <= PartBytes.pieceSize })
        for _ in 0..<12 {
            let offset = Int.random(in: 0...flat.count + 10, using: &generator)
            let length = Int.random(in: 0...(2 * PartBytes.pieceSize), using: &generator)
            var out = [UInt8](repeating: 0, count: length)
            let copied = out.withUnsafeMutableBytes { pieces.copy(from: offset, into: $0.baseAddress, max: length) }
            let expected = offset < flat.count ? Array(flat[offset..<min(flat.count, offset + length)]) : []
            #expect(copied == expected.count)
            #expect(Array(out[..<copied]) == expected)
        }
    }
    let whole = PartBytes([1, 2, 3])
    #expect(whole.pieces == [[1, 2, 3]] && whole.count == 3)
}

/// The entries' checksum, folded by carry-less multiplication, is zlib's: for every length up
/// to a few hundred bytes (the folding takes 64 at least and leaves up to 15 to zlib), large
/// parts, any checksum to go on from, and a part given in pieces as a stream gives it.
@Test func foldedChecksumIsZlibs() {
    var generator = SystemRandomNumberGenerator()
    var lengths = Array(0...400)
    lengths += [1_000, 4_095, 4_096, 65_537, 1 << 20]
    for length in lengths {
        let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes.withUnsafeBufferPointer { buffer in
            let start: UInt32 = length % 3 == 0 ? 0 : UInt32.random(in: 0...UInt32.max, using: &generator)
            let expected = ZipChecksum.zlibCRC32(start, buffer)
            #expect(ZipChecksum.crc32(start, buffer) == expected, "\(length) bytes after \(start)")
            let cut = length == 0 ? 0 : Int.random(in: 0...length, using: &generator)
            let first = ZipChecksum.crc32(start, UnsafeBufferPointer(rebasing: buffer[..<cut]))
            #expect(ZipChecksum.crc32(first, UnsafeBufferPointer(rebasing: buffer[cut...])) == expected, "\(length) bytes cut at \(cut)")
        }
    }
    // The check value of the CRC-32 catalogue.
    Array("123456789".utf8).withUnsafeBufferPointer { #expect(ZipChecksum.crc32(0, $0) == 0xCBF43926) }
    let long = [UInt8](repeating: 0x61, count: 100)
    long.withUnsafeBufferPointer { #expect(ZipChecksum.crc32(0, $0) == ZipChecksum.zlibCRC32(0, $0)) }
}
