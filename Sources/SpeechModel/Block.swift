/// A block of a speech body. Closed set: writers switch over it exhaustively.
public enum Block: Sendable, Equatable, Hashable {
    case paragraph(Paragraph)
    /// Boxed: a section's heading is five words wide and every paragraph of a long speech
    /// would pay for it (a Block is 16 bytes with the box, 56 without).
    indirect case section(Section)
    /// Text known to be missing from the source (a paywall cut, "……略……").
    case gap(Gap)
}

/// A heading and everything under it up to the next heading of the same or a higher level.
public struct Section: Sendable, Equatable, Hashable {
    public var heading: Heading
    public var children: [Block]

    public init(heading: Heading, children: [Block] = []) {
        self.heading = heading
        self.children = children
    }
}

/// A numbered heading as printed: 一、 / （一） / 1. / （1） / 第一，
public struct Heading: Sendable, Equatable, Hashable {
    /// 1…4 (`levels`). Level 1 is the speech's main division.
    public var level: Int
    /// The number label exactly as printed, with its punctuation: "一、", "（二）", "第一，".
    public var number: String
    /// The heading sentence as printed after the label, with its closing punctuation if any.
    public var text: String
    /// The heading and the first paragraph of its section were printed as one paragraph
    /// (一、要在深化认识上下功夫。全国文明城市是…). The first child paragraph is that body text.
    public var runsIn: Bool

    /// The levels a speech's outline has: readers find no deeper ones, style sheets style these.
    public static let levels = 1...4

    /// A level brought into `levels`: the one place heading levels are clamped.
    public static func clamped(_ level: Int) -> Int {
        min(max(level, levels.lowerBound), levels.upperBound)
    }

    public init(level: Int, number: String, text: String, runsIn: Bool = false) {
        self.level = level
        self.number = number
        self.text = text
        self.runsIn = runsIn
    }

    /// The heading sentence without its closing 。 — what an outline or a TOC shows.
    public var sentence: String { Punctuation.droppingSentenceEnd(text) }
}

/// A paragraph of inline runs.
public struct Paragraph: Sendable, Equatable, Hashable {
    public var inlines: Inlines

    public init(_ inlines: [Inline]) { self.inlines = Inlines(inlines) }
    public init(_ inlines: Inlines) { self.inlines = inlines }
    public init(text: String) { self.inlines = Inlines(text: text) }

    /// The paragraph as printed, all runs joined.
    public var plainText: String { inlines.map(\.plainText).joined() }

    /// The lead that opens the paragraph, if any.
    public var lead: Lead? {
        if case .lead(let lead)? = inlines.first { return lead }
        return nil
    }
}

/// A paragraph's runs, read as an array. Nearly every paragraph is one run of plain text, held
/// here as its string alone: an array of one run is a 56-byte allocation beside it, most of the
/// model of a file of a million short paragraphs.
public struct Inlines: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable, Hashable {
    @usableFromInline
    enum Storage: Sendable {
        case text(String)
        case runs([Inline])
    }

    @usableFromInline
    var storage: Storage

    public init(_ inlines: [Inline]) {
        if inlines.count == 1, case .text(let text) = inlines[0] {
            storage = .text(text)
        } else {
            storage = .runs(inlines)
        }
    }

    public init(text: String) { storage = .text(text) }

    public init(arrayLiteral elements: Inline...) { self.init(elements) }

    @inlinable public var startIndex: Int { 0 }

    @inlinable public var endIndex: Int {
        switch storage {
        case .text: 1
        case .runs(let runs): runs.count
        }
    }

    @inlinable public subscript(position: Int) -> Inline {
        switch storage {
        case .text(let text):
            precondition(position == 0, "index out of range")
            return .text(text)
        case .runs(let runs):
            return runs[position]
        }
    }

    /// Equal runs are equal however they are held.
    public static func == (lhs: Inlines, rhs: Inlines) -> Bool { lhs.elementsEqual(rhs) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for inline in self { hasher.combine(inline) }
    }
}

/// A run of text inside a paragraph.
public enum Inline: Sendable, Equatable, Hashable {
    case text(String)
    /// 一是…。/ 一要…。 at the start of a paragraph: a heading-like lead-in sentence.
    /// Boxed, so that a run is 24 bytes rather than 40 (most paragraphs are one text run).
    indirect case lead(Lead)
    /// Emphasis a person added by hand (Markdown *…*).
    case emphasis(String)
    /// Text the source damaged — U+FFFD, ??, a stray letter or underscore standing for a lost
    /// character (发挥y论监督, _到) — kept as it is and marked, so that no one prints it unread.
    case damaged(String)

    /// The note every output prints after a damaged span, beside its highlight.
    public static let damagedNote = "〔疑有乱码〕"

    public var plainText: String {
        switch self {
        case .text(let text), .emphasis(let text), .damaged(let text): return text
        case .lead(let lead): return lead.number + lead.text
        }
    }
}

/// A lead sentence: 一要明确创建目标。 — number "一要", text "明确创建目标。".
public struct Lead: Sendable, Equatable, Hashable {
    public var number: String
    /// The sentence after the number, with its closing punctuation as printed.
    public var text: String

    public init(number: String, text: String) {
        self.number = number
        self.text = text
    }

    /// The lead sentence without its closing 。.
    public var sentence: String { Punctuation.droppingSentenceEnd(text) }
}

/// Text known to be missing at this place.
public struct Gap: Sendable, Equatable, Hashable {
    /// Number of characters the source said it left out, when it said so.
    public var omittedCharacters: Int?

    public init(omittedCharacters: Int? = nil) {
        self.omittedCharacters = omittedCharacters
    }

    /// The visible marker every writer prints: 〔此处原文缺失约695字〕.
    public var marker: String {
        if let count = omittedCharacters { return "〔此处原文缺失约\(count)字〕" }
        return "〔此处原文缺失〕"
    }

    /// Reads a marker printed by `marker` back; nil when `text` is not one.
    public init?(marker text: String) {
        // Every marker starts with 〔: most lines are rejected on their first bytes.
        guard text.utf8.starts(with: "〔".utf8) else { return nil }
        if text == "〔此处原文缺失〕" { self.init(); return }
        let prefix = "〔此处原文缺失约", suffix = "字〕"
        guard text.hasPrefix(prefix), text.hasSuffix(suffix),
              text.count > prefix.count + suffix.count,
              let count = Int(text.dropFirst(prefix.count).dropLast(suffix.count)),
              count >= 0
        else { return nil }
        self.init(omittedCharacters: count)
    }
}

public enum Punctuation {
    /// Characters that end a heading or lead sentence.
    public static let sentenceEnds: Set<Character> = ["。", "．", "."]

    /// Drops one closing 。 (or ． / .) and surrounding spaces.
    public static func droppingSentenceEnd(_ text: String) -> String {
        // Headings and leads nearly always end in a CJK character or 。 after one. Such a last
        // scalar is a character by itself (it cannot extend the one before), so the answer is
        // read off the scalars without the character-level work below, and is the same.
        let scalars = text.unicodeScalars
        if let last = scalars.last, standsAlone(last) { return text }
        if let last = scalars.last, last == "。" || last == "．" || last == ".",
           let before = scalars.dropLast().last, standsAlone(before) {
            return String(scalars.dropLast())
        }
        return droppingSentenceEndByCharacters(text)
    }

    /// The definition, character by character.
    static func droppingSentenceEndByCharacters(_ text: String) -> String {
        var result = Substring(text)
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        if let last = result.last, sentenceEnds.contains(last) { result = result.dropLast() }
        return String(result)
    }

    /// A scalar that is never part of a longer character when it ends a text (grapheme break
    /// class Other, not a Prepend) and is neither white space nor a sentence end: printable ASCII,
    /// CJK ideographs, CJK and full-width punctuation.
    private static func standsAlone(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x21...0x7E: return scalar != "."
        case 0x3400...0x4DBF, 0x4E00...0x9FFF: return true
        case 0x3001, 0x3003...0x3011, 0x3014...0x301F: return true
        case 0xFF01...0xFF5E: return scalar != "．"
        default: return false
        }
    }
}

public extension Speech {
    /// The visible marker writers print at the end of a speech whose source was cut short.
    static let truncationMarker = "〔以下原文缺失〕"

    /// Text is known to be missing: the end was cut, or a gap lies inside.
    var isIncomplete: Bool { truncated || statistics.gaps > 0 }
}
