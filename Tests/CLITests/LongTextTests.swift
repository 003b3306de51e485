import Foundation
import SpeechDoc
import SpeechReader
import SpeechWriting
import Testing
import TestSupport

/// A page of three speeches in 102,000 lines or more, with a site's breadcrumb above and its
/// previous/next links below: long enough that `convert` reads it a window at a time.
func longPage() -> String {
    let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
    var lines = ["首页 > 讲话稿 > 领导讲话", ""]
    for speech in 0..<3 {
        lines += ["在全县第\(numerals[speech])次重点工作推进会上的讲话", "同志们：", "今天召开这次会议，主要任务是部署工作。"]
        for section in 0..<10 {
            lines.append("\(numerals[section])、抓好第\(section + 1)项重点工作")
            for paragraph in 0..<3_400 {
                lines.append("第\(speech + 1)篇第\(section + 1)部分第\(paragraph + 1)段，要压实责任、抓好落实，确保各项任务落地见效。")
            }
        }
        lines.append("谢谢大家！")
    }
    lines += ["", "上一篇：在全县安全生产工作会议上的讲话", "下一篇：在全县招商引资工作会议上的讲话"]
    return lines.joined(separator: "\n") + "\n"
}

@Test func aLongPageIsConvertedAsItsWholeReadWouldBe() throws {
    let directory = try TemporaryDirectory()
    let input = directory.file("long.txt")
    let text = longPage()
    try text.write(to: input, atomically: true, encoding: .utf8)
    let epoch = ["SOURCE_DATE_EPOCH": "1700000000"]
    let options = WriterOptions(sourceDateEpoch: 1_700_000_000)
    let whole = try PlainTextReader.read(Array(text.utf8), source: input.path)
    #expect(whole.speeches.count == 3)

    // Markdown: a file per speech, numbered, as the whole read's speeches written one by one.
    let markdown = try Run.program(Repository.executable, ["convert", input.path, "--to", "md", "-o", directory.file("md").path + "/"], environment: epoch)
    #expect(markdown.status == 0, "\(markdown.stderr)")
    #expect(markdown.stderr.contains("3 speeches written as 3 files"))
    for (index, speech) in whole.speeches.enumerated() {
        let written = try [UInt8](Data(contentsOf: directory.file("md/long-\(index + 1).md")))
        #expect(written == (try Formats.writer(for: .markdown)!.write(.speech(speech), options: options)), "speech \(index + 1)")
    }
    // Word, every speech in one document, and the EPUB collection.
    let docx = try Run.program(Repository.executable, ["convert", input.path, "--single", "-o", directory.file("long.docx").path], environment: epoch)
    #expect(docx.status == 0, "\(docx.stderr)")
    let first = whole.speeches[0].metadata
    let collection = SpeechCollection(title: first.label, author: first.speaker, date: first.date, speeches: whole.speeches)
    #expect(try [UInt8](Data(contentsOf: directory.file("long.docx"))) == (try Formats.writer(for: .docx)!.write(.collection(collection), options: options)))
    let epub = try Run.program(Repository.executable, ["convert", input.path, "--to", "epub", "-o", directory.file("long.epub").path], environment: epoch)
    #expect(epub.status == 0, "\(epub.stderr)")
    let book = SpeechCollection(title: first.label, speeches: whole.speeches)
    #expect(try [UInt8](Data(contentsOf: directory.file("long.epub"))) == (try Formats.writer(for: .epub)!.write(.collection(book), options: options)))
}

@Test func aLongPageThatCannotBeWrittenLeavesNothing() throws {
    let directory = try TemporaryDirectory()
    // No speech text in it: an error naming the file, and no output, not even a temporary one.
    let blank = directory.file("blank.txt")
    try String(repeating: "  \u{3000}\n", count: 110_000).write(to: blank, atomically: true, encoding: .utf8)
    let out = directory.file("out")
    let result = try Run.speechdoc(["convert", blank.path, "--to", "md", "-o", out.path + "/"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("blank.txt: no speech text"), "\(result.stderr)")
    #expect((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? [] == [])
    // An output that would replace the input: refused once the names are known, the input kept.
    let input = directory.file("long.txt")
    let text = longPage()
    try text.write(to: input, atomically: true, encoding: .utf8)
    let refused = try Run.speechdoc(["convert", input.path, "--single", "--to", "docx", "-o", input.path])
    #expect(refused.status != 0)
    #expect(refused.stderr.contains("would replace the input"), "\(refused.stderr)")
    #expect(try String(contentsOf: input, encoding: .utf8) == text)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted() == ["blank.txt", "long.txt", "out"])
}

@Test func aLongPageInABatchIsWrittenAsItsWholeReadWouldBe() throws {
    let directory = try TemporaryDirectory()
    let inputs = directory.file("in")
    try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
    let text = longPage()
    try text.write(to: inputs.appendingPathComponent("long.txt"), atomically: true, encoding: .utf8)
    try FileManager.default.copyItem(at: Repository.samples[0], to: inputs.appendingPathComponent("short.txt"))
    let out = directory.file("out"), report = directory.file("report.json")
    let result = try Run.program(Repository.executable, ["batch", inputs.path, "-o", out.path, "--to", "docx,epub,md", "--quiet",
                                                         "--report", report.path],
                                 environment: ["SOURCE_DATE_EPOCH": "1700000000"])
    #expect(result.status == 0, "\(result.stderr)")
    // Each speech in each format, as the whole read's speech written alone.
    let options = WriterOptions(sourceDateEpoch: 1_700_000_000)
    let whole = try PlainTextReader.read(Array(text.utf8), source: inputs.appendingPathComponent("long.txt").path)
    for format in [OutputFormat.docx, .epub, .markdown] {
        for (index, speech) in whole.speeches.enumerated() {
            let written = try [UInt8](Data(contentsOf: out.appendingPathComponent("long-\(index + 1).\(format.fileExtension)")))
            #expect(written == (try Formats.writer(for: format)!.write(.speech(speech), options: options)), "\(format) \(index + 1)")
        }
    }
    let entries = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any])["inputs"] as? [[String: Any]]
    let long = try #require(entries?.first { ($0["input"] as? String)?.hasSuffix("long.txt") == true })
    #expect(long["speeches"] as? Int == 3)
    #expect((long["outputs"] as? [String])?.count == 9)
    #expect(long["error"] == nil || long["error"] is NSNull)
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix(".speechdoc-tmp") } == [])
}
