import ChineseScript

/// Converts traditional characters to simplified through OpenCC (t2s). A conversion changes
/// characters, not text, so it reports nothing as removed.
struct ScriptConversionPass: CleaningPass {
    let name = "script-conversion"
    let converter: ScriptConverter

    /// Only lines holding a character t2s changes go to OpenCC, many in one call (a call per
    /// line costs more than the conversion); OpenCC leaves line breaks alone, so the lines come
    /// back one for one. A call takes about a megabyte of lines: the whole file's in one call
    /// held it four times over (joined, copied, converted, cut), a file of a million lines'
    /// peak. No phrase of OpenCC's spans a line break, so where the calls cut changes nothing.
    var bytesPerCall = 1 << 20

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) throws {
        let targets = lines.indices.filter { ScriptConverter.mayHoldTraditional(lines[$0].text) }
        var start = 0
        while start < targets.count {
            var end = start, bytes = 0
            while end < targets.count, end == start || bytes < bytesPerCall {
                bytes += lines[targets[end]].text.utf8.count + 1
                end += 1
            }
            let call = targets[start..<end]
            let converted = try converter.convert(call.map { lines[$0].text }.joined(separator: "\n"))
            // Cut at the line feeds' bytes: cut as Characters, the whole converted text went
            // through grapheme breaking (a line feed is a grapheme of its own either way, and no
            // line holds one).
            let parts = converted.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
            if parts.count == call.count {
                // A line OpenCC gave back as it was keeps its string: a copy of each such line
                // stayed until the end of reading beside the one the line was read as.
                for (index, part) in zip(call, parts) where !part.elementsEqual(lines[index].text.utf8) {
                    lines[index].text = String(Substring(part))
                }
            } else {
                for index in call { lines[index].text = try converter.convert(lines[index].text) }
            }
            start = end
        }
    }
}
