import SpeechModel
import SpeechStyles
import SpeechWriting
import XMLSupport

enum XHTML {
    static let namespace = "http://www.w3.org/1999/xhtml"
    static let epubNamespace = "http://www.idpf.org/2007/ops"

    /// An XHTML document with zh-CN in both lang attributes, the stylesheet linked.
    static func document(title: String, bodyClass: String? = nil, writer: XMLWriter? = nil, _ body: (XMLWriter) throws -> Void) throws -> [UInt8] {
        let writer = try writer ?? XMLWriter()
        try writer.element("html", attributes: ["xmlns": namespace, "xmlns:epub": epubNamespace, "lang": "zh-CN", "xml:lang": "zh-CN"]) {
            try writer.element("head") {
                try writer.element("title", text: title)
                try writer.element("link", attributes: ["rel": "stylesheet", "type": "text/css", "href": "styles.css"])
            }
            try writer.startElement("body")
            if let bodyClass { try writer.attribute("class", bodyClass) }
            try body(writer)
            try writer.endElement()
        }
        return try writer.finish()
    }
}

/// One speech as one XHTML chapter. The title is h1; heading levels 1–4 are h2–h5, each with
/// an id the navigation document links to.
struct SpeechXHTML {
    let speech: Speech

    /// Ids of the speech's headings in document order, the same the chapter carries.
    static func headingID(_ index: Int) -> String { "h\(index + 1)" }

    func xhtml(_ writer: XMLWriter? = nil) throws -> [UInt8] {
        try Self.chapter(writer, speech.metadata) { try ChapterContent(writer: $0).write(speech) }
    }

    /// A chapter whose body streams: the same bytes as `xhtml` for the whole speech.
    static func xhtml(_ writer: XMLWriter, head: Speech, body: inout some BodySource) throws -> [UInt8] {
        try chapter(writer, head.metadata) { try ChapterContent(writer: $0).write(head: head, body: &body) }
    }

    private static func chapter(_ writer: XMLWriter?, _ metadata: Metadata, _ content: (XMLWriter) throws -> Void) throws -> [UInt8] {
        try XHTML.document(title: metadata.label, writer: writer) { writer in
            try writer.element("section", attributes: ["epub:type": "chapter", "class": "speech"]) { try content(writer) }
        }
    }
}

private final class ChapterContent: SpeechContentWriter {
    let writer: XMLWriter
    var headingCount = 0

    init(writer: XMLWriter) { self.writer = writer }

    func writeTruncationMarker() throws {
        try writer.element("p", attributes: ["class": Role.gap.cssClass], text: Speech.truncationMarker)
    }

    private func inlines(_ inlines: Inlines) throws {
        for inline in inlines {
            switch inline {
            case .text(let text): try writer.text(text)
            case .lead(let lead): try writer.element("strong", attributes: ["class": Role.lead.cssClass], text: lead.number + lead.text)
            case .emphasis(let text): try writer.element("em", attributes: ["class": "emphasis"], text: text)
            case .damaged(let text):
                try writer.element("span", attributes: ["class": "damaged"], text: text)
                try writer.element("span", attributes: ["class": "damaged-note"], text: Inline.damagedNote)
            }
        }
    }

    /// `<h2 id="`… `<h5 id="` and their end tags: a heading level's element as markup.
    private static let headingTags = (0...6).map { (open: Array("<h\($0) id=\"".utf8), close: Array("</h\($0)>".utf8)) }

    private func heading(_ heading: Heading) throws {
        let id = SpeechXHTML.headingID(headingCount)
        headingCount += 1
        let role = Role.heading(heading.level)
        // <hN id="…" class="…">number sentence</hN> as markup, the bytes the element makes (the
        // text is two texts, so the element is never empty-tagged).
        let tags = Self.headingTags[role.headingLevel! + 1]
        writer.markup(tags.open)
        writer.attributeValue(id)
        writer.markup("\" class=\"")
        writer.attributeValue(role.cssClass)
        writer.markup("\">")
        try writer.text(heading.number)
        try writer.text(heading.text)
        try writer.closingMarkup(tags.close)
    }

    func visitSpeech(_ speech: Speech) throws {
        let metadata = speech.metadata
        if let lines = metadata.chosenTitleLines {
            // The lines a person chose; otherwise the reader's screen sets the title.
            try writer.element("h1", attributes: ["class": Role.title.cssClass]) {
                for (index, line) in lines.enumerated() {
                    if index > 0 { try writer.element("br") }
                    try writer.text(line)
                }
            }
        } else if !metadata.title.isEmpty {
            try writer.element("h1", attributes: ["class": Role.title.cssClass], text: metadata.title)
        }
        for line in [metadata.subtitle, metadata.speaker, metadata.date.map { "（\($0)）" }].compactMap({ $0 }) {
            try writer.element("p", attributes: ["class": Role.speakerDate.cssClass], text: line)
        }
    }

    func visitSalutation(_ text: String) throws {
        try writer.element("p", attributes: ["class": Role.salutation.cssClass], text: text)
    }

    /// A run-in heading stays a real heading (readers and pandoc see it) shown inline with
    /// the paragraph it opens.
    func visitHeading(_ heading: Heading, runIn: Paragraph?, enclosing: [Heading]) throws {
        guard let runIn else { return try self.heading(heading) }
        try writer.element("div", attributes: ["class": "run-in"]) {
            try self.heading(heading)
            try writer.element("p") { try inlines(runIn.inlines) }
        }
    }

    func visitParagraph(_ paragraph: Paragraph, enclosing: [Heading]) throws {
        // As markup, the same bytes: every run writes something, so the start tag is closed
        // (a paragraph of no runs is <p/>).
        guard !paragraph.inlines.isEmpty else { return try writer.element("p") {} }
        writer.markup("<p>")
        try inlines(paragraph.inlines)
        try writer.closingMarkup("</p>")
    }

    func visitGap(_ gap: Gap, enclosing: [Heading]) throws {
        try writer.element("p", attributes: ["class": Role.gap.cssClass], text: gap.marker)
    }

    func visitClosing(_ text: String) throws {
        try writer.element("p", attributes: ["class": Role.closing.cssClass], text: text)
    }
}

/// One speech's chapter and the stylesheet of a style, as the e-book holds them: what a preview
/// of the printed page (the review page) sets in HTML, from the same style data.
public enum EpubChapter {
    public static func parts(_ speech: Speech, style: StyleSheet) throws -> (xhtml: String, css: String) {
        (String(decoding: try SpeechXHTML(speech: speech).xhtml(), as: UTF8.self), StyleCSS(sheet: style).css())
    }
}
