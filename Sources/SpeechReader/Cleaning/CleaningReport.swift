/// A line of the source as it goes through cleaning. `number` is the 1-based line in the
/// decoded file; `original` is the line as it was read, for the report of its removal (once
/// cleaning is done it is the cleaned text: nothing is removed after that).
public struct SourceLine: Sendable, Equatable {
    public var text: String
    public var original: String
    // The number, the hint and the role are packed in eight bytes (`packed`), so a line is 40
    // bytes: a large page's line arrays hold a million of them, and the join passes copy them.
    private var packed: UInt64

    /// The 1-based line in the decoded file (held in 32 bits: a file of more lines than that
    /// has its later lines numbered 2,147,483,647).
    public var number: Int {
        get { Int(Int32(truncatingIfNeeded: packed >> 32)) }
        set { packed = packed & 0xFFFF_FFFF | UInt64(UInt32(bitPattern: Int32(clamping: newValue))) << 32 }
    }

    /// What the input's markup said about the line (Word styles, HTML elements, Markdown
    /// marks); nothing for plain text. Kept in 27 bits: a heading level or correction above 15
    /// is kept as 15 (the readers declare levels 1–6, corrections use 1–4, 8 and 9).
    public var hint: FormatHint {
        get {
            var hint = FormatHint(headingLevel: UInt8(packed >> 16 & 0xF), title: packed & Self.titleBit != 0,
                                  centred: packed & Self.centredBit != 0, furniture: packed & Self.furnitureBit != 0,
                                  boldPrefix: UInt16(truncatingIfNeeded: packed))
            hint.forced = UInt8(packed >> 23 & 0xF)
            return hint
        }
        set {
            var bits = packed & ~Self.hintMask
            bits |= UInt64(newValue.boldPrefix) | UInt64(min(newValue.headingLevel, 15)) << 16 | UInt64(min(newValue.forced, 15)) << 23
            if newValue.title { bits |= Self.titleBit }
            if newValue.centred { bits |= Self.centredBit }
            if newValue.furniture { bits |= Self.furnitureBit }
            packed = bits
        }
    }

    /// The role the page labeller gave this unit (nil before labelling).
    public var role: UnitRole? {
        get {
            switch packed >> 27 & 0x7 {
            case 1: .furniture
            case 2: .title
            case 3: .meta
            case 4: .salutation
            case 5: .body
            default: nil
            }
        }
        set {
            let code: UInt64 = switch newValue {
            case nil: 0
            case .furniture: 1
            case .title: 2
            case .meta: 3
            case .salutation: 4
            case .body: 5
            }
            packed = packed & ~(0x7 << 27) | code << 27
        }
    }

    // Bits 0–15 bold prefix, 16–19 heading level, 20–22 title, centred, furniture, 23–26
    // forced, 27–29 role, 32–63 number.
    private static let titleBit: UInt64 = 1 << 20
    private static let centredBit: UInt64 = 1 << 21
    private static let furnitureBit: UInt64 = 1 << 22
    private static let hintMask: UInt64 = (1 << 27) - 1

    public init(number: Int, text: String, original: String? = nil, role: UnitRole? = nil, hint: FormatHint = FormatHint()) {
        self.text = text
        self.original = original ?? text
        self.packed = 0
        self.number = number
        self.role = role
        self.hint = hint
    }

    public var isBlank: Bool { text.isEmpty }
}

/// What a format's markup says about one of its paragraphs: evidence for the page labeller
/// and the structure finder beside what the text itself shows, never a decision on its own
/// (offices set a whole speech in 标题 1, pages put the site's name in <h1>).
public struct FormatHint: Sendable, Equatable, Hashable {
    /// A heading level the markup declares (Word's 标题 N / Heading N or outline level, HTML's
    /// h2–h6, Markdown's ##): 1–6, or 0 for none. Levels are relative: the structure finder
    /// ranks the levels a speech uses.
    public var headingLevel: UInt8
    /// The markup names this the document's title: Word's Title style, the page's h1 or the
    /// text of its <title>, Markdown's one #.
    public var title: Bool
    /// Centred (Word's jc, HTML's center or text-align): titles and their date lines are.
    public var centred: Bool
    /// Inside markup that holds page furniture (nav, footer, aside; class or id breadcrumb,
    /// share, comment, related, sidebar…), or mostly the text of links.
    public var furniture: Bool
    /// How many characters at the paragraph's start are set in bold (a lead: **加强领导。**).
    public var boldPrefix: UInt16
    /// What a person said the line is (ReadOptions.corrections): 1–4 a heading of that level,
    /// `Self.paragraph` not a heading, `Self.lead` a paragraph opening with a lead, 0 nothing said.
    public var forced: UInt8 = 0
    public static let paragraph: UInt8 = 9
    public static let lead: UInt8 = 8

    public init(headingLevel: UInt8 = 0, title: Bool = false, centred: Bool = false, furniture: Bool = false, boldPrefix: UInt16 = 0) {
        self.headingLevel = headingLevel
        self.title = title
        self.centred = centred
        self.furniture = furniture
        self.boldPrefix = boldPrefix
    }

    public var isEmpty: Bool { self == FormatHint() }

    /// Whether two lines may be one paragraph the source wrapped: the markup set them alike
    /// (a bold opening aside). Plain text's lines always may.
    public func joins(_ other: FormatHint) -> Bool {
        headingLevel == other.headingLevel && title == other.title && centred == other.centred && furniture == other.furniture
            && forced == 0 && other.forced == 0
    }

    /// What still holds for a piece cut from the line after its start: where it stood.
    public var placeOnly: FormatHint { FormatHint(furniture: furniture) }
}

/// One paragraph of a structured input (a Word paragraph, a web page's block, a Markdown line)
/// with what its markup says.
public struct FormattedLine: Sendable, Equatable {
    public var text: String
    public var hint: FormatHint

    public init(_ text: String, hint: FormatHint = FormatHint()) {
        self.text = text
        self.hint = hint
    }
}

/// Something a cleaning pass took out of the text.
public struct Removal: Sendable, Equatable, Hashable {
    /// The pass's rule name, e.g. "paywall-notice".
    public var rule: String
    public var line: Int
    public var text: String

    public init(rule: String, line: Int, text: String) {
        self.rule = rule
        self.line = line
        self.text = text
    }
}

/// Something the reader kept but a person should look at.
public struct ReadWarning: Sendable, Equatable, Hashable {
    /// e.g. "damaged-text", "outline-mismatch".
    public var kind: String
    public var line: Int
    public var message: String

    public init(kind: String, line: Int, message: String) {
        self.kind = kind
        self.line = line
        self.message = message
    }
}

public struct CleaningReport: Sendable, Equatable {
    public var removed: [Removal] = []
    public var warnings: [ReadWarning] = []
    /// Outline items (目录/提纲) found above the speech, kept to cross-check the body.
    public var outlineItems: [SourceLine] = []
    /// Every unit's role, score margin and strongest evidence, when asked for (outline --lines).
    public var decisions: [UnitDecision] = []

    public init() {}

    mutating func remove(_ rule: String, _ line: SourceLine, _ text: String? = nil) {
        removed.append(Removal(rule: rule, line: line.number, text: text ?? line.original))
    }

    mutating func warn(_ kind: String, _ line: Int, _ message: String) {
        warnings.append(ReadWarning(kind: kind, line: line, message: message))
    }
}
