import Foundation
import Testing
import TestSupport
import SpeechDoc
import XMLSupport
import ZipSupport

/// Golden outputs: a handful of representative conversions, kept under Goldens/ and compared
/// on every run — DOCX and EPUB part by part as canonical XML (attributes sorted, formatting
/// whitespace between elements dropped, one element a line), other parts and Markdown by their
/// bytes. A change to any output shows here as the part and the first lines that differ.
///
/// Regenerate only on purpose, then review the diff before committing:
///
///     RECORD_GOLDENS=1 make test        (or RECORD_GOLDENS=1 swift test --filter GoldenTests)
enum Golden {
    static let directory = Repository.root.appendingPathComponent("Tests/GoldenTests/Goldens")
    static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1" }

    /// The representative cases: each sample in each format with the default style, one sample
    /// in each other preset, a collection of the samples, and a sample under a Word template.
    static var cases: [String] {
        var names = Repository.samples.map { $0.deletingPathExtension().lastPathComponent }
        names += StylePresets.names.filter { $0 != StylePresets.defaultName }.map { "preset-\($0)" }
        return names + ["collection", "template"]
    }

    static func speeches(_ sample: URL) throws -> [Speech] {
        var speeches = try DocumentLoader.load(path: sample.path).speeches
        // The source path is the machine's: goldens must not depend on where the clone is.
        for index in speeches.indices { speeches[index].metadata.source = sample.lastPathComponent }
        return speeches
    }

    /// The outputs of one case: (file name, bytes).
    static func outputs(_ name: String) throws -> [(String, [UInt8])] {
        let samples = Repository.samples
        func write(_ publication: Publication, _ format: OutputFormat, _ options: WriterOptions = .default) throws -> [UInt8] {
            try Formats.writer(for: format)!.write(publication, options: options)
        }
        if let sample = samples.first(where: { $0.deletingPathExtension().lastPathComponent == name }) {
            let speech = try speeches(sample)[0]
            // PDF is LibreOffice's layout of the DOCX golden (and stamps its own time): measured by
            // the layout tests, not kept here.
            return try OutputFormat.allCases.filter { $0 != .pdf }.map { ("\(name).\($0.fileExtension)", try write(.speech(speech), $0)) }
        }
        let first = try speeches(samples[0])[0]
        if name.hasPrefix("preset-") {
            let options = WriterOptions(style: try StylePresets.preset(String(name.dropFirst("preset-".count))))
            return try [OutputFormat.docx, .epub].map { ("\(name).\($0.fileExtension)", try write(.speech(first), $0, options)) }
        }
        if name == "collection" {
            let collection = SpeechCollection(title: "讲话汇编", author: "县委办公室", speeches: try samples.flatMap(speeches))
            return try [OutputFormat.docx, .epub].map { ("\(name).\($0.fileExtension)", try write(.collection(collection), $0)) }
        }
        // A Word template as an office makes one: Chinese style ids, its own fonts, margins and footer.
        let template = try TemplateFixture.office
        return [("template.docx", try write(.speech(first), .docx, WriterOptions(referenceDocument: template)))]
    }

    /// A file's comparable pieces: (name, text). Zips give one piece a part.
    static func pieces(_ file: String, _ bytes: [UInt8]) throws -> [(String, String)] {
        guard file.hasSuffix(".docx") || file.hasSuffix(".epub") else { return [(file, String(decoding: bytes, as: UTF8.self))] }
        let zip = try ZipArchiveReader(bytes)
        return try zip.entries.map { entry in
            let data = try zip.read(entry.name)
            let piece = "\(file)/\(entry.name)"
            if entry.name.hasSuffix(".xml") || entry.name.hasSuffix(".rels") || entry.name.hasSuffix(".xhtml") || entry.name.hasSuffix(".opf")
                || entry.name.hasSuffix(".ncx") {
                return (piece, canonical(try XMLParser.parse(data)))
            }
            if entry.name.hasSuffix(".css") || entry.name == "mimetype" { return (piece, String(decoding: data, as: UTF8.self)) }
            return (piece, "bytes \(data.count), " + data.prefix(32).map { String(format: "%02x", $0) }.joined())
        }
    }

    /// Attributes sorted, text escaped, whitespace-only text between elements dropped, an
    /// element a line, indented by depth; an element holding only text keeps it on its line.
    static func canonical(_ element: XMLElement, depth: Int = 0) -> String {
        let indent = String(repeating: "  ", count: depth)
        let attributes = element.attributes.sorted { $0.key < $1.key }.map { " \($0.key)=\"\(escape($0.value))\"" }.joined()
        let children = element.children.filter {
            if case .text(let text) = $0 { return !text.allSatisfy(\.isWhitespace) || element.elements.isEmpty }
            return true
        }
        if children.isEmpty { return "\(indent)<\(element.name)\(attributes)/>\n" }
        if children.allSatisfy({ if case .text = $0 { return true }; return false }) {
            return "\(indent)<\(element.name)\(attributes)>\(escape(element.textContent))</\(element.name)>\n"
        }
        var out = "\(indent)<\(element.name)\(attributes)>\n"
        for child in children {
            switch child {
            case .element(let inner): out += canonical(inner, depth: depth + 1)
            case .text(let text): out += "\(indent)  \(escape(text))\n"
            }
        }
        return out + "\(indent)</\(element.name)>\n"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "\n", with: "&#10;")
    }

    /// Parts made from the style alone, whatever the speech: kept once per style, in
    /// Goldens/styles/<style>/, not once per case (a template's come from the template).
    static let styleParts = ["OEBPS/styles.css", "word/styles.xml"]

    /// The style a case is written in.
    static func style(of name: String) -> String {
        name.hasPrefix("preset-") ? String(name.dropFirst("preset-".count)) : StylePresets.defaultName
    }

    /// Where a piece's golden lives: Goldens/<case>/<file>/<part path>, or the style's copy of a
    /// part the style alone makes.
    static func url(_ name: String, _ piece: String) -> URL {
        if name != "template", let part = styleParts.first(where: { piece.hasSuffix("/" + $0) }) {
            return directory.appendingPathComponent("styles").appendingPathComponent(style(of: name)).appendingPathComponent(part)
        }
        return directory.appendingPathComponent(name).appendingPathComponent(piece.replacingOccurrences(of: "[", with: "_").replacingOccurrences(of: "]", with: "_"))
    }
}

@Test(arguments: Golden.cases)
func outputsMatchTheirGoldens(name: String) throws {
    var expected = Set<String>()
    for (file, bytes) in try Golden.outputs(name) {
        for (piece, text) in try Golden.pieces(file, bytes) {
            let url = Golden.url(name, piece)
            expected.insert(url.path)
            if Golden.recording {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
                continue
            }
            guard let golden = try? String(contentsOf: url, encoding: .utf8) else {
                Issue.record("\(name): \(piece) has no golden (RECORD_GOLDENS=1 records it; review before committing)")
                continue
            }
            if golden != text {
                let old = golden.split(separator: "\n", omittingEmptySubsequences: false)
                let new = text.split(separator: "\n", omittingEmptySubsequences: false)
                let line = (0..<min(old.count, new.count)).first { old[$0] != new[$0] } ?? min(old.count, new.count)
                let was = line < old.count ? String(old[line]) : "(end)", now = line < new.count ? String(new[line]) : "(end)"
                Issue.record("\(name): \(piece) differs from its golden at line \(line + 1):\n  golden: \(was)\n  now:    \(now)")
            }
        }
    }
    // A part that is no longer written is a change too (the styles' shared parts are checked
    // by theStylesSharedGoldensAreAllInUse).
    let root = Golden.directory.appendingPathComponent(name)
    let stored = (FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])?.allObjects as? [URL] ?? [])
        .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }.map(\.path)
    for path in stored where !expected.contains(path) {
        if Golden.recording { try FileManager.default.removeItem(atPath: path) } else { Issue.record("\(name): \(path) is no longer written") }
    }
    #expect(!expected.isEmpty)
}

/// The comparison itself can fail: a changed attribute, text or element order is seen, and
/// formatting whitespace between elements is not.
@Test func theGoldenComparisonSeesChangesAndIgnoresFormatting() throws {
    let a = try XMLParser.parse(Array("<w:p xmlns:w=\"urn:w\" b=\"2\" a=\"1\"><w:r><w:t>一是</w:t></w:r></w:p>".utf8))
    let spaced = try XMLParser.parse(Array("<w:p xmlns:w=\"urn:w\" a=\"1\" b=\"2\">\n  <w:r>\n    <w:t>一是</w:t>\n  </w:r>\n</w:p>".utf8))
    #expect(Golden.canonical(a) == Golden.canonical(spaced))
    let changed = try XMLParser.parse(Array("<w:p xmlns:w=\"urn:w\" a=\"1\" b=\"3\"><w:r><w:t>一是</w:t></w:r></w:p>".utf8))
    let text = try XMLParser.parse(Array("<w:p xmlns:w=\"urn:w\" a=\"1\" b=\"2\"><w:r><w:t>一要</w:t></w:r></w:p>".utf8))
    #expect(Golden.canonical(a) != Golden.canonical(changed) && Golden.canonical(a) != Golden.canonical(text))
}

/// Every golden kept per style is a preset's, and one of the parts the style alone makes.
@Test func theStylesSharedGoldensAreAllInUse() throws {
    let root = Golden.directory.appendingPathComponent("styles")
    let files = (FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])?.allObjects as? [URL] ?? [])
        .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
    #expect(files.count == StylePresets.names.count * Golden.styleParts.count, "\(files.map(\.path))")
    for file in files {
        let relative = String(file.path.dropFirst(root.path.count + 1))
        let style = String(relative.prefix { $0 != "/" })
        #expect(StylePresets.names.contains(style) && Golden.styleParts.contains(String(relative.dropFirst(style.count + 1))), "\(relative)")
    }
}
