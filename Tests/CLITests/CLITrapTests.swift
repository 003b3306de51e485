import Foundation
import Testing
import TestSupport

/// Issue 17's command-line traps, each now a clear error or the documented behaviour.
private let speech = "在全市工作会议上的讲话\n同志们：\n今天我们召开会议，研究部署重点工作。\n谢谢大家！\n"

private func folder(_ files: [String: String]) throws -> TemporaryDirectory {
    let directory = try TemporaryDirectory()
    for (name, text) in files {
        try FileManager.default.createDirectory(at: directory.file(name).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: directory.file(name))
    }
    return directory
}

@Test func anOutputExtensionThatDisagreesWithToIsAnError() throws {
    let directory = try folder(["x.txt": speech])
    let result = try Run.speechdoc(["convert", "x.txt", "--to", "md", "-o", "z.docx"], in: directory.url)
    #expect(result.status == 2)
    #expect(result.stderr.contains("-o z.docx says docx but --to says md"))
    #expect(!FileManager.default.fileExists(atPath: directory.file("z.docx").path))
}

@Test func severalInputsWithAFileLikeOutputAreAnErrorNotAFolder() throws {
    let directory = try folder(["a.txt": speech, "b.txt": speech.replacingOccurrences(of: "全市", with: "全县")])
    let result = try Run.speechdoc(["convert", "a.txt", "b.txt", "-o", "two.docx"], in: directory.url)
    #expect(result.status == 2)
    #expect(result.stderr.contains("-o must name a directory"))
    #expect(!FileManager.default.fileExists(atPath: directory.file("two.docx").path))
}

@Test func withoutOutputOrFormatWordGoesBesideTheInput() throws {
    let directory = try folder(["sub/x.txt": speech])
    let result = try Run.speechdoc(["convert", "sub/x.txt"], in: directory.url)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(FileManager.default.fileExists(atPath: directory.file("sub/x.docx").path))
}

@Test func missingParentFoldersOfAnOutputFileAreMade() throws {
    let directory = try folder(["x.txt": speech])
    let result = try Run.speechdoc(["convert", "x.txt", "-o", "new/sub/x.docx"], in: directory.url)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(FileManager.default.fileExists(atPath: directory.file("new/sub/x.docx").path))
}

@Test func anUnknownStyleNamesNoLineAndAnUnknownOptionIsNamedFirst() throws {
    let directory = try folder(["x.txt": speech])
    let style = try Run.speechdoc(["convert", "x.txt", "-o", "x.docx", "--style", "gb"], in: directory.url)
    #expect(style.status == 2)
    #expect(style.stderr.hasPrefix("speechdoc: gb: no such style file or preset"))
    let option = try Run.speechdoc(["convert", "x.txt", "--output-format", "docx"], in: directory.url)
    #expect(option.status == 2)
    #expect(option.stderr.hasPrefix("speechdoc: unknown option --output-format for convert"))
    // Options the command has, in either spelling, still work.
    #expect(try Run.speechdoc(["convert", "x.txt", "--to=md", "--output", "-"], in: directory.url).status == 0)
}

@Test func helpStatesEachDefaultOnce() throws {
    let help = try Run.speechdoc(["batch", "--help"]).stdoutText
    let jobs = try #require(help.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("--jobs <N>") })
    #expect(!jobs.contains("(default:"), "\(jobs)")
    #expect(jobs.contains("every core"))
}

@Test func aFoldersReadmeIsNotTakenForASpeech() throws {
    let directory = try folder(["d/speech.txt": speech, "d/README.md": "# Notes\n\nThis folder holds speeches.\n"])
    let result = try Run.speechdoc(["convert", "d", "-o", "out/", "--to", "md"], in: directory.url)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("d/README.md: skipped: no speech text"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("out").path) == ["speech.md"])
}

@Test func aWrapAfterAClosingQuoteInsideASentenceIsJoinedAndTitleMarksGetTheirInnerForm() throws {
    let text = "在全县工作会议上的讲话\n同志们：\n今年以来，我们紧紧围绕年度“1868”\n工作计划，狠抓任务落实。要学习《关于<乡村振兴>的意见》。\n他说：“大家要团结。”\n下面讲三点意见。\n"
    let directory = try folder(["x.txt": text])
    let clean = try Run.speechdoc(["clean", "x.txt"], in: directory.url).stdoutText
    #expect(clean.contains("年度“1868”工作计划，狠抓任务落实。"))
    #expect(clean.contains("《关于〈乡村振兴〉的意见》"))
    // 。” ends its sentence: the next line stays a paragraph of its own.
    #expect(clean.contains("“大家要团结。”\n\n下面讲三点意见。"))
}

/// A blank line inside an open quotation is a page's break in mid-sentence: the two lines are
/// one paragraph (issue 17, item 2). A blank line after a closed quotation still parts them.
@Test func aBlankLineInsideAnOpenQuotationDoesNotEndTheParagraph() throws {
    let text = "在全县工作会议上的讲话\n同志们：\n年初，县文明委已经下发了行动计划，对此，我们要紧紧围绕“弘扬善文化\n\n做文明有礼市民”这一主题，认真开展好各项活动。\n他说：“大家要团结。”\n\n“团结”是我们的法宝。\n"
    let directory = try folder(["q.txt": text])
    let clean = try Run.speechdoc(["clean", "q.txt"], in: directory.url).stdoutText
    #expect(clean.contains("紧紧围绕“弘扬善文化做文明有礼市民”这一主题，认真开展好各项活动。"), "\(clean)")
    #expect(clean.contains("“大家要团结。”\n\n“团结”是我们的法宝。"), "\(clean)")
}

/// convert says what a reader of the output should know, a line each, and can report like batch.
@Test func convertTellsOfCutsDamageAndFilesAndReportsLikeBatch() throws {
    let page = """
    在全县工作会议上的讲话
    同志们：
    一、提高站位
    要把思想统一到会议精神上来，修订完善了
    ……(…省略695字…)……
    职能关系不大，发挥y论监督作用。
    要抓好落实 ……(未完,全文共5555字,当前仅显示1950字,请阅读下面提示信息。
    """
    let directory = try folder(["x.txt": page, "two.txt": speech + "\n在全县表彰大会上的讲话\n同志们：\n二、抓好落实\n要抓好落实，确保各项任务完成。\n谢谢大家！\n"])
    let result = try Run.speechdoc(["convert", "x.txt", "-o", "x.docx", "--report", "r.json"], in: directory.url)
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stderr.split(separator: "\n").map(String.init)
    #expect(lines.contains("speechdoc: x.txt: the page ends early: the speech is incomplete, marked 〔以下原文缺失〕"))
    #expect(lines.contains("speechdoc: x.txt: 1 gap where the site cut text (695 characters), marked in the output"))
    #expect(lines.contains { $0.hasPrefix("speechdoc: x.txt: line 6: ") && $0.contains("y") })
    let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.file("r.json"))) as? [String: Any])
    let entry = try #require((report["inputs"] as? [[String: Any]])?.first)
    #expect(entry["outputs"] as? [String] == ["x.docx"])
    #expect((report["totals"] as? [String: Any])?["converted"] as? Int == 1)

    let several = try Run.speechdoc(["convert", "two.txt", "-o", "all.md"], in: directory.url)
    #expect(several.stderr.contains("two.txt: 2 speeches written as 2 files: all-1.md … all-2.md"))
    // A gap alone is told as a gap, never as a page that ends early.
    let gapOnly = page.replacingOccurrences(of: "要抓好落实 ……(未完,全文共5555字,当前仅显示1950字,请阅读下面提示信息。", with: "要抓好落实。")
    try Data(gapOnly.utf8).write(to: directory.file("gap.txt"))
    let gap = try Run.speechdoc(["convert", "gap.txt", "-o", "gap.docx"], in: directory.url)
    #expect(gap.stderr.contains("gap.txt: 1 gap where the site cut text (695 characters)") && !gap.stderr.contains("ends early"), "\(gap.stderr)")
    let quiet = try Run.speechdoc(["convert", "x.txt", "-o", "y.docx", "--quiet"], in: directory.url)
    #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
}
