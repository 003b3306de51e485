import ArgumentParser
import SpeechDoc

struct ListFormats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formats",
        abstract: "List the output formats this build can write, one per line.",
        discussion: "Example:\n  for f in $(speechdoc formats); do speechdoc convert a.txt --to $f -o out/; done"
    )

    func run() {
        Console.out(Formats.available.map(\.rawValue).joined(separator: "\n") + "\n")
    }
}
