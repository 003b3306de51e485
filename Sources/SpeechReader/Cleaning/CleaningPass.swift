import ChineseScript
import Foundation
import SystemSupport

/// One small, named clean-up step. Passes run in order over the lines of a file; each one
/// reports what it removed, so nothing leaves the text silently.
public protocol CleaningPass: Sendable {
    /// The rule name used in reports.
    var name: String { get }
    func apply(to lines: inout [SourceLine], report: inout CleaningReport) throws
}

public struct CleaningOptions: Sendable {
    /// Keep traditional characters instead of converting them to simplified.
    public var keepScript: Bool
    /// Keep every unit's role and evidence in the report.
    public var explain: Bool
    /// What a person said units are, by unit index (ReadOptions.corrections).
    public var corrections: [Int: UnitCorrection] = [:]
    /// Units' text rewritten by a person, by unit index (ReadOptions.edits).
    public var edits: [Int: String] = [:]

    public init(keepScript: Bool = false, explain: Bool = false) {
        self.keepScript = keepScript
        self.explain = explain
    }
}

/// The ordered list of passes that turns a scraped page into clean speech text.
public struct Cleaner: Sendable {
    public var passes: [any CleaningPass]

    /// A file of this many lines or more gets its lines an array of their size when a pass
    /// leaves under half of them (`fitCapacity`), and hands the memory parsing let go back to the
    /// kernel (malloc_trim; glibc keeps freed memory inside its heap). A page of ordinary size
    /// never gets near (a long speech is a few thousand lines), so a batch pays nothing.
    static let largeLineCount = 100_000

    public init(passes: [any CleaningPass]) {
        self.passes = passes
    }

    /// Normalising passes first (they change how text is written, never drop a line for what it
    /// is), then the page is cut into units and each unit labelled; only the labeller decides
    /// what is furniture.
    public static func standard(_ options: CleaningOptions = CleaningOptions()) throws -> Cleaner {
        let lexicon = Lexicon.builtIn
        let converter = options.keepScript ? nil : try SharedConverters.traditionalToSimplified()
        var passes: [any CleaningPass] = [
            ControlCharacterPass(),
            HTMLRemnantPass(),
            WhitespacePass(),
            FixedWidthWrapPass(lexicon: lexicon, converter: converter),
            MojibakeRepairPass(),
            PinyinAnnotationPass(),
        ]
        if let converter {
            passes.append(ScriptConversionPass(converter: converter))
        }
        passes += [
            PaywallNoticePass(),
            PunctuationPass(),
            DamagedTextPass(),
            PageSegmenter(lexicon: lexicon),
            OutlineBlockPass(),
            CollectionMarkersPass(),
            TitleWrapPass(),
            PageLabeller(lexicon: lexicon, explain: options.explain,
                         corrections: options.corrections, edits: options.edits),
            HardWrapPass(),
            BlankLinePass(),
        ]
        return Cleaner(passes: passes)
    }

    /// Cleans decoded text. The result's lines are the speech's paragraphs, in order, with
    /// gap and truncation markers where text is missing.
    public func clean(_ text: String) throws -> (lines: [SourceLine], report: CleaningReport) {
        try clean(lines: Self.split(text))
    }

    /// Cleans the paragraphs of a structured input, each with what its markup said. A
    /// paragraph holding line breaks becomes a line per break; the pieces after the first keep
    /// only where the paragraph stood.
    public func clean(formatted: [FormattedLine]) throws -> (lines: [SourceLine], report: CleaningReport) {
        var lines: [SourceLine] = []
        lines.reserveCapacity(formatted.count)
        for paragraph in formatted {
            let pieces = Self.split(paragraph.text)
            if pieces.isEmpty { lines.append(SourceLine(number: lines.count + 1, text: "", hint: paragraph.hint.placeOnly)) }
            for (n, piece) in pieces.enumerated() {
                lines.append(SourceLine(number: lines.count + 1, text: piece.text, hint: n == 0 ? paragraph.hint : paragraph.hint.placeOnly))
            }
        }
        return try clean(lines: lines)
    }

    func clean(lines: consuming [SourceLine]) throws -> (lines: [SourceLine], report: CleaningReport) {
        var lines = consume lines
        var report = CleaningReport()
        for pass in passes {
            try pass.apply(to: &lines, report: &report)
            Self.fitCapacity(&lines)
        }
        // A line's text as read serves only the report of a removal; once every pass has run
        // none can be removed, so a line that was rewritten stops holding its old text too.
        for index in lines.indices { lines[index].original = lines[index].text }
        report.removed.sort { ($0.line, $0.rule) < ($1.line, $1.rule) }
        report.warnings.sort { ($0.line, $0.kind) < ($1.line, $1.kind) }
        return (lines, report)
    }

    /// A large file's lines in an array of their own size once a pass has left fewer than half
    /// of them (joined or dropped): the array keeps the capacity it had, 40 bytes a line, and a
    /// million hard-wrapped lines joined into 319,000 paragraphs held 40 MB for 13.
    static func fitCapacity(_ lines: inout [SourceLine]) {
        guard lines.capacity >= largeLineCount, lines.count * 2 < lines.capacity else { return }
        var fitted: [SourceLine] = []
        fitted.reserveCapacity(lines.count)
        fitted.append(contentsOf: lines)
        lines = fitted
    }

    /// Splits on LF, CRLF and lone CR, on the UTF-8 bytes. Each line is a copy of a slice of
    /// the text, which is valid UTF-8 cut at line ends: no decoding again.
    public static func split(_ text: String) -> [SourceLine] {
        var lines: [SourceLine] = []
        // The line feeds counted first (memchr), so that the array is made once at its size:
        // grown by doubling, a large file's line array was copied a score of times. A file
        // broken by lone CRs only grows its array as before.
        lines.reserveCapacity(text.withBytes(lineFeeds) + 1)
        appendLines(of: text, to: &lines)
        return lines
    }

    /// Text of this many bytes or more is split by `split(taking:)` a piece at a time.
    static let piecewiseSplitBytes = 8 << 20
    /// The size of those pieces (each runs on to the next line feed).
    static let splitPieceBytes = 4 << 20

    /// Splits the text as `split` does and leaves it empty. A large text is copied into pieces of
    /// a few megabytes cut after line feeds and let go before any line is made, and each piece
    /// goes once its lines are made: the text and all its lines were never held at once
    /// (a million lines of 74 bytes take 119 MB as strings and 40 MB as lines beside the text's
    /// 74 MB, the largest moment of reading such a file). The lines are the same.
    public static func split(taking text: inout String) -> [SourceLine] {
        split(taking: &text, piecewiseFrom: piecewiseSplitBytes, pieceBytes: splitPieceBytes)
    }

    /// The same with other sizes (for tests: pieces of a few bytes cut a small text many times).
    static func split(taking text: inout String, piecewiseFrom threshold: Int, pieceBytes: Int) -> [SourceLine] {
        guard text.utf8.count >= threshold else {
            let lines = split(text)
            text = ""
            return lines
        }
        let (cut, count) = Self.pieces(of: text, pieceBytes: pieceBytes)
        text = ""
        var pieces = consume cut
        var lines: [SourceLine] = []
        lines.reserveCapacity(count)
        for index in pieces.indices {
            appendLines(of: pieces[index], to: &lines)
            pieces[index] = ""
        }
        return lines
    }

    /// The text in pieces of about `pieceBytes`, each ending after a line feed (so that no line,
    /// nor a CRLF, is cut in two), and the count of its lines. Apart from `split(taking:)`, so
    /// that nothing there still holds the text when it lets it go.
    private static func pieces(of text: String, pieceBytes: Int) -> (pieces: [String], lines: Int) {
        var pieces: [String] = []
        var count = 1
        let view = text.utf8
        text.withBytes { bytes in
            count += lineFeeds(bytes)
            var start = 0
            while start < bytes.count {
                var end = min(start + max(pieceBytes, 1), bytes.count)
                end = (ByteSearch.firstIndex(of: 0x0A, in: bytes, from: end - 1, to: bytes.count)).map { $0 + 1 } ?? bytes.count
                let from = view.index(view.startIndex, offsetBy: start), to = view.index(view.startIndex, offsetBy: end)
                pieces.append(String(Substring(view[from..<to])))
                start = end
            }
        }
        return (pieces, count)
    }

    static func lineFeeds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0, from = 0
        while let found = ByteSearch.firstIndex(of: 0x0A, in: bytes, from: from, to: bytes.count) {
            count += 1
            from = found + 1
        }
        return count
    }

    /// The text's lines, numbered on from the lines already there: each a copy of a slice of
    /// the text, valid UTF-8 cut at line ends, so not validated again.
    private static func appendLines(of text: String, to lines: inout [SourceLine]) {
        let view = text.utf8
        text.withBytes { bytes in
            var start = 0, index = 0
            func flush(_ end: Int) {
                let from = view.index(view.startIndex, offsetBy: start), to = view.index(view.startIndex, offsetBy: end)
                lines.append(SourceLine(number: lines.count + 1, text: String(Substring(view[from..<to]))))
            }
            while index < bytes.count {
                // Eight bytes of Chinese text (none ASCII) at a time: no line end among them.
                index = ByteSearch.skippingNonASCII(bytes, from: index)
                guard index < bytes.count else { break }
                let byte = bytes[index]
                if byte == 0x0A || byte == 0x0D {
                    flush(index)
                    if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                    start = index + 1
                }
                index += 1
            }
            if start < bytes.count { flush(bytes.count) }
        }
    }
}

/// OpenCC handles are costly to open: one converter per process, shared, which reads OpenCC's
/// dictionaries only when a line holds a traditional character (the passes call it for no other).
enum SharedConverters {
    nonisolated(unsafe) private static var cached: ScriptConverter?
    private static let lock = NSLock()

    static func traditionalToSimplified() throws -> ScriptConverter {
        try lock.withLock {
            if let cached { return cached }
            let converter = try ScriptConverter.traditionalToSimplified(lazily: true)
            cached = converter
            return converter
        }
    }
}
