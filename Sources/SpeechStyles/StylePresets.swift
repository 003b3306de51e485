import Foundation

/// The presets in Styles/, built into the program (see Plugins/EmbedData), and user files.
public enum StylePresets {
    public static let defaultName = "gbt9704"

    /// Preset names, in name order.
    public static var names: [String] {
        EmbeddedStyles.files.keys.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(".yaml".count)) }.sorted()
    }

    /// The fontconfig file (Styles/fonts.conf) that maps each official font to a free stand-in
    /// with Simplified Chinese glyphs, for LibreOffice's layout (PDF, `check --render`).
    public static var fontconfig: String { EmbeddedStyles.files["fonts.conf"] ?? "" }

    /// The preset's file text, as shipped.
    public static func source(_ name: String) -> String? {
        EmbeddedStyles.files[name + ".yaml"]
    }

    public static func preset(_ name: String) throws -> StyleSheet {
        try preset(name, visiting: [])
    }

    /// Presets as loaded, by name: the built-in files never change, and one small convert read
    /// the default preset three times over (writer options, the style option, the template check),
    /// a tenth of its instructions; the review page read one for every request.
    private static let loaded = LoadedPresets()

    private static func preset(_ name: String, visiting: [String]) throws -> StyleSheet {
        // Only a preset that loaded is kept, so none in a circle of bases is ever found here.
        if let sheet = loaded[name] { return sheet }
        guard let text = source(name) else {
            throw StyleError(file: name, line: 0, key: "", message: "no such style preset (presets: \(names.joined(separator: ", ")))")
        }
        if visiting.contains(name) {
            throw StyleError(file: name + ".yaml", line: 1, key: "base", message: "styles inherit from each other in a circle")
        }
        loaded.reading()
        let sheet = try StyleLoader.load(yaml: text, file: "Styles/\(name).yaml") { try preset($0, visiting: visiting + [name]) }
        loaded.keep(sheet, as: name)
        return sheet
    }

    /// How many times a preset's file has been read in this process (for the tests).
    static var loads: Int { loaded.loads }

    /// The default style, which ships with the program and always loads.
    public static var standard: StyleSheet {
        // A broken built-in preset is caught by the tests, never by a user.
        try! preset(defaultName)
    }

    /// A preset name, or the path of a style file (which may name a preset as its base).
    public static func resolve(_ nameOrPath: String) throws -> StyleSheet {
        if source(nameOrPath) != nil { return try preset(nameOrPath) }
        guard FileManager.default.fileExists(atPath: nameOrPath) else {
            throw StyleError(file: nameOrPath, line: 0, key: "", message: "no such style file or preset (presets: \(names.joined(separator: ", ")))")
        }
        // A regular file of at most 1 MB: a FIFO or /dev/zero given as a style is refused
        // before it is opened, not read for ever.
        let attributes = try? FileManager.default.attributesOfItem(atPath: nameOrPath)
        guard attributes?[.type] as? FileAttributeType == .typeRegular, ((attributes?[.size] as? NSNumber)?.intValue ?? 0) <= 1 << 20 else {
            throw StyleError(file: nameOrPath, line: 0, key: "", message: "not a regular file of at most 1 MB")
        }
        guard let data = FileManager.default.contents(atPath: nameOrPath), let text = String(data: data, encoding: .utf8) else {
            throw StyleError(file: nameOrPath, line: 1, key: "", message: "cannot read the style file as UTF-8 text")
        }
        return try load(yaml: text, file: nameOrPath)
    }

    /// A style file's text (`file` names it in errors); its `base:` may name a preset only, so a
    /// style from elsewhere (the review page's upload) never reaches the file system.
    public static func load(yaml text: String, file: String) throws -> StyleSheet {
        try StyleLoader.load(yaml: text, file: file) { try preset($0) }
    }
}

/// The presets loaded so far, shared by every thread.
private final class LoadedPresets: @unchecked Sendable {
    private let lock = NSLock()
    private var sheets: [String: StyleSheet] = [:]
    private var reads = 0

    subscript(name: String) -> StyleSheet? { lock.withLock { sheets[name] } }

    func keep(_ sheet: StyleSheet, as name: String) { lock.withLock { sheets[name] = sheet } }

    /// Counts a read of a preset's file.
    func reading() { lock.withLock { reads += 1 } }

    var loads: Int { lock.withLock { reads } }
}
