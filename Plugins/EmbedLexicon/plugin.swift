import Foundation
import PackagePlugin

/// Builds the reader's lexicon and evidence weights (Lexicon/*.yaml) into the SpeechReader
/// module, with the tool that embeds the style presets.
@main
struct EmbedLexicon: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appendingPathComponent("Lexicon")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedLexicon.swift")
        return [.buildCommand(
            displayName: "Embedding \(files.count) lexicon files",
            executable: try context.tool(named: "embed-styles").url,
            arguments: ["--name", "EmbeddedLexicon", output.path] + files.map(\.path),
            inputFiles: files,
            outputFiles: [output]
        )]
    }
}
