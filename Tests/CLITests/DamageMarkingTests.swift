import Foundation
import Testing
import TestSupport
import XMLSupport
import ZipSupport
@testable import SpeechDoc
import SpeechModel

/// Damaged text (a stray letter for a censored character, _ for a lost one, U+FFFD) is kept
/// and marked in every output, like a gap: highlighted, with a note after it, and listed by
/// `convert` on stderr (issue 17, item 3).
@Test func damagedTextIsMarkedInEveryOutputAndListed() throws {
    let text = "在全县宣传工作会议上的讲话\n同志们：\n要充分发挥y论监督作用，引导群众_到创建工作中来，脑\u{FFFD}！要求落实到位。\n"
    let directory = try TemporaryDirectory()
    try Data(text.utf8).write(to: directory.file("damaged.txt"))
    let document = try DocumentLoader.load(path: directory.file("damaged.txt").path)
    let paragraph = try #require(document.speeches.first?.body.compactMap { block -> Paragraph? in
        if case .paragraph(let paragraph) = block { return paragraph }
        return nil
    }.first)
    let damaged = paragraph.inlines.compactMap { inline -> String? in
        if case .damaged(let text) = inline { return text }
        return nil
    }
    #expect(damaged == ["y", "_", "\u{FFFD}"])
    #expect(paragraph.plainText == "要充分发挥y论监督作用，引导群众_到创建工作中来，脑\u{FFFD}！要求落实到位。")

    for format in ["docx", "epub", "md"] {
        let result = try Run.speechdoc(["convert", "damaged.txt", "--to", format, "-o", "out/"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("stray letter “y”") && result.stderr.contains("stray “_”") && result.stderr.contains("U+FFFD"), "\(result.stderr)")
    }

    let markdown = try String(contentsOf: directory.file("out/damaged.md"), encoding: .utf8)
    #expect(markdown.contains("发挥[y]{.damaged}论监督") && markdown.contains("群众[\\_]{.damaged}到"), "\(markdown)")

    let docx = try ZipArchiveReader([UInt8](try Data(contentsOf: directory.file("out/damaged.docx"))))
    let body = try XMLParser.parse(try docx.read("word/document.xml"))
    let marked = body.descendants(named: "w:r").filter { run in
        run.descendants(named: "w:rStyle").first?.attributes["w:val"] == "DamagedText"
    }.map(\.textContent)
    #expect(marked == ["y", Inline.damagedNote, "_", Inline.damagedNote, "\u{FFFD}", Inline.damagedNote])
    let styles = try XMLParser.parse(try docx.read("word/styles.xml"))
    let style = styles.descendants(named: "w:style").first { $0.attributes["w:styleId"] == "DamagedText" }
    #expect(style?.descendants(named: "w:highlight").first?.attributes["w:val"] == "yellow")

    let epub = try ZipArchiveReader([UInt8](try Data(contentsOf: directory.file("out/damaged.epub"))))
    let xhtml = String(decoding: try epub.read("OEBPS/speech-001.xhtml"), as: UTF8.self)
    #expect(xhtml.contains("<span class=\"damaged\">y</span><span class=\"damaged-note\">\(Inline.damagedNote)</span>"), "\(xhtml)")
    let names = epub.entries.map(\.name)
    let css = try names.filter { $0.hasSuffix(".css") }.map { String(decoding: try epub.read($0), as: UTF8.self) }.joined()
    #expect(css.contains("span.damaged, span.damaged-note"))

    // pandoc reads the Markdown's mark as a span of class "damaged".
    if let pandoc = Run.tool("pandoc") {
        let json = try Run.program(pandoc, ["-f", "markdown", "-t", "json"], input: Data(markdown.utf8)).stdoutText
        #expect(json.contains("[\"damaged\"]"), "\(json)")
    }
}

/// A bare | in a SpeechDoc Markdown title is a line break a person chose: Word and EPUB break
/// the title there instead of choosing, Markdown keeps it, and the title itself has no | (a
/// \| is a | of the title) (issue 17, item 1).
@Test func aBarInTheMarkdownTitleIsAChosenLineBreak() throws {
    let markdown = "---\ntitle: \"在全市推进全国文明城市常态化|创建工作会议上的讲话 A\\\\|B\"\nlang: zh-CN\n---\n\n同志们：\n\n今天我们召开会议。\n"
    let directory = try TemporaryDirectory()
    try Data(markdown.utf8).write(to: directory.file("t.md"))
    let speech = try #require(try DocumentLoader.load(path: directory.file("t.md").path).speeches.first)
    #expect(speech.metadata.title == "在全市推进全国文明城市常态化创建工作会议上的讲话 A|B")
    #expect(speech.metadata.chosenTitleLines == ["在全市推进全国文明城市常态化", "创建工作会议上的讲话 A|B"])
    for format in ["docx", "epub", "md"] {
        let result = try Run.speechdoc(["convert", "t.md", "--to", format, "-o", "out/", "--quiet"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
    }
    let docx = try ZipArchiveReader([UInt8](try Data(contentsOf: directory.file("out/t.docx"))))
    let body = try XMLParser.parse(try docx.read("word/document.xml"))
    let title = try #require(body.descendants(named: "w:p").first { $0.descendants(named: "w:pStyle").first?.attributes["w:val"] == "Title" })
    #expect(title.descendants(named: "w:t").map(\.textContent) == ["在全市推进全国文明城市常态化", "创建工作会议上的讲话 A|B"])
    #expect(title.descendants(named: "w:br").count == 1)
    let epub = try ZipArchiveReader([UInt8](try Data(contentsOf: directory.file("out/t.epub"))))
    let xhtml = String(decoding: try epub.read("OEBPS/speech-001.xhtml"), as: UTF8.self)
    #expect(xhtml.contains("在全市推进全国文明城市常态化<br/>创建工作会议上的讲话 A|B"), "\(xhtml)")
    let written = try String(contentsOf: directory.file("out/t.md"), encoding: .utf8)
    #expect(written.contains("title: \"在全市推进全国文明城市常态化|创建工作会议上的讲话 A\\\\|B\""), "\(written)")
}
