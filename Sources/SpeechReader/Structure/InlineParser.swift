import SpeechModel

/// Finds leads inside a paragraph: a label (一是 / 二要 / 第一， / 首先，) at the paragraph's
/// start or right after a sentence end, a semicolon or a colon, and the clause it opens, up to
/// the next 。！？；. A clause of up to 30 characters leads; a longer one (up to 60) only when it
/// is built of phrases with a short first one. A paragraph that is nothing but a short labelled
/// phrase is a lead as a whole. Items of a list are leads each (一是A；二是B。); items of one
/// sentence (一是A，二是B。) are not.
enum InlineParser {

    private struct Candidate {
        var start: Int
        var labelLength: Int
        /// Index one past the lead's last scalar.
        var end: Int
    }

    /// Scalars after which a lead may begin.
    @inline(__always)
    static func opensLead(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "。" || scalar == "！" || scalar == "？" || scalar == "；" || scalar == "："
    }

    @inline(__always)
    static func endsClause(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "。" || scalar == "！" || scalar == "？" || scalar == "；"
    }

    static func inlines(_ text: String) -> [Inline] {
        guard mayHoldLead(text) else { return [.text(text)] }
        // Unicode scalars, not Characters: every test here is on single CJK scalars.
        let chars = Array(text.unicodeScalars)
        var candidates: [Candidate] = []
        var index = 0
        while index < chars.count {
            defer { index += 1 }
            guard index == 0 || opensLead(chars[index - 1]),
                  let labelLength = Patterns.leadOpening(chars, at: index) else { continue }
            let body = index + labelLength
            var end = body
            while end < chars.count, !endsClause(chars[end]) { end += 1 }
            let terminated = end < chars.count
            // The clause runs to its terminator, or to the end of a paragraph that has none.
            let clauseEnd = terminated ? end + 1 : end
            let clause = chars[body..<end]
            guard !clause.isEmpty, !clause.contains("："), !clause.contains(":") else { continue }
            // 一是A，二是B，三是C: items of one sentence, none of them a lead.
            guard !clause.indices.contains(where: { chars[$0] == "，" && Patterns.leadOpening(chars, at: $0 + 1) != nil })
            else { continue }
            if clause.count > Patterns.maxLeadPhraseLength {
                // A longer clause leads as a whole when it is built of phrases, the first one
                // short (一是A，B，C；); one unbroken long sentence is not heading-like.
                guard clause.count <= Patterns.maxLeadLength, let comma = clause.firstIndex(of: "，"),
                      comma - body <= Patterns.maxLeadPhraseLength else { continue }
            } else if !terminated, index > 0 {
                // Unterminated text is a lead only as a short paragraph of its own.
                continue
            }
            candidates.append(Candidate(start: index, labelLength: labelLength, end: clauseEnd))
            index = clauseEnd - 1
        }
        guard !candidates.isEmpty else { return [.text(text)] }
        // Pieces of the text by scalar offsets, copied as UTF-8.
        let indices = Array(text.unicodeScalars.indices) + [text.endIndex]
        func string(_ range: Range<Int>) -> String { String(text.unicodeScalars[indices[range.lowerBound]..<indices[range.upperBound]]) }
        var inlines: [Inline] = []
        var position = 0
        for candidate in candidates {
            if candidate.start > position { inlines.append(.text(string(position..<candidate.start))) }
            let number = string(candidate.start..<(candidate.start + candidate.labelLength))
            let sentence = string((candidate.start + candidate.labelLength)..<candidate.end)
            inlines.append(.lead(Lead(number: number, text: sentence)))
            position = candidate.end
        }
        if position < chars.count { inlines.append(.text(string(position..<chars.count))) }
        return inlines
    }

    /// Whether the text or a clause after 。！？；： starts with what may be a lead label (a
    /// numeral, 第, 首 or 其): a scan of the UTF-8 bytes that lets most paragraphs skip the
    /// search for leads.
    static func mayHoldLead(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            func labelStart(at index: Int) -> Bool {
                guard index < bytes.count else { return false }
                var iterator = UnsafeBufferPointer(rebasing: bytes[index...]).makeIterator()
                var decoder = UTF8()
                guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return false }
                return CJK.isLeadNumeral(scalar) || scalar == "第" || scalar == "首" || scalar == "其"
            }
            if labelStart(at: 0) { return true }
            var index = 2
            while index < bytes.count {
                // 。 E3 80 82, ！ EF BC 81, ？ EF BC 9F, ： EF BC 9A, ； EF BC 9B
                let (a, b, c) = (bytes[index - 2], bytes[index - 1], bytes[index])
                if (a == 0xE3 && b == 0x80 && c == 0x82) || (a == 0xEF && b == 0xBC && (c == 0x81 || c == 0x9F || c == 0x9A || c == 0x9B)),
                   labelStart(at: index + 1) {
                    return true
                }
                index += 1
            }
            return false
        }
    }
}
