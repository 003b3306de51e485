import DocxReader
import Foundation
import HTMLReader
import OfficePackage
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
    /// A page with no speech read with `explain`: each unit's role and evidence (all furniture).
    public var decisions: [UnitDecision] = []

    public init(path: String, cause: String, decisions: [UnitDecision] = []) {
        self.path = path
        self.cause = cause
        self.decisions = decisions
    }

    public var description: String { "\(path): \(cause)" }
}

/// The one reader table: which reader takes an input, from its bytes first and its name
/// second. `convert`, `batch`, `outline` and `clean` all ask here.
public enum InputKind: Sendable, Equatable {
    case plainText
    case markdown
    /// A Word document (a zip holding word/document.xml), whatever its name.
    case docx
    /// A Word 97–2003 or WPS file (an OLE2 compound file): converted by LibreOffice when it is
    /// installed (LegacyWord), refused with advice when not.
    case word97
    /// A saved web page (.html, .htm, or bytes that start like one).
    case html

    /// The extensions a folder's files are taken by (`convert dir/`, `batch dir/`).
    public static let extensions = ["txt", "md", "markdown", "docx", "html", "htm", "doc", "wps"]

    public static func isAccepted(_ path: String) -> Bool {
        let lower = path.lowercased()
        return extensions.contains { lower.hasSuffix("." + $0) }
    }

    /// By name only: .md and .markdown are SpeechDoc Markdown, .docx Word, the rest text.
    public init(path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") { self = .markdown }
        else if lower.hasSuffix(".docx") { self = .docx }
        else if lower.hasSuffix(".html") || lower.hasSuffix(".htm") { self = .html }
        else { self = .plainText }
    }

    /// By the bytes, then the name: a Word document named .txt (or given on standard input) is
    /// still read as one; an OLE2 file is a Word 97 or WPS file.
    public init(path: String, bytes: [UInt8]) {
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { self = .word97; return }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), Self.mentions(bytes, "word/document.xml") { self = .docx; return }
        if Self.startsLikeHTML(bytes) { self = .html; return }
        let byName = InputKind(path: path)
        self = byName == .docx ? .plainText : byName
    }

    /// `<!DOCTYPE html` or `<html` first, after a BOM and spaces, in any case.
    static func startsLikeHTML(_ bytes: [UInt8]) -> Bool {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        let head = String(decoding: bytes[start..<min(bytes.count, start + 14)], as: UTF8.self).lowercased()
        return head.hasPrefix("<!doctype html") || head.hasPrefix("<html")
    }

    /// Whether a zip's bytes hold the name (as its local and central headers do).
    static func mentions(_ bytes: [UInt8], _ name: String) -> Bool {
        bytes.firstRange(of: Array(name.utf8)) != nil
    }
}

public enum DocumentLoader {
    /// Reads and parses one file. Errors name the file and the cause.
    /// The name standard input goes by: `-` as an input reads it.
    public static let standardInput = "-"

    /// The file's bytes are handed on, not kept: a large text's bytes go as soon as it is
    /// decoded.
    public static func load(path: String, options: ReadOptions = ReadOptions()) throws -> InputDocument {
        let bytes = try read(path)
        let kind = InputKind(path: path, bytes: bytes)
        return try load(bytes: consume bytes, path: path, kind: kind, options: options)
    }

    public static func load(path: String, kind: InputKind, options: ReadOptions = ReadOptions()) throws -> InputDocument {
        try load(bytes: try read(path), path: path, kind: kind, options: options)
    }

    /// A file's bytes (regular files only, bounded before allocation: FileBytes), or all of
    /// standard input for `-` (bounded the same way).
    public static func read(_ path: String) throws -> [UInt8] {
        do {
            if path == standardInput { return try FileBytes.readStandardInput() }
            return try FileBytes.read(path)
        } catch {
            throw InputError(path: path == standardInput ? "standard input" : path, cause: String(describing: error))
        }
    }

    /// Reads a file's bytes as `kind`. The cleaned lines are kept only when `options` asks for
    /// them (`clean`): a conversion needs the speeches alone, and a large input's lines are as
    /// large as its text.
    public static func load(bytes: consuming [UInt8], path: String, kind: InputKind, options: ReadOptions = ReadOptions()) throws -> InputDocument {
        var document = try read(bytes: consume bytes, path: path, kind: kind, options: options)
        if !options.keepCleanedLines { document.cleanedLines = [] }
        return document
    }

    private static func read(bytes: consuming [UInt8], path: String, kind: InputKind, options: ReadOptions) throws -> InputDocument {
        do {
            switch kind {
            case .word97:
                // Converted by LibreOffice when it is installed, then read as Word's own.
                let converted: [UInt8]
                do {
                    converted = try LegacyWord.convert(bytes)
                } catch let failure as LegacyWord.Failure {
                    throw InputError(path: path, cause: failure.description)
                }
                var document = try load(bytes: converted, path: path, kind: .docx, options: options)
                document.encoding = "doc"
                document.report.warnings.insert(ReadWarning(kind: "word97", line: 0,
                                                            message: "a Word 97 or WPS file, converted to .docx by LibreOffice before reading"), at: 0)
                return document
            case .html:
                // The bound a Word package's parts have together: a page saved whole, pictures
                // inside, reads within it; a larger one is refused before parsing.
                guard bytes.count <= PackageReader.maximumTotalInflated else {
                    throw InputError(path: path, cause: "a web page larger than \(PackageReader.maximumTotalInflated >> 20) MB: save it as HTML only (without pictures), or copy its text")
                }
                // Decoded in the charset the page declares when its bytes are valid in it (a BOM
                // first), else as text is (UTF-8, GB18030, Big5); then parsed as HTML in UTF-8.
                let declared = TextDecoder.bomEncoding(bytes) != nil ? nil : HTMLText.declaredCharset(bytes).flatMap(TextEncoding.init(name:))
                let decoded = try (options.encoding == nil ? declared.flatMap { try? TextDecoder.decode(bytes, as: $0) } : nil)
                    ?? TextDecoder.decode(bytes, as: options.encoding)
                let lines: [FormattedLine]
                do {
                    lines = try HTMLText.extract(Array(decoded.text.utf8))
                } catch {
                    throw InputError(path: path, cause: "cannot read the page as HTML: \(error)")
                }
                return try structured(lines, encoding: decoded.encoding, path: path, options: options)
            case .docx:
                let extracted: DocxText.Result
                do {
                    extracted = try DocxText.extract(bytes, path: path)
                } catch let error as PackageError {
                    throw InputError(path: path, cause: error.message)
                }
                // The same reader as a page's: a web page pasted into Word keeps its furniture,
                // which goes, reported, as it does from text.
                return try structured(extracted.paragraphs, encoding: .utf8, encodingName: "docx", path: path,
                                      options: options, warnings: extracted.warnings.map { ReadWarning(kind: $0.kind, line: 0, message: $0.message) })
            case .markdown where !ForeignMarkdown.isSpeechDocs(bytes):
                // Markdown from pandoc, Typora or a chat assistant: its markup goes and the text
                // goes through the structure finder, as a page would.
                let decoded = try TextDecoder.decode(bytes, as: options.encoding)
                return try structured(ForeignMarkdown.paragraphs(decoded.text), encoding: decoded.encoding, path: path, options: options)
            case .markdown:
                let decoded = try TextDecoder.decode(bytes, as: options.encoding)
                let speech = try MarkdownReader.read(decoded.text, source: path)
                var report = CleaningReport()
                if speech.metadata.title.isEmpty { report.warnings.append(Self.untitled(1)) }
                return InputDocument(path: path, encoding: decoded.encoding.rawValue, speeches: [speech],
                                     cleanedLines: [], report: report)
            case .plainText:
                return document(try PlainTextReader.read(consume bytes, source: path, options: options), path: path)
            }
        } catch let error as CustomStringConvertible where !(error is InputError) {
            var decisions: [UnitDecision] = []
            if case ReadError.noSpeech(let explained)? = error as? ReadError { decisions = explained }
            throw InputError(path: path, cause: error.description, decisions: decisions)
        }
    }

    /// Paragraphs of another format (a web page's blocks, a Word document's paragraphs, foreign
    /// Markdown's lines) with what their markup says, through the same reader as a page;
    /// `warnings` of that format come first.
    private static func structured(_ paragraphs: [FormattedLine], encoding: TextEncoding, encodingName: String? = nil, path: String,
                                   options: ReadOptions, warnings: [ReadWarning] = []) throws -> InputDocument {
        let result = try PlainTextReader.read(formatted: paragraphs, encoding: encoding, source: path, options: options)
        return document(result, path: path, encodingName: encodingName, warnings: warnings)
    }

    /// A read page as a document. A speech the page gives no title at all (none of its own,
    /// none in the page's furniture) keeps an empty title, never the file's name, and the report
    /// says so.
    private static func document(_ result: ReadResult, path: String, encodingName: String? = nil,
                                 warnings: [ReadWarning] = []) -> InputDocument {
        var report = result.report
        report.warnings.insert(contentsOf: warnings, at: 0)
        for index in result.speeches.indices where result.speeches[index].metadata.title.isEmpty {
            report.warnings.append(Self.untitled(index + 1))
        }
        return InputDocument(path: path, encoding: encodingName ?? result.encoding.rawValue, speeches: result.speeches,
                             cleanedLines: result.cleanedLines, report: report)
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

/// Markdown SpeechDoc did not write: no front matter. Read for its text, with its marks as
/// evidence for the reader (FormatHint): one # is a title, ## and deeper headings, a paragraph
/// opening in **bold** a lead. Quotes and bullets lose their marks, emphasis its asterisks
/// (underscores stay: _到 may be damage to flag), links keep their text, images and rules go.
/// Numbered list items keep their numbers, which are heading labels (1. 抓龙头).
public enum ForeignMarkdown {
    /// SpeechDoc's own Markdown starts with its front matter.
    public static func isSpeechDocs(_ bytes: [UInt8]) -> Bool {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        return start.starts(with: Array("---\n".utf8)) || start.starts(with: Array("---\r\n".utf8))
    }

    public static func paragraphs(_ markdown: String) -> [FormattedLine] {
        var lines: [FormattedLine] = []
        var fenced = false
        for rawLine in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine)
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { fenced.toggle(); continue }
            if fenced { lines.append(FormattedLine(String(line))); continue }
            // Rules and setext underlines.
            if !trimmed.isEmpty, trimmed.allSatisfy({ "-*_= ".contains($0) }), trimmed.count >= 3 { lines.append(FormattedLine("")); continue }
            line = trimmed
            while line.hasPrefix(">") { line = line.dropFirst().drop { $0 == " " } }
            var hint = FormatHint()
            let hashes = line.prefix { $0 == "#" }.count
            if (1...6).contains(hashes), line.dropFirst(hashes).first == " " {
                line = line.dropFirst(hashes + 1)
                if hashes == 1 { hint.title = true } else { hint.headingLevel = UInt8(hashes) }
                // A closing run of #s after a space goes too (## 标题 ##).
                let closing = line.reversed().prefix { $0 == "#" }.count
                if closing > 0, line.dropLast(closing).last == " " { line = line.dropLast(closing) }
                while line.last == " " { line = line.dropLast() }
            }
            if let first = line.first, "-*+".contains(first), line.dropFirst().first == " " { line = line.dropFirst(2) }
            if line.hasPrefix("**"), let close = line.dropFirst(2).range(of: "**") {
                let bold = inline(String(line[line.index(line.startIndex, offsetBy: 2)..<close.lowerBound]))
                hint.boldPrefix = UInt16(min(bold.unicodeScalars.count, 1000))
            }
            let text = inline(String(line))
            if Int(hint.boldPrefix) >= text.unicodeScalars.count { hint.boldPrefix = 0 }
            lines.append(FormattedLine(text, hint: hint))
        }
        return lines
    }

    /// Emphasis marks, links, images, code spans and escapes.
    static func inline(_ text: String) -> String {
        var result = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, chars[i + 1].isASCII, chars[i + 1].isPunctuation || chars[i + 1].isSymbol {
                result.append(chars[i + 1]); i += 2; continue
            }
            if c == "!", i + 1 < chars.count, chars[i + 1] == "[", let close = chars[(i + 2)...].firstIndex(of: "]"),
               close + 1 < chars.count, chars[close + 1] == "(", let end = chars[(close + 2)...].firstIndex(of: ")") {
                i = end + 1; continue
            }
            if c == "[", let close = chars[(i + 1)...].firstIndex(of: "]"), close + 1 < chars.count, chars[close + 1] == "(",
               let end = chars[(close + 2)...].firstIndex(of: ")") {
                result += String(chars[(i + 1)..<close]); i = end + 1; continue
            }
            if c == "*" || c == "`" { i += 1; continue }
            result.append(c)
            i += 1
        }
        return result
    }
}
