import SpeechModel

/// Builds speeches from cleaned lines (one paragraph per line, with gap and truncation markers).
struct SpeechParser {
    var report: CleaningReport

    /// Splits the lines into speeches and parses each. Lines carry the roles the page labeller
    /// gave them; a line without one (a caller that cleaned without labelling) is judged by its
    /// shape.
    mutating func parse(_ lines: [SourceLine]) -> [Speech] {
        parse(lines, releasing: false)
    }

    /// As `parse`, the lines given up: each speech's lines let go of their text once the speech
    /// is made, so that a long file's headings and leads are not held twice over, as lines and
    /// as the model's pieces, while the rest is parsed.
    mutating func parse(releasing lines: consuming [SourceLine]) -> [Speech] {
        parse(lines, releasing: true)
    }

    private mutating func parse(_ lines: consuming [SourceLine], releasing: Bool) -> [Speech] {
        var speeches: [Speech] = []
        var lines = lines
        if lines.contains(where: \.isBlank) { lines.removeAll(where: \.isBlank) }
        // Each speech is parsed from a slice of the lines: a long file's lines are not copied
        // again for each step.
        for piece in splitIntoSpeeches(lines) {
            if let speech = parseSpeech(lines[piece]) { speeches.append(speech) }
            if releasing {
                for index in piece { (lines[index].text, lines[index].original) = ("", "") }
            }
        }
        return speeches
    }

    static func role(of line: SourceLine) -> UnitRole {
        if let role = line.role { return role }
        if Patterns.isTitleLike(line.text) && Patterns.headingLength(line.text) == nil { return .title }
        if Patterns.isSalutation(line.text) { return .salutation }
        return .body
    }

    // MARK: Splitting

    /// A new speech starts at a title once the current speech has a salutation or body text.
    private func splitIntoSpeeches(_ lines: [SourceLine]) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var start = 0
        var bodySeen = false
        for (index, line) in lines.enumerated() {
            let role = Self.role(of: line)
            if role == .title && bodySeen {
                pieces.append(start..<index)
                start = index
                bodySeen = false
            }
            if role == .body || role == .salutation { bodySeen = true }
        }
        pieces.append(start..<lines.count)
        return pieces.filter { !$0.isEmpty }
    }

    // MARK: One speech

    private mutating func parseSpeech(_ lines: ArraySlice<SourceLine>) -> Speech? {
        var index = lines.startIndex
        var metadata = Metadata(title: "")
        // Titles in a row: the last one with a title word is the speech's (a collection's piece
        // title or a page title may stand above it); the others are kept as its subtitle.
        var titles: [String] = []
        while index < lines.endIndex, Self.role(of: lines[index]) == .title {
            titles.append(lines[index].text)
            index += 1
        }
        Self.takeTitles(titles, into: &metadata)
        while index < lines.endIndex, Self.role(of: lines[index]) == .meta {
            Self.takeMeta(lines[index].text, into: &metadata)
            index += 1
        }
        var salutation: String?
        var last: String?
        while index < lines.endIndex, Self.role(of: lines[index]) == .salutation {
            Self.takeSalutation(lines[index], into: &salutation, last: &last, report: &report)
            index += 1
        }
        let (body, truncated) = Self.parseBody(lines[index...])
        var blocks = body
        let closing = blocks.removeClosing()
        if salutation == nil, case .paragraph(let first)? = blocks.first, let text = Self.salutationRun(first) {
            salutation = text
            blocks.removeFirst()
        }
        if metadata.title.isEmpty && salutation == nil && blocks.isEmpty && closing == nil { return nil }
        return Speech(metadata: metadata, salutation: salutation, body: blocks, closing: closing, truncated: truncated)
    }

    // MARK: Pieces of a speech's head, shared with the streamed read (SpeechStreamParser)

    /// Titles in a row: the last one with a title word is the speech's (a collection's piece
    /// title or a page title may stand above it); the others are kept as its subtitle.
    static func takeTitles(_ titles: [String], into metadata: inout Metadata) {
        guard !titles.isEmpty else { return }
        let main = titles.lastIndex(where: { Patterns.isTitleLike($0) }) ?? 0
        metadata.title = titles[main]
        let others = titles.enumerated().filter { $0.offset != main }.map(\.element)
        if !others.isEmpty { metadata.subtitle = others.joined(separator: " ") }
    }

    /// A line of the head after the titles: the date, a subtitle or the speaker.
    static func takeMeta(_ text: String, into metadata: inout Metadata) {
        if metadata.date == nil, let date = Patterns.dateLine(text) ?? placeholderDate(text) {
            metadata.date = date
        } else if metadata.subtitle == nil, Patterns.isSubtitle(text) || metadata.speaker != nil || metadata.date != nil {
            metadata.subtitle = text
        } else if metadata.speaker == nil {
            metadata.speaker = text
        } else {
            metadata.subtitle = (metadata.subtitle ?? "") + text
        }
    }

    /// The same salutation twice in a row (a teaser's, whose text went as furniture, then the
    /// speech's own) is said once; the copy is reported.
    static func takeSalutation(_ line: SourceLine, into salutation: inout String?, last: inout String?, report: inout CleaningReport) {
        if line.text == last {
            report.removed.append(Removal(rule: "repeated-salutation", line: line.number, text: line.text))
        } else {
            salutation = (salutation ?? "") + line.text
        }
        last = line.text
    }

    /// A speech's first paragraph that is nothing but an address to the audience (同志们：) is
    /// its salutation, whatever the page put after it: the same rule SpeechDoc Markdown is read
    /// back by (found by the fuzzer: a salutation above a page's furniture was body).
    static func salutationRun(_ paragraph: Paragraph) -> String? {
        guard paragraph.inlines.count == 1, case .text(let text) = paragraph.inlines[0], Patterns.isSalutationRun(text) else { return nil }
        return text
    }

    /// （2022年X月X日） with placeholders for the numbers.
    static func placeholderDate(_ text: String) -> String? {
        guard let date = PageSegmenter.trailingDate(text), date.count == text.unicodeScalars.count else { return nil }
        return text
    }

    /// The body lines into nested sections, paragraphs and gaps. Headings are found by their
    /// labels (一、 （一） 1.), whose kinds give the levels; a line the input's markup calls a
    /// heading (Word's 标题 2, <h3>, ###) is one without a label too, when it is short and holds
    /// no sentence, at the level its labelled peers of the same markup level took, else at the
    /// rank of its markup level among the speech's. A paragraph that starts in bold starts with
    /// a lead.
    static func parseBody(_ lines: ArraySlice<SourceLine>) -> (blocks: [Block], truncated: Bool) {
        var builder = SectionBuilder()
        builder.reserve(lines.count)
        var parser = BodyParser(markupLevels: Set(lines.map(\.hint.headingLevel)).subtracting([0]).sorted())
        for line in lines {
            parser.take(line) { item in
                switch item {
                case .heading(let heading): builder.open(heading)
                case .paragraph(let paragraph): builder.append(.paragraph(paragraph))
                case .gap(let gap): builder.append(.gap(gap))
                }
            }
        }
        return (builder.finish(), parser.truncated)
    }

    /// A heading by markup alone: at most 60 characters, no sentence inside it, not a marker.
    static func isUnlabelledHeading(_ text: String) -> Bool {
        let shape = TextShape(text)
        return shape.length <= 60 && shape.han > 0 && shape.sentenceEnds == 0 && !Markers.isMarker(text) && !Patterns.isClosing(text)
    }

    /// A paragraph's inlines; its first `boldPrefix` characters, set in bold by the input's
    /// markup, lead it when they are a clause or a phrase (2 to 40 characters) the text goes on
    /// after, and no labelled lead starts there.
    static func inlines(_ text: String, boldPrefix: Int) -> [Inline] {
        DamagedTextPass.marked(leadInlines(text, boldPrefix: boldPrefix))
    }

    /// A paragraph a person said opens with a lead: its own labelled lead (一是…。) when it has
    /// one, else its first sentence (to 。！？ or ：), or all of it when it has no end.
    static func forcedLead(_ text: String) -> [Inline] {
        let found = InlineParser.inlines(text)
        if case .lead = found.first { return found }
        let scalars = text.unicodeScalars
        guard let end = scalars.firstIndex(where: { "。！？：".unicodeScalars.contains($0) }).map({ scalars.index(after: $0) }),
              end < scalars.endIndex else {
            return [.lead(Lead(number: "", text: text))]
        }
        return [.lead(Lead(number: "", text: String(scalars[..<end])))] + InlineParser.inlines(String(scalars[end...]))
    }

    private static func leadInlines(_ text: String, boldPrefix: Int) -> [Inline] {
        let found = InlineParser.inlines(text)
        guard boldPrefix >= 2, boldPrefix <= 40, case .text = found.first else { return found }
        let scalars = text.unicodeScalars
        guard let end = scalars.index(scalars.startIndex, offsetBy: boldPrefix, limitedBy: scalars.endIndex), end < scalars.endIndex else {
            return found
        }
        let rest = InlineParser.inlines(String(scalars[end...]))
        if case .lead = rest.first { return found }
        return [.lead(Lead(number: "", text: String(scalars[..<end])))] + rest
    }
}

/// A speech's body lines into headings, paragraphs and gaps, a line at a time (`SpeechParser.
/// parseBody` nests them into sections; a streamed read hands them on as they come).
struct BodyParser {
    /// The heading levels the body's markup uses, in order (none for plain text).
    let markupLevels: [UInt8]
    /// Label kinds of the open headings, outermost first; -1 for a heading without a label.
    private var kinds: [Int] = []
    private var levelOfMarkup: [UInt8: Int] = [:]
    /// The text said it was cut short (its truncation marker was among the lines).
    private(set) var truncated = false

    init(markupLevels: [UInt8]) { self.markupLevels = markupLevels }

    mutating func take(_ line: SourceLine, _ emit: (BodyItem) -> Void) {
        let text = line.text
        if text == Speech.truncationMarker {
            truncated = true
        } else if let gap = Gap(marker: text) {
            emit(.gap(gap))
        } else if line.hint.forced == FormatHint.paragraph {
            emit(.paragraph(Paragraph(SpeechParser.inlines(text, boldPrefix: Int(line.hint.boldPrefix)))))
        } else if line.hint.forced == FormatHint.lead {
            emit(.paragraph(Paragraph(DamagedTextPass.marked(SpeechParser.forcedLead(text)))))
        } else if line.hint.forced > 0 {
            // A heading at the level a person gave it; its label, when it has one, is kept.
            let level = Int(line.hint.forced)
            let match = Patterns.heading(text)
            if kinds.count >= level { kinds.removeSubrange((level - 1)...) }
            while kinds.count < level - 1 { kinds.append(-1) }
            kinds.append(match.map { $0.kind.rawValue } ?? -1)
            emit(.heading(Heading(level: level, number: match?.number ?? "", text: match?.text ?? text,
                                  runsIn: !(match?.rest.isEmpty ?? true))))
            if let rest = match?.rest, !rest.isEmpty { emit(.paragraph(Paragraph(SpeechParser.inlines(rest, boldPrefix: 0)))) }
        } else if let match = Patterns.heading(text) {
            let kind = match.kind.rawValue
            // Headings without labels the markup placed at this level or deeper close.
            if let rank = markupLevels.firstIndex(of: line.hint.headingLevel) {
                while kinds.count > rank, kinds.last == -1 { kinds.removeLast() }
            }
            let level: Int
            if let position = kinds.firstIndex(of: kind) {
                kinds.removeSubrange(position...)
                level = position + 1
            } else {
                while let top = kinds.last, top > kind { kinds.removeLast() }
                level = kinds.count + 1
            }
            kinds.append(kind)
            if line.hint.headingLevel > 0, levelOfMarkup[line.hint.headingLevel] == nil { levelOfMarkup[line.hint.headingLevel] = level }
            emit(.heading(Heading(level: Heading.clamped(level), number: match.number, text: match.text, runsIn: !match.rest.isEmpty)))
            if !match.rest.isEmpty { emit(.paragraph(Paragraph(SpeechParser.inlines(match.rest, boldPrefix: 0)))) }
        } else if line.hint.headingLevel > 0, SpeechParser.isUnlabelledHeading(text), let rank = markupLevels.firstIndex(of: line.hint.headingLevel) {
            let level = min(levelOfMarkup[line.hint.headingLevel] ?? rank + 1, kinds.count + 1)
            kinds.removeSubrange((level - 1)...)
            kinds.append(-1)
            emit(.heading(Heading(level: Heading.clamped(level), number: "", text: text)))
        } else {
            emit(.paragraph(Paragraph(SpeechParser.inlines(text, boldPrefix: Int(line.hint.boldPrefix)))))
        }
    }
}

/// Piece markers around titles in multi-speech files: "…讲话 篇1", "第二篇:…讲话".
enum TitleText {
    static func pieceMarker(in text: String) -> String? {
        // The trailing markers are read in the last five characters, the only ones their tests
        // reach (the last 篇 or 范 of the line is among them when one is, and a line of four
        // characters or more leaves four or more): the line's characters are not all made for
        // a line that mentions a piece in its prose.
        if let marker = trailingPieceMarker(Array(text.suffix(5))) { return marker }
        guard text.first == "第" else { return nil }
        return leadingPieceMarker(Array(text))
    }

    /// 篇N or 范文N (…发言稿范文一) at the end of these characters (a line's last ones, or all).
    static func trailingPieceMarker(_ chars: [Character]) -> String? {
        // Trailing 篇N
        if let pian = chars.lastIndex(of: "篇"), chars.count - pian <= 3,
           chars[(pian + 1)...].allSatisfy({ $0.isNumber }), pian + 1 < chars.count {
            return String(chars[pian...])
        }
        // Trailing 范文N, in a line of four characters or more.
        if chars.count >= 4, let fan = chars.lastIndex(of: "范"), fan + 1 < chars.count, chars[fan + 1] == "文",
           chars.count - fan >= 3, chars.count - fan <= 5, chars[(fan + 2)...].allSatisfy({ $0.isNumber }) {
            return String(chars[fan...])
        }
        return nil
    }

    /// 第N篇: / 第N篇： at the start of a line's characters, with the marks after it.
    static func leadingPieceMarker(_ chars: [Character]) -> String? {
        guard chars.first == "第", let pian = chars.firstIndex(of: "篇"), pian <= 4,
              chars[1..<pian].allSatisfy({ $0.isNumber || CJK.chineseNumerals.contains($0) }), pian > 1 else { return nil }
        var end = pian + 1
        while end < chars.count, ":：、 ".contains(chars[end]) { end += 1 }
        return String(chars[..<end])
    }

    /// A title written twice in a row, the two copies alike but for a character or two
    /// (2024全县…推进行动2024年全县…推进行动: a page's title before the document's own): the fuller
    /// copy (the second when they are as long), and the other. Each copy is six characters at
    /// least and one holds all of the other's characters in order, and neither ends a sentence;
    /// nil when the text is no such pair.
    static func undoubled(_ text: String) -> (kept: String, dropped: String)? {
        // Most lines it is asked about are sentences of prose: told on the bytes, no scalars made.
        let bytes = text.utf8.count
        guard bytes >= 12, bytes <= 600, !text.containsBytes("。"), !text.containsBytes("！"), !text.containsBytes("？") else { return nil }
        let scalars = text.scalarArray
        let count = scalars.count
        guard count >= 12 else { return nil }
        for cut in max(6, (count - 2) / 2)...min(count - 6, (count + 2) / 2) {
            let first = scalars[..<cut], second = scalars[cut...]
            guard first.first == second.first, first.last == second.last, abs(first.count - second.count) <= 2 else { continue }
            let (shorter, longer) = first.count <= second.count ? (first, second) : (second, first)
            guard isSubsequence(shorter, of: longer) else { continue }
            let keptFirst = first.count > second.count
            return (String(scalars: keptFirst ? first : second), String(scalars: keptFirst ? second : first))
        }
        return nil
    }

    /// A site's name, or its column's, after a title, set off as a page's <title> prints it:
    /// 在…上的讲话_公文范文网, …讲话 - 第一范文网, …讲话稿｜笔杆子文库. The title, and what followed it
    /// from the mark on; nil when the text is no such line. The mark is an underscore, a bar or
    /// a hyphen (not one between letters or digits: 2023-2024年), or a dash with a space beside
    /// it (——, a subtitle's dash, sets off nothing); what precedes the first such mark is a
    /// title of six characters at least, and what follows it is no more than 24 characters with
    /// no clause mark in it.
    static func withoutSiteSuffix(_ text: String) -> (kept: String, dropped: String)? {
        let bytes = text.utf8.count
        guard bytes >= 18, bytes <= 270, mayHoldSuffixMark(text) else { return nil }
        let scalars = text.scalarArray
        // The first mark only: a title holds none (网站首页 | 讲话稿 | 工作总结 is a menu).
        guard let index = scalars.indices.first(where: { isSuffixMark(scalars, at: $0) }) else { return nil }
        var end = index
        while end > 0, CJK.isSpace(scalars[end - 1]) { end -= 1 }
        let rest = scalars[index...]
        guard end >= 6, rest.count <= 25, rest.count >= 2,
              !rest.contains(where: { "。！？；，,;!?".unicodeScalars.contains($0) }) else { return nil }
        let title = String(scalars: scalars[..<end])
        guard Patterns.isTitleLike(title) else { return nil }
        return (title, String(scalars: rest).trimmingSpaces)
    }

    /// One pass over the bytes: a mark that may set off a site's name (_ | - ＿ ｜ – —), and
    /// neither a full stop nor a comma (E3 80 82, EF BC 8C), which no title holds. Most lines
    /// near a page's top are prose: the first comma ends the pass.
    private static func mayHoldSuffixMark(_ text: String) -> Bool {
        text.withBytes { bytes in
            var mark = false
            var index = 0
            let end = bytes.count - 2
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x5F || byte == 0x7C || byte == 0x2D {
                    mark = true
                } else if index < end, byte == 0xEF || byte == 0xE2 || byte == 0xE3 {
                    let second = bytes[index + 1], third = bytes[index + 2]
                    switch (byte, second, third) {
                    case (0xE3, 0x80, 0x82), (0xEF, 0xBC, 0x8C): return false
                    case (0xEF, 0xBD, 0x9C), (0xEF, 0xBC, 0xBF), (0xE2, 0x80, 0x93), (0xE2, 0x80, 0x94): mark = true
                    default: break
                    }
                    index += 3
                    continue
                }
                index += 1
            }
            return mark
        }
    }

    private static func isSuffixMark(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        switch scalars[index] {
        case "_", "＿", "|", "｜": return true
        case "-":
            // 2023-2024年, 201x-201x年: a range, not a mark.
            let before = index > 0 ? scalars[index - 1] : " ", after = index + 1 < scalars.count ? scalars[index + 1] : " "
            return !(CJK.isASCIIAlphanumeric(before) && CJK.isASCIIAlphanumeric(after))
        case "–", "—":
            let before = index > 0 ? scalars[index - 1] : " ", after = index + 1 < scalars.count ? scalars[index + 1] : " "
            guard before != "—", after != "—" else { return false }
            return CJK.isSpace(before) || CJK.isSpace(after)
        default: return false
        }
    }

    private static func isSubsequence(_ short: ArraySlice<Unicode.Scalar>, of long: ArraySlice<Unicode.Scalar>) -> Bool {
        var index = long.startIndex
        for scalar in short {
            guard let found = long[index...].firstIndex(of: scalar) else { return false }
            index = found + 1
        }
        return true
    }

    static func withoutPieceMarker(_ text: String) -> String {
        guard let marker = pieceMarker(in: text) else { return text }
        if text.hasPrefix(marker) { return String(text.dropFirst(marker.count)).trimmingSpaces }
        return String(text.dropLast(marker.count)).trimmingSpaces
    }
}
