import Foundation
import SpeechModel
import SpeechReader

/// One input file read into speeches, with what reading it found.
public struct InputDocument: Sendable {
    public var path: String
    /// Reported encoding name ("utf-8", "gb18030", …).
    public var encoding: String
    public var speeches: [Speech]
    /// Cleaned paragraphs (plain-text inputs only).
    public var cleanedLines: [SourceLine]
    public var report: CleaningReport
}

/// A failure tied to one input: printed as "speechdoc: PATH: CAUSE".
public struct InputError: Error, CustomStringConvertible {
    public var path: String
    public var cause: String

    public init(path: String, cause: String) {
        self.path = path
        self.cause = cause
    }

    public var description: String { "\(path): \(cause)" }
}

public enum InputKind: Sendable {
    case plainText
    case markdown

    /// .md and .markdown files are read as SpeechDoc Markdown; everything else as scraped text.
    public init(path: String) {
        let lower = path.lowercased()
        self = lower.hasSuffix(".md") || lower.hasSuffix(".markdown") ? .markdown : .plainText
    }
}

public enum DocumentLoader {
    /// Reads and parses one file. Errors name the file and the cause.
    public static func load(path: String, options: ReadOptions = ReadOptions()) throws -> InputDocument {
        try load(path: path, kind: InputKind(path: path), options: options)
    }

    public static func load(path: String, kind: InputKind, options: ReadOptions = ReadOptions()) throws -> InputDocument {
        // Regular files only, bounded before allocation (FileBytes).
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path)
        } catch {
            throw InputError(path: path, cause: String(describing: error))
        }
        return try load(bytes: bytes, path: path, kind: kind, options: options)
    }

    public static func load(bytes: [UInt8], path: String, kind: InputKind, options: ReadOptions = ReadOptions()) throws -> InputDocument {
        do {
            switch kind {
            case .markdown:
                let decoded = try TextDecoder.decode(bytes, as: options.encoding)
                let speech = try MarkdownReader.read(decoded.text, source: path)
                var report = CleaningReport()
                if speech.metadata.title.isEmpty { report.warnings.append(Self.untitled(1)) }
                return InputDocument(path: path, encoding: decoded.encoding.rawValue, speeches: [speech],
                                     cleanedLines: [], report: report)
            case .plainText:
                let result = try PlainTextReader.read(bytes, source: path, options: options)
                let speeches = result.speeches
                var report = result.report
                // A speech the page gives no title at all (none of its own, none in the page's
                // furniture) keeps an empty title, never the file's name, and the report says so.
                for index in speeches.indices where speeches[index].metadata.title.isEmpty {
                    report.warnings.append(Self.untitled(index + 1))
                }
                return InputDocument(path: path, encoding: result.encoding.rawValue, speeches: speeches,
                                     cleanedLines: result.cleanedLines, report: report)
            }
        } catch let error as CustomStringConvertible where !(error is InputError) {
            throw InputError(path: path, cause: error.description)
        }
    }

    static func untitled(_ number: Int) -> ReadWarning {
        ReadWarning(kind: "no-title", line: 0,
                    message: "speech \(number) has no title on the page: its title is left empty (--title gives one)")
    }

    /// "dir/name.txt" → "name".
    public static func fileStem(_ path: String) -> String {
        let name = (path as NSString).lastPathComponent
        let stem = (name as NSString).deletingPathExtension
        return stem.isEmpty ? name : stem
    }
}
