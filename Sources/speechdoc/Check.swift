import ArgumentParser
import Foundation
import SpeechDoc

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check files before printing: is a Word file a proper GB/T 9704 page; what in a speech needs a look.",
        discussion: """
        A Word file (.docx) is audited against GB/T 9704 as the style gives it (--style): page \
        size and margins, text block, the 22 × 28 grid and line pitch, body, title and heading \
        fonts and sizes in the East Asian slot, the first-line indent in characters, zh-CN, and \
        the page numbers (— N —, 4号 宋体, odd pages right and even pages left, 7 mm below the \
        text block). --render also lays the file out with LibreOffice and counts lines per page \
        and characters per line on the PDF.

        Any other input (text, Markdown, a web page) is read as a speech and listed for what a \
        secretary must look at before printing: text cut short, gaps and their sizes, damaged \
        text, outline items the body lacks, a missing title or salutation, paragraphs that may \
        have been broken apart.

        Each finding names the paragraph (its first words), what was expected and what was \
        found, and its severity (error, warning, info).

        Exit codes: 0 every file conforms (info only); 1 some finding; 2 a file could not be read \
        (or a usage error).

        Examples:
          speechdoc check 讲话.docx
          speechdoc check 讲话.docx --render
          speechdoc check 讲话.docx --style compact --json
          speechdoc check page.txt
        """
    )

    @Argument(help: ArgumentHelp("Word files to audit, or any input to read as a speech.", valueName: "file"))
    var files: [String]

    @Option(help: ArgumentHelp("Style preset name or style file the Word file should follow.", valueName: "name|file"))
    var style: String = StylePresets.defaultName

    @Flag(help: "Lay Word files out with LibreOffice and check lines per page and characters per line on the PDF.")
    var render = false

    @Flag(help: "Print JSON: a report per file with its findings.")
    var json = false

    @OptionGroup var reading: ReadingOptions

    func run() throws {
        let sheet: StyleSheet
        do { sheet = try StylePresets.resolve(style) } catch {
            Console.error(String(describing: error))
            throw ExitCode(2)
        }
        var reports: [DocumentChecks.Report] = []
        var unreadable = false
        for file in files {
            do {
                reports.append(try DocumentChecks.check(file, style: sheet, render: render, options: reading.readOptions))
            } catch {
                Console.error(String(describing: error))
                unreadable = true
            }
        }
        if json {
            Console.out(JSONValue.array(reports.map(\.json)).serialized() + "\n")
        } else {
            var rows: [String] = []
            for report in reports {
                let shown = RawPath.display(report.path)
                if report.findings.isEmpty {
                    rows.append("\(shown): conforms" + (report.kind == "word" ? " to \(sheet.name)" : ": nothing to look at"))
                }
                rows += report.findings.map { "\(shown): \($0.line)" }
            }
            if !rows.isEmpty { Console.out(rows.joined(separator: "\n") + "\n") }
        }
        if unreadable { throw ExitCode(2) }
        if reports.contains(where: { $0.findings.contains { $0.severity != .info } }) { throw ExitCode(1) }
    }
}
