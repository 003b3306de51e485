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

    /// Spaces a line may begin or end with: ASCII, tab, no-break, ideographic and the like.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0B, 0x0C, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000, 0xFEFF: return true
        default: return false
        }
    }

    /// 一 … 十, 百, 零, 〇: the numerals of lead labels (一是, 十二要).
    @inline(__always)
    static func isLeadNumeral(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百", "零", "〇": return true
        default: return false
        }
    }

    static let chineseNumerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百", "零", "〇", "两"]
}

extension String {
    /// The string without leading and trailing spaces of any width.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !CJK.isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !CJK.isSpace($0) })!
        return String(scalars[first...last])
    }
}

extension String {
    /// Substring test on the UTF-8 bytes: the passes' keyword checks run on every line, and
    /// comparing Characters costs far more.
    func containsBytes(_ needle: String) -> Bool {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard n.count > 0 else { return true }
                guard h.count >= n.count else { return false }
                return c_memmem(h.baseAddress, h.count, n.baseAddress, n.count) != nil
            }
        }
    }

    func containsAnyBytes(_ needles: [String]) -> Bool {
        needles.contains { containsBytes($0) }
    }
}

/// glibc's memmem (vectorised), which the Glibc module does not export.
@_silgen_name("memmem")
private func c_memmem(_ haystack: UnsafeRawPointer?, _ haystackLength: Int, _ needle: UnsafeRawPointer?, _ needleLength: Int) -> UnsafeMutableRawPointer?

/// Byte strings in groups, all looked for in one scan of a line: `matches` returns a bit for
/// each group with a member in the text. The passes ask several keyword questions of every
/// line; one scan with a table lookup per byte pair costs far less than a memmem call per
/// keyword.
struct KeywordSet: Sendable {
    private struct Needle: Sendable {
        var bytes: [UInt8]
        var groups: UInt32
    }

    /// Needles by their first two bytes: `bucketOf[pair]` is one more than the bucket's index.
    private var bucketOf: [UInt16]
    private var buckets: [[Needle]] = []
    /// One-byte needles' groups, by byte.
    private var single = [UInt32](repeating: 0, count: 256)

    init(_ groups: [[String]]) {
        precondition(groups.count <= 32)
        bucketOf = [UInt16](repeating: 0, count: 1 << 16)
        for (index, group) in groups.enumerated() {
            for keyword in group {
                let bytes = Array(keyword.utf8)
                guard let first = bytes.first else { continue }
                if bytes.count == 1 { single[Int(first)] |= 1 << index; continue }
                let pair = Int(first) | Int(bytes[1]) << 8
                if bucketOf[pair] == 0 {
                    buckets.append([])
                    bucketOf[pair] = UInt16(buckets.count)
                }
                let bucket = Int(bucketOf[pair]) - 1
                if let existing = buckets[bucket].firstIndex(where: { $0.bytes == bytes }) {
                    buckets[bucket][existing].groups |= 1 << index
                } else {
                    buckets[bucket].append(Needle(bytes: bytes, groups: 1 << index))
                }
            }
        }
    }

    /// One bit per group (bit i for groups[i]) that has a keyword in `text`.
    func matches(_ text: String) -> UInt32 {
        var text = text
        return text.withUTF8 { bytes in
            var found: UInt32 = 0
            let count = bytes.count
            var index = 0
            while index < count {
                let byte = bytes[index]
                found |= single[Int(byte)]
                if index + 1 < count {
                    let bucket = Int(bucketOf[Int(byte) | Int(bytes[index + 1]) << 8])
                    if bucket != 0 {
                        for needle in buckets[bucket - 1] where needle.groups & ~found != 0 && index + needle.bytes.count <= count {
                            var equal = true
                            for offset in 2..<needle.bytes.count where bytes[index + offset] != needle.bytes[offset] {
                                equal = false
                                break
                            }
                            if equal { found |= needle.groups }
                        }
                    }
                }
                index += 1
            }
            return found
        }
    }

    func contains(_ text: String) -> Bool { matches(text) != 0 }
}
