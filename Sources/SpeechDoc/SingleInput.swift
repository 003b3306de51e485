import Foundation

/// The one-input commands' policy (`clean`, `outline`), in the library like `ConversionPlan`,
/// so any front end reads, reports and writes the way the command line does.
extension ConversionPlan {
    /// A page read for cleaning: scraped text whatever the file is called (a `.md` page is not
    /// read as SpeechDoc Markdown); a Word or web page is still read as one.
    public static func loadForCleaning(_ input: String, options: ReadOptions) throws -> InputDocument {
        var options = options
        options.keepCleanedLines = true
        let bytes = try DocumentLoader.read(input)
        let sniffed = InputKind(path: input, bytes: bytes)
        return try DocumentLoader.load(bytes: bytes, path: input, kind: sniffed == .markdown ? .plainText : sniffed, options: options)
    }

    /// The clean text: one paragraph per line, blank lines between.
    public static func cleanText(_ document: InputDocument) -> String {
        document.cleanedLines.map(\.text).joined(separator: "\n\n") + "\n"
    }

    /// `clean`: the clean text to `output` (`-`: standard output) and, when asked, the JSON
    /// report of removals and warnings. Neither may replace the input, nor each other; both are
    /// written atomically. Returns false when something could not be done (said through `emit`).
    public static func clean(_ input: String, output: String, report: String?, options: ReadOptions,
                             emit: (Event) -> Void) -> Bool {
        let document: InputDocument
        do { document = try loadForCleaning(input, options: options) } catch {
            emit(.problem(String(describing: error)))
            return false
        }
        let outputs = output == "-" ? [] : [WritePlan.Output(input: input, path: output)]
        let collisions = WritePlan.collisions(inputs: [input], outputs: outputs, report: report == "-" ? nil : report)
        guard collisions.isEmpty else {
            for collision in collisions { emit(.problem(collision.description)) }
            return false
        }
        do {
            let text = Array(cleanText(document).utf8)
            if output == "-" { emit(.standardOutput(text)) } else { try AtomicFile.write(text, to: output) }
            if let report {
                let json = Array((Reports.cleaning(document).serialized() + "\n").utf8)
                if report == "-" { emit(.standardOutput(json)) } else { try AtomicFile.write(json, to: report) }
            }
            return true
        } catch {
            emit(.problem(String(describing: error)))
            return false
        }
    }
}

extension Reports {
    /// `outline` as text: each speech's title, its metadata, its outline indented by level
    /// (leads marked), and a summary line.
    public static func outlineText(_ document: InputDocument) -> String {
        var rows: [String] = []
        for (index, speech) in document.speeches.enumerated() {
            if index > 0 { rows.append("") }
            rows.append(speech.metadata.title)
            for (label, value) in [("subtitle", speech.metadata.subtitle), ("speaker", speech.metadata.speaker),
                                   ("date", speech.metadata.date), ("salutation", speech.salutation)] {
                if let value { rows.append("  \(label): \(value)") }
            }
            for entry in speech.outline {
                let indent = String(repeating: "  ", count: entry.level)
                rows.append(indent + entry.number + entry.text + (entry.kind == .lead ? "  (lead)" : ""))
            }
            let statistics = speech.statistics
            var summary = "  \(statistics.paragraphs) paragraphs, \(statistics.characters) characters"
            if statistics.gaps > 0 { summary += ", \(statistics.gaps) gap(s)" }
            if speech.truncated { summary += ", cut short at the end" }
            rows.append(summary)
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// `outline --lines`: a row per unit of the page — its number (what `--role K=…` names),
    /// its source line, role, margin, the unit's text (cut at 60 characters) and the evidence
    /// that weighed most.
    public static func decisionsText(_ decisions: [UnitDecision]) -> String {
        func padded(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
        }
        var rows: [String] = []
        for (unit, decision) in decisions.enumerated() {
            let margin = String(format: "%+.1f", decision.margin)
            let role = decision.role.padding(toLength: 10, withPad: " ", startingAt: 0)
            let text = decision.text.count > 60 ? String(decision.text.prefix(60)) + "…" : decision.text
            rows.append("\(padded(String(unit), 3)) \(padded("l" + String(decision.line), 5)) \(role) \(padded(margin, 6))  \(text)  [\(decision.evidence.joined(separator: ", "))]")
        }
        return rows.joined(separator: "\n") + (rows.isEmpty ? "" : "\n")
    }
}
