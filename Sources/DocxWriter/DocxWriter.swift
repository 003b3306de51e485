import Foundation
import SpeechModel
import SpeechStyles
import SpeechWriting
import XMLSupport
import ZipSupport

/// Word documents laid out to GB/T 9704-2012 (or any style sheet): real named styles, fonts in
/// the right slots, A4 with the 22 × 28 grid, "— N —" page numbers on alternating sides; or,
/// with a reference document, in an office's own Word template.
///
/// Packaging lives here; the document body is `DocumentPart`, the styles `StylesPart`, a
/// template's contribution `WordTemplate`.
public struct DocxWriter: StreamingSpeechWriter {
    public let format = OutputFormat.docx
    /// The parts that depend only on the style and template (styles, settings, fonts, footers,
    /// template parts) are made once and reused: a batch writes thousands of documents in one style.
    private let styleParts = StyleKeyedCache<StyleParts>()

    public init() {}

    /// Deflate level 1 for the larger parts, the small ones stored: parts of a few kilobytes gain
    /// little from more effort, and speed decides bulk conversion.
    static let compression = ZipCompression.automatic(level: 1)

    /// Reads a Word template as the writer would, so a bad one is reported before any work.
    public static func checkTemplate(_ reference: ReferenceDocument) throws {
        _ = try StyleParts(sheet: StylePresets.standard, reference: reference)
    }

    public func write(_ publication: Publication, options: WriterOptions) throws -> [UInt8] {
        let title: String, creator: String?
        switch publication {
        case .speech(let speech):
            title = speech.metadata.title
            creator = speech.metadata.speaker
        case .collection(let collection):
            title = collection.title
            creator = collection.author
        }
        let (document, shared) = try documentPart(options)
        // A long speech's XML is deflated as it is made, never held whole.
        let made = try ZipArchiveWriter.make(streaming: Self.compression) { try document.xml(XMLWriter(flushSize: $0, sink: $1), speeches: publication.speeches) }
        return try package(title: title, creator: creator, options: options, shared: shared, document: made)
    }

    /// The same bytes as `write(.speech(…))`, the document's XML deflated as the body streams by.
    public func write(head: Speech, body: inout some BodySource, options: WriterOptions, output: ([UInt8]) throws -> Void) throws {
        let (document, shared) = try documentPart(options)
        let made = try ZipArchiveWriter.make(streaming: Self.compression) { try document.xml(XMLWriter(flushSize: $0, sink: $1), head: head, body: &body) }
        try output(try package(title: head.metadata.title, creator: head.metadata.speaker, options: options, shared: shared, document: made))
    }

    /// Every speech `next` gives, each with its body streaming, in one document: the bytes of
    /// `write(.collection(…))` of them (titled `title`, else after the first speech; by `author`,
    /// else the first speech's speaker), or of `write(.speech(…))` when there is one speech.
    /// Returns the bytes and how many speeches there were (none: nothing to write, no bytes).
    public func write<Body: BodySource>(speeches next: () throws -> (head: Speech, body: Body)?, title: String?, author: String?,
                                        options: WriterOptions) throws -> (bytes: [UInt8], speeches: Int) {
        let (document, shared) = try documentPart(options)
        var first: Metadata?
        var count = 0
        let made = try ZipArchiveWriter.make(streaming: Self.compression) { size, sink in
            try document.xml(XMLWriter(flushSize: size, sink: sink)) { writer, content in
                while let (head, start) = try next() {
                    var body = start
                    if first == nil { first = head.metadata }
                    try content(count > 0).write(head: head, body: &body)
                    count += 1
                }
            }
        }
        guard let first else { return ([], 0) }
        let name = count > 1 ? (title ?? first.label, author ?? first.speaker) : (first.title, first.speaker)
        return (try package(title: name.0, creator: name.1, options: options, shared: shared, document: made), count)
    }

    private func documentPart(_ options: WriterOptions) throws -> (DocumentPart, StyleParts) {
        let sheet = options.style
        let shared = try styleParts.value(for: sheet, reference: options.referenceDocument) {
            try StyleParts(sheet: sheet, reference: options.referenceDocument)
        }
        return (DocumentPart(sheet: sheet, styles: shared.styles, section: shared.section), shared)
    }

    /// The package around the document's part, made beforehand (`document`).
    private func package(title: String, creator: String?, options: WriterOptions, shared: StyleParts,
                         document: ZipArchiveWriter.MadePart) throws -> [UInt8] {
        let sheet = options.style
        let parts = PackageParts(sheet: sheet)

        // Fixed order: content types first, then package relationships, properties, the
        // document and its parts. Each part goes into the archive as it is made, so a large
        // document's XML is held once.
        let archive = ZipArchiveWriter(timestamp: ZipTimestamp(epoch: options.sourceDateEpoch))
        func add(_ name: String, _ bytes: [UInt8]) { archive.add(name, bytes, compression: Self.compression) }
        let documentParts: [(String, String)] = [
            ("docProps/core.xml", OOXML.ContentType.core),
            ("docProps/app.xml", OOXML.ContentType.extended),
            ("word/document.xml", OOXML.ContentType.document),
        ] + shared.contentTypes
        add("[Content_Types].xml", try parts.contentTypes(parts: documentParts))
        add("_rels/.rels", try parts.relationships([
            ("rId1", OOXML.RelationshipType.officeDocument, "word/document.xml"),
            ("rId2", OOXML.RelationshipType.core, "docProps/core.xml"),
            ("rId3", OOXML.RelationshipType.extended, "docProps/app.xml"),
        ]))
        add("docProps/core.xml", try parts.coreProperties(title: title, creator: creator, epoch: options.sourceDateEpoch))
        add("docProps/app.xml", try parts.extendedProperties())
        archive.add("word/document.xml", made: document, compression: Self.compression)
        archive.add("word/_rels/document.xml.rels", prepared: shared.documentRelationships)
        for (name, part) in shared.parts { archive.add(name, prepared: part) }
        return try archive.finish()
    }
}

/// Everything in the package that depends on the style (and template) alone.
struct StyleParts {
    /// Parts after the document, deflated once for every document in this style.
    var parts: [(String, ZipPreparedPart)] = []
    /// Their content types.
    var contentTypes: [(String, String)] = []
    var documentRelationships = ZipPreparedPart(stored: [])
    var styles = StyleMap.standard
    var section = SectionLayout(references: [])

    init(sheet: StyleSheet, reference: ReferenceDocument?) throws {
        let parts = PackageParts(sheet: sheet)
        let template = try reference.map(WordTemplate.init)
        var relationships: [(String, String, String)] = [
            ("rId1", OOXML.RelationshipType.styles, "styles.xml"),
            ("rId2", OOXML.RelationshipType.settings, "settings.xml"),
            ("rId3", OOXML.RelationshipType.fontTable, "fontTable.xml"),
        ]
        var entries: [(String, [UInt8])] = []
        func add(_ name: String, _ type: String, _ bytes: [UInt8]) {
            entries.append((name, bytes))
            contentTypes.append((name, type))
        }

        // Styles and fonts: ours, or the template's with ours added for roles it lacks.
        let ownFooters = !(template?.hasFooters ?? false)
        let keys = StylesPart.keys(for: sheet, pageNumbers: ownFooters)
        // The body text's size and indent when the template's Normal style sets the body.
        var templateBody: (halfPoints: Int, indented: Bool)?
        if let template {
            let (map, added) = Self.map(keys, onto: template)
            styles = map
            let normal = template.style(named: StyleKey.normal.name, type: "paragraph")
            let body = map[.normal] == normal?.id ? normal?.element.firstChild(named: "w:rPr") : nil
            if let normal, map[.normal] == normal.id {
                // Word's own default is 10 pt when neither the style nor the defaults say.
                let size = (body ?? template.docDefaultsRunProperties)?.firstChild(named: "w:sz")?.attributes["w:val"].flatMap(Int.init)
                templateBody = (size ?? 20, normal.element.firstChild(named: "w:pPr")?.firstChild(named: "w:ind") != nil)
            }
            let part = StylesPart(sheet: sheet, map: map, bodyRunProperties: body ?? template.docDefaultsRunProperties ?? XMLElement(name: "w:rPr"))
            let fragment = try part.fragment(keys: added)
            guard let merged = XMLFragment.inserting(fragment, into: template.styles, root: "w:styles") else {
                throw TemplateError(path: reference!.path, message: "its styles part has no end tag to add styles before")
            }
            add("word/styles.xml", OOXML.ContentType.styles, merged)
        } else {
            add("word/styles.xml", OOXML.ContentType.styles, try StylesPart(sheet: sheet).xml())
        }
        let evenAndOdd = ownFooters ? sheet.pageNumbersAlternate : template!.evenAndOddHeaders
        add("word/settings.xml", OOXML.ContentType.settings, try parts.settings(evenAndOddHeaders: evenAndOdd))
        if let template, let table = template.fontTable {
            let missing = sheet.usedFonts.filter { !template.fontNames.contains($0) }
            let fragment = missing.isEmpty ? [] : XMLFragment.children(of: try parts.fontTable(only: missing), root: "w:fonts")
            add("word/fontTable.xml", OOXML.ContentType.fontTable, XMLFragment.inserting(fragment, into: table, root: "w:fonts") ?? table)
        } else {
            add("word/fontTable.xml", OOXML.ContentType.fontTable, try parts.fontTable())
        }

        // Our page-number footers, unless the template brings footers of its own.
        var references: [SectionLayout.Reference] = []
        if ownFooters {
            let taken = Set(template?.parts.map(\.name) ?? [])
            let prefix = taken.contains("word/footer1.xml") || taken.contains("word/footer2.xml") ? "speechdoc-footer" : "footer"
            if sheet.pageNumbersAlternate {
                add("word/\(prefix)1.xml", OOXML.ContentType.footer, try parts.footer(style: styles[.pageNumberOdd], cachedPage: 1))
                add("word/\(prefix)2.xml", OOXML.ContentType.footer, try parts.footer(style: styles[.pageNumberEven], cachedPage: 2))
                relationships.append((PackageLayout.oddFooterID, OOXML.RelationshipType.footer, "\(prefix)1.xml"))
                relationships.append((PackageLayout.evenFooterID, OOXML.RelationshipType.footer, "\(prefix)2.xml"))
                references += [.init(element: "w:footerReference", type: "default", id: PackageLayout.oddFooterID),
                               .init(element: "w:footerReference", type: "even", id: PackageLayout.evenFooterID)]
            } else {
                add("word/\(prefix)1.xml", OOXML.ContentType.footer, try parts.footer(style: styles[.pageNumber], cachedPage: 1))
                relationships.append((PackageLayout.oddFooterID, OOXML.RelationshipType.footer, "\(prefix)1.xml"))
                references.append(.init(element: "w:footerReference", type: "default", id: PackageLayout.oddFooterID))
            }
        }

        // The template's theme, numbering, headers and footers, and what they refer to.
        if let template {
            for part in template.parts {
                entries.append((part.name, part.bytes))
                if !part.name.hasSuffix(".rels") { contentTypes.append((part.name, part.contentType)) }
            }
            var next = 1
            func relationshipID() -> String {
                defer { next += 1 }
                return "rIdT\(next)"
            }
            for (type, target) in template.documentRelationships {
                relationships.append((relationshipID(), type, target))
            }
            for reference in template.references {
                let id = relationshipID()
                let type = reference.element == "w:headerReference" ? OOXML.RelationshipType.header : OOXML.RelationshipType.footer
                relationships.append((id, type, String(reference.target.dropFirst("word/".count))))
                references.append(.init(element: reference.element, type: reference.type, id: id))
            }
            // The schema wants header references before footer references.
            references = references.filter { $0.element == "w:headerReference" } + references.filter { $0.element == "w:footerReference" }
            section = SectionLayout(references: references, templateChildren: template.section)
            if let templateBody {
                section.bodyHalfPoints = templateBody.halfPoints
                if !templateBody.indented, case .characters(let hundredths)? = sheet.style(.body).firstLineIndent {
                    section.bodyIndent = (hundredths, hundredths * templateBody.halfPoints * 10 / 100)
                }
            }
        } else {
            section = SectionLayout(references: references)
        }
        documentRelationships = try ZipPreparedPart(try parts.relationships(relationships), compression: DocxWriter.compression)
        self.parts = try entries.map { ($0.0, try ZipPreparedPart($0.1, compression: DocxWriter.compression)) }
    }

    /// Each key's style id: the template's style of the same name (or its default paragraph and
    /// character styles for Normal and Default Paragraph Font), else ours under an id the template
    /// does not use. Returns the keys whose styles must be added.
    static func map(_ keys: [StyleKey], onto template: WordTemplate) -> (StyleMap, [StyleKey]) {
        var ids: [StyleKey: String] = [:]
        var added: [StyleKey] = []
        var taken = Set(template.styleList.map(\.id))
        for key in keys {
            let type = key.isCharacter ? "character" : "paragraph"
            if let existing = template.style(named: key.name, type: type) {
                ids[key] = existing.id
                continue
            }
            if key == .normal || key == .defaultParagraphFont,
               let fallback = template.styleList.first(where: { $0.type == type && $0.element.attributes["w:default"] == "1" }) {
                ids[key] = fallback.id
                continue
            }
            var id = key.preferredID, suffix = 1
            while taken.contains(id) {
                suffix += 1
                id = "\(key.preferredID)SD\(suffix)"
            }
            taken.insert(id)
            ids[key] = id
            added.append(key)
        }
        return (StyleMap(ids: ids), added)
    }
}
