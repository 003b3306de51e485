import ArgumentParser
import Foundation
import SpeechDoc

struct Outline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the speeches in a file: titles, salutation, headings and leads.",
        discussion: """
        Examples:
          speechdoc outline speech.txt
          speechdoc outline speech.txt --json | jq '.documents[].title'
        """
    )

    @Argument(help: ArgumentHelp("A text or Markdown file.", valueName: "input"))
    var input: String

    @Flag(help: "Print JSON: documents with their headings, and what cleaning removed or flagged.")
    var json = false

    @OptionGroup var reading: ReadingOptions

    func run() throws {
        let document: InputDocument
        do {
            document = try DocumentLoader.load(path: input, options: reading.readOptions)
        } catch {
            Console.error(String(describing: error))
            throw ExitCode(1)
        }
        if json {
            Console.out(Reports.outline(document).serialized() + "\n")
            return
        }
        var lines: [String] = []
        for (index, speech) in document.speeches.enumerated() {
            if index > 0 { lines.append("") }
            lines.append(speech.metadata.title)
            for (label, value) in [("subtitle", speech.metadata.subtitle), ("speaker", speech.metadata.speaker),
                                   ("date", speech.metadata.date), ("salutation", speech.salutation)] {
                if let value { lines.append("  \(label): \(value)") }
            }
            for entry in speech.outline {
                let indent = String(repeating: "  ", count: entry.level)
                lines.append(indent + entry.number + entry.text + (entry.kind == .lead ? "  (lead)" : ""))
            }
            let statistics = speech.statistics
            var summary = "  \(statistics.paragraphs) paragraphs, \(statistics.characters) characters"
            if statistics.gaps > 0 { summary += ", \(statistics.gaps) gap(s)" }
            if speech.truncated { summary += ", cut short at the end" }
            lines.append(summary)
        }
        Console.out(lines.joined(separator: "\n") + "\n")
    }
}
