import SystemSupport
import SpeechModel

public struct ReadOptions: Sendable {
    /// Overrides encoding detection.
    public var encoding: TextEncoding?
    /// Keep traditional characters instead of converting to simplified.
    public var keepScript: Bool
    /// Keep every unit's role and evidence in the report (outline --lines).
    public var explain: Bool
    /// What a person said units are, by unit (the index of its decision in `report.decisions`):
    /// the labeller decides the rest of the page around them (the review page's corrections,
    /// `--role`). A heading, paragraph or lead is kept (its role is body).
    public var corrections: [Int: UnitCorrection] = [:]
    /// Units' text as a person rewrote it, by unit (`--edit`): read instead of the page's.
    public var edits: [Int: String] = [:]
    /// Keep the cleaned lines in the result (`clean` prints them). Without it a reader lets each
    /// speech's lines go as it is parsed, and `cleanedLines` comes back empty: a conversion
    /// needs the speeches alone.
    public var keepCleanedLines = false

    /// Options that keep the cleaned lines, for a caller that reads them.
    public static var keepingCleanedLines: ReadOptions {
        var options = ReadOptions()
        options.keepCleanedLines = true
        return options
    }

    public init(encoding: TextEncoding? = nil, keepScript: Bool = false, explain: Bool = false) {
        self.encoding = encoding
        self.keepScript = keepScript
        self.explain = explain
    }

    var cleaning: CleaningOptions {
        var options = CleaningOptions(keepScript: keepScript, explain: explain)
        options.corrections = corrections
        options.edits = edits
        return options
    }
}

/// What reading one file produced.
public struct ReadResult: Sendable {
    public var speeches: [Speech]
    public var encoding: TextEncoding
    /// Cleaned paragraphs, one per line, markers included.
    public var cleanedLines: [SourceLine]
    public var report: CleaningReport
}

public enum ReadError: Error, Equatable, CustomStringConvertible {
    case decoding(DecodingError)
    /// Every unit was furniture, or there were none. `decisions` holds each unit's role and
    /// evidence when the read was asked to explain (`ReadOptions.explain`), so that
    /// `outline --lines` shows why.
    case noSpeech(decisions: [UnitDecision] = [])

    public var description: String {
        switch self {
        case .decoding(let error): return error.description
        case .noSpeech: return "no speech text found (only page furniture or nothing at all)"
        }
    }
}

/// Reads a scraped plain-text page: decode, clean, find the structure.
public enum PlainTextReader {
    /// Memory: the bytes, handed over (`consume`), go once decoded, and the decoded text as it is
    /// cut into lines (`Cleaner.split(taking:)`), so a large input is not held three times over
    /// while it is cleaned.
    public static func read(_ bytes: consuming [UInt8], source: String? = nil, options: ReadOptions = ReadOptions()) throws -> ReadResult {
        let decoded: DecodedText
        do {
            decoded = try TextDecoder.decode(bytes, as: options.encoding)
        } catch let error as DecodingError {
            throw ReadError.decoding(error)
        }
        _ = consume bytes
        return try read(consume decoded, source: source, options: options)
    }

    public static func read(_ decoded: consuming DecodedText, source: String? = nil, options: ReadOptions = ReadOptions()) throws -> ReadResult {
        let cleaner = try Cleaner.standard(options.cleaning)
        let encoding = decoded.encoding
        var text = decoded.text
        _ = consume decoded
        let lines = Cleaner.split(taking: &text)
        let (cleaned, report) = try cleaner.clean(lines: consume lines)
        return try structure(consume cleaned, report, encoding: encoding, source: source,
                             keepCleanedLines: options.keepCleanedLines)
    }

    /// The paragraphs of a Word document, a web page or foreign Markdown, with what their markup
    /// says, through the same cleaning, labelling and structure finding as a page of text.
    public static func read(formatted: [FormattedLine], encoding: TextEncoding, source: String? = nil,
                            options: ReadOptions = ReadOptions()) throws -> ReadResult {
        let cleaner = try Cleaner.standard(options.cleaning)
        let (cleaned, report) = try cleaner.clean(formatted: formatted)
        return try structure(consume cleaned, report, encoding: encoding, source: source,
                             keepCleanedLines: options.keepCleanedLines)
    }

    /// The lines come back in the result only when `keepCleanedLines` asks for them.
    private static func structure(_ cleaned: consuming [SourceLine], _ report: consuming CleaningReport, encoding: TextEncoding,
                                  source: String?, keepCleanedLines: Bool) throws -> ReadResult {
        var lines = cleaned
        OutlineCrossCheck.warnAboutMissingItems(&report, body: lines)
        var parser = SpeechParser(report: report)
        var speeches: [Speech]
        let large = lines.count >= Cleaner.largeLineCount
        if keepCleanedLines {
            speeches = parser.parse(lines)
        } else {
            // A conversion needs only the speeches: the lines go as they are parsed.
            speeches = parser.parse(releasing: consume lines)
            lines = []
        }
        if large { MemoryTuning.returnFreedMemory() }
        guard !speeches.isEmpty, speeches.contains(where: \.hasText) else {
            throw ReadError.noSpeech(decisions: parser.report.decisions)
        }
        for index in speeches.indices { speeches[index].metadata.source = source }
        var finalReport = parser.report
        finalReport.removed.sort { ($0.line, $0.rule) < ($1.line, $1.rule) }
        finalReport.warnings.sort { ($0.line, $0.kind) < ($1.line, $1.kind) }
        return ReadResult(speeches: speeches, encoding: encoding, cleanedLines: lines, report: finalReport)
    }
}

/// Outline items (目录/提纲) the body lacks are usually a paywall cut: each becomes a warning.
enum OutlineCrossCheck {
    /// The body's key is made once, line by line (a key of the lines joined is the lines' keys
    /// joined), and each item's key is looked for in its bytes. Keys hold ASCII letters and
    /// digits and Han characters only, each a whole character, so bytes found are the item found.
    /// A compatibility ideograph (U+F900–U+FAFF, U+2F800–U+2FA1F) is one character with another
    /// form that a string search takes as the same: where either key holds one, an item the bytes
    /// miss is looked for as a string (a search through Foundation for every item took 24 % of
    /// the processor time of a batch of a seed page with an outline).
    static func warnAboutMissingItems(_ report: inout CleaningReport, body: [SourceLine]) {
        guard !report.outlineItems.isEmpty else { return }
        var search = OutlineSearch()
        search.items = report.outlineItems
        search.look(in: body)
        search.warn(&report)
    }

    static func contains(_ text: [UInt8], _ key: [UInt8], asStrings: Bool) -> Bool {
        let found = text.withUnsafeBytes { text in key.withUnsafeBytes { ByteSearch.contains(text, $0) } }
        if found || !asStrings { return found }
        return String(decoding: text, as: UTF8.self).contains(String(decoding: key, as: UTF8.self))
    }

    /// Whether UTF-8 bytes hold a compatibility ideograph: EF A4 80–EF AB BF, F0 AF A0 80–F0 AF A8 9F.
    static func holdsCompatibilityIdeograph(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index + 1 < bytes.count {
            let (lead, next) = (bytes[index], bytes[index + 1])
            if lead == 0xEF && next >= 0xA4 && next <= 0xAB { return true }
            if lead == 0xF0 && next == 0xAF && index + 2 < bytes.count && bytes[index + 2] >= 0xA0 && bytes[index + 2] <= 0xA8 { return true }
            index += 1
        }
        return false
    }
}
