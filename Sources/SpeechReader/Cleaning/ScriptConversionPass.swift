import ChineseScript

/// Converts traditional characters to simplified through OpenCC (t2s). A conversion changes
/// characters, not text, so it reports nothing as removed.
struct ScriptConversionPass: CleaningPass {
    let name = "script-conversion"
    let converter: ScriptConverter

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) throws {
        for index in lines.indices where lines[index].text.unicodeScalars.contains(where: { $0.value >= 0x3400 }) {
            lines[index].text = try converter.convert(lines[index].text)
        }
    }
}
