import OfficePackage
import SpeechWriting
import XMLSupport
import ZipSupport

/// A Word template that cannot be used, and why: "house.docx: not a zip archive".
public struct TemplateError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

/// What an office's Word template (`--reference-docx`) lends a document: its styles.xml (our
/// roles mapped onto its styles by name), its font table, theme and numbering, its page set-up
/// and its headers and footers with whatever they refer to.
///
/// The template is untrusted input. It is read from memory with limits: the archive's size, the
/// number of entries, every part's inflated size and ratio (zip bombs), entry names and
/// relationship targets that would leave the package (path traversal); every XML part is parsed
/// strictly before use, and one with a document type declaration is refused, so no external
/// entity is ever resolved.
struct WordTemplate {
    struct Part: Equatable {
        var name: String
        var bytes: [UInt8]
        var contentType: String
    }

    struct Style: Equatable {
        var id: String
        var type: String
        var name: String
        var element: XMLElement
    }

    struct Reference: Equatable {
        /// headerReference or footerReference.
        var element: String
        /// default, even or first.
        var type: String
        var target: String
    }

    var styles: [UInt8]
    var styleList: [Style]
    var docDefaultsRunProperties: XMLElement?
    var fontTable: [UInt8]?
    var fontNames: Set<String>
    /// Theme, numbering, headers and footers, their relationship parts and what those point to.
    var parts: [Part]
    /// Relationships the document itself needs besides styles, settings and fonts (theme, numbering).
    var documentRelationships: [(type: String, target: String)]
    var references: [Reference]
    /// The template's section properties other than header and footer references; nil when the
    /// template sets no page size (then the style sheet's page set-up holds).
    var section: [XMLElement]?
    var evenAndOddHeaders: Bool

    var hasFooters: Bool { references.contains { $0.element == "w:footerReference" } }

    func style(named name: String, type: String) -> Style? {
        styleList.first { $0.type == type && $0.name.lowercased() == name.lowercased() }
    }

    // MARK: Limits

    static let maximumArchiveSize = PackageReader.maximumArchiveSize
    static let maximumEntries = PackageReader.maximumEntries
    static let maximumPartSize = PackageReader.maximumPartSize
    static let maximumTotalInflated = PackageReader.maximumTotalInflated
    static let maximumRatio = PackageReader.maximumRatio

    private static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    /// Parts of ours a template part must not replace.
    static let reservedNames: Set<String> = [
        "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml",
        "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml", "word/fontTable.xml",
    ]

    // MARK: Reading

    init(_ document: ReferenceDocument) throws {
        do {
            try self.init(reading: document)
        } catch let error as PackageError {
            throw TemplateError(path: error.path, message: error.message)
        }
    }

    private init(reading document: ReferenceDocument) throws {
        var reader = try PackageReader(path: document.path, bytes: document.bytes, kind: "Word template")
        let mainPart = try reader.mainDocumentName()
        let relationships = try reader.relationships(of: mainPart)

        func target(_ type: String) -> String? {
            relationships.first { $0.type.hasSuffix("/relationships/" + type) && !$0.external }?.target
        }
        guard let stylesName = target("styles") else { throw reader.error("has no styles part (is it a Word document?)") }
        styles = try reader.bytes(stylesName)
        let stylesRoot = try reader.parse(stylesName, styles)
        guard stylesRoot.name == "w:styles", Self.declaresWordNamespace(styles) else {
            throw reader.error("\(stylesName) is not WordprocessingML styles with the w: prefix (Strict Open XML is not supported)")
        }
        styleList = stylesRoot.elements.filter { $0.name == "w:style" }.compactMap { element in
            guard let id = element.attributes["w:styleId"], let name = element.firstChild(named: "w:name")?.attributes["w:val"] else { return nil }
            return Style(id: id, type: element.attributes["w:type"] ?? "paragraph", name: name, element: element)
        }
        docDefaultsRunProperties = stylesRoot.firstChild(named: "w:docDefaults")?.firstChild(named: "w:rPrDefault")?.firstChild(named: "w:rPr")

        if let fontsName = target("fontTable") {
            let bytes = try reader.bytes(fontsName)
            let root = try reader.parse(fontsName, bytes)
            if root.name == "w:fonts", Self.declaresWordNamespace(bytes) {
                fontTable = bytes
                fontNames = Set(root.elements.compactMap { $0.attributes["w:name"] })
            } else {
                fontTable = nil
                fontNames = []
            }
        } else {
            fontTable = nil
            fontNames = []
        }

        var copied: [Part] = []
        var documentRelationships: [(String, String)] = []
        for type in ["theme", "numbering"] {
            guard let relationship = relationships.first(where: { $0.type.hasSuffix("/relationships/" + type) && !$0.external }) else { continue }
            try reader.copy(relationship.target, into: &copied)
            documentRelationships.append((relationship.type, String(relationship.target.dropFirst("word/".count))))
        }
        self.documentRelationships = documentRelationships

        let documentRoot = try reader.parse(mainPart, try reader.bytes(mainPart))
        let sectPr = documentRoot.firstChild(named: "w:body")?.elements.last { $0.name == "w:sectPr" }
        var references: [Reference] = []
        var section: [XMLElement] = []
        for child in sectPr?.elements ?? [] {
            switch child.name {
            case "w:headerReference", "w:footerReference":
                guard let id = child.attributes["r:id"],
                      let relationship = relationships.first(where: { $0.id == id && !$0.external }) else {
                    throw reader.error("its section refers to a header or footer (\(child.attributes["r:id"] ?? "no id")) that is not in the package")
                }
                try reader.copy(relationship.target, into: &copied)
                references.append(Reference(element: child.name, type: child.attributes["w:type"] ?? "default", target: relationship.target))
            case "w:sectPrChange", "w:printerSettings":
                break
            default:
                section.append(child)
            }
        }
        self.references = references
        self.section = section.contains { $0.name == "w:pgSz" } ? section : nil
        parts = copied

        if let settingsName = target("settings") {
            let root = try reader.parse(settingsName, try reader.bytes(settingsName))
            evenAndOddHeaders = root.firstChild(named: "w:evenAndOddHeaders").map(OnOffProperty.isOn) ?? false
        } else {
            evenAndOddHeaders = false
        }
    }

    /// Whether the root element binds w: to the transitional WordprocessingML namespace, so
    /// fragments we write with that prefix mean the same inside it.
    static func declaresWordNamespace(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes.prefix(8192), as: UTF8.self)
        return text.contains("xmlns:w=\"\(w)\"") || text.contains("xmlns:w='\(w)'")
    }
}

/// The template's zip, read part by part within the limits.
extension PackageReader {
    /// Copies a part, its relationships and the parts they point to (once each). Only parts
    /// under word/ are taken, and none that would replace one of ours.
    mutating func copy(_ name: String, into parts: inout [WordTemplate.Part], depth: Int = 0) throws {
        guard !parts.contains(where: { $0.name == name }) else { return }
        guard name.hasPrefix("word/"), !WordTemplate.reservedNames.contains(name) else {
            throw error("a header, footer, theme or numbering part refers to \(name), which a template may not supply")
        }
        guard depth < 4 else { throw error("relationships nest too deeply at \(name)") }
        guard names.contains(name) else { throw error("refers to \(name), which is not in the package") }
        guard let type = contentType(name) else { throw error("\(name) has no content type") }
        let bytes = try self.bytes(name)
        if type.hasSuffix("xml") { _ = try parse(name, bytes) }
        parts.append(WordTemplate.Part(name: name, bytes: bytes, contentType: type))
        if let rels = try relationshipPart(of: name), !rels.relationships.isEmpty {
            parts.append(WordTemplate.Part(name: rels.name, bytes: rels.bytes, contentType: "application/vnd.openxmlformats-package.relationships+xml"))
            for relationship in rels.relationships where !relationship.external {
                try copy(relationship.target, into: &parts, depth: depth + 1)
            }
        }
    }
}
