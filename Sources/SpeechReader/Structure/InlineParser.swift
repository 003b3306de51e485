import SpeechModel

/// Finds leads inside a paragraph: 一是…。/ 一要…。 at the paragraph's start or right after a
/// sentence end or a colon, followed by a short heading-like clause ending in 。. Items of a
/// running list (一是A。二是B。 with nothing between, or clauses joined by ；) are not leads:
/// leads side by side would be one bold run on the page and in Markdown.
enum InlineParser {

    private struct Candidate {
        var start: Int
        var labelLength: Int
        /// Index of the closing 。.
        var end: Int
    }

    static func inlines(_ text: String) -> [Inline] {
        guard mayHoldLead(text) else { return [.text(text)] }
        // Unicode scalars, not Characters: every test here is on single CJK scalars.
        let chars = Array(text.unicodeScalars)
        var candidates: [Candidate] = []
        for index in chars.indices where index == 0 || chars[index - 1] == "。" || chars[index - 1] == "！" || chars[index - 1] == "？"
            || chars[index - 1] == "：" {
            guard let labelLength = Patterns.leadLabel(chars, at: index) else { continue }
            var end = index + labelLength
            while end < chars.count, chars[end] != "。" { end += 1 }
            guard end < chars.count else { continue }
            let sentence = chars[(index + labelLength)..<end]
            guard !sentence.isEmpty, sentence.count <= Patterns.maxLeadLength,
                  !sentence.contains("；"), !sentence.contains(";"), !sentence.contains("：") else { continue }
            candidates.append(Candidate(start: index, labelLength: labelLength, end: end))
        }
        // A candidate immediately followed by the next one is an item of a list, and so is
        // every other item of that list.
        var isList = [Bool](repeating: false, count: candidates.count)
        for k in candidates.indices.dropLast() where candidates[k].end + 1 == candidates[k + 1].start {
            isList[k] = true
            isList[k + 1] = true
        }
        guard !candidates.isEmpty else { return [.text(text)] }
        // Pieces of the text by scalar offsets, copied as UTF-8.
        let indices = Array(text.unicodeScalars.indices) + [text.endIndex]
        func string(_ range: Range<Int>) -> String { String(text.unicodeScalars[indices[range.lowerBound]..<indices[range.upperBound]]) }
        var inlines: [Inline] = []
        var position = 0
        for (k, candidate) in candidates.enumerated() where !isList[k] {
            if candidate.start > position { inlines.append(.text(string(position..<candidate.start))) }
            let number = string(candidate.start..<(candidate.start + candidate.labelLength))
            let sentence = string((candidate.start + candidate.labelLength)..<(candidate.end + 1))
            inlines.append(.lead(Lead(number: number, text: sentence)))
            position = candidate.end + 1
        }
        if inlines.isEmpty { return [.text(text)] }
        if position < chars.count { inlines.append(.text(string(position..<chars.count))) }
        return inlines
    }

    /// Whether a sentence (the text's or one after 。！？) starts with a lead numeral: a scan of
    /// the UTF-8 bytes that lets most paragraphs skip the search for leads.
    static func mayHoldLead(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            func numeral(at index: Int) -> Bool {
                guard index < bytes.count else { return false }
                var iterator = UnsafeBufferPointer(rebasing: bytes[index...]).makeIterator()
                var decoder = UTF8()
                guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return false }
                return CJK.isLeadNumeral(scalar)
            }
            if numeral(at: 0) { return true }
            var index = 2
            while index < bytes.count {
                // 。 E3 80 82, ！ EF BC 81, ？ EF BC 9F, ： EF BC 9A
                let (a, b, c) = (bytes[index - 2], bytes[index - 1], bytes[index])
                if (a == 0xE3 && b == 0x80 && c == 0x82) || (a == 0xEF && b == 0xBC && (c == 0x81 || c == 0x9F || c == 0x9A)),
                   numeral(at: index + 1) {
                    return true
                }
                index += 1
            }
            return false
        }
    }
}
