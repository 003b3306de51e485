@_exported import SpeechModel
@_exported import SpeechWriting
@_exported import SpeechReader
@_exported import SpeechStyles
@_exported import SystemSupport
import DocxWriter
import EpubWriter
import MarkdownWriter

/// The one table from format names to writers.
public enum Formats {
    public static let writers: [OutputFormat: any SpeechWriter] = [
        .markdown: MarkdownWriter(),
        .docx: DocxWriter(),
        .epub: EpubWriter(),
    ]

    public static func writer(for format: OutputFormat) -> (any SpeechWriter)? {
        writers[format]
    }

    /// Reads a Word template as the DOCX writer will, throwing its one-line error if it cannot be used.
    public static func checkWordTemplate(_ reference: ReferenceDocument) throws {
        try DocxWriter.checkTemplate(reference)
    }

    /// Formats this build can write, in a stable order.
    public static var available: [OutputFormat] {
        OutputFormat.allCases.filter { writers[$0] != nil }
    }
}
