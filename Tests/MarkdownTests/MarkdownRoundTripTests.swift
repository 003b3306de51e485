import Foundation
import Testing
import TestSupport
import MarkdownWriter
import SpeechReader
import SpeechModel

private let writer = MarkdownWriter()

/// Samples always; the real seeds when ../shared is there.
private var corpus: [URL] {
    Repository.samples + (Repository.sharedAvailable ? Repository.seeds : [])
}

private func speeches(_ file: URL) throws -> [Speech] {
    try PlainTextReader.read([UInt8](Data(contentsOf: file)), source: file.path).speeches
}

@Test(arguments: corpus)
func markdownModelMarkdownIsAFixedPoint(file: URL) throws {
    for speech in try speeches(file) {
        let markdown = writer.render(speech)
        var reread = try MarkdownReader.read(markdown)
        reread.metadata.source = speech.metadata.source
        #expect(reread == speech, "\(file.lastPathComponent): the model changed through Markdown:\n\(speech.treeDump)\nvs\n\(reread.treeDump)")
        #expect(writer.render(reread) == markdown)
    }
}

@Test(.enabled(if: Pandoc.executable != nil, "needs pandoc"), arguments: corpus)
func pandocSeesTheModelsHeadingsAndParagraphs(file: URL) throws {
    for speech in try speeches(file) {
        let markdown = writer.render(speech)
        let document = try Pandoc.json(markdown)
        let seen = Pandoc.blocks(document)
        let expected = Pandoc.expectedBlocks(speech)
        #expect(seen.count == expected.count, "\(file.lastPathComponent): pandoc saw \(seen.count) blocks, the model has \(expected.count)")
        for (got, want) in zip(seen, expected) {
            #expect(got == want, "\(file.lastPathComponent)")
        }
        #expect(Pandoc.metaString(document, "title") == speech.metadata.title)
        #expect(Pandoc.metaString(document, "lang") == "zh-CN")
    }
}

@Test(.enabled(if: Pandoc.executable != nil, "needs pandoc"), arguments: corpus)
func pandocPlainTextGivesBackTheSpeechText(file: URL) throws {
    for speech in try speeches(file) {
        let plain = normalizedForComparison(try Pandoc.plain(writer.render(speech)))
        let texts = speech.textPieces + (speech.truncated ? [Speech.truncationMarker] : [])
        #expect(plain == normalizedForComparison(texts.joined()), "\(file.lastPathComponent)")
    }
}

@Test func handWrittenMarkdownFollowingTheConventionsIsRead() throws {
    let markdown = """
    ---
    title: 在全县工作会议上的讲话
    author: '李明'
    lang: zh-CN
    ---

    同志们：

    今天召开会议，
    研究部署工作。

    # 一、提高站位

    **一要明确目标。**要对照标准，
    逐项落实。

    ## （一）抓产业。 {.run-in}

    产业是根基，*尤其*要抓好龙头。

    〔此处原文缺失〕

    谢谢大家！
    """
    let speech = try MarkdownReader.read(markdown)
    #expect(speech.metadata.title == "在全县工作会议上的讲话")
    #expect(speech.metadata.speaker == "李明")
    #expect(speech.salutation == "同志们：")
    #expect(speech.closing == "谢谢大家！")
    #expect(speech.treeDump == """
    Speech title="在全县工作会议上的讲话" speaker="李明" truncated=false
    ├─ Salutation "同志们："
    ├─ Paragraph "今天召开会议，研究部署工作。"
    ├─ Section 1 "一、" "提高站位"
    │  ├─ Paragraph [Lead "一要" "明确目标。"] "要对照标准，逐项落实。"
    │  └─ Section 2 "（一）" "抓产业。" run-in
    │     ├─ Paragraph "产业是根基，" [Emphasis "尤其"] "要抓好龙头。"
    │     └─ Gap omitted=unknown
    └─ Closing "谢谢大家！"

    """)
}

@Test func brokenFrontMatterIsAnError() {
    #expect(throws: MarkdownReadError.unterminatedFrontMatter) { try MarkdownReader.read("---\ntitle: x\n\n正文。\n") }
    #expect(throws: MarkdownReadError.self) { try MarkdownReader.read("---\ntitle: \"unclosed\n---\n\n正文。\n") }
}
