import SpeechModel

/// Finds leads inside a paragraph: 一是…。/ 一要…。 at the paragraph's start or right after a
/// sentence end, followed by a short heading-like clause ending in 。. Items of a running list
/// (一是A。二是B。 with nothing between, or clauses joined by ；) are not leads.
enum InlineParser {

    private struct Candidate {
        var start: Int
        var labelLength: Int
        /// Index of the closing 。.
        var end: Int
    }

    static func inlines(_ text: String) -> [Inline] {
        // Unicode scalars, not Characters: every test here is on single CJK scalars.
        let chars = Array(text.unicodeScalars)
        var candidates: [Candidate] = []
        for index in chars.indices where index == 0 || chars[index - 1] == "。" || chars[index - 1] == "！" || chars[index - 1] == "？" {
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
        func string(_ slice: ArraySlice<Unicode.Scalar>) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: slice)
            return String(view)
        }
        var inlines: [Inline] = []
        var position = 0
        for (k, candidate) in candidates.enumerated() where !isList[k] {
            if candidate.start > position { inlines.append(.text(string(chars[position..<candidate.start]))) }
            let number = string(chars[candidate.start..<(candidate.start + candidate.labelLength)])
            let sentence = string(chars[(candidate.start + candidate.labelLength)...candidate.end])
            inlines.append(.lead(Lead(number: number, text: sentence)))
            position = candidate.end + 1
        }
        if inlines.isEmpty { return [.text(text)] }
        if position < chars.count { inlines.append(.text(string(chars[position...]))) }
        return inlines
    }
}
