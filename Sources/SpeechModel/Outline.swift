/// One line of a speech's outline: a heading or a lead, in document order.
public struct OutlineEntry: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable {
        case heading
        case lead
    }

    public var level: Int
    public var kind: Kind
    /// The number label as printed: "一、", "一要".
    public var number: String
    /// The sentence without its label and without the closing 。.
    public var text: String

    public init(level: Int, kind: Kind, number: String, text: String) {
        self.level = level
        self.kind = kind
        self.number = number
        self.text = text
    }
}

/// Counts that describe a speech's size and completeness.
public struct SpeechStatistics: Sendable, Equatable {
    public var paragraphs = 0
    /// Characters of speech text (salutation, headings, paragraphs, closing), whitespace excluded.
    public var characters = 0
    public var gaps = 0
}

public extension Speech {
    /// Every heading and lead in document order. A lead sits one level below the heading
    /// that encloses it, or at level 1 when no heading does.
    var outline: [OutlineEntry] {
        var collector = OutlineCollector()
        collector.walk(self)
        return collector.entries
    }

    var statistics: SpeechStatistics {
        var counter = StatisticsCounter()
        counter.walk(self)
        return counter.statistics
    }
}

private struct OutlineCollector: SpeechWalker {
    var entries: [OutlineEntry] = []

    mutating func visitHeading(_ heading: Heading, enclosing: [Heading]) {
        entries.append(OutlineEntry(level: heading.level, kind: .heading,
                                    number: heading.number, text: heading.sentence))
    }

    mutating func visitParagraph(_ paragraph: Paragraph, enclosing: [Heading]) {
        for case .lead(let lead) in paragraph.inlines {
            entries.append(OutlineEntry(level: (enclosing.last?.level ?? 0) + 1, kind: .lead,
                                        number: lead.number, text: lead.sentence))
        }
    }
}

/// The one definition of a space in speech text: ASCII and Unicode white space, the ideographic
/// space, and the invisible ones pages carry (zero-width space U+200B, BOM U+FEFF). The reader
/// trims lines by it and the statistics do not count it.
public enum Whitespace {
    public static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: return true
        default: return false
        }
    }
}

private struct StatisticsCounter: SpeechWalker {
    var statistics = SpeechStatistics()

    /// White space is not counted.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool { Whitespace.isSpace(scalar) }

    private mutating func count(_ text: String) {
        var count = 0
        for scalar in text.unicodeScalars where !Self.isSpace(scalar) { count += 1 }
        statistics.characters += count
    }

    mutating func visitSalutation(_ text: String) { count(text) }
    mutating func visitClosing(_ text: String) { count(text) }
    mutating func visitHeading(_ heading: Heading, enclosing: [Heading]) {
        count(heading.number + heading.text)
    }
    mutating func visitParagraph(_ paragraph: Paragraph, enclosing: [Heading]) {
        statistics.paragraphs += 1
        count(paragraph.plainText)
    }
    mutating func visitGap(_ gap: Gap, enclosing: [Heading]) { statistics.gaps += 1 }
}

public extension Speech {
    /// The speech's text in reading order, a piece per element: the salutation, each heading
    /// (number and text), each inline of each paragraph (a lead with its number), each gap's
    /// marker and the closing. Metadata is not included.
    var textPieces: [String] {
        var collector = TextCollector()
        collector.walk(self)
        return collector.pieces
    }
}

public extension Speech {
    /// Whether the speech holds any character that `statistics` counts, found without
    /// counting them all.
    var hasText: Bool {
        var finder = TextFinder()
        finder.walk(self)
        return finder.found
    }
}

private struct TextFinder: SpeechWalker {
    var found = false

    private mutating func look(_ text: String) {
        if !found { found = text.unicodeScalars.contains { !StatisticsCounter.isSpace($0) } }
    }

    mutating func visitSalutation(_ text: String) { look(text) }
    mutating func visitClosing(_ text: String) { look(text) }
    mutating func visitHeading(_ heading: Heading, enclosing: [Heading]) { look(heading.number); look(heading.text) }
    mutating func visitParagraph(_ paragraph: Paragraph, enclosing: [Heading]) {
        for inline in paragraph.inlines where !found { look(inline.plainText) }
    }
}

private struct TextCollector: SpeechWalker {
    var pieces: [String] = []

    mutating func visitSalutation(_ text: String) { pieces.append(text) }
    mutating func visitHeading(_ heading: Heading, enclosing: [Heading]) { pieces.append(heading.number + heading.text) }
    mutating func visitParagraph(_ paragraph: Paragraph, enclosing: [Heading]) { pieces += paragraph.inlines.map(\.plainText) }
    mutating func visitGap(_ gap: Gap, enclosing: [Heading]) { pieces.append(gap.marker) }
    mutating func visitClosing(_ text: String) { pieces.append(text) }
}
