import SpeechModel

/// Finds leads inside a paragraph: a label (一是 / 二要 / 第一， / 首先，) at the paragraph's
/// start or right after a sentence end, a semicolon or a colon, and the clause it opens, up to
/// the next 。！？；. A clause of up to 30 characters leads; a longer one (up to 60) only when it
/// is built of phrases with a short first one, or is an item of a list (the next label right
/// after its semicolon). A paragraph that is nothing but a short labelled
/// phrase is a lead as a whole. Items of a list are leads each (一是A；二是B。); items of one
/// sentence (一是A，二是B。) are not.
///
/// The scan runs over the UTF-8 bytes: every label character and every punctuation mark it
/// looks for is three bytes long, and most paragraphs hold no lead at all.
enum InlineParser {

    /// Byte offsets of one lead: its label starts at `start`, its text at `text`, and it ends
    /// before `end`.
    private struct Candidate {
        var start: Int
        var text: Int
        var end: Int
    }

    /// What ends a lead's clause (a lead may also begin after ：, found by the byte scan).
    @inline(__always)
    static func endsClause(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "。" || scalar == "！" || scalar == "？" || scalar == "；"
    }

    static func inlines(_ text: String) -> [Inline] {
        let candidates = text.withBytes { leads(in: $0) }
        guard !candidates.isEmpty else { return [.text(text)] }
        let utf8 = text.utf8
        func string(_ from: Int, _ to: Int) -> String {
            String(Substring(utf8[utf8.index(utf8.startIndex, offsetBy: from)..<utf8.index(utf8.startIndex, offsetBy: to)]))
        }
        var inlines: [Inline] = []
        var position = 0
        for candidate in candidates {
            if candidate.start > position { inlines.append(.text(string(position, candidate.start))) }
            inlines.append(.lead(Lead(number: string(candidate.start, candidate.text), text: string(candidate.text, candidate.end))))
            position = candidate.end
        }
        if position < utf8.count { inlines.append(.text(string(position, utf8.count))) }
        return inlines
    }

    /// The scalar at byte `index` (of valid UTF-8) and its length in bytes.
    @inline(__always)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[index]
        let (value, length): (UInt32, Int)
        if lead < 0x80 {
            (value, length) = (UInt32(lead), 1)
        } else if lead < 0xE0 {
            (value, length) = ((UInt32(lead & 0x1F) << 6) | UInt32(bytes[index + 1] & 0x3F), 2)
        } else if lead < 0xF0 {
            (value, length) = ((UInt32(lead & 0x0F) << 12) | (UInt32(bytes[index + 1] & 0x3F) << 6) | UInt32(bytes[index + 2] & 0x3F), 3)
        } else {
            (value, length) = ((UInt32(lead & 0x07) << 18) | (UInt32(bytes[index + 1] & 0x3F) << 12) | (UInt32(bytes[index + 2] & 0x3F) << 6)
                | UInt32(bytes[index + 3] & 0x3F), 4)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// The label opening a lead at byte `index`: its length in bytes (three per scalar).
    @inline(__always)
    private static func label(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        // Every label starts with a three-byte scalar; most positions fail on one byte.
        guard index < bytes.count, bytes[index] >= 0xE0, bytes[index] < 0xF0 else { return nil }
        let length = Patterns.leadOpening { k -> Unicode.Scalar? in
            let offset = index + 3 * k
            return offset < bytes.count ? decode(bytes, offset).0 : nil
        }
        return length.map { $0 * 3 }
    }

    private static func leads(in bytes: UnsafeBufferPointer<UInt8>) -> [Candidate] {
        var candidates: [Candidate] = []
        var index = 0
        var mayOpen = true
        while index < bytes.count {
            if mayOpen, let labelLength = label(bytes, at: index) {
                let body = index + labelLength
                // The clause: its length in scalars, its first comma, and what it holds.
                var end = body, count = 0, firstComma: Int?, hasColon = false, listsItems = false, terminated = false
                var semicolon = false
                while end < bytes.count {
                    let (scalar, length) = decode(bytes, end)
                    if endsClause(scalar) { terminated = true; semicolon = scalar == "；"; end += length; break }
                    if scalar == "，" {
                        if firstComma == nil { firstComma = count }
                        // 一是A，二是B: items of one sentence.
                        if label(bytes, at: end + length) != nil { listsItems = true }
                    } else if scalar == "：" || scalar == ":" {
                        hasColon = true
                    }
                    count += 1
                    end += length
                }
                var accepted = count > 0 && !hasColon && !listsItems
                if accepted, count > Patterns.maxLeadPhraseLength {
                    // A longer clause leads as a whole when it is built of phrases, the first one
                    // short (一是A，B，C；), or when it is an item of a list, the next label right
                    // after its semicolon (一是表彰…、…、…；二是…); one unbroken long sentence is
                    // not heading-like.
                    let listItem = semicolon && label(bytes, at: end) != nil
                    accepted = count <= Patterns.maxLeadLength && ((firstComma ?? .max) <= Patterns.maxLeadPhraseLength || listItem)
                } else if accepted, !terminated, index > 0 {
                    // Unterminated text is a lead only as a short paragraph of its own.
                    accepted = false
                }
                if accepted {
                    candidates.append(Candidate(start: index, text: body, end: end))
                    index = end
                    mayOpen = terminated
                    continue
                }
            }
            // On to the next 。！？；： (E3 80 82, EF BC 81/9F/9B/9A): those lead bytes never occur
            // inside a character, so the bytes are searched without decoding.
            var next = index + 1
            while next + 2 < bytes.count {
                let byte = bytes[next]
                // Han led by E4–E9 is passed over whole.
                if byte >= 0xE4, byte <= 0xE9 { next += 3; continue }
                if byte == 0xE3, bytes[next + 1] == 0x80, bytes[next + 2] == 0x82 { break }
                if byte == 0xEF, bytes[next + 1] == 0xBC {
                    let last = bytes[next + 2]
                    if last == 0x81 || last == 0x9F || last == 0x9B || last == 0x9A { break }
                }
                next += 1
            }
            guard next + 2 < bytes.count else { break }
            index = next + 3
            mayOpen = true
        }
        return candidates
    }
}
