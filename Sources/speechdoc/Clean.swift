import ArgumentParser
import Foundation
import SpeechDoc

struct Clean: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Clean a scraped page: print the speech text, one paragraph per line, and report what was removed.",
        discussion: """
        Missing text is marked in place: 〔此处原文缺失约695字〕 for a paywall cut, 〔以下原文缺失〕 \
        when the page stops early.

        Examples:
          speechdoc clean page.txt
          speechdoc clean page.txt -o speech.txt --report removed.json
        """
    )

    @Argument(help: ArgumentHelp("A page: text, Markdown, Word (.docx, .doc), a web page (.html), or - for standard input.", valueName: "input"))
    var input: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the clean text (default: standard output).", valueName: "path|-"))
    var output: String = "-"

    @Option(help: ArgumentHelp("Write a JSON report of removals and warnings to this file, or - for standard output.", valueName: "path|-"))
    var report: String?

    @OptionGroup var reading: ReadingOptions

    func validate() throws {
        if output == "-" && report == "-" {
            throw ValidationError("the clean text and the report cannot both go to standard output")
        }
    }

    func run() throws {
        let document: InputDocument
        do {
            // Cleaning is for scraped text, whatever the file is called.
            // Cleaning is for scraped text, whatever the file is called; a Word document is
            // still read as one.
            let bytes = try DocumentLoader.read(input)
            let sniffed = InputKind(path: input, bytes: bytes)
            document = try DocumentLoader.load(bytes: bytes, path: input, kind: sniffed == .markdown ? .plainText : sniffed, options: reading.readOptions)
        } catch {
            Console.error(String(describing: error))
            throw ExitCode(1)
        }
        let text = document.cleanedLines.map(\.text).joined(separator: "\n\n") + "\n"
        // Neither the clean text nor the report may replace the input, nor each other.
        let outputs = output == "-" ? [] : [WritePlan.Output(input: input, path: output)]
        let collisions = WritePlan.collisions(inputs: [input], outputs: outputs, report: report == "-" ? nil : report)
        if !collisions.isEmpty {
            for collision in collisions { Console.error(collision.description) }
            throw ExitCode(1)
        }
        do {
            if output == "-" {
                Console.out(text)
            } else {
                try AtomicFile.write(Array(text.utf8), to: output)
            }
            if let report {
                let json = Reports.cleaning(document).serialized() + "\n"
                if report == "-" { Console.out(json) } else { try AtomicFile.write(Array(json.utf8), to: report) }
            }
        } catch {
            Console.error(String(describing: error))
            throw ExitCode(1)
        }
    }
}
