import Foundation
@_exported import DocumentCheck

/// `speechdoc check`: a Word file audited against GB/T 9704 and a style (`WordAudit`), and, when
/// asked, its pages as LibreOffice lays them out; any other input read as a speech and listed
/// for what a secretary must look at before printing.
public enum DocumentChecks {
    public struct Report: Sendable {
        public var path: String
        /// "word" for a Word file audited as a page, "text" for a speech read from any input.
        public var kind: String
        public var findings: [Finding]

        public var json: JSONValue {
            .object([
                ("file", .string(RawPath.display(path))),
                ("kind", .string(kind)),
                ("conforming", .bool(!findings.contains { $0.severity != .info })),
                ("findings", .array(findings.map { finding in
                    .object([
                        ("check", .string(finding.check)),
                        ("severity", .string(finding.severity.rawValue)),
                        ("paragraph", .optional(finding.paragraph)),
                        ("count", .int(finding.count)),
                        ("expected", .string(finding.expected)),
                        ("found", .string(finding.found)),
                        ("message", .string(finding.message)),
                    ])
                })),
            ])
        }
    }

    /// Checks one file. Throws `InputError` when it cannot be read at all.
    public static func check(_ path: String, style: StyleSheet, render: Bool = false, options: ReadOptions = ReadOptions()) throws -> Report {
        var bytes = try DocumentLoader.read(path)
        var kind = InputKind(path: path, bytes: bytes)
        // A Word 97 or WPS file is audited as the .docx LibreOffice makes of it.
        if kind == .word97 {
            do { bytes = try LegacyWord.convert(bytes) } catch { throw InputError(path: path, cause: String(describing: error)) }
            kind = .docx
        }
        if kind == .docx {
            var findings: [Finding]
            do { findings = try WordAudit.check(path: path, bytes: bytes, style: style) } catch {
                throw InputError(path: path, cause: String(describing: error).replacingOccurrences(of: "\(path): ", with: ""))
            }
            if render { findings += rendered(bytes, style: style) }
            return Report(path: path, kind: "word", findings: findings)
        }
        let document = try DocumentLoader.load(bytes: bytes, path: path, kind: InputKind(path: path, bytes: bytes), options: options)
        return Report(path: path, kind: "text", findings: text(document))
    }

    // MARK: A speech before printing

    /// What to look at before printing a speech read from any input: where it is incomplete
    /// (cut short, gaps), damaged or repaired text, outline items the body lacks, a missing title
    /// or salutation, and paragraphs that may have been broken apart.
    public static func text(_ document: InputDocument) -> [Finding] {
        var findings: [Finding] = []
        let several = document.speeches.count > 1
        for (index, speech) in document.speeches.enumerated() {
            let which = several ? "speech \(index + 1): " : ""
            var walker = BeforePrinting()
            walker.walk(speech)
            if speech.metadata.title.isEmpty, !document.report.warnings.contains(where: { $0.kind == "no-title" }) {
                findings.append(Finding(check: "no-title", severity: .error, expected: "a title", found: "none",
                                        message: which + "没有标题 no title was found"))
            }
            if speech.salutation == nil {
                findings.append(Finding(check: "no-salutation", severity: .warning, expected: "a salutation such as 同志们：", found: "none",
                                        message: which + "没有称呼 no salutation before the speech (同志们：…): check the opening"))
            }
            for gap in walker.gaps {
                let size = gap.characters.map { "about \($0) characters" } ?? "size unknown"
                findings.append(Finding(check: "gap", severity: .warning, paragraph: gap.after, expected: "the whole text", found: size,
                                        message: which + "缺文 the site cut text here (marked in the output)"))
            }
            if speech.truncated {
                findings.append(Finding(check: "truncated", severity: .error, paragraph: walker.last, expected: "the whole speech", found: "cut short at the end",
                                        message: which + "全文不完整 the page ends early: the speech is incomplete"))
            }
            for paragraph in walker.unfinished {
                findings.append(Finding(check: "paragraph-break", severity: .warning, paragraph: paragraph, expected: "a paragraph ending in 。！？ or the like",
                                        found: "no closing punctuation",
                                        message: which + "段落断开？ a paragraph ends without punctuation: it may run on into the next"))
            }
        }
        for warning in document.report.warnings {
            let (check, severity): (String, Finding.Severity) = switch warning.kind {
            case "damaged-text": ("damaged", .warning)
            case "outline-mismatch": ("outline-missing", .warning)
            case "no-title": ("no-title", .error)
            case "title-from-furniture": ("title-source", .warning)
            case "mojibake-repair": ("repaired", .info)
            default: (warning.kind, .info)
            }
            let place = warning.line > 0 ? "line \(warning.line): " : ""
            findings.append(Finding(check: check, severity: severity, expected: "", found: "", message: place + warning.message))
        }
        return findings
    }

    /// A speech's gaps (with the words before each) and its paragraphs that end mid-sentence;
    /// `Notices` tells the gaps from it too.
    struct BeforePrinting: SpeechWalker {
        var gaps: [(after: String?, characters: Int?)] = []
        var unfinished: [String] = []
        /// Whether to look for paragraphs that end mid-sentence (`check`); `convert`'s notices
        /// tell only the gaps.
        var findsUnfinished = true
        /// The last paragraph's closing words, as a finding names them. Made when asked (at a gap,
        /// for a truncated speech), not for every paragraph: `convert` walks every speech for its
        /// notices, and naming each paragraph was a third of the time of a file of short lines.
        var last: String? { lastParagraph.map { Finding.opening(String(Self.trimmed($0.plainText).suffix(16))) } }
        private var lastParagraph: Paragraph?
        private var previous: String?

        static let closers: Set<Character> = ["。", "！", "？", "；", "：", "…", "”", "’", "）", ")", "」", "』", "》", "!", "?", ".", ";", ":", "—"]
        static let whitespace = CharacterSet.whitespaces

        mutating func visitParagraph(_ paragraph: Paragraph, enclosing: [Heading]) {
            // The paragraph before this one stopped mid-sentence: the page may have broken it.
            lastParagraph = paragraph
            guard findsUnfinished else { return }
            if let previous, let end = previous.last, !Self.closers.contains(end), !previous.dropFirst(14).isEmpty {
                unfinished.append(Finding.opening(String(previous.suffix(16))))
            }
            previous = Self.trimmed(paragraph.plainText)
        }

        /// Foundation's trimming of whitespace, which bridges the whole text to UTF-16, only for a
        /// text that starts or ends with whitespace; any other is its own trimmed form.
        static func trimmed(_ text: String) -> String {
            guard let first = text.unicodeScalars.first, let end = text.unicodeScalars.last,
                  whitespace.contains(first) || whitespace.contains(end) else { return text }
            return text.trimmingCharacters(in: .whitespaces)
        }

        mutating func visitHeading(_ heading: Heading, enclosing: [Heading]) { previous = nil }

        mutating func visitGap(_ gap: Gap, enclosing: [Heading]) {
            gaps.append((last, gap.omittedCharacters))
            previous = nil
        }
    }

    // MARK: The laid-out page

    /// Lines per page and characters per line as LibreOffice lays the file out (pdftotext -bbox
    /// on its PDF): full pages must hold the grid's lines, full lines its characters.
    static func rendered(_ docx: [UInt8], style: StyleSheet) -> [Finding] {
        guard let pdftotext = ["/usr/bin/pdftotext", "/bin/pdftotext"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            return [Finding(check: "render", severity: .info, expected: "", found: "",
                            message: "not laid out: pdftotext (poppler-utils) is not installed")]
        }
        let pdf: [UInt8]
        do {
            let renderer = try PDFRenderer()
            defer { renderer.close() }
            guard let result = renderer.render([docx]).first else { return [] }
            pdf = try result.get()
        } catch {
            return [Finding(check: "render", severity: .info, expected: "", found: "", message: "not laid out: \(error)")]
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("speechdoc-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("page.pdf")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(pdf).write(to: file)
        } catch { return [] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pdftotext)
        process.arguments = ["-bbox", file.path, "-"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return [] }
        let html = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let pages = PDFPageText.pages(html)
        var findings: [Finding] = []
        let page = style.page
        // Lines of the text block: the page number's line (— N —) is not one of them.
        let bodies = pages.map { $0.filter { !$0.isPageNumber } }
        if bodies.count > 1 {
            let most = bodies.dropLast().map(\.count).max() ?? 0
            if most != page.linesPerPage {
                findings.append(Finding(check: "rendered-lines", severity: .error, expected: "\(page.linesPerPage) lines on a full page",
                                        found: "\(most) lines", message: "排版后每页行数 lines on the laid-out page"))
            }
        }
        var counts: [Int: Int] = [:]
        // Full lines: the width most wide lines share (the text block's), not the widest (a line
        // whose closing punctuation hangs past the margin is wider).
        let widest = bodies.joined().map(\.width).max() ?? 0
        var widths: [Int: Int] = [:]
        for line in bodies.joined() where line.width > widest * 0.9 { widths[Int(line.width.rounded()), default: 0] += 1 }
        let full = Double(widths.max { $0.value < $1.value }?.key ?? 0)
        for line in bodies.joined() where abs(line.width - full) <= 2 && line.allChinese {
            counts[line.characters, default: 0] += 1
        }
        if let (common, _) = counts.max(by: { $0.value < $1.value }), common != page.charactersPerLine {
            findings.append(Finding(check: "rendered-characters", severity: .error, expected: "\(page.charactersPerLine) characters on a full line",
                                    found: "\(common) characters", message: "排版后每行字数 characters on a full laid-out line"))
        }
        return findings
    }
}

/// The lines of each page of `pdftotext -bbox` output: words whose baselines lie within three
/// points of each other (mixed fonts) make one line, top to bottom. `check --render` and the
/// layout tests read PDFs with it.
public enum PDFPageText {
    public struct Line: Sendable {
        public var bottom: Double, left: Double, right: Double, text: String
        public var width: Double { right - left }
        public var characters: Int { text.unicodeScalars.filter { $0 != " " }.count }
        public var allChinese: Bool { text.unicodeScalars.allSatisfy { $0 == " " || $0.value >= 0x3000 } }
        /// "— 3 —", "3": the page number's line, not one of the text block's.
        public var isPageNumber: Bool {
            let bare = text.replacingOccurrences(of: " ", with: "")
            return bare.allSatisfy { $0.isNumber || $0 == "—" || $0 == "-" || $0 == "－" }
        }
    }

    public static func pages(_ html: String) -> [[Line]] {
        html.matches(of: /<page [^>]*>(?<body>[\s\S]*?)<\/page>/).map { page in
            var lines: [Line] = []
            for word in String(page.body).matches(of: /<word xMin="(?<x0>[\d.]+)" yMin="[\d.]+" xMax="(?<x1>[\d.]+)" yMax="(?<y1>[\d.]+)">(?<text>[^<]*)<\/word>/) {
                let bottom = (Double(word.y1) ?? 0).rounded(), x0 = Double(word.x0) ?? 0, x1 = Double(word.x1) ?? 0
                if let index = lines.firstIndex(where: { abs($0.bottom - bottom) <= 3 }) {
                    lines[index].left = min(lines[index].left, x0)
                    lines[index].right = max(lines[index].right, x1)
                    lines[index].text += " " + word.text
                } else {
                    lines.append(Line(bottom: bottom, left: x0, right: x1, text: String(word.text)))
                }
            }
            return lines.sorted { $0.bottom < $1.bottom }
        }
    }
}
