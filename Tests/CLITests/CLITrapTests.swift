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
