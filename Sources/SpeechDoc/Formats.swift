@_exported import SpeechModel
@_exported import SpeechWriting
@_exported import SpeechReader
@_exported import SpeechStyles
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

    /// Formats this build can write, in a stable order.
    public static var available: [OutputFormat] {
        OutputFormat.allCases.filter { writers[$0] != nil }
    }
}
