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
        guard let start = lines.firstIndex(where: {
            Self.mayOpen($0.text) && (Self.opensOutline($0) || Self.firstItem(after: $0) != nil)
        }) else { return }
        // 目录/提纲：……一、认清形势 (a page printed on one line): the opener and its first item.
        if let item = Self.firstItem(after: lines[start]) {
            var first = lines[start]
            first.text = item
            report.outlineItems.append(first)
        }
        var end = start + 1
        while end < lines.count {
            let text = lines[end].text
            if text.isEmpty { end += 1; continue }
            if Self.isDots(text) { end += 1; break }
            // 三、加强领导，强化责任……: the last item, with the dots that close the outline.
            let closed = text.hasSuffix("……") && !Self.isDots(text)
            var item = text
            while closed, item.hasSuffix("…") { item.removeLast() }
            guard item.hasAtMost(Self.maxItemLength), !item.hasSuffix("。"), !Patterns.isTitleLike(item),
                  !Patterns.isSalutation(item), !closed || Patterns.headingLabel(item) != nil
            else { break }
            var line = lines[end]
            line.text = item
            report.outlineItems.append(line)
            end += 1
            if closed { break }
        }
        for line in lines[start..<end] where !line.isBlank {
            report.remove(name, line)
        }
        lines.removeSubrange(start..<end)
    }

    /// Whether the text's first byte may start an opener (目 提 内 begin with E7, E6, E5): the one
    /// test most lines take, two comparisons (a lookup in a set of the three bytes, made twice a
    /// line, cost a batch 0.6 % of its instructions). A test holds every opener to it.
    @inline(__always)
    static func mayOpen(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return false }
        return first >= 0xE5 && first <= 0xE7
    }

    static func opensOutline(_ line: SourceLine) -> Bool {
        // The opener's bytes first (memcmp), the length (a count of characters) only then.
        guard mayOpen(line.text), openers.contains(where: { line.text.bytesStart(with: $0) }), line.text.hasAtMost(30) else { return false }
        for opener in openers where line.text.hasTextPrefix(opener) {
            let rest = line.text.dropFirst(opener.count)
            return rest.allSatisfy { ":：…. ".contains($0) }
        }
        return false
    }

    /// The first item glued after an opener and its marks (目录/提纲：……一、认清形势，统一思想):
    /// the item, when it starts with a heading label and is no longer than an item; else nil.
    static func firstItem(after line: SourceLine) -> String? {
        guard mayOpen(line.text) else { return nil }
        for opener in openers where line.text.hasTextPrefix(opener) {
            let marks = line.text.dropFirst(opener.count).prefix { ":：…. ".contains($0) }
            guard !marks.isEmpty else { continue }
            let item = String(line.text.dropFirst(opener.count + marks.count))
            guard Patterns.headingLabel(item) != nil, item.hasAtMost(maxItemLength), !item.hasSuffix("。") else { return nil }
            return item
        }
        return nil
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
