import SpeechModel
import SystemSupport

/// Character tests shared by the passes and the structure reader, on unicode scalars.
enum CJK {
    /// Han ideographs (BMP blocks and Extension B onwards).
    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: return true
        default: return false
        }
    }

    /// Full-width punctuation and symbols used in Chinese text.
    static func isFullWidthPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3000...0x303F, 0xFF01...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65,
             0x2018, 0x2019, 0x201C, 0x201D, 0x2014, 0x2026, 0x00B7, 0x2022:
            return true
        default: return false
        }
    }

    /// Chinese context: a Han character or full-width punctuation.
    static func isChinese(_ scalar: Unicode.Scalar) -> Bool {
        isHan(scalar) || isFullWidthPunctuation(scalar)
    }

    /// Spaces a line may begin or end with: the model's one definition (Whitespace).
    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool { Whitespace.isSpace(scalar) }

    /// 一 … 十, 百, 零, 〇: the numerals of lead labels (一是, 十二要).
    @inline(__always)
    static func isLeadNumeral(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百", "零", "〇": return true
        default: return false
        }
    }

    /// The lead numerals and 两: the numerals of heading labels (一、 第二， （三）).
    @inline(__always)
    static func isChineseNumeral(_ scalar: Unicode.Scalar) -> Bool {
        isLeadNumeral(scalar) || scalar == "两"
    }

    /// An ASCII letter or digit.
    @inline(__always)
    static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
    }

    /// Han characters, ASCII letters and digits: what two copies of a text share whatever their
    /// spacing and punctuation.
    @inline(__always)
    static func isComparable(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || isHan(scalar)
    }

    static let chineseNumerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百", "零", "〇", "两"]
}

extension Character {
    /// Whether the character is `scalar` alone. For a scalar no other is canonically equivalent
    /// to (ASCII but K, ; and the like; U+FFFD; full-width brackets) this is `== Character(scalar)`,
    /// without the normalizing comparison that `==` makes of each Han character against it.
    @inline(__always)
    func isScalar(_ scalar: Unicode.Scalar) -> Bool {
        utf8.count == UTF8.width(scalar) && unicodeScalars.first == scalar
    }

    /// The byte of a one-byte character of ASCII, else nil: `asciiValue` but for "\r\n" (which
    /// `asciiValue` gives as a line feed after comparing every character with it). No line of
    /// a page holds a line break.
    @inline(__always)
    var asciiByte: UInt8? {
        let bytes = utf8
        guard bytes.count == 1, let byte = bytes.first, byte < 0x80 else { return nil }
        return byte
    }

    /// Whether the character's first scalar is Han (`unicodeScalars.first.map(CJK.isHan)`),
    /// decoded from its first bytes.
    @inline(__always)
    var startsWithHan: Bool {
        utf8.withContiguousStorageIfAvailable { bytes in !bytes.isEmpty && CJK.isHan(UTF8Text.scalar(bytes, at: 0)) }
            ?? (unicodeScalars.first.map(CJK.isHan) == true)
    }
}

extension String {
    /// Han characters, letters and digits only (CJK.isComparable): copies of a text that differ
    /// in spacing and punctuation give the same key.
    var comparableKey: String { String(decoding: comparableKeyBytes, as: UTF8.self) }

    /// `comparableKey`'s UTF-8: the kept scalars' bytes copied as they stand (a valid string's
    /// encoding is each scalar's own), in one pass over the bytes.
    var comparableKeyBytes: [UInt8] {
        return withBytes { bytes in
            [UInt8](unsafeUninitializedCapacity: bytes.count) { out, count in
                // CJK.isComparable by the lead byte: ASCII letters and digits, Han of three bytes
                // (U+3400–U+9FFF less U+4DC0–U+4DFF, U+F900–U+FAFF) or four (U+20000–U+3FFFF);
                // nothing of two bytes is.
                count = 0
                var index = 0
                let end = bytes.count
                while index < end {
                    let lead = bytes[index]
                    if lead < 0x80 {
                        if lead &- 0x30 < 10 || (lead | 0x20) &- 0x61 < 26 { out[count] = lead; count += 1 }
                        index += 1
                    } else if lead < 0xE0 {
                        index += 2
                    } else if lead < 0xF0 {
                        let value = UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                        if (value >= 0x3400 && value <= 0x9FFF && !(value >= 0x4DC0 && value <= 0x4DFF)) || (value >= 0xF900 && value <= 0xFAFF) {
                            out[count] = lead; out[count + 1] = bytes[index + 1]; out[count + 2] = bytes[index + 2]
                            count += 3
                        }
                        index += 3
                    } else {
                        let value = UInt32(lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                        if value >= 0x20000 && value <= 0x3FFFF {
                            for offset in 0..<4 { out[count + offset] = bytes[index + offset] }
                            count += 4
                        }
                        index += 4
                    }
                }
            }
        }
    }

    /// The first and the last scalar, read off the bytes (the scalar view decodes its way back
    /// through a scalar to find the last); nil for an empty string.
    var endScalars: (first: Unicode.Scalar, last: Unicode.Scalar)? {
        return withBytes { bytes in
            guard !bytes.isEmpty else { return nil }
            var start = bytes.count - 1
            while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
            return (UTF8Text.scalar(bytes, at: 0), UTF8Text.scalar(bytes, at: start))
        }
    }

    /// The last scalar (`unicodeScalars.last`), read off the bytes.
    var lastScalar: Unicode.Scalar? { endScalars?.last }

    /// The string without leading and trailing spaces of any width.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        // Most lines have nothing to trim: no new string for them.
        if let (first, last) = endScalars, !CJK.isSpace(first), !CJK.isSpace(last) { return self }
        guard let first = scalars.firstIndex(where: { !CJK.isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !CJK.isSpace($0) })!
        return String(scalars[first...last])
    }
}

extension String {
    /// A string of these scalars, encoded straight into UTF-8 bytes: appending scalars to a
    /// String one at a time costs several times more.
    init(scalars: some Sequence<Unicode.Scalar>) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.underestimatedCount * 3)
        for scalar in scalars { UTF8.encode(scalar) { bytes.append($0) } }
        self = String(decoding: bytes, as: UTF8.self)
    }

    /// The same for scalars in memory (an array or a slice of one), encoded into the string's
    /// own storage, made at its exact size (the string keeps the capacity it was made with:
    /// four bytes a scalar for three-byte Han made the model's text a third larger).
    init<Scalars: Collection<Unicode.Scalar>>(scalars: Scalars) where Scalars: RandomAccessCollection {
        var length = 0
        for scalar in scalars { length += UTF8.width(scalar) }
        self = String(unsafeUninitializedCapacity: length) { buffer in
            var count = 0
            for scalar in scalars {
                UTF8.encode(scalar) { byte in
                    buffer[count] = byte
                    count += 1
                }
            }
            return count
        }
    }

    /// The bytes at these UTF-8 offsets (where scalars begin and end) as a string of their own:
    /// a copy of the slice, which a string made from bytes would validate again.
    func copying(utf8 range: Range<Int>) -> String {
        let view = utf8
        let from = view.index(view.startIndex, offsetBy: range.lowerBound)
        let to = view.index(from, offsetBy: range.count)
        return String(self[from..<to])
    }

    /// The same text in storage of its exact size: a string grown by appending keeps up to twice
    /// the capacity it needs, and a joined paragraph lives on in the model.
    var atExactSize: String {
        return withBytes { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { buffer in buffer.initialize(fromContentsOf: bytes) }
        }
    }

    /// `Array(unicodeScalars)`, decoded from the UTF-8 in one pass (the scalar view counts
    /// first, then walks again).
    var scalarArray: [Unicode.Scalar] {
        return withBytes { bytes in
            [Unicode.Scalar](unsafeUninitializedCapacity: bytes.count) { buffer, count in
                var index = 0, n = 0
                while index < bytes.count {
                    buffer[n] = UTF8Text.scalar(bytes, at: index)
                    n += 1
                    index += UTF8Text.width(bytes[index])
                }
                count = n
            }
        }
    }

    /// Substring test on the UTF-8 bytes: the passes' keyword checks run on every line, and
    /// comparing Characters costs far more.
    func containsBytes(_ needle: String) -> Bool {
        withBytes { h in
            needle.withBytes { n in ByteSearch.contains(UnsafeRawBufferPointer(h), UnsafeRawBufferPointer(n)) }
        }
    }

    /// Holds a character of U+FFC0–U+FFFF (UTF-8 EF BF …), the block of U+FFFD and the
    /// noncharacters U+FFFE/U+FFFF: a cheap scan before looking for those.
    var mayHoldSpecials: Bool {
        return withBytes { bytes in
            // BF is one byte in thirty or so of Chinese text: hop between them with memchr.
            guard bytes.count >= 3 else { return false }
            var index = 1
            while index < bytes.count - 1 {
                guard let position = ByteSearch.firstIndex(of: 0xBF, in: bytes, from: index, to: bytes.count - 1) else { return false }
                if bytes[position - 1] == 0xEF { return true }
                index = position + 1
            }
            return false
        }
    }

    /// Holds this byte (an ASCII character, when below 0x80).
    func containsByte(_ byte: UInt8) -> Bool {
        return withBytes { bytes in ByteSearch.firstIndex(of: byte, in: bytes, from: 0, to: bytes.count) != nil }
    }
}

extension StringProtocol {
    /// The UTF-8 bytes start with `prefix`'s (memcmp; the walk of a UTF-8 view costs several
    /// times more).
    func bytesStart(with prefix: String) -> Bool {
        return prefix.withBytes { needle in
            utf8.withContiguousStorageIfAvailable { ByteSearch.hasPrefix($0, needle) } ?? utf8.starts(with: needle)
        }
    }

    /// The UTF-8 bytes end with `suffix`'s.
    func bytesEnd(with suffix: String) -> Bool {
        return suffix.withBytes { needle in
            utf8.withContiguousStorageIfAvailable { ByteSearch.hasSuffix($0, needle) } ?? utf8.hasByteSuffix(needle)
        }
    }

    /// `hasPrefix(prefix)` (Characters compared, some thousand instructions a call), the bytes
    /// looked at first: most lines fail there. The byte test is implied by `hasPrefix` when no
    /// scalar of `prefix` has a canonical equivalent (a decomposed or composed form); true of
    /// the Han characters and the punctuation the reader looks for, the only prefixes it is
    /// given (a test checks each).
    func hasTextPrefix(_ prefix: String) -> Bool {
        bytesStart(with: prefix) && hasPrefix(prefix)
    }

    /// `contains(where: { characters.contains($0) })`, read off the scalars when every one of
    /// them stands alone (CJK.standsAlone: then each is a Character of its own, as on nearly
    /// every line), by Characters otherwise. `characters` are single scalars that stand alone
    /// and have no canonical equivalent that does (;'s, U+037E, does not stand alone): a test
    /// checks the lists it is given.
    func containsAnyCharacter(of characters: String) -> Bool {
        var found = false
        for scalar in unicodeScalars {
            guard CJK.standsAlone(scalar) else { return contains(where: { characters.contains($0) }) }
            if !found, characters.unicodeScalars.contains(scalar) { found = true }
        }
        return found
    }
}

extension Substring {
    /// The last occurrence of `needle`, compared byte for byte.
    func lastByteRange(of needle: String) -> Range<String.Index>? {
        let view = utf8, target = needle.utf8
        guard let last = target.last, target.count <= view.count else { return nil }
        var end = view.endIndex
        while end > view.startIndex {
            let before = view.index(before: end)
            if view[before] == last, view[..<end].hasByteSuffix(target) {
                return view.index(end, offsetBy: -target.count)..<end
            }
            end = before
        }
        return nil
    }
}

extension Collection where Element == UInt8 {
    /// Ends with these bytes.
    func hasByteSuffix<Suffix: Collection<UInt8>>(_ suffix: Suffix) -> Bool {
        count >= suffix.count && dropFirst(count - suffix.count).elementsEqual(suffix)
    }
}

/// A set of byte values, for the passes' "could this line need me?" scans: one table lookup a
/// byte over the line's UTF-8 (iterating `String.utf8` one element at a time costs several
/// times more than a loop over its buffer).
struct ByteSet: Sendable {
    private var table = [UInt8](repeating: 0, count: 256)
    /// Every byte of the set is ASCII: a run of Chinese text (no byte below 0x80) holds none.
    private var asciiOnly = true
    /// Every byte of the set leads a character of two bytes (C0–DF: Latin letters with marks,
    /// Greek, Cyrillic), which Chinese text (three-byte characters, ASCII) holds none of.
    private var twoByteLeadsOnly = false

    init(_ bytes: [UInt8]) {
        for byte in bytes { table[Int(byte)] = 1 }
        asciiOnly = bytes.allSatisfy { $0 < 0x80 }
        twoByteLeadsOnly = !bytes.isEmpty && bytes.allSatisfy { $0 & 0xE0 == 0xC0 }
    }

    init(where predicate: (UInt8) -> Bool) {
        for byte in 0...255 where predicate(UInt8(byte)) { table[byte] = 1 }
        asciiOnly = table[0x80...].allSatisfy { $0 == 0 }
        twoByteLeadsOnly = table.indices.allSatisfy { table[$0] == 0 || $0 & 0xE0 == 0xC0 } && table.contains(1)
    }

    /// Whether a byte of the word may be C0–DF: each byte's top three bits against 110, a zero
    /// byte of the difference found as in `holdsNoASCII`'s family (a false alarm only above a
    /// true one).
    @inline(__always)
    private static func mayHoldTwoByteLead(_ word: UInt64) -> Bool {
        let difference = (word & 0xE0E0_E0E0_E0E0_E0E0) ^ 0xC0C0_C0C0_C0C0_C0C0
        return (difference &- 0x0101_0101_0101_0101) & ~difference & 0x8080_8080_8080_8080 != 0
    }

    @inline(__always)
    func contains(_ byte: UInt8) -> Bool { table[Int(byte)] != 0 }

    /// Whether any byte of `text` is in the set. Most lines hold none, so the scan does not
    /// branch per byte: it ORs the table entries, a block at a time.
    func occurs(in text: String) -> Bool {
        return text.withBytes { bytes in
            table.withUnsafeBufferPointer { table in
                let count = bytes.count
                var index = 0
                while index + 16 <= count {
                    // Sixteen bytes none of which is ASCII cannot hold an ASCII set's byte.
                    if asciiOnly, ByteSearch.holdsNoASCII(ByteSearch.word(bytes, at: index) & ByteSearch.word(bytes, at: index + 8)) {
                        index += 16
                        continue
                    }
                    if twoByteLeadsOnly, !Self.mayHoldTwoByteLead(ByteSearch.word(bytes, at: index)),
                       !Self.mayHoldTwoByteLead(ByteSearch.word(bytes, at: index + 8)) {
                        index += 16
                        continue
                    }
                    var hit: UInt8 = 0
                    for offset in 0..<16 { hit |= table[Int(bytes[index + offset])] }
                    if hit != 0 { return true }
                    index += 16
                }
                var hit: UInt8 = 0
                while index < count {
                    hit |= table[Int(bytes[index])]
                    index += 1
                }
                return hit != 0
            }
        }
    }
}

/// Byte strings in groups, all looked for in one scan of a line: `matches` returns a bit for
/// each group with a member in the text. The passes ask several keyword questions of every
/// line; one scan with a table lookup per byte pair costs far less than a memmem call per
/// keyword.
struct KeywordSet: Sendable {
    /// A bit per Basic Multilingual Plane character that starts a needle (8 KB): most characters
    /// of a line start none, and are passed over after one lookup.
    private var starts = [UInt64](repeating: 0, count: 0x10000 / 64)
    /// The needles that start with a character, by the character's value: one more than the
    /// index of its bucket in `buckets`, or 0.
    private var bucketOf: [UInt16] = []
    /// Each bucket's range in `needles`.
    private var buckets: [Range<Int32>] = []
    /// All needles, bucket after bucket: the bytes after the first character (in `tails`) and
    /// the groups they belong to.
    private var needles: [(tail: Range<Int32>, groups: UInt32)] = []
    private var tails: [UInt8] = []

    init(_ groups: [[String]]) {
        precondition(groups.count <= 32)
        // Keywords by first character, one entry per distinct keyword.
        var byFirst: [UInt32: [(bytes: [UInt8], groups: UInt32)]] = [:]
        for (index, group) in groups.enumerated() {
            for keyword in group {
                guard let scalar = keyword.unicodeScalars.first else { continue }
                precondition(scalar.value < 0x10000, "keywords start in the Basic Multilingual Plane")
                starts[Int(scalar.value >> 6)] |= 1 << (scalar.value & 63)
                let tail = Array(keyword.utf8.dropFirst(String(scalar).utf8.count))
                if let existing = byFirst[scalar.value, default: []].firstIndex(where: { $0.bytes == tail }) {
                    byFirst[scalar.value]![existing].groups |= 1 << index
                } else {
                    byFirst[scalar.value, default: []].append((tail, 1 << index))
                }
            }
        }
        bucketOf = [UInt16](repeating: 0, count: byFirst.isEmpty ? 0 : 0x10000)
        for first in byFirst.keys.sorted() {
            let start = Int32(needles.count)
            // Shorter tails first: a one-character keyword is found before its longer kin.
            for (tail, groups) in byFirst[first]!.sorted(by: { $0.bytes.count < $1.bytes.count }) {
                needles.append((Int32(tails.count)..<Int32(tails.count + tail.count), groups))
                tails += tail
            }
            buckets.append(start..<Int32(needles.count))
            bucketOf[Int(first)] = UInt16(buckets.count)
        }
    }

    /// One bit per group (bit i for groups[i]) that has a keyword in `text`. The scan stops as
    /// soon as a group of `stop` is found (the caller's answer is then known). Inlined: called
    /// as a function it retains and releases the set's arrays each time (69,855 times for a
    /// batch of 200 speeches once a unit's evidence called it so, 7 M instructions).
    @inline(__always)
    func matches(_ text: String, stop: UInt32 = 0) -> UInt32 {
        return text.withBytes { bytes in
            starts.withUnsafeBufferPointer { starts in
                bucketOf.withUnsafeBufferPointer { bucketOf in
                    needles.withUnsafeBufferPointer { needles in
                        tails.withUnsafeBufferPointer { tails in
                            scan(bytes, stop: stop, starts: starts, bucketOf: bucketOf, needles: needles, tails: tails)
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    private func scan(_ bytes: UnsafeBufferPointer<UInt8>, stop: UInt32, starts: UnsafeBufferPointer<UInt64>,
                      bucketOf: UnsafeBufferPointer<UInt16>, needles: UnsafeBufferPointer<(tail: Range<Int32>, groups: UInt32)>,
                      tails: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var found: UInt32 = 0
        let count = bytes.count
        var index = 0
        // Keywords start at a character: only lead bytes are tried, a character at a time
        // (a String's UTF-8 is always well formed).
        while index < count {
            let byte = bytes[index]
            // Han (lead bytes E4–E9) first: most characters of a page, most starting nothing.
            if byte >= 0xE4, byte <= 0xE9 {
                let value = UInt32(byte & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                if starts[Int(value >> 6)] & (1 << (value & 63)) == 0 {
                    index += 3
                    continue
                }
            }
            let width = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
            // The character's value, for the bitmap of first characters.
            let value: UInt32
            switch width {
            case 1: value = UInt32(byte)
            case 2: value = UInt32(byte & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
            case 3: value = UInt32(byte & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
            default: index += 4; continue
            }
            guard starts[Int(value >> 6)] & (1 << (value & 63)) != 0 else {
                index += width
                continue
            }
            let bucket = buckets[Int(bucketOf[Int(value)]) - 1]
            let after = index + width
            for k in Int(bucket.lowerBound)..<Int(bucket.upperBound) {
                let needle = needles[k]
                guard needle.groups & ~found != 0 else { continue }
                let length = Int(needle.tail.count)
                guard after + length <= count else { continue }
                var equal = true
                var offset = 0
                let tailStart = Int(needle.tail.lowerBound)
                while offset < length {
                    if bytes[after + offset] != tails[tailStart + offset] { equal = false; break }
                    offset += 1
                }
                if equal { found |= needle.groups }
            }
            if found & stop != 0 { break }
            index += width
        }
        return found
    }

    func contains(_ text: String) -> Bool { matches(text) != 0 }
}

extension StringProtocol {
    /// `min(count, limit + 1)`: the Character count, as far as a bound needs it. Lines are
    /// mostly Han characters, ASCII and full-width punctuation, each a Character of its own,
    /// so they are counted as scalars, without grapheme breaking; a scalar that can join a
    /// neighbour (a combining mark, a joiner, a variation selector…) sends the line to the
    /// exact Character count.
    func characterCount(upTo limit: Int) -> Int {
        var alone = 0
        for scalar in unicodeScalars {
            guard CJK.standsAlone(scalar) else { return Swift.min(count, limit + 1) }
            alone += 1
            // Every scalar so far is a Character of its own, save perhaps the last.
            if alone > limit + 1 { return limit + 1 }
        }
        return Swift.min(alone, limit + 1)
    }

    /// `count <= limit`, without counting past it.
    func hasAtMost(_ limit: Int) -> Bool { characterCount(upTo: limit) <= limit }

    /// `count >= minimum`, without counting past it.
    func hasAtLeast(_ minimum: Int) -> Bool { characterCount(upTo: minimum) >= minimum }
}

extension CJK {
    /// Scalars that are a Character of their own whatever surrounds them (no grapheme rule
    /// joins them to a neighbour): ASCII and Latin-1 but CR, general punctuation (dashes,
    /// quotes, ellipsis), CJK symbols, kana and Han less the combining tone and voicing marks,
    /// full-width forms.
    @inline(__always)
    static func standsAlone(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x0C, 0x0E...0xFF, 0x2010...0x2027, 0x2030...0x205F,
             0x3000...0x3029, 0x3030...0x3098, 0x309B...0x9FFF, 0xFF01...0xFF5E:
            return true
        default:
            return false
        }
    }
}

/// Reading a string's UTF-8 bytes (valid, as every Swift string's are) where walking its
/// scalar view costs too much.
enum UTF8Text {
    /// The scalar whose first byte is at `index`.
    @inline(__always)
    static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Unicode.Scalar {
        let lead = UInt32(bytes[index])
        let value: UInt32
        switch lead {
        case ..<0x80: value = lead
        case ..<0xE0: value = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
        case ..<0xF0: value = (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
        default: value = (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
        }
        return Unicode.Scalar(value)!
    }

    /// The length of the scalar whose first byte is `lead`.
    @inline(__always)
    static func width(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// The range without the spaces (CJK.isSpace) it starts or ends with.
    static func trimmingSpaces(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound, end = range.upperBound
        while start < end {
            let scalar = scalar(bytes, at: start)
            guard CJK.isSpace(scalar) else { break }
            start += width(bytes[start])
        }
        while end > start {
            var last = end - 1
            while bytes[last] & 0xC0 == 0x80 { last -= 1 }
            guard CJK.isSpace(scalar(bytes, at: last)) else { break }
            end = last
        }
        return start..<end
    }

    /// `String(bytes[range]).characterCount(upTo: limit)`: the count when it is at most
    /// `limit`, else `limit + 1`.
    static func characterCount(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, upTo limit: Int) -> Int {
        var alone = 0, index = range.lowerBound
        while index < range.upperBound {
            guard CJK.standsAlone(scalar(bytes, at: index)) else {
                return Swift.min(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self).count, limit + 1)
            }
            alone += 1
            // Every scalar so far is a Character of its own, save perhaps the last.
            if alone > limit + 1 { return limit + 1 }
            index += width(bytes[index])
        }
        return Swift.min(alone, limit + 1)
    }

    /// 。(E3 80 82), ！(EF BC 81) or ？(EF BC 9F) starts at `index`.
    @inline(__always)
    static func isSentenceStop(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 2 < bytes.count else { return false }
        switch (bytes[index], bytes[index + 1], bytes[index + 2]) {
        case (0xE3, 0x80, 0x82), (0xEF, 0xBC, 0x81), (0xEF, 0xBC, 0x9F): return true
        default: return false
        }
    }
}
