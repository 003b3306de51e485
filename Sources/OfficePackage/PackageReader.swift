import XMLSupport
import ZipSupport

/// A package that cannot be used, and why: "x.docx: not a zip archive".
public struct PackageError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
    public var description: String { "\(path): \(message)" }
}

/// An Office package (a .docx) read from memory as untrusted input: the archive's size, the
/// number of entries, every part's inflated size and ratio (zip bombs), entry names and
/// relationship targets that would leave the package (path traversal) are all limited, and
/// every XML part is parsed strictly (a document type declaration is refused, so no external
/// entity is ever resolved). Used by the Word template (`--reference-docx`) and the DOCX reader.
public struct PackageReader {
    public static let maximumArchiveSize = 32 << 20
    public static let maximumEntries = 2_000
    public static let maximumPartSize = 16 << 20
    public static let maximumTotalInflated = 64 << 20
    /// Office XML deflates about 5–20 times; a part that inflates more than this is a bomb.
    public static let maximumRatio = 200

    public struct Relationship {
        public var id: String
        public var type: String
        /// Resolved to a part name inside the package, or the URI as given when external.
        public var target: String
        public var external: Bool
    }

    public let path: String
    let zip: ZipArchiveReader
    public let names: Set<String>
    var inflated = 0
    var defaults: [String: String] = [:]
    var overrides: [String: String] = [:]

    /// `kind` names the file in messages ("Word template", "Word document").
    public init(path: String, bytes: [UInt8], kind: String) throws {
        self.path = path
        guard bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) else {
            throw PackageError(path: path, message: "not a zip archive, so not a \(kind) (.docx)")
        }
        guard bytes.count <= Self.maximumArchiveSize else {
            throw PackageError(path: path, message: "larger than \(Self.maximumArchiveSize >> 20) MB, more than a \(kind) is")
        }
        do {
            zip = try ZipArchiveReader(bytes)
        } catch {
            throw PackageError(path: path, message: "not a readable zip archive (\(error))")
        }
        guard zip.entries.count <= Self.maximumEntries else {
            throw PackageError(path: path, message: "holds \(zip.entries.count) entries, more than the \(Self.maximumEntries) a \(kind) may have")
        }
        for entry in zip.entries where !Self.isSafe(entry.name) {
            throw PackageError(path: path, message: "entry name “\(entry.name)” points outside the package; refused")
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

    public func error(_ message: String) -> PackageError { PackageError(path: path, message: message) }

    /// Relative, forward-slashed, no `..` or `.` segments, no drive letters or control characters.
    public static func isSafe(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.contains("\\"), !name.contains(":") else { return false }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return false }
        return !name.split(separator: "/", omittingEmptySubsequences: false).contains { $0 == ".." || $0 == "." }
    }

    /// A part's bytes, refusing bombs: the stated size, the inflation ratio, and the total read.
    public mutating func bytes(_ name: String) throws -> [UInt8] {
        guard let entry = zip.entries.first(where: { $0.name == name }) else {
            throw error("the package has no part \(name)")
        }
        if entry.size > Self.maximumPartSize {
            throw error("\(name) inflates to \(entry.size) bytes, more than \(Self.maximumPartSize >> 20) MB; refused as a possible zip bomb")
        }
        if entry.size > 1 << 20, entry.size / max(entry.compressedSize, 1) > Self.maximumRatio {
            throw error("\(name) inflates \(entry.size / max(entry.compressedSize, 1)) times over; refused as a zip bomb")
        }
        let bytes: [UInt8]
        do {
            bytes = try zip.read(name, limit: min(Self.maximumPartSize, Self.maximumTotalInflated - inflated))
        } catch ZipError.entryTooLarge {
            throw error("\(name) inflates past its limit; refused as a zip bomb")
        } catch {
            throw self.error("cannot read \(name): \(error)")
        }
        inflated += bytes.count
        return bytes
    }

    /// Strict parsing: no DTD (and so no external entity), no network.
    public func parse(_ name: String, _ bytes: [UInt8]) throws -> XMLElement {
        do {
            return try XMLParser.parse(bytes)
        } catch {
            throw self.error("\(name): \(error)")
        }
    }

    public mutating func mainDocumentName() throws -> String {
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
    public mutating func relationships(of part: String) throws -> [Relationship] {
        try relationshipPart(of: part)?.relationships ?? []
    }

    /// The relationship part of `part`, when it has one: its name, its bytes as read, and its
    /// relationships.
    public mutating func relationshipPart(of part: String) throws -> (name: String, bytes: [UInt8], relationships: [Relationship])? {
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
    public func resolve(_ target: String, from directory: String) -> String? {
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

    public func contentType(_ name: String) -> String? {
        if let type = overrides[name] { return type }
        guard let dot = name.lastIndex(of: "."), !name[dot...].contains("/") else { return nil }
        return defaults[String(name[name.index(after: dot)...]).lowercased()]
    }
}

/// WordprocessingML's on/off properties (w:b, w:evenAndOddHeaders…): present with no w:val, or
/// with one other than 0, false or off, is on. Read the same way by templates and Word input.
public enum OnOffProperty {
    public static func isOn(_ element: XMLElement) -> Bool {
        guard let value = element.attributes["w:val"] else { return true }
        return !(value == "0" || value == "false" || value == "off")
    }
}
