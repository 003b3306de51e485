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

@Test func aStampAtTheWidthByChanceStandsAlone() throws {
    // A publish stamp as long as the cut lines: not a piece of the paragraph after it.
    let stamp = "更新时间:2018-6 作者:某某某"
    #expect(FixedWidthWrapPass.size(stamp).characters == 18)
    #expect(try joined([stamp] + paragraph) == [stamp, paragraph.joined()])
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
