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
public struct MarkdownWriter: SpeechWriter {
    public let format = OutputFormat.markdown

    public init() {}

    public func write(_ publication: Publication, options: WriterOptions) throws -> [UInt8] {
        guard case .speech(let speech) = publication else {
            throw WriterError.unsupported(format: format, reason: "a Markdown file holds one speech; write a collection as EPUB")
        }
        return Array(render(speech).utf8)
    }

    /// The speech as Markdown text.
    public func render(_ speech: Speech) -> String {
        var renderer = BlockRenderer()
        renderer.add(frontMatter(speech.metadata))
        renderer.walk(speech)
        if speech.truncated { renderer.add(MarkdownEscaping.escapeText(Speech.truncationMarker)) }
        renderer.text += "\n"
        return renderer.text
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

private struct BlockRenderer: SpeechWalker {
    /// The blocks so far, a blank line between two: one string, not an array of every block
    /// joined at the end (a file of a million paragraphs held both, and most of its peak).
    var text = ""
    private var started = false

    mutating func add(_ block: String) {
        if started { text += "\n\n" }
        text += block
        started = true
    }

    mutating func visitSalutation(_ text: String) {
        add(MarkdownEscaping.escapeText(text))
    }

    mutating func visitHeading(_ heading: Heading, enclosing: [Heading]) {
        let hashes = String(repeating: "#", count: min(max(heading.level, 1), 6))
        let text = MarkdownEscaping.escapeText(heading.number + heading.text, atLineStart: false, inHeading: true)
        add("\(hashes) \(text)" + (heading.runsIn ? " {.run-in}" : ""))
    }

    mutating func visitParagraph(_ paragraph: Paragraph, enclosing: [Heading]) {
        var line = ""
        for (index, inline) in paragraph.inlines.enumerated() {
            let atStart = index == 0
            switch inline {
            case .text(let text):
                line += MarkdownEscaping.escapeText(text, atLineStart: atStart)
            case .lead(let lead):
                // Leads side by side are one strong run (`**A****B**` is not emphasis in
                // CommonMark); the reader splits it again at the next label.
                let text = "**" + MarkdownEscaping.escapeText(lead.number + lead.text, atLineStart: false) + "**"
                if index > 0, case .lead = paragraph.inlines[index - 1] {
                    line.removeLast(2)
                    line += text.dropFirst(2)
                } else {
                    line += text
                }
            case .emphasis(let text):
                line += "*" + MarkdownEscaping.escapeText(text, atLineStart: false) + "*"
            case .damaged(let text):
                // A pandoc bracketed span: pandoc keeps its class, SpeechDoc reads it back.
                line += "[" + MarkdownEscaping.escapeText(text, atLineStart: false) + "]{.damaged}"
            }
        }
        add(line)
    }

    mutating func visitGap(_ gap: Gap, enclosing: [Heading]) {
        add(MarkdownEscaping.escapeText(gap.marker))
    }

    mutating func visitClosing(_ text: String) {
        add(MarkdownEscaping.escapeText(text))
    }
}
