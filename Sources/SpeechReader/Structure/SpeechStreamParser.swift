import SpeechModel

/// What a streamed read gives, in order: a speech's head (its metadata and salutation), its
/// body's items, then its end; then the next speech.
enum StreamEvent {
    case head(Speech)
    case item(BodyItem)
    case end(closing: String?, truncated: Bool)
}

/// `SpeechParser`'s reading of cleaned lines, a line at a time: the same speeches, given as
/// events (`StreamEvent`) as soon as they are known, so that no speech is held whole.
///
/// A new speech starts at a title once the current one has a salutation or body text; its
/// titles, metadata lines and salutations come first, then its body. A body's last paragraph is
/// held back until another item follows it (it may be the closing), and a speech's head until
/// its first item is known (a first paragraph that only addresses the audience is the
/// salutation).
struct SpeechStreamParser {
    private enum Phase { case titles, meta, salutation, body }

    var report = CleaningReport()
    /// At least one speech given had text.
    private(set) var sawText = false
    private(set) var speeches = 0

    private var phase = Phase.titles
    private var bodySeen = false
    private var titles: [String] = []
    private var metadata = Metadata(title: "")
    private var salutation: String?
    private var lastSalutation: String?
    private var body = BodyParser(markupLevels: [])
    private var headGiven = false
    private var held: BodyItem?
    private let source: String?

    init(source: String?) { self.source = source }

    /// Takes one cleaned, labelled line; the events it completes go to `emit`.
    mutating func take(_ line: SourceLine, _ emit: (StreamEvent) -> Void) {
        guard !line.isBlank else { return }
        let role = SpeechParser.role(of: line)
        if role == .title && bodySeen {
            end(emit)
            bodySeen = false
        }
        if role == .body || role == .salutation { bodySeen = true }
        if phase == .titles {
            if role == .title { titles.append(line.text); return }
            SpeechParser.takeTitles(titles, into: &metadata)
            phase = .meta
        }
        if phase == .meta {
            if role == .meta { SpeechParser.takeMeta(line.text, into: &metadata); return }
            phase = .salutation
        }
        if phase == .salutation {
            if role == .salutation {
                SpeechParser.takeSalutation(line, into: &salutation, last: &lastSalutation, report: &report)
                return
            }
            phase = .body
        }
        var items: [BodyItem] = []
        body.take(line) { items.append($0) }
        for item in items {
            if let previous = held { give(previous, emit) }
            held = item
        }
    }

    /// The end of the text: the last speech ends.
    mutating func finish(_ emit: (StreamEvent) -> Void) { end(emit) }

    private mutating func give(_ item: BodyItem, _ emit: (StreamEvent) -> Void) {
        if !headGiven {
            if salutation == nil, case .paragraph(let paragraph) = item, let text = SpeechParser.salutationRun(paragraph) {
                salutation = text
                giveHead(emit)
                return
            }
            giveHead(emit)
        }
        if !sawText { sawText = Self.holdsText(item) }
        emit(.item(item))
    }

    private mutating func giveHead(_ emit: (StreamEvent) -> Void) {
        headGiven = true
        speeches += 1
        var head = Speech(metadata: metadata, salutation: salutation)
        head.metadata.source = source
        if !sawText, let salutation { sawText = Self.holdsText(salutation) }
        emit(.head(head))
    }

    /// The current speech ends: its last paragraph is its closing when it is one; a speech with
    /// nothing in it is no speech. The next starts afresh.
    private mutating func end(_ emit: (StreamEvent) -> Void) {
        if phase == .titles { SpeechParser.takeTitles(titles, into: &metadata) }
        var closing: String?
        if case .paragraph(let paragraph)? = held, let text = paragraph.closingText {
            closing = text
        } else if let item = held {
            give(item, emit)
        }
        held = nil
        if !headGiven, !(metadata.title.isEmpty && salutation == nil && closing == nil) { giveHead(emit) }
        if headGiven {
            if !sawText, let closing { sawText = Self.holdsText(closing) }
            emit(.end(closing: closing, truncated: body.truncated))
        }
        phase = .titles
        titles = []
        metadata = Metadata(title: "")
        salutation = nil
        lastSalutation = nil
        body = BodyParser(markupLevels: [])
        headGiven = false
    }

    private static func holdsText(_ item: BodyItem) -> Bool {
        var speech = Speech(metadata: Metadata(title: ""))
        switch item {
        case .paragraph(let paragraph): speech.body = [.paragraph(paragraph)]
        case .heading(let heading): speech.body = [.section(Section(heading: heading))]
        case .gap: return false
        }
        return speech.hasText
    }

    private static func holdsText(_ text: String) -> Bool {
        Speech(metadata: Metadata(title: ""), salutation: text).hasText
    }
}
