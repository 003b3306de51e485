import ChineseScript

/// Converts traditional characters to simplified through OpenCC (t2s). A conversion changes
/// characters, not text, so it reports nothing as removed.
struct ScriptConversionPass: CleaningPass {
    let name = "script-conversion"
    let converter: ScriptConverter

    /// Only lines holding a character t2s changes go to OpenCC, all in one call (a call per
    /// line costs more than the conversion); OpenCC leaves line breaks alone, so the lines
    /// come back one for one.
    func apply(to lines: inout [SourceLine], report: inout CleaningReport) throws {
        let targets = lines.indices.filter { ScriptConverter.mayHoldTraditional(lines[$0].text) }
        guard !targets.isEmpty else { return }
        let converted = try converter.convert(targets.map { lines[$0].text }.joined(separator: "\n"))
        let parts = converted.split(separator: "\n", omittingEmptySubsequences: false)
        guard parts.count == targets.count else {
            for index in targets { lines[index].text = try converter.convert(lines[index].text) }
            return
        }
        for (index, part) in zip(targets, parts) { lines[index].text = String(part) }
    }
}
