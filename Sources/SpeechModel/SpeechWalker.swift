/// Visits a speech in document order. Every hook has an empty default, so a walker implements
/// only what it needs; `walk(_:)` drives the traversal.
///
/// `enclosing` lists the headings of the sections around the visited element, outermost first.
public protocol SpeechWalker {
    mutating func visitSpeech(_ speech: Speech)
    mutating func visitSalutation(_ text: String)
    mutating func visitHeading(_ heading: Heading, enclosing: [Heading])
    mutating func visitParagraph(_ paragraph: Paragraph, enclosing: [Heading])
    mutating func visitGap(_ gap: Gap, enclosing: [Heading])
    mutating func leaveSection(_ section: Section, enclosing: [Heading])
    mutating func visitClosing(_ text: String)
}

public extension SpeechWalker {
    mutating func visitSpeech(_ speech: Speech) {}
    mutating func visitSalutation(_ text: String) {}
    mutating func visitHeading(_ heading: Heading, enclosing: [Heading]) {}
    mutating func visitParagraph(_ paragraph: Paragraph, enclosing: [Heading]) {}
    mutating func visitGap(_ gap: Gap, enclosing: [Heading]) {}
    mutating func leaveSection(_ section: Section, enclosing: [Heading]) {}
    mutating func visitClosing(_ text: String) {}

    @inlinable
    mutating func walk(_ speech: Speech) {
        visitSpeech(speech)
        if let salutation = speech.salutation { visitSalutation(salutation) }
        walk(speech.body, enclosing: [])
        if let closing = speech.closing { visitClosing(closing) }
    }

    @inlinable
    mutating func walk(_ blocks: [Block], enclosing: [Heading]) {
        var path = enclosing
        walk(blocks[...], path: &path)
    }

    /// The walk, with the headings above in one array that grows and shrinks as the walk goes
    /// in and out of sections: a new array for each section (and another for its heading) was
    /// made by every walk of every writer.
    @inlinable
    mutating func walk(_ blocks: ArraySlice<Block>, path: inout [Heading]) {
        for block in blocks {
            switch block {
            case .paragraph(let paragraph):
                visitParagraph(paragraph, enclosing: path)
            case .gap(let gap):
                visitGap(gap, enclosing: path)
            case .section(let section):
                visitHeading(section.heading, enclosing: path)
                path.append(section.heading)
                walk(section.children[...], path: &path)
                path.removeLast()
                leaveSection(section, enclosing: path)
            }
        }
    }
}

/// A walker whose hooks may throw, for writers: the first error ends the walk. A heading that
/// runs into its first paragraph (Heading.runsIn) is visited with that paragraph as `runIn`, and
/// the paragraph is not visited again: writers set the two as one paragraph without holding
/// the heading back themselves.
public protocol ThrowingSpeechWalker {
    mutating func visitSpeech(_ speech: Speech) throws
    mutating func visitSalutation(_ text: String) throws
    mutating func visitHeading(_ heading: Heading, runIn: Paragraph?, enclosing: [Heading]) throws
    mutating func visitParagraph(_ paragraph: Paragraph, enclosing: [Heading]) throws
    mutating func visitGap(_ gap: Gap, enclosing: [Heading]) throws
    mutating func leaveSection(_ section: Section, enclosing: [Heading]) throws
    mutating func visitClosing(_ text: String) throws
}

public extension ThrowingSpeechWalker {
    mutating func visitSpeech(_ speech: Speech) throws {}
    mutating func visitSalutation(_ text: String) throws {}
    mutating func visitHeading(_ heading: Heading, runIn: Paragraph?, enclosing: [Heading]) throws {}
    mutating func visitParagraph(_ paragraph: Paragraph, enclosing: [Heading]) throws {}
    mutating func visitGap(_ gap: Gap, enclosing: [Heading]) throws {}
    mutating func leaveSection(_ section: Section, enclosing: [Heading]) throws {}
    mutating func visitClosing(_ text: String) throws {}

    @inlinable
    mutating func walk(_ speech: Speech) throws {
        try visitSpeech(speech)
        if let salutation = speech.salutation { try visitSalutation(salutation) }
        try walk(speech.body, enclosing: [])
        if let closing = speech.closing { try visitClosing(closing) }
    }

    @inlinable
    mutating func walk(_ blocks: [Block], enclosing: [Heading]) throws {
        var path = enclosing
        try walk(blocks[...], path: &path)
    }

    /// The walk, with the headings above in one array that grows and shrinks as the walk goes
    /// in and out of sections, and a run-in heading's children read past their first in place
    /// (each walk of each writer made two arrays for each section, and copied the children of
    /// every run-in heading).
    @inlinable
    mutating func walk(_ blocks: ArraySlice<Block>, path: inout [Heading]) throws {
        for block in blocks {
            switch block {
            case .paragraph(let paragraph):
                try visitParagraph(paragraph, enclosing: path)
            case .gap(let gap):
                try visitGap(gap, enclosing: path)
            case .section(let section):
                var children = section.children[...]
                var runIn: Paragraph?
                if section.heading.runsIn, case .paragraph(let first)? = children.first {
                    runIn = first
                    children = children.dropFirst()
                }
                try visitHeading(section.heading, runIn: runIn, enclosing: path)
                path.append(section.heading)
                try walk(children, path: &path)
                path.removeLast()
                try leaveSection(section, enclosing: path)
            }
        }
    }
}
