import Foundation
import PackagePlugin

/// Builds the style presets in Styles/*.yaml into the SpeechStyles module, so the program and
/// the library carry their styles wherever they are installed.
@main
struct EmbedStyles: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let styles = context.package.directoryURL.appendingPathComponent("Styles")
        let files = try FileManager.default.contentsOfDirectory(at: styles, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedStyles.swift")
        return [.buildCommand(
            displayName: "Embedding \(files.count) style presets",
            executable: try context.tool(named: "embed-styles").url,
            arguments: [output.path] + files.map(\.path),
            inputFiles: files,
            outputFiles: [output]
        )]
    }
}
