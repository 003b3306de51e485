import SpeechModel

/// Nests blocks into sections as headings arrive. Used by the plain-text and Markdown readers.
struct SectionBuilder {
    private var root: [Block] = []
    /// Open sections, outermost first.
    private var open: [Section] = []

    /// Room for `count` blocks at the top level, made once: grown by doubling, the blocks of a
    /// file of a million paragraphs were held twice at the last step, the peak of its reading.
    mutating func reserve(_ count: Int) { root.reserveCapacity(count) }

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
        // Reserved for every line, a speech in sections keeps at the top level only the room its
        // blocks take.
        guard root.capacity > 2 * root.count + 16 else { return root }
        var fitted: [Block] = []
        fitted.reserveCapacity(root.count)
        fitted.append(contentsOf: root)
        return fitted
    }
}

extension Array where Element == Block {
    /// Removes and returns the text of the document's last paragraph when it is a closing
    /// (谢谢大家！) and nothing follows it.
    mutating func removeClosing() -> String? {
        guard let last = self.last else { return nil }
        switch last {
        case .paragraph(let paragraph):
            guard let text = paragraph.closingText else { return nil }
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

extension Paragraph {
    /// The text of a paragraph that is a closing (谢谢大家！), one run of text; nil otherwise.
    var closingText: String? {
        guard inlines.count == 1, case .text(let text) = inlines[0], Patterns.isClosing(text) else { return nil }
        return text
    }
}
