import SpeechModel
import SpeechWriting
import XMLSupport

/// content.opf, nav.xhtml, toc.ncx, the title page and the cover page.
struct PackageDocument {
    let book: Book
    let identifier: String
    let modified: String
    let cover: CoverImage?
    /// Computed once: the navigation document and the NCX both list it.
    let toc: [TOCEntry]

    init(book: Book, identifier: String, modified: String, cover: CoverImage?) {
        self.book = book
        self.identifier = identifier
        self.modified = modified
        self.cover = cover
        toc = Self.tableOfContents(book)
    }

    static func coverImageHref(_ cover: CoverImage) -> String { "images/cover." + cover.fileExtension }

    /// Every speech with its level-1 headings and, under each, its level-2 headings. An entry
    /// holds the model's own strings and makes its link when written: a long collection's
    /// contents are not a second copy of every heading.
    struct TOCEntry {
        /// Printed one after the other: a heading's number and sentence, or a speech's title.
        var label: (String, String)
        /// The chapter's file, one string its headings' entries share.
        var chapter: String
        /// The heading's place among its chapter's headings; nil for the chapter itself.
        var heading: Int?
        var children: [TOCEntry]

        /// The link, escaped as an attribute's value, written in its pieces: the chapter, and
        /// for a heading # and its id (no string made of the whole).
        func writeHref(_ writer: XMLWriter) {
            writer.attributeValue(chapter)
            guard let heading else { return }
            writer.markup("#")
            writer.attributeValue(SpeechXHTML.headingID(heading))
        }

        func writeLabel(_ writer: XMLWriter) throws {
            try writer.text(label.0)
            try writer.text(label.1)
        }
    }

    static func tableOfContents(_ book: Book) -> [TOCEntry] {
        /// The headings in document order, as the outline lists them (the sentence without its 。).
        struct Headings: SpeechWalker {
            var chapter: String
            var level1: [TOCEntry] = []
            var count = 0
            mutating func visitHeading(_ heading: Heading, enclosing: [Heading]) {
                let entry = TOCEntry(label: (heading.number, heading.sentence), chapter: chapter, heading: count, children: [])
                count += 1
                if heading.level == 1 || level1.isEmpty {
                    level1.append(entry)
                } else if heading.level == 2 {
                    level1[level1.count - 1].children.append(entry)
                }
            }
        }
        return book.speeches.enumerated().map { index, speech in
            var headings = Headings(chapter: Book.chapterHref(index))
            headings.walk(speech)
            return TOCEntry(label: (speech.metadata.label, ""), chapter: headings.chapter, heading: nil, children: headings.level1)
        }
    }

    func opf() throws -> [UInt8] {
        let writer = try XMLWriter()
        try writer.element("package", attributes: ["xmlns": "http://www.idpf.org/2007/opf", "version": "3.0",
                                                   "unique-identifier": "book-id", "xml:lang": "zh-CN"]) {
            try writer.element("metadata", attributes: ["xmlns:dc": "http://purl.org/dc/elements/1.1/"]) {
                try writer.element("dc:identifier", attributes: ["id": "book-id"], text: identifier)
                try writer.element("dc:title", text: book.title)
                try writer.element("dc:language", text: "zh-CN")
                if let author = book.author { try writer.element("dc:creator", text: author) }
                if let date = SpeechDate.iso(book.date) { try writer.element("dc:date", text: date) }
                try writer.element("meta", attributes: ["property": "dcterms:modified"], text: modified)
                if cover != nil { try writer.element("meta", attributes: ["name": "cover", "content": "cover-image"]) }
            }
            try writer.element("manifest") {
                try writer.element("item", attributes: ["id": "nav", "href": "nav.xhtml", "media-type": "application/xhtml+xml", "properties": "nav"])
                try writer.element("item", attributes: ["id": "ncx", "href": "toc.ncx", "media-type": "application/x-dtbncx+xml"])
                try writer.element("item", attributes: ["id": "css", "href": "styles.css", "media-type": "text/css"])
                if let cover {
                    try writer.element("item", attributes: ["id": "cover-image", "href": Self.coverImageHref(cover), "media-type": cover.mediaType, "properties": "cover-image"])
                    try writer.element("item", attributes: ["id": "cover", "href": "cover.xhtml", "media-type": "application/xhtml+xml"])
                }
                if book.isCollection {
                    try writer.element("item", attributes: ["id": "title-page", "href": "title.xhtml", "media-type": "application/xhtml+xml"])
                }
                for index in book.speeches.indices {
                    try writer.element("item", attributes: ["id": Book.chapterID(index), "href": Book.chapterHref(index), "media-type": "application/xhtml+xml"])
                }
            }
            try writer.element("spine", attributes: ["toc": "ncx"]) {
                if cover != nil { try writer.element("itemref", attributes: ["idref": "cover", "linear": "yes"]) }
                if book.isCollection { try writer.element("itemref", attributes: ["idref": "title-page"]) }
                try writer.element("itemref", attributes: ["idref": "nav"])
                for index in book.speeches.indices { try writer.element("itemref", attributes: ["idref": Book.chapterID(index)]) }
            }
        }
        return try writer.finish()
    }

    /// nav.xhtml; with a writer that has a sink, handed over in pieces as it is made (a
    /// collection's contents run to megabytes).
    func navigation(_ writer: XMLWriter? = nil) throws -> [UInt8] {
        try XHTML.document(title: "目录", writer: writer) { writer in
            try writer.element("nav", attributes: ["epub:type": "toc", "id": "toc"]) {
                try writer.element("h1", text: "目录")
                try list(writer, toc)
            }
            try writer.element("nav", attributes: ["epub:type": "landmarks", "id": "landmarks", "hidden": "hidden"]) {
                try writer.element("ol") {
                    if cover != nil {
                        try writer.element("li") { try writer.element("a", attributes: ["epub:type": "cover", "href": "cover.xhtml"], text: "封面") }
                    }
                    try writer.element("li") { try writer.element("a", attributes: ["epub:type": "toc", "href": "nav.xhtml#toc"], text: "目录") }
                    if book.isCollection {
                        try writer.element("li") { try writer.element("a", attributes: ["epub:type": "titlepage", "href": "title.xhtml"], text: "书名页") }
                    }
                    try writer.element("li") { try writer.element("a", attributes: ["epub:type": "bodymatter", "href": Book.chapterHref(0)], text: "正文") }
                }
            }
        }
    }

    private func list(_ writer: XMLWriter, _ entries: [TOCEntry]) throws {
        try writer.element("ol") {
            for entry in entries {
                // <li><a href="…">label</a>…</li> as markup, the bytes the elements make (the
                // label is two texts, so <a> is never empty-tagged).
                writer.markup("<li><a href=\"")
                entry.writeHref(writer)
                writer.markup("\">")
                try entry.writeLabel(writer)
                try writer.closingMarkup("</a>")
                if !entry.children.isEmpty { try list(writer, entry.children) }
                try writer.closingMarkup("</li>")
            }
        }
    }

    /// toc.ncx, in pieces as `navigation` when the writer has a sink.
    func ncx(_ writer: XMLWriter? = nil) throws -> [UInt8] {
        let writer = try writer ?? XMLWriter()
        var playOrder = 0
        func point(_ entry: TOCEntry) throws {
            playOrder += 1
            // <navPoint id="nav-N" playOrder="N"><navLabel><text>label</text></navLabel>
            // <content src="…"/>…</navPoint> as markup, the bytes the elements make.
            writer.markup("<navPoint id=\"nav-")
            writer.markup(decimal: playOrder)
            writer.markup("\" playOrder=\"")
            writer.markup(decimal: playOrder)
            writer.markup("\"><navLabel><text>")
            try entry.writeLabel(writer)
            writer.markup("</text></navLabel><content src=\"")
            entry.writeHref(writer)
            try writer.closingMarkup("\"/>")
            for child in entry.children { try point(child) }
            try writer.closingMarkup("</navPoint>")
        }
        let depth = toc.contains { $0.children.contains { !$0.children.isEmpty } } ? 3 : (toc.contains { !$0.children.isEmpty } ? 2 : 1)
        try writer.element("ncx", attributes: ["xmlns": "http://www.daisy.org/z3986/2005/ncx/", "version": "2005-1", "xml:lang": "zh-CN"]) {
            try writer.element("head") {
                try writer.element("meta", attributes: ["name": "dtb:uid", "content": identifier])
                try writer.element("meta", attributes: ["name": "dtb:depth", "content": String(depth)])
                try writer.element("meta", attributes: ["name": "dtb:totalPageCount", "content": "0"])
                try writer.element("meta", attributes: ["name": "dtb:maxPageNumber", "content": "0"])
            }
            try writer.element("docTitle") { try writer.element("text", text: book.title) }
            try writer.element("navMap") { for entry in toc { try point(entry) } }
        }
        return try writer.finish()
    }

    /// Title, author, date and the list of speeches.
    func titlePage() throws -> [UInt8] {
        try XHTML.document(title: book.title) { writer in
            try writer.element("section", attributes: ["epub:type": "titlepage", "class": "title-page"]) {
                try writer.element("h1", attributes: ["class": "title"], text: book.title)
                if let author = book.author { try writer.element("p", attributes: ["class": "speaker-date"], text: author) }
                if let date = book.date { try writer.element("p", attributes: ["class": "speaker-date"], text: date) }
                try writer.element("ol") {
                    for (index, speech) in book.speeches.enumerated() {
                        try writer.element("li") { try writer.element("a", attributes: ["href": Book.chapterHref(index)], text: speech.metadata.label) }
                    }
                }
            }
        }
    }

    func coverPage(_ cover: CoverImage) throws -> [UInt8] {
        try XHTML.document(title: book.title) { writer in
            try writer.element("div", attributes: ["class": "cover"]) {
                try writer.element("img", attributes: ["src": Self.coverImageHref(cover), "alt": book.title])
            }
        }
    }
}
