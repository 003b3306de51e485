/// A readable, stable rendering of the tree, for tests and `--debug` output.
///
///     Speech title="…" truncated=false
///     ├─ Salutation "同志们："
///     ├─ Section 1 "一、" "提高站位。" run-in
///     │  └─ Paragraph [Lead "一要" "明确创建目标。"] "…"
public extension Speech {
    var treeDump: String {
        var lines: [String] = []
        var head = "Speech title=\(quoted(metadata.title))"
        if let subtitle = metadata.subtitle { head += " subtitle=\(quoted(subtitle))" }
        if let speaker = metadata.speaker { head += " speaker=\(quoted(speaker))" }
        if let date = metadata.date { head += " date=\(quoted(date))" }
        if let occasion = metadata.occasion { head += " occasion=\(quoted(occasion))" }
        head += " truncated=\(truncated)"
        lines.append(head)

        var items: [(String, [Block])] = []
        if let salutation { items.append(("Salutation \(quoted(salutation))", [])) }
        items += body.map(Self.describe)
        if let closing { items.append(("Closing \(quoted(closing))", [])) }
        Self.render(items, prefix: "", into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func describe(_ block: Block) -> (String, [Block]) {
        switch block {
        case .paragraph(let paragraph):
            let runs = paragraph.inlines.map { inline -> String in
                switch inline {
                case .text(let text): return quoted(text)
                case .emphasis(let text): return "[Emphasis \(quoted(text))]"
                case .damaged(let text): return "[Damaged \(quoted(text))]"
                case .lead(let lead): return "[Lead \(quoted(lead.number)) \(quoted(lead.text))]"
                }
            }
            return ("Paragraph " + runs.joined(separator: " "), [])
        case .gap(let gap):
            return ("Gap omitted=\(gap.omittedCharacters.map(String.init) ?? "unknown")", [])
        case .section(let section):
            let heading = section.heading
            let line = "Section \(heading.level) \(quoted(heading.number)) \(quoted(heading.text))"
                + (heading.runsIn ? " run-in" : "")
            return (line, section.children)
        }
    }

    private static func render(_ items: [(String, [Block])], prefix: String, into lines: inout [String]) {
        for (index, item) in items.enumerated() {
            let last = index == items.count - 1
            lines.append(prefix + (last ? "└─ " : "├─ ") + item.0)
            render(item.1.map(describe), prefix: prefix + (last ? "   " : "│  "), into: &lines)
        }
    }
}

private func quoted(_ text: String) -> String {
    Quoting.swift(text)
}
