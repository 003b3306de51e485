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

    static let maximumArchiveSize = 32 << 20
    static let maximumEntries = 2_000
    static let maximumPartSize = 16 << 20
    static let maximumTotalInflated = 64 << 20
    /// Office XML deflates about 5–20 times; a part that inflates more than this is a bomb.
    static let maximumRatio = 200

    private static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    /// Parts of ours a template part must not replace.
    static let reservedNames: Set<String> = [
        "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml",
        "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml", "word/fontTable.xml",
    ]

    // MARK: Reading

    init(_ document: ReferenceDocument) throws {
        var reader = try PackageReader(document)
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
            evenAndOddHeaders = root.firstChild(named: "w:evenAndOddHeaders").map { $0.attributes["w:val"].map { !["0", "false", "off"].contains($0) } ?? true } ?? false
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
private struct PackageReader {
    struct Relationship {
        var id: String
        var type: String
        /// Resolved to a part name inside the package, or the URI as given when external.
        var target: String
        var external: Bool
    }

    let path: String
    let zip: ZipArchiveReader
    let names: Set<String>
    var inflated = 0
    var defaults: [String: String] = [:]
    var overrides: [String: String] = [:]

    init(_ document: ReferenceDocument) throws {
        path = document.path
        let bytes = document.bytes
        guard bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) else {
            throw TemplateError(path: path, message: "not a zip archive, so not a Word template (.docx)")
        }
        guard bytes.count <= WordTemplate.maximumArchiveSize else {
            throw TemplateError(path: path, message: "larger than \(WordTemplate.maximumArchiveSize >> 20) MB; a Word template is a few hundred kilobytes")
        }
        do {
            zip = try ZipArchiveReader(bytes)
        } catch {
            throw TemplateError(path: path, message: "not a readable zip archive (\(error))")
        }
        guard zip.entries.count <= WordTemplate.maximumEntries else {
            throw TemplateError(path: path, message: "holds \(zip.entries.count) entries, more than the \(WordTemplate.maximumEntries) a template may have")
        }
        for entry in zip.entries where !Self.isSafe(entry.name) {
            throw TemplateError(path: path, message: "entry name “\(entry.name)” points outside the package; refused")
        }
        names = Set(zip.entries.map(\.name))
        let types = try parse("[Content_Types].xml", try self.bytes("[Content_Types].xml"))
        for element in types.elements {
            if element.name == "Default", let ext = element.attributes["Extension"], let type = element.attributes["ContentType"] {
                defaults[ext.lowercased()] = type
            } else if element.name == "Override", let part = element.attributes["PartName"], let type = element.attributes["ContentType"] {
                overrides[String(part.drop { $0 == "/" })] = type
            }
        }
    }

    func error(_ message: String) -> TemplateError { TemplateError(path: path, message: message) }

    /// Relative, forward-slashed, no `..` or `.` segments, no drive letters or control characters.
    static func isSafe(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.contains("\\"), !name.contains(":") else { return false }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return false }
        return !name.split(separator: "/", omittingEmptySubsequences: false).contains { $0 == ".." || $0 == "." }
    }

    /// A part's bytes, refusing bombs: the stated size, the inflation ratio, and the total read.
    mutating func bytes(_ name: String) throws -> [UInt8] {
        guard let entry = zip.entries.first(where: { $0.name == name }) else {
            throw error("the package has no part \(name)")
        }
        if entry.size > WordTemplate.maximumPartSize {
            throw error("\(name) inflates to \(entry.size) bytes, more than \(WordTemplate.maximumPartSize >> 20) MB; refused as a possible zip bomb")
        }
        if entry.size > 1 << 20, entry.size / max(entry.compressedSize, 1) > WordTemplate.maximumRatio {
            throw error("\(name) inflates \(entry.size / max(entry.compressedSize, 1)) times over; refused as a zip bomb")
        }
        let bytes: [UInt8]
        do {
            bytes = try zip.read(name, limit: min(WordTemplate.maximumPartSize, WordTemplate.maximumTotalInflated - inflated))
        } catch ZipError.entryTooLarge {
            throw error("\(name) inflates past its limit; refused as a zip bomb")
        } catch {
            throw self.error("cannot read \(name): \(error)")
        }
        inflated += bytes.count
        return bytes
    }

    /// Strict parsing: no DTD (and so no external entity), no network.
    func parse(_ name: String, _ bytes: [UInt8]) throws -> XMLElement {
        do {
            return try XMLParser.parse(bytes)
        } catch {
            throw self.error("\(name): \(error)")
        }
    }

    mutating func mainDocumentName() throws -> String {
        guard names.contains("_rels/.rels") else { throw error("has no package relationships (is it a Word document?)") }
        let root = try parse("_rels/.rels", try bytes("_rels/.rels"))
        let main = root.elements.first { ($0.attributes["Type"] ?? "").hasSuffix("/relationships/officeDocument") }
        guard let target = main?.attributes["Target"], let name = resolve(target, from: "") else {
            throw error("has no main document (is it a Word document?)")
        }
        guard names.contains(name) else { throw error("its main document \(name) is missing") }
        return name
    }

    /// A part's relationships (from `dir/_rels/name.rels`), targets resolved inside the package.
    mutating func relationships(of part: String) throws -> [Relationship] {
        try relationshipPart(of: part)?.relationships ?? []
    }

    /// The relationship part of `part`, when it has one: its name, its bytes as read, and its
    /// relationships.
    mutating func relationshipPart(of part: String) throws -> (name: String, bytes: [UInt8], relationships: [Relationship])? {
        let directory = part.contains("/") ? String(part[..<part.lastIndex(of: "/")!]) : ""
        let file = part.split(separator: "/").last.map(String.init) ?? part
        let relsName = (directory.isEmpty ? "" : directory + "/") + "_rels/" + file + ".rels"
        guard names.contains(relsName) else { return nil }
        let data = try self.bytes(relsName)
        let root = try parse(relsName, data)
        let relationships = try root.elements.filter { $0.name == "Relationship" }.map { element in
            let id = element.attributes["Id"] ?? "", type = element.attributes["Type"] ?? ""
            let target = element.attributes["Target"] ?? ""
            if element.attributes["TargetMode"] == "External" {
                return Relationship(id: id, type: type, target: target, external: true)
            }
            guard let resolved = resolve(target, from: directory) else {
                throw error("\(relsName): target “\(target)” points outside the package; refused")
            }
            return Relationship(id: id, type: type, target: resolved, external: false)
        }
        return (relsName, data, relationships)
    }

    /// A relationship target relative to `directory`, as a part name; nil if it leaves the package.
    func resolve(_ target: String, from directory: String) -> String? {
        var segments = target.hasPrefix("/") ? [] : directory.split(separator: "/").map(String.init)
        for segment in target.split(separator: "/") {
            switch segment {
            case ".": continue
            case "..":
                guard !segments.isEmpty else { return nil }
                segments.removeLast()
            default: segments.append(String(segment))
            }
        }
        let name = segments.joined(separator: "/")
        return Self.isSafe(name) ? name : nil
    }

    func contentType(_ name: String) -> String? {
        if let type = overrides[name] { return type }
        guard let dot = name.lastIndex(of: "."), !name[dot...].contains("/") else { return nil }
        return defaults[String(name[name.index(after: dot)...]).lowercased()]
    }

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
