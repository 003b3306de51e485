import Foundation
import SpeechModel
import SystemSupport

/// Reads a long page of text a window at a time, for a file too large to hold as lines and a
/// model (a million short lines take 104 bytes a line as lines and 88 as the model, against 28
/// in the file): its speeches come out as streams (`nextSpeech`, `body`) that a writer takes as
/// they come, and only a window's lines and the file's bytes are held at once.
///
/// Each window goes through the whole cleaning of a page with the page's real head (its first
/// lines, where the title, the salutation and the site's header are) above it and the page's
/// real end below, so the window's lines are read as the middle of that page, as the page read
/// whole reads them; only the window's own lines are kept. Windows are cut where a paragraph
/// ends: after a blank line, else after a line that ends a sentence and is shorter than the one
/// before it, else after a line that ends a sentence, looked for in the half window after each
/// nominal cut.
///
/// Taken only for a plain text in UTF-8 of `minimumLines` lines or more, read for a conversion
/// (no explanations, corrections, edits or cleaned lines asked for): `reader(for:)` gives nil
/// otherwise, and the page is read whole.
public final class LongTextReader: StreamedSpeeches {
    /// A text of fewer line feeds is read whole.
    public static let minimumLines = Cleaner.largeLineCount

    public let encoding: TextEncoding

    private let bytes: [UInt8]
    private let cleaner: Cleaner
    /// Where each window starts and the next begins (byte offsets), and the number of its first line.
    private let windows: [(range: Range<Int>, firstLine: Int)]
    private let head: (range: Range<Int>, firstLine: Int)
    private let tail: (range: Range<Int>, firstLine: Int)
    private var nextWindow = 0
    private var parser: SpeechStreamParser
    private var parsedAll = false
    private var report = CleaningReport()
    private var outline = OutlineSearch()

    /// The reader for a long text, or nil when the text is to be read whole. `windowBytes` and
    /// `contextLines` are the sizes of a window and of the page's head and end read with it.
    public static func reader(for bytes: [UInt8], source: String?, options: ReadOptions,
                              windowBytes: Int = 1 << 20, contextLines: Int = 200, minimumLines: Int = minimumLines) throws -> LongTextReader? {
        guard !options.explain, !options.keepCleanedLines, options.corrections.isEmpty, options.edits.isEmpty,
              options.encoding == nil || options.encoding == .utf8 || options.encoding == .utf8BOM else { return nil }
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        // A forced encoding that says otherwise than the mark: the page is read whole, as asked
        // (UTF-8 forced keeps a mark as a character; UTF-8 with a mark forced, on a text without
        // one, is decoded as it is).
        if (options.encoding == .utf8BOM && start == 0) || (options.encoding == .utf8 && start == 3) { return nil }
        let lineFeeds = bytes.withUnsafeBufferPointer { Self.count(0x0A, in: $0, start..<$0.count) }
        guard lineFeeds >= minimumLines else { return nil }
        let cuts = bytes.withUnsafeBufferPointer { Self.windows(of: $0, from: start, windowBytes: max(windowBytes, 1)) }
        guard cuts.count >= 2, Self.isText(bytes, cuts) else { return nil }
        return try LongTextReader(bytes: bytes, cuts: cuts, encoding: start == 3 ? .utf8BOM : .utf8, source: source,
                                  options: options, contextLines: contextLines)
    }

    private init(bytes: [UInt8], cuts: [Range<Int>], encoding: TextEncoding, source: String?, options: ReadOptions, contextLines: Int) throws {
        self.bytes = bytes
        self.encoding = encoding
        cleaner = try Cleaner.standard(options.cleaning)
        parser = SpeechStreamParser(source: source)
        var numbered: [(range: Range<Int>, firstLine: Int)] = []
        var line = 1
        bytes.withUnsafeBufferPointer { buffer in
            for cut in cuts {
                numbered.append((cut, line))
                line += Self.lineBreaks(in: buffer, cut)
            }
        }
        windows = numbered
        let (first, last) = (numbered[0], numbered[numbered.count - 1])
        (head, tail) = bytes.withUnsafeBufferPointer { buffer in
            // The head: the first lines up to where a paragraph ends after `contextLines` of
            // them, within the first window. The end: from where a paragraph ends after the line
            // `contextLines` before the last, within the last window.
            let headStart = Self.offset(afterLines: contextLines, in: buffer, from: first.range.lowerBound, limit: first.range.upperBound)
            let headEnd = Self.cut(in: buffer, from: headStart, limit: first.range.upperBound) ?? first.range.upperBound
            let tailFrom = Self.offset(beforeLines: contextLines, in: buffer, end: last.range.upperBound, limit: last.range.lowerBound)
            let tailStart = Self.cut(in: buffer, from: tailFrom, limit: last.range.upperBound) ?? tailFrom
            let tailLine = last.firstLine + Self.lineBreaks(in: buffer, last.range.lowerBound..<tailStart)
            return ((first.range.lowerBound..<headEnd, first.firstLine), (tailStart..<last.range.upperBound, tailLine))
        }
    }

    // MARK: Reading

    /// What has been read and not yet taken: the events of the last window read.
    private var cursor = EventCursor()

    /// The next speech's head (metadata and salutation; its body is read with `body`), or nil
    /// when the text has no more. The rest of a body not read is passed over.
    public func nextSpeech() throws -> Speech? {
        try cursor.nextSpeech { try nextWindowEvents() }
    }

    /// The body of the speech `nextSpeech` gave, as it is read.
    public var body: Body { Body(reader: self) }

    public struct Body: BodySource {
        fileprivate let reader: LongTextReader

        public mutating func next() throws -> BodyItem? { try reader.cursor.nextItem { try reader.nextWindowEvents() } }
        public var closing: String? { reader.cursor.ended?.closing }
        public var truncated: Bool { reader.cursor.ended?.truncated ?? false }
    }

    /// The speeches read, once every speech has been: what was removed and what a person
    /// should look at, over the whole text. Throws `ReadError.noSpeech` when the text held no
    /// speech text.
    public func finish() throws -> CleaningReport {
        while try nextWindowEvents() != nil {}
        guard parser.speeches > 0, parser.sawText else { throw ReadError.noSpeech() }
        var final = report
        final.outlineItems = outline.items
        outline.warn(&final)
        final.removed += parser.report.removed
        final.warnings += parser.report.warnings
        final.removed.sort { ($0.line, $0.rule) < ($1.line, $1.rule) }
        final.warnings.sort { ($0.line, $0.kind) < ($1.line, $1.kind) }
        return final
    }

    /// Speeches whose heads have been given so far.
    public var speeches: Int { parser.speeches }

    /// The events of the next window read (the last speech's end after the last window), or nil
    /// once the text has been read.
    fileprivate func nextWindowEvents() throws -> [StreamEvent]? {
        var events: [StreamEvent] = []
        while events.isEmpty {
            if nextWindow < windows.count {
                try read(window: nextWindow) { events.append($0) }
                nextWindow += 1
            } else if !parsedAll {
                parsedAll = true
                parser.finish { events.append($0) }
            } else {
                return nil
            }
        }
        return events
    }

    /// Cleans a window with the page's head above it and its end below, and parses the window's
    /// own lines.
    private func read(window index: Int, _ emit: (StreamEvent) -> Void) throws {
        let window = windows[index]
        let last = index == windows.count - 1
        var lines: [SourceLine] = []
        if index > 0 {
            lines += sourceLines(head)
            lines.append(SourceLine(number: 0, text: ""))
        }
        let own = sourceLines(window)
        let ownLines = (own.first?.number ?? window.firstLine)...(own.last?.number ?? window.firstLine)
        lines += own
        if !last {
            lines.append(SourceLine(number: 0, text: ""))
            lines += sourceLines(tail)
        }
        let (cleaned, windowReport) = try cleaner.clean(lines: consume lines)
        if index == 0 { outline.items = windowReport.outlineItems }
        func isOwn(_ line: Int) -> Bool { ownLines.contains(line) || (index == 0 && line <= 0) }
        report.removed += windowReport.removed.filter { isOwn($0.line) }
        report.warnings += windowReport.warnings.filter { isOwn($0.line) }
        var kept: [SourceLine] = []
        for line in cleaned where ownLines.contains(line.number) { kept.append(line) }
        outline.look(in: kept)
        for line in kept { parser.take(line, emit) }
    }

    private func sourceLines(_ piece: (range: Range<Int>, firstLine: Int)) -> [SourceLine] {
        let text = String(decoding: bytes[piece.range], as: UTF8.self)
        var lines = Cleaner.split(text)
        for index in lines.indices { lines[index].number = piece.firstLine + index }
        return lines
    }

    // MARK: Windows

    /// The windows' byte ranges, each ending after a line feed where a paragraph ends.
    static func windows(of bytes: UnsafeBufferPointer<UInt8>, from start: Int, windowBytes: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var from = start
        while from < bytes.count {
            var end = bytes.count
            if from + windowBytes < bytes.count {
                end = cut(in: bytes, from: from + windowBytes, limit: min(bytes.count, from + windowBytes + windowBytes / 2)) ?? bytes.count
            }
            ranges.append(from..<end)
            from = end
        }
        return ranges
    }

    /// Where to cut at or after `offset` and before `limit`: the start of a line after a
    /// paragraph's end (a blank line; else a line that ends a sentence and is shorter than the
    /// one before; else one that ends a sentence, with no mark starting the next), or the first
    /// line start when none is; nil when no line starts there.
    static func cut(in bytes: UnsafeBufferPointer<UInt8>, from offset: Int, limit: Int) -> Int? {
        guard offset < bytes.count else { return nil }
        // The line the offset falls in ends first: lines start after a line feed.
        guard var start = offset == 0 ? 0 : ByteSearch.firstIndex(of: 0x0A, in: bytes, from: offset - 1, to: bytes.count).map({ $0 + 1 }),
              start < bytes.count else { return nil }
        let firstStart = start
        var shorter: Int?, stop: Int?
        // The line before the first is not looked at: the first is never the shorter.
        var previousLength = 0
        while start < limit {
            guard let feed = ByteSearch.firstIndex(of: 0x0A, in: bytes, from: start, to: bytes.count), feed + 1 < bytes.count else { break }
            var end = feed
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            let next = feed + 1
            if isBlank(bytes, start..<end) { return next }
            let length = end - start
            if endsSentence(bytes, start..<end), !startsWithMark(bytes, next) {
                if shorter == nil, length < previousLength { shorter = next }
                if stop == nil { stop = next }
            }
            previousLength = length
            start = next
        }
        return shorter ?? stop ?? (firstStart < bytes.count ? firstStart : nil)
    }

    private static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        while index < range.upperBound {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0xE3 where index + 2 < range.upperBound && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80: index += 3
            default: return false
            }
        }
        return true
    }

    /// The line's last character, before spaces and closing quotes or brackets, is 。！or ？.
    private static func endsSentence(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var end = range.upperBound
        while end > range.lowerBound, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        while end - range.lowerBound >= 3 {
            switch (bytes[end - 3], bytes[end - 2], bytes[end - 1]) {
            case (0xE3, 0x80, 0x82), (0xEF, 0xBC, 0x81), (0xEF, 0xBC, 0x9F): return true
            // ” ’ 」 』 ）: a stop may stand before them.
            case (0xE2, 0x80, 0x9D), (0xE2, 0x80, 0x99), (0xE3, 0x80, 0x8D), (0xE3, 0x80, 0x8F), (0xEF, 0xBC, 0x89): end -= 3
            default: return false
            }
        }
        return false
    }

    /// The line starting at `offset` opens with a mark that belongs to the line before (。，、；：！？”」）).
    private static func startsWithMark(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Bool {
        guard offset + 2 < bytes.count else { return false }
        switch (bytes[offset], bytes[offset + 1], bytes[offset + 2]) {
        case (0xE3, 0x80, 0x82), (0xE3, 0x80, 0x81), (0xE3, 0x80, 0x8D), (0xE3, 0x80, 0x8F),
             (0xEF, 0xBC, 0x8C), (0xEF, 0xBC, 0x9B), (0xEF, 0xBC, 0x9A), (0xEF, 0xBC, 0x81), (0xEF, 0xBC, 0x9F), (0xEF, 0xBC, 0x89),
             (0xE2, 0x80, 0x9D), (0xE2, 0x80, 0x99):
            return true
        default:
            return false
        }
    }

    /// The offset after `count` line feeds from `from`, at most `limit`.
    private static func offset(afterLines count: Int, in bytes: UnsafeBufferPointer<UInt8>, from: Int, limit: Int) -> Int {
        var offset = from
        for _ in 0..<count {
            guard let feed = ByteSearch.firstIndex(of: 0x0A, in: bytes, from: offset, to: limit) else { return limit }
            offset = feed + 1
        }
        return offset
    }

    /// The offset `count` lines before `end`, at least `limit`.
    private static func offset(beforeLines count: Int, in bytes: UnsafeBufferPointer<UInt8>, end: Int, limit: Int) -> Int {
        var offset = end
        var feeds = 0
        while offset > limit {
            offset -= 1
            if bytes[offset] == 0x0A, offset + 1 < end {
                feeds += 1
                if feeds > count { return offset + 1 }
            }
        }
        return limit
    }

    private static func count(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var count = 0, from = range.lowerBound
        while let found = ByteSearch.firstIndex(of: byte, in: bytes, from: from, to: range.upperBound) {
            count += 1
            from = found + 1
        }
        return count
    }

    /// Line breaks as `Cleaner.split` counts them: LF, CRLF, and a CR alone.
    private static func lineBreaks(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var breaks = 0
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == 0x0A {
                breaks += 1
            } else if byte == 0x0D {
                breaks += 1
                if index + 1 < range.upperBound, bytes[index + 1] == 0x0A { index += 1 }
            }
            index += 1
        }
        return breaks
    }

    /// Valid UTF-8 throughout (each window on its own: a window ends after a line feed, never
    /// inside a character), and not a binary file's share of control characters (the text is
    /// then read whole, which refuses it).
    private static func isText(_ bytes: [UInt8], _ windows: [Range<Int>]) -> Bool {
        var controls = 0, total = 0
        for window in windows {
            guard String(validating: bytes[window], as: UTF8.self) != nil else { return false }
            for byte in bytes[window] {
                if byte & 0xC0 != 0x80 { total += 1 }
                if byte < 0x20 && byte != 0x0A && byte != 0x0D && byte != 0x09 && byte != 0x0C { controls += 1 }
            }
        }
        return total > 0 && controls * 20 <= total
    }
}

/// Speeches read as they come: each speech's head, then its body.
public protocol StreamedSpeeches: AnyObject {
    associatedtype Body: BodySource
    /// The next speech's head, or nil when there are no more (a body not read is passed over).
    func nextSpeech() throws -> Speech?
    /// The body of the speech `nextSpeech` gave.
    var body: Body { get }
}

/// A reader's place in the events of a streamed read, taken a window's events at a time from
/// `more` (nil: no more).
struct EventCursor {
    private var events: [StreamEvent] = []
    private var next = 0
    private var inBody = false
    /// The current speech's end, once its body has been read.
    private(set) var ended: (closing: String?, truncated: Bool)?

    private mutating func pull(_ more: () throws -> [StreamEvent]?) throws -> StreamEvent? {
        while next == events.count {
            // The window read goes before the next is read: two are never held.
            (events, next) = ([], 0)
            guard let window = try more() else { return nil }
            events = window
        }
        defer { next += 1 }
        return events[next]
    }

    mutating func nextSpeech(_ more: () throws -> [StreamEvent]?) throws -> Speech? {
        while let event = try pull(more) {
            switch event {
            case .head(let head):
                inBody = true
                ended = nil
                return head
            case .item: continue
            case .end(let closing, let truncated): ended = (closing, truncated)
            }
        }
        return nil
    }

    mutating func nextItem(_ more: () throws -> [StreamEvent]?) throws -> BodyItem? {
        guard inBody else { return nil }
        while let event = try pull(more) {
            switch event {
            case .item(let item): return item
            case .end(let closing, let truncated):
                ended = (closing, truncated)
                inBody = false
                return nil
            case .head: preconditionFailure("a speech's head before the end of the one before")
            }
        }
        return nil
    }
}

/// One long text read once for several writers at once, each on a thread of its own (a
/// batch's formats): each writer reads through its own cursor, a window's events are read
/// when the first cursor needs them and let go when the last has passed them, and no cursor
/// runs more than `ahead` windows before the slowest. A cursor whose writer stops (done or
/// failed) is let go (`release`), so that it holds no one back.
public final class LongTextFanOut: @unchecked Sendable {
    private let reader: LongTextReader
    private let condition = NSCondition()
    /// Windows' events read and not yet passed by every cursor; the first is window `first`.
    private var windows: [[StreamEvent]] = []
    private var first = 0
    private var ended = false
    private var failure: Error?
    private var reading = false
    /// The window each cursor reads; Int.max once it is let go.
    private var positions: [Int]
    static let ahead = 4

    public init(_ reader: LongTextReader, cursors: Int) {
        self.reader = reader
        positions = Array(repeating: 0, count: cursors)
    }

    public func cursor(_ index: Int) -> Cursor { Cursor(fanOut: self, index: index) }

    /// The cursor lets go: it reads no more.
    public func release(_ index: Int) {
        condition.lock()
        positions[index] = .max
        letGo()
        condition.broadcast()
        condition.unlock()
    }

    /// Once every cursor has let go: the report of the whole text (`LongTextReader.finish`).
    public func finish() throws -> CleaningReport {
        try reader.finish()
    }

    /// The events of window `window` for cursor `index`, nil past the last.
    fileprivate func events(_ window: Int, for index: Int) throws -> [StreamEvent]? {
        condition.lock()
        defer { condition.unlock() }
        positions[index] = window
        letGo()
        condition.broadcast()
        while true {
            if let failure { throw failure }
            if window < first + windows.count { return windows[window - first] }
            if ended { return nil }
            if !reading, window - (positions.min() ?? window) < Self.ahead {
                reading = true
                condition.unlock()
                let read = Result { try reader.nextWindowEvents() }
                condition.lock()
                reading = false
                switch read {
                case .success(let events?): windows.append(events)
                case .success(nil): ended = true
                case .failure(let error): failure = error
                }
                condition.broadcast()
            } else {
                condition.wait()
            }
        }
    }

    /// Windows every cursor has passed go.
    private func letGo() {
        let slowest = positions.min() ?? .max
        let passed = min(max(slowest - first, 0), windows.count)
        if passed > 0 {
            windows.removeFirst(passed)
            first += passed
        }
    }

    public final class Cursor: StreamedSpeeches {
        fileprivate let fanOut: LongTextFanOut
        fileprivate let index: Int
        fileprivate var cursor = EventCursor()
        /// The window whose events the cursor reads next.
        fileprivate var window = 0

        fileprivate init(fanOut: LongTextFanOut, index: Int) {
            self.fanOut = fanOut
            self.index = index
        }

        fileprivate func more() throws -> [StreamEvent]? {
            let events = try fanOut.events(window, for: index)
            if events != nil { window += 1 }
            return events
        }

        public func nextSpeech() throws -> Speech? { try cursor.nextSpeech(more) }

        public var body: Body { Body(cursor: self) }

        public struct Body: BodySource {
            fileprivate let cursor: Cursor

            public mutating func next() throws -> BodyItem? { try cursor.cursor.nextItem(cursor.more) }
            public var closing: String? { cursor.cursor.ended?.closing }
            public var truncated: Bool { cursor.cursor.ended?.truncated ?? false }
        }
    }
}

/// The outline items (目录/提纲) found above the speech, looked for in the body window by window
/// (`OutlineCrossCheck` looks in the whole body at once): an item the body never holds is a
/// warning. The key of a window's end is kept for the next, so an item across two is found.
struct OutlineSearch {
    var items: [SourceLine] = [] {
        didSet { missing = Array(items.indices) }
    }
    private var missing: [Int] = []
    private var carried: [UInt8] = []

    mutating func look(in lines: [SourceLine]) {
        guard !missing.isEmpty else { return }
        var text = carried
        for line in lines { text += line.text.comparableKeyBytes }
        let variants = OutlineCrossCheck.holdsCompatibilityIdeograph(text)
        missing.removeAll { index in
            let key = items[index].text.comparableKeyBytes
            return key.isEmpty || OutlineCrossCheck.contains(text, key, asStrings: variants || OutlineCrossCheck.holdsCompatibilityIdeograph(key))
        }
        carried = Array(text.suffix(1024))
    }

    func warn(_ report: inout CleaningReport) {
        for index in missing {
            let item = items[index]
            report.warn("outline-mismatch", item.number, "outline item “\(item.text)” is not in the body: the text may have been cut")
        }
    }
}
