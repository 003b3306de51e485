import Foundation
import PackagePlugin

/// Builds data files into the module that reads them, so the program and the library carry
/// them wherever they are installed: the style presets (Styles/*.yaml) and the fontconfig of
/// stand-in fonts (Styles/fonts.conf) into SpeechStyles as
/// `EmbeddedStyles`, the reader's lexicon and weights (Lexicon/*.yaml) into SpeechReader as
/// `EmbeddedLexicon`, the review page (Web/*.html, .css, .js) into ReviewServer as `EmbeddedWeb`.
@main
struct EmbedData: BuildToolPlugin {
    /// The folder and the generated enum for each target that uses the plugin.
    static let data = ["SpeechStyles": ("Styles", "EmbeddedStyles", ["yaml", "conf"]), "SpeechReader": ("Lexicon", "EmbeddedLexicon", ["yaml"]),
                       "ReviewServer": ("Web", "EmbeddedWeb", ["html", "css", "js"])]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let (folderName, enumName, extensions) = Self.data[target.name] else {
            throw PluginError(message: "EmbedData does not know what to embed into \(target.name)")
        }
        let folder = context.package.directoryURL.appendingPathComponent(folderName)
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { extensions.contains($0.pathExtension) }
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
