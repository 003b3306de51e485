import Foundation
import Testing
import TestSupport
import XMLSupport
import ZipSupport

/// The bad-input matrix: each case gets a clear one-line error or a correct result, never a
/// partial output file.
private let speech = "在全市工作会议上的讲话\n同志们：\n一、提高站位\n今天我们召开会议，研究部署重点工作。\n谢谢大家！\n"

/// Converts in `directory`, which the caller keeps alive while it reads the output.
private func convert(_ bytes: [UInt8], in directory: TemporaryDirectory, name: String = "input.txt", to format: String = "docx") throws -> (ProcessResult, URL) {
    let input = directory.file(name)
    try Data(bytes).write(to: input)
    let output = directory.file("out." + format)
    return (try Run.speechdoc(["convert", input.path, "-o", output.path]), output)
}

/// Refused: exit 1, one line naming the file and the cause, and nothing written.
private func expectRefused(_ bytes: [UInt8], _ cause: String, name: String = "input.txt") throws {
    let directory = try TemporaryDirectory()
    let (result, _) = try convert(bytes, in: directory, name: name)
    #expect(result.status == 1, "\(cause): status \(result.status)")
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count == 1 && lines[0].contains(name) && lines[0].contains(cause), "\(result.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == [name], "something was written")
}

@Test func emptyWhitespaceAndBoilerplateOnlyAreRefused() throws {
    try expectRefused([], "the file is empty")
    try expectRefused(Array("   \n\t\n\u{3000}\u{3000}\n".utf8), "no speech text found")
    try expectRefused(Array("您的位置:首页>>讲话>>正文\n注册  登陆\n客服微信号:abc\n".utf8), "no speech text found")
}

@Test func binaryFilesNamedTxtAreRefused() throws {
    let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89, 0xFF, 0x80]
    try expectRefused(png, "binary")
    let writer = ZipArchiveWriter()
    writer.add("a.xml", Array(String(repeating: "<a>x</a>", count: 50).utf8))
    try expectRefused(try writer.finish(), "the file is")
    try expectRefused([0xFF, 0x80, 0xFF, 0x80, 0xC0, 0xFF, 0xFE, 0x81, 0x30] + Array("同志们".utf8), "no supported encoding")
}

@Test func controlCharactersInARealSpeechAreRemovedAndReported() throws {
    var bytes = Array("在全市工作会议上的讲话\n同志们：\n今天".utf8)
    bytes += (0..<32).filter { $0 != 10 && $0 != 13 }.map(UInt8.init)
    bytes += Array("召开会议\u{FFFE}\u{FFFF}，部署工作。\n".utf8)
    let directory = try TemporaryDirectory()
    let input = directory.file("controls.txt")
    try Data(bytes).write(to: input)
    let report = directory.file("report.json")
    let result = try Run.speechdoc(["clean", input.path, "--report", report.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdoutText.contains("今天\t召开会议，部署工作。"))
    #expect(try String(contentsOf: report, encoding: .utf8).contains("control-character"))
    let (converted, output) = try convert(bytes, in: directory)
    #expect(converted.status == 0)
    let document = try XMLParser.parse(ZipArchiveReader([UInt8](Data(contentsOf: output))).read("word/document.xml"))
    #expect(document.textContent.contains("召开会议，部署工作。"))
}

@Test func utf16WithAnUnpairedSurrogateIsRefused() throws {
    var bytes: [UInt8] = [0xFF, 0xFE]
    bytes += Array("同志们".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    bytes += [0x00, 0xD8]
    bytes += Array("好".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    try expectRefused(bytes, "not valid utf-16le")
}

@Test func crOnlyLineEndsAndAOneMegabyteLineWork() throws {
    let directory = try TemporaryDirectory()
    let (cr, _) = try convert(Array(speech.replacingOccurrences(of: "\n", with: "\r").utf8), in: directory, name: "cr.txt", to: "md")
    #expect(cr.status == 0)
    let long = "在全市工作会议上的讲话\n同志们：\n" + String(repeating: "今天我们召开会议，研究部署重点工作，要求各级认真抓好落实。", count: 12_000) + "\n"
    #expect(long.utf8.count > 1_000_000)
    let (result, output) = try convert(Array(long.utf8), in: directory, name: "long.txt", to: "md")
    #expect(result.status == 0)
    #expect(try String(contentsOf: output, encoding: .utf8).contains("要求各级认真抓好落实。今天我们"))
}

/// A 50 MB speech (one title, sections every few hundred paragraphs) converts in one piece:
/// nothing dropped at the end, memory bounded by the input (about 7× in a debug build).
@Test func aFiftyMegabyteFileConverts() throws {
    let directory = try TemporaryDirectory()
    var text = "在全市工作会议上的讲话\n同志们：\n一、提高站位\n"
    let paragraph = String(repeating: "今天我们召开会议，研究部署重点工作，要求各级认真抓好落实。", count: 8)
    var count = 0
    while text.utf8.count < 50 << 20 {
        count += 1
        text += (count % 500 == 0 ? "（\(["一", "二", "三", "四", "五"][count / 500 % 5])）抓落实\n" : "") + paragraph + "第\(count)段。\n"
    }
    text += "谢谢大家！\n"
    let (result, output) = try convert(Array(text.utf8), in: directory, name: "big.txt", to: "md")
    #expect(result.status == 0, "\(result.stderr)")
    let markdown = try Data(contentsOf: output)
    #expect(markdown.count > 50 << 20)
    let tail = String(decoding: markdown.suffix(4096), as: UTF8.self)
    #expect(tail.contains("第\(count)段。") && tail.contains("谢谢大家！"))
}

@Test func oddNumberingStillGivesHeadings() throws {
    let text = "在会上的讲话\n同志们：\n（三）先出现的小标题\n正文一。\n一、后出现的大标题\n正文二。\n二十一、很靠后的标题\n正文三。\n1.1.1 深层编号\n正文四。\n"
    let directory = try TemporaryDirectory()
    let input = directory.file("odd.txt")
    try text.write(to: input, atomically: true, encoding: .utf8)
    let result = try Run.speechdoc(["outline", "--json", input.path])
    #expect(result.status == 0)
    let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    let headings = ((json["documents"] as? [[String: Any]])?.first?["headings"] as? [[String: Any]]) ?? []
    #expect(headings.compactMap { $0["number"] as? String } == ["（三）", "一、", "二十一、"])
    #expect(headings.compactMap { $0["level"] as? Int } == [1, 1, 1])
}

/// Text that looks like markup, and emoji, Extension B and right-to-left text, come out as
/// literal text in every format.
@Test(arguments: ["md", "docx", "epub"])
func markupLookalikesAndRareCharactersStayLiteral(format: String) throws {
    let tricky = "正文含</w:t>与<script>alert(1)</script>、]]>、&amp;、**粗**，😀𠀀𠀁与עברית。"
    let directory = try TemporaryDirectory()
    let (result, output) = try convert(Array((speech + tricky + "\n").utf8), in: directory, to: format)
    #expect(result.status == 0, "\(result.stderr)")
    let text: String
    switch format {
    case "md":
        text = try Run.program(Run.tool("pandoc")!, ["-f", "markdown", "-t", "plain", "--wrap=none", output.path]).stdoutText
    case "docx":
        text = try XMLParser.parse(ZipArchiveReader([UInt8](Data(contentsOf: output))).read("word/document.xml")).textContent
    default:
        text = try XMLParser.parse(ZipArchiveReader([UInt8](Data(contentsOf: output))).read("OEBPS/speech-001.xhtml")).textContent
    }
    #expect(text.contains(tricky), "\(format): \(text)")
}

@Test func directoriesMissingPathsAndUnwritableOutputsAreClearErrors() throws {
    let directory = try TemporaryDirectory()
    let asDirectory = try Run.speechdoc(["convert", directory.url.path, "-o", directory.file("x.docx").path])
    #expect(asDirectory.status == 1 && asDirectory.stderr.contains("holds no files SpeechDoc reads (.txt, .md"))
    let missing = try Run.speechdoc(["convert", directory.file("missing.txt").path, "-o", directory.file("x.docx").path])
    #expect(missing.status == 1 && missing.stderr.contains("missing.txt: no such file"))
    let input = directory.file("speech.txt")
    try speech.write(to: input, atomically: true, encoding: .utf8)
    // A path under a regular file cannot be written, even by root.
    let blocked = try Run.speechdoc(["convert", input.path, "-o", input.path + "/out.docx"])
    #expect(blocked.status == 1 && blocked.stderr.hasPrefix("speechdoc: ") && blocked.stderr.split(separator: "\n").count == 1, "\(blocked.stderr)")
    #expect(try String(contentsOf: input, encoding: .utf8) == speech)
}

@Test func styleFileErrorsNameFileLineAndKey() throws {
    let directory = try TemporaryDirectory()
    let input = directory.file("speech.txt")
    try speech.write(to: input, atomically: true, encoding: .utf8)
    let broken = directory.file("broken.yaml")
    try "base: gbt9704\nroles:\n  body:\n    size: [16\n".write(to: broken, atomically: true, encoding: .utf8)
    let syntax = try Run.speechdoc(["convert", input.path, "-o", directory.file("a.docx").path, "--style", broken.path])
    #expect(syntax.status == 2 && syntax.stderr.contains("broken.yaml:5:"), "\(syntax.stderr)")
    let unknown = directory.file("unknown.yaml")
    try "base: gbt9704\nroles:\n  sidebar:\n    size: 三号\n".write(to: unknown, atomically: true, encoding: .utf8)
    let role = try Run.speechdoc(["convert", input.path, "-o", directory.file("b.docx").path, "--style", unknown.path])
    #expect(role.status == 2 && role.stderr.contains("unknown.yaml:3: roles.sidebar: unknown role"), "\(role.stderr)")
    #expect(!FileManager.default.fileExists(atPath: directory.file("a.docx").path))
}

/// A page that gives no speech still shows its units under `outline --lines` (each with the
/// evidence that made it furniture) before the one-line error, and exits 1.
@Test func outlineLinesShowsWhyAPageGaveNoSpeech() throws {
    let directory = try TemporaryDirectory()
    let input = directory.file("furniture.txt")
    try "您的位置:首页>>讲话>>正文\n注册  登陆\n客服微信号:abc\n".write(to: input, atomically: true, encoding: .utf8)
    let result = try Run.speechdoc(["outline", "--lines", input.path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("furniture.txt: no speech text found"), "\(result.stderr)")
    let units = result.stdoutText.split(separator: "\n")
    #expect(units.count >= 3, "\(result.stdoutText)")
    #expect(units.allSatisfy { $0.contains(" furniture ") }, "\(result.stdoutText)")
    // Without --lines the error alone.
    #expect(try Run.speechdoc(["outline", input.path]).stdout.isEmpty)
}
