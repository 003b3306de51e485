import Foundation

/// What `convert` is asked to do, whichever front end asks (the command line, a server, another
/// Swift program).
public struct ConversionRequest: Sendable {
    /// Files, directories (their readable files in name order) or `-` for standard input.
    public var inputs: [String]
    /// A file, a directory (ending in / or existing), `-` for standard output, or nil: beside
    /// each input.
    public var output: String?
    public var format: OutputFormat
    /// A multi-speech input to one Word file instead of one per speech.
    public var single = false
    public var title: String?
    public var author: String?
    public var date: String?
    public var order: CollectionOrder = .input
    public var readOptions = ReadOptions()
    public var writerOptions = WriterOptions.default

    public init(inputs: [String], output: String?, format: OutputFormat) {
        self.inputs = inputs
        self.output = output
        self.format = format
    }

    /// The output names a file (not -, not ending in /, not an existing directory).
    public var outputIsFile: Bool { Self.namesFile(output) }

    public static func namesFile(_ output: String?) -> Bool {
        guard let output else { return false }
        return output != "-" && !output.hasSuffix("/") && !RawPath.isDirectory(output)
    }
}

/// The order of speeches in a collection.
public enum CollectionOrder: String, Sendable, CaseIterable {
    case input, title, date

    public func ordered(_ speeches: [Speech]) -> [Speech] {
        switch self {
        case .input:
            return speeches
        case .title:
            return speeches.enumerated().sorted { ($0.element.metadata.title, $0.offset) < ($1.element.metadata.title, $1.offset) }.map(\.element)
        case .date:
            // Undated speeches keep their input order after the dated ones.
            return speeches.enumerated().sorted { a, b in
                let left = SpeechDate.iso(a.element.metadata.date) ?? "~", right = SpeechDate.iso(b.element.metadata.date) ?? "~"
                return (left, a.offset) < (right, b.offset)
            }.map(\.element)
        }
    }
}

/// `convert`'s policy in one place: inputs expanded (a directory's files, each file read once),
/// read through the reader table, a collection built when the format and inputs ask for one,
/// every output planned — names, collisions with inputs and with each other — before any is
/// written, then written atomically. The front end only prints what it is told (`emit`).
public enum ConversionPlan {
    public enum Event: Sendable {
        /// A line for the user's error stream: "PATH: CAUSE".
        case problem(String)
        /// What a reader of an input's output should know (truncation, gaps, damage, files).
        case notice(input: String, String)
        /// Bytes for standard output (`-o -`).
        case standardOutput([UInt8])
    }

    public struct Outcome: Sendable {
        /// An entry per input read, as a batch report has them.
        public var entries: [BatchEntry] = []
        /// Some input could not be read or written.
        public var failed = false
    }

    /// A request that cannot be carried out as asked (exit code 2 on the command line).
    public struct UsageError: Error, CustomStringConvertible {
        public var description: String
    }

    /// A file found in a folder is taken only when it holds this many Chinese characters: a
    /// folder's README.md or notes are not speeches.
    public static let minimumHan = 20

    public static func run(_ request: ConversionRequest, emit: (Event) -> Void) throws -> Outcome {
        var outcome = Outcome()
        let writer = Formats.writer(for: request.format)!
        let expanded = expand(request.inputs, emit: emit, failed: &outcome.failed)
        var documents: [InputDocument] = []
        // Long plain texts, read and written a speech at a time once the others are written.
        var streamed: [(path: String, reader: LongTextReader)] = []
        // The same file named twice (a folder given twice, ./a.txt and a.txt) was taken once by
        // the expansion; two names of one file (hard links) write two outputs and are both read.
        for file in expanded.files {
            do {
                let document: InputDocument
                if StreamedConversion.applies(to: file, request, files: expanded.files.count, sawDirectory: expanded.sawDirectory,
                                              fromDirectory: expanded.fromDirectories.contains(file)) {
                    let bytes = try DocumentLoader.read(file)
                    let kind = InputKind(path: file, bytes: bytes)
                    if kind == .plainText, let reader = try StreamedConversion.reader(for: bytes, path: file, request.readOptions) {
                        streamed.append((file, reader))
                        continue
                    }
                    document = try DocumentLoader.load(bytes: consume bytes, path: file, kind: kind, options: request.readOptions)
                } else {
                    document = try DocumentLoader.load(path: file, options: request.readOptions)
                }
                if expanded.fromDirectories.contains(file), hanCount(document) < minimumHan {
                    emit(.problem("\(file): skipped: no speech text in it (fewer than \(minimumHan) Chinese characters)"))
                    continue
                }
                documents.append(document)
            } catch let error as InputError where expanded.fromDirectories.contains(file) && error.cause.hasPrefix("no speech text") {
                emit(.problem("\(file): skipped: no speech text in it"))
            } catch {
                emit(.problem(String(describing: error)))
                outcome.failed = true
            }
        }

        let collects = request.format == .epub
            && (expanded.files.count > 1 || expanded.sawDirectory || documents.contains { $0.speeches.count > 1 })
        // Several inputs to Word or Markdown need a directory: "-o two.docx" would become one.
        if !collects, documents.count + streamed.count > 1, request.outputIsFile, let output = request.output, OutputFormat(path: output) != nil {
            throw UsageError(description: "\(output): several inputs give several files; -o must name a directory (end it with /)")
        }
        func record(_ document: InputDocument, outputs: [String], error: String? = nil) {
            if error == nil {
                for line in Notices.lines(for: document, outputs: outputs) { emit(.notice(input: document.path, line)) }
            }
            var entry = BatchEntry(input: document.path)
            entry.encoding = document.encoding
            entry.speeches = document.speeches.count
            entry.outputs = outputs
            entry.removed = document.report.removed.count
            entry.warnings = document.report.warnings.count
            entry.error = error
            outcome.entries.append(entry)
        }
        if collects {
            if !documents.isEmpty {
                let written = writeCollection(documents, request, writer, emit: emit)
                outcome.failed = written == nil || outcome.failed
                for document in documents { record(document, outputs: written.map { [$0] } ?? [], error: written == nil ? "not written" : nil) }
            }
            return outcome
        }
        let output = request.output
        let toDirectory = expanded.files.count > 1 || (output.map { $0.hasSuffix("/") || RawPath.isDirectory($0) } ?? false)
        if toDirectory, let output, output != "-" {
            do {
                try RawPath.createDirectory(output)
            } catch {
                emit(.problem("\(output): cannot create the output directory"))
                outcome.failed = true
                return outcome
            }
        }
        // Every output is planned before any is written: an output that would replace an input,
        // or that two inputs would both write, is an error and nothing is written for those inputs.
        let planned = documents.map { outputPaths(for: $0, request, toDirectory: toDirectory) }
        var refused = Set<String>()
        let plan = zip(documents, planned).flatMap { document, paths in paths.map { WritePlan.Output(input: document.path, path: $0) } }
        if output != "-" {
            for collision in WritePlan.collisions(inputs: expanded.files, outputs: plan) {
                emit(.problem(collision.description))
                refused.formUnion(collision.inputs)
                outcome.failed = true
            }
            for directory in Set(planned.joined().map { PathText.parent(of: $0) }) {
                AtomicFile.removeStaleTemporaryFiles(in: directory, recursive: false)
            }
        }
        for (document, paths) in zip(documents, planned) {
            guard !refused.contains(document.path) else {
                record(document, outputs: [], error: "its outputs would replace an input or another input's outputs")
                continue
            }
            do {
                try write(document, request, writer, to: paths, emit: emit)
                record(document, outputs: paths)
            } catch {
                emit(.problem(String(describing: error)))
                record(document, outputs: [], error: String(describing: error))
                outcome.failed = true
            }
        }
        for (path, reader) in streamed {
            let entry = StreamedConversion.convert(path, reader, request, toDirectory: toDirectory, inputs: expanded.files,
                                                   planned: plan, emit: emit)
            if entry.error != nil { outcome.failed = true }
            outcome.entries.append(entry)
        }
        return outcome
    }

    /// Chinese characters in a document's speeches, counted up to `minimumHan`.
    static func hanCount(_ document: InputDocument) -> Int {
        var count = 0
        for speech in document.speeches {
            for piece in [speech.metadata.title] + speech.textPieces {
                count += piece.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) }.count
                if count >= minimumHan { return count }
            }
        }
        return count
    }

    /// Files as given, and the readable files of directories in name order, by `InputFiles` (the
    /// batch's expansion, one level deep); `-` (standard input) and names that are not there
    /// stay in their place, for the loader to read or report.
    static func expand(_ inputs: [String], emit: (Event) -> Void, failed: inout Bool)
        -> (files: [String], sawDirectory: Bool, fromDirectories: Set<String>) {
        let collected = InputFiles.collect(inputs.filter { $0 != "-" }, recursive: false)
        var files: [String] = []
        var fromDirectories = Set<String>()
        var sawDirectory = false
        var next = 0
        var walked = Set<FileKey>()
        for input in inputs {
            guard input != "-", RawPath.type(input) == .directory else {
                if input == "-" || RawPath.type(input) == nil {
                    files.append(input)
                } else if next < collected.inputs.count, collected.inputs[next].directory == nil, collected.inputs[next].path == input {
                    files.append(input)
                    next += 1
                }
                continue
            }
            sawDirectory = true
            // A folder named twice (in, in/) was walked once.
            guard walked.insert(FileKey(input)).inserted else { continue }
            var found: [String] = []
            while next < collected.inputs.count, collected.inputs[next].directory == input {
                if collected.inputs[next].isConvertible { found.append(collected.inputs[next].path) }
                next += 1
            }
            let unusable = collected.unusable.filter { $0.path.hasPrefix((input as NSString).appendingPathComponent("")) && InputKind.isAccepted($0.path) }
            for (path, reason) in unusable {
                emit(.problem("\(path): \(reason)"))
                failed = true
            }
            if found.isEmpty && unusable.isEmpty {
                emit(.problem("\(input): the directory holds no files SpeechDoc reads (\(InputKind.extensions.map { "." + $0 }.joined(separator: ", ")))"))
                failed = true
            }
            files += found
            fromDirectories.formUnion(found)
        }
        return (files, sawDirectory, fromDirectories)
    }

    /// The collection an EPUB of several speeches holds: in the order asked, titled as asked, or
    /// after a single input's first speech, or 讲话汇编.
    public static func collection(_ speeches: [Speech], title: String?, author: String?, date: String?, order: CollectionOrder,
                                  inputs: Int) -> SpeechCollection {
        let ordered = order.ordered(speeches)
        let fallbackTitle = inputs == 1 ? (ordered.first?.metadata.label ?? "讲话汇编") : "讲话汇编"
        return SpeechCollection(title: title ?? fallbackTitle, author: author, date: date, speeches: ordered)
    }

    /// Writes the collection; returns where (nil when it could not be written).
    static func writeCollection(_ documents: [InputDocument], _ request: ConversionRequest, _ writer: any SpeechWriter,
                                emit: (Event) -> Void) -> String? {
        let collection = collection(documents.flatMap(\.speeches), title: request.title, author: request.author, date: request.date,
                                    order: request.order, inputs: documents.count)
        let path: String
        if let output = request.output, output != "-" {
            path = output.hasSuffix("/") || RawPath.isDirectory(output)
                ? (output as NSString).appendingPathComponent(FileName.from(title: collection.title) + ".epub") : output
        } else if request.output == "-" {
            path = "-"
        } else {
            path = (PathText.parent(of: documents[0].path) as NSString)
                .appendingPathComponent(DocumentLoader.fileStem(documents[0].path) + ".epub")
        }
        do {
            if path != "-", let collision = WritePlan.collisions(inputs: documents.map(\.path),
                                                                  outputs: [.init(input: documents[0].path, path: path)]).first {
                throw InputError(path: path, cause: "refusing to replace an input (\(collision.description))")
            }
            let bytes = try writer.write(.collection(collection), options: request.writerOptions)
            if path == "-" { emit(.standardOutput(bytes)) } else {
                try RawPath.createDirectory(PathText.parent(of: path))
                try AtomicFile.write(bytes, to: path)
            }
            return path
        } catch {
            emit(.problem(String(describing: error)))
            return nil
        }
    }

    /// The files a document's speeches go to (none for standard output).
    static func outputPaths(for document: InputDocument, _ request: ConversionRequest, toDirectory: Bool) -> [String] {
        guard request.output != "-" else { return [] }
        let count = request.single && document.speeches.count > 1 ? 1 : document.speeches.count
        let base: String
        let name = DocumentLoader.fileStem(document.path) + "." + request.format.fileExtension
        if toDirectory, let output = request.output {
            base = (output as NSString).appendingPathComponent(name)
        } else if let output = request.output {
            base = output
        } else {
            base = (PathText.parent(of: document.path) as NSString).appendingPathComponent(name)
        }
        return OutputPlan.paths(base: base, count: count)
    }

    static func write(_ document: InputDocument, _ request: ConversionRequest, _ writer: any SpeechWriter, to paths: [String],
                      emit: (Event) -> Void) throws {
        if paths.count > 1, request.output != "-", !request.single, !(writer is PDFWriter) {
            try writeEach(document, request, writer, to: paths)
            return
        }
        let outputs: [[UInt8]]
        if request.single && document.speeches.count > 1 {
            let first = document.speeches[0].metadata
            let collection = SpeechCollection(title: request.title ?? first.label, author: request.author ?? first.speaker,
                                              date: request.date ?? first.date, speeches: document.speeches)
            outputs = [try writer.write(.collection(collection), options: request.writerOptions)]
        } else {
            let publications = document.speeches.map { Publication.speech($0) }
            if let pdf = writer as? PDFWriter {
                // Every speech of the input through one start of LibreOffice.
                outputs = try pdf.write(publications, options: request.writerOptions)
            } else {
                outputs = try publications.map { try writer.write($0, options: request.writerOptions) }
            }
        }
        if request.output == "-" {
            for (index, bytes) in outputs.enumerated() {
                if index > 0 { emit(.standardOutput(Array("\n".utf8))) }
                emit(.standardOutput(bytes))
            }
            return
        }
        for (path, bytes) in zip(paths, outputs) {
            do {
                // -o new/sub/x.docx: the folders are made, as for -o new/.
                try RawPath.createDirectory(PathText.parent(of: path))
                try AtomicFile.write(bytes, to: path)
            } catch {
                throw InputError(path: document.path, cause: String(describing: error))
            }
        }
    }

    /// A file of many speeches to a file each: every output goes to its temporary file as soon
    /// as it is made, and its bytes with it, so the outputs are never all held at once (a
    /// 200 MB file to Markdown held 200 MB of them). They are renamed into place together once
    /// every one is made (one flush of the file system, as a batch's group commit), so an input
    /// still gives all its outputs or, when one cannot be made, none.
    private static func writeEach(_ document: InputDocument, _ request: ConversionRequest, _ writer: any SpeechWriter,
                                  to paths: [String]) throws {
        var pending: [AtomicFile.PendingRename] = []
        do {
            for (path, speech) in zip(paths, document.speeches) {
                let bytes = try writer.write(.speech(speech), options: request.writerOptions)
                do {
                    try RawPath.createDirectory(PathText.parent(of: path))
                    let stream = try AtomicFile.Stream(path: path)
                    try stream.write(bytes)
                    if let waiting = try stream.closeForGroup() { pending.append(waiting) }
                } catch {
                    throw InputError(path: document.path, cause: String(describing: error))
                }
            }
        } catch {
            pending.forEach { $0.abandon() }
            throw error
        }
        if let (_, message) = AtomicFile.commit(pending).first {
            throw InputError(path: document.path, cause: message)
        }
    }
}
