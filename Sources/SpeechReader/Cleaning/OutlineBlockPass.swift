/// The 目录/提纲 block some sites print above a speech: a list of its headings and leads,
/// usually closed by a line of dots. It is removed from the body and kept in the report, so
/// the reader can warn about outline items the body lacks (a sign of a paywall cut).
struct OutlineBlockPass: CleaningPass {
    let name = "outline-block"
    static let openers = ["目录/提纲", "目录／提纲", "目录", "提纲", "内容提要", "提要"]
    static let maxItemLength = 60

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        // 【提纲】一、…（一）…: the whole outline printed on its opener's line.
        if let inline = lines.prefix(40).firstIndex(where: Self.isInlineOutline) {
            report.remove(name, lines[inline])
            lines.remove(at: inline)
        }
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

    /// The openers' first bytes (目 提 内 begin with E7, E6, E5): most lines fail on one byte.
    static let openerFirstBytes = Set(openers.compactMap(\.utf8.first))

    static func opensOutline(_ line: SourceLine) -> Bool {
        // The opener's bytes first (memcmp), the length (a count of characters) only then.
        guard let first = line.text.utf8.first, openerFirstBytes.contains(first),
              openers.contains(where: { line.text.bytesStart(with: $0) }), line.text.hasAtMost(30) else { return false }
        for opener in openers where line.text.hasTextPrefix(opener) {
            let rest = line.text.dropFirst(opener.count)
            return rest.allSatisfy { ":：…. ".contains($0) }
        }
        return false
    }

    static let inlineOpeners = ["【提纲】", "【目录】", "提纲：", "目录：", "【内容提要】"]

    static func isInlineOutline(_ line: SourceLine) -> Bool {
        guard let opener = inlineOpeners.first(where: { line.text.bytesStart(with: $0) }) else { return false }
        let rest = String(line.text.dropFirst(opener.count)).trimmingSpaces
        return Patterns.headingLabel(rest) != nil
    }

    static func isDots(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { "….。· ".contains($0) }
    }
}
