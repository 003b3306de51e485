import Foundation
import PackagePlugin

/// Builds data files into the module that reads them, so the program and the library carry
/// them wherever they are installed: the style presets (Styles/*.yaml) and the fontconfig of
/// stand-in fonts (Styles/fonts.conf) into SpeechStyles as
/// `EmbeddedStyles`, the reader's lexicon and weights (Lexicon/*.yaml) into SpeechReader as
/// `EmbeddedLexicon`.
@main
struct EmbedData: BuildToolPlugin {
    /// The folder and the generated enum for each target that uses the plugin.
    static let data = ["SpeechStyles": ("Styles", "EmbeddedStyles"), "SpeechReader": ("Lexicon", "EmbeddedLexicon")]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let (folderName, enumName) = Self.data[target.name] else {
            throw PluginError(message: "EmbedData does not know what to embed into \(target.name)")
        }
        let folder = context.package.directoryURL.appendingPathComponent(folderName)
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { ["yaml", "conf"].contains($0.pathExtension) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent(enumName + ".swift")
        return [.buildCommand(
            displayName: "Embedding \(files.count) files of \(folderName)/",
            executable: try context.tool(named: "embed-styles").url,
            arguments: ["--name", enumName, output.path] + files.map(\.path),
            inputFiles: files,
            outputFiles: [output]
        )]
    }
}

struct PluginError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
