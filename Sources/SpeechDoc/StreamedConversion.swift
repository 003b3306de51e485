import DocxWriter
import EpubWriter
import Foundation
import SpeechModel
import SpeechReader
import SpeechWriting
import SystemSupport

/// `convert` of a long plain text (`LongTextReader`): each speech is written as it is read, its
/// body streamed to the writer, so neither the file's lines nor its model are ever held whole.
/// The outputs are the ones a whole read writes, made the same way: every speech's file (or the
/// book) goes to a temporary file, and all are renamed into place once the text is read to its
/// end, under names that depend on how many speeches it held; a failure leaves none.
enum StreamedConversion {
    /// Whether an input of this request may be streamed: a file named as an input (not found in
    /// a folder, which must first be seen to hold a speech), written to files (not standard
    /// output) in a format whose writer streams, one file per speech, or for EPUB one book of a
    /// single input in input order.
    static func applies(to file: String, _ request: ConversionRequest, files: Int, sawDirectory: Bool, fromDirectory: Bool) -> Bool {
        guard !fromDirectory, file != DocumentLoader.standardInput, request.output != "-",
              !(request.single && request.format == .markdown),
              Formats.writer(for: request.format) is StreamingSpeechWriter else { return false }
        if request.format == .epub { return files == 1 && !sawDirectory && request.order == .input }
        return true
    }

    /// Reads and writes one long text. Returns its report entry (with `error` set on failure,
    /// already emitted).
    static func convert(_ path: String, _ reader: LongTextReader, _ request: ConversionRequest, toDirectory: Bool,
                        inputs: [String], planned: [WritePlan.Output], emit: (ConversionPlan.Event) -> Void) -> BatchEntry {
        var entry = BatchEntry(input: path)
        entry.encoding = reader.encoding.rawValue
        var pending: [AtomicFile.PendingRename] = []
        do {
            let base = outputBase(path, request, toDirectory: toDirectory)
            try RawPath.createDirectory(PathText.parent(of: base))
            AtomicFile.removeStaleTemporaryFiles(in: PathText.parent(of: base), recursive: false)
            var told: [Notices.Told] = []
            var untitled: [ReadWarning] = []
            var outputs: [String]
            if request.format == .epub {
                let book = EpubStream(options: request.writerOptions, collectionTitle: request.title, author: request.author, date: request.date)
                while let head = try reader.nextSpeech() {
                    if head.metadata.title.isEmpty { untitled.append(DocumentLoader.untitled(told.count + 1)) }
                    let tally = GapTally()
                    var body = tally.counting(reader.body)
                    try book.add(head: head, body: &body)
                    told.append(Notices.Told(truncated: body.truncated, gaps: tally.gaps))
                }
                entry.speeches = told.count
                guard book.count > 0 else { throw ReadError.noSpeech() }
                let collected = book.count > 1
                let bytes = try book.finish(asCollection: collected)
                let target = collected ? collectionPath(path, request, title: request.title ?? book.firstLabel) : base
                pending += try stage(bytes, at: target)
                outputs = [target]
            } else if request.single, let writer = Formats.writer(for: request.format) as? DocxWriter {
                // Every speech in one document.
                var tallies: [GapTally] = []
                func next() throws -> (head: Speech, body: TappedBody<LongTextReader.Body>)? {
                    if let last = tallies.last { last.truncated = reader.body.truncated }
                    guard let head = try reader.nextSpeech() else { return nil }
                    if head.metadata.title.isEmpty { untitled.append(DocumentLoader.untitled(tallies.count + 1)) }
                    tallies.append(GapTally())
                    return (head, tallies[tallies.count - 1].counting(reader.body))
                }
                let (bytes, count) = try writer.write(speeches: next, title: request.title, author: request.author, options: request.writerOptions)
                told = tallies.map { Notices.Told(truncated: $0.truncated, gaps: $0.gaps) }
                entry.speeches = count
                guard count > 0 else { throw ReadError.noSpeech() }
                pending += try stage(bytes, at: base)
                outputs = [base]
            } else {
                let writer = Formats.writer(for: request.format) as! any StreamingSpeechWriter
                var staged = try stageEach(reader, to: base, with: writer, options: request.writerOptions)
                told = staged.told
                untitled = staged.untitled.map { DocumentLoader.untitled($0 + 1) }
                entry.speeches = told.count
                outputs = name(&staged.pending, base: base)
                pending = staged.pending
            }
            var report = try reader.finish()
            report.warnings += untitled
            // Checked once the names are known, before any is renamed into place: an output may
            // replace no input and no other input's output.
            let mine = outputs.map { WritePlan.Output(input: path, path: $0) }
            if let collision = WritePlan.collisions(inputs: inputs, outputs: planned + mine).first(where: { $0.inputs.contains(path) }) {
                throw InputError(path: path, cause: collision.description)
            }
            if let (_, message) = AtomicFile.commit(pending).first {
                pending = []
                throw InputError(path: path, cause: message)
            }
            pending = []
            for line in Notices.lines(told, warnings: report.warnings, outputs: outputs) { emit(.notice(input: path, line)) }
            entry.outputs = outputs
            entry.removed = report.removed.count
            entry.warnings = report.warnings.count
        } catch {
            pending.forEach { $0.abandon() }
            let message = (error as? InputError)?.description ?? "\(path): \(error)"
            emit(.problem(message))
            entry.error = message
            entry.outputs = []
        }
        return entry
    }

    /// What `stageEach` wrote: each speech's temporary file waiting for its name, what the
    /// notices tell of it, and which speeches (by index) had no title.
    struct Staged {
        var pending: [AtomicFile.PendingRename] = []
        var told: [Notices.Told] = []
        var untitled: [Int] = []
    }

    /// Every speech `speeches` gives, streamed by `writer` into a temporary file of its own beside
    /// `base` as it is read; on failure none is kept. The files wait for their names (`name`),
    /// which depend on how many speeches there were.
    static func stageEach(_ speeches: some StreamedSpeeches, to base: String, with writer: any StreamingSpeechWriter,
                          options: WriterOptions) throws -> Staged {
        var staged = Staged()
        do {
            while let head = try speeches.nextSpeech() {
                if head.metadata.title.isEmpty { staged.untitled.append(staged.told.count) }
                let stream = try AtomicFile.Stream(path: base)
                let tally = GapTally()
                var body = tally.counting(speeches.body)
                try writer.write(head: head, body: &body, options: options) { try stream.write($0) }
                staged.told.append(Notices.Told(truncated: body.truncated, gaps: tally.gaps))
                staged.pending += try stream.closeForGroup().map { [$0] } ?? []
            }
        } catch {
            staged.pending.forEach { $0.abandon() }
            throw error
        }
        return staged
    }

    /// The names of files staged for the speeches of one input (`OutputPlan.paths`): `base` for
    /// one, numbered for several, which the files then take.
    static func name(_ pending: inout [AtomicFile.PendingRename], base: String) -> [String] {
        let paths = OutputPlan.paths(base: base, count: pending.count)
        if paths.count > 1 {
            for index in pending.indices { (pending[index].final, pending[index].display) = (paths[index], paths[index]) }
        }
        return paths
    }

    /// One output's bytes in a temporary file beside `path`, waiting to be renamed into place.
    private static func stage(_ bytes: [UInt8], at path: String) throws -> [AtomicFile.PendingRename] {
        let stream = try AtomicFile.Stream(path: path)
        try stream.write(bytes)
        return try stream.closeForGroup().map { [$0] } ?? []
    }

    /// The reader for a long text, or nil when the text is to be read whole.
    static func reader(for bytes: [UInt8], path: String, _ options: ReadOptions) throws -> LongTextReader? {
        do {
            return try LongTextReader.reader(for: bytes, source: path, options: options)
        } catch {
            throw InputError(path: path, cause: String(describing: error))
        }
    }

    /// Where a one-speech input's output goes (`ConversionPlan.outputPaths` for one speech).
    private static func outputBase(_ path: String, _ request: ConversionRequest, toDirectory: Bool) -> String {
        let name = DocumentLoader.fileStem(path) + "." + request.format.fileExtension
        if toDirectory, let output = request.output { return (output as NSString).appendingPathComponent(name) }
        if let output = request.output { return output }
        return (PathText.parent(of: path) as NSString).appendingPathComponent(name)
    }

    /// Where a collection's book goes (`ConversionPlan.writeCollection`): the output named, a
    /// file named after the title in the output folder, or beside the input.
    private static func collectionPath(_ path: String, _ request: ConversionRequest, title: String) -> String {
        if let output = request.output {
            guard output.hasSuffix("/") || RawPath.isDirectory(output) else { return output }
            return (output as NSString).appendingPathComponent(FileName.from(title: title) + ".epub")
        }
        return (PathText.parent(of: path) as NSString).appendingPathComponent(DocumentLoader.fileStem(path) + ".epub")
    }
}

/// A speech's gaps, counted as the writer reads its body (for the notices).
final class GapTally {
    var gaps: [Int?] = []
    var truncated = false

    func counting<Body: BodySource>(_ body: Body) -> TappedBody<Body> {
        TappedBody(base: body) { [self] item in
            if case .gap(let gap) = item { gaps.append(gap.omittedCharacters) }
        }
    }
}
