/// One speech (讲话稿): its metadata, the salutation, the body as nested sections, the closing.
///
/// The model holds only data. Readers build it, writers consume it, and nothing in this
/// module knows about files or formats.
public struct Speech: Sendable, Equatable, Hashable {
    public var metadata: Metadata
    /// 同志们： / 各位委员、同志们： — printed as is, with its full-width colon.
    public var salutation: String?
    /// Paragraphs and gaps before the first heading, then sections.
    public var body: [Block]
    /// 谢谢大家！ — kept apart so writers can set it on its own.
    public var closing: String?
    /// True when the source said the text was cut (a paywall or "未完" notice).
    public var truncated: Bool

    public init(metadata: Metadata, salutation: String? = nil, body: [Block] = [],
                closing: String? = nil, truncated: Bool = false) {
        self.metadata = metadata
        self.salutation = salutation
        self.body = body
        self.closing = closing
        self.truncated = truncated
    }
}

/// What is known about a speech beyond its text.
public struct Metadata: Sendable, Equatable, Hashable {
    public var title: String
    public var subtitle: String?
    public var speaker: String?
    /// As printed, e.g. 2023年8月16日.
    public var date: String?
    public var occasion: String?
    /// The file the speech was read from, when it came from one.
    public var source: String?
    /// Where the title's lines break, when a person chose (offsets in Unicode scalars, in
    /// order): `|` in a SpeechDoc Markdown title. Empty: the writer chooses (TitleLines).
    public var titleBreaks: [Int] = []

    public init(title: String, subtitle: String? = nil, speaker: String? = nil,
                date: String? = nil, occasion: String? = nil, source: String? = nil) {
        self.title = title
        self.subtitle = subtitle
        self.speaker = speaker
        self.date = date
        self.occasion = occasion
        self.source = source
    }

    /// What a format that must name the speech shows when the page gave it no title (the
    /// title stays empty in the model): the name of the file it came from, else 无标题.
    public var labelForUntitled: String {
        guard let source, !source.isEmpty else { return "无标题" }
        let name = source.split(separator: "/").last.map(String.init) ?? source
        let stem = name.split(separator: ".", omittingEmptySubsequences: false).dropLast().joined(separator: ".")
        return stem.isEmpty ? name : stem
    }

    /// The title cut at `titleBreaks`, or nil when no break was chosen.
    public var chosenTitleLines: [String]? {
        let scalars = Array(title.unicodeScalars)
        let breaks = titleBreaks.filter { $0 > 0 && $0 < scalars.count }
        guard !breaks.isEmpty else { return nil }
        var lines: [String] = []
        var start = 0
        for end in breaks + [scalars.count] where end > start {
            lines.append(String(String.UnicodeScalarView(scalars[start..<end])))
            start = end
        }
        return lines
    }

    /// The title, or for a speech without one `labelForUntitled`.
    public var label: String { title.isEmpty ? labelForUntitled : title }
}

/// Several speeches bound together (汇编), each keeping its own metadata.
public struct SpeechCollection: Sendable, Equatable, Hashable {
    public var title: String
    public var author: String?
    public var date: String?
    public var speeches: [Speech]

    public init(title: String, author: String? = nil, date: String? = nil, speeches: [Speech]) {
        self.title = title
        self.author = author
        self.date = date
        self.speeches = speeches
    }
}
