import Foundation
import SpeechModel
import SpeechStyles
import SpeechWriting
import XMLSupport
import ZipSupport

/// Word documents laid out to GB/T 9704-2012 (or any style sheet): real named styles, fonts in
/// the right slots, A4 with the 22 × 28 grid, "— N —" page numbers on alternating sides.
///
/// Packaging lives here; the document body is `DocumentPart`, the styles `StylesPart`.
public struct DocxWriter: SpeechWriter {
    public let format = OutputFormat.docx
    /// The parts that depend only on the style (styles, settings, fonts, footers) are made
    /// once per style and reused: a batch writes thousands of documents with one style.
    private let styleParts = StyleKeyedCache<[(String, [UInt8])]>()

    public init() {}

    public func write(_ publication: Publication, options: WriterOptions) throws -> [UInt8] {
        let speeches = publication.speeches
        let sheet = options.style
        let parts = PackageParts(sheet: sheet)
        let title: String, creator: String?
        switch publication {
        case .speech(let speech):
            title = speech.metadata.title
            creator = speech.metadata.speaker
        case .collection(let collection):
            title = collection.title
            creator = collection.author
        }

        // Fixed order: content types first, then package relationships, properties, the
        // document and its parts.
        var entries: [(String, [UInt8])] = []
        let alternate = sheet.pageNumbersAlternate
        var documentParts: [(String, String)] = [
            ("docProps/core.xml", OOXML.ContentType.core),
            ("docProps/app.xml", OOXML.ContentType.extended),
            ("word/document.xml", OOXML.ContentType.document),
            ("word/styles.xml", OOXML.ContentType.styles),
            ("word/settings.xml", OOXML.ContentType.settings),
            ("word/fontTable.xml", OOXML.ContentType.fontTable),
            ("word/footer1.xml", OOXML.ContentType.footer),
        ]
        if alternate { documentParts.append(("word/footer2.xml", OOXML.ContentType.footer)) }
        entries.append(("[Content_Types].xml", try parts.contentTypes(parts: documentParts)))
        entries.append(("_rels/.rels", try parts.relationships([
            ("rId1", OOXML.RelationshipType.officeDocument, "word/document.xml"),
            ("rId2", OOXML.RelationshipType.core, "docProps/core.xml"),
            ("rId3", OOXML.RelationshipType.extended, "docProps/app.xml"),
        ])))
        entries.append(("docProps/core.xml", try parts.coreProperties(title: title, creator: creator, epoch: options.sourceDateEpoch)))
        entries.append(("docProps/app.xml", try parts.extendedProperties()))
        entries.append(("word/document.xml", try DocumentPart(speeches: speeches, sheet: sheet).xml()))
        var relationships = [
            ("rId1", OOXML.RelationshipType.styles, "styles.xml"),
            ("rId2", OOXML.RelationshipType.settings, "settings.xml"),
            ("rId3", OOXML.RelationshipType.fontTable, "fontTable.xml"),
            (PackageLayout.oddFooterID, OOXML.RelationshipType.footer, "footer1.xml"),
        ]
        if alternate { relationships.append((PackageLayout.evenFooterID, OOXML.RelationshipType.footer, "footer2.xml")) }
        entries.append(("word/_rels/document.xml.rels", try parts.relationships(relationships)))
        entries += try styleParts.value(for: sheet) {
            var styleParts = [
                ("word/styles.xml", try StylesPart(sheet: sheet).xml()),
                ("word/settings.xml", try parts.settings()),
                ("word/fontTable.xml", try parts.fontTable()),
            ]
            if alternate {
                styleParts.append(("word/footer1.xml", try parts.footer(style: StyleID.pageNumberOdd, cachedPage: 1)))
                styleParts.append(("word/footer2.xml", try parts.footer(style: StyleID.pageNumberEven, cachedPage: 2)))
            } else {
                styleParts.append(("word/footer1.xml", try parts.footer(style: StyleID.pageNumber, cachedPage: 1)))
            }
            return styleParts
        }

        // Deflate level 1: parts of a few kilobytes gain little from more effort, and speed
        // decides bulk conversion.
        let archive = ZipArchiveWriter(timestamp: ZipTimestamp(epoch: options.sourceDateEpoch))
        for (name, bytes) in entries { archive.add(name, bytes, compression: .deflated(level: 1)) }
        return try archive.finish()
    }
}
