/// The 目录/提纲 block some sites print above a speech: a list of its headings and leads,
/// usually closed by a line of dots. It is removed from the body and kept in the report, so
/// the reader can warn about outline items the body lacks (a sign of a paywall cut).
struct OutlineBlockPass: CleaningPass {
    let name = "outline-block"
    static let openers = ["目录/提纲", "目录／提纲", "目录", "提纲", "内容提要", "提要"]
    static let maxItemLength = 60

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        guard let start = lines.firstIndex(where: Self.opensOutline) else { return }
        var end = start + 1
        while end < lines.count {
            let text = lines[end].text
            if text.isEmpty { end += 1; continue }
            if Self.isDots(text) { end += 1; break }
            guard text.count <= Self.maxItemLength, !text.hasSuffix("。"), !Patterns.isTitleLike(text),
                  !Patterns.isSalutation(text)
            else { break }
            report.outlineItems.append(lines[end])
            end += 1
        }
        for line in lines[start..<end] where !line.isBlank {
            report.remove(name, line)
        }
        lines.removeSubrange(start..<end)
    }

    static func opensOutline(_ line: SourceLine) -> Bool {
        guard line.text.count <= 30 else { return false }
        for opener in openers where line.text.hasPrefix(opener) {
            let rest = line.text.dropFirst(opener.count)
            return rest.allSatisfy { ":：…. ".contains($0) }
        }
        return false
    }

    static func isDots(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { "….。· ".contains($0) }
    }
}

/// Everything above the speech's title is page furniture (site names, slogans, ads): removed
/// and reported. Only lines above the first title-like line, and only when no body paragraph
/// comes before it, so a speech without a title line loses nothing.
struct PreamblePass: CleaningPass {
    let name = "preamble"

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        guard let title = lines.firstIndex(where: { Patterns.isTitleLike($0.text) }) else { return }
        let before = lines[..<title]
        guard !before.contains(where: { $0.text.contains("。") && $0.text.count >= 20 }) else { return }
        for line in before where !line.isBlank { report.remove(name, line) }
        lines.removeSubrange(..<title)
    }
}

/// A title printed a second time right under itself (page header, then article header).
struct RepeatedTitlePass: CleaningPass {
    let name = "repeated-title"

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        var index = 0
        var lastTitle: String?
        var output: [SourceLine] = []
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.isBlank { output.append(line); continue }
            if let lastTitle, line.text == lastTitle {
                report.remove(name, line)
                continue
            }
            lastTitle = Patterns.isTitleLike(line.text) ? line.text : nil
            output.append(line)
        }
        lines = output
    }
}
