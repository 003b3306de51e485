import SystemSupport
import Foundation
import SpeechModel
import SpeechStyles
import SpeechWriting
import XMLSupport
import ZipSupport

/// EPUB 3 books: one XHTML chapter per speech, a navigation document listing each speech with
/// its level-1 and level-2 headings, toc.ncx for older readers, a title page for a collection,
/// and a stylesheet made from the same style data as the Word document.
public struct EpubWriter: SpeechWriter {
    public let format = OutputFormat.epub
    /// The stylesheet and container depend only on the style: made once per style.
    private let fixedParts = StyleKeyedCache<(container: ZipPreparedPart, css: ZipPreparedPart)>()

    public init() {}

    public func write(_ publication: Publication, options: WriterOptions) throws -> [UInt8] {
        let book = Book(publication)
        let identifier = "urn:uuid:" + book.identity()
        let modified = Self.modified(options.sourceDateEpoch)
        let package = PackageDocument(book: book, identifier: identifier, modified: modified, cover: options.cover)

        let archive = ZipArchiveWriter(timestamp: ZipTimestamp(epoch: options.sourceDateEpoch))
        // The mimetype first, stored, so readers can recognise the file by its first bytes.
        archive.add("mimetype", Array("application/epub+zip".utf8), compression: .stored)
        // Deflate level 1 for the larger parts, the small ones stored: speed decides bulk conversion.
        let deflate = ZipCompression.automatic(level: 1)
        // Made and deflated once per style.
        let fixed = try fixedParts.value(for: options.style) {
            (try ZipPreparedPart(try Self.container(), compression: deflate),
             try ZipPreparedPart(Array(StyleCSS(sheet: options.style).css().utf8), compression: deflate))
        }
        archive.add("META-INF/container.xml", prepared: fixed.container)
        archive.add("OEBPS/content.opf", try package.opf(), compression: deflate)
        try archive.add("OEBPS/nav.xhtml", streaming: deflate) { try package.navigation(XMLWriter(flushSize: $0, sink: $1)) }
        try archive.add("OEBPS/toc.ncx", streaming: deflate) { try package.ncx(XMLWriter(flushSize: $0, sink: $1)) }
        archive.add("OEBPS/styles.css", prepared: fixed.css)
        if let cover = options.cover {
            archive.add("OEBPS/" + PackageDocument.coverImageHref(cover), cover.bytes, compression: .stored)
            archive.add("OEBPS/cover.xhtml", try package.coverPage(cover), compression: deflate)
        }
        if book.isCollection { archive.add("OEBPS/title.xhtml", try package.titlePage(), compression: deflate) }
        // Each chapter goes into the archive as it is made, a long one deflated as it comes: a
        // collection's XHTML, or a long speech's, is never held whole.
        for (index, speech) in book.speeches.enumerated() {
            let chapter = SpeechXHTML(speech: speech)
            try archive.add("OEBPS/" + Book.chapterHref(index), streaming: deflate) { try chapter.xhtml(XMLWriter(flushSize: $0, sink: $1)) }
        }
        return try archive.finish()
    }

    static func container() throws -> [UInt8] {
        let writer = try XMLWriter()
        try writer.element("container", attributes: ["version": "1.0", "xmlns": "urn:oasis:names:tc:opendocument:xmlns:container"]) {
            try writer.element("rootfiles") {
                try writer.element("rootfile", attributes: ["full-path": "OEBPS/content.opf", "media-type": "application/oebps-package+xml"])
            }
        }
        return try writer.finish()
    }

    /// dcterms:modified, whole seconds, from SOURCE_DATE_EPOCH; a fixed date without it so the
    /// same input gives the same book.
    static func modified(_ epoch: Int?) -> String {
        UTCTime(epoch: max(epoch ?? 315_532_800, 0)).iso8601
    }
}

/// What the book holds, whichever publication it came from.
struct Book {
    var title: String
    var author: String?
    var date: String?
    var speeches: [Speech]
    var isCollection: Bool

    init(_ publication: Publication) {
        switch publication {
        case .speech(let speech):
            // A book must have a title: an untitled speech's book is named after its file.
            (title, author, date, speeches, isCollection) = (speech.metadata.label, speech.metadata.speaker, speech.metadata.date, [speech], false)
        case .collection(let collection):
            (title, author, date, speeches, isCollection) = (collection.title, collection.author, collection.date, collection.speeches, true)
        }
    }

    /// speech-001, speech-002, … speech-1000 (as "%03d" prints them, without Foundation's
    /// formatter, which cost more than the rest of the name's uses).
    static func chapterID(_ index: Int) -> String {
        let number = String(index + 1)
        return "speech-" + String(repeating: "0", count: max(0, 3 - number.count)) + number
    }
    static func chapterHref(_ index: Int) -> String { chapterID(index) + ".xhtml" }

    /// A UUID from the content, so rebuilding the same book keeps its identity: the metadata
    /// and every text of every speech, fed to the digest as the model is walked.
    func identity() -> String {
        // Each text goes to the digest as tag, text, U+001F, in pieces: no string is made to
        // join a tag or a number to its text (the bytes are the same).
        struct Feeder: SpeechWalker {
            var digest = ContentDigest()
            mutating func tag(_ tag: StaticString) {
                digest.update(UnsafeBufferPointer(start: tag.utf8Start, count: tag.utf8CodeUnitCount))
            }
            mutating func end() { tag("\u{1F}") }
            mutating func feed(_ tag: StaticString, _ text: String) {
                self.tag(tag)
                digest.update(text)
                end()
            }
            mutating func visitSpeech(_ speech: Speech) {
                let m = speech.metadata
                feed("T", m.title)
                feed("S", m.subtitle ?? "")
                feed("P", m.speaker ?? "")
                feed("D", m.date ?? "")
                feed("O", m.occasion ?? "")
                feed("X", speech.truncated ? "1" : "0")
            }
            mutating func visitSalutation(_ text: String) { feed("s", text) }
            mutating func visitHeading(_ heading: Heading, enclosing: [Heading]) {
                tag("h")
                digest.update(String(heading.level))
                if heading.runsIn { tag("r") }
                digest.update(heading.number)
                digest.update(heading.text)
                end()
            }
            mutating func visitParagraph(_ paragraph: Paragraph, enclosing: [Heading]) {
                for inline in paragraph.inlines {
                    switch inline {
                    case .text(let text): feed("t", text)
                    case .lead(let lead):
                        tag("l")
                        digest.update(lead.number)
                        tag("|")
                        digest.update(lead.text)
                        end()
                    case .emphasis(let text): feed("e", text)
                    case .damaged(let text): feed("d", text)
                    }
                }
                tag("p")
                end()
            }
            mutating func visitGap(_ gap: Gap, enclosing: [Heading]) { feed("g", gap.marker) }
            mutating func leaveSection(_ section: Section, enclosing: [Heading]) {
                tag("/")
                end()
            }
            mutating func visitClosing(_ text: String) { feed("c", text) }
        }
        var feeder = Feeder()
        feeder.feed("title", title)
        feeder.feed("author", author ?? "")
        feeder.feed("date", date ?? "")
        for speech in speeches { feeder.walk(speech) }
        var digest = Array(feeder.digest.finish().prefix(16))
        return ContentDigest.uuidString(&digest)
    }
}
