/// A speech body read as it comes, item by item, for an input too large to hold as a model (a
/// file of a million paragraphs): headings, paragraphs and gaps in document order. The sections
/// are implied: a heading opens one and closes every open section at its level or deeper, as
/// the readers nest them, so a walk over the items makes the same visits as a walk over the
/// sections they make.
public enum BodyItem: Sendable, Equatable {
    case heading(Heading)
    case paragraph(Paragraph)
    case gap(Gap)
}

/// Where a streamed body comes from. After `next()` has returned nil, `closing` and
/// `truncated` are the speech's (a body's last paragraph is its closing only once nothing
/// follows it).
public protocol BodySource {
    mutating func next() throws -> BodyItem?
    var closing: String? { get }
    var truncated: Bool { get }
}

public extension Speech {
    /// The body as items, in document order: what a streamed read of the same text gives.
    var bodyItems: [BodyItem] {
        var items: [BodyItem] = []
        func add(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case .paragraph(let paragraph): items.append(.paragraph(paragraph))
                case .gap(let gap): items.append(.gap(gap))
                case .section(let section):
                    items.append(.heading(section.heading))
                    add(section.children)
                }
            }
        }
        add(body)
        return items
    }
}

/// A speech's items from an array: a model walked as a stream (tests, and writers checked
/// against their own walk of the model).
public struct BodyItems: BodySource {
    private var items: [BodyItem]
    private var index = 0
    public let closing: String?
    public let truncated: Bool

    public init(_ speech: Speech) {
        items = speech.bodyItems
        closing = speech.closing
        truncated = speech.truncated
    }

    public mutating func next() throws -> BodyItem? {
        guard index < items.count else { return nil }
        defer { index += 1 }
        return items[index]
    }
}

/// A body source that shows each item to `tap` as it passes (what a writer reads, to be
/// counted or digested beside it).
public struct TappedBody<Base: BodySource>: BodySource {
    public var base: Base
    let tap: (BodyItem) -> Void

    public init(base: Base, tap: @escaping (BodyItem) -> Void) {
        self.base = base
        self.tap = tap
    }

    public mutating func next() throws -> BodyItem? {
        let item = try base.next()
        if let item { tap(item) }
        return item
    }

    public var closing: String? { base.closing }
    public var truncated: Bool { base.truncated }
}

/// The open sections of a streamed body: the headings above the current item, outermost first.
public struct OpenSections {
    public private(set) var path: [Heading] = []

    public init() {}

    /// Closes the sections a heading at this level ends, innermost first, each with the path
    /// around it once closed.
    public mutating func close(before heading: Heading, _ leave: (Heading, [Heading]) throws -> Void) rethrows {
        while let top = path.last, top.level >= heading.level {
            path.removeLast()
            try leave(top, path)
        }
    }

    public mutating func open(_ heading: Heading) { path.append(heading) }

    /// Closes every open section, innermost first.
    public mutating func closeAll(_ leave: (Heading, [Heading]) throws -> Void) rethrows {
        while !path.isEmpty {
            let top = path.removeLast()
            try leave(top, path)
        }
    }
}

public extension ThrowingSpeechWalker {
    /// The walk of `walk(_:)` over a streamed body: `head` gives the metadata and salutation
    /// (its body is not read), `body` the items. A left section is visited with its heading
    /// alone (its children have gone by).
    mutating func walk(head: Speech, body: inout some BodySource) throws {
        try visitSpeech(head)
        if let salutation = head.salutation { try visitSalutation(salutation) }
        var sections = OpenSections()
        var held: BodyItem?
        var ended = false
        func next() throws -> BodyItem? {
            if let item = held { held = nil; return item }
            if ended { return nil }
            let item = try body.next()
            if item == nil { ended = true }
            return item
        }
        while let item = try next() {
            switch item {
            case .paragraph(let paragraph):
                try visitParagraph(paragraph, enclosing: sections.path)
            case .gap(let gap):
                try visitGap(gap, enclosing: sections.path)
            case .heading(let heading):
                try sections.close(before: heading) { try leaveSection(Section(heading: $0), enclosing: $1) }
                var runIn: Paragraph?
                if heading.runsIn {
                    // The item after a heading is its section's first: its run-in paragraph.
                    let following = try next()
                    if case .paragraph(let paragraph)? = following { runIn = paragraph } else { held = following }
                }
                try visitHeading(heading, runIn: runIn, enclosing: sections.path)
                sections.open(heading)
            }
        }
        try sections.closeAll { try leaveSection(Section(heading: $0), enclosing: $1) }
        if let closing = body.closing { try visitClosing(closing) }
    }
}

public extension SpeechWalker {
    /// One item of a streamed body, as `walk(_:)` visits it (`sections` carries the open
    /// headings from item to item; `finish` closes them).
    mutating func visit(_ item: BodyItem, sections: inout OpenSections) {
        switch item {
        case .paragraph(let paragraph): visitParagraph(paragraph, enclosing: sections.path)
        case .gap(let gap): visitGap(gap, enclosing: sections.path)
        case .heading(let heading):
            sections.close(before: heading) { leaveSection(Section(heading: $0), enclosing: $1) }
            visitHeading(heading, enclosing: sections.path)
            sections.open(heading)
        }
    }

    /// The end of a streamed body: its open sections closed, then its closing.
    mutating func finish(_ sections: inout OpenSections, closing: String?) {
        sections.closeAll { leaveSection(Section(heading: $0), enclosing: $1) }
        if let closing { visitClosing(closing) }
    }
}
