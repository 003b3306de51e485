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

    mutating func walk(_ speech: Speech) {
        visitSpeech(speech)
        if let salutation = speech.salutation { visitSalutation(salutation) }
        walk(speech.body, enclosing: [])
        if let closing = speech.closing { visitClosing(closing) }
    }

    mutating func walk(_ blocks: [Block], enclosing: [Heading]) {
        for block in blocks {
            switch block {
            case .paragraph(let paragraph):
                visitParagraph(paragraph, enclosing: enclosing)
            case .gap(let gap):
                visitGap(gap, enclosing: enclosing)
            case .section(let section):
                visitHeading(section.heading, enclosing: enclosing)
                walk(section.children, enclosing: enclosing + [section.heading])
                leaveSection(section, enclosing: enclosing)
            }
        }
    }
}
