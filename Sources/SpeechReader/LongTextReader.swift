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
/// Taken only for a plain text of `minimumLines` lines or more in UTF-8, GB18030 or Big5, read for a conversion
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
    /// `contextLines` are the sizes of a window and of the page's head and end read with it. A
    /// window of a megabyte held a GB18030 file of a million short lines (two bytes a character
    /// in the file, three in memory) above three times its size; one of 256 KB keeps it under.
    public static func reader(for bytes: [UInt8], source: String?, options: ReadOptions,
                              windowBytes: Int = 1 << 18, contextLines: Int = 200, minimumLines: Int = minimumLines) throws -> LongTextReader? {
        guard !options.explain, !options.keepCleanedLines, options.corrections.isEmpty, options.edits.isEmpty else { return nil }
        let lineFeeds = bytes.withUnsafeBufferPointer(Cleaner.lineFeeds)
        guard lineFeeds >= minimumLines, let (encoding, start) = Self.encoding(of: bytes, forced: options.encoding) else { return nil }
        let marks = TextMarks(encoding)
        let cuts = bytes.withUnsafeBufferPointer { Self.windows(of: $0, from: start, windowBytes: max(windowBytes, 1), marks: marks) }
        guard cuts.count >= 2, Self.isText(bytes, cuts, encoding) else { return nil }
        return try LongTextReader(bytes: bytes, cuts: cuts, encoding: encoding, marks: marks, source: source,
                                  options: options, contextLines: contextLines)
    }

    /// The encoding `TextDecoder.decode` would read the bytes in, when it is one a window can be
    /// decoded in on its own (UTF-8, GB18030, Big5: a line feed is never inside a character),
    /// and where the text starts (after a UTF-8 byte order mark); nil otherwise, or when the
    /// choice needs the text decoded whole (UTF-16 without a mark).
    static func encoding(of bytes: [UInt8], forced: TextEncoding?) -> (TextEncoding, Int)? {
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        switch forced {
        case .utf8?:
            // UTF-8 forced keeps a mark as a character: read whole, as asked.
            return bom ? nil : (.utf8, 0)
        case .utf8BOM?:
            return bom ? (.utf8BOM, 3) : nil
        case .gb18030?, .big5?:
            return (forced!, 0)
        case .utf16LE?, .utf16BE?:
            return nil
        case nil:
            if bom { return (.utf8BOM, 3) }
            if TextDecoder.bomEncoding(bytes) != nil { return nil }
            let windows = bytes.withUnsafeBufferPointer { Self.windows(of: $0, from: 0, windowBytes: 1 << 20, marks: TextMarks(.utf8)) }
            if windows.allSatisfy({ String(validating: bytes[$0], as: UTF8.self) != nil }) { return (.utf8, 0) }
            if TextDecoder.utf16WithoutBOM(bytes) != nil { return nil }
            let gb = windows.allSatisfy { TextDecoder.convert(Array(bytes[$0]), from: .gb18030) != nil }
            let big5 = windows.allSatisfy { TextDecoder.convert(Array(bytes[$0]), from: .big5) != nil }
            switch (gb, big5) {
            case (false, false): return nil
            case (true, false): return (.gb18030, 0)
            case (false, true): return (.big5, 0)
            case (true, true):
                return TextDecoder.frequentShare(bytes, .big5) > TextDecoder.frequentShare(bytes, .gb18030) ? (.big5, 0) : (.gb18030, 0)
            }
        }
    }

    private init(bytes: [UInt8], cuts: [Range<Int>], encoding: TextEncoding, marks: TextMarks, source: String?, options: ReadOptions,
                 contextLines: Int) throws {
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
            let headEnd = Self.cut(in: buffer, from: headStart, limit: first.range.upperBound, marks: marks) ?? first.range.upperBound
            let tailFrom = Self.offset(beforeLines: contextLines, in: buffer, end: last.range.upperBound, limit: last.range.lowerBound)
            let tailStart = Self.cut(in: buffer, from: tailFrom, limit: last.range.upperBound, marks: marks) ?? tailFrom
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
        // Decoded as the whole text was checked to decode (`isText`), a window at a time.
        let text = encoding == .utf8 || encoding == .utf8BOM ? String(decoding: bytes[piece.range], as: UTF8.self)
            : TextDecoder.convert(Array(bytes[piece.range]), from: encoding) ?? ""
        var lines = Cleaner.split(text)
        for index in lines.indices { lines[index].number = piece.firstLine + index }
        return lines
    }

    // MARK: Windows

    /// The windows' byte ranges, each ending after a line feed where a paragraph ends.
    static func windows(of bytes: UnsafeBufferPointer<UInt8>, from start: Int, windowBytes: Int, marks: TextMarks) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var from = start
        while from < bytes.count {
            var end = bytes.count
            if from + windowBytes < bytes.count {
                end = cut(in: bytes, from: from + windowBytes, limit: min(bytes.count, from + windowBytes + windowBytes / 2), marks: marks)
                    ?? bytes.count
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
    static func cut(in bytes: UnsafeBufferPointer<UInt8>, from offset: Int, limit: Int, marks: TextMarks = TextMarks(.utf8)) -> Int? {
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
            if marks.isBlank(bytes, start..<end) { return next }
            let length = end - start
            if marks.endsSentence(bytes, start..<end), !marks.startsWithMark(bytes, next) {
                if shorter == nil, length < previousLength { shorter = next }
                if stop == nil { stop = next }
            }
            previousLength = length
            start = next
        }
        return shorter ?? stop ?? (firstStart < bytes.count ? firstStart : nil)
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

    /// Decodes in `encoding` throughout (each window on its own: a window ends after a line
    /// feed, never inside a character), and not a binary file's share of control characters
    /// (the text is then read whole, which refuses it).
    private static func isText(_ bytes: [UInt8], _ windows: [Range<Int>], _ encoding: TextEncoding) -> Bool {
        var controls = 0, total = 0
        for window in windows {
            let text: String
            if encoding == .utf8 || encoding == .utf8BOM {
                guard let valid = String(validating: bytes[window], as: UTF8.self) else { return false }
                text = valid
            } else {
                guard let decoded = TextDecoder.convert(Array(bytes[window]), from: encoding) else { return false }
                text = decoded
            }
            let share = text.withBytes(TextDecoder.controlShare)
            (controls, total) = (controls + share.controls, total + share.total)
        }
        return total > 0 && controls * 20 <= total
    }
}

/// The marks a window's cut looks for, as bytes of the text's encoding: the stops that end a
/// sentence (。！？), the closing marks that may follow them (” ’ 」 』 ）), the marks that belong
/// to the line before when a line opens with one, and the ideographic space. A line is looked
/// at from its end: in each encoding a character is whole at a line's end, so its last bytes
/// are a mark only when the mark is there (in Big5, whose second bytes may be ASCII letters, a
/// letter after a character may rarely look like one, and the cut falls at another line's end).
struct TextMarks {
    private(set) var stops: [[UInt8]] = []
    private(set) var closers: [[UInt8]] = []
    private(set) var leading: [[UInt8]] = []
    private(set) var space: [UInt8] = []

    init(_ encoding: TextEncoding) {
        func bytes(_ text: String) -> [UInt8]? {
            encoding == .utf8 || encoding == .utf8BOM ? Array(text.utf8) : Iconv.convert(Array(text.utf8), from: "UTF-8", to: encoding.iconvName)
        }
        stops = ["。", "！", "？"].compactMap(bytes)
        closers = ["”", "’", "」", "』", "）"].compactMap(bytes)
        leading = ["。", "、", "」", "』", "，", "；", "：", "！", "？", "）", "”", "’"].compactMap(bytes)
        space = bytes("\u{3000}") ?? []
    }

    private static func hasSuffix(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ mark: [UInt8]) -> Bool {
        guard !mark.isEmpty, end - start >= mark.count else { return false }
        for index in mark.indices where bytes[end - mark.count + index] != mark[index] { return false }
        return true
    }

    /// Spaces, tabs and ideographic spaces only.
    func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        while index < range.upperBound {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            default:
                guard Self.hasSuffix(bytes, index, min(index + space.count, range.upperBound), space) else { return false }
                index += space.count
            }
        }
        return true
    }

    /// The line's last character, before spaces and closing marks, is a stop.
    func endsSentence(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var end = range.upperBound
        while end > range.lowerBound, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        while end > range.lowerBound {
            if stops.contains(where: { Self.hasSuffix(bytes, range.lowerBound, end, $0) }) { return true }
            guard let closer = closers.first(where: { Self.hasSuffix(bytes, range.lowerBound, end, $0) }) else { return false }
            end -= closer.count
        }
        return false
    }

    /// The line starting at `offset` opens with a mark that belongs to the line before.
    func startsWithMark(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Bool {
        leading.contains { mark in Self.hasSuffix(bytes, offset, min(offset + mark.count, bytes.count), mark) }
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
