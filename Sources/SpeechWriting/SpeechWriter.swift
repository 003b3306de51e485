import Foundation
@_exported import SpeechModel
@_exported import SpeechStyles

/// The output formats SpeechDoc knows by name.
public enum OutputFormat: String, Sendable, CaseIterable {
    case markdown = "md"
    case docx
    case epub
    /// The Word layout printed to PDF by LibreOffice (SpeechDoc's `PDFWriter`).
    case pdf

    public var fileExtension: String { rawValue }

    /// md, markdown, docx, epub, pdf — case-insensitive.
    public init?(name: String) {
        switch name.lowercased() {
        case "md", "markdown": self = .markdown
        case "docx": self = .docx
        case "epub": self = .epub
        case "pdf": self = .pdf
        default: return nil
        }
    }

    /// The format a path's extension names, if any.
    public init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        self.init(name: String(path[path.index(after: dot)...]))
    }
}

/// What a writer is asked to write: one speech, or a collection of them.
public enum Publication: Sendable, Equatable {
    case speech(Speech)
    case collection(SpeechCollection)

    public var speeches: [Speech] {
        switch self {
        case .speech(let speech): return [speech]
        case .collection(let collection): return collection.speeches
        }
    }
}

/// Options every writer shares, with defaults.
public struct WriterOptions: Sendable, Equatable {
    /// Seconds since 1970 to stamp into the output (`SOURCE_DATE_EPOCH`). Without it, writers
    /// stamp no time at all, so the same input always gives the same bytes.
    public var sourceDateEpoch: Int?
    /// Page set-up and the look of every role.
    public var style: StyleSheet
    /// A cover image for e-books.
    public var cover: CoverImage?
    /// An office's Word template whose styles, fonts, page set-up, headers and footers Word
    /// output takes (`--reference-docx`). Other formats ignore it.
    public var referenceDocument: ReferenceDocument?

    public init(sourceDateEpoch: Int? = nil, style: StyleSheet = StylePresets.standard, cover: CoverImage? = nil,
                referenceDocument: ReferenceDocument? = nil) {
        self.sourceDateEpoch = sourceDateEpoch
        self.style = style
        self.cover = cover
        self.referenceDocument = referenceDocument
    }

    public static let `default` = WriterOptions()
}

public enum WriterError: Error, Equatable, CustomStringConvertible {
    /// The format cannot hold what was asked (e.g. a collection in one Markdown file).
    case unsupported(format: OutputFormat, reason: String)

    public var description: String {
        switch self {
        case .unsupported(let format, let reason): return "\(format.rawValue): \(reason)"
        }
    }
}

/// Every writer has this one shape: a publication in, the bytes of one file out.
public protocol SpeechWriter: Sendable {
    var format: OutputFormat { get }
    func write(_ publication: Publication, options: WriterOptions) throws -> [UInt8]
}

/// A writer that also takes a speech whose body streams (`BodySource`), for an input too large
/// to hold as a model: the same bytes as `write(.speech(…))` of the whole speech.
public protocol StreamingSpeechWriter: SpeechWriter {
    /// Writes one speech: `head` its metadata and salutation, `body` its items. The bytes go
    /// to `output` in pieces as they are made (all at the end, for a zip).
    func write(head: Speech, body: inout some BodySource, options: WriterOptions, output: ([UInt8]) throws -> Void) throws
}

/// A writer's walk over one speech that ends, for a speech cut short, with the marker that says
/// so (〔以下原文缺失〕): the same from a model and from a stream.
public protocol SpeechContentWriter: ThrowingSpeechWalker {
    func writeTruncationMarker() throws
}

public extension SpeechContentWriter {
    func write(_ speech: Speech) throws {
        var walker = self
        try walker.walk(speech)
        if speech.truncated { try writeTruncationMarker() }
    }

    func write(head: Speech, body: inout some BodySource) throws {
        var walker = self
        try walker.walk(head: head, body: &body)
        if body.truncated { try writeTruncationMarker() }
    }
}

/// An image to put on an e-book's cover: JPEG or PNG, recognised by its bytes.
public struct CoverImage: Sendable, Equatable {
    public var bytes: [UInt8]
    public var mediaType: String
    public var fileExtension: String

    /// nil when the bytes are neither JPEG nor PNG.
    public init?(bytes: [UInt8]) {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            (mediaType, fileExtension) = ("image/jpeg", "jpg")
        } else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            (mediaType, fileExtension) = ("image/png", "png")
        } else {
            return nil
        }
        self.bytes = bytes
    }
}

/// A Word template's bytes as read from disk, and where from (for messages). The DOCX writer
/// checks and reads it; `DocxWriter.checkTemplate` does so up front with a clear error.
public struct ReferenceDocument: Sendable, Equatable {
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

/// Something a writer makes from the style alone (styles.xml, a stylesheet), made once for the
/// last style used and shared by every thread: a batch writes thousands of files in one style.
public final class StyleKeyedCache<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var key: (StyleSheet, ReferenceDocument?)?
    private var cached: Value?

    public init() {}

    /// The value for this style (and Word template, when one is given), made when either changed.
    public func value(for sheet: StyleSheet, reference: ReferenceDocument? = nil, make: () throws -> Value) rethrows -> Value {
        if let hit = lock.withLock({ key.map { $0.0 == sheet && $0.1 == reference } == true ? cached : nil }) { return hit }
        let made = try make()
        lock.withLock {
            key = (sheet, reference)
            cached = made
        }
        return made
    }
}
