import SpeechModel
import SpeechWriting

/// Typeset-ready Markdown (pandoc's dialect): YAML front matter, ATX headings with their
/// number labels, leads in strong emphasis, one paragraph per line, every character that
/// Markdown would read as syntax escaped.
///
///     ---
///     title: "在…上的讲话"
///     lang: zh-CN
///     ---
///
///     同志们：
///
///     # 一、提高站位，切实增强责任感
///
///     **一要明确创建目标。**要对照……
public struct MarkdownWriter: StreamingSpeechWriter {
    public let format = OutputFormat.markdown

    public init() {}

    public func write(_ publication: Publication, options: WriterOptions) throws -> [UInt8] {
        guard case .speech(let speech) = publication else {
            throw WriterError.unsupported(format: format, reason: "a Markdown file holds one speech; write a collection as EPUB")
        }
        return bytes(speech)
    }

    /// The speech as Markdown text.
    public func render(_ speech: Speech) -> String {
        String(decoding: bytes(speech), as: UTF8.self)
    }

    /// About how many bytes the speech's Markdown takes, a little more for most speeches.
    static func estimatedSize(_ speech: Speech) -> Int {
        var estimate = SizeEstimate()
        estimate.walk(speech)
        return estimate.bytes
    }

    /// The speech as Markdown, made as the file's bytes: a text made first and copied out
    /// held a large speech's output twice, at its largest.
    private func bytes(_ speech: Speech) -> [UInt8] {
        var renderer = BlockRenderer()
        renderer.bytes.reserveCapacity(Self.estimatedSize(speech))
        renderer.add(frontMatter(speech.metadata))
        renderer.walk(speech)
        if speech.truncated { renderer.add(MarkdownEscaping.escapeText(Speech.truncationMarker)) }
        renderer.bytes.append(0x0A)
        return renderer.bytes
    }

    /// Bytes handed to the output at a time when the body streams.
    static let streamingPieceSize = 1 << 20

    /// The speech as `write` makes it, its body read as it comes and its bytes handed on a piece
    /// at a time: never the whole file held.
    public func write(head: Speech, body: inout some BodySource, options: WriterOptions, output: ([UInt8]) throws -> Void) throws {
        var renderer = BlockRenderer()
        renderer.add(frontMatter(head.metadata))
        renderer.visitSpeech(head)
        if let salutation = head.salutation { renderer.visitSalutation(salutation) }
        var sections = OpenSections()
        while let item = try body.next() {
            renderer.visit(item, sections: &sections)
            if renderer.bytes.count >= Self.streamingPieceSize {
                try output(renderer.bytes)
                renderer.bytes.removeAll(keepingCapacity: true)
            }
        }
        renderer.finish(&sections, closing: body.closing)
        if body.truncated { renderer.add(MarkdownEscaping.escapeText(Speech.truncationMarker)) }
        renderer.bytes.append(0x0A)
        try output(renderer.bytes)
    }

    private func frontMatter(_ metadata: Metadata) -> String {
        var lines = ["---"]
        let fields: [(String, String?)] = [
            ("title", metadata.title), ("subtitle", metadata.subtitle), ("author", metadata.speaker),
            ("date", metadata.date), ("occasion", metadata.occasion),
        ]
        for (key, value) in fields {
            guard let value, !value.isEmpty else { continue }
            // A title's chosen line breaks are bare |s (a | of the title itself is escaped).
            let pieces = key == "title" ? metadata.chosenTitleLines ?? [value] : [value]
            let text = pieces.map { MarkdownEscaping.escapeText($0, atLineStart: false) }.joined(separator: "|")
            lines.append("\(key): \(MarkdownEscaping.yamlQuoted(text))")
        }
        lines.append("lang: zh-CN")
        lines.append("---")
        return lines.joined(separator: "\n")
    }
}

/// Room for the whole file: the speech's text with a margin for marks and escapes. The array
/// is made once at about its size (a large one's pages are touched only as they are written),
/// not grown by doubling with its old and new storage side by side, which was a million-line
/// speech's peak. A speech of many escapes outgrows it and grows as before.
private struct SizeEstimate: SpeechWalker {
    var bytes = 1024

    private mutating func add(_ text: String) {
        let count = text.utf8.count
        bytes += count + count / 8 + 8
    }

    /// The front matter: each field's value, and its key, quotes and line.
    mutating func visitSpeech(_ speech: Speech) {
        let m = speech.metadata
        for value in [m.title, m.subtitle, m.speaker, m.date, m.occasion] {
            add(value ?? "")
            bytes += 16
        }
    }

    mutating func visitSalutation(_ text: String) { add(text) }

    mutating func visitHeading(_ heading: Heading, enclosing: [Heading]) {
        add(heading.number)
        add(heading.text)
        bytes += 16
    }

    mutating func visitParagraph(_ paragraph: Paragraph, enclosing: [Heading]) {
        for inline in paragraph.inlines {
            switch inline {
            case .text(let text), .emphasis(let text), .damaged(let text): add(text)
            case .lead(let lead): add(lead.number); add(lead.text)
            }
        }
        bytes += 16
    }

    mutating func visitGap(_ gap: Gap, enclosing: [Heading]) { add(gap.marker) }

    mutating func visitClosing(_ text: String) { add(text) }
}

private struct BlockRenderer: SpeechWalker {
    /// The blocks so far, a blank line between two, as UTF-8: one array, not an array of every
    /// block joined at the end (a file of a million paragraphs held both, and most of its peak).
    var bytes: [UInt8] = []
    private var started = false

    mutating func add(_ block: String) {
        startBlock()
        bytes.append(contentsOf: block.utf8)
    }

    /// A block written in pieces (`append`) starts here, after a blank line if one is before it.
    private mutating func startBlock() {
        if started { bytes.append(contentsOf: [0x0A, 0x0A]) }
        started = true
    }

    private mutating func append(_ piece: String) {
        bytes.append(contentsOf: piece.utf8)
    }

    mutating func visitSalutation(_ text: String) {
        add(MarkdownEscaping.escapeText(text))
    }

    // Headings and paragraphs of several runs are written into `bytes` a piece at a time, not
    // joined into a line first (a string grown by each piece).
    mutating func visitHeading(_ heading: Heading, enclosing: [Heading]) {
        startBlock()
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "#"), count: min(max(heading.level, 1), 6)))
        bytes.append(UInt8(ascii: " "))
        append(MarkdownEscaping.escapeText(heading.number + heading.text, atLineStart: false, inHeading: true))
        if heading.runsIn { append(" {.run-in}") }
    }

    mutating func visitParagraph(_ paragraph: Paragraph, enclosing: [Heading]) {
        // Most paragraphs are one run of text: its escaped text is the line, with no line made.
        if paragraph.inlines.count == 1, case .text(let text) = paragraph.inlines[0] {
            return add(MarkdownEscaping.escapeText(text, atLineStart: true))
        }
        startBlock()
        for (index, inline) in paragraph.inlines.enumerated() {
            let atStart = index == 0
            switch inline {
            case .text(let text):
                append(MarkdownEscaping.escapeText(text, atLineStart: atStart))
            case .lead(let lead):
                // Leads side by side are one strong run (`**A****B**` is not emphasis in
                // CommonMark); the reader splits it again at the next label: the "**" that
                // closed the lead before goes.
                if index > 0, case .lead = paragraph.inlines[index - 1] {
                    bytes.removeLast(2)
                } else {
                    append("**")
                }
                append(MarkdownEscaping.escapeText(lead.number + lead.text, atLineStart: false))
                append("**")
            case .emphasis(let text):
                append("*")
                append(MarkdownEscaping.escapeText(text, atLineStart: false))
                append("*")
            case .damaged(let text):
                // A pandoc bracketed span: pandoc keeps its class, SpeechDoc reads it back.
                append("[")
                append(MarkdownEscaping.escapeText(text, atLineStart: false))
                append("]{.damaged}")
            }
        }
    }

    mutating func visitGap(_ gap: Gap, enclosing: [Heading]) {
        add(MarkdownEscaping.escapeText(gap.marker))
    }

    mutating func visitClosing(_ text: String) {
        add(MarkdownEscaping.escapeText(text))
    }
}
