import SystemSupport
import ArgumentParser
import Foundation
import SpeechDoc

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert speeches to Word (GB/T 9704 layout), PDF, EPUB or Markdown.",
        discussion: """
        The format comes from --to or from the output's extension, and is Word (docx) when \
        neither says. A file holding several \
        speeches gives one Word or Markdown file per speech (name-1.docx, name-2.docx, …) unless \
        --single asks for one file. To EPUB, several inputs, a directory (the files in it SpeechDoc reads, \
        in name order) or a multi-speech file make one collection with a chapter per speech. \
        With several inputs to Word or Markdown, -o names a directory. Without -o, outputs go \
        beside their inputs. An output never replaces its input.

        Examples:
          speechdoc convert speech.txt -o speech.docx
          speechdoc convert speech.txt -o speech.md
          speechdoc convert speech.txt -o speech.pdf
          speechdoc convert speech.txt --to md -o -
          speechdoc convert a.txt b.txt dir/ -o 汇编.epub --title "讲话汇编" --author "办公室" --sort date
          speechdoc convert collection.txt -o all.docx --single
          speechdoc convert speech.txt -o speech.docx --style mystyle.yaml
          speechdoc convert speech.txt -o speech.docx --style reading
          speechdoc convert speech.txt -o speech.docx --reference-docx 办公室模板.docx
          speechdoc convert 收到的讲话.docx -o 排版后.docx
          speechdoc convert saved-page.html -o speech.docx
          xclip -o | speechdoc convert - -o speech.docx
        """
    )

    @Argument(help: ArgumentHelp("Text (.txt), Markdown (.md), Word (.docx, .doc), web pages (.html), directories of them, or - for standard input.", valueName: "input"))
    var inputs: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file, directory (ending in /), or - for standard output.", valueName: "path"))
    var output: String?

    @Option(help: ArgumentHelp("Output format: md, docx, epub or pdf (pdf: the Word layout printed by LibreOffice).", valueName: "format"))
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
    var outputIsFile: Bool { ConversionRequest.namesFile(output) }

    func validate() throws {
        // An empty title gives a book no reader can name (and epubcheck refuses).
        for (name, value) in [("--title", title), ("--author", author)] where value.map({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) == true {
            throw ValidationError("\(name) must not be empty")
        }
        if let to, OutputFormat(name: to) == nil {
            throw ValidationError("unknown format “\(to)”; use md, docx, epub or pdf")
        }
        if to == nil, output != nil {
            guard let output, outputIsFile else {
                throw ValidationError("say which format to write with --to md|docx|epub|pdf or an output extension")
            }
            if OutputFormat(path: output) == nil {
                throw ValidationError("cannot tell the format from “\(output)”; add --to md|docx|epub|pdf")
            }
        }
        // Markdown in a file called z.docx would open as a broken Word file.
        if let to, let named = OutputFormat(name: to), let output, outputIsFile, let implied = OutputFormat(path: output), implied != named {
            throw ValidationError("-o \(output) says \(implied.rawValue) but --to says \(named.rawValue)")
        }
        if let reason = Formats.unavailable(format) { throw ValidationError(reason) }
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
        if styling.referenceDocx != nil && format != .docx && format != .pdf {
            throw ValidationError("--reference-docx is for Word (docx) and PDF output")
        }
    }

    func run() throws {
        // Many outputs reuse their memory; one output from one large file is better served by
        // giving freed memory back (a 200 MB file to DOCX peaked 25 MB higher with the bulk
        // settings): malloc's own settings, but large blocks always mapped on their own.
        if !single && (inputs.count > 1 || inputs.contains(where: RawPath.isDirectory)) {
            MemoryTuning.forBulkConversion()
        } else {
            MemoryTuning.forOneConversion()
        }
        if output == "-", format != .markdown, StandardStream.output.isTerminal {
            Console.error("refusing to write a binary \(format.rawValue.uppercased()) file to a terminal; redirect it (> file) or give -o FILE")
            throw ExitCode(2)
        }
        var request = ConversionRequest(inputs: inputs, output: output, format: format)
        request.writerOptions = try styling.writerOptions()
        if let cover { request.writerOptions.cover = try coverImage(cover) }
        (request.single, request.title, request.author, request.date, request.order) = (single, title, author, date, sort)
        request.readOptions = reading.readOptions
        if format == .pdf, !quiet {
            for line in PDFFonts.standIns(for: request.writerOptions.style) { Console.error("warning: \(line)") }
        }
        let outcome: ConversionPlan.Outcome
        do {
            outcome = try ConversionPlan.run(request) { event in
                switch event {
                case .problem(let line): Console.error(line)
                case .notice(let input, let line): if !quiet { Console.error("\(input): \(line)") }
                case .standardOutput(let bytes): Console.out(bytes)
                }
            }
        } catch let error as ConversionPlan.UsageError {
            Console.error(error.description)
            throw ExitCode(2)
        }
        var failed = outcome.failed
        if let report {
            var summary = BatchSummary()
            for entry in outcome.entries { summary.count(entry) }
            let writer = BatchReportWriter(path: report)
            do {
                try writer.begin(settings: "speechdoc-1;convert;format=\(format.rawValue)", shard: nil, jobs: 1)
                for entry in outcome.entries { writer.add(entry) }
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
}

extension CollectionOrder: ExpressibleByArgument {}

func isDirectory(_ path: String) -> Bool { RawPath.isDirectory(path) }
