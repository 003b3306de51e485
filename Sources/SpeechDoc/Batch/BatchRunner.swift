import Foundation
import SpeechReader
import SpeechWriting

/// How a batch makes its outputs survive a power cut. Every mode writes each output to a
/// temporary file and renames it into place, so a kill never leaves a truncated output.
public enum Durability: String, Sendable, CaseIterable {
    /// An fsync per output and one per directory per input: an output is safe as soon as it is
    /// reported; the slowest on a real disk.
    case file
    /// Group commit (the default): outputs are written unflushed and committed in groups of 256
    /// files or 1 second (up to four times that while the group before is still committing) —
    /// one syncfs of the file system, the renames, one fsync per directory — and an input is
    /// reported once its group has committed. A group commits while the next one fills, so a
    /// kill loses at most those two groups (their temporary files go on the next run;
    /// --incremental redoes what is missing or changed); once the batch exits, every output
    /// survives a power cut.
    case batch
    /// No flush at all: outputs are renamed into place at once and reach the disk when the
    /// kernel writes them back. A kill still leaves no truncated output; a power cut may lose
    /// recent ones or leave them empty. For scratch runs and tmpfs.
    case none
}

/// Converts many files at once: every core busy, one file in memory per worker, every output
/// written atomically, a report of everything.
public final class BatchRunner: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var inputs: [String]
        public var outputDirectory: String
        public var formats: [OutputFormat]
        public var jobs: Int
        public var shard: Shard?
        public var incremental: Bool
        public var previousReport: Data?
        public var readOptions: ReadOptions
        public var writerOptions: WriterOptions
        /// A name for the style, recorded so --incremental redoes everything when it changes.
        public var styleName: String
        public var durability: Durability = .batch

        public init(inputs: [String], outputDirectory: String, formats: [OutputFormat], jobs: Int, shard: Shard? = nil,
                    incremental: Bool = false, previousReport: Data? = nil, readOptions: ReadOptions = ReadOptions(),
                    writerOptions: WriterOptions = .default, styleName: String = StylePresets.defaultName) {
            self.inputs = inputs
            self.outputDirectory = outputDirectory
            self.formats = formats
            self.jobs = jobs
            self.shard = shard
            self.incremental = incremental
            self.previousReport = previousReport
            self.readOptions = readOptions
            self.writerOptions = writerOptions
            self.styleName = styleName
        }
    }

    /// Called from worker threads, serialised: (done, total).
    public typealias ProgressHandler = @Sendable (Int, Int) -> Void

    private let configuration: Configuration
    var durability: Durability { configuration.durability }

    public init(_ configuration: Configuration) {
        self.configuration = configuration
    }

    /// What --incremental compares besides the content: formats, style, reading options.
    var settingsFingerprint: String {
        let formats = configuration.formats.map(\.rawValue).joined(separator: ",")
        let encoding = configuration.readOptions.encoding?.rawValue ?? "auto"
        return "speechdoc-1;formats=\(formats);style=\(configuration.styleName);encoding=\(encoding);keep-script=\(configuration.readOptions.keepScript)"
    }

    /// Converts every input. Each input's entry goes to `report` (when given) in input order as
    /// soon as it is done; only the counts and the failures are kept.
    public func run(progress: ProgressHandler? = nil, report: BatchReportWriter? = nil) throws -> BatchSummary {
        let started = Date()
        let preparing = DispatchGroup()
        DispatchQueue.global().async(group: preparing) { self.prepare() }
        defer { preparing.wait() }
        let (all, unusable, missing, inputKeys) = InputFiles.collect(configuration.inputs, excluding: configuration.outputDirectory)
        let clashes = Self.outputNameClashes(all.filter(\.isConvertible))
        let selected = all.filter { configuration.shard?.contains($0) ?? true }
        let inputs = selected.filter(\.isConvertible)
        var skipped = selected.filter { !$0.isConvertible }.map { (path: $0.path, reason: "not a file SpeechDoc reads (" + InputKind.extensions.map { "." + $0 }.joined(separator: ", ") + ")") }
        skipped += unusable

        try RawPath.createDirectory(configuration.outputDirectory)
        AtomicFile.removeStaleTemporaryFiles(in: configuration.outputDirectory, recursive: true)
        if let reportPath = report?.path, reportPath != "-" {
            if inputKeys.contains(FileKey(reportPath)) { throw BatchReportError(path: reportPath, cause: AtomicFileError(message: "it would replace an input")) }
            AtomicFile.removeStaleTemporaryFiles(in: PathText.parent(of: reportPath), recursive: false)
        }
        let guardKeys = OutputGuard(inputs: inputKeys, report: report.flatMap { $0.path == "-" ? nil : FileKey($0.path) })

        var previous: [String: BatchEntry] = [:]
        if configuration.incremental, let data = configuration.previousReport {
            let (settings, entries) = BatchReport.previousEntries(data)
            if settings == settingsFingerprint { previous = entries }
        }

        let workers = max(1, min(configuration.jobs, max(inputs.count, 1)))
        // Opened after the stale temporary files are gone: the report may be in the output tree.
        try report?.begin(settings: settingsFingerprint, shard: configuration.shard, jobs: workers)
        let state = WorkState(count: inputs.count, report: report)
        let reusable = previous, clashing = clashes
        let group = GroupCommit { index, entry in
            // Recorded before the optional progress call, which would skip its arguments.
            let finished = state.finish(index, entry)
            progress?(finished, inputs.count)
        }
        let officeStarts = Locked(0)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            func deliver(_ index: Int, _ entry: BatchEntry, _ pending: [AtomicFile.PendingRename]) {
                if pending.isEmpty {
                    let finished = state.finish(index, entry)
                    progress?(finished, inputs.count)
                } else {
                    group.add(index, entry, pending)
                }
            }
            // PDF: each worker keeps its own LibreOffice (a private profile) and hands it up to
            // PDFRenderer.documentsPerStart documents per start; their inputs wait for it.
            let pdf = configuration.formats.contains(.pdf) ? PDFQueue(self) : nil
            while let index = state.take() {
                var entry: BatchEntry
                var pending: [AtomicFile.PendingRename] = []
                var staged: [PDFQueue.Job] = []
                if let clash = clashing[inputs[index].path] {
                    entry = BatchEntry(input: inputs[index].path)
                    entry.error = clash
                } else {
                    entry = convert(inputs[index], previous: reusable, guardKeys: guardKeys, pending: &pending, pdf: &staged)
                }
                if let pdf, !staged.isEmpty {
                    pdf.hold(index, entry, pending, staged)
                    if pdf.documents >= PDFRenderer.documentsPerStart { pdf.flush(deliver) }
                } else {
                    deliver(index, entry, pending)
                }
            }
            pdf?.flush(deliver)
            if let pdf { officeStarts.withLock { $0 += pdf.starts } }
            pdf?.close()
        }
        group.flush()
        // An input named on the command line that is not there is a failure, not a skip.
        for (offset, path) in missing.enumerated() {
            var entry = BatchEntry(input: path)
            entry.error = "no such file or directory"
            _ = state.finish(inputs.count + offset, entry)
        }
        var summary = state.summary
        summary.skipped = skipped
        summary.officeStarts = officeStarts.withLock { $0 }
        // Outputs of inputs that are gone (deleted or renamed since the last run): listed, not
        // removed, since the input may have moved on purpose.
        if !previous.isEmpty {
            let current = Set(all.map { RawPath.display($0.path) })
            summary.orphaned = previous.values.filter { !current.contains($0.input) }.flatMap(\.outputs).filter(RawPath.exists).sorted()
        }
        summary.elapsedSeconds = Date().timeIntervalSince(started)
        try report?.finish(summary)
        return summary
    }

    /// speech.txt and speech.md in one folder would write the same outputs: the second (in name
    /// order) is refused, naming the first, rather than silently replacing its outputs. Checked
    /// over all inputs before sharding, so shards agree. Keyed by the stem's hash, to keep no
    /// second string per input; returns the refused inputs' paths with the reason.
    static func outputNameClashes(_ inputs: [InputFile]) -> [String: String] {
        var firstWithStem: [Int: Int] = [:]
        var clashes: [String: String] = [:]
        for (index, input) in inputs.enumerated() {
            let stem = (input.relativePath as NSString).deletingPathExtension
            if let first = firstWithStem[stem.hashValue], (inputs[first].relativePath as NSString).deletingPathExtension == stem {
                clashes[input.path] = "its outputs would replace those of \(inputs[first].path); rename one of them"
            } else {
                firstWithStem[stem.hashValue] = index
            }
        }
        return clashes
    }

    /// Reads, converts and writes one input. Errors go into the entry, never out.
    private func convert(_ input: InputFile, previous entries: [String: BatchEntry], guardKeys: OutputGuard,
                         pending: inout [AtomicFile.PendingRename], pdf: inout [PDFQueue.Job]) -> BatchEntry {
        let inputPath = input.path
        // Reports hold paths as shown (RawPath.display): a name that is not UTF-8 is looked up,
        // and its outputs checked, in that form, so it is redone rather than wrongly reused.
        let previous = entries[RawPath.display(inputPath)]
        var entry = BatchEntry(input: inputPath)
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(inputPath)
        } catch {
            entry.error = String(describing: error)
            return entry
        }
        entry.sha256 = ContentDigest.hex(ContentDigest.sha256(bytes))
        // This input's outputs in this output directory: <out>/<stem>.<ext> or <stem>-N.<ext>.
        // An earlier run's outputs elsewhere (another -o) are not this run's.
        let stem = (input.relativePath as NSString).deletingPathExtension
        let base = (configuration.outputDirectory as NSString).appendingPathComponent(stem)
        let ours: (String) -> Bool = { output in
            guard output.hasPrefix(base) else { return false }
            let rest = output.dropFirst(base.count)
            return rest.hasPrefix(".") || (rest.hasPrefix("-") && rest.dropFirst().prefix { $0.isNumber }.count > 0 && !rest.dropFirst().contains("/"))
        }
        if let previous, previous.error == nil, previous.sha256 == entry.sha256, !previous.outputs.isEmpty,
           previous.outputs.allSatisfy({ ours($0) && RawPath.exists($0) }) {
            var reused = previous
            reused.unchanged = true
            return reused
        }
        do {
            // A folder of the input's below the output directory (made at the start) is made,
            // once the input has been read, when it is not there yet.
            func makeFolder() throws {
                let folder = PathText.parent(of: stem)
                guard !folder.isEmpty else { return }
                let directory = (configuration.outputDirectory as NSString).appendingPathComponent(folder)
                if !RawPath.exists(directory) { try RawPath.createDirectory(directory) }
            }
            let kind = InputKind(path: inputPath, bytes: bytes)
            if kind == .plainText, !configuration.formats.contains(.pdf),
               let reader = try LongTextReader.reader(for: bytes, source: inputPath, options: configuration.readOptions) {
                // Read as it is written: a long text (LongTextReader) that PDF does not need whole.
                try makeFolder()
                try convertLong(reader, inputPath, stem: stem, guardKeys: guardKeys, entry: &entry, pending: &pending)
            } else {
                let document = try DocumentLoader.load(bytes: bytes, path: inputPath, kind: kind, options: configuration.readOptions)
                entry.encoding = document.encoding
                entry.speeches = document.speeches.count
                entry.removed = document.report.removed.count
                entry.warnings = document.report.warnings.count
                try makeFolder()
                // A speech's DOCX is made once: the Word output and the PDF's layout share it.
                var docx: [Int: [UInt8]] = [:]
                func written(_ format: OutputFormat, _ index: Int) throws -> [UInt8] {
                    let source = format == .pdf ? .docx : format
                    if source == .docx, let made = docx[index] { return made }
                    let made = try Formats.writer(for: source)!.write(.speech(document.speeches[index]), options: configuration.writerOptions)
                    if source == .docx { docx[index] = made }
                    return made
                }
                for format in configuration.formats where Formats.writer(for: format) != nil {
                    let base = (configuration.outputDirectory as NSString).appendingPathComponent(stem) + "." + format.fileExtension
                    let paths = OutputPlan.paths(base: base, count: document.speeches.count)
                    for (index, path) in paths.enumerated() {
                        // By identity, not spelling: ./sp/a.md, an absolute path or a linked
                        // folder are the same file (one lstat per output, which the writing uses too).
                        let seen = AtomicFile.PathStatus(path)
                        if let refusal = guardKeys.refusal(for: path, seen: seen) {
                            throw InputError(path: inputPath, cause: "refusing to write \(path): \(refusal)")
                        }
                        if format == .pdf {
                            // Laid out later, with other documents, by the worker's LibreOffice.
                            pdf.append(.init(docx: try written(.pdf, index), path: path))
                            continue
                        }
                        try place(try written(format, index), at: path, seen: seen, pending: &pending)
                        entry.outputs.append(path)
                    }
                }
            }
            // One directory sync for all of this input's renames (PDFs sync their own).
            if configuration.durability == .file, let last = entry.outputs.last { AtomicFile.syncDirectory(of: last) }
            // A file that now holds fewer speeches leaves name-3.md… of the last run: they were
            // this input's outputs in this directory, and go.
            if let previous {
                for output in previous.outputs where ours(output) && !entry.outputs.contains(output) && !pdf.contains(where: { $0.path == output })
                    && RawPath.exists(output) {
                    RawPath.remove(output)
                    entry.removedOutputs.append(output)
                }
            }
        } catch let error as InputError {
            entry.error = error.cause
        } catch {
            entry.error = String(describing: error)
        }
        return entry
    }
}

extension BatchRunner {
    /// A long plain text's outputs (`LongTextReader`), read once for every format: each format's
    /// writer runs on a thread of its own and reads the text through its cursor
    /// (`LongTextFanOut`) as it writes, so that no format holds the text's lines or model. The
    /// outputs go to temporary files and are renamed into place (or join the group commit) once
    /// the whole text has been read and their names, which depend on how many speeches it
    /// holds, are known and checked; when one format fails, none is kept.
    fileprivate func convertLong(_ reader: LongTextReader, _ input: String, stem: String, guardKeys: OutputGuard,
                                 entry: inout BatchEntry, pending: inout [AtomicFile.PendingRename]) throws {
        entry.encoding = reader.encoding.rawValue
        let formats = configuration.formats.filter { Formats.writer(for: $0) is any StreamingSpeechWriter }
        let fanOut = LongTextFanOut(reader, cursors: formats.count)
        let outcomes = Outcomes(count: formats.count)
        let options = configuration.writerOptions
        let bases = formats.map { (configuration.outputDirectory as NSString).appendingPathComponent(stem) + "." + $0.fileExtension }
        @Sendable func write(_ index: Int) {
            let outcome = Result {
                try StreamedConversion.stageEach(fanOut.cursor(index), to: bases[index],
                                                 with: Formats.writer(for: formats[index]) as! any StreamingSpeechWriter, options: options)
            }
            fanOut.release(index)
            outcomes.set(index, outcome)
        }
        // The first format on this worker's thread, the others each on one of their own (a pool's
        // thread might run them one after another, and a cursor waits for the slowest).
        let done = DispatchSemaphore(value: 0)
        for index in formats.indices.dropFirst() {
            let thread = Thread { write(index); done.signal() }
            thread.stackSize = 8 << 20
            thread.start()
        }
        if !formats.isEmpty { write(0) }
        for _ in formats.indices.dropFirst() { done.wait() }
        let results = outcomes.all
        var written = results.map { (try? $0.get())?.pending ?? [] }
        do {
            for result in results { _ = try result.get() }
            let report = try fanOut.finish()
            for index in formats.indices {
                let paths = StreamedConversion.name(&written[index], base: bases[index])
                for path in paths {
                    if let refusal = guardKeys.refusal(for: path) { throw InputError(path: input, cause: "refusing to write \(path): \(refusal)") }
                }
                entry.outputs += paths
            }
            let untitled = (try? results.first?.get())?.untitled.count ?? 0
            (entry.speeches, entry.removed, entry.warnings) = (written.first?.count ?? 0, report.removed.count, report.warnings.count + untitled)
        } catch {
            written.joined().forEach { $0.abandon() }
            entry.outputs = []
            throw error
        }
        let all = Array(written.joined())
        if durability == .batch {
            pending += all
        } else if let (_, message) = AtomicFile.commit(all).first {
            throw InputError(path: input, cause: message)
        }
    }

    /// The formats' outcomes, each set by its own thread.
    private final class Outcomes: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Result<StreamedConversion.Staged, Error>?]

        init(count: Int) { results = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ result: Result<StreamedConversion.Staged, Error>) {
            lock.withLock { results[index] = result }
        }

        /// Once every thread has set its own.
        var all: [Result<StreamedConversion.Staged, Error>] { lock.withLock { results.map { $0! } } }
    }

    /// A process's first conversion loads the lexicon, the script converter and the parts every
    /// document of a style shares, and a second worker waits for the same loads: a few
    /// milliseconds of one core, before the workers start, when the inputs are many and small.
    /// They are made by converting a speech of four lines in memory, on another core while the
    /// inputs are listed. Nothing of it is written or reported.
    func prepare() {
        let sample = Array("在全市工作会议上的讲话\n同志们：\n一、提高认识。\n我们要抓好工作。\n".utf8)
        guard let document = try? DocumentLoader.load(bytes: sample, path: "prepare.txt", kind: InputKind(path: "prepare.txt", bytes: sample),
                                                      options: configuration.readOptions),
              let speech = document.speeches.first
        else { return }
        for format in configuration.formats where format != .pdf {
            _ = try? Formats.writer(for: format)?.write(.speech(speech), options: configuration.writerOptions)
        }
    }

    /// Writes one output as the durability mode says: through a temporary file, renamed into
    /// place now (flushed or not) or left for the group commit (`pending`).
    func place(_ bytes: [UInt8], at path: String, seen: AtomicFile.PathStatus? = nil, pending: inout [AtomicFile.PendingRename]) throws {
        let stream = try AtomicFile.Stream(path: path, seen: seen)
        try stream.write(bytes)
        switch configuration.durability {
        case .file: try stream.commit(syncDirectory: false)
        case .none: try stream.commit(syncDirectory: false, flush: false)
        case .batch: if let waiting = try stream.closeForGroup() { pending.append(waiting) }
        }
    }
}

/// A worker's PDF documents waiting for its LibreOffice, with their inputs' entries: laid out
/// together, then written like any other output, and the entries handed on.
final class PDFQueue {
    struct Job {
        var docx: [UInt8]
        var path: String
    }

    private let runner: BatchRunner
    private var renderer: Result<PDFRenderer, PDFError>?
    private var held: [(index: Int, entry: BatchEntry, pending: [AtomicFile.PendingRename], jobs: [Job])] = []

    init(_ runner: BatchRunner) { self.runner = runner }

    var documents: Int { held.reduce(0) { $0 + $1.jobs.count } }

    func hold(_ index: Int, _ entry: BatchEntry, _ pending: [AtomicFile.PendingRename], _ jobs: [Job]) {
        held.append((index, entry, pending, jobs))
    }

    func flush(_ deliver: (Int, BatchEntry, [AtomicFile.PendingRename]) -> Void) {
        guard !held.isEmpty else { return }
        if renderer == nil { renderer = Result { try PDFRenderer() }.mapError { $0 as? PDFError ?? PDFError(message: "\($0)") } }
        let documents = held.flatMap { $0.jobs.map(\.docx) }
        let results: [Result<[UInt8], PDFError>]
        switch renderer! {
        case .success(let office): results = office.render(documents)
        case .failure(let error): results = documents.map { _ in .failure(error) }
        }
        var next = 0
        for (index, var entry, var pending, jobs) in held {
            var problems: [String] = []
            for job in jobs {
                defer { next += 1 }
                do {
                    try runner.place(try results[next].get(), at: job.path, pending: &pending)
                    entry.outputs.append(job.path)
                } catch {
                    problems.append("\(job.path): \(error)")
                }
            }
            if runner.durability == .file, let last = entry.outputs.last { AtomicFile.syncDirectory(of: last) }
            if !problems.isEmpty { entry.error = ([entry.error].compactMap { $0 } + problems).joined(separator: "; ") }
            deliver(index, entry, pending)
        }
        held = []
    }

    func close() {
        if case .success(let office) = renderer { office.close() }
    }

    /// Starts of this worker's LibreOffice.
    var starts: Int {
        if case .success(let office) = renderer { return office.starts }
        return 0
    }
}

/// Outputs waiting for their group's commit, with the entries of their inputs. A group is due
/// at 256 files or one second after its first, and at the end of the batch. Its entries are
/// recorded (report, progress) only once their outputs are in place.
///
/// Groups commit on a queue of their own while the workers go on filling the next one: the
/// flush waits on the disk, not on the processor (a worker that committed a group itself held
/// every other worker at its next output for as long as the disk took). One group commits at a
/// time. A group that falls due while the one before it is still committing keeps taking
/// outputs, and the queue takes it as soon as it is free, so a disk slower to flush than the
/// workers are to write gets fewer, larger groups rather than idle workers; only a group four
/// times due (1,024 files, or four seconds) holds the workers until it is taken. At most two
/// groups are ever outstanding: the one committing and the one filling.
final class GroupCommit: @unchecked Sendable {
    static let files = 256
    static let seconds = 1.0
    /// How many times due a group may grow while the one before it commits.
    static let most = 4

    private struct Group {
        var entries: [(index: Int, entry: BatchEntry, first: Int, count: Int)] = []
        var renames: [AtomicFile.PendingRename] = []
        var opened: Date?

        func due(times: Int = 1) -> Bool {
            guard let opened else { return false }
            return renames.count >= GroupCommit.files * times || Date().timeIntervalSince(opened) >= GroupCommit.seconds * Double(times)
        }
    }

    private let condition = NSCondition()
    private var filling = Group()
    /// Whether a group is being committed on `queue`.
    private var committing = false
    private let queue = DispatchQueue(label: "speechdoc.group-commit")
    private let record: (Int, BatchEntry) -> Void
    /// What commits a group: `AtomicFile.commit`, or a stand-in in a test of the grouping.
    private let commitFiles: ([AtomicFile.PendingRename]) -> [(Int, String)]

    init(commit: @escaping ([AtomicFile.PendingRename]) -> [(Int, String)] = AtomicFile.commit,
         record: @escaping (Int, BatchEntry) -> Void) {
        self.commitFiles = commit
        self.record = record
    }

    func add(_ index: Int, _ entry: BatchEntry, _ pending: [AtomicFile.PendingRename]) {
        condition.withLock {
            while committing && filling.due(times: Self.most) { condition.wait() }
            filling.entries.append((index, entry, filling.renames.count, pending.count))
            filling.renames += pending
            if filling.opened == nil { filling.opened = Date() }
            if !committing && filling.due() { startLocked() }
        }
    }

    /// Commits what is left and returns once every group is in place.
    func flush() {
        condition.withLock {
            while committing { condition.wait() }
            if !filling.renames.isEmpty { startLocked() }
            while committing { condition.wait() }
        }
    }

    /// Hands the filling group to the queue, which then takes each group that falls due while
    /// it commits.
    private func startLocked() {
        committing = true
        let first = takeLocked()
        queue.async {
            var group = first
            while true {
                self.commit(group)
                let next: Group? = self.condition.withLock {
                    if self.filling.due() { return self.takeLocked() }
                    self.committing = false
                    self.condition.broadcast()
                    return nil
                }
                guard let next else { return }
                group = next
            }
        }
    }

    private func takeLocked() -> Group {
        defer {
            filling = Group()
            condition.broadcast()
        }
        return filling
    }

    private func commit(_ group: Group) {
        let failures = commitFiles(group.renames)
        for (index, var entry, first, count) in group.entries {
            let failed = failures.filter { $0.0 >= first && $0.0 < first + count }
            if !failed.isEmpty {
                let paths = Set(failed.map { group.renames[$0.0].display })
                entry.outputs.removeAll { paths.contains($0) }
                entry.error = failed.map(\.1).joined(separator: "; ")
            }
            record(index, entry)
        }
    }
}

/// What no output of a batch may be: an input or the report.
struct OutputGuard: Sendable {
    var inputs: Set<FileKey>
    var report: FileKey?

    func refusal(for path: String, seen: AtomicFile.PathStatus? = nil) -> String? {
        // A name not there yet is no input; the report is checked by name as well.
        guard let status = (seen ?? AtomicFile.PathStatus(path)).followed else { return mayBeReport(path) && FileKey(path) == report ? "it is the report" : nil }
        let key = FileKey.file(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
        if inputs.contains(key) { return "it is an input" }
        if key == report { return "it is the report" }
        return nil
    }

    /// Whether a path that is not there may still name the report, before `FileKey` finds out
    /// by resolving every folder above it (a readlink each, for every output of a batch). A
    /// report that is there is a file, which a missing path is not; one not there yet is a name
    /// in a folder, and only a path ending in that name (or in . or ..) can be it.
    private func mayBeReport(_ path: String) -> Bool {
        switch report {
        case nil, .file?: return false
        case .path?: return true
        case .entry(_, _, let name)?:
            let last = PathText.lastComponent(of: path)
            return last == name || last == "." || last == ".." || last.isEmpty
        }
    }
}

/// The shared queue position and results of the workers, behind one lock. Entries finished out
/// of order wait until those before them are done (a handful at a time: the workers take
/// inputs in order), then go to the summary and the report.
private final class WorkState: @unchecked Sendable {
    private let lock = NSLock()
    private let count: Int
    private var next = 0
    private var done = 0
    private var nextToRecord = 0
    private var waiting: [Int: BatchEntry] = [:]
    private let report: BatchReportWriter?
    private(set) var summary = BatchSummary()

    /// Entries `count` and after are recorded by `finish` without being taken.
    init(count: Int, report: BatchReportWriter?) {
        self.count = count
        self.report = report
    }

    func take() -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    /// Records a result; returns how many inputs are done.
    func finish(_ index: Int, _ entry: BatchEntry) -> Int {
        lock.withLock {
            waiting[index] = entry
            while let ready = waiting.removeValue(forKey: nextToRecord) {
                summary.count(ready)
                report?.add(ready)
                nextToRecord += 1
            }
            done += 1
            return done
        }
    }
}
