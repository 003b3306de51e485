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
        .pdf: PDFWriter(),
    ]

    public static func writer(for format: OutputFormat) -> (any SpeechWriter)? {
        writers[format]
    }

    /// Reads a Word template as the DOCX writer will, throwing its one-line error if it cannot be used.
    public static func checkWordTemplate(_ reference: ReferenceDocument) throws {
        try DocxWriter.checkTemplate(reference)
    }

    /// Formats this machine can write, in a stable order: PDF only when LibreOffice is installed.
    public static var available: [OutputFormat] {
        OutputFormat.allCases.filter { writers[$0] != nil && ($0 != .pdf || LibreOffice.program != nil) }
    }

    /// Why a format cannot be written here (PDF without LibreOffice), or nil.
    public static func unavailable(_ format: OutputFormat) -> String? {
        format == .pdf && LibreOffice.program == nil ? PDFRenderer.notInstalled : nil
    }
}
