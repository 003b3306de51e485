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
          speechdoc outline page.txt --lines

        --lines prints every unit of the page (a line, or a piece of one) with the role the
        reader gave it (furniture, title, meta, salutation, body), the margin by which that role
        won, and the evidence that weighed most. Furniture is removed; nothing else is.
        """
    )

    @Argument(help: ArgumentHelp("A page: text, Markdown, Word (.docx, .doc), a web page (.html), or - for standard input.", valueName: "input"))
    var input: String

    @Flag(help: "Print JSON: documents with their headings, and what cleaning removed or flagged.")
    var json = false

    @Flag(help: "Print each unit of the page with its role, score margin and strongest evidence.")
    var lines = false

    @OptionGroup var reading: ReadingOptions

    func run() throws {
        let document: InputDocument
        do {
            var options = reading.readOptions
            options.explain = lines
            document = try DocumentLoader.load(path: input, options: options)
        } catch {
            Console.error(String(describing: error))
            throw ExitCode(1)
        }
        if json {
            Console.out(Reports.outline(document).serialized() + "\n")
            return
        }
        if lines {
            Console.out(Self.decisions(document.report.decisions))
            return
        }
        var rows: [String] = []
        for (index, speech) in document.speeches.enumerated() {
            if index > 0 { rows.append("") }
            rows.append(speech.metadata.title)
            for (label, value) in [("subtitle", speech.metadata.subtitle), ("speaker", speech.metadata.speaker),
                                   ("date", speech.metadata.date), ("salutation", speech.salutation)] {
                if let value { rows.append("  \(label): \(value)") }
            }
            for entry in speech.outline {
                let indent = String(repeating: "  ", count: entry.level)
                rows.append(indent + entry.number + entry.text + (entry.kind == .lead ? "  (lead)" : ""))
            }
            let statistics = speech.statistics
            var summary = "  \(statistics.paragraphs) paragraphs, \(statistics.characters) characters"
            if statistics.gaps > 0 { summary += ", \(statistics.gaps) gap(s)" }
            if speech.truncated { summary += ", cut short at the end" }
            rows.append(summary)
        }
        Console.out(rows.joined(separator: "\n") + "\n")
    }

    /// One row a unit: line, role, margin, evidence, then the unit's text (cut at 60 characters).
    static func decisions(_ decisions: [UnitDecision]) -> String {
        var rows: [String] = []
        for decision in decisions {
            let margin = String(format: "%+.1f", decision.margin)
            let role = decision.role.padding(toLength: 10, withPad: " ", startingAt: 0)
            let text = decision.text.count > 60 ? String(decision.text.prefix(60)) + "…" : decision.text
            rows.append("\(String(decision.line).leftPadded(4)) \(role) \(margin.leftPadded(6))  \(text)  [\(decision.evidence.joined(separator: ", "))]")
        }
        return rows.joined(separator: "\n") + (rows.isEmpty ? "" : "\n")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
