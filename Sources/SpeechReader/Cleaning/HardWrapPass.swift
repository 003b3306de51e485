import ChineseScript
import SystemSupport

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
        var widths = WrapWidths()
        var previous = ""
        for index in lines.indices {
            let line = lines[index]
            defer { previous = line.text }
            // A blank line inside an open quotation (…围绕“弘扬善文化 / (blank) / 做文明有礼X人”这一主题)
            // is a page's break inside a sentence, not a paragraph's end.
            if line.isBlank, kept > 0, !lines[kept - 1].isBlank, index + 1 < lines.count, !lines[index + 1].isBlank,
               Self.leavesQuoteOpen(lines[kept - 1].text), Self.closesQuoteFirst(lines[index + 1].text) {
                continue
            }
            if kept > 0, !lines[kept - 1].isBlank, !line.isBlank, lines[kept - 1].hint.joins(line.hint) {
                if Self.continues(lines[kept - 1].text, with: line.text) {
                    widths.record(previous)
                } else if grown || !widths.endsHeading(lines[kept - 1].text, with: line.text) {
                    keep(index)
                    continue
                }
                if Self.wordsMeet(lines[kept - 1].text, line.text) { lines[kept - 1].text += " " }
                lines[kept - 1].text += line.text
                lines[index].text = ""
                lines[index].original = ""
                grown = true
            } else {
                keep(index)
            }
        }
        if grown { lines[kept - 1].text = lines[kept - 1].text.atExactSize }
        lines.removeSubrange(kept...)

        func keep(_ index: Int) {
            if grown { lines[kept - 1].text = lines[kept - 1].text.atExactSize }
            grown = false
            lines.swapAt(kept, index)
            kept += 1
        }
    }

    /// How wide the page's wrapped lines are, from the pieces joined so far: a heading is
    /// structure, never joined as prose, but on a page wrapped at a width a heading as wide as
    /// its wrapped lines ran on too (一、分析形势，充分认识市容环境综合整治工作的重要 / 性和紧迫感).
    struct WrapWidths {
        /// Columns (a wide character two) of the first pieces that ran on, `maximumPieces` of them.
        private(set) var columns: [Int] = []
        static let maximumPieces = 63
        /// Lines a page wrapped at a width are as wide as each other, within two wide characters
        /// (a wrap falls before a word or a mark that does not fit, a proportional font's marks
        /// and digits are narrower): at least this many pieces that ran on, and half of them,
        /// within that band. A piece a pass before had already joined is wider, and a page cut
        /// at random widths has no such band.
        static let slack = 4
        static let minimumPieces = 3

        mutating func record(_ piece: String) {
            guard columns.count < Self.maximumPieces, !piece.isEmpty else { return }
            columns.append(FixedWidthWrapPass.size(piece).columns)
        }

        /// The widest edge of the band of `slack` columns that holds the most pieces, when it
        /// holds enough of them.
        var width: Int? {
            guard columns.count >= Self.minimumPieces else { return nil }
            var best = 0, bestCount = 0
            for edge in columns {
                let count = columns.count { $0 <= edge && $0 >= edge - Self.slack }
                if count > bestCount || (count == bestCount && edge > best) { (best, bestCount) = (edge, count) }
            }
            guard bestCount >= Self.minimumPieces, bestCount * 2 >= columns.count else { return nil }
            return best
        }

        /// `heading` is a heading of one line as wide as the page's wrapped lines, with no
        /// sentence in it, and `next` a piece at most two thirds as wide with no sentence stop in
        /// it that starts nothing of its own: the rest of the heading, wrapped. A heading that
        /// happens to fill its line is followed by its paragraph, whose first line is full too.
        func endsHeading(_ heading: String, with next: String) -> Bool {
            guard let width, !HardWrapPass.endsSentence(heading), Patterns.headingLength(heading) != nil else { return false }
            let headingColumns = FixedWidthWrapPass.size(heading).columns
            let nextColumns = FixedWidthWrapPass.size(next).columns
            guard headingColumns >= width - Self.slack, headingColumns <= width + Self.slack, nextColumns * 3 <= width * 2,
                  !heading.unicodeScalars.contains(where: HardWrapPass.isSentenceOrItemStop),
                  !next.unicodeScalars.contains(where: HardWrapPass.isSentenceOrItemStop) else { return false }
            return !HardWrapPass.isStructural(next) && !Patterns.startsWithLead(next)
        }
    }

    /// Closing quotes and brackets: they end a sentence only after a sentence stop (。” ends
    /// one; 年度“1868” does not). Tested on scalars: hashing Characters for a set costs more
    /// than the rest of the test.
    static func isCloser(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar { case "”", "’", "」", "』", "）", ")", "】": return true; default: return false }
    }

    /// A mark that ends a sentence or an item of a list inside a line (a colon does not): the
    /// sentence stops of `UTF8Text.isSentenceStop`, half-width ones and semicolons.
    static func isSentenceOrItemStop(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar { case "。", "！", "？", "；", "!", "?", ";": return true; default: return false }
    }

    static func isStop(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar { case "。", "！", "？", "；", "：", "…", ".", "!", "?", ";", ":": return true; default: return false }
    }

    static func continues(_ previous: String, with next: String) -> Bool {
        guard !endsSentence(previous), previous.hasAtLeast(minimumWrappedLength) else { return false }
        return !isStructural(previous) && !isStructural(next) && !Patterns.startsWithLead(next)
    }

    /// The line's last mark ends a sentence (a closing quote or bracket after a stop does too).
    static func endsSentence(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        guard let end = text.lastScalar else { return true }
        if isCloser(end) {
            var index = scalars.index(before: scalars.endIndex)
            while index > scalars.startIndex, isCloser(scalars[index]) { index = scalars.index(before: index) }
            return !isCloser(scalars[index]) && isStop(scalars[index])
        }
        return isStop(end)
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
        Markers.isMarker(line) || Patterns.isTitleLike(line) || opensItsOwn(line)
    }

    /// A line that starts something of its own besides a title: a subtitle, a salutation, a
    /// closing, a heading, a date line.
    static func opensItsOwn(_ line: String) -> Bool {
        Patterns.isSubtitle(line) || Patterns.isSalutation(line) || Patterns.isClosing(line)
            || Patterns.headingLength(line) != nil || Patterns.dateLine(line) != nil
    }

    /// Two Latin words meet at the break: a wrap there dropped the space between them.
    static func wordsMeet(_ previous: String, _ next: String) -> Bool {
        previous.last.map { $0.isASCII && $0.isLetter } == true && next.first.map { $0.isASCII && $0.isLetter } == true
    }
}

/// Joins the lines of a page a tool wrapped at a fixed width (a text copied out of a PDF, an
/// editor's fill, a mail client), before the page is cut into units and labelled: the labeller
/// should see a wrapped paragraph whole, as on an unwrapped page, not a piece of it that lacks
/// the words that mark it (a site's blurb read as body because its first 36 characters name
/// no site). The evidence holds on any page: most long lines are exactly as long as each other.
/// Only such full lines are joined to the next, when they do not end a sentence and the next
/// starts nothing of its own (`continues`); `HardWrapPass` still joins whatever other wraps
/// are left after labelling.
struct FixedWidthWrapPass: CleaningPass {
    let name = "fixed-width-wrap"
    let lexicon: Lexicon
    /// Traditional to simplified, as cleaning will convert the page (nil when it keeps its script).
    let converter: ScriptConverter?
    /// The furniture classes of a line that stands alone however long (a publish stamp, a
    /// site's legal line), as bits of the lexicon's classes: a full line holding their words is
    /// that line at the width by chance (更新时间:2018-06-10 19:16作者:才子老师), not a piece of
    /// the paragraph after it. A line already joined to the one before is a piece, whatever
    /// words it holds.
    let standAlone: UInt32

    static let standAloneClasses: Set<String> = ["publish-stamp", "site-legal"]

    init(lexicon: Lexicon, converter: ScriptConverter?) {
        self.lexicon = lexicon
        self.converter = converter
        standAlone = lexicon.classMask(Self.standAloneClasses)
    }

    /// How a tool measured the lines it wrapped.
    enum Measure: Equatable {
        /// Characters (scalars): a script cutting every N characters.
        case characters(Int)
        /// Display columns, a wide character two: an editor or a terminal, which moves a wide
        /// character that does not fit to the next line (a full line is N or N − 1 columns).
        case columns(Int)
    }

    /// At least this many full lines, and this share of the lines long enough to be wrapped.
    static let minimumFullLines = 8
    static let minimumShare = 0.4

    /// Characters and columns of a line as read, from its UTF-8: a character of three or four
    /// bytes (Han, full-width marks, CJK punctuation) takes two columns, one of one or two bytes
    /// (ASCII, Latin with tone marks) one. A space at its end counts: a cut can fall after one.
    static func size(_ text: String) -> (characters: Int, columns: Int) {
        text.withBytes { bytes in
            // Continuation bytes (10xxxxxx) are no character; lead bytes of three or four
            // (111xxxxx) one column more. Every line of every page comes here: eight bytes at a
            // time, each byte's top bits tested in place and the hits counted.
            let ones: UInt64 = 0x0101_0101_0101_0101
            var continuations = 0, wide = 0, index = 0
            while index + 8 <= bytes.count {
                let word = ByteSearch.word(bytes, at: index)
                continuations &+= ((word >> 7) & ~(word >> 6) & ones).nonzeroBitCount
                wide &+= ((word >> 7) & (word >> 6) & (word >> 5) & ones).nonzeroBitCount
                index += 8
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte & 0xC0 == 0x80 { continuations += 1 }
                if byte >= 0xE0 { wide += 1 }
                index += 1
            }
            let characters = bytes.count - continuations
            return (characters, characters + wide)
        }
    }

    /// Longer lines are no width a tool cuts at: they count among the long lines, not by length.
    static let longestWidth = 240

    /// The width the page was wrapped at, or nil when no width holds enough of its long lines.
    static func measure(_ lines: [SourceLine]) -> Measure? {
        var characters = [Int32](repeating: 0, count: longestWidth + 1)
        var columns = [Int32](repeating: 0, count: 2 * longestWidth + 1)
        var long = 0
        for line in lines where !line.isBlank {
            let size = size(line.original)
            guard size.characters >= HardWrapPass.minimumWrappedLength else { continue }
            long += 1
            if size.characters <= longestWidth { characters[size.characters] += 1 }
            if size.columns <= 2 * longestWidth { columns[size.columns] += 1 }
        }
        guard long >= minimumFullLines else { return nil }
        // The most common length in characters, and the most common band of two widths in
        // columns (ties to the longer); whichever holds more lines says how the tool measured.
        // On a page cut by characters the band holds no more (a full line with two ASCII
        // characters falls out of it); on one filled by columns the characters scatter.
        var characterWidth = 0, columnWidth = 0, columnCount = 0
        for width in characters.indices where characters[width] >= characters[characterWidth] { characterWidth = width }
        for width in 1..<columns.count where Int(columns[width] + columns[width - 1]) >= columnCount {
            (columnWidth, columnCount) = (width, Int(columns[width] + columns[width - 1]))
        }
        let characterCount = Int(characters[characterWidth])
        let (measure, count) = columnCount > characterCount
            ? (Measure.columns(columnWidth), columnCount) : (Measure.characters(characterWidth), characterCount)
        guard count >= minimumFullLines, Double(count) >= Double(long) * minimumShare else { return nil }
        return measure
    }

    /// A line at the width, or set in a proportional font (a PDF's text copied out): filled by
    /// the width of its glyphs, where a comma or a digit takes a quarter to three quarters of a
    /// Han character, not one character or one column. A full line of Han alone is the width;
    /// one holding narrow characters (ASCII, Latin) is wider in characters by a quarter to three
    /// quarters of a character for each, and in columns wider or narrower by up to half a column
    /// each (a column more where most full lines hold a narrow character and set the width a
    /// column short). No tool that cuts by characters or fills by columns leaves a line wider
    /// than its width, so such a line is full on any page. A line narrower than the width is
    /// full only on a page set in a proportional font (`isProportional`), and only when it may
    /// not have ended there: on a page a tool filled it is a line that ended there, and a title
    /// or a heading ends its line on any page.
    static func isFull(_ line: SourceLine, _ measure: Measure, proportional: Bool) -> Bool {
        let size = size(line.original)
        switch measure {
        case .characters(let width):
            return size.characters == width || isWider(size, measure)
        case .columns(let width):
            if size.columns == width || size.columns == width - 1 || isWider(size, measure) { return true }
            return proportional && isNarrower(size, measure) && mayRunOn(line.text)
        }
    }

    /// Wider than the width by no more than the line's narrow characters make up in a
    /// proportional font.
    static func isWider(_ size: (characters: Int, columns: Int), _ measure: Measure) -> Bool {
        let narrow = 2 * size.characters - size.columns
        switch measure {
        case .characters(let width): return size.characters > width && size.characters <= width + (narrow * 3 + 3) / 4
        case .columns(let width): return size.columns > width && size.columns <= width + 1 + (narrow + 1) / 2
        }
    }

    /// Narrower in columns than a full line filled by columns, by what the line's narrow
    /// characters may take away in a proportional font (half a column each, two at most).
    static let narrowerAtMost = 2

    static func isNarrower(_ size: (characters: Int, columns: Int), _ measure: Measure) -> Bool {
        guard case .columns(let width) = measure else { return false }
        let narrow = 2 * size.characters - size.columns
        return size.columns < width - 1 && size.columns >= width - 1 - min(narrow / 2, narrowerAtMost)
    }

    /// A line that ends no sentence and is no title or heading: where it ends says nothing.
    static func mayRunOn(_ text: String) -> Bool {
        !HardWrapPass.endsSentence(text) && !Patterns.isTitleLike(text) && Patterns.headingLength(text) == nil
    }

    /// A page set in a proportional font holds two lines a tool cutting by characters or filling
    /// by columns leaves on none: wider than its width by what their narrow characters make up,
    /// or narrower than a full line with nothing to end them there.
    static let minimumProportionalLines = 2

    static func isProportional(_ lines: [SourceLine], _ measure: Measure) -> Bool {
        var found = 0
        for line in lines where !line.isBlank {
            let size = size(line.original)
            guard isWider(size, measure) || (isNarrower(size, measure) && mayRunOn(line.text)) else { continue }
            found += 1
            if found >= minimumProportionalLines { return true }
        }
        return false
    }

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) throws {
        guard lines.count >= Self.minimumFullLines, let measure = Self.measure(lines) else { return }
        let proportional = Self.isProportional(lines, measure)
        // In place, as `HardWrapPass`: lines[..<kept] are the output so far. `full` says whether
        // the line before this one filled the width; `grown`, whether the last kept line has had
        // a line joined to it.
        var kept = 0
        var full = false
        var grown = false
        for index in lines.indices {
            let line = lines[index]
            let thisFull = !line.isBlank && Self.isFull(line, measure, proportional: proportional)
            if full, kept > 0, !line.isBlank, lines[kept - 1].hint.joins(line.hint),
               Self.continues(lines[kept - 1].text, with: line.text),
               try grown || !isStandAlone(lines[kept - 1].text) {
                let separator = Self.separator(lines[kept - 1], line, measure)
                // A line no pass has rewritten shares its text's storage with its original:
                // joined, it still does, or a million wrapped lines would be held twice. (The
                // original is let go first, so that the text grows in place.)
                if lines[kept - 1].text != lines[kept - 1].original || line.text != line.original {
                    lines[kept - 1].text += separator + line.text
                    lines[kept - 1].original += separator + line.original
                } else {
                    lines[kept - 1].original = ""
                    lines[kept - 1].text += separator + line.text
                    lines[kept - 1].original = lines[kept - 1].text
                }
                lines[index].text = ""
                lines[index].original = ""
                grown = true
            } else {
                if grown { Self.fit(&lines[kept - 1]) }
                grown = false
                lines.swapAt(kept, index)
                kept += 1
            }
            full = thisFull
        }
        if grown { Self.fit(&lines[kept - 1]) }
        lines.removeSubrange(kept...)
    }

    /// The lexicon's words are written as cleaning leaves them; the pass runs before the script
    /// and the punctuation are converted (a pinyin annotation, a notice or a link wrapped across
    /// lines is whole again first), so the line is converted for the test alone. A menu or a
    /// list of tags (`PageShapes.isWordList`) at the width stands alone too.
    func isStandAlone(_ text: String) throws -> Bool {
        if PageShapes.isWordList(text) { return true }
        var text = text
        if let converter, ScriptConverter.mayHoldTraditional(text) { text = try converter.convert(text) }
        return lexicon.furnitureKeywords.matches(PunctuationPass.normalize(text)) & standAlone != 0
    }

    /// A full line that does not end a sentence runs on into the next, unless the next starts
    /// something of its own (a heading, a lead, a salutation, a date…). Unlike a short line, a
    /// full one that looks like a heading is one only when it ends there: the label of a
    /// paragraph the tool wrapped (一、…) starts its first piece. And the next line may look
    /// like a title: the end of a long title cut at the width (…攻坚 / 行动会议上的讲话).
    static func continues(_ previous: String, with next: String) -> Bool {
        !HardWrapPass.endsSentence(previous) && !Patterns.startsWithLead(next)
            && !Markers.isMarker(next) && !HardWrapPass.opensItsOwn(next)
    }

    /// What stood at the cut. A script cutting by characters cut wherever it was, a space
    /// included (kept at the end of one line or the start of the next: the pinyin of 國(guó)
    /// cut as “(g” and “uó)” joins with nothing between); an editor filling by columns breaks
    /// Latin words at the space and drops it, so two words meeting there get one back.
    static func separator(_ previous: SourceLine, _ next: SourceLine, _ measure: Measure) -> String {
        switch measure {
        case .characters:
            let cutAtSpace = previous.original.unicodeScalars.last.map(CJK.isSpace) == true
                || next.original.unicodeScalars.first.map(CJK.isSpace) == true
            return cutAtSpace ? " " : ""
        case .columns:
            return HardWrapPass.wordsMeet(previous.text, next.text) ? " " : ""
        }
    }

    /// A joined line's strings at their exact size, still one storage when they were one.
    private static func fit(_ line: inout SourceLine) {
        let shared = line.text == line.original
        line.text = line.text.atExactSize
        line.original = shared ? line.text : line.original.atExactSize
    }
}
