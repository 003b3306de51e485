import SpeechModel

/// Nests blocks into sections as headings arrive. Used by the plain-text and Markdown readers.
struct SectionBuilder {
    private var root: [Block] = []
    /// Open sections, outermost first.
    private var open: [Section] = []

    mutating func append(_ block: Block) {
        if open.isEmpty { root.append(block) } else { open[open.count - 1].children.append(block) }
    }

    /// Opens a section at `heading.level`, closing every open section at that level or deeper.
    mutating func open(_ heading: Heading) {
        while let last = open.last, last.heading.level >= heading.level { closeLast() }
        open.append(Section(heading: heading))
    }

    var depth: Int { open.count }

    /// Closes sections until `count` remain open.
    mutating func close(toDepth count: Int) {
        while open.count > count { closeLast() }
    }

    private mutating func closeLast() {
        let section = open.removeLast()
        append(.section(section))
    }

    mutating func finish() -> [Block] {
        close(toDepth: 0)
        return root
    }
}

extension Array where Element == Block {
    /// Removes and returns the text of the document's last paragraph when it is a closing
    /// (谢谢大家！) and nothing follows it.
    mutating func removeClosing() -> String? {
        guard let last = self.last else { return nil }
        switch last {
        case .paragraph(let paragraph):
            guard paragraph.inlines.count == 1, case .text(let text) = paragraph.inlines[0],
                  Patterns.isClosing(text) else { return nil }
            removeLast()
            return text
        case .section(var section):
            guard let closing = section.children.removeClosing() else { return nil }
            self[count - 1] = .section(section)
            return closing
        case .gap:
            return nil
        }
    }
}
