import Foundation
import TestSupport
import SpeechModel

/// What pandoc saw in a Markdown file, reduced to what the tests compare.
struct PandocBlock: Equatable, CustomStringConvertible {
    enum Kind: Equatable { case header(level: Int, runIn: Bool), para }
    var kind: Kind
    var text: String
    /// Texts of the Strong inlines in the block.
    var strong: [String]

    var description: String { "\(kind) \(text) strong=\(strong)" }
}

enum Pandoc {
    static var executable: URL? { Run.tool("pandoc") }

    static func json(_ markdown: String) throws -> [String: Any] {
        let pandoc = try requirePandoc()
        let result = try Run.program(pandoc, ["-f", "markdown", "-t", "json"], input: Data(markdown.utf8))
        guard result.status == 0, let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any] else {
            throw PandocError(message: "pandoc failed: \(result.stderr)")
        }
        return object
    }

    static func plain(_ markdown: String) throws -> String {
        let pandoc = try requirePandoc()
        let result = try Run.program(pandoc, ["-f", "markdown", "-t", "plain", "--wrap=none"], input: Data(markdown.utf8))
        guard result.status == 0 else { throw PandocError(message: "pandoc failed: \(result.stderr)") }
        return result.stdoutText
    }

    static func requirePandoc() throws -> URL {
        guard let pandoc = executable else { throw PandocError(message: "pandoc is not installed: `make test` installs it") }
        return pandoc
    }

    static func blocks(_ document: [String: Any]) -> [PandocBlock] {
        (document["blocks"] as? [[String: Any]] ?? []).map { block in
            let type = block["t"] as? String ?? ""
            switch type {
            case "Header":
                let content = block["c"] as? [Any] ?? []
                let level = content[0] as? Int ?? 0
                let attributes = content[1] as? [Any] ?? []
                let classes = attributes.count > 1 ? attributes[1] as? [String] ?? [] : []
                let inlines = content[2] as? [Any] ?? []
                return PandocBlock(kind: .header(level: level, runIn: classes.contains("run-in")),
                                   text: stringify(inlines), strong: strongTexts(inlines))
            case "Para":
                let inlines = block["c"] as? [Any] ?? []
                return PandocBlock(kind: .para, text: stringify(inlines), strong: strongTexts(inlines))
            default:
                return PandocBlock(kind: .para, text: "<unexpected \(type)>", strong: [])
            }
        }
    }

    static func metaString(_ document: [String: Any], _ key: String) -> String? {
        guard let meta = document["meta"] as? [String: Any], let value = meta[key] as? [String: Any] else { return nil }
        if value["t"] as? String == "MetaInlines" { return stringify(value["c"] as? [Any] ?? []) }
        if value["t"] as? String == "MetaString" { return value["c"] as? String }
        return nil
    }

    static func stringify(_ inlines: [Any]) -> String {
        PandocText.stringify(inlines, markUnknown: true)
    }

    static func strongTexts(_ inlines: [Any]) -> [String] {
        inlines.compactMap { item in
            guard let inline = item as? [String: Any], inline["t"] as? String == "Strong" else { return nil }
            return stringify(inline["c"] as? [Any] ?? [])
        }
    }

    /// The blocks pandoc should see for a speech, derived from the model.
    static func expectedBlocks(_ speech: Speech) -> [PandocBlock] {
        struct Collector: SpeechWalker {
            var blocks: [PandocBlock] = []
            mutating func visitSalutation(_ text: String) { blocks.append(PandocBlock(kind: .para, text: text, strong: [])) }
            mutating func visitHeading(_ heading: Heading, enclosing: [Heading]) {
                blocks.append(PandocBlock(kind: .header(level: heading.level, runIn: heading.runsIn),
                                          text: heading.number + heading.text, strong: []))
            }
            mutating func visitParagraph(_ paragraph: Paragraph, enclosing: [Heading]) {
                // Leads side by side are one strong run.
                var leads: [String] = []
                var previousWasLead = false
                for inline in paragraph.inlines {
                    if case .lead(let lead) = inline {
                        if previousWasLead { leads[leads.count - 1] += lead.number + lead.text } else { leads.append(lead.number + lead.text) }
                        previousWasLead = true
                    } else {
                        previousWasLead = false
                    }
                }
                blocks.append(PandocBlock(kind: .para, text: paragraph.plainText, strong: leads))
            }
            mutating func visitGap(_ gap: Gap, enclosing: [Heading]) { blocks.append(PandocBlock(kind: .para, text: gap.marker, strong: [])) }
            mutating func visitClosing(_ text: String) { blocks.append(PandocBlock(kind: .para, text: text, strong: [])) }
        }
        var collector = Collector()
        collector.walk(speech)
        if speech.truncated { collector.blocks.append(PandocBlock(kind: .para, text: Speech.truncationMarker, strong: [])) }
        return collector.blocks
    }
}

struct PandocError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
