import ArgumentParser
import Foundation
import SpeechDoc

struct Clean: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
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
        let succeeded = ConversionPlan.clean(input, output: output, report: report, options: reading.readOptions) { event in
            switch event {
            case .problem(let line): Console.error(line)
            case .notice: break
            case .standardOutput(let bytes): Console.out(bytes)
            }
        }
        if !succeeded { throw ExitCode(1) }
    }
}
