import Foundation
import Testing
import TestSupport
import ZipSupport

/// A speech whose page gives it no title keeps an empty title (never the file's name) and the
/// report says so; each format copes: no empty title paragraph in Word or Markdown, and the
/// EPUB, which must have a title, is named after the file.
private let untitled = "同志们：\n今天我们召开会议，研究部署重点工作。\n一、提高站位\n要认识到位。\n"

@Test func anUntitledSpeechKeepsAnEmptyTitleAndAWarning() throws {
    let directory = try TemporaryDirectory()
    try Data(untitled.utf8).write(to: directory.file("会议记录.txt"))
    let outline = try Run.speechdoc(["outline", "会议记录.txt", "--json"], in: directory.url)
    #expect(outline.status == 0, "\(outline.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(outline.stdoutText.utf8)) as? [String: Any])
    let documents = try #require(json["documents"] as? [[String: Any]])
    #expect(documents.first?["title"] as? String == "")
    let warnings = try #require(json["warnings"] as? [[String: Any]])
    #expect(warnings.contains { $0["kind"] as? String == "no-title" })

    for format in ["md", "docx", "epub"] {
        let result = try Run.speechdoc(["convert", "会议记录.txt", "--to", format, "-o", "out/"], in: directory.url)
        #expect(result.status == 0, "\(format): \(result.stderr)")
    }
    let markdown = try String(contentsOf: directory.file("out/会议记录.md"), encoding: .utf8)
    #expect(!markdown.contains("title:"))
    #expect(markdown.contains("同志们："))
    let docx = try ZipArchiveReader([UInt8](Data(contentsOf: directory.file("out/会议记录.docx"))))
    let document = String(decoding: try docx.read("word/document.xml"), as: UTF8.self)
    #expect(!document.contains("w:val=\"Title\""))
    #expect(!document.contains("会议记录"))
    let epub = try ZipArchiveReader([UInt8](Data(contentsOf: directory.file("out/会议记录.epub"))))
    let package = try #require(epub.entries.map(\.name).first { $0.hasSuffix(".opf") })
    #expect(String(decoding: try epub.read(package), as: UTF8.self).contains("<dc:title>会议记录</dc:title>"))
}
