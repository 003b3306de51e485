import SpeechDoc
import XMLSupport
import ZipSupport

/// The invariants every conversion keeps, checked in memory: what the fuzz targets run on every
/// input, and what the regression and property tests run on theirs.
///
/// Refusing an input (undecodable, empty, binary) is allowed; a crash, an output that does not
/// re-read strictly, or speech text missing from an output is a failure.
public enum ConversionCheck {
    public struct Failure: Error, CustomStringConvertible {
        public var stage: String
        public var message: String
        public var description: String { "\(stage): \(message)" }
    }

    /// Plain text through decode → clean → parse, then every speech through every writer.
    public static func plainText(_ bytes: [UInt8]) throws {
        guard let result = try? PlainTextReader.read(bytes) else { return }
        for speech in result.speeches { try speechThroughWriters(speech) }
    }

    /// The same bytes read as SpeechDoc Markdown, when they are UTF-8.
    public static func markdown(_ bytes: [UInt8]) throws {
        guard let text = String(validating: bytes, as: UTF8.self),
              let speech = try? MarkdownReader.read(text) else { return }
        try speechThroughWriters(speech)
    }

    /// Bytes offered as a Word template: refused with a TemplateError, or usable for a document.
    public static func wordTemplate(_ bytes: [UInt8]) throws {
        let reference = ReferenceDocument(path: "fuzz.docx", bytes: bytes)
        do {
            try Formats.checkWordTemplate(reference)
        } catch {
            return
        }
        let speech = Speech(metadata: Metadata(title: "模板检查"), body: [.paragraph(Paragraph(text: "正文。"))])
        let docx = try write(speech, .docx, WriterOptions(referenceDocument: reference))
        try packageText(docx, format: "docx-template")
    }

    /// Every writer's output for one speech: Markdown re-reads to the same model and writes the
    /// same bytes again; DOCX and EPUB are readable zips whose XML parts parse strictly, and hold
    /// every piece of the speech's text.
    public static func speechThroughWriters(_ speech: Speech) throws {
        let markdown = try write(speech, .markdown, .default)
        try noControlCharacters(markdown, stage: "md")
        let text = String(decoding: markdown, as: UTF8.self)
        var reread: Speech
        do {
            reread = try MarkdownReader.read(text)
        } catch {
            throw Failure(stage: "md", message: "written Markdown does not read back: \(error)")
        }
        reread.metadata.source = speech.metadata.source
        guard reread == speech else {
            throw Failure(stage: "md", message: "the model changed through Markdown:\n\(speech.treeDump)\nvs\n\(reread.treeDump)")
        }
        guard try write(reread, .markdown, .default) == markdown else {
            throw Failure(stage: "md", message: "Markdown → model → Markdown is not a fixed point")
        }
        try sameStreamed(speech, .markdown, markdown)

        let pieces = SpeechTexts.of(speech)
        for format in [OutputFormat.docx, .epub] {
            let bytes = try write(speech, format, .default)
            try sameStreamed(speech, format, bytes)
            let text = try packageText(bytes, format: format.rawValue)
            for piece in pieces where !text.contains(piece) {
                throw Failure(stage: format.rawValue, message: "speech text missing from the output: “\(piece)”")
            }
        }
    }

    /// The writer gives the same bytes when the speech's body streams (as a long text's does).
    private static func sameStreamed(_ speech: Speech, _ format: OutputFormat, _ bytes: [UInt8]) throws {
        guard let writer = Formats.writer(for: format) as? any StreamingSpeechWriter else { return }
        var head = speech
        head.body = []
        var body = BodyItems(speech)
        var streamed: [UInt8] = []
        do {
            try writer.write(head: head, body: &body, options: .default) { streamed += $0 }
        } catch {
            throw Failure(stage: format.rawValue, message: "the writer failed on the streamed body: \(error)")
        }
        guard streamed == bytes else {
            throw Failure(stage: format.rawValue, message: "the streamed body is written otherwise than the model:\n\(speech.treeDump)")
        }
    }

    private static func write(_ speech: Speech, _ format: OutputFormat, _ options: WriterOptions) throws -> [UInt8] {
        do {
            return try Formats.writer(for: format)!.write(.speech(speech), options: options)
        } catch {
            throw Failure(stage: format.rawValue, message: "the writer failed: \(error)")
        }
    }

    /// Opens the zip, parses every XML part strictly, and returns the text of the content parts.
    @discardableResult
    public static func packageText(_ bytes: [UInt8], format: String) throws -> String {
        let zip: ZipArchiveReader
        do { zip = try ZipArchiveReader(bytes) } catch {
            throw Failure(stage: format, message: "the zip does not open: \(error)")
        }
        var text = ""
        for entry in zip.entries {
            let data: [UInt8]
            do { data = try zip.read(entry.name) } catch {
                throw Failure(stage: format, message: "\(entry.name) does not read: \(error)")
            }
            guard [".xml", ".rels", ".xhtml", ".opf", ".ncx"].contains(where: entry.name.hasSuffix) else { continue }
            try noControlCharacters(data, stage: "\(format) \(entry.name)")
            let root: XMLElement
            do { root = try XMLParser.parse(data) } catch {
                throw Failure(stage: format, message: "\(entry.name) is not well-formed: \(error)")
            }
            if entry.name == "word/document.xml" {
                text += root.descendants(named: "w:t").map(\.textContent).joined()
            } else if entry.name.hasSuffix(".xhtml") && !entry.name.hasSuffix("nav.xhtml") {
                text += root.textContent
            }
        }
        return text
    }

    /// No C0 control character but tab, line feed and carriage return.
    private static func noControlCharacters(_ bytes: [UInt8], stage: String) throws {
        if let bad = bytes.first(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) {
            throw Failure(stage: stage, message: "control character 0x\(String(bad, radix: 16)) in the output")
        }
    }
}

/// The pieces of a speech's text in document order, as a reader sees them: the title, then
/// `Speech.textPieces`, as an XML writer can hold them.
public enum SpeechTexts {
    public static func of(_ speech: Speech) -> [String] {
        ([speech.metadata.title] + speech.textPieces).map(XMLText.removingForbiddenCharacters).filter { !$0.isEmpty }
    }
}
