import Foundation
import Testing
import TestSupport
@testable import SpeechReader

/// The samples written in UTF-8 (the GB18030 one is read the same way once decoded).
private var utf8Samples: [URL] {
    Repository.samples.filter { (try? String(contentsOf: $0, encoding: .utf8)) != nil }
}

/// A speech cut at a fixed width (a PDF's text copied out, an editor's fill, a script) reads
/// as the speech did before it was cut: the same title, salutation, headings, leads and
/// paragraphs. Before the reader joined such lines ahead of labelling, each of these read
/// differently (a wrapped title lost its end, a heading's wrapped label stood alone).
@Test(arguments: [FixedWidthWrap.characters(28), .characters(36), .columns(70)])
func aSpeechCutAtAFixedWidthReadsAsItWasWritten(wrap: FixedWidthWrap) throws {
    #expect(utf8Samples.count >= 3)
    for sample in utf8Samples {
        let text = try String(contentsOf: sample, encoding: .utf8)
        let wrapped = wrap.apply(text)
        #expect(wrapped.split(separator: "\n").count >= text.split(separator: "\n").count + 5, "\(sample.lastPathComponent) was hardly cut")
        let asWritten = try PlainTextReader.read(Array(text.utf8))
        let asCut = try PlainTextReader.read(Array(wrapped.utf8))
        #expect(asCut.speeches == asWritten.speeches, "\(sample.lastPathComponent) cut at \(wrap)")
    }
}

/// A speech copied out of a PDF set in a proportional font, each glyph its own width (a comma a
/// quarter of a Han character, a digit a half), reads with the same title, salutation, headings,
/// leads and closing as the speech before it was cut, and not a character more or less. Its
/// paragraphs may part where a line ended with a full stop at the width: nothing on such a page
/// tells that end from a paragraph's. Before the reader allowed for narrow glyphs, a line holding
/// commas or digits was no full line, and a wrapped title, salutation or heading came apart.
@Test(arguments: [22, 25, 27, 29, 31, 33])
func aSpeechCopiedOutOfAProportionalPDFReadsAsItWasWritten(ems: Int) throws {
    #expect(utf8Samples.count >= 3)
    for sample in utf8Samples {
        let text = try String(contentsOf: sample, encoding: .utf8)
        let wrapped = FixedWidthWrap.proportional(ems: ems).apply(text)
        #expect(wrapped.split(separator: "\n").count >= text.split(separator: "\n").count + 5, "\(sample.lastPathComponent) was hardly cut")
        let asWritten = try PlainTextReader.read(Array(text.utf8)).speeches
        let asCut = try PlainTextReader.read(Array(wrapped.utf8)).speeches
        let name = "\(sample.lastPathComponent) at \(ems) ems"
        try #require(asCut.count == asWritten.count, "\(name)")
        for (cut, written) in zip(asCut, asWritten) {
            #expect(cut.metadata == written.metadata, "\(name)")
            #expect(cut.salutation == written.salutation, "\(name)")
            #expect(cut.closing == written.closing, "\(name)")
            #expect(cut.outline == written.outline, "\(name)")
            #expect(cut.statistics.characters == written.statistics.characters, "\(name)")
        }
    }
}

/// Pages nobody cut are left to the other passes: no width holds enough of their lines.
@Test func aPageNobodyCutHasNoWidth() throws {
    let pages = Repository.samples + (Repository.sharedAvailable ? Repository.seeds : [])
    for page in pages {
        let lines = try Cleaner.split(TextDecoder.decode([UInt8](Data(contentsOf: page))).text)
        #expect(FixedWidthWrapPass.measure(lines) == nil, "\(page.lastPathComponent)")
    }
}

private func joined(_ lines: [SourceLine]) throws -> [String] {
    var lines = lines
    var report = CleaningReport()
    try FixedWidthWrapPass(lexicon: .builtIn, converter: nil).apply(to: &lines, report: &report)
    #expect(report.removed.isEmpty)
    return lines.map(\.text)
}

private func joined(_ texts: [String]) throws -> [String] {
    try joined(texts.enumerated().map { SourceLine(number: $0.offset + 1, text: $0.element) })
}

/// Eight lines of eighteen characters and a last piece: a paragraph cut into them.
private let paragraph = (0..<8).map { "第\($0)行是一段被切开的很长很长的句子的" } + ["最后一截。"]

@Test func fullLinesAreJoinedAndTheRestLeftAlone() throws {
    #expect(paragraph.dropLast().allSatisfy { FixedWidthWrapPass.size($0).characters == 18 })
    #expect(try joined(paragraph) == [paragraph.joined()])
    // A full line that ends a sentence ends its paragraph; one before a heading or a salutation too.
    let stops = ["第一行是一段到这里就结束了的长句子。"] + paragraph.dropFirst() + ["二、下一个标题", "同志们："]
    #expect(FixedWidthWrapPass.size(stops[0]).characters == 18)
    #expect(try joined(stops) == [stops[0], stops[1...8].joined(), "二、下一个标题", "同志们："])
    // Lines of other lengths are not cut lines.
    let uneven = paragraph.enumerated().map { $0.offset % 2 == 0 ? $0.element + "又长了" : $0.element }
    #expect(try joined(uneven) == uneven)
}

/// A paragraph set in a proportional font, each glyph its own width: its lines hold ASCII
/// commas and digits, narrower than a Han character, so a full line is wider in characters and
/// columns than one of Han alone, or narrower in columns. Every line is a piece of the paragraph.
/// A page a tool filled by columns has no line wider than its width: a line a little narrower
/// ends there.
@Test func linesSetInAProportionalFontAreFullWhateverTheirNarrowCharacters() throws {
    let clauses = ["全市共有12个重点项目要在2024年3月底前开工建设", "各县区要对照47项任务逐项抓好落实", "确保全年完成投资1280亿元以上",
                   "新增城镇就业岗位3.6万个", "推动规模以上工业增加值增长8%左右", "城乡居民收入与经济增长基本同步"]
    let paragraph = (0..<4).flatMap { _ in clauses }.joined(separator: ",") + "。"
    for ems in [18, 21, 25] {
        let lines = FixedWidthWrap.proportional(ems: ems).apply(paragraph).split(separator: "\n").map(String.init)
        #expect(lines.count >= 12)
        let sizes = lines.dropLast().map { FixedWidthWrapPass.size($0) }
        // Full lines of several sizes: no one width in characters or columns holds them all.
        #expect(Set(sizes.map(\.characters)).count >= 3 && Set(sizes.map(\.columns)).count >= 2, "\(ems): \(sizes)")
        #expect(try joined(lines) == [paragraph], "\(ems) ems")
        // A title a little narrower than the width ends its line all the same (three columns
        // short, so that it adds no line to the width's band).
        guard case .columns(let width)? = FixedWidthWrapPass.measure(lines.map { SourceLine(number: 1, text: $0) }) else { continue }
        let year = (width - 3) % 2 == 0 ? "2024年" : "2024-2025年"
        let han = String("在全市城乡建设和生态环境保护重点工作推进暨表彰总结会议上的讲话".suffix((width - 3 - FixedWidthWrapPass.size(year).columns) / 2))
        let title = year + han
        #expect(FixedWidthWrapPass.size(title).columns == width - 3, "\(ems): \(title)")
        #expect(try joined([title] + lines) == [title, paragraph], "\(ems) ems")
    }
    // Cut by characters, a line wider than the width is full when its narrow characters make
    // up the difference (a line of 18 Han characters is as wide as 17 and four digits, 21 in all),
    // and not when they cannot (Han alone, or too few digits for so many characters).
    func full(_ text: String) -> Bool {
        FixedWidthWrapPass.isFull(SourceLine(number: 1, text: text), .characters(18), proportional: false)
    }
    #expect(full("各级党委政府要扛起主体责任亲自抓负总") && full("今年要新建高标准农田2025万亩各乡镇要抓"))
    #expect(!full("各级党委政府要扛起主体责任亲自抓负总责任") && !full("今年要新建高标准农田2万亩各乡镇要抓紧落实"))
    // Filled by columns: a line two columns short of the width, with digits in it, is not
    // joined to the paragraph after it.
    let filled = paragraph.replacingOccurrences(of: ",", with: "，")
    let cut = FixedWidthWrap.columns(40).apply(filled).split(separator: "\n").map(String.init)
    #expect(cut.dropLast().allSatisfy { FixedWidthWrapPass.size($0).columns >= 39 })
    let short = "全市共有12个重点项目和47项重点任务清单"
    #expect(FixedWidthWrapPass.size(short).columns == 38)
    #expect(try joined([short] + cut) == [short, filled])
}

@Test func aStampAtTheWidthByChanceStandsAlone() throws {
    // A publish stamp as long as the cut lines: not a piece of the paragraph after it.
    let stamp = "更新时间:2018-6 作者:某某某"
    #expect(FixedWidthWrapPass.size(stamp).characters == 18)
    #expect(try joined([stamp] + paragraph) == [stamp, paragraph.joined()])
    // So does a site's menu as long as the cut lines.
    let menu = "讲话稿 | 发言稿 | 主持词|贺词"
    #expect(FixedWidthWrapPass.size(menu).characters == 18)
    #expect(try joined([menu] + paragraph) == [menu, paragraph.joined()])
    // The same words in a paragraph already running on are a piece of it.
    #expect(try joined([paragraph[0], stamp] + paragraph.dropFirst()) == [paragraph[0] + stamp + paragraph.dropFirst().joined()])
}

/// Lines as the reader has them when the pass runs: their text trimmed, their original as read.
private func read(_ wrapped: String) -> [SourceLine] {
    wrapped.split(separator: "\n").enumerated().map { index, piece in
        SourceLine(number: index + 1, text: piece.trimmingCharacters(in: .whitespaces), original: String(piece))
    }
}

@Test func whatStoodAtTheCutIsKept() throws {
    // Cut by characters: nothing between the pieces of a word (国(guó) cut as “(gu” and “ó)”),
    // a space where the cut fell on one.
    for unit in ["全國(guó)代表大會(huì)召開，", "一二三四五六七八九十 word，"] {
        let text = String(repeating: unit, count: 12) + "完。"
        let wrapped = FixedWidthWrap.characters(20).apply(text)
        #expect(wrapped.split(separator: "\n").count >= 9)
        #expect(try joined(read(wrapped)) == [text])
    }
    // Filled by columns: an editor breaks Latin words at a space and drops it, so two words
    // meeting at the cut get one back; Chinese meets Chinese with nothing between.
    let line = { (text: String) in SourceLine(number: 1, text: text) }
    #expect(FixedWidthWrapPass.separator(line("一二三 Shanghai"), line("Cooperation 四五"), .columns(36)) == " ")
    #expect(FixedWidthWrapPass.separator(line("一二三四"), line("五六七"), .columns(36)) == "")
    #expect(FixedWidthWrapPass.separator(line("一二三 Shanghai"), line("Cooperation 四五"), .characters(18)) == "")
}

/// A line's size, counted eight bytes at a time, is its scalars and their columns (two for a
/// scalar of three or four UTF-8 bytes) at every length and mix of widths.
@Test func aLinesSizeIsItsCharactersAndColumns() {
    var generator = SystemRandomNumberGenerator()
    let alphabet: [Unicode.Scalar] = ["a", " ", "1", "ā", "ü", "国", "，", "“", "…", "\u{20000}", "\u{1F600}", "\u{3000}"]
    for length in 0..<80 {
        for _ in 0..<20 {
            let scalars = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            let text = String(view)
            let columns = scalars.reduce(0) { $0 + (UTF8.width($1) >= 3 ? 2 : 1) }
            let size = FixedWidthWrapPass.size(text)
            #expect(size.characters == length && size.columns == columns, "\(text.debugDescription)")
        }
    }
}
