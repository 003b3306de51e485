import Foundation
import Testing
import TestSupport
@testable import SpeechDoc

/// File names that are not UTF-8 (GBK names from a Windows zip) and --incremental keyed by the
/// output directory (issue 15).
private let speech = "在全市工作会议上的讲话\n同志们：\n一、提高站位\n今天我们召开会议，研究部署重点工作。\n谢谢大家！\n"
private let twoSpeeches = speech + "\n在全县表彰大会上的讲话\n同志们：\n二、抓好落实\n要抓好落实，确保各项任务完成。\n谢谢大家！\n"

/// 讲话稿 in GBK: six bytes that are not UTF-8.
private let gbkStem: [UInt8] = [0xBD, 0xB2, 0xBB, 0xB0, 0xB8, 0xE5]

private func writeRaw(_ directory: URL, _ name: [UInt8], _ text: String) throws {
    let path = RawPath.decode(Array(directory.path.utf8) + [0x2F] + name)
    let descriptor = RawPath.with(path) { open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
    try #require(descriptor >= 0)
    _ = Array(text.utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    close(descriptor)
}

private func rawNames(_ directory: URL) -> [[UInt8]] {
    (RawPath.names(in: directory.path) ?? []).map(RawPath.bytes)
}

@Test func namesThatAreNotUTF8AreReadAndWrittenAsBytes() throws {
    let directory = try TemporaryDirectory()
    try FileManager.default.createDirectory(at: directory.file("in"), withIntermediateDirectories: true)
    try writeRaw(directory.file("in"), gbkStem + Array(".txt".utf8), speech)
    let batch = try Run.speechdoc(["batch", "in", "-o", "out", "--to", "md,docx", "--report", "r.json", "--quiet"], in: directory.url)
    #expect(batch.status == 0, "\(batch.stderr)")
    #expect(Set(rawNames(directory.file("out"))) == [gbkStem + Array(".md".utf8), gbkStem + Array(".docx".utf8)])
    // The report shows the bytes as \xNN and says so.
    let report = try String(contentsOf: directory.file("r.json"), encoding: .utf8)
    #expect(report.contains(#""input": "in/\\xBD\\xB2\\xBB\\xB0\\xB8\\xE5.txt""#))
    #expect(report.contains("are written \\\\xNN"))

    // convert takes the name as its bytes from the command line (given by the shell, since
    // Process passes Swift strings).
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", #"exec "$0" convert "in/$(printf '\275\262\273\260\270\345').txt" --to md -o one.md"#, Repository.executable.path]
    process.currentDirectoryURL = directory.url
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(try String(contentsOf: directory.file("one.md"), encoding: .utf8).contains("在全市工作会议上的讲话"))
    // A missing raw name is named with its bytes escaped.
    let missing = Process()
    let errors = Pipe()
    missing.executableURL = URL(fileURLWithPath: "/bin/sh")
    missing.arguments = ["-c", #"exec "$0" convert "$(printf '\275\262').txt" --to md"#, Repository.executable.path]
    missing.standardError = errors
    try missing.run()
    missing.waitUntilExit()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(missing.terminationStatus == 1)
    #expect(message == "speechdoc: \\xBD\\xB2.txt: no such file\n")
}

@Test func incrementalRedoesForANewOutputDirectoryAndTidiesWhatItMade() throws {
    let directory = try TemporaryDirectory()
    try FileManager.default.createDirectory(at: directory.file("in"), withIntermediateDirectories: true)
    try Data(twoSpeeches.utf8).write(to: directory.file("in/x.txt"))
    try Data(speech.utf8).write(to: directory.file("in/y.txt"))
    let first = try Run.speechdoc(["batch", "in", "-o", "out", "--to", "md", "--report", "r.json", "--quiet"], in: directory.url)
    #expect(first.status == 0, "\(first.stderr)")
    // Same report, new output directory: everything is converted into it, nothing "unchanged".
    let moved = try Run.speechdoc(["batch", "in", "-o", "out2", "--to", "md", "--report", "r.json", "--incremental", "--quiet"], in: directory.url)
    #expect(moved.status == 0, "\(moved.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("out2").path).sorted() == ["x-1.md", "x-2.md", "y.md"])
    // x.txt now holds one speech, y.txt is gone.
    try Data(speech.utf8).write(to: directory.file("in/x.txt"))
    try FileManager.default.removeItem(at: directory.file("in/y.txt"))
    let again = try Run.speechdoc(["batch", "in", "-o", "out2", "--to", "md", "--report", "r.json", "--incremental"], in: directory.url)
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("out2").path).sorted() == ["x.md", "y.md"])
    #expect(again.stderr.contains("1 outputs of inputs that are gone"))
    let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.file("r.json"))) as? [String: Any])
    #expect(report["orphaned_outputs"] as? [String] == ["out2/y.md"])
    let entry = try #require((report["inputs"] as? [[String: Any]])?.first)
    #expect(entry["removed_outputs"] as? [String] == ["out2/x-1.md", "out2/x-2.md"])
}

@Test func parentPathsAsNSStringWouldGiveThemWithoutItsTraps() {
    let cases = ["o/": "", "a": "", "1": "", "/": "/", "/a": "/", "a/b/": "a", "a//b": "a", "./x.txt": ".", "a/b/c.md": "a/b"]
    for (path, parent) in cases { #expect(PathText.parent(of: path) == parent, "\(path)") }
}

/// The previous report is read by a pull parser; it must agree with a full JSON parse on the
/// reports the batch writes, escapes and all, and give nothing for text that is not a report.
@Test func thePreviousReportReadsAsAFullParseWould() throws {
    var entries: [BatchEntry] = []
    for (index, name) in ["a.txt", "引号\"与\\反斜杠.txt", "换\n行\t.md", "😀/x-1.txt", "控制\u{1}字符.txt"].enumerated() {
        var entry = BatchEntry(input: "in/" + name)
        entry.sha256 = String(repeating: "ab", count: 32)
        entry.encoding = index % 2 == 0 ? "utf-8" : nil
        entry.speeches = index + 1
        entry.outputs = (1...(index + 1)).map { "out/\(name)-\($0).md" }
        entry.removed = index * 3
        entry.warnings = index
        entry.error = index == 3 ? "读取失败: \"x\"" : nil
        entry.removedOutputs = index == 2 ? ["out/old.md"] : []
        entries.append(entry)
    }
    let document = JSONValue.object([
        ("speechdoc_report", .int(1)), ("settings", .string("speechdoc-1;formats=md")), ("shard", .optional(nil as String?)),
        ("inputs", .array(entries.map(\.json))), ("skipped", .array([])), ("totals", .object([("inputs", .int(5))])),
        ("elapsed_seconds", .double(0.25)),
    ]).serialized()
    let (settings, read) = BatchReport.previousEntries(Data(document.utf8))
    #expect(settings == "speechdoc-1;formats=md")
    #expect(read.count == entries.count)
    for entry in entries {
        #expect(read[entry.input] == entry, "\(entry.input)")
    }
    // A hand-written report with \u escapes (a surrogate pair) reads as the characters.
    let escaped = #"{"settings":"s","inputs":[{"input":"in\/\u8BB2\ud83d\ude00.txt","outputs":["o.md"],"speeches":2,"error":null}]}"#
    #expect(BatchReport.previousEntries(Data(escaped.utf8)).entries["in/讲😀.txt"]?.outputs == ["o.md"])
    for broken in ["", "[]", "{\"inputs\":[{\"input\":\"a\"", "{\"settings\":1}", "not json"] {
        #expect(BatchReport.previousEntries(Data(broken.utf8)).entries.isEmpty, "\(broken)")
    }
}
