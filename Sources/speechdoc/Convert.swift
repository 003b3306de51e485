import ArgumentParser
import Foundation
import SpeechDoc

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert speeches to Markdown or Word (GB/T 9704 layout).",
        discussion: """
        The format comes from --to or from the output's extension. A file holding several \
        speeches gives one output per speech: name-1.md, name-2.md, … With several inputs, or \
        when -o names a directory, each input is written into that directory. Without -o, \
        outputs go beside their inputs. An output never replaces its input.

        Examples:
          speechdoc convert speech.txt -o speech.docx
          speechdoc convert speech.txt -o speech.md
          speechdoc convert speech.txt --to md -o -
          speechdoc convert collection.txt -o all.docx --single
          speechdoc convert speech.txt -o speech.docx --style mystyle.yaml
          speechdoc convert a.txt b.txt -o out/ --to md
          speechdoc convert edited.md -o edited-again.md
        """
    )

    @Argument(help: ArgumentHelp("Text (.txt) or SpeechDoc Markdown (.md) files.", valueName: "input"))
    var inputs: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file, directory (ending in /), or - for standard output.", valueName: "path"))
    var output: String?

    @Option(help: ArgumentHelp("Output format: md, docx or epub.", valueName: "format"))
    var to: String?

    @Option(help: ArgumentHelp("Style preset name or style file (YAML, may start from a preset with base:).", valueName: "name|file"))
    var style: String = StylePresets.defaultName

    @Flag(help: "Write all speeches of a multi-speech input into one file instead of name-1, name-2, …")
    var single = false

    @OptionGroup var reading: ReadingOptions

    var format: OutputFormat {
        if let to, let format = OutputFormat(name: to) { return format }
        if let output, output != "-", let format = OutputFormat(path: output) { return format }
        return .markdown
    }

    func validate() throws {
        if let to, OutputFormat(name: to) == nil {
            throw ValidationError("unknown format “\(to)”; use md, docx or epub")
        }
        if to == nil && (output == nil || output == "-" || OutputFormat(path: output!) == nil) && !(output?.hasSuffix("/") ?? false) {
            if output != nil && output != "-" && !isDirectory(output!) {
                throw ValidationError("cannot tell the format from “\(output!)”; add --to md|docx|epub")
            }
            if to == nil { throw ValidationError("say which format to write with --to md|docx|epub or an output extension") }
        }
        if Formats.writer(for: format) == nil {
            let available = Formats.available.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("this build cannot write \(format.rawValue) yet; available: \(available)")
        }
        if single && format == .markdown {
            throw ValidationError("--single needs docx or epub: a Markdown file holds one speech")
        }
    }

    func run() throws {
        let writer = Formats.writer(for: format)!
        let sheet: StyleSheet
        do {
            sheet = try StylePresets.resolve(style)
        } catch {
            // A bad style is a usage error: the one-line message names file, line and key.
            throw ValidationError(String(describing: error))
        }
        let options = WriterOptions(sourceDateEpoch: ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(Int.init),
                                    style: sheet)
        let toDirectory = inputs.count > 1 || (output.map { $0.hasSuffix("/") || isDirectory($0) } ?? false)
        if toDirectory, let output, output != "-" {
            do {
                try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            } catch {
                Console.error("\(output): cannot create the output directory")
                throw ExitCode(1)
            }
        }
        var failed = false
        for input in inputs {
            do {
                let document = try DocumentLoader.load(path: input, options: reading.readOptions)
                try write(document, with: writer, options: options, toDirectory: toDirectory)
            } catch {
                Console.error(String(describing: error))
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }

    private func write(_ document: InputDocument, with writer: any SpeechWriter, options: WriterOptions, toDirectory: Bool) throws {
        let outputs: [[UInt8]]
        if single && document.speeches.count > 1 {
            let first = document.speeches[0].metadata
            let collection = SpeechCollection(title: first.title, author: first.speaker, date: first.date, speeches: document.speeches)
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
        let base: String
        let name = DocumentLoader.fileStem(document.path) + "." + format.fileExtension
        if toDirectory {
            base = (output! as NSString).appendingPathComponent(name)
        } else if let output {
            base = output
        } else {
            base = ((document.path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name)
        }
        let paths = OutputPlan.paths(base: base, count: outputs.count)
        for path in paths where OutputPlan.sameFile(path, document.path) {
            throw InputError(path: document.path, cause: "refusing to overwrite the input with \(path)")
        }
        for (path, bytes) in zip(paths, outputs) {
            do {
                try AtomicFile.write(bytes, to: path)
            } catch {
                throw InputError(path: document.path, cause: String(describing: error))
            }
        }
    }
}

func isDirectory(_ path: String) -> Bool {
    var flag: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
}
