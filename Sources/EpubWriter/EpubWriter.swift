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
public struct EpubWriter: StreamingSpeechWriter {
    public let format = OutputFormat.epub
    /// The stylesheet and container depend only on the style: made once per style.
    private let fixedParts = StyleKeyedCache<(container: ZipPreparedPart, css: ZipPreparedPart)>()

    public init() {}

    /// Deflate level 1 for the larger parts, the small ones stored: speed decides bulk conversion.
    static let deflate = ZipCompression.automatic(level: 1)

    public func write(_ publication: Publication, options: WriterOptions) throws -> [UInt8] {
        let book = Book(publication)
        // Each chapter goes into the archive as it is made, a long one deflated as it comes: a
        // collection's XHTML, or a long speech's, is never held whole.
        return try assemble(book, identity: book.identity(), options: options) { index in
            try ZipArchiveWriter.make(streaming: Self.deflate) { try SpeechXHTML(speech: book.speeches[index]).xhtml(XMLWriter(flushSize: $0, sink: $1)) }
        }
    }

    /// One speech whose body streams: the same bytes as `write(.speech(…))`.
    public func write(head: Speech, body: inout some BodySource, options: WriterOptions, output: ([UInt8]) throws -> Void) throws {
        let stream = EpubStream(writer: self, options: options)
        try stream.add(head: head, body: &body)
        try output(try stream.finish(asCollection: false))
    }

    /// The archive: the mimetype, the container, the package document, the navigation, the
    /// stylesheet, a cover and a title page, then the chapters `chapter` makes (by index), in
    /// that order.
    func assemble(_ book: Book, identity: String, options: WriterOptions,
                  chapter: (Int) throws -> ZipArchiveWriter.MadePart) throws -> [UInt8] {
        let identifier = "urn:uuid:" + identity
        let modified = Self.modified(options.sourceDateEpoch)
        let package = PackageDocument(book: book, identifier: identifier, modified: modified, cover: options.cover)

        let archive = ZipArchiveWriter(timestamp: ZipTimestamp(epoch: options.sourceDateEpoch))
        // The mimetype first, stored, so readers can recognise the file by its first bytes.
        archive.add("mimetype", Array("application/epub+zip".utf8), compression: .stored)
        let deflate = Self.deflate
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
        for index in book.speeches.indices {
            archive.add("OEBPS/" + Book.chapterHref(index), made: try chapter(index), compression: deflate)
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

    init(title: String, author: String?, date: String?, speeches: [Speech], isCollection: Bool) {
        (self.title, self.author, self.date, self.speeches, self.isCollection) = (title, author, date, speeches, isCollection)
    }

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

    /// A UUID from the content, so rebuilding the same book keeps its identity (`IdentityFeeder`).
    func identity() -> String {
        var feeder = IdentityFeeder(title: title, author: author, date: date)
        for speech in speeches { feeder.walk(speech) }
        return feeder.uuid()
    }
}

/// What an e-book's identity is made from: the book's title, author and date, then every text
/// of every speech, fed to the digest as the model is walked (or its items stream by). Each text
/// goes to the digest as tag, text, U+001F, in pieces: no string is made to join a tag or a
/// number to its text (the bytes are the same).
struct IdentityFeeder: SpeechWalker {
    var digest = ContentDigest()

    init(title: String, author: String?, date: String?) {
        feed("title", title)
        feed("author", author ?? "")
        feed("date", date ?? "")
    }

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

    /// The identity: a UUID from the digest's first 16 bytes.
    mutating func uuid() -> String {
        var bytes = Array(digest.finish().prefix(16))
        return ContentDigest.uuidString(&bytes)
    }
}

/// An e-book whose speeches stream by, for an input too large to hold as a model: each chapter
/// is deflated as its body comes, and only what the parts before the chapters need is kept (the
/// headings, for the contents; the identity's digest). The archive is the one `EpubWriter.write`
/// makes of the same speeches.
///
/// The identity digests a speech's `truncated` before its text, and whether the book is one
/// speech or a collection names it first: both are known only later, so each possible digest
/// is fed, and the right one kept.
public final class EpubStream {
    private let writer: EpubWriter
    private let options: WriterOptions
    private let collection: (title: String?, author: String?, date: String?)
    private var chapters: [ZipArchiveWriter.MadePart] = []
    /// Each speech's metadata and headings (sections without children), for the contents.
    private var outlines: [Speech] = []
    /// The identity as one speech's book, and as a collection's.
    private var asSpeech: IdentityFeeder?
    private var asCollection: IdentityFeeder?

    /// `collectionTitle`: the title of a collection, nil for its first speech's.
    public init(writer: EpubWriter = EpubWriter(), options: WriterOptions, collectionTitle: String? = nil,
                author: String? = nil, date: String? = nil) {
        self.writer = writer
        self.options = options
        collection = (collectionTitle, author, date)
    }

    /// Speeches added so far.
    public var count: Int { outlines.count }

    /// The first speech's title, or its file's name (what names a collection without a title).
    public var firstLabel: String { outlines.first?.metadata.label ?? "" }

    public func add(head: Speech, body: inout some BodySource) throws {
        let metadata = head.metadata
        if outlines.isEmpty {
            asSpeech = IdentityFeeder(title: metadata.label, author: metadata.speaker, date: metadata.date)
            asCollection = IdentityFeeder(title: collection.title ?? metadata.label, author: collection.author, date: collection.date)
        }
        // Fed as the speech truncated and as not: the body says which at its end. From the
        // second speech on the book is a collection, and only its identity is fed.
        let bases = outlines.isEmpty ? [asCollection!, asSpeech!] : [asCollection!]
        var feeders: [IdentityFeeder] = []
        for base in bases {
            for truncated in [false, true] {
                var feeder = base
                var speech = head
                speech.truncated = truncated
                feeder.visitSpeech(speech)
                if let salutation = head.salutation { feeder.visitSalutation(salutation) }
                feeders.append(feeder)
            }
        }
        var sections = [OpenSections](repeating: OpenSections(), count: feeders.count)
        var headings: [Block] = []
        var tapped = TappedBody(base: body) { item in
            for index in feeders.indices { feeders[index].visit(item, sections: &sections[index]) }
            if case .heading(let heading) = item { headings.append(.section(Section(heading: heading))) }
        }
        chapters.append(try ZipArchiveWriter.make(streaming: EpubWriter.deflate) {
            try SpeechXHTML.xhtml(XMLWriter(flushSize: $0, sink: $1), head: head, body: &tapped)
        })
        body = tapped.base
        for index in feeders.indices { feeders[index].finish(&sections[index], closing: body.closing) }
        let which = body.truncated ? 1 : 0
        asCollection = feeders[which]
        asSpeech = outlines.isEmpty ? feeders[2 + which] : nil
        var outline = head
        outline.body = headings
        outline.truncated = body.truncated
        outline.closing = body.closing
        outlines.append(outline)
    }

    /// The archive, as one speech's book (`asCollection` false, one speech) or a collection's.
    public func finish(asCollection collected: Bool) throws -> [UInt8] {
        precondition(!outlines.isEmpty && (collected || outlines.count == 1), "a book of one speech, or a collection")
        let first = outlines[0].metadata
        let book = collected
            ? Book(title: collection.title ?? first.label, author: collection.author, date: collection.date, speeches: outlines, isCollection: true)
            : Book(title: first.label, author: first.speaker, date: first.date, speeches: outlines, isCollection: false)
        var feeder = collected ? asCollection! : asSpeech!
        let made = chapters
        chapters = []
        return try writer.assemble(book, identity: feeder.uuid(), options: options) { made[$0] }
    }
}
