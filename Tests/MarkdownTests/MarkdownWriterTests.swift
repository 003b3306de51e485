import Foundation
import Testing
import TestSupport
@testable import MarkdownWriter
@testable import SpeechReader
import SpeechModel
import SpeechWriting

private let writer = MarkdownWriter()

private func speech(_ body: [Block], salutation: String? = "同志们：", closing: String? = "谢谢大家！", truncated: Bool = false) -> Speech {
    Speech(metadata: Metadata(title: "在全县工作会议上的讲话", speaker: "李明", date: "2024年3月12日"),
           salutation: salutation, body: body, closing: closing, truncated: truncated)
}

@Test func writesFrontMatterHeadingsLeadsGapsAndClosing() {
    let markdown = writer.render(speech([
        .paragraph(Paragraph(text: "今天召开会议。")),
        .section(Section(heading: Heading(level: 1, number: "一、", text: "提高站位，切实增强责任感"), children: [
            .paragraph(Paragraph([.lead(Lead(number: "一要", text: "明确创建目标。")), .text("要对照标准。")])),
            .gap(Gap(omittedCharacters: 695)),
            .section(Section(heading: Heading(level: 2, number: "（一）", text: "抓产业。", runsIn: true), children: [
                .paragraph(Paragraph(text: "产业是根基。")),
            ])),
        ])),
    ], truncated: true))
    #expect(markdown == """
    ---
    title: "在全县工作会议上的讲话"
    author: "李明"
    date: "2024年3月12日"
    lang: zh-CN
    ---

    同志们：

    今天召开会议。

    # 一、提高站位，切实增强责任感

    **一要明确创建目标。**要对照标准。

    〔此处原文缺失约695字〕

    ## （一）抓产业。 {.run-in}

    产业是根基。

    谢谢大家！

    〔以下原文缺失〕

    """)
}

@Test func markdownSyntaxInTextIsEscaped() {
    #expect(MarkdownEscaping.escapeText("特别是**讲的很具体") == "特别是\\*\\*讲的很具体")
    #expect(MarkdownEscaping.escapeText("# 不是标题") == "\\# 不是标题")
    #expect(MarkdownEscaping.escapeText("> 不是引用") == "\\> 不是引用")
    #expect(MarkdownEscaping.escapeText("- 不是列表") == "\\- 不是列表")
    #expect(MarkdownEscaping.escapeText("+ 不是列表") == "\\+ 不是列表")
    #expect(MarkdownEscaping.escapeText("1. 不是列表") == "1\\. 不是列表")
    #expect(MarkdownEscaping.escapeText("2023. 年") == "2023\\. 年")
    #expect(MarkdownEscaping.escapeText("增长3.15%") == "增长3.15%")
    #expect(MarkdownEscaping.escapeText("a_b [c] <d> `e` \\f") == "a\\_b \\[c\\] \\<d\\> \\`e\\` \\\\f")
    #expect(MarkdownEscaping.escapeText("等等...以及--和---") == "等等\\.\\.\\.以及\\-\\-和\\-\\-\\-")
}

/// Every ASCII punctuation character, at a line's start and inside, comes back from pandoc as itself.
@Test(.enabled(if: Pandoc.executable != nil, "needs pandoc"))
func pandocReadsEscapedTextBackVerbatim() throws {
    let hostile = [
        "特别是**讲的很具体，*强调*和_下划线_，[链接](http://x.cn)与<script>alert(1)</script>",
        "# 井号开头",
        "1. 数字列表开头",
        "(1) 括号列表开头",
        "a) 字母列表开头",
        ": 定义列表",
        "| 表格 | 竖线 |",
        "$x$ 数学 @引用 ~下标~ ^上标^ &amp; \"引号\" 'single' -- --- ...",
        "反斜杠\\结尾\\",
        "{#id .class} 与 ]]> 和 </w:t>",
        "%百分号开头 =等号 !感叹",
    ]
    for text in hostile {
        let paragraph = MarkdownEscaping.escapeText(text)
        let document = try Pandoc.json("---\ntitle: \"t\"\n---\n\n" + paragraph + "\n")
        let blocks = Pandoc.blocks(document)
        #expect(blocks == [PandocBlock(kind: .para, text: text, strong: [])], "pandoc read \(paragraph) as \(blocks)")
    }
}

@Test func noTrailingSpacesNoHardWrapsOneBlankLineFinalNewline() throws {
    for sample in Repository.samples {
        let result = try PlainTextReader.read([UInt8](Data(contentsOf: sample)))
        for speech in result.speeches {
            let markdown = writer.render(speech)
            #expect(markdown.hasSuffix("\n") && !markdown.hasSuffix("\n\n"))
            #expect(!markdown.contains("\n\n\n"))
            #expect(!markdown.split(separator: "\n", omittingEmptySubsequences: false).contains { $0.hasSuffix(" ") || $0.hasSuffix("\t") })
            let body = markdown.components(separatedBy: "\n---\n\n")[1].dropLast()
            let blockLines = body.components(separatedBy: "\n\n").filter { $0.isEmpty || $0.contains("\n") }
            #expect(blockLines.isEmpty, "a block spans several lines: \(blockLines)")
        }
    }
}

@Test func collectionsAreRefusedWithAClearReason() {
    let one = speech([])
    #expect(throws: WriterError.self) {
        try writer.write(.collection(SpeechCollection(title: "汇编", speeches: [one, one])), options: .default)
    }
}

@Test func leadsSideBySideAreOneStrongRunAndReadBackApart() throws {
    let leads: [Inline] = [.text("原因："), .lead(Lead(number: "一是", text: "认识不够；")), .lead(Lead(number: "二是", text: "投入不够。")),
                           .text("要改进。")]
    let original = speech([.paragraph(Paragraph(leads))])
    let markdown = writer.render(original)
    #expect(markdown.contains("原因：**一是认识不够；二是投入不够。**要改进。"))
    #expect(!markdown.contains("****"))
    var reread = try MarkdownReader.read(markdown)
    reread.metadata.source = original.metadata.source
    #expect(reread == original)
}

/// One quoting helper per syntax (issue 21): YAML, JSON and the tree dump each escape as their
/// readers expect, and YAML's \xHH for a control character reads back.
@Test func eachSyntaxQuotesAsItsReaderExpects() throws {
    #expect(Quoting.yaml("讲话\"A\\B\n\t\u{1}") == "\"讲话\\\"A\\\\B\\n\\t\\x01\"")
    #expect(Quoting.json("讲话\"\r\u{1}\u{2028}") == "\"讲话\\\"\\r\\u0001\\u2028\"")
    #expect(Quoting.swift("a\u{7F}") == "\"a\\u{7f}\"")
    let speech = try MarkdownReader.read("---\ntitle: \(Quoting.yaml("在全县\u{1}会议上的讲话"))\n---\n\n正文。\n")
    #expect(speech.metadata.title == "在全县\u{1}会议上的讲话")
}

/// A combining mark right after a character Markdown escapes (a backtick, a quote, a bar) stays
/// with it through the writer and the reader, in text and in the front matter (found by the fuzzer).
@Test func combiningMarksAfterEscapedCharactersReadBack() throws {
    let speech = Speech(metadata: Metadata(title: "讲话\"\u{301}A|\u{301}B"),
                        body: [.paragraph(Paragraph(text: "保存在`\u{65D}uild与*\u{301}和[\u{301}中。"))])
    let markdown = MarkdownWriter().render(speech)
    let again = try MarkdownReader.read(markdown)
    #expect(again == speech, "\(markdown)")
}

/// A shell word (the review page's command line): sh gives back every text exactly, plain words
/// stay bare, and anything a shell would read (space, quote, $, *, ;, a full-width space) is quoted.
@Test(.enabled(if: Run.tool("sh") != nil, "needs sh"))
func shellWordsReadBackThroughSh() throws {
    #expect(Quoting.shell("讲话稿.txt") == "讲话稿.txt")
    #expect(Quoting.shell("5=body") == "5=body")
    let texts = ["a b.txt", "it's", "$HOME", "*.txt", "x;rm -rf y", "中\u{3000}文", "", "'", "5=（根据录音整理）", "tab\there", "\"q\""]
    for text in texts {
        let result = try Run.program(Run.tool("sh")!, ["-c", "printf '%s' " + Quoting.shell(text)])
        #expect(result.stdoutText == text, "\(Quoting.shell(text))")
    }
    for text in texts where text != "5=（根据录音整理）" { #expect(Quoting.shell(text).hasPrefix("'"), "\(text)") }
}

/// The escaping rule a byte at a time, as MarkdownEscaping states it: the escaper skips eight
/// bytes at a time through Chinese text and copies the runs between escapes whole, and must
/// escape exactly these bytes.
private func escapedByRule(_ text: String, atLineStart: Bool, inHeading: Bool) -> String {
    let bytes = Array(text.utf8)
    var out: [UInt8] = []
    for (i, byte) in bytes.enumerated() {
        var escape = false
        if byte < 0x80 {
            escape = Array("\\*_[]<>`$@~^&\"'|".utf8).contains(byte)
                || (i == 0 && atLineStart && Array("#-+:=%(!".utf8).contains(byte))
                || ((byte == 0x2D || byte == 0x2E) && ((i > 0 && bytes[i - 1] == byte) || (i + 1 < bytes.count && bytes[i + 1] == byte)))
                || (inHeading && Array("{}#".utf8).contains(byte))
        }
        if escape { out.append(0x5C) }
        out.append(byte)
    }
    return String(decoding: out, as: UTF8.self)
}

@Test func escapingThroughChineseTextEscapesWhatTheRuleSays() {
    let pieces = ["加强", "领", "，", "。", "*", "_", "-", "--", ".", "..", "#", "{", "}", "a", "1", "(", "!", "|", "\"", "'", "👍", " "]
    var generator = SystemRandomNumberGenerator()
    var escaped = 0
    for _ in 0..<3_000 {
        // Letters and digits never open the text, so no list marker (escaped apart) is made.
        let text = "文" + randomText(pieces, lengths: 0...30, using: &generator)
        let inHeading = Bool.random(using: &generator)
        let expected = escapedByRule(text, atLineStart: true, inHeading: inHeading)
        #expect(MarkdownEscaping.escapeText(text, atLineStart: true, inHeading: inHeading) == expected, "\(text)")
        if expected != text { escaped += 1 }
    }
    #expect(escaped > 1_000 && escaped < 3_000)
}

/// The room reserved for a speech's Markdown holds it: every sample's and seed's speeches,
/// and a speech of escapes, which takes more than its text (the array grows for it, bytes the same).
@Test func theRoomReservedForASpeechsMarkdownHoldsIt() throws {
    let files = Repository.samples + (Repository.sharedAvailable ? Repository.seeds : [])
    #expect(!files.isEmpty)
    for file in files {
        for speech in try PlainTextReader.read([UInt8](Data(contentsOf: file)), source: file.path).speeches {
            let bytes = try writer.write(.speech(speech), options: WriterOptions())
            let estimate = MarkdownWriter.estimatedSize(speech)
            #expect(estimate >= bytes.count, "\(file.lastPathComponent): \(estimate) reserved for \(bytes.count) bytes")
            // Not far beyond: a batch reserves it for every speech.
            #expect(estimate <= bytes.count * 2 + 2048, "\(file.lastPathComponent): \(estimate) reserved for \(bytes.count) bytes")
        }
    }
    let escapes = speech([.paragraph(Paragraph(text: String(repeating: "*_#`<", count: 400)))])
    let bytes = try writer.write(.speech(escapes), options: WriterOptions())
    #expect(bytes.count > MarkdownWriter.estimatedSize(escapes))
    #expect(String(decoding: bytes, as: UTF8.self) == writer.render(escapes))
}
