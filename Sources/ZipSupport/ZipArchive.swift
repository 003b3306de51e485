import SystemSupport
import CLibZip
#if canImport(Glibc)
import Glibc
#endif

public enum ZipError: Error, CustomStringConvertible, Equatable {
    case libzip(operation: String, message: String)
    case entryTooLarge(name: String, limit: Int)
    case missingEntry(String)

    public var description: String {
        switch self {
        case .libzip(let operation, let message): return "zip: cannot \(operation): \(message)"
        case .entryTooLarge(let name, let limit): return "zip entry \(name) is larger than \(limit) bytes"
        case .missingEntry(let name): return "zip has no entry \(name)"
        }
    }

    /// The one place libzip error codes become Swift errors.
    static func from(_ error: UnsafeMutablePointer<zip_error_t>, _ operation: String) -> ZipError {
        let message = zip_error_strerror(error).map { String(cString: $0) } ?? "unknown error"
        return .libzip(operation: operation, message: message)
    }

    static func from(archive: OpaquePointer, _ operation: String) -> ZipError {
        from(zip_get_error(archive), operation)
    }
}

/// How an entry's bytes are stored.
public enum ZipCompression: Sendable, Equatable {
    case stored
    /// zlib level 1 (fastest) … 9 (smallest).
    case deflated(level: Int)
    /// Deflated at this level when the entry is larger than `threshold` bytes, else stored:
    /// zlib clears about 128 KB of tables for every entry it deflates, which costs more than a
    /// part of a kilobyte or two gains from compression.
    case automatic(level: Int, threshold: Int = 2048)

    /// The level a part above the threshold is deflated at; nil when stored.
    public var deflateLevel: Int? {
        switch self {
        case .stored: nil
        case .deflated(let level), .automatic(let level, _): level
        }
    }

    /// The level libzip gives zlib for a requested level.
    static func zlibLevel(_ level: Int) -> Int32 { Int32(min(max(level, 1), 9)) }

    /// Starts a raw deflate stream with the parameters libzip's own deflate uses (15-bit window,
    /// memory level 9, default strategy), so that the bytes are the ones libzip would write.
    static func startDeflate(_ stream: UnsafeMutablePointer<z_stream>, level: Int) throws {
        guard deflateInit2_(stream, zlibLevel(level), Z_DEFLATED, -MAX_WBITS, MAX_MEM_LEVEL, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { throw ZipError.libzip(operation: "deflate a part", message: "zlib could not start") }
    }

    func resolved(size: Int) -> ZipCompression {
        if case .automatic(let level, let threshold) = self { return size > threshold ? .deflated(level: level) : .stored }
        return self
    }
}

/// The CRC-32 of a zip entry (zlib's crc32_z, the same values): by carry-less multiplication
/// where the processor has it (CLibZip's speechdoc_crc32), zlib's tables elsewhere.
enum ZipChecksum {
    /// The checksum of `bytes` following `crc` (0 for the first bytes).
    static func crc32(_ crc: UInt32, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return crc }
        return speechdoc_crc32(crc, base, bytes.count)
    }

    /// zlib's own, for the tests to hold the other to.
    static func zlibCRC32(_ crc: UInt32, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        UInt32(crc32_z(uLong(crc), bytes.baseAddress, bytes.count))
    }
}

/// A part's bytes as pieces: one array for a part made whole, pieces of `pieceSize` for a part
/// deflated as it comes (`ZipPartStream`), which grows without copying what it holds.
struct PartBytes: Sendable {
    static let pieceSize = 1 << 20
    private(set) var pieces: [[UInt8]] = []
    private(set) var count = 0

    init() {}

    init(_ bytes: [UInt8]) {
        if !bytes.isEmpty { pieces = [bytes] }
        count = bytes.count
    }

    /// Fills the last piece to `pieceSize`, then starts new ones at that size.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        var rest = bytes[...]
        while !rest.isEmpty {
            if pieces.isEmpty || pieces[pieces.count - 1].count >= Self.pieceSize {
                pieces.append([])
                pieces[pieces.count - 1].reserveCapacity(Self.pieceSize)
            }
            let room = Self.pieceSize - pieces[pieces.count - 1].count
            let taken = rest.prefix(room)
            pieces[pieces.count - 1].append(contentsOf: UnsafeBufferPointer(rebasing: taken))
            rest = rest.dropFirst(taken.count)
        }
        count += bytes.count
    }

    /// Copies up to `max` bytes from `offset` on into `pointer`; the count copied.
    func copy(from offset: Int, into pointer: UnsafeMutableRawPointer?, max: Int) -> Int {
        guard let pointer, offset < count, max > 0 else { return 0 }
        var copied = 0, start = 0
        for piece in pieces {
            let end = start + piece.count
            if offset + copied < end {
                let from = offset + copied - start
                let n = Swift.min(piece.count - from, max - copied)
                piece.withUnsafeBytes { (pointer + copied).copyMemory(from: $0.baseAddress! + from, byteCount: n) }
                copied += n
                if copied == max { break }
            }
            start = end
        }
        return copied
    }
}

/// A part deflated once, ahead of time, for a part many archives share (a style's styles.xml or
/// stylesheet): libzip copies the compressed bytes into each archive instead of deflating them
/// again. The bytes are what libzip itself would write: zlib with libzip's parameters (raw
/// deflate, 15-bit window, memory level 9, default strategy), the same CRC, the same
/// general-purpose flags for the level.
public struct ZipPreparedPart: Sendable {
    let data: PartBytes
    let size: Int
    let crc: UInt32
    let compression: ZipCompression

    /// Bytes deflated elsewhere (`ZipPartStream`).
    init(deflated data: PartBytes, size: Int, crc: UInt32, level: Int) {
        (self.data, self.size, self.crc, self.compression) = (data, size, crc, .deflated(level: level))
    }

    /// Bytes stored as they are.
    public init(stored bytes: [UInt8]) {
        (data, size, crc, compression) = (PartBytes(bytes), bytes.count, 0, .stored)
    }

    public init(_ bytes: [UInt8], compression: ZipCompression) throws {
        self.size = bytes.count
        self.compression = compression.resolved(size: bytes.count)
        guard case .deflated(let level) = self.compression else {
            (data, crc) = (PartBytes(bytes), 0)
            return
        }
        crc = bytes.withUnsafeBufferPointer { ZipChecksum.crc32(0, $0) }
        data = PartBytes(try Self.deflate(bytes, level: level))
    }

    private static func deflate(_ bytes: [UInt8], level: Int) throws -> [UInt8] {
        // At one address throughout: zlib keeps a pointer back to its stream and checks it.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deinitialize(count: 1); stream.deallocate() }
        try ZipCompression.startDeflate(stream, level: level)
        defer { deflateEnd(stream) }
        // Room for the worst case, left uninitialised (zlib writes it); the part keeps a copy of
        // the compressed length only.
        let bound = Int(deflateBound(stream, uLong(bytes.count)))
        let room = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bound, 1))
        defer { room.deallocate() }
        let status = bytes.withUnsafeBufferPointer { input in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.pointee.avail_in = uInt(input.count)
            stream.pointee.next_out = room.baseAddress
            stream.pointee.avail_out = uInt(bound)
            return CLibZip.deflate(stream, Z_FINISH)
        }
        guard status == Z_STREAM_END else { throw ZipError.libzip(operation: "deflate a part", message: "zlib status \(status)") }
        return Array(UnsafeBufferPointer(rebasing: room[..<Int(stream.pointee.total_out)]))
    }
}

/// A part deflated as it is made, a piece at a time, for a part too large to hold whole (a long
/// speech's document.xml): only its compressed bytes are kept. The result is the archive entry
/// libzip writes for the whole part at this level (same parameters as `ZipPreparedPart`; zlib's
/// output does not depend on how its input is cut into pieces).
public final class ZipPartStream {
    /// On the heap: zlib keeps a pointer back to its stream and checks it on every call.
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var started = false
    private var finished = false
    /// The compressed bytes so far, in pieces: one array grown by doubling held the old and the
    /// new storage at each step and up to twice the room (50 MB for the 19 MB document.xml of a
    /// million short paragraphs).
    private var output = PartBytes()
    /// zlib's output, a piece at a time; made at the first write (most parts never stream).
    private var chunk: [UInt8] = []
    private var crc: UInt32 = 0
    private var size = 0
    private let level: Int

    /// `level`: the deflate level (1–9) the part would have been added with.
    public init(level: Int) {
        self.level = level
        stream.initialize(to: z_stream())
    }

    deinit {
        if started { deflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Bytes given so far.
    public var count: Int { size }

    public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        precondition(!finished, "a finished part stream takes no more bytes")
        if !started {
            try ZipCompression.startDeflate(stream, level: level)
            started = true
            chunk = [UInt8](repeating: 0, count: 64 << 10)
        }
        crc = ZipChecksum.crc32(crc, bytes)
        size += bytes.count
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base)
        stream.pointee.avail_in = uInt(bytes.count)
        try run(Z_NO_FLUSH)
        stream.pointee.next_in = nil
    }

    /// The part, ready for `ZipArchiveWriter.add(_:prepared:)`.
    public func finish() throws -> ZipPreparedPart {
        precondition(!finished, "a part stream is finished once")
        guard started else {
            finished = true
            return try ZipPreparedPart([], compression: .deflated(level: level))
        }
        stream.pointee.avail_in = 0
        try run(Z_FINISH)
        finished = true
        defer { output = PartBytes() }
        return ZipPreparedPart(deflated: output, size: size, crc: crc, level: level)
    }

    /// Deflates what is pending, a chunk of output at a time, until zlib has taken all the input
    /// (or, finishing, has ended the stream).
    private func run(_ flush: Int32) throws {
        while true {
            var status: Int32 = Z_OK
            let produced = chunk.withUnsafeMutableBufferPointer { buffer -> Int in
                stream.pointee.next_out = buffer.baseAddress
                stream.pointee.avail_out = uInt(buffer.count)
                status = CLibZip.deflate(stream, flush)
                return buffer.count - Int(stream.pointee.avail_out)
            }
            guard status == Z_OK || status == Z_STREAM_END || (status == Z_BUF_ERROR && produced > 0) else {
                throw ZipError.libzip(operation: "deflate a part", message: "zlib status \(status)")
            }
            chunk.withUnsafeBufferPointer { output.append(UnsafeBufferPointer(rebasing: $0[..<produced])) }
            if status == Z_STREAM_END { return }
            if flush != Z_FINISH && stream.pointee.avail_out > 0 { return }
        }
    }
}

/// A DOS timestamp: zip stores local time with two-second resolution.
public struct ZipTimestamp: Sendable, Hashable {
    public var year, month, day, hour, minute, second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second) = (hour, minute, second)
    }

    /// 1980-01-01 00:00, the earliest a zip can say: the default for reproducible output.
    public static let epoch = ZipTimestamp(year: 1980, month: 1, day: 1)

    /// The latest a zip can say: 2107-12-31 23:59:58.
    public static let latest = ZipTimestamp(year: 2107, month: 12, day: 31, hour: 23, minute: 59, second: 58)

    /// A SOURCE_DATE_EPOCH time in UTC, or the zip epoch when there is none (or it is earlier);
    /// a time past what a zip can say is held at its latest (DOS dates end in 2107).
    public init(epoch: Int?) {
        guard let epoch, epoch >= 315_532_800 else { self = .epoch; return }
        guard epoch < 4_354_819_200 else { self = .latest; return }
        let time = UTCTime(epoch: epoch)
        self.init(year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second)
    }

    var dosTime: UInt16 { UInt16(hour << 11 | minute << 5 | second / 2) }
    var dosDate: UInt16 { UInt16(max(year - 1980, 0) << 9 | month << 5 | day) }

    /// The time libzip makes of these DOS fields (its `zip_file_set_dostime`: the fields as local
    /// time, through mktime) and turns back into them when it writes the headers. Made once per
    /// timestamp: glibc's mktime reads the time zone file again on every call, and a batch gives
    /// every entry of every archive the same timestamp.
    var libzipTime: time_t {
        Self.times.withLock { times in
            if let known = times[self] { return known }
            var fields = tm()
            fields.tm_isdst = -1
            fields.tm_year = Int32((Int(dosDate) >> 9) & 127) + 1980 - 1900
            fields.tm_mon = Int32((Int(dosDate) >> 5) & 15) - 1
            fields.tm_mday = Int32(Int(dosDate) & 31)
            fields.tm_hour = Int32((Int(dosTime) >> 11) & 31)
            fields.tm_min = Int32((Int(dosTime) >> 5) & 63)
            fields.tm_sec = Int32((Int(dosTime) << 1) & 62)
            let time = mktime(&fields)
            times[self] = time
            return time
        }
    }

    private static let times = Locked<[ZipTimestamp: time_t]>([:])
}

/// Builds a zip archive in memory. Entries keep the order they were added in; every entry has
/// known sizes (no data descriptors) and nothing needs ZIP64.
///
/// A part is kept as the caller's bytes and read by libzip through a source of our own
/// (`PartSource`), a piece at a time, while the archive is written: a large document's XML is
/// never copied whole for libzip.
public final class ZipArchiveWriter {
    private struct Entry {
        var name: String
        var bytes: PartBytes
        var compression: ZipCompression
        /// Set when `bytes` are already deflated: (uncompressed size, CRC-32).
        var deflated: (size: Int, crc: UInt32)? = nil
    }

    private var entries: [Entry] = []
    /// The parts' memory, handed back as libzip lets them go.
    private let releases = ReleasedMemory()
    public var timestamp: ZipTimestamp
    /// Off only in tests, to have libzip deflate a part itself and compare.
    var deflatesParts = true
    /// On only in tests, to have libzip write into its own buffer and compare.
    var writesToLibzipBuffer = false

    public init(timestamp: ZipTimestamp = .epoch) {
        self.timestamp = timestamp
    }

    /// A part to deflate is deflated here and now, so that until the archive is finished only
    /// its compressed bytes are held (a collection's chapters add up); libzip copies them as
    /// they are. Stored parts, and a part zlib could not take, go to libzip as given.
    public func add(_ name: String, _ bytes: [UInt8], compression: ZipCompression = .deflated(level: 6)) {
        if deflatesParts, case .deflated = compression.resolved(size: bytes.count),
           let part = try? ZipPreparedPart(bytes, compression: compression) {
            add(name, prepared: part)
        } else {
            entries.append(Entry(name: name, bytes: PartBytes(bytes), compression: compression))
        }
    }

    /// Bytes of a streamed part handed to zlib at a time; above every `automatic` threshold, so
    /// a part that streams is one that would have been deflated.
    public static let streamingPieceSize = 1 << 20

    /// A part that may be too large to hold whole. `make` is given a piece size and a sink: it
    /// writes pieces of about that size to the sink once it has made that much, and returns
    /// what it did not send (the whole part, when it stayed small). A streamed part is deflated
    /// as it comes, and only its compressed bytes are kept; the archive is the same either way.
    public func add(_ name: String, streaming compression: ZipCompression,
                    _ make: (Int, @escaping (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> [UInt8]) throws {
        add(name, made: try Self.make(streaming: compression, make), compression: compression)
    }

    /// A part made as `add(_:streaming:_:)` makes it, to add later (`add(_:made:compression:)`):
    /// an e-book's chapters are made before the parts that list them, which go first.
    public enum MadePart {
        /// A part that stayed small, as it was made.
        case whole([UInt8])
        /// A part deflated as it came.
        case deflated(ZipPreparedPart)
    }

    public static func make(streaming compression: ZipCompression,
                            _ make: (Int, @escaping (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> [UInt8]) throws -> MadePart {
        guard let level = compression.deflateLevel else {
            return .whole(try make(.max) { _ in preconditionFailure("a stored part does not stream") })
        }
        let stream = ZipPartStream(level: level)
        let rest = try make(Self.streamingPieceSize) { try stream.write($0) }
        if stream.count == 0 {
            // Deflated now, as `add` deflates a part: a part kept for later keeps only its
            // compressed bytes (an e-book's chapters wait for the contents).
            if case .deflated = compression.resolved(size: rest.count), let part = try? ZipPreparedPart(rest, compression: compression) {
                return .deflated(part)
            }
            return .whole(rest)
        }
        try rest.withUnsafeBufferPointer { try stream.write($0) }
        return .deflated(try stream.finish())
    }

    /// A part made by `make(streaming:_:)` with the same compression.
    public func add(_ name: String, made part: MadePart, compression: ZipCompression) {
        switch part {
        case .whole(let bytes): add(name, bytes, compression: compression)
        case .deflated(let prepared): add(name, prepared: prepared)
        }
    }

    /// A part deflated ahead of time: its compressed bytes go into the archive as they are.
    public func add(_ name: String, prepared part: ZipPreparedPart) {
        if case .deflated = part.compression {
            entries.append(Entry(name: name, bytes: part.data, compression: part.compression, deflated: (part.size, part.crc)))
        } else {
            entries.append(Entry(name: name, bytes: part.data, compression: part.compression))
        }
    }

    public func finish() throws -> [UInt8] {
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        // libzip writes into an array of ours, sized beforehand from the parts it will hold: no
        // buffer of its own to copy out at the end, and no growing (a 50 MB book was held twice).
        // Tests may have it write into its own buffer instead, to compare.
        let sink = writesToLibzipBuffer ? nil : ArchiveSink(capacity: expectedSize())
        let created = if let sink { sink.makeSource(&error) } else { zip_source_buffer_create(nil, 0, 0, &error) }
        guard let source = created else { throw ZipError.from(&error, "create the archive's buffer") }
        zip_source_keep(source)
        defer { zip_source_free(source) }
        guard let archive = zip_open_from_source(source, ZIP_TRUNCATE, &error) else {
            zip_source_free(source)
            throw ZipError.from(&error, "open an archive in memory")
        }
        // Each part leaves this writer as it goes to its source, so once libzip has written it
        // nothing holds its bytes any more.
        entries.reverse()
        while let entry = entries.popLast() {
            do {
                try add(entry, to: archive)
            } catch {
                zip_discard(archive)
                throw error
            }
        }
        if zip_close(archive) != 0 {
            let failure = ZipError.from(archive: archive, "write the archive")
            zip_discard(archive)
            throw failure
        }
        return try sink?.take() ?? Self.readAll(source)
    }

    /// What libzip's own buffer holds (tests only).
    private static func readAll(_ source: OpaquePointer) throws -> [UInt8] {
        var stat = zip_stat_t()
        zip_stat_init(&stat)
        guard zip_source_stat(source, &stat) == 0, zip_source_open(source) == 0 else {
            throw ZipError.from(zip_source_error(source), "read the archive back")
        }
        defer { zip_source_close(source) }
        var bytes = [UInt8](repeating: 0, count: Int(stat.size))
        let read = bytes.withUnsafeMutableBytes { zip_source_read(source, $0.baseAddress, zip_uint64_t($0.count)) }
        guard read == Int64(stat.size) else { throw ZipError.from(zip_source_error(source), "read the archive back") }
        return bytes
    }

    /// The archive's size when every part is as it will be written (deflated parts are, stored
    /// ones are): each part's bytes, its local and central headers with its name twice, and the
    /// end record; a part libzip deflates itself can only be smaller than its bytes here.
    private func expectedSize() -> Int {
        entries.reduce(22) { $0 + $1.bytes.count + 30 + 46 + 2 * $1.name.utf8.count }
    }

    private func add(_ entry: Entry, to archive: OpaquePointer) throws {
        let part = Unmanaged.passRetained(PartSource(entry.bytes, deflated: entry.deflated, compression: entry.compression,
                                                     releases: releases))
        // libzip owns the source from here, and frees it (ZIP_SOURCE_FREE releases the part).
        guard let source = zip_source_function(archive, PartSource.callback, part.toOpaque()) else {
            part.release()
            throw ZipError.from(archive: archive, "add \(entry.name)")
        }
        let index = zip_file_add(archive, entry.name, source, zip_flags_t(ZIP_FL_ENC_UTF_8))
        guard index >= 0 else {
            zip_source_free(source)
            throw ZipError.from(archive: archive, "add \(entry.name)")
        }
        let (method, level): (Int32, UInt32) = switch entry.compression.resolved(size: entry.deflated?.size ?? entry.bytes.count) {
        case .stored, .automatic: (ZIP_CM_STORE, 0)
        case .deflated(let level): (ZIP_CM_DEFLATE, UInt32(ZipCompression.zlibLevel(level)))
        }
        guard zip_set_file_compression(archive, zip_uint64_t(index), method, level) == 0,
              zip_file_set_mtime(archive, zip_uint64_t(index), timestamp.libzipTime, 0) == 0
        else { throw ZipError.from(archive: archive, "set up \(entry.name)") }
    }
}

/// What both of our libzip sources answer alike: which commands they take, reading their bytes
/// from an offset, and moving it.
enum SourceReading {
    static func commands(_ commands: zip_source_cmd_t...) -> zip_int64_t {
        commands.reduce(0) { $0 | zip_int64_t(1) << zip_int64_t($1.rawValue) }
    }

    /// ZIP_SOURCE_READ: up to `length` bytes from `offset` into `pointer`; the count copied.
    static func read(_ bytes: [UInt8], at offset: inout Int, into pointer: UnsafeMutableRawPointer?, _ length: zip_uint64_t) -> zip_int64_t {
        let count = min(Int(length), bytes.count - offset)
        if count > 0, let pointer {
            bytes.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress! + offset, byteCount: count) }
        }
        offset += max(count, 0)
        return zip_int64_t(max(count, 0))
    }

    /// ZIP_SOURCE_SEEK and ZIP_SOURCE_SEEK_WRITE: libzip's arguments applied to `offset` within
    /// `count` bytes.
    static func seek(_ offset: inout Int, count: Int, _ pointer: UnsafeMutableRawPointer?, _ length: zip_uint64_t,
                     _ error: inout zip_error_t) -> zip_int64_t {
        guard let pointer else { return -1 }
        let target = zip_source_seek_compute_offset(zip_uint64_t(offset), zip_uint64_t(count), pointer, length, &error)
        guard target >= 0 else { return -1 }
        offset = Int(target)
        return 0
    }
}

/// Where libzip writes an archive: a writable libzip source over an array of ours. libzip
/// begins a write, writes and seeks back to rewrite a local header, then commits; the committed
/// bytes are the archive, taken without a copy.
final class ArchiveSink {
    private var data: [UInt8] = []
    private var written: [UInt8] = []
    private let capacity: Int
    private var readOffset = 0
    private var writeOffset = 0
    private var error = zip_error_t()

    init(capacity: Int) {
        self.capacity = capacity
        zip_error_init(&error)
    }

    deinit { zip_error_fini(&error) }

    /// A libzip source over this sink; libzip keeps the sink until it frees the source
    /// (ZIP_SOURCE_FREE).
    func makeSource(_ error: inout zip_error_t) -> OpaquePointer? {
        let token = Unmanaged.passRetained(self)
        guard let source = zip_source_function_create(Self.callback, token.toOpaque(), &error) else {
            token.release()
            return nil
        }
        return source
    }

    /// The committed archive; the sink keeps nothing.
    func take() -> [UInt8] {
        defer { data = [] }
        return data
    }

    static let callback: zip_source_callback = { state, data, length, command in
        let sink = Unmanaged<ArchiveSink>.fromOpaque(state!).takeUnretainedValue()
        return sink.handle(data, length, command)
    }

    private static let supported = SourceReading.commands(
        ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
        ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL, ZIP_SOURCE_SUPPORTS, ZIP_SOURCE_BEGIN_WRITE, ZIP_SOURCE_COMMIT_WRITE,
        ZIP_SOURCE_ROLLBACK_WRITE, ZIP_SOURCE_WRITE, ZIP_SOURCE_SEEK_WRITE, ZIP_SOURCE_TELL_WRITE, ZIP_SOURCE_REMOVE)

    func handle(_ pointer: UnsafeMutableRawPointer?, _ length: zip_uint64_t, _ command: zip_source_cmd_t) -> zip_int64_t {
        switch command {
        case ZIP_SOURCE_OPEN:
            readOffset = 0
            return 0
        case ZIP_SOURCE_READ:
            return SourceReading.read(data, at: &readOffset, into: pointer, length)
        case ZIP_SOURCE_CLOSE:
            return 0
        case ZIP_SOURCE_STAT:
            guard let pointer, length >= zip_uint64_t(MemoryLayout<zip_stat_t>.size) else { return -1 }
            let stat = pointer.assumingMemoryBound(to: zip_stat_t.self)
            zip_stat_init(stat)
            stat.pointee.size = zip_uint64_t(data.count)
            stat.pointee.valid |= zip_uint64_t(ZIP_STAT_SIZE)
            return zip_int64_t(MemoryLayout<zip_stat_t>.size)
        case ZIP_SOURCE_ERROR:
            guard let pointer else { return -1 }
            return zip_error_to_data(&error, pointer, length)
        case ZIP_SOURCE_FREE:
            Unmanaged.passUnretained(self).release()
            return 0
        case ZIP_SOURCE_SEEK:
            return SourceReading.seek(&readOffset, count: data.count, pointer, length, &error)
        case ZIP_SOURCE_TELL:
            return zip_int64_t(readOffset)
        case ZIP_SOURCE_BEGIN_WRITE:
            written = []
            written.reserveCapacity(capacity)
            writeOffset = 0
            return 0
        case ZIP_SOURCE_WRITE:
            guard let pointer else { return length == 0 ? 0 : -1 }
            let bytes = UnsafeRawBufferPointer(start: pointer, count: Int(length))
            // Over what is there (a local header written again), then past its end.
            if writeOffset > written.count { written.append(contentsOf: repeatElement(0, count: writeOffset - written.count)) }
            let over = min(bytes.count, written.count - writeOffset)
            if over > 0 {
                written.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: writeOffset).copyMemory(from: bytes.baseAddress!, byteCount: over) }
            }
            if over < bytes.count { written.append(contentsOf: bytes[over...]) }
            writeOffset += bytes.count
            return zip_int64_t(bytes.count)
        case ZIP_SOURCE_SEEK_WRITE:
            return SourceReading.seek(&writeOffset, count: written.count, pointer, length, &error)
        case ZIP_SOURCE_TELL_WRITE:
            return zip_int64_t(writeOffset)
        case ZIP_SOURCE_COMMIT_WRITE:
            data = written
            written = []
            return 0
        case ZIP_SOURCE_ROLLBACK_WRITE:
            written = []
            return 0
        case ZIP_SOURCE_REMOVE:
            data = []
            return 0
        case ZIP_SOURCE_SUPPORTS:
            return Self.supported
        default:
            zip_error_set(&error, ZIP_ER_OPNOTSUPP, 0)
            return -1
        }
    }
}

/// One part's bytes as a libzip source: read in pieces, seekable (libzip may seek within a read),
/// with the same metadata a buffer source gives (size; stored, unencrypted). The bytes are
/// copied out only inside `withUnsafeBytes`, a piece at a time.
///
/// A prepared part's source says its bytes are deflated, with their uncompressed size and CRC,
/// and gives the attributes libzip's own deflating source gives (version 2.0 needed, the level's
/// general-purpose bits), so libzip copies them without deflating again and writes the same
/// headers it would have written.
///
/// Once libzip has read a part to its end and closed it, the bytes are let go: libzip has copied
/// them into the archive, and a book's chapters are not held twice while the rest is written.
/// Should libzip open the part again, it gets an error, never other bytes.
final class PartSource {
    private(set) var bytes: PartBytes
    /// The part's length, kept when its bytes are let go.
    let count: Int
    /// libzip has read the part and its bytes are gone.
    private var released: Bool { bytes.count != count }
    let deflated: (size: Int, crc: UInt32)?
    let compression: ZipCompression
    var offset = 0
    var error = zip_error_t()

    /// Told of each part let go (the archive's parts share one).
    let releases: ReleasedMemory?

    init(_ bytes: PartBytes, deflated: (size: Int, crc: UInt32)? = nil, compression: ZipCompression = .stored,
         releases: ReleasedMemory? = nil) {
        self.bytes = bytes
        self.count = bytes.count
        self.releases = releases
        self.deflated = deflated
        self.compression = compression
        zip_error_init(&error)
    }

    /// Bits 1–2 of the general-purpose flags as libzip's deflate sets them for a level.
    private static func levelBits(_ compression: ZipCompression) -> UInt16 {
        guard case .deflated(let level) = compression else { return 0 }
        let zlibLevel = ZipCompression.zlibLevel(level)
        return zlibLevel < 3 ? 2 << 1 : zlibLevel > 7 ? 1 << 1 : 0
    }

    /// libzip's ZIP_FILE_ATTRIBUTES_GENERAL_PURPOSE_BIT_FLAGS_ALLOWED_MASK (zipint.h, not installed).
    private static let allowedFlagsMask: UInt16 = 0x0836

    deinit { zip_error_fini(&error) }

    static let callback: zip_source_callback = { state, data, length, command in
        let part = Unmanaged<PartSource>.fromOpaque(state!).takeUnretainedValue()
        return part.handle(data, length, command)
    }

    private static let supported = SourceReading.commands(
        ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
        ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL, ZIP_SOURCE_SUPPORTS, ZIP_SOURCE_GET_FILE_ATTRIBUTES)

    func handle(_ data: UnsafeMutableRawPointer?, _ length: zip_uint64_t, _ command: zip_source_cmd_t) -> zip_int64_t {
        switch command {
        case ZIP_SOURCE_OPEN:
            guard !released else {
                zip_error_set(&error, ZIP_ER_INTERNAL, 0)
                return -1
            }
            offset = 0
            return 0
        case ZIP_SOURCE_READ:
            let copied = bytes.copy(from: offset, into: data, max: Int(min(length, zip_uint64_t(Int.max))))
            offset += copied
            return zip_int64_t(copied)
        case ZIP_SOURCE_CLOSE:
            if !released, offset >= count, count > 0 {
                bytes = PartBytes()
                releases?.released(count)
            }
            return 0
        case ZIP_SOURCE_STAT:
            guard let data, length >= zip_uint64_t(MemoryLayout<zip_stat_t>.size) else { return -1 }
            let stat = data.assumingMemoryBound(to: zip_stat_t.self)
            zip_stat_init(stat)
            stat.pointee.size = zip_uint64_t(deflated?.size ?? count)
            stat.pointee.comp_size = zip_uint64_t(count)
            stat.pointee.comp_method = zip_uint16_t(deflated == nil ? ZIP_CM_STORE : ZIP_CM_DEFLATE)
            stat.pointee.encryption_method = zip_uint16_t(ZIP_EM_NONE)
            stat.pointee.valid |= zip_uint64_t(ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_ENCRYPTION_METHOD)
            if let deflated {
                stat.pointee.crc = zip_uint32_t(deflated.crc)
                stat.pointee.valid |= zip_uint64_t(ZIP_STAT_CRC)
            }
            return zip_int64_t(MemoryLayout<zip_stat_t>.size)
        case ZIP_SOURCE_GET_FILE_ATTRIBUTES:
            guard let data, length >= zip_uint64_t(MemoryLayout<zip_file_attributes_t>.size) else { return -1 }
            let attributes = data.assumingMemoryBound(to: zip_file_attributes_t.self)
            if deflated != nil {
                attributes.pointee.valid |= zip_uint64_t(ZIP_FILE_ATTRIBUTES_VERSION_NEEDED | ZIP_FILE_ATTRIBUTES_GENERAL_PURPOSE_BIT_FLAGS)
                attributes.pointee.version_needed = 20
                attributes.pointee.general_purpose_bit_mask = Self.allowedFlagsMask
                attributes.pointee.general_purpose_bit_flags = Self.levelBits(compression)
            }
            return zip_int64_t(MemoryLayout<zip_file_attributes_t>.size)
        case ZIP_SOURCE_ERROR:
            guard let data else { return -1 }
            return zip_error_to_data(&error, data, length)
        case ZIP_SOURCE_FREE:
            Unmanaged.passUnretained(self).release()
            return 0
        case ZIP_SOURCE_SEEK:
            return SourceReading.seek(&offset, count: count, data, length, &error)
        case ZIP_SOURCE_TELL:
            return zip_int64_t(offset)
        case ZIP_SOURCE_SUPPORTS:
            return Self.supported
        default:
            zip_error_set(&error, ZIP_ER_OPNOTSUPP, 0)
            return -1
        }
    }
}

/// Reads a zip archive held in memory, refusing entries over a size limit.
public final class ZipArchiveReader {
    public struct EntryInfo: Sendable, Equatable {
        public var name: String
        public var size: Int
        public var compressedSize: Int
        public var isStored: Bool
    }

    private let archive: OpaquePointer
    private let storage: UnsafeMutableRawBufferPointer
    public let entries: [EntryInfo]

    public init(_ bytes: [UInt8]) throws {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        bytes.withUnsafeBytes { if let base = $0.baseAddress { storage.baseAddress!.copyMemory(from: base, byteCount: $0.count) } }
        self.storage = storage
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let source = zip_source_buffer_create(storage.baseAddress, zip_uint64_t(bytes.count), 0, &error) else {
            storage.deallocate()
            throw ZipError.from(&error, "read the archive")
        }
        guard let archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error) else {
            zip_source_free(source)
            storage.deallocate()
            throw ZipError.from(&error, "open the archive")
        }
        self.archive = archive
        var infos: [EntryInfo] = []
        for index in 0..<max(zip_get_num_entries(archive, 0), 0) {
            var stat = zip_stat_t()
            zip_stat_init(&stat)
            guard zip_stat_index(archive, zip_uint64_t(index), 0, &stat) == 0, let name = stat.name else { continue }
            infos.append(EntryInfo(name: String(cString: name), size: Int(stat.size),
                                   compressedSize: Int(stat.comp_size),
                                   isStored: stat.comp_method == UInt16(ZIP_CM_STORE)))
        }
        entries = infos
    }

    deinit {
        zip_discard(archive)
        storage.deallocate()
    }

    /// The entry's bytes; refuses entries whose stated or actual size passes `limit`.
    public func read(_ name: String, limit: Int = 64 << 20) throws -> [UInt8] {
        guard let info = entries.first(where: { $0.name == name }) else { throw ZipError.missingEntry(name) }
        if info.size > limit { throw ZipError.entryTooLarge(name: name, limit: limit) }
        guard let file = zip_fopen(archive, name, 0) else { throw ZipError.from(archive: archive, "open \(name)") }
        defer { zip_fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { zip_fread(file, $0.baseAddress, zip_uint64_t($0.count)) }
            if count < 0 { throw ZipError.libzip(operation: "read \(name)", message: "corrupt data") }
            if count == 0 { break }
            bytes += chunk[0..<Int(count)]
            if bytes.count > limit { throw ZipError.entryTooLarge(name: name, limit: limit) }
        }
        return bytes
    }
}
