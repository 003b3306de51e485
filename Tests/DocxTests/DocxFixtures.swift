import Foundation
import TestSupport
import DocxWriter
import SpeechReader
import SpeechModel
import SpeechWriting
import XMLSupport
import ZipSupport

/// Every speech of every sample, and of every seed when ../shared is there.
struct SpeechCase: CustomStringConvertible, Sendable {
    var file: URL
    var index: Int
    var speech: Speech
    var description: String { "\(file.lastPathComponent)#\(index + 1)" }

    static var all: [SpeechCase] {
        let files = Repository.samples + (Repository.sharedAvailable ? Repository.seeds : [])
        return files.flatMap { file -> [SpeechCase] in
            guard let data = try? Data(contentsOf: file), let result = try? PlainTextReader.read([UInt8](data)) else { return [] }
            return result.speeches.enumerated().map { SpeechCase(file: file, index: $0.offset, speech: $0.element) }
        }
    }
}

/// A written .docx opened for inspection, part by part as parsed XML.
struct DocxPackage {
    let bytes: [UInt8]
    let zip: ZipArchiveReader

    init(_ speech: Speech, options: WriterOptions = .default) throws {
        try self.init(bytes: DocxWriter().write(.speech(speech), options: options))
    }

    init(bytes: [UInt8]) throws {
        self.bytes = bytes
        zip = try ZipArchiveReader(bytes)
    }

    var names: [String] { zip.entries.map(\.name) }

    func part(_ name: String) throws -> XMLElement { try XMLParser.parse(zip.read(name)) }

    func raw(_ name: String) throws -> String { String(decoding: try zip.read(name), as: UTF8.self) }

    /// The style element with this id.
    func style(_ id: String) throws -> XMLElement? {
        try part("word/styles.xml").elements.first { $0.name == "w:style" && $0.attributes["w:styleId"] == id }
    }
}

extension XMLElement {
    func child(_ path: String...) -> XMLElement? {
        var current: XMLElement? = self
        for name in path { current = current?.firstChild(named: name) }
        return current
    }
}
