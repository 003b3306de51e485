import Foundation
import Testing
import TestSupport
import ZipSupport
import SpeechWriting
@testable import SystemSupport
@testable import SpeechDoc

/// A directory of inputs the tests make: good UTF-8, GB18030, an empty file, a binary file,
/// a non-text file, nested folders.
private func mixedCorpus(in directory: TemporaryDirectory) throws -> URL {
    let root = directory.url.appendingPathComponent("in")
    let nested = root.appendingPathComponent("2024/march")
    try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
    for sample in Repository.samples {
        try FileManager.default.copyItem(at: sample, to: root.appendingPathComponent(sample.lastPathComponent))
    }
    let speech = "在全县春耕生产工作会议上的讲话\n同志们：\n一、抓好春耕\n今天召开会议，部署春耕生产。一要备足农资。要提前调运化肥种子。\n"
    try speech.write(to: nested.appendingPathComponent("spring.txt"), atomically: true, encoding: .utf8)
    let gb = try Run.program(URL(fileURLWithPath: "/usr/bin/iconv"), ["-f", "UTF-8", "-t", "GB18030"], input: Data(speech.utf8)).stdout
    try gb.write(to: nested.appendingPathComponent("spring-gb.txt"))
    let twoSpeeches = speech + "在全县夏粮收购工作会议上的讲话\n同志们：\n一、抓好收购\n要抓好夏粮收购。\n"
    try twoSpeeches.write(to: nested.appendingPathComponent("two.txt"), atomically: true, encoding: .utf8)
    try Data().write(to: root.appendingPathComponent("empty.txt"))
    try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0xFF, 0x80, 0, 0]).write(to: root.appendingPathComponent("picture.txt"))
    try Data("%PDF-1.4".utf8).write(to: root.appendingPathComponent("scan.pdf"))
    return root
}

private func report(_ url: URL) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
}

@Test func aMixedDirectoryConvertsWhatItCanAndReportsTheRest() throws {
    let directory = try TemporaryDirectory()
    let input = try mixedCorpus(in: directory)
    let out = directory.url.appendingPathComponent("out"), reportURL = directory.file("report.json")
    let result = try Run.speechdoc(["batch", input.path, "-o", out.path, "--to", "docx,md", "--report", reportURL.path, "--jobs", "2"])
    #expect(result.status == 1, "a bad input makes the exit code 1")
    #expect(result.stderr.contains("empty.txt: the file is empty"))
    #expect(result.stderr.contains("picture.txt"))
    let files = Set((FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? []).filter { $0.contains(".") })
    for expected in ["01-rural-revitalization.docx", "01-rural-revitalization.md", "2024/march/spring.docx", "2024/march/spring-gb.md",
                     "2024/march/two-1.docx", "2024/march/two-2.docx", "2024/march/two-2.md"] {
        #expect(files.contains(expected), "missing \(expected)")
    }
    #expect(!files.contains { $0.hasPrefix("empty") || $0.hasPrefix("picture") || $0.hasPrefix("scan") })
    let json = try report(reportURL)
    let totals = try #require(json["totals"] as? [String: Int])
    // The samples, three good inputs (spring, spring-gb, two), two bad ones and one skipped.
    let samples = Repository.samples.count
    #expect(totals["inputs"] == samples + 5 && totals["failed"] == 2 && totals["skipped"] == 1 && totals["converted"] == samples + 3, "\(totals)")
    let entries = try #require(json["inputs"] as? [[String: Any]])
    let byName = Dictionary(uniqueKeysWithValues: entries.map { (URL(fileURLWithPath: $0["input"] as! String).lastPathComponent, $0) })
    #expect(byName["spring-gb.txt"]?["encoding"] as? String == "gb18030")
    #expect(byName["two.txt"]?["speeches"] as? Int == 2)
    #expect((byName["two.txt"]?["outputs"] as? [String])?.count == 4)
    #expect(byName["empty.txt"]?["error"] as? String == "the file is empty")
    #expect((byName["01-rural-revitalization.txt"]?["removed"] as? Int ?? 0) > 0)
    #expect(((json["skipped"] as? [[String: Any]])?.first?["path"] as? String)?.hasSuffix("scan.pdf") == true)
    #expect(json["elapsed_seconds"] is Double)
}

@Test func jobsDoNotChangeTheOutputs() throws {
    let directory = try TemporaryDirectory()
    let input = try mixedCorpus(in: directory)
    var trees: [[String: Data]] = []
    var failures: [[String]] = []
    for jobs in ["1", "3"] {
        let out = directory.url.appendingPathComponent("out\(jobs)")
        let result = try Run.speechdoc(["batch", input.path, "-o", out.path, "--jobs", jobs])
        // The empty file and the picture fail, and nothing else: the lines name each failure.
        failures.append(result.stderr.split(separator: "\n").filter { $0.contains(input.path) }.map(String.init).sorted())
        var tree: [String: Data] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: out.path)! where path.contains(".") {
            tree[path] = try Data(contentsOf: out.appendingPathComponent(path))
        }
        trees.append(tree)
    }
    #expect(trees[0].count > 10)
    #expect(failures[0] == failures[1])
    #expect(failures[1].count == 2, "\(failures[1])")
    #expect(trees[0] == trees[1])
}

/// Every durability mode writes the same outputs and reports the same entries, and leaves no
/// temporary file; an unknown mode is a usage error (issue 18).
@Test func everyDurabilityModeWritesTheSameOutputs() throws {
    let directory = try TemporaryDirectory()
    let input = try mixedCorpus(in: directory)
    var trees: [[String: Data]] = []
    var reports: [[String]] = []
    for mode in ["file", "batch", "none"] {
        let out = directory.url.appendingPathComponent("out-\(mode)"), reportURL = directory.file("\(mode).json")
        let result = try Run.speechdoc(["batch", input.path, "-o", out.path, "--durable", mode, "--report", reportURL.path, "--quiet"])
        #expect(result.status == 1, "\(mode): the two bad inputs fail, \(result.stderr)")
        var tree: [String: Data] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: out.path)! {
            #expect(!path.contains(AtomicFile.temporaryPrefix), "\(mode) left \(path)")
            if path.contains(".") { tree[path] = try Data(contentsOf: out.appendingPathComponent(path)) }
        }
        trees.append(tree)
        let entries = try #require(try report(reportURL)["inputs"] as? [[String: Any]])
        reports.append(entries.map { "\(URL(fileURLWithPath: $0["input"] as! String).lastPathComponent) \(($0["outputs"] as? [String])?.count ?? 0) \($0["error"] == nil)" })
    }
    #expect(trees[0].count > 10 && trees[0] == trees[1] && trees[1] == trees[2])
    #expect(reports[0] == reports[1] && reports[1] == reports[2], "\(reports)")
    let unknown = try Run.speechdoc(["batch", input.path, "-o", directory.file("x").path, "--durable", "sometimes"])
    #expect(unknown.status == 2)
}

/// Group commit reports an input only once its outputs are in place, though the groups now
/// commit on a queue of their own while the workers fill the next: each time the progress
/// counts an input done, at least as many inputs' outputs are under their final names. Three
/// hundred inputs to three formats make several groups of 256 files (issue 18).
@Test func groupCommitReportsAnInputOnlyOnceItsOutputsAreInPlace() throws {
    let directory = try TemporaryDirectory()
    let input = directory.url.appendingPathComponent("in")
    try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
    let samples = try Repository.samples.map { try Data(contentsOf: $0) }
    let count = 300
    for index in 0..<count {
        try samples[index % samples.count].write(to: input.appendingPathComponent(String(format: "speech-%03d.txt", index)))
    }
    let out = directory.url.appendingPathComponent("out")
    var configuration = BatchRunner.Configuration(inputs: [input.path], outputDirectory: out.path, formats: [.docx, .epub, .markdown], jobs: 2)
    configuration.durability = .batch
    let seen = Locked<[(done: Int, placed: Int)]>([])
    let summary = try BatchRunner(configuration).run(progress: { done, _ in
        let names = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        let placed = names.filter { !$0.hasPrefix(AtomicFile.temporaryPrefix) }.count
        seen.withLock { $0.append((done, placed)) }
    })
    #expect(summary.failed == 0)
    let calls = seen.withLock { $0 }
    #expect(calls.count == count)
    let early = calls.filter { $0.placed < 3 * $0.done }
    let reportedEarly = early.count
    #expect(reportedEarly == 0, "reported before their outputs were in place, first: \(early.prefix(3))")
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).count == 3 * count)
}

/// The grouping itself, with a stand-in for the flush and renames: a quick commit makes groups
/// of 256 files or more; one slower than the workers lets the next group grow (fewer commits)
/// but never past four times that (plus the outputs of one input per worker); every entry is
/// recorded once, after the commit of its group (issue 18).
@Test func groupsGrowWhileASlowCommitRunsButNotWithoutBound() throws {
    func run(commitDelay: UInt32) -> (sizes: [Int], recorded: [Int], early: Int) {
        let sizes = Locked<[Int]>([]), recorded = Locked<[Int]>([]), committed = Locked(Set<Int>())
        let early = Locked(0)
        let group = GroupCommit(commit: { renames in
            usleep(commitDelay)
            sizes.withLock { $0.append(renames.count) }
            committed.withLock { $0.formUnion(renames.map { Int($0.final)! }) }
            return []
        }, record: { index, _ in
            if !committed.withLock({ $0.contains(index * 3) }) { early.withLock { $0 += 1 } }
            recorded.withLock { $0.append(index) }
        })
        let next = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            while true {
                let index = next.withLock { value -> Int in defer { value += 1 }; return value }
                guard index < 2_000 else { break }
                let pending = (0..<3).map { AtomicFile.PendingRename(temporary: "t", final: String(index * 3 + $0), display: "d") }
                group.add(index, BatchEntry(input: String(index)), pending)
                usleep(50)
            }
        }
        group.flush()
        return (sizes.withLock { $0 }, recorded.withLock { $0 }, early.withLock { $0 })
    }
    let quick = run(commitDelay: 0)
    #expect(quick.recorded.sorted() == Array(0..<2_000) && quick.early == 0)
    #expect(quick.sizes.dropLast().allSatisfy { $0 >= 256 } && quick.sizes.reduce(0, +) == 6_000, "\(quick.sizes)")
    let slow = run(commitDelay: 150_000)
    #expect(slow.recorded.sorted() == Array(0..<2_000) && slow.early == 0)
    #expect(slow.sizes.reduce(0, +) == 6_000)
    #expect(slow.sizes.count < quick.sizes.count, "\(slow.sizes) against \(quick.sizes)")
    #expect(slow.sizes.allSatisfy { $0 < 4 * 256 + 3 * 2 }, "\(slow.sizes)")
}

@Test func shardsCoverEveryInputExactlyOnce() throws {
    let directory = try TemporaryDirectory()
    let input = try mixedCorpus(in: directory)
    var seen: [String: Int] = [:]
    for index in 1...3 {
        let reportURL = directory.file("report-\(index).json")
        _ = try Run.speechdoc(["batch", input.path, "-o", directory.url.appendingPathComponent("out").path, "--to", "md",
                               "--shard", "\(index)/3", "--report", reportURL.path, "--quiet"])
        let json = try report(reportURL)
        for entry in json["inputs"] as? [[String: Any]] ?? [] { seen[entry["input"] as! String, default: 0] += 1 }
        for entry in json["skipped"] as? [[String: Any]] ?? [] { seen[entry["path"] as! String, default: 0] += 1 }
    }
    let all = InputFiles.collect([input.path]).inputs.map(\.path)
    #expect(Set(seen.keys) == Set(all))
    #expect(seen.values.allSatisfy { $0 == 1 })
    #expect(Shard("0/3") == nil && Shard("4/3") == nil && Shard("2/3") != nil)
}

@Test func incrementalSkipsUnchangedInputsAndRedoesChangedOnes() throws {
    let directory = try TemporaryDirectory()
    let input = try mixedCorpus(in: directory)
    let out = directory.url.appendingPathComponent("out"), reportURL = directory.file("report.json")
    let arguments = ["batch", input.path, "-o", out.path, "--to", "md", "--report", reportURL.path, "--incremental", "--quiet"]
    _ = try Run.speechdoc(arguments)
    let changed = input.appendingPathComponent("2024/march/spring.txt")
    try "在全县春耕生产工作会议上的讲话\n同志们：\n今天换了内容。\n".write(to: changed, atomically: true, encoding: .utf8)
    try FileManager.default.removeItem(at: out.appendingPathComponent("03-opening-ceremony-traditional.md"))
    _ = try Run.speechdoc(arguments)
    let entries = try #require(try report(reportURL)["inputs"] as? [[String: Any]])
    let unchanged = Set(entries.filter { $0["unchanged"] as? Bool == true }.map { URL(fileURLWithPath: $0["input"] as! String).lastPathComponent })
    let samples = Set(Repository.samples.map(\.lastPathComponent)).subtracting(["03-opening-ceremony-traditional.txt"])
    #expect(unchanged == samples.union(["spring-gb.txt", "two.txt"]))
    #expect(try String(contentsOf: out.appendingPathComponent("2024/march/spring.md"), encoding: .utf8).contains("今天换了内容。"))
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("03-opening-ceremony-traditional.md").path))
}

/// kill -9 at random moments of `--durable batch --incremental` runs: every output under its
/// final name is whole (never empty, never cut), and an `--incremental` rerun completes the set
/// and removes the temporary files the killed runs left.
@Test func killedRunsLeaveNoTruncatedOutputAndAnIncrementalRerunFinishes() throws {
    let directory = try TemporaryDirectory()
    let input = directory.url.appendingPathComponent("in")
    try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
    let samples = try Repository.samples.map { try Data(contentsOf: $0) }
    for index in 0..<400 {
        try samples[index % samples.count].write(to: input.appendingPathComponent(String(format: "speech-%03d.txt", index)))
    }
    let out = directory.url.appendingPathComponent("out")
    let report = directory.file("report.json")
    let arguments = ["batch", input.path, "-o", out.path, "--quiet", "--durable", "batch", "--incremental", "--report", report.path]
    func placed() -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).filter { !$0.hasPrefix(AtomicFile.temporaryPrefix) }.count
    }
    func checkComplete() throws -> (complete: Int, temporary: Int) {
        var complete = 0, temporary = 0
        for name in (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? [] {
            let bytes = [UInt8](try Data(contentsOf: out.appendingPathComponent(name)))
            if name.hasPrefix(AtomicFile.temporaryPrefix) { temporary += 1; continue }
            #expect(!bytes.isEmpty, "\(name) is empty")
            if name.hasSuffix(".md") {
                #expect(bytes.last == 0x0A && (try? MarkdownReader.read(String(decoding: bytes, as: UTF8.self))) != nil, "\(name) is truncated")
            } else {
                #expect((try? ZipArchiveReader(bytes)) != nil, "\(name) is not a complete zip")
            }
            complete += 1
        }
        return (complete, temporary)
    }
    // Three runs, each killed at a random moment once more of the set is in place.
    var random = SystemRandomNumberGenerator()
    var killed = 0
    for round in 0..<3 {
        let before = placed()
        let target = before + Int.random(in: 5...(round == 2 ? 400 : 150), using: &random)
        let process = Process()
        process.executableURL = Repository.executable
        process.arguments = arguments
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, process.isRunning, placed() < target { usleep(UInt32.random(in: 1_000...20_000, using: &random)) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal { killed += 1 }
        let state = try checkComplete()
        #expect(state.complete >= before, "round \(round): outputs already in place were lost")
    }
    #expect(killed >= 2, "the runs finished before they could be killed")
    let rerun = try Run.speechdoc(arguments)
    #expect(rerun.status == 0, "\(rerun.stderr)")
    let afterRerun = try checkComplete()
    #expect(afterRerun.temporary == 0)
    #expect(afterRerun.complete == 400 * 3)
    // And once complete, a further incremental run has nothing to redo.
    _ = try Run.speechdoc(arguments)
    let entries = try #require((try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any])?["inputs"] as? [[String: Any]])
    #expect(entries.count == 400 && entries.allSatisfy { $0["unchanged"] as? Bool == true })
}

@Test func linkedFilesConvertAndInputsWithOneNameAreRefusedNotOverwritten() throws {
    let directory = try TemporaryDirectory()
    let manager = FileManager.default
    let input = directory.url.appendingPathComponent("in"), out = directory.url.appendingPathComponent("out")
    try manager.createDirectory(at: input, withIntermediateDirectories: true)
    let samples = Repository.samples
    // A link to a file elsewhere is converted under its own name; a link to a directory is not
    // followed, and a link to nothing is reported.
    try manager.createSymbolicLink(at: input.appendingPathComponent("linked.txt"), withDestinationURL: samples[0])
    try manager.createSymbolicLink(at: input.appendingPathComponent("folder"), withDestinationURL: samples[0].deletingLastPathComponent())
    try manager.createSymbolicLink(at: input.appendingPathComponent("gone.txt"), withDestinationURL: directory.url.appendingPathComponent("none.txt"))
    // speech.md and speech.txt would both write speech.md: the first keeps it, the second fails.
    _ = try Run.speechdoc(["convert", samples[2].path, "--to", "md", "-o", input.appendingPathComponent("speech.md").path])
    try manager.copyItem(at: samples[1], to: input.appendingPathComponent("speech.txt"))
    // A one-character name once brought the whole batch down (a Foundation path function traps).
    try manager.copyItem(at: samples[1], to: input.appendingPathComponent("1.txt"))
    let reportURL = directory.file("report.json")
    let result = try Run.speechdoc(["batch", input.path, "-o", out.path, "--to", "md", "--report", reportURL.path])
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.contains("speech.txt: its outputs would replace those of"), "\(result.stderr)")
    #expect(manager.fileExists(atPath: out.appendingPathComponent("linked.md").path))
    #expect(manager.fileExists(atPath: out.appendingPathComponent("1.md").path))
    #expect(try Data(contentsOf: out.appendingPathComponent("speech.md")) == Data(contentsOf: input.appendingPathComponent("speech.md")))
    let json = try report(reportURL)
    let skipped = try #require(json["skipped"] as? [[String: String]])
    #expect(skipped.contains { $0["path"]!.hasSuffix("/folder") && $0["reason"]!.contains("not followed") })
    #expect(skipped.contains { $0["path"]!.hasSuffix("/gone.txt") && $0["reason"]!.contains("link to nothing") })
    let totals = try #require(json["totals"] as? [String: Int])
    #expect(totals["converted"] == 3 && totals["failed"] == 1 && totals["skipped"] == 2)
}

/// Parallel shards write into one directory: a batch starting up removes only the temporary
/// files of runs that are gone, never those of a batch still writing (issue 15).
@Test func aBatchLeavesTheTemporaryFilesOfAnotherLiveRunAlone() throws {
    let directory = try TemporaryDirectory()
    let input = directory.url.appendingPathComponent("in")
    let out = directory.url.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: Repository.samples[0], to: input.appendingPathComponent("a.txt"))
    // A process that has ended, and one that is running (this test).
    let finished = Process()
    finished.executableURL = URL(fileURLWithPath: "/bin/true")
    try finished.run()
    finished.waitUntilExit()
    let dead = out.appendingPathComponent(AtomicFile.temporaryPrefix + "\(finished.processIdentifier)-1-x.md")
    let live = out.appendingPathComponent(AtomicFile.temporaryPrefix + "\(getpid())-1-y.md")
    for file in [dead, live] { try Data("partial".utf8).write(to: file) }
    let result = try Run.speechdoc(["batch", input.path, "-o", out.path, "--to", "md", "--quiet"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dead.path), "a dead run's temporary file stays")
    #expect(FileManager.default.fileExists(atPath: live.path), "a live run's temporary file was removed")
    #expect(AtomicFile.temporaryFileOwner(AtomicFile.temporaryPrefix + "123-4-name.md") == 123)
    #expect(AtomicFile.temporaryFileOwner(AtomicFile.temporaryPrefix + "name.md") == nil)
}
