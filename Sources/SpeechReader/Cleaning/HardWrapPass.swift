/// Joins lines a web page or a text editor wrapped inside a sentence. A line is joined to the
/// next when it does not end a sentence, is long enough to have been wrapped, and neither
/// line is a title, heading, lead, salutation, closing or marker.
struct HardWrapPass: CleaningPass {
    let name = "hard-wrap"
    /// Shorter lines are names, dates or headings rather than wrapped prose.
    static let minimumWrappedLength = 16

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        // In place: lines[..<kept] are the pass's output so far. A second array of the lines and a
        // fresh copy of a paragraph for every line joined to it were a file of a million wrapped
        // lines' largest cost; a joined line's own text goes as soon as it is joined.
        var kept = 0
        var grown = false
        for index in lines.indices {
            let line = lines[index]
            // A blank line inside an open quotation (…围绕“弘扬善文化 / (blank) / 做文明有礼X人”这一主题)
            // is a page's break inside a sentence, not a paragraph's end.
            if line.isBlank, kept > 0, !lines[kept - 1].isBlank, index + 1 < lines.count, !lines[index + 1].isBlank,
               Self.leavesQuoteOpen(lines[kept - 1].text), Self.closesQuoteFirst(lines[index + 1].text) {
                continue
            }
            if kept > 0, !lines[kept - 1].isBlank, !line.isBlank, lines[kept - 1].hint.joins(line.hint),
               Self.continues(lines[kept - 1].text, with: line.text) {
                let needsSpace = lines[kept - 1].text.last.map { $0.isASCII && $0.isLetter } == true
                    && line.text.first.map { $0.isASCII && $0.isLetter } == true
                if needsSpace { lines[kept - 1].text += " " }
                lines[kept - 1].text += line.text
                lines[index].text = ""
                lines[index].original = ""
                grown = true
            } else {
                if grown { lines[kept - 1].text = lines[kept - 1].text.atExactSize }
                grown = false
                lines.swapAt(kept, index)
                kept += 1
            }
        }
        if grown { lines[kept - 1].text = lines[kept - 1].text.atExactSize }
        lines.removeSubrange(kept...)
    }

    /// Closing quotes and brackets: they end a sentence only after a sentence stop (。” ends
    /// one; 年度“1868” does not). Tested on scalars: hashing Characters for a set costs more
    /// than the rest of the test.
    static func isCloser(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar { case "”", "’", "」", "』", "）", ")", "】": return true; default: return false }
    }

    static func isStop(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar { case "。", "！", "？", "；", "：", "…", ".", "!", "?", ";", ":": return true; default: return false }
    }

    static func continues(_ previous: String, with next: String) -> Bool {
        let scalars = previous.unicodeScalars
        guard let end = scalars.last else { return false }
        if isCloser(end) {
            var index = scalars.index(before: scalars.endIndex)
            while index > scalars.startIndex, isCloser(scalars[index]) { index = scalars.index(before: index) }
            if !isCloser(scalars[index]), isStop(scalars[index]) { return false }
        } else if isStop(end) {
            return false
        }
        guard previous.hasAtLeast(minimumWrappedLength) else { return false }
        return !isStructural(previous) && !isStructural(next) && !Patterns.startsWithLead(next)
    }

    /// More “ than ” in the line: a quotation still open at its end.
    static func leavesQuoteOpen(_ text: String) -> Bool {
        var depth = 0
        for scalar in text.unicodeScalars {
            if scalar == "“" { depth += 1 } else if scalar == "”" { depth -= 1 }
        }
        return depth > 0
    }

    /// The first quotation mark in the line closes one.
    static func closesQuoteFirst(_ text: String) -> Bool {
        text.unicodeScalars.first { $0 == "“" || $0 == "”" } == "”"
    }

    static func isStructural(_ line: String) -> Bool {
        Markers.isMarker(line) || Patterns.isTitleLike(line) || Patterns.isSubtitle(line) || Patterns.isSalutation(line)
            || Patterns.isClosing(line) || Patterns.headingLength(line) != nil || Patterns.dateLine(line) != nil
    }
}
