import ArgumentParser
import SpeechDoc

struct Styles: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "styles",
        abstract: "List the built-in style presets, or print one in full to save and edit.",
        discussion: """
        Examples:
          speechdoc styles list
          speechdoc styles show reading > mystyle.yaml
          speechdoc convert speech.txt -o speech.docx --style mystyle.yaml
        """,
        subcommands: [List.self, Show.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "One preset per line: its name, then what it is for.")

        func run() throws {
            let presets = try StylePresets.names.map { try StylePresets.preset($0) }
            let width = presets.map(\.name.count).max() ?? 0
            for sheet in presets {
                let marker = sheet.name == StylePresets.defaultName ? " (default)" : ""
                Console.out(sheet.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + sheet.description + marker + "\n")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print a style with every value given, in the YAML format of the presets.",
            discussion: "Passed back with --style, the printed file gives the same output, byte for byte, as the style it came from."
        )

        @Argument(help: ArgumentHelp("A preset name, or a style file (which may start from a preset with base:).", valueName: "name|file"))
        var style: String = StylePresets.defaultName

        func run() throws {
            let sheet: StyleSheet
            do { sheet = try StylePresets.resolve(style) } catch { throw ValidationError(String(describing: error)) }
            Console.out(StyleWriter.yaml(sheet))
        }
    }
}
