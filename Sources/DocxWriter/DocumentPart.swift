import SpeechModel
import SpeechStyles
import SpeechWriting
import XMLSupport

/// word/document.xml: the speeches as paragraphs that reference the named styles.
struct DocumentPart {
    let sheet: StyleSheet
    let styles: StyleMap
    let section: SectionLayout

    func xml(_ writer: XMLWriter, speeches: [Speech]) throws -> [UInt8] {
        try document(writer) {
            for (index, speech) in speeches.enumerated() { try content(writer, newPage: index > 0).write(speech) }
        }
    }

    /// The part for one speech whose body streams: the same bytes as `xml` for the whole speech.
    func xml(_ writer: XMLWriter, head: Speech, body: inout some BodySource) throws -> [UInt8] {
        try document(writer) { try content(writer, newPage: false).write(head: head, body: &body) }
    }

    /// The part for speeches that stream: `speeches` writes each with the content `content`
    /// makes (on a new page, or not, the first).
    func xml(_ writer: XMLWriter, streaming speeches: (XMLWriter, (Bool) -> SpeechContent) throws -> Void) throws -> [UInt8] {
        try document(writer) { try speeches(writer) { content(writer, newPage: $0) } }
    }

    private func document(_ writer: XMLWriter, _ speeches: () throws -> Void) throws -> [UInt8] {
        try writer.element("w:document", attributes: ["xmlns:w": OOXML.w, "xmlns:r": OOXML.r]) {
            try writer.element("w:body") {
                try speeches()
                try sectionProperties(writer)
            }
        }
        return try writer.finish()
    }

    private func content(_ writer: XMLWriter, newPage: Bool) -> SpeechContent {
        // The blank line under the title block lives in the salutation's space before;
        // a speech without a salutation gives it to its first paragraph instead.
        let gap = sheet.style(.salutation).spaceBefore?.twips(page: sheet.page) ?? 0
        let perLine = sheet.page.textWidth.twips / max(sheet.style(.title).size.halfPoints * 10, 1)
        return SpeechContent(writer: writer, styles: styles, newPage: newPage, titleGap: gap, bodyIndent: section.bodyIndent,
                             titlePerLine: perLine)
    }

    /// Header and footer references, then the template's page set-up, or the style's: A4, the
    /// margins and the line-and-character grid.
    private func sectionProperties(_ writer: XMLWriter) throws {
        let page = sheet.page
        try writer.element("w:sectPr") {
            for reference in section.references {
                try writer.element(reference.element, attributes: ["w:type": reference.type, "r:id": reference.id])
            }
            if let children = section.templateChildren {
                for child in children { try TemplateXML.write(child, to: writer) }
                return
            }
            try writer.element("w:pgSz", attributes: ["w:w": String(page.width.twips), "w:h": String(page.height.twips)])
            try writer.element("w:pgMar", attributes: [
                "w:top": String(page.marginTop.twips), "w:right": String(page.marginRight.twips),
                "w:bottom": String(page.marginBottom.twips), "w:left": String(page.marginLeft.twips),
                "w:header": String(page.footerDistance.twips), "w:footer": String(page.footerDistance.twips),
                "w:gutter": "0",
            ])
            try writer.element("w:cols", attributes: ["w:space": "425"])
            // The character grid is laid for the style sheet's body size (28 characters of
            // 三号). Under a template whose body text has another size it would space that
            // text's characters apart (a 三号 grid under 小四) and its headings too: the grid is
            // then of lines only, and characters sit at their own size's pitch.
            let size = sheet.style(.body).size.halfPoints
            if let templateSize = section.bodyHalfPoints, templateSize != size {
                try writer.element("w:docGrid", attributes: ["w:type": "lines", "w:linePitch": String(page.linePitch.twips)])
            } else {
                try writer.element("w:docGrid", attributes: [
                    "w:type": "linesAndChars", "w:linePitch": String(page.linePitch.twips),
                    "w:charSpace": String(page.characterSpacing(fontHalfPoints: size)),
                ])
            }
        }
    }
}

/// Writes one speech's paragraphs in document order. The walker's hooks cannot throw: the
/// first error is kept and rethrown at the end.
/// What the section says besides the text: header and footer references (with relationship
/// ids) and, from a template, its own page set-up.
struct SectionLayout {
    struct Reference {
        var element: String
        var type: String
        var id: String
    }

    var references: [Reference]
    var templateChildren: [XMLElement]?
    /// The size of body text when a template's Normal style sets it (half-points): the
    /// character grid is laid for that size, not the style sheet's.
    var bodyHalfPoints: Int?
    /// A first-line indent written on each body paragraph, when the template's Normal style has
    /// none: the style sheet's, in characters of the template's size.
    var bodyIndent: (hundredths: Int, twips: Int)?
}

final class SpeechContent: SpeechContentWriter {
    let writer: XMLWriter
    let styles: StyleMap
    /// The speech starts on a new page (every speech after the first in one document).
    var newPage: Bool
    /// A speech without a title starts its new page at its first paragraph.
    var pendingPageBreak = false
    /// The space under the title block, for the first paragraph when there is no salutation.
    let titleGap: Int
    var pendingTitleGap = false

    /// A first-line indent for body paragraphs whose style (a template's Normal) has none.
    let bodyIndent: (hundredths: Int, twips: Int)?

    /// How many characters of the title's size fit a line.
    let titlePerLine: Int

    /// The opening of a paragraph of each style with nothing but its style (`paragraph`), and
    /// the properties of a run of each character style (`run`): made once a document.
    private var openings: [String: [UInt8]] = [:]
    private var runProperties: [String: [UInt8]] = [:]

    init(writer: XMLWriter, styles: StyleMap, newPage: Bool, titleGap: Int = 0, bodyIndent: (hundredths: Int, twips: Int)? = nil,
         titlePerLine: Int = .max) {
        self.titlePerLine = titlePerLine
        self.writer = writer
        self.styles = styles
        self.newPage = newPage
        self.titleGap = titleGap
        self.bodyIndent = bodyIndent
    }

    func writeTruncationMarker() throws {
        try paragraph(styles[.gap]) { try writer.textRun(Speech.truncationMarker) }
    }

    /// `keepNext: false` releases a run-in heading, whose paragraph carries body text, from
    /// its style's keep-with-next: a chain of them would push whole pages forward.
    private func paragraph(_ style: String, pageBreakBefore: Bool = false, keepNext: Bool? = nil,
                           _ runs: () throws -> Void) throws {
        let breaksPage = pageBreakBefore || pendingPageBreak
        let gap = pendingTitleGap ? titleGap : 0
        if keepNext == nil, !breaksPage, gap <= 0 {
            // Most paragraphs: the opening their style always has, made once a document.
            writer.markup(try Self.once(style, &openings) { try openParagraph(style, keepNext: nil, breaksPage: false, gap: 0, $0) })
        } else {
            try openParagraph(style, keepNext: keepNext, breaksPage: breaksPage, gap: gap, writer)
        }
        try runs()
        try writer.closingMarkup("</w:p>")
        pendingPageBreak = false
        pendingTitleGap = false
    }

    /// A paragraph's start and its properties, as markup: `paragraph` closes it.
    private func openParagraph(_ style: String, keepNext: Bool?, breaksPage: Bool, gap: Int, _ writer: XMLWriter) throws {
        writer.markup("<w:p>")
        try writer.element("w:pPr") {
            try writer.val("w:pStyle", style)
            if keepNext == false { try writer.val("w:keepNext", "0") }
            if breaksPage { try writer.element("w:pageBreakBefore") }
            if gap > 0 { try writer.element("w:spacing", attributes: ["w:before": String(gap)]) }
            if style == styles[.normal], let bodyIndent {
                try writer.element("w:ind", attributes: ["w:firstLineChars": String(bodyIndent.hundredths), "w:firstLine": String(bodyIndent.twips)])
            }
        }
    }

    /// A run of text in a character style, or the paragraph's.
    private func run(_ text: String, style: String?) throws {
        guard let style else { return try writer.textRun(text) }
        let properties = try Self.once(style, &runProperties) { writer in try writer.element("w:rPr") { try writer.val("w:rStyle", style) } }
        try writer.textRun(text, properties: properties)
    }

    /// The markup `make` writes for `style`, made the first time and kept in `cache`.
    private static func once(_ style: String, _ cache: inout [String: [UInt8]], _ make: (XMLWriter) throws -> Void) throws -> [UInt8] {
        if let made = cache[style] { return made }
        let made = try XMLWriter.fragment(make)
        cache[style] = made
        return made
    }

    private func inlines(_ inlines: Inlines, textStyle: String? = nil) throws {
        for inline in inlines {
            switch inline {
            case .text(let text): try run(text, style: textStyle)
            case .lead(let lead): try run(lead.number + lead.text, style: styles[.lead])
            case .emphasis(let text): try run(text, style: styles[.emphasis])
            case .damaged(let text):
                try run(text, style: styles[.damaged])
                try run(Inline.damagedNote, style: styles[.damaged])
            }
        }
    }

    func visitSpeech(_ speech: Speech) throws {
        let metadata = speech.metadata
        let breakBefore = newPage
        // No title on the page: no empty title paragraph either.
        if metadata.title.isEmpty {
            pendingPageBreak = breakBefore
        } else {
            // A long title in lines that keep words whole and shape a trapezoid or diamond.
            try paragraph(styles[.title], pageBreakBefore: breakBefore) {
                let lines = metadata.chosenTitleLines ?? TitleLines.lines(metadata.title, perLine: titlePerLine)
                for (index, line) in lines.enumerated() {
                    if index > 0 { try writer.element("w:r") { try writer.element("w:br") } }
                    try writer.textRun(line)
                }
            }
        }
        if let subtitle = metadata.subtitle {
            try paragraph(styles[.speakerDate]) { try writer.textRun(subtitle) }
        }
        if let speaker = metadata.speaker {
            try paragraph(styles[.speakerDate]) { try writer.textRun(speaker) }
        }
        if let date = metadata.date {
            try paragraph(styles[.speakerDate]) { try writer.textRun("（\(date)）") }
        }
        pendingTitleGap = speech.salutation == nil && !metadata.title.isEmpty
    }

    func visitSalutation(_ text: String) throws {
        try paragraph(styles[.salutation]) { try writer.textRun(text) }
    }

    /// A run-in heading and its first paragraph are one paragraph of the heading's style: the
    /// heading sentence in the heading's font, the body text after it in the body's.
    func visitHeading(_ heading: Heading, runIn: Paragraph?, enclosing: [Heading]) throws {
        guard let runIn else {
            try paragraph(styles.heading(heading.level)) { try writer.textRun(heading.number + heading.text) }
            return
        }
        try self.paragraph(styles.heading(heading.level), keepNext: false) {
            try writer.textRun(heading.number + heading.text)
            try inlines(runIn.inlines, textStyle: styles[.runInBody])
        }
    }

    func visitParagraph(_ paragraph: Paragraph, enclosing: [Heading]) throws {
        try self.paragraph(styles[.normal]) { try inlines(paragraph.inlines) }
    }

    func visitGap(_ gap: Gap, enclosing: [Heading]) throws {
        try paragraph(styles[.gap]) { try writer.textRun(gap.marker) }
    }

    func visitClosing(_ text: String) throws {
        try paragraph(styles[.closing]) { try writer.textRun(text) }
    }
}
