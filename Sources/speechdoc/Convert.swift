import SystemSupport
import ArgumentParser
import Foundation
import SpeechDoc

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert speeches to Word (GB/T 9704 layout), EPUB or Markdown.",
        discussion: """
        The format comes from --to or from the output's extension, and is Word (docx) when \
        neither says. A file holding several \
        speeches gives one Word or Markdown file per speech (name-1.docx, name-2.docx, …) unless \
        --single asks for one file. To EPUB, several inputs, a directory (its .txt and .md files \
        in name order) or a multi-speech file make one collection with a chapter per speech. \
        With several inputs to Word or Markdown, -o names a directory. Without -o, outputs go \
        beside their inputs. An output never replaces its input.

        Examples:
          speechdoc convert speech.txt -o speech.docx
          speechdoc convert speech.txt -o speech.md
          speechdoc convert speech.txt --to md -o -
          speechdoc convert a.txt b.txt dir/ -o 汇编.epub --title "讲话汇编" --author "办公室" --sort date
          speechdoc convert collection.txt -o all.docx --single
          speechdoc convert speech.txt -o speech.docx --style mystyle.yaml
          speechdoc convert speech.txt -o speech.docx --style reading
          speechdoc convert speech.txt -o speech.docx --reference-docx 办公室模板.docx
        """
    )

    @Argument(help: ArgumentHelp("Text (.txt), Markdown (.md) or Word (.docx) files, directories of them, or - for standard input.", valueName: "input"))
    var inputs: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file, directory (ending in /), or - for standard output.", valueName: "path"))
    var output: String?

    @Option(help: ArgumentHelp("Output format: md, docx or epub.", valueName: "format"))
    var to: String?

    @OptionGroup var styling: StyleOptions

    @Flag(help: "Write all speeches of a multi-speech input into one Word file instead of name-1, name-2, …")
    var single = false

    @Option(help: ArgumentHelp("Collection title (EPUB collections and --single).", valueName: "text"))
    var title: String?

    @Option(help: ArgumentHelp("Collection author.", valueName: "text"))
    var author: String?

    @Option(help: ArgumentHelp("Collection date, e.g. 2024年3月12日 or 2024-03-12.", valueName: "text"))
    var date: String?

    @Option(help: ArgumentHelp("Order of the speeches in a collection: input, title or date.", valueName: "order"))
    var sort: CollectionOrder = .input

    @Option(help: ArgumentHelp("Cover image (JPEG or PNG) for an EPUB.", valueName: "image"))
    var cover: String?

    @Option(help: ArgumentHelp("Write a JSON report (the batch report's format) here, or - for standard output.", valueName: "path|-"))
    var report: String?

    @Flag(help: "Print no warnings (truncation, gaps, damaged text, files written) on stderr.")
    var quiet = false

    @OptionGroup var reading: ReadingOptions

    var format: OutputFormat {
        if let to, let format = OutputFormat(name: to) { return format }
        if let output, output != "-", let format = OutputFormat(path: output) { return format }
        // Neither says: beside the input, Word, what an office asks for.
        return output == nil ? .docx : .markdown
    }

    /// -o names a file (not -, not ending in /, not an existing directory).
    var outputIsFile: Bool {
        guard let output else { return false }
        return output != "-" && !output.hasSuffix("/") && !isDirectory(output)
    }

    func validate() throws {
        // An empty title gives a book no reader can name (and epubcheck refuses).
        for (name, value) in [("--title", title), ("--author", author)] where value.map({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) == true {
            throw ValidationError("\(name) must not be empty")
        }
        if let to, OutputFormat(name: to) == nil {
            throw ValidationError("unknown format “\(to)”; use md, docx or epub")
        }
        if to == nil, output != nil {
            guard let output, outputIsFile else {
                throw ValidationError("say which format to write with --to md|docx|epub or an output extension")
            }
            if OutputFormat(path: output) == nil {
                throw ValidationError("cannot tell the format from “\(output)”; add --to md|docx|epub")
            }
        }
        // Markdown in a file called z.docx would open as a broken Word file.
        if let to, let named = OutputFormat(name: to), let output, outputIsFile, let implied = OutputFormat(path: output), implied != named {
            throw ValidationError("-o \(output) says \(implied.rawValue) but --to says \(named.rawValue)")
        }
        if Formats.writer(for: format) == nil {
            throw ValidationError("this build cannot write \(format.rawValue); available: \(Formats.available.map(\.rawValue).joined(separator: ", "))")
        }
        if single && format == .markdown {
            throw ValidationError("--single needs docx or epub: a Markdown file holds one speech")
        }
        if cover != nil && format != .epub {
            throw ValidationError("--cover is for EPUB output")
        }
        if inputs.contains(DocumentLoader.standardInput) && output == nil {
            throw ValidationError("standard input (-) has no name to write beside: give -o FILE, -o DIR/ or -o -")
        }
        if report == "-" && output == "-" {
            throw ValidationError("the output and the report cannot both go to standard output")
        }
        if styling.referenceDocx != nil && format != .docx {
            throw ValidationError("--reference-docx is for Word (docx) output")
        }
    }

    func run() throws {
        MemoryTuning.forBulkConversion()
        if output == "-", format != .markdown, isatty(STDOUT_FILENO) == 1 {
            Console.error("refusing to write a binary \(format.rawValue.uppercased()) file to a terminal; redirect it (> file) or give -o FILE")
            throw ExitCode(2)
        }
        let writer = Formats.writer(for: format)!
        var options = try styling.writerOptions()
        if let cover { options.cover = try coverImage(cover) }

        var failed = false
        let (files, expandedDirectory, fromDirectories) = expandInputs(&failed)
        var documents: [InputDocument] = []
        var seen = Set<String>()
        // The same file named twice (a folder given twice, ./a.txt and a.txt) is read once; two
        // names of one file (hard links) write two outputs and are both read.
        for file in files where seen.insert("\(FileKey(file))|\(DocumentLoader.fileStem(file))").inserted {
            do {
                let document = try DocumentLoader.load(path: file, options: reading.readOptions)
                // A folder's README.md or notes are not speeches: a file found in a folder is
                // taken only when it holds Chinese text.
                if fromDirectories.contains(file), Self.hanCount(document) < Self.minimumHan {
                    Console.error("\(file): skipped: no speech text in it (fewer than \(Self.minimumHan) Chinese characters)")
                    continue
                }
                documents.append(document)
            } catch let error as InputError where fromDirectories.contains(file) && error.cause.hasPrefix("no speech text") {
                Console.error("\(file): skipped: no speech text in it")
            } catch {
                Console.error(String(describing: error))
                failed = true
            }
        }

        let collectsSpeeches = format == .epub && (files.count > 1 || expandedDirectory || documents.contains { $0.speeches.count > 1 })
        // Several inputs to Word or Markdown need a directory: "-o two.docx" would become one.
        if !collectsSpeeches, documents.count > 1, outputIsFile, let output, OutputFormat(path: output) != nil {
            Console.error("\(output): several inputs give several files; -o must name a directory (end it with /)")
            throw ExitCode(2)
        }
        // One line per warning of each input on stderr, and the report's entries.
        var entries: [BatchEntry] = []
        func record(_ document: InputDocument, outputs: [String], error: String? = nil) {
            if !quiet, error == nil {
                for line in Notices.lines(for: document, outputs: outputs) { Console.error("\(document.path): \(line)") }
            }
            var entry = BatchEntry(input: document.path)
            entry.encoding = document.encoding
            entry.speeches = document.speeches.count
            entry.outputs = outputs
            entry.removed = document.report.removed.count
            entry.warnings = document.report.warnings.count
            entry.error = error
            entries.append(entry)
        }
        if collectsSpeeches {
            if !documents.isEmpty {
                let written = writeCollection(documents, with: writer, options: options)
                failed = written == nil || failed
                for document in documents { record(document, outputs: written.map { [$0] } ?? [], error: written == nil ? "not written" : nil) }
            }
        } else {
            let toDirectory = files.count > 1 || (output.map { $0.hasSuffix("/") || isDirectory($0) } ?? false)
            if toDirectory, let output, output != "-" {
                do {
                    try RawPath.createDirectory(output)
                } catch {
                    Console.error("\(output): cannot create the output directory")
                    throw ExitCode(1)
                }
            }
            // Every output is planned before any is written: an output that would replace an
            // input, or that two inputs would both write, is an error and nothing is written
            // for those inputs.
            let planned = documents.map { outputPaths(for: $0, toDirectory: toDirectory) }
            var refused = Set<String>()
            if output != "-" {
                let plan = zip(documents, planned).flatMap { document, paths in paths.map { WritePlan.Output(input: document.path, path: $0) } }
                for collision in WritePlan.collisions(inputs: files, outputs: plan) {
                    Console.error(collision.description)
                    refused.formUnion(collision.inputs)
                    failed = true
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
                    try write(document, with: writer, options: options, to: paths)
                    record(document, outputs: paths)
                } catch {
                    Console.error(String(describing: error))
                    record(document, outputs: [], error: String(describing: error))
                    failed = true
                }
            }
        }
        if let report {
            var summary = BatchSummary()
            for entry in entries { summary.count(entry) }
            let writer = BatchReportWriter(path: report)
            do {
                try writer.begin(settings: "speechdoc-1;convert;format=\(format.rawValue)", shard: nil, jobs: 1)
                for entry in entries { writer.add(entry) }
                try writer.finish(summary)
            } catch {
                Console.error(String(describing: error))
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }

    private func coverImage(_ path: String) throws -> CoverImage {
        guard let data = try? FileBytes.read(path, limit: 32 << 20) else {
            throw ValidationError("\(path): cannot read the cover image")
        }
        guard let image = CoverImage(bytes: data) else {
            throw ValidationError("\(path): the cover must be a JPEG or PNG image")
        }
        return image
    }

    static let minimumHan = 20

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

    /// Files as given, and the .txt/.md files of directories in name order.
    private func expandInputs(_ failed: inout Bool) -> (files: [String], sawDirectory: Bool, fromDirectories: Set<String>) {
        var files: [String] = []
        var fromDirectories = Set<String>()
        var sawDirectory = false
        for input in inputs {
            guard isDirectory(input) else { files.append(input); continue }
            sawDirectory = true
            let names = RawPath.names(in: input) ?? []
            let texts = names.filter { name in
                !name.hasPrefix(".") && InputKind.isAccepted(name)
            }.sorted()
            if texts.isEmpty {
                Console.error("\(input): the directory holds no .txt or .md files")
                failed = true
            }
            let found = texts.map { (input as NSString).appendingPathComponent($0) }
            files += found
            fromDirectories.formUnion(found)
        }
        return (files, sawDirectory, fromDirectories)
    }

    /// Writes the collection; returns where (nil when it could not be written).
    private func writeCollection(_ documents: [InputDocument], with writer: any SpeechWriter, options: WriterOptions) -> String? {
        let speeches = sort.ordered(documents.flatMap(\.speeches))
        let fallbackTitle = documents.count == 1 ? (speeches.first?.metadata.label ?? "讲话汇编") : "讲话汇编"
        let collection = SpeechCollection(title: title ?? fallbackTitle, author: author, date: date, speeches: speeches)
        let path: String
        if let output, output != "-" {
            path = output.hasSuffix("/") || isDirectory(output)
                ? (output as NSString).appendingPathComponent(FileName.from(title: collection.title) + ".epub") : output
        } else if output == "-" {
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
            let bytes = try writer.write(.collection(collection), options: options)
            if path == "-" { Console.out(bytes) } else {
                try RawPath.createDirectory(PathText.parent(of: path))
                try AtomicFile.write(bytes, to: path)
            }
            return path
        } catch {
            Console.error(String(describing: error))
            return nil
        }
    }

    /// The files a document's speeches go to (none for standard output).
    private func outputPaths(for document: InputDocument, toDirectory: Bool) -> [String] {
        guard output != "-" else { return [] }
        let count = single && document.speeches.count > 1 ? 1 : document.speeches.count
        let base: String
        let name = DocumentLoader.fileStem(document.path) + "." + format.fileExtension
        if toDirectory, let output {
            base = (output as NSString).appendingPathComponent(name)
        } else if let output {
            base = output
        } else {
            base = (PathText.parent(of: document.path) as NSString).appendingPathComponent(name)
        }
        return OutputPlan.paths(base: base, count: count)
    }

    private func write(_ document: InputDocument, with writer: any SpeechWriter, options: WriterOptions, to paths: [String]) throws {
        let outputs: [[UInt8]]
        if single && document.speeches.count > 1 {
            let first = document.speeches[0].metadata
            let collection = SpeechCollection(title: title ?? first.label, author: author ?? first.speaker, date: date ?? first.date,
                                              speeches: document.speeches)
            outputs = [try writer.write(.collection(collection), options: options)]
        } else {
            outputs = try document.speeches.map { speech in try writer.write(.speech(speech), options: options) }
        }
        if output == "-" {
            for (index, bytes) in outputs.enumerated() {
                if index > 0 { Console.out("\n") }
                Console.out(bytes)
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
}

/// The order of speeches in a collection.
enum CollectionOrder: String, ExpressibleByArgument, CaseIterable {
    case input, title, date

    func ordered(_ speeches: [Speech]) -> [Speech] {
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

func isDirectory(_ path: String) -> Bool { RawPath.isDirectory(path) }
