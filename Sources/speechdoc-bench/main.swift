import SystemSupport
import Foundation
import SpeechDoc

// speechdoc-bench — the numbers behind `make bench`.
//
//   speechdoc-bench [--speeches 2000] [--work DIR] [--readme README.md]
//                                                         run every stage, print a table (and put
//                                                         it in the README between its bench markers)
//   speechdoc-bench stage NAME CORPUS                     one stage in this process (used by the driver)
//   speechdoc-bench million SHAPE SOURCE OUT              write a file of a million lines (used by the driver)
//
// Each stage runs in a child process so its peak RSS is its own (wait4's rusage).

struct Corpus {
    /// Builds speeches of 5–25 KB from the samples' paragraphs, shuffled and varied, with the
    /// samples' kinds of web noise, plus files of 5 and 10 MB holding many speeches.
    static func generate(into directory: URL, speeches count: Int, samples: [URL]) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: directory.appendingPathComponent("speeches"), withIntermediateDirectories: true)
        // The files of the last run are rewritten in place where they differ, not deleted:
        // see `DiskOutputs` (thousands of files deleted slow the disk rows for minutes).
        func write(_ text: String, to url: URL) throws {
            let data = Data(text.utf8)
            if (try? Data(contentsOf: url)) == data { return }
            try data.write(to: url)
        }
        let names = Set((0..<count).map { String(format: "speech-%05d.txt", $0) })
        for name in (try? manager.contentsOfDirectory(atPath: directory.appendingPathComponent("speeches").path)) ?? [] where !names.contains(name) {
            try? manager.removeItem(at: directory.appendingPathComponent("speeches").appendingPathComponent(name))
        }
        var random = SplitMix(seed: 20261121)
        let texts = try samples.map { try PlainTextReader.read([UInt8](Data(contentsOf: $0)), options: .keepingCleanedLines) }
        let paragraphs = texts.flatMap { $0.cleanedLines.map(\.text) }.filter { $0.count > 30 }
        let titles = texts.flatMap { $0.speeches.map(\.metadata.title) }
        let noise = ["您的位置:范文网>>讲话>>正文", "发布时间:2024/3/12 09:15:07", "仅供学习 禁止外传", "上一篇:在植树节上的讲话"]
        let numerals = ["一", "二", "三", "四", "五", "六"]
        func speech(_ index: Int, targetBytes: Int) -> String {
            var lines = [noise.randomElement(using: &random)!, titles[index % titles.count], "（2024年\(1 + index % 12)月\(1 + index % 28)日）", "同志们:"]
            var size = 0, section = 0
            while size < targetBytes {
                if size == 0 || Int.random(in: 0..<6, using: &random) == 0, section < numerals.count {
                    lines.append("\(numerals[section])、第\(index)篇讲话的第\(section + 1)部分要求")
                    section += 1
                }
                var paragraph = paragraphs.randomElement(using: &random)!
                paragraph = paragraph.replacingOccurrences(of: "2024", with: String(2000 + index % 25))
                if Int.random(in: 0..<4, using: &random) == 0 { paragraph = paragraph.replacingOccurrences(of: "，", with: ",") }
                lines.append(paragraph)
                size += paragraph.utf8.count
            }
            lines.append("谢谢大家!")
            lines.append(noise.randomElement(using: &random)!)
            return lines.joined(separator: "\n") + "\n"
        }
        for index in 0..<count {
            let text = speech(index, targetBytes: Int.random(in: 5_000...25_000, using: &random))
            try write(text, to: directory.appendingPathComponent(String(format: "speeches/speech-%05d.txt", index)))
        }
        // One multi-speech file of 5 MB, and one of 10 MB for the linearity check.
        var big = "", index = 0
        for (name, size) in [("big.txt", 5_000_000), ("big-10mb.txt", 10_000_000)] {
            while big.utf8.count < size {
                big += speech(100_000 + index, targetBytes: 20_000)
                index += 1
            }
            try write(big, to: directory.appendingPathComponent(name))
        }
    }
}

/// The two files of a million lines the bench measures memory on (written, not kept).
enum MillionLines {
    enum Shape: String, CaseIterable, CustomStringConvertible {
        case hardWrapped = "hard-wrapped", oneSentence = "one-sentence"
        var description: String { rawValue }
        /// A file of many speeches has no single Markdown output.
        var formats: [String] { self == .oneSentence ? ["docx", "epub", "md"] : ["docx", "epub"] }
    }

    static let lineCount = 1_000_000

    /// Writes the shape's file (`speechdoc-bench million SHAPE SOURCE OUT`, in a process of its
    /// own) and returns its size in bytes. `hardWrapped` cuts the lines of
    /// `speeches` (the 10 MB file) every 36 characters, over again until there are a million;
    /// `oneSentence` is a title, a salutation and sentences of a subject, a verb and an object.
    static func write(_ shape: Shape, from speeches: URL, to url: URL) throws -> Int {
        var text = ""
        var lines = 0
        switch shape {
        case .hardWrapped:
            let source = try String(contentsOf: speeches, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            text.reserveCapacity(90_000_000)
            outer: while true {
                for line in source {
                    var rest = Substring(line)
                    repeat {
                        let piece = rest.prefix(36)
                        text += piece
                        text += "\n"
                        rest = rest.dropFirst(piece.count)
                        lines += 1
                        if lines == lineCount { break outer }
                    } while !rest.isEmpty
                }
            }
        case .oneSentence:
            let subjects = ["我们", "各级", "部门", "企业", "社会", "基层", "干部", "群众"]
            let verbs = ["抓好", "落实", "深化", "坚持", "推进", "加强"]
            let objects = ["作风建设", "改革发展", "安全生产", "民生保障", "生态保护", "基层治理", "队伍建设"]
            var random = SplitMix(seed: 20261205)
            text.reserveCapacity(29_000_000)
            text += "在全市工作会议上的讲话\n同志们：\n"
            for _ in 2..<lineCount {
                text += subjects.randomElement(using: &random)! + verbs.randomElement(using: &random)!
                    + objects.randomElement(using: &random)! + "。\n"
            }
        }
        try Data(text.utf8).write(to: url)
        return text.utf8.count
    }
}

struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One stage, in this process: prints "speeches bytes seconds" on stdout.
func runStage(_ name: String, corpus: URL, limit: Int?) throws {
    // As `speechdoc convert` and `batch` run.
    MemoryTuning.forBulkConversion()
    let files = try FileManager.default.contentsOfDirectory(atPath: corpus.appendingPathComponent("speeches").path).sorted()
        .prefix(limit ?? Int.max).map { corpus.appendingPathComponent("speeches").appendingPathComponent($0) }
    var speeches = 0, bytes = 0
    let started = Date()
    switch name {
    case "read", "md", "docx", "epub":
        let format: OutputFormat? = name == "read" ? nil : OutputFormat(name: name)
        let writer = format.flatMap(Formats.writer(for:))
        for file in files {
            let data = [UInt8](try Data(contentsOf: file))
            bytes += data.count
            let result = try PlainTextReader.read(data)
            for speech in result.speeches {
                speeches += 1
                if let writer { _ = try writer.write(.speech(speech), options: .default) }
            }
        }
    case "passes":
        // Time each cleaning pass, and the structure reading after them.
        let cleaner = try Cleaner.standard()
        var times = [Double](repeating: 0, count: cleaner.passes.count)
        var parse = 0.0
        for file in files {
            let data = [UInt8](try Data(contentsOf: file))
            bytes += data.count
            let text = try TextDecoder.decode(data).text
            var lines = Cleaner.split(text)
            var report = CleaningReport()
            for (index, pass) in cleaner.passes.enumerated() {
                let start = Date()
                try pass.apply(to: &lines, report: &report)
                times[index] += Date().timeIntervalSince(start)
            }
            let start = Date()
            speeches += try PlainTextReader.read(data).speeches.count
            parse += Date().timeIntervalSince(start)
        }
        for (pass, time) in zip(cleaner.passes, times) {
            FileHandle.standardError.write(Data("\(pass.name): \(String(format: "%.3f", time)) s\n".utf8))
        }
        FileHandle.standardError.write(Data("whole read: \(String(format: "%.3f", parse)) s\n".utf8))
    case "big-docx", "big-10mb-docx":
        let data = [UInt8](try Data(contentsOf: corpus.appendingPathComponent(name == "big-docx" ? "big.txt" : "big-10mb.txt")))
        bytes = data.count
        let result = try PlainTextReader.read(data)
        speeches = result.speeches.count
        let collection = SpeechCollection(title: "汇编", speeches: result.speeches)
        _ = try Formats.writer(for: .docx)!.write(.collection(collection), options: .default)
    default:
        throw NSError(domain: "speechdoc-bench", code: 2, userInfo: [NSLocalizedDescriptionKey: "unknown stage \(name)"])
    }
    print(speeches, bytes, Date().timeIntervalSince(started))
}

/// Runs a program, returning its stdout, wall time and peak RSS in MB.
func measure(_ executable: String, _ arguments: [String]) throws -> (output: String, seconds: Double, peakMB: Double) {
    let result = try ChildProcess.run(executable, arguments)
    return (result.output, result.seconds, result.peakMB)
}

func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

func row(_ stage: String, _ speeches: Int, _ outputs: Int?, _ bytes: Int, _ seconds: Double, _ peak: Double) -> String {
    let perSecond = Double(speeches) / seconds
    let outs = outputs.map { String(format: "%9.0f", Double($0) / seconds) } ?? "        -"
    let megabytes = bytes > 0 ? String(format: "%8.1f", Double(bytes) / 1_048_576 / seconds) : "       -"
    return padded(stage, 40) + String(format: "%8d %9.0f ", speeches, perSecond) + outs + " " + megabytes
        + String(format: " %8.2f %8.1f", seconds, peak)
}

let arguments = Array(CommandLine.arguments.dropFirst())
let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
let speechdoc = executable.deletingLastPathComponent().appendingPathComponent("speechdoc").path

if arguments.first == "stage", arguments.count >= 3 {
    try runStage(arguments[1], corpus: URL(fileURLWithPath: arguments[2]), limit: arguments.count > 3 ? Int(arguments[3]) : nil)
    exit(0)
}

if arguments.first == "million" {
    guard arguments.count == 4, let shape = MillionLines.Shape(rawValue: arguments[1]) else {
        let shapes = MillionLines.Shape.allCases.map(\.rawValue).joined(separator: "|")
        FileHandle.standardError.write(Data("usage: speechdoc-bench million \(shapes) SOURCE OUT\n".utf8))
        exit(2)
    }
    _ = try MillionLines.write(shape, from: URL(fileURLWithPath: arguments[2]), to: URL(fileURLWithPath: arguments[3]))
    exit(0)
}

let samplesDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Samples")
if arguments.first == "generate", arguments.count == 3, let count = Int(arguments[2]) {
    let samples = try FileManager.default.contentsOfDirectory(atPath: samplesDirectory.path).filter { $0.hasSuffix(".txt") }.sorted()
        .map { samplesDirectory.appendingPathComponent($0) }
    try Corpus.generate(into: URL(fileURLWithPath: arguments[1]), speeches: count, samples: samples)
    exit(0)
}

var count = 2000
var work = URL(fileURLWithPath: FileManager.default.temporaryDirectory.path).appendingPathComponent("speechdoc-bench")
var readme: URL?
var index = 0
while index < arguments.count {
    switch arguments[index] {
    case "--speeches": count = Int(arguments[index + 1]) ?? count; index += 2
    case "--work": work = URL(fileURLWithPath: arguments[index + 1]); index += 2
    case "--readme": readme = URL(fileURLWithPath: arguments[index + 1]); index += 2
    default: FileHandle.standardError.write(Data("usage: speechdoc-bench [--speeches N] [--work DIR] [--readme README.md]\n".utf8)); exit(2)
    }
}
// The corpus is generated in a child process, and so is every measured stage: Linux counts
// the peak RSS of the process a child was spawned from in the child's figure (exec keeps the
// old address space's high-water mark), so this driver must stay small.
FileHandle.standardError.write(Data("generating \(count) speeches and files of 5 and 10 MB under \(work.path)…\n".utf8))
_ = try measure(executable.path, ["generate", work.path, String(count)])
guard FileManager.default.fileExists(atPath: work.appendingPathComponent("big-10mb.txt").path) else {
    FileHandle.standardError.write(Data("speechdoc-bench: could not generate the corpus (run it from the repository root)\n".utf8))
    exit(1)
}

let cores = ProcessInfo.processInfo.activeProcessorCount
/// Every line of the table, for --readme.
var table: [String] = []
@MainActor func emit(_ line: String) {
    print(line)
    table.append(line)
}

emit("SpeechDoc benchmark — \(count) generated speeches of 5–25 KB, \(cores) cores, release build")
emit(padded("stage", 40) + "speeches  speech/s  output/s     MB/s  seconds  peak MB")
/// Runs a stage in a child process: its "speeches bytes seconds" line and peak RSS.
@MainActor func stage(_ name: String) throws -> (speeches: Int, bytes: Int, seconds: Double, peakMB: Double)? {
    let run = try measure(executable.path, ["stage", name, work.path])
    let parts = run.output.split(separator: " ")
    guard parts.count == 3, let speeches = Int(parts[0]), let bytes = Int(parts[1]),
          let seconds = Double(parts[2].trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
    return (speeches, bytes, seconds, run.peakMB)
}

/// The read stage's floor (1,500 speeches/s) is judged on the fastest of three runs: runs on a
/// shared virtual machine differ by ±10 % from one to the next, the code by nothing.
@MainActor func bestOfThree(_ name: String) throws -> (speeches: Int, bytes: Int, seconds: Double, peakMB: Double)? {
    var best: (speeches: Int, bytes: Int, seconds: Double, peakMB: Double)?
    for _ in 0..<3 {
        guard let run = try stage(name) else { return nil }
        if best == nil || run.seconds < best!.seconds { best = run }
    }
    return best
}

var perSpeech: [String: Double] = [:]
for name in ["read", "md", "docx", "epub"] {
    guard let run = try name == "read" ? bestOfThree(name) : stage(name) else { continue }
    let label = name == "read" ? "decode+clean+parse (1 core, best of 3)" : "read + \(name) (1 core)"
    emit(row(label, run.speeches, name == "read" ? nil : run.speeches, run.bytes, run.seconds, run.peakMB))
    perSpeech[name] = run.seconds * 1000 / Double(max(run.speeches, 1))
}
// The stages per speech: reading, and each writer as what its row takes beyond reading.
if let read = perSpeech["read"] {
    let writers = [("md", "Markdown"), ("docx", "DOCX"), ("epub", "EPUB")]
        .compactMap { name, label in perSpeech[name].map { label + String(format: " %.2f", $0 - read) } }
    emit(String(format: "per speech on one core: reading %.2f ms; writing, beyond it, ", read) + writers.joined(separator: ", ") + " ms")
}

/// Where the disk rows write. This machine's ext4 has no journal, and without one the kernel,
/// to give each new file an inode, steps over every free inode of the group that was freed
/// less than a minute ago (longer while its inode table is not yet written back), looking each
/// one up (`recently_deleted` in fs/ext4/ialloc.c): just after thousands of files are deleted,
/// creating thousands costs seconds of kernel time. A run that began by deleting the last
/// run's outputs measured that, not SpeechDoc. So each run writes into a folder of its own;
/// every folder goes only once the last row is measured, and a run begun less than
/// `window` seconds after that waits out the rest before its disk rows, saying so.
enum DiskOutputs {
    static let window = 360.0
    @MainActor static var root: URL { work.appendingPathComponent("disk-outputs") }
    @MainActor static var stamp: URL { work.appendingPathComponent("disk-outputs-deleted") }
    @MainActor static let run = root.appendingPathComponent("run-\(ProcessInfo.processInfo.processIdentifier)-\(Int(Date().timeIntervalSince1970))")

    /// Before the first disk row.
    @MainActor static func waitForOldDeletions() {
        guard let text = try? String(contentsOf: stamp, encoding: .utf8), let deleted = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return }
        let rest = deleted + window - Date().timeIntervalSince1970
        guard rest > 0 else { return }
        FileHandle.standardError.write(Data(String(format: "waiting %.0f s before the disk rows: the last run deleted its outputs %.0f s ago (see DiskOutputs)\n", rest, window - rest).utf8))
        Thread.sleep(forTimeInterval: rest)
    }

    /// After the last row: every run's folder, and the time they went.
    @MainActor static func deleteAll() {
        // And the folders the runs before this layout left in the work folder.
        let legacy = ((try? FileManager.default.contentsOfDirectory(atPath: work.path)) ?? []).filter { $0.hasPrefix("batch-out-disk") }
        guard FileManager.default.fileExists(atPath: root.path) || !legacy.isEmpty else { return }
        try? FileManager.default.removeItem(at: root)
        for name in legacy { try? FileManager.default.removeItem(at: work.appendingPathComponent(name)) }
        try? String(Date().timeIntervalSince1970).write(to: stamp, atomically: true, encoding: .utf8)
    }
}

/// The totals of a batch report, which it writes last: read from its tail, so that this
/// driver does not grow by parsing a report of 10,000 entries.
func reportTotals(_ report: URL) throws -> [String: Int] {
    let handle = try FileHandle(forReadingFrom: report)
    defer { try? handle.close() }
    let size = try handle.seekToEnd()
    try handle.seek(toOffset: size > 4096 ? size - 4096 : 0)
    let tail = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
    guard let start = tail.range(of: "\"totals\": ", options: .backwards)?.upperBound,
          let end = tail[start...].firstIndex(of: "}") else { return [:] }
    return (try JSONSerialization.jsonObject(with: Data(tail[start...end].utf8)) as? [String: Int]) ?? [:]
}

/// A batch of `limit` inputs, the files of `source` (the generated speeches by default) taken in
/// turn as often as it needs.
/// `round` names the outputs' folder apart from the inputs' (`tag`): a round of the disk rows
/// writes into a folder of its own and reads the inputs linked once.
@MainActor func batch(_ limit: Int, tag: String, durable: String = "batch", source: URL? = nil, round: Int? = nil) throws -> (outputs: Int, seconds: Double, peak: Double, speeches: Int) {
    let input = work.appendingPathComponent("batch-in-\(tag)")
    if round == nil || round == 1 {
        try? FileManager.default.removeItem(at: input)
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let source = source ?? work.appendingPathComponent("speeches")
        let names = try FileManager.default.contentsOfDirectory(atPath: source.path).sorted()
        for position in 0..<limit {
            let name = names[position % names.count]
            try FileManager.default.linkItem(at: source.appendingPathComponent(name),
                                             to: input.appendingPathComponent(String(format: "%06d-", position) + name))
        }
    }
    // Outputs on tmpfs when there is one, so the figures measure SpeechDoc rather than the
    // disk; the disk run is reported separately.
    let out = (tag.hasPrefix("disk") ? DiskOutputs.run
               : FileManager.default.fileExists(atPath: "/dev/shm") ? URL(fileURLWithPath: "/dev/shm/speechdoc-bench") : work)
        .appendingPathComponent("batch-out-\(tag)" + (round.map { "-\($0)" } ?? ""))
    try? FileManager.default.removeItem(at: out)
    try FileManager.default.createDirectory(at: out.deletingLastPathComponent(), withIntermediateDirectories: true)
    let report = work.appendingPathComponent("report-\(tag).json")
    // The previous run's writes are flushed first (outside the timing): otherwise each disk
    // run pays for the write-back of the one before it.
    FileSystemSync.sync(directory: work.path)
    FileSystemSync.sync(directory: out.deletingLastPathComponent().path)
    let run = try measure(speechdoc, ["batch", input.path, "-o", out.path, "--to", "docx,epub,md", "--quiet", "--report", report.path,
                                      "--durable", durable])
    let totals = try reportTotals(report)
    return (totals["outputs"] ?? 0, run.seconds, run.peakMB, totals["speeches"] ?? 0)
}

let thousand = try batch(min(1000, count), tag: "1000")
/// The bytes of a batch's inputs (the files `batch` linked for `tag`).
@MainActor func inputBytes(tag: String) throws -> Int {
    let input = work.appendingPathComponent("batch-in-\(tag)")
    return try FileManager.default.contentsOfDirectory(atPath: input.path)
        .reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: input.appendingPathComponent($1).path)[.size] as? Int) ?? 0) }
}
let bytes1000 = try inputBytes(tag: "1000")
emit(row("batch docx+epub+md (all cores)", thousand.speeches, thousand.outputs, bytes1000, thousand.seconds, thousand.peak))
DiskOutputs.waitForOldDeletions()
// The disk rows: three rounds, each the batch on tmpfs then on disk in each `--durable` mode,
// seconds apart, and the middle of each mode's three reported. One run apiece measured the
// disk's mood more than the mode: on this machine the first batch written to disk after a
// pause, whatever its mode, took up to half as long again as the same batch a minute later
// (1.00, 0.83, 0.70 and 0.71 s for group commit, four rounds in a row by hand, beside 0.62–0.64
// s on tmpfs), and the group commit always came first.
typealias Run = (outputs: Int, seconds: Double, peak: Double, speeches: Int)
func rate(_ run: Run) -> Double { Double(run.outputs) / run.seconds }
let modes = [("1000", "batch"), ("disk", "batch"), ("disk-file", "file"), ("disk-none", "none")]
var rounds: [[Run]] = Array(repeating: [], count: modes.count)
for round in 0..<3 {
    for (position, (tag, durable)) in modes.enumerated() {
        rounds[position].append(try batch(min(1000, count), tag: tag, durable: durable, round: round + 1))
    }
}
try? FileManager.default.removeItem(atPath: "/dev/shm/speechdoc-bench")
/// The round of the middle time.
func middle(_ runs: [Run]) -> Run { runs.sorted { $0.seconds < $1.seconds }[runs.count / 2] }
let onTmpfs = middle(rounds[0]), onDisk = middle(rounds[1]), onDiskPerFile = middle(rounds[2]), onDiskNone = middle(rounds[3])
emit(row("same batch on tmpfs, middle of 3 rounds", onTmpfs.speeches, onTmpfs.outputs, bytes1000, onTmpfs.seconds, onTmpfs.peak))
emit(row("same batch on disk, group commit", onDisk.speeches, onDisk.outputs, bytes1000, onDisk.seconds, onDisk.peak))
emit(row("same batch on disk, fsync per file", onDiskPerFile.speeches, onDiskPerFile.outputs, bytes1000, onDiskPerFile.seconds,
          onDiskPerFile.peak))
emit(row("same batch on disk, never flushed", onDiskNone.speeches, onDiskNone.outputs, bytes1000, onDiskNone.seconds, onDiskNone.peak))
// The target: group commit on disk at least 80 % of tmpfs, in the same rounds.
emit(String(format: "on disk against tmpfs, middle of each: --durable batch %.0f%%, file %.0f%%, none %.0f%%",
             rate(onDisk) / rate(onTmpfs) * 100, rate(onDiskPerFile) / rate(onTmpfs) * 100, rate(onDiskNone) / rate(onTmpfs) * 100))
emit("  rounds, seconds (tmpfs / group commit / per file / never flushed): "
     + (0..<3).map { round in modes.indices.map { String(format: "%.2f", rounds[$0][round].seconds) }.joined(separator: " / ") }
        .joined(separator: ", "))
// Real pages, when ../shared is beside the repository: its seeds and the annotated corpus pages
// (site furniture, outlines, paywall notices, traditional characters with pinyin): smaller than
// the generated speeches, and dearer to read a byte. Read from ../shared at run time, never
// copied into the repository.
let shared = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).deletingLastPathComponent().appendingPathComponent("shared")
let realPages = work.appendingPathComponent("real-pages")
try? FileManager.default.removeItem(at: realPages)
try FileManager.default.createDirectory(at: realPages, withIntermediateDirectories: true)
var realCount = 0
for folder in ["seeds", "corpus/pages"] {
    let directory = shared.appendingPathComponent(folder)
    for name in ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted() where name.hasSuffix(".txt") {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        try data.write(to: realPages.appendingPathComponent(folder.replacingOccurrences(of: "/", with: "-") + "-" + name))
        realCount += 1
    }
}
if realCount > 0 {
    let pages = try batch(1000, tag: "real", source: realPages)
    emit(row("real pages of ../shared, \(realCount) in turn", pages.speeches, pages.outputs, try inputBytes(tag: "real"), pages.seconds,
             pages.peak))
} else {
    emit("real pages: ../shared is not beside the repository, not measured")
}
let tenThousand = try batch(10_000, tag: "10000")
emit(row("batch of 10,000 (all cores)", tenThousand.speeches, tenThousand.outputs, 0, tenThousand.seconds, tenThousand.peak))
try? FileManager.default.removeItem(atPath: "/dev/shm/speechdoc-bench")

emit(String(format: "peak RSS, 10,000 inputs against 1,000: %+.1f%%", (tenThousand.peak / thousand.peak - 1) * 100))

var bigSeconds: [Double] = []
for (name, label) in [("big-docx", "5 MB multi-speech file → one DOCX"), ("big-10mb-docx", "10 MB multi-speech file → one DOCX")] {
    guard let run = try stage(name) else { continue }
    emit(row(label, run.speeches, 1, run.bytes, run.seconds, run.peakMB))
    bigSeconds.append(run.seconds)
}
if bigSeconds.count == 2 {
    emit(String(format: "twice the input, %.2f× the time", bigSeconds[1] / bigSeconds[0]))
}

// Memory in proportion (issue 18's target: peak RSS at most 3× the input's size): one whole
// `speechdoc convert` of the 10 MB file into each format that holds all of it.
let big10 = work.appendingPathComponent("big-10mb.txt")
/// A file's size in MiB, as every size in the table (0 when it cannot be read).
func mebibytes(_ file: URL) -> Double {
    Double((try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0) / 1_048_576
}

/// One whole `speechdoc convert` of `input` to each format (its speeches joined into one book,
/// but for Markdown, which holds one speech), each "FORMAT peak (ratio to the file) in time";
/// the outputs go once measured.
@MainActor func wholeConverts(of input: URL, to formats: [String]) throws -> String {
    let size = mebibytes(input)
    var results: [String] = []
    for format in formats {
        let output = work.appendingPathComponent(input.deletingPathExtension().lastPathComponent + "." + format)
        let single = format == "md" ? [] : ["--single"]
        let run = try measure(speechdoc, ["convert", input.path] + single + ["--quiet", "--to", format, "-o", output.path])
        guard FileManager.default.fileExists(atPath: output.path) else {
            FileHandle.standardError.write(Data("speechdoc-bench: speechdoc convert \(input.path) --to \(format) wrote nothing\n".utf8))
            exit(1)
        }
        results.append(format.uppercased() + String(format: " %.0f MB (%.2f×) in %.1f s", run.peakMB, run.peakMB / size, run.seconds))
        try? FileManager.default.removeItem(at: output)
    }
    return results.joined(separator: ", ")
}

let big10MB = mebibytes(big10)
// Beside it, what the same convert of a speech of a few kilobytes peaks at: the program's own
// memory, which does not grow with the input, so the share above it shows what does.
let smallSpeech = work.appendingPathComponent("batch-in-1000").appendingPathComponent("000000-speech-00000.txt")
var ratios: [String] = [], above: [String] = []
for format in ["docx", "epub"] {
    let run = try measure(speechdoc, ["convert", big10.path, "--single", "--quiet", "--to", format,
                                      "-o", work.appendingPathComponent("big-10mb." + format).path])
    let small = try measure(speechdoc, ["convert", smallSpeech.path, "--quiet", "--to", format,
                                        "-o", work.appendingPathComponent("small." + format).path])
    ratios.append(format.uppercased() + String(format: " %.0f MB (%.1f×)", run.peakMB, run.peakMB / big10MB))
    above.append(format.uppercased() + String(format: " %.1f×", (run.peakMB - small.peakMB) / big10MB)
                 + String(format: " above %.0f MB", small.peakMB))
}
emit("10 MB file, one whole convert, peak RSS: " + ratios.joined(separator: ", ") + " of its size")
emit("  the same above a small speech's convert: " + above.joined(separator: ", "))

// The issue's large input: 200 MB (the 10 MB file twenty times, so many speeches), where the
// program's own memory no longer hides what grows with the input.
let big200 = work.appendingPathComponent("big-200mb.txt")
do {
    let piece = try Data(contentsOf: big10)
    _ = FileManager.default.createFile(atPath: big200.path, contents: nil)
    let handle = try FileHandle(forWritingTo: big200)
    for _ in 0..<20 { try handle.write(contentsOf: piece) }
    try handle.close()
}
let large = try wholeConverts(of: big200, to: ["docx", "epub"])
emit(String(format: "%.0f MB file, one whole convert, peak RSS: ", mebibytes(big200)) + large + " of its size")
try? FileManager.default.removeItem(at: big200)

// The issue's other large input, a million lines, in its two shapes: the 10 MB file's speeches
// hard-wrapped at 36 characters (a text export; the lines are joined back into paragraphs),
// and one speech of a million one-sentence lines of nine characters, each its own paragraph
// (where a record and a string per line cost more than the line's 28 bytes).
for shape in MillionLines.Shape.allCases {
    // Written by a child process, as the corpus is: a file made here would count in every
    // later stage's peak RSS.
    let url = work.appendingPathComponent("million-\(shape).txt")
    _ = try measure(executable.path, ["million", shape.rawValue, big10.path, url.path])
    guard FileManager.default.fileExists(atPath: url.path) else {
        FileHandle.standardError.write(Data("speechdoc-bench: could not write \(url.path)\n".utf8))
        exit(1)
    }
    let results = try wholeConverts(of: url, to: shape.formats)
    emit("1,000,000 \(shape) lines" + String(format: " (%.0f MB), one whole convert, peak RSS: ", mebibytes(url)) + results + " of its size")
    try? FileManager.default.removeItem(at: url)
}

// One whole `speechdoc convert` process, as a user runs it.
let single = work.appendingPathComponent("speeches/speech-00000.txt").path
var best = Double.infinity
for _ in 0..<5 {
    let run = try measure(speechdoc, ["convert", single, "-o", work.appendingPathComponent("single.docx").path])
    best = min(best, run.seconds)
}
emit(String(format: "one `speechdoc convert` to DOCX, whole process: %.1f ms (best of 5)", best * 1000))

// pandoc, one file at a time as a user would script it.
if let pandoc = ["/usr/bin/pandoc", "/usr/local/bin/pandoc"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
    let markdown = work.appendingPathComponent("pandoc-md")
    try? FileManager.default.removeItem(at: markdown)
    try FileManager.default.createDirectory(at: markdown, withIntermediateDirectories: true)
    let sampleCount = 20
    let names = try FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("speeches").path).sorted().prefix(sampleCount)
    var files: [URL] = []
    for name in names {
        let result = try PlainTextReader.read([UInt8](Data(contentsOf: work.appendingPathComponent("speeches").appendingPathComponent(name))))
        let url = markdown.appendingPathComponent(name + ".md")
        try Data(try Formats.writer(for: .markdown)!.write(.speech(result.speeches[0]), options: .default)).write(to: url)
        files.append(url)
    }
    // Three rounds, each pandoc's files then the same 1,000-speech batch as above, seconds
    // apart: a shared machine's speed drifts over minutes (the batch above ran minutes before
    // this), so each ratio is taken from two runs side by side, and the middle one reported.
    var rounds: [(pandoc: Double, ours: Double)] = []
    for _ in 0..<3 {
        var seconds = 0.0
        for file in files {
            seconds += try measure(pandoc, [file.path, "-o", file.deletingPathExtension().path + ".docx"]).seconds
            seconds += try measure(pandoc, [file.path, "-o", file.deletingPathExtension().path + ".epub"]).seconds
        }
        let ours = try batch(min(1000, count), tag: "beside-pandoc")
        rounds.append((Double(files.count * 2) / seconds, rate(ours)))
    }
    try? FileManager.default.removeItem(atPath: "/dev/shm/speechdoc-bench")
    let middle = rounds.sorted { $0.ours / $0.pandoc < $1.ours / $1.pandoc }[1]
    emit(String(format: "pandoc, one process per file (md→docx, md→epub): %.1f outputs/s over %d outputs; SpeechDoc batch: %.0f outputs/s = %.0f× pandoc",
                 middle.pandoc, files.count * 2, middle.ours, middle.ours / middle.pandoc))
    emit("  the middle of three rounds, each pandoc then the 1,000-speech batch: "
         + rounds.map { String(format: "%.1f / %.0f outputs/s = %.0f×", $0.pandoc, $0.ours, $0.ours / $0.pandoc) }.joined(separator: ", "))
}

DiskOutputs.deleteAll()

// The README's table is this run's, between its markers, with the date.
if let readme, let text = try? String(contentsOf: readme, encoding: .utf8),
   let begin = text.range(of: "<!-- bench:begin -->"), let end = text.range(of: "<!-- bench:end -->"), begin.upperBound <= end.lowerBound {
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd"
    formatter.timeZone = TimeZone(identifier: "UTC")
    let block = "\n`make bench` on \(formatter.string(from: Date())), \(cores) cores:\n\n```text\n" + table.joined(separator: "\n") + "\n```\n"
    try (String(text[..<begin.upperBound]) + block + String(text[end.lowerBound...])).write(to: readme, atomically: true, encoding: .utf8)
    FileHandle.standardError.write(Data("speechdoc-bench: the table in \(readme.path) is this run's\n".utf8))
}
