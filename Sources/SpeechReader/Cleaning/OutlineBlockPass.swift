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
            guard text.hasAtMost(Self.maxItemLength), !text.hasSuffix("。"), !Patterns.isTitleLike(text),
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
        guard line.text.hasAtMost(30) else { return false }
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
        guard !before.contains(where: { $0.text.contains("。") && $0.text.hasAtLeast(20) }) else { return }
        for line in before where !line.isBlank { report.remove(name, line) }
        lines.removeSubrange(..<title)
    }
}

/// Title lines in a row: a page header above the speech's own title, or the title printed a
/// second time right under itself. The last of the run is the speech's title; the others go.
struct RepeatedTitlePass: CleaningPass {
    let name = "repeated-title"

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        var output: [SourceLine] = []
        output.reserveCapacity(lines.count)
        var lastTitle: Int?
        for line in lines {
            if line.isBlank { output.append(line); continue }
            let isTitle = Patterns.isTitleLike(line.text) && Patterns.heading(line.text) == nil
            if isTitle, let previous = lastTitle {
                report.remove(output[previous].text == line.text ? name : "page-title", output[previous])
                output.remove(at: previous)
            }
            lastTitle = isTitle ? output.count : nil
            output.append(line)
        }
        lines = output
    }
}
