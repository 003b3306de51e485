import CLibCExtras
import Glibc

extension String {
    /// The UTF-8 bytes, read in place: `withUTF8` is mutating, so a call on a `let` needs a
    /// `var` copy of the string, a retain and a release each time, and the reader asks for a
    /// line's bytes a score of times, the writers for every run's. A string whose bytes are
    /// not contiguous (bridged; none is made here) goes through `withUTF8`.
    @inlinable @inline(__always)
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}

/// glibc's memmem and memchr (vectorised).
public enum ByteSearch {
    /// The offset of the first `byte` in `buffer[from..<to]`, or nil.
    public static func firstIndex(of byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard let base = buffer.baseAddress, from < to else { return nil }
        guard let found = memchr(base + from, Int32(byte), to - from) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Whether `bytes` ends with `suffix` (memcmp of the tail).
    public static func hasSuffix(_ bytes: UnsafeBufferPointer<UInt8>, _ suffix: [UInt8]) -> Bool {
        suffix.withUnsafeBufferPointer { hasSuffix(bytes, $0) }
    }

    public static func hasSuffix(_ bytes: UnsafeBufferPointer<UInt8>, _ suffix: UnsafeBufferPointer<UInt8>) -> Bool {
        guard suffix.count <= bytes.count else { return false }
        guard let base = bytes.baseAddress, let tail = suffix.baseAddress, suffix.count > 0 else { return true }
        return memcmp(base + (bytes.count - suffix.count), tail, suffix.count) == 0
    }

    /// Whether `bytes` starts with `prefix` (memcmp of the head).
    public static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: UnsafeBufferPointer<UInt8>) -> Bool {
        guard prefix.count <= bytes.count else { return false }
        guard let base = bytes.baseAddress, let head = prefix.baseAddress, prefix.count > 0 else { return true }
        return memcmp(base, head, prefix.count) == 0
    }

    /// UTF-8 of Chinese text has no ASCII byte: the readers and writers looking for ASCII
    /// (line ends, controls, markup to escape) pass over it a word of eight bytes at a time.
    @inlinable @inline(__always)
    public static func word(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt64 {
        UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(fromByteOffset: index, as: UInt64.self)
    }

    /// No byte of the word is ASCII (each has its high bit set).
    @inlinable @inline(__always)
    public static func holdsNoASCII(_ word: UInt64) -> Bool {
        word & 0x8080_8080_8080_8080 == 0x8080_8080_8080_8080
    }

    /// From `index`, past every whole word of eight bytes with no ASCII byte: the first place
    /// where an ASCII byte may stand (or where fewer than eight bytes are left).
    @inlinable @inline(__always)
    public static func skippingNonASCII(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var index = index
        while index + 8 <= bytes.count, holdsNoASCII(word(bytes, at: index)) { index += 8 }
        return index
    }

    /// Whether `needle` occurs in `haystack`.
    ///
    /// The readers ask this of every line for a word or two of Chinese (a needle of 3–6 bytes
    /// whose last byte, a UTF-8 continuation byte, is one of 64 and so about one byte in a
    /// hundred): hopping between that byte's places with memchr and comparing the rest costs a
    /// tenth of memmem, which sets up its tables for every call. A needle whose last byte keeps
    /// turning up goes to memmem after a few places.
    public static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: UnsafeRawBufferPointer) -> Bool {
        guard needle.count > 0 else { return true }
        guard haystack.count >= needle.count, let base = haystack.baseAddress, let word = needle.baseAddress else { return false }
        let last = needle.count - 1
        let lastByte = Int32(needle[last])
        // The needle's last byte can first stand at `last`.
        var from = last, tries = 0
        while from < haystack.count {
            guard tries < 8 else {
                return memmem(base + (from - last), haystack.count - (from - last), word, needle.count) != nil
            }
            guard let found = memchr(base + from, lastByte, haystack.count - from) else { return false }
            let end = base.distance(to: UnsafeRawPointer(found))
            if last == 0 || memcmp(base + (end - last), word, last) == 0 { return true }
            from = end + 1
            tries += 1
        }
        return false
    }
}

/// Allocator settings for converting many files in one process.
///
/// glibc's malloc serves large blocks (zlib's deflate state is about 270 KB, a document part
/// tens of KB) with mmap and gives freed memory at the top of the heap back to the kernel. Every
/// conversion then maps, faults in, zeroes and unmaps the same few hundred kilobytes, and
/// unmapping on one worker thread interrupts the others to flush their TLBs: a quarter of a
/// batch's time went to the kernel. Keeping blocks up to 32 MB on the heap and freed memory
/// in the process (up to 128 MB) lets each worker reuse its memory; the peak stays that of the
/// largest file being converted.
public enum MemoryTuning {
    public static func forBulkConversion() {
        _ = mallopt(SPEECHDOC_M_TRIM_THRESHOLD, 128 << 20)
        _ = mallopt(SPEECHDOC_M_MMAP_THRESHOLD, 32 << 20)
    }

    /// A `convert` of one input file (or with --single): blocks of 1 MB or more get mappings
    /// of their own, always. malloc's own threshold rises each time such a mapping is freed,
    /// and the arrays after it then come from the heap and leave holes there that the kernel
    /// does not get back (a file of a million short lines peaked 8 MB higher).
    public static func forOneConversion() {
        _ = mallopt(SPEECHDOC_M_MMAP_THRESHOLD, 1 << 20)
    }

    /// Hands free memory inside the heap back to the kernel (glibc's malloc_trim): for a caller
    /// that has just let go of tens of megabytes it will not need again, which the settings
    /// above would otherwise keep.
    public static func returnFreedMemory() {
        _ = malloc_trim(0)
    }
}

/// Counts bytes let go and hands memory back to the kernel each time `threshold` of them have
/// gone: a large archive's parts, freed one by one as they are written, would otherwise stay in
/// the process beside the archive. Every 4 MB: the archive grows by what its parts free, so
/// their pages go back about as fast as it takes new ones (at 16 MB a collection of 16 MB of
/// compressed chapters was held twice). Small jobs never reach the threshold and pay nothing.
public final class ReleasedMemory {
    private var pending = 0
    private let threshold: Int
    private let handBack: () -> Void

    /// `handBack` is the kernel's malloc_trim but for tests.
    public init(threshold: Int = 4 << 20, handBack: @escaping () -> Void = MemoryTuning.returnFreedMemory) {
        self.threshold = threshold
        self.handBack = handBack
    }

    public func released(_ bytes: Int) {
        pending += bytes
        if pending >= threshold {
            pending = 0
            handBack()
        }
    }
}

/// Flushing a whole file system at once (syncfs): what a group commit pays instead of an fsync
/// per file. The path names any directory on it.
public enum FileSystemSync {
    @discardableResult
    public static func sync(directory path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return syncfs(descriptor) == 0
    }
}

/// One clock for every format's dates: a count of seconds since 1970 as a UTC calendar date
/// and time, by arithmetic (Howard Hinnant's days-from-civil, inverted), so no time zone or
/// locale can enter an output.
public struct UTCTime: Sendable, Equatable {
    public var year, month, day, hour, minute, second: Int

    public init(epoch: Int) {
        let days = epoch >= 0 ? epoch / 86_400 : (epoch - 86_399) / 86_400
        let seconds = epoch - days * 86_400
        (hour, minute, second) = (seconds / 3600, seconds % 3600 / 60, seconds % 60)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// 2024-03-12T08:30:00Z (W3CDTF, ISO 8601).
    public var iso8601: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        let paddedYear = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return "\(paddedYear)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))Z"
    }
}
