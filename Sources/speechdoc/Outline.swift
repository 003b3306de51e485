import ArgumentParser
import Foundation
import SpeechDoc

struct Outline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outline",
        abstract: "Show the speeches in a file: titles, salutation, headings and leads.",
        discussion: """
        Examples:
          speechdoc outline speech.txt
          speechdoc outline speech.txt --json | jq '.documents[].title'
          speechdoc outline page.txt --lines

        --lines prints every unit of the page (a line, or a piece of one): its number (the K of
        --role K=ROLE), its source line (l12), the role the reader gave it (furniture, title,
        meta, salutation, body), the margin by which that role won, and the evidence that
        weighed most. Furniture is removed; nothing else is. --role fixes a unit's role, or
        makes it a heading (heading-1 … heading-4) or a plain paragraph, and the reader decides
        the rest around it:
          speechdoc outline page.txt --lines --role 3=furniture --role 9=heading-2
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
            // A page that gave no speech: --lines shows each unit and why it was furniture.
            if lines, let error = error as? InputError, !error.decisions.isEmpty {
                Console.out(Reports.decisionsText(error.decisions))
            }
            Console.error(String(describing: error))
            throw ExitCode(1)
        }
        if json {
            Console.out(Reports.outline(document).serialized() + "\n")
            return
        }
        if lines {
            Console.out(Reports.decisionsText(document.report.decisions))
            return
        }
        Console.out(Reports.outlineText(document))
    }
}
