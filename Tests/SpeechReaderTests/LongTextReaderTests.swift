import Foundation
import Testing
import SpeechModel
@testable import SpeechReader
import SystemSupport
import TestSupport

/// A page read a window at a time (`LongTextReader`), its speeches as the writers take them:
/// each speech's head, its items, its end.
struct WindowedRead: Equatable, CustomStringConvertible {
    struct Piece: Equatable {
        var head: Speech
        var items: [BodyItem]
        var closing: String?
        var truncated: Bool
    }
    var pieces: [Piece] = []
    var report: CleaningReport?

    /// The whole read's speeches in the same form.
    init(whole result: ReadResult) {
        pieces = result.speeches.map { speech in
            var head = speech
            head.body = []
            head.closing = nil
            head.truncated = false
            return Piece(head: head, items: speech.bodyItems, closing: speech.closing, truncated: speech.truncated)
        }
        report = result.report
    }

    init(_ bytes: [UInt8], windowBytes: Int, contextLines: Int = 20, source: String? = nil) throws {
        guard let reader = try LongTextReader.reader(for: bytes, source: source, options: ReadOptions(), windowBytes: windowBytes,
                                                     contextLines: contextLines, minimumLines: 0) else {
            throw WindowedReadError.notWindowed
        }
        while let head = try reader.nextSpeech() {
            var body = reader.body
            var items: [BodyItem] = []
            while let item = try body.next() { items.append(item) }
            pieces.append(Piece(head: head, items: items, closing: body.closing, truncated: body.truncated))
        }
        report = try reader.finish()
    }

    var description: String {
        pieces.map { "\($0.head.metadata.title) | \($0.head.salutation ?? "-") | \($0.items.count) items | \($0.closing ?? "-")" }.joined(separator: "\n")
    }
}

enum WindowedReadError: Error { case notWindowed }

/// The UTF-8 samples one after another: a page of three speeches.
func joinedSamples() throws -> [UInt8] {
    var text: [UInt8] = []
    for file in Repository.samples {
        let bytes = try [UInt8](Data(contentsOf: file))
        guard String(validating: bytes, as: UTF8.self) != nil else { continue }
        text += bytes + [0x0A]
    }
    return text
}

@Test func aPageReadInWindowsGivesTheSpeechesAndReportOfItsWholeRead() throws {
    let text = try joinedSamples()
    let whole = WindowedRead(whole: try PlainTextReader.read(text))
    #expect(whole.pieces.count >= 3)
    // Windows of a dozen lines to a few dozen: every cut falls inside a speech, and the heads,
    // items, closings and reports must come out as the whole read gives them.
    for window in [700, 1024, 2048] {
        let windowed = try WindowedRead(text, windowBytes: window)
        #expect(windowed.pieces == whole.pieces, "windows of \(window) bytes")
        #expect(windowed.report == whole.report, "windows of \(window) bytes")
    }
}

@Test func aPageInGB18030IsReadInWindowsAsItIsWhole() throws {
    let utf8 = try joinedSamples()
    let gb = try #require(Iconv.convert(utf8, from: "UTF-8", to: "GB18030"))
    let whole = try PlainTextReader.read(gb)
    #expect(whole.encoding == .gb18030)
    for window in [700, 1024, 2048] {
        let reader = try #require(try LongTextReader.reader(for: gb, source: nil, options: ReadOptions(), windowBytes: window,
                                                            contextLines: 20, minimumLines: 0))
        #expect(reader.encoding == .gb18030)
        let windowed = try WindowedRead(gb, windowBytes: window)
        #expect(windowed.pieces == WindowedRead(whole: whole).pieces, "windows of \(window) bytes")
        #expect(windowed.report == whole.report, "windows of \(window) bytes")
    }
    // Its marks are found in its own bytes: a cut after a sentence's end, not before a comma.
    let text = try #require(Iconv.convert(Array("一要抓好落实。\n，二要加强督查。\n三\n".utf8), from: "UTF-8", to: "GB18030"))
    let cut = text.withUnsafeBufferPointer { LongTextReader.cut(in: $0, from: 0, limit: $0.count, marks: TextMarks(.gb18030)) }
    #expect(cut.map { String(decoding: Iconv.convert(Array(text[$0...]), from: "GB18030", to: "UTF-8") ?? [], as: UTF8.self) } == "三\n")
}

@Test func aPageTooShortOrInAnEncodingWindowsCannotCutIsReadWhole() throws {
    let text = try joinedSamples()
    // One window: nothing to stream.
    #expect(try LongTextReader.reader(for: text, source: nil, options: ReadOptions(), windowBytes: text.count, minimumLines: 0) == nil)
    // Fewer lines than the minimum.
    #expect(try LongTextReader.reader(for: text, source: nil, options: ReadOptions(), windowBytes: 512) == nil)
    // UTF-16 (a line feed may be half a character), and bytes no encoding reads, in a later
    // window (the whole read refuses them).
    let utf16: [UInt8] = [0xFF, 0xFE] + String(decoding: text, as: UTF8.self).utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    #expect(try LongTextReader.reader(for: utf16, source: nil, options: ReadOptions(), windowBytes: 512, minimumLines: 0) == nil)
    #expect(try LongTextReader.reader(for: text + [0xFF, 0xFF, 0x0A], source: nil, options: ReadOptions(), windowBytes: 512, minimumLines: 0) == nil)
    // A forced encoding that disagrees with the byte order mark.
    #expect(try LongTextReader.reader(for: [0xEF, 0xBB, 0xBF] + text, source: nil, options: ReadOptions(encoding: .utf8),
                                      windowBytes: 512, minimumLines: 0) == nil)
    #expect(try LongTextReader.reader(for: text, source: nil, options: ReadOptions(encoding: .utf8BOM), windowBytes: 512, minimumLines: 0) == nil)
    #expect(try LongTextReader.reader(for: [0xEF, 0xBB, 0xBF] + text, source: nil, options: ReadOptions(), windowBytes: 512, minimumLines: 0)?.encoding == .utf8BOM)
    // A read that must explain or keep its lines is whole.
    var options = ReadOptions.keepingCleanedLines
    #expect(try LongTextReader.reader(for: text, source: nil, options: options, windowBytes: 512, minimumLines: 0) == nil)
    options = ReadOptions(explain: true)
    #expect(try LongTextReader.reader(for: text, source: nil, options: options, windowBytes: 512, minimumLines: 0) == nil)
}

@Test func windowsAreCutWhereAParagraphEnds() throws {
    func cut(_ text: String, from: Int) -> String? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            LongTextReader.cut(in: buffer, from: from, limit: buffer.count).map { String(decoding: bytes[$0...], as: UTF8.self) }
        }
    }
    // A blank line first, wherever it is in the span.
    #expect(cut("要抓好落实。\n二要压实责任。\n三要\n加强督查。\n\n四要严肃问责。\n", from: 1) == "四要严肃问责。\n")
    // Else a sentence's end on a line shorter than the one before (a wrapped paragraph's last).
    #expect(cut("一要抓好落实，全面压实各方\n责任，确保各项任务落地见\n效。\n二要加强督查。\n", from: 1) == "二要加强督查。\n")
    // Else a sentence's end, but not before a line that opens with a mark of the one before.
    #expect(cut("一要抓好落实。\n。二要加强督查。\n三\n", from: 0) == "三\n")
    // None: the first line start after the offset.
    #expect(cut("一要抓好落实\n二要加强督查\n三要\n", from: 1) == "二要加强督查\n三要\n")
}

@Test func theCorpusReadInSmallWindowsMostlyGivesItsWholeReads() throws {
    guard Repository.sharedAvailable else { return }
    let pages = Repository.shared.appendingPathComponent("corpus/pages")
    var files = Repository.seeds
    files += try FileManager.default.contentsOfDirectory(at: pages, includingPropertiesForKeys: nil).filter { $0.pathExtension == "txt" }
    var windowed = 0, same = 0, differ: [String] = []
    for file in files.sorted(by: { $0.path < $1.path }) {
        let bytes = try [UInt8](Data(contentsOf: file))
        guard let whole = try? PlainTextReader.read(bytes, source: file.path),
              let read = try? WindowedRead(bytes, windowBytes: 1024, source: file.path) else { continue }
        windowed += 1
        if read.pieces == WindowedRead(whole: whole).pieces { same += 1 } else { differ.append(file.lastPathComponent) }
    }
    print("corpus and seeds in windows of 1 KB: \(same) of \(windowed) pages read as whole; differ: \(differ.joined(separator: " "))")
    // Windows of 1 KB are a few dozen lines (a real one is a megabyte): a wrap cut at a
    // sentence's end, or a page's line widths seen a window at a time, may read otherwise.
    #expect(windowed >= 50)
    #expect(same * 10 >= windowed * 9)
}

/// What `SpeechStreamParser` gives for the lines, gathered into speeches' pieces.
private func streamParsed(_ lines: [SourceLine]) -> (pieces: [WindowedRead.Piece], report: CleaningReport, sawText: Bool) {
    var parser = SpeechStreamParser(source: nil)
    var events: [StreamEvent] = []
    for line in lines { parser.take(line) { events.append($0) } }
    parser.finish { events.append($0) }
    var pieces: [WindowedRead.Piece] = []
    for event in events {
        switch event {
        case .head(let head): pieces.append(WindowedRead.Piece(head: head, items: [], closing: nil, truncated: false))
        case .item(let item): pieces[pieces.count - 1].items.append(item)
        case .end(let closing, let truncated): (pieces[pieces.count - 1].closing, pieces[pieces.count - 1].truncated) = (closing, truncated)
        }
    }
    return (pieces, parser.report, parser.sawText)
}

@Test(arguments: 0..<8)
func theStreamedParserGivesTheWholeParsersSpeeches(seed: UInt64) {
    // Lines of every role, with texts that are headings (run-in or not, of four kinds), leads,
    // closings, salutations, gaps, the truncation marker, blanks and a repeated salutation.
    let texts = ["一、提高认识", "二、抓好落实。要压实责任。", "（一）明确目标", "1.细化措施", "（1）落实到人。",
                 "一要提高站位。要把工作做实。", "谢谢大家！", "同志们：", "各位代表：", "〔此处原文缺失约695字〕",
                 "〔此处原文缺失〕", Speech.truncationMarker, "", "我们要抓好各项工作。", "会议强调，要真抓实干。",
                 "在全县工作会议上的讲话", "2024年5月12日", "县委书记 张三", "   "]
    let roles: [UnitRole?] = [.title, .meta, .salutation, .body, .body, .body, nil]
    var generator = SplitMix64(state: seed)
    for _ in 0..<300 {
        let count = Int.random(in: 0...24, using: &generator)
        let lines = (0..<count).map { index in
            SourceLine(number: index + 1, text: texts.randomElement(using: &generator)!, role: roles.randomElement(using: &generator)!)
        }
        var whole = SpeechParser(report: CleaningReport())
        let speeches = whole.parse(lines)
        let expected = WindowedRead(whole: ReadResult(speeches: speeches, encoding: .utf8, cleanedLines: [], report: whole.report)).pieces
        let streamed = streamParsed(lines)
        #expect(streamed.pieces == expected, "\(lines.map { "\($0.role.map { "\($0)" } ?? "-"):\($0.text)" })")
        #expect(streamed.report == whole.report)
        #expect(streamed.sawText == speeches.contains(where: \.hasText))
    }
}

/// Every speech a source gives, read to its end.
private func readAll(_ speeches: some StreamedSpeeches) throws -> [WindowedRead.Piece] {
    var pieces: [WindowedRead.Piece] = []
    while let head = try speeches.nextSpeech() {
        var body = speeches.body
        var items: [BodyItem] = []
        while let item = try body.next() { items.append(item) }
        pieces.append(WindowedRead.Piece(head: head, items: items, closing: body.closing, truncated: body.truncated))
    }
    return pieces
}

@Test func cursorsOnThreadsOfTheirOwnEachReadTheWholeText() throws {
    let text = try joinedSamples()
    let whole = WindowedRead(whole: try PlainTextReader.read(text))
    // Windows of a dozen lines, so that the cursors run ahead of each other and wait; the first
    // stops after its first speech and lets go, the others read on to the end.
    let reader = try #require(try LongTextReader.reader(for: text, source: nil, options: ReadOptions(), windowBytes: 700,
                                                        contextLines: 20, minimumLines: 0))
    let fanOut = LongTextFanOut(reader, cursors: 4)
    final class Results: @unchecked Sendable {
        let lock = NSLock()
        var pieces: [Int: [WindowedRead.Piece]] = [:]
    }
    let results = Results()
    let group = DispatchGroup()
    for index in 0..<4 {
        group.enter()
        let thread = Thread {
            defer { group.leave() }
            let cursor = fanOut.cursor(index)
            var pieces: [WindowedRead.Piece] = []
            if index == 0 {
                if let head = try? cursor.nextSpeech() { pieces.append(WindowedRead.Piece(head: head, items: [], closing: nil, truncated: false)) }
            } else {
                if index == 3 { usleep(20_000) }
                pieces = (try? readAll(cursor)) ?? []
            }
            fanOut.release(index)
            results.lock.withLock { results.pieces[index] = pieces }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
    group.wait()
    for index in 1..<4 { #expect(results.pieces[index] == whole.pieces, "cursor \(index)") }
    #expect(results.pieces[0]?.first?.head == whole.pieces.first?.head)
    #expect(try fanOut.finish() == whole.report)
}
