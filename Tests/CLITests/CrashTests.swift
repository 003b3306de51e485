import Foundation
import Testing
import TestSupport
import ZipSupport

/// Inputs and environments that made the program trap (issue 15): each is now a result or a
/// one-line error.
private let speech = "在全市工作会议上的讲话\n同志们：\n一、提高站位\n今天我们召开会议，研究部署重点工作。\n谢谢大家！\n"

@Test func severalInputsWithoutAnOutputGoBesideTheirInputs() throws {
    let directory = try TemporaryDirectory()
    for name in ["a.txt", "b.txt"] { try Data(speech.utf8).write(to: directory.file(name)) }
    let result = try Run.speechdoc(["convert", "a.txt", "b.txt", "--to", "md"], in: directory.url)
    #expect(result.status == 0, "\(result.stderr)")
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted()
    #expect(names == ["a.md", "a.txt", "b.md", "b.txt"])
}

@Test func aSourceDateEpochPastWhatAZipCanSayIsHeldThere() throws {
    let directory = try TemporaryDirectory()
    let input = directory.file("speech.txt")
    try Data(speech.utf8).write(to: input)
    for format in ["docx", "epub"] {
        let output = directory.file("out." + format)
        let result = try Run.program(Repository.executable, ["convert", input.path, "-o", output.path],
                                     environment: ["SOURCE_DATE_EPOCH": "4354819200"])
        #expect(result.status == 0, "\(format): \(result.stderr)")
        let part = format == "docx" ? "[Content_Types].xml" : "mimetype"
        #expect(throws: Never.self) { try ZipArchiveReader([UInt8](Data(contentsOf: output))).read(part) }
    }
    #expect(ZipTimestamp(epoch: 4_354_819_200) == ZipTimestamp.latest)
    #expect(ZipTimestamp(epoch: Int.max) == ZipTimestamp.latest)
}

@Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full"))
func aFullStandardOutputIsAnErrorNotATrap() throws {
    let directory = try TemporaryDirectory()
    let input = directory.file("speech.txt")
    try Data(speech.utf8).write(to: input)
    let process = Process()
    process.executableURL = Repository.executable
    process.arguments = ["convert", input.path, "--to", "md", "-o", "-"]
    process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 1)
    #expect(message.split(separator: "\n").count == 1 && message.contains("standard output"), "\(message)")
}

@Test func anEmptyTitleIsAUsageError() throws {
    let directory = try TemporaryDirectory()
    try Data(speech.utf8).write(to: directory.file("a.txt"))
    let result = try Run.speechdoc(["convert", "a.txt", "--to", "epub", "-o", "book.epub", "--title", ""], in: directory.url)
    #expect(result.status == 2)
    #expect(result.stderr.contains("--title must not be empty"), "\(result.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["a.txt"])
}
