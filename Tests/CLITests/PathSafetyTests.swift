import Foundation
import Testing
import TestSupport
import ZipSupport

/// Issue 15: files are compared by identity, not by spelling; special files are never read;
/// outputs go to regular files, through links, or into devices; every collision is an error
/// naming both sides, with nothing written for the colliding input.
private let speech = "在全市工作会议上的讲话\n同志们：\n一、提高站位\n今天我们召开会议，研究部署重点工作。\n谢谢大家！\n"
private let handEdited = "---\ntitle: \"手改过的讲话\"\n---\n\n同志们：\n\n这一段是手改的。\n"

private func write(_ text: String, _ url: URL) throws {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
}

private func contents(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

private func temporaryFiles(under directory: URL) -> [String] {
    let enumerator = FileManager.default.enumerator(atPath: directory.path)
    return (enumerator?.allObjects as? [String] ?? []).filter { ($0 as NSString).lastPathComponent.hasPrefix(".speechdoc-tmp-") }
}

@Test func batchNeverReplacesItsInputHoweverThePathIsSpelled() throws {
    let directory = try TemporaryDirectory()
    let input = directory.file("sp/a.md")
    try write(handEdited, input)
    try FileManager.default.createSymbolicLink(atPath: directory.file("link").path, withDestinationPath: "sp")
    let spellings: [([String], URL?)] = [
        (["./sp/a.md", "-o", "sp"], nil),
        (["a.md", "-o", "."], directory.file("sp")),
        ([input.path, "-o", "sp"], nil),
        (["link/a.md", "-o", "sp"], nil),
        (["sp/a.md", "-o", "link"], nil),
    ]
    for (arguments, workingDirectory) in spellings {
        let result = try Run.speechdoc(["batch"] + arguments + ["--to", "md", "--quiet"], in: workingDirectory ?? directory.url)
        #expect(result.status == 1, "\(arguments)")
        #expect(try contents(input) == handEdited, "\(arguments) replaced the input")
    }
}

@Test func convertRefusesAnOutputThatIsAnInputOrThatTwoInputsShare() throws {
    let directory = try TemporaryDirectory()
    try write(speech, directory.file("c/a.txt"))
    try write(handEdited, directory.file("c/a.md"))
    let replacing = try Run.speechdoc(["convert", "c/a.txt", "c/a.md", "--to", "md", "-o", "c/"], in: directory.url)
    #expect(replacing.status == 1)
    #expect(replacing.stderr.contains("c/a.txt: its output c/a.md would replace the input c/a.md"))
    #expect(try contents(directory.file("c/a.md")) == handEdited)

    try write(speech, directory.file("d1/speech.txt"))
    try write(speech.replacingOccurrences(of: "全市", with: "全县"), directory.file("d2/speech.txt"))
    let sharing = try Run.speechdoc(["convert", "d1/speech.txt", "d2/speech.txt", "--to", "docx", "-o", "o/"], in: directory.url)
    #expect(sharing.status == 1)
    #expect(sharing.stderr.contains("d1/speech.txt and d2/speech.txt would both write o/speech.docx"))
    #expect(!FileManager.default.fileExists(atPath: directory.file("o/speech.docx").path))

    // A file of two speeches writes x-1 and x-2: x-1.txt, another input, would write x-1 too.
    try write(speech + "\n在全县表彰大会上的讲话\n同志们：\n二、抓好落实\n要抓好落实，确保各项任务完成。\n谢谢大家！\n", directory.file("m/x.txt"))
    try write(speech, directory.file("m/x-1.txt"))
    let numbered = try Run.speechdoc(["convert", "m/x.txt", "m/x-1.txt", "--to", "md", "-o", "mo/"], in: directory.url)
    #expect(numbered.status == 1)
    #expect(numbered.stderr.contains("would both write mo/x-1.md"))
    // The same file named twice is read once, not refused as a collision.
    let twice = try Run.speechdoc(["convert", "d1/speech.txt", "./d1/speech.txt", "--to", "md", "-o", "t/"], in: directory.url)
    #expect(twice.status == 0, "\(twice.stderr)")
}

@Test func aReportPathMayBeNeitherAnInputNorAnOutput() throws {
    let directory = try TemporaryDirectory()
    try write(speech, directory.file("dir/a.txt"))
    let batch = try Run.speechdoc(["batch", "dir", "-o", "out", "--to", "md", "--report", "dir/a.txt", "--quiet"], in: directory.url)
    #expect(batch.status == 1)
    #expect(try contents(directory.file("dir/a.txt")) == speech)
    let asOutput = try Run.speechdoc(["batch", "dir", "-o", "out", "--to", "md", "--report", "out/a.md"], in: directory.url)
    #expect(asOutput.status == 1)
    #expect(asOutput.stderr.contains("it is the report"))
    // The same with the output folder already there (the report then a name in it), spelled
    // another way: the output is still found to be the report.
    try FileManager.default.createDirectory(at: directory.file("made"), withIntermediateDirectories: true)
    let inFolder = try Run.speechdoc(["batch", "dir", "-o", "made", "--to", "md", "--report", "./made/../made/a.md"], in: directory.url)
    #expect(inFolder.status == 1)
    #expect(inFolder.stderr.contains("it is the report"))
    let clean = try Run.speechdoc(["clean", "dir/a.txt", "-o", "c.txt", "--report", "c.txt"], in: directory.url)
    #expect(clean.status == 1)
    #expect(clean.stderr.contains("is the report c.txt"))
    #expect(!FileManager.default.fileExists(atPath: directory.file("c.txt").path))
}

@Test func fifosAndDevicesAreSkippedNeverRead() throws {
    let directory = try TemporaryDirectory()
    try write(speech, directory.file("in/a.txt"))
    #expect(mkfifo(directory.file("in/pipe.txt").path, 0o644) == 0)
    try FileManager.default.createSymbolicLink(atPath: directory.file("in/zero.txt").path, withDestinationPath: "/dev/zero")
    // Were either read, the batch would hang or allocate without end.
    let batch = try Run.speechdoc(["batch", "in", "-o", "out", "--to", "md", "--report", "r.json", "--quiet"], in: directory.url)
    #expect(batch.status == 0, "\(batch.stderr)")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.file("r.json"))) as? [String: Any])
    let skipped = (report["skipped"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
    #expect(Set(skipped) == ["in/pipe.txt", "in/zero.txt"])
    #expect(FileManager.default.fileExists(atPath: directory.file("out/a.md").path))
    let convert = try Run.speechdoc(["convert", "in/pipe.txt", "--to", "md", "-o", "p.md"], in: directory.url)
    #expect(convert.status == 1)
    #expect(convert.stderr.contains("in/pipe.txt: not a regular file (a FIFO)"))
}

@Test func outputsGoThroughLinksAndIntoDevicesNeverReplacingThem() throws {
    let directory = try TemporaryDirectory()
    try write(speech, directory.file("a.txt"))
    try write("old", directory.file("real.md"))
    try FileManager.default.createSymbolicLink(atPath: directory.file("link.md").path, withDestinationPath: "real.md")
    #expect(try Run.speechdoc(["convert", "a.txt", "-o", "link.md"], in: directory.url).status == 0)
    let link = try FileManager.default.attributesOfItem(atPath: directory.file("link.md").path)
    #expect(link[.type] as? FileAttributeType == .typeSymbolicLink)
    #expect(try contents(directory.file("real.md")).contains("在全市工作会议上的讲话"))
    try FileManager.default.createSymbolicLink(atPath: directory.file("dangling.md").path, withDestinationPath: "nothing.md")
    let dangling = try Run.speechdoc(["convert", "a.txt", "-o", "dangling.md"], in: directory.url)
    #expect(dangling.status == 1)
    #expect(dangling.stderr.contains("a link to nothing"))
    // A FIFO nobody reads is an error at once, not a hang; a device is written into.
    #expect(mkfifo(directory.file("fifo.md").path, 0o644) == 0)
    let fifo = try Run.speechdoc(["convert", "a.txt", "-o", "fifo.md"], in: directory.url)
    #expect(fifo.status == 1)
    #expect(fifo.stderr.contains("no process reads it"))
    // A private node of the full device (1, 7), so that a regression replaces this one and
    // not the machine's /dev/full; making one needs root.
    let full = directory.file("full")
    if mknod(full.path, S_IFCHR | 0o666, (1 << 8) | 7) == 0 {
        let result = try Run.speechdoc(["convert", "a.txt", "--to", "md", "-o", full.path], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("No space left on device"))
        let device = try FileManager.default.attributesOfItem(atPath: full.path)
        #expect(device[.type] as? FileAttributeType == .typeCharacterSpecial)
    }
    // Like /dev/stdout, a link to the process's standard output (a pipe here), but a private
    // one, so that a regression replaces this link and not the machine's /dev/stdout.
    try FileManager.default.createSymbolicLink(atPath: directory.file("stdout").path, withDestinationPath: "/proc/self/fd/1")
    let report = try Run.speechdoc(["clean", "a.txt", "-o", "c.txt", "--report", "stdout"], in: directory.url)
    #expect(report.status == 0, "\(report.stderr)")
    #expect(report.stdoutText.contains("\"removed\""))
    let stdoutLink = try FileManager.default.attributesOfItem(atPath: directory.file("stdout").path)
    #expect(stdoutLink[.type] as? FileAttributeType == .typeSymbolicLink)
}

@Test func aMissingBatchInputFailsAndAnOutputFolderInsideTheInputIsNotRead() throws {
    let directory = try TemporaryDirectory()
    try write(speech, directory.file("sp/a.txt"))
    let missing = try Run.speechdoc(["batch", "sp", "nosuch", "-o", "out", "--to", "md", "--quiet"], in: directory.url)
    #expect(missing.status == 1)
    for _ in 0..<2 {
        let result = try Run.speechdoc(["batch", "sp", "-o", "sp/out", "--to", "md", "--report", "r.json", "--quiet"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
    }
    let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.file("r.json"))) as? [String: Any])
    #expect((report["inputs"] as? [[String: Any]])?.count == 1)
    #expect(!FileManager.default.fileExists(atPath: directory.file("sp/out/out").path))
}

@Test func aNameOf250BytesStillConverts() throws {
    let directory = try TemporaryDirectory()
    // 82 three-byte characters and ".txt": 250 bytes; the output name is 249.
    let stem = String(repeating: "讲", count: 82)
    try write(speech, directory.file(stem + ".txt"))
    let result = try Run.speechdoc(["convert", stem + ".txt", "--to", "md"], in: directory.url)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(FileManager.default.fileExists(atPath: directory.file(stem + ".md").path))
}

/// The README's own recipe, parallel shards into one output folder with their reports in it,
/// and a second batch started while they run: ten rounds, no failure, no temporary file left.
@Test func parallelShardsAndASecondBatchShareAnOutputFolder() throws {
    let directory = try TemporaryDirectory()
    for index in 0..<60 {
        try write(speech.replacingOccurrences(of: "全市", with: "第\(index)区"), directory.file("in/s\(index).txt"))
    }
    for round in 0..<10 {
        let out = directory.file("out\(round)")
        var processes: [Process] = []
        var arguments = (1...4).map { ["batch", "in", "-o", out.path, "--to", "md,docx", "--shard", "\($0)/4", "--jobs", "1",
                                       "--report", out.appendingPathComponent("report-\($0).json").path, "--quiet"] }
        arguments.append(["batch", "in", "-o", out.path, "--to", "epub", "--jobs", "1", "--quiet"])
        for argument in arguments {
            let process = Process()
            process.executableURL = Repository.executable
            process.arguments = argument
            process.currentDirectoryURL = directory.url
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append(process)
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == [0, 0, 0, 0, 0], "round \(round)")
        for shard in 1...4 { #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("report-\(shard).json").path)) }
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(names.filter { $0.hasSuffix(".md") }.count == 60 && names.filter { $0.hasSuffix(".epub") }.count == 60, "round \(round)")
        #expect(temporaryFiles(under: out).isEmpty, "round \(round)")
    }
}

/// A batch ended by SIGTERM removes its temporary files (here the report it streams).
@Test func aTerminatedBatchLeavesNoTemporaryFile() throws {
    let directory = try TemporaryDirectory()
    for index in 0..<400 { try write(String(repeating: speech, count: 20), directory.file("in/s\(index).txt")) }
    let process = Process()
    process.executableURL = Repository.executable
    process.arguments = ["batch", "in", "-o", "out", "--to", "docx,epub", "--jobs", "1", "--report", "out/report.json", "--quiet"]
    process.currentDirectoryURL = directory.url
    try process.run()
    // Wait until the report's temporary file exists, then end the batch.
    let deadline = Date().addingTimeInterval(20)
    while temporaryFiles(under: directory.file("out")).isEmpty, process.isRunning, Date() < deadline { usleep(10_000) }
    let wasWriting = process.isRunning
    process.terminate()
    process.waitUntilExit()
    if wasWriting {
        // Dead of SIGTERM, or (when the signal is blocked, as a test runner may leave it)
        // exited with the status that says so.
        #expect((process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM)
                || (process.terminationReason == .exit && process.terminationStatus == 128 + SIGTERM))
        #expect(temporaryFiles(under: directory.file("out")).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory.file("out/report.json").path))
    } else {
        Issue.record("the batch ended before it could be terminated; make its input larger")
    }
}

@Test func aFileNameWrittenAsAnOptionIsAUsageErrorNotHelp() throws {
    let result = try Run.speechdoc(["convert", "-dash.txt", "--to", "md"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("-dash.txt: not an option"))
    #expect(result.stdout.isEmpty)
}

@Test func controlCharactersInAFileNameAreShownEscaped() throws {
    let result = try Run.speechdoc(["convert", "a\nb\u{1B}[31m.txt", "--to", "md"])
    #expect(result.status == 1)
    #expect(result.stderr == "speechdoc: a\\nb\\u{1B}[31m.txt: no such file\n")
}

@Test func aCollectionNamedAfterItsTitleKeepsTheWholeTitle() throws {
    let directory = try TemporaryDirectory()
    try write(speech, directory.file("a.txt"))
    try write(speech.replacingOccurrences(of: "全市", with: "全县"), directory.file("b.txt"))
    let result = try Run.speechdoc(["convert", "a.txt", "b.txt", "-o", "out/", "--to", "epub", "--title", "讲话汇编 2.0/上"], in: directory.url)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("out").path) == ["讲话汇编 2.0／上.epub"])
}

/// libxml2's own diagnostics run over several lines; they are silenced and the error comes back
/// as one line naming the file, the part and the line.
@Test func aBrokenTemplateIsOneLineOfError() throws {
    let directory = try TemporaryDirectory()
    try write(speech, directory.file("a.txt"))
    #expect(try Run.speechdoc(["convert", "a.txt", "-o", "good.docx"], in: directory.url).status == 0)
    let good = try ZipArchiveReader([UInt8](Data(contentsOf: directory.file("good.docx"))))
    let broken = ZipArchiveWriter()
    for entry in good.entries {
        var bytes = try good.read(entry.name)
        if entry.name == "word/styles.xml" { bytes = Array(bytes.prefix(bytes.count / 2)) + Array("<w:style <<<".utf8) }
        broken.add(entry.name, bytes)
    }
    try Data(try broken.finish()).write(to: directory.file("broken.docx"))
    let result = try Run.speechdoc(["convert", "a.txt", "-o", "out.docx", "--reference-docx", "broken.docx"], in: directory.url)
    #expect(result.status == 2)
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    #expect(result.stderr.hasPrefix("speechdoc: broken.docx: word/styles.xml: malformed XML at line"))
}

/// Standard output on a terminal (a pseudo-terminal from script(1)) gets no binary DOCX.
@Test(.enabled(if: Run.tool("script") != nil, "needs script(1) for a terminal"))
func aBinaryFormatIsNotWrittenToATerminal() throws {
    let directory = try TemporaryDirectory()
    try write(speech, directory.file("a.txt"))
    let command = "\(Repository.executable.path) convert a.txt --to docx -o -; echo \"status=$?\""
    let result = try Run.program(Run.tool("script")!, ["-qec", command, "/dev/null"], in: directory.url)
    #expect(result.stdoutText.contains("refusing to write a binary DOCX file to a terminal"))
    #expect(result.stdoutText.contains("status=2"))
    #expect(!result.stdoutText.contains("PK"))
}

/// A killed (KILL) run's temporary files are removed by the next run that writes beside them,
/// once their process is gone: convert in its output folder, batch in its output tree and
/// beside a report kept outside it. Files of a live process are left alone.
@Test func temporaryFilesOfDeadRunsGoAndThoseOfLiveOnesStay() throws {
    let directory = try TemporaryDirectory()
    try write(speech, directory.file("in/a.txt"))
    for folder in ["out", "reports", "conv"] {
        try FileManager.default.createDirectory(at: directory.file(folder), withIntermediateDirectories: true)
    }
    // PID 2^22+1 is above Linux's pid_max: no such process.
    let dead = ".speechdoc-tmp-4194305-1", live = ".speechdoc-tmp-\(getpid())-99"
    for folder in ["out", "reports", "conv"] {
        try Data("partial".utf8).write(to: directory.file("\(folder)/\(dead)"))
        try Data("in use".utf8).write(to: directory.file("\(folder)/\(live)"))
    }
    #expect(try Run.speechdoc(["batch", "in", "-o", "out", "--to", "md", "--report", "reports/r.json", "--quiet"], in: directory.url).status == 0)
    #expect(try Run.speechdoc(["convert", "in/a.txt", "-o", "conv/a.md"], in: directory.url).status == 0)
    for folder in ["out", "reports", "conv"] {
        #expect(!FileManager.default.fileExists(atPath: directory.file("\(folder)/\(dead)").path), "\(folder)")
        #expect(FileManager.default.fileExists(atPath: directory.file("\(folder)/\(live)").path), "\(folder)")
    }
}

@Test func theSameFolderGivenTwiceConvertsItsFilesOnce() throws {
    let directory = try TemporaryDirectory()
    try write(speech, directory.file("in/a.txt"))
    let result = try Run.speechdoc(["batch", "in", "./in/", "in/a.txt", "-o", "out", "--to", "md", "--report", "r.json", "--quiet"], in: directory.url)
    #expect(result.status == 0, "\(result.stderr)")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.file("r.json"))) as? [String: Any])
    #expect((report["inputs"] as? [[String: Any]])?.count == 1)
    // Two names of one file (a hard link) are two inputs with two outputs.
    #expect(link(directory.file("in/a.txt").path, directory.file("in/b.txt").path) == 0)
    let linked = try Run.speechdoc(["batch", "in", "-o", "out2", "--to", "md", "--quiet"], in: directory.url)
    #expect(linked.status == 0, "\(linked.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("out2").path).sorted() == ["a.md", "b.md"])
    let convert = try Run.speechdoc(["convert", "in/a.txt", "in/b.txt", "./in/a.txt", "--to", "md", "-o", "out3/"], in: directory.url)
    #expect(convert.status == 0, "\(convert.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("out3").path).sorted() == ["a.md", "b.md"])
}
