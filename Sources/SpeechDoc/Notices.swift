import SpeechModel
import SpeechReader

/// What `convert` tells about an input on stderr, a line each: a speech the page cut short,
/// the gaps a paywall left (with their sizes), every warning of the reading (damaged text,
/// repairs, a title taken from the page's furniture, no title at all…), and the files a
/// multi-speech input became.
public enum Notices {
    public static func lines(for document: InputDocument, outputs: [String]) -> [String] {
        let speeches = document.speeches.map { speech in
            var walker = DocumentChecks.BeforePrinting()
            walker.findsUnfinished = false
            walker.walk(speech)
            return Told(truncated: speech.truncated, gaps: walker.gaps.map(\.characters))
        }
        return lines(speeches, warnings: document.report.warnings, outputs: outputs)
    }

    /// What the notices tell of one speech: whether it was cut short, and its gaps' sizes.
    struct Told {
        var truncated = false
        var gaps: [Int?] = []
    }

    static func lines(_ speeches: [Told], warnings: [ReadWarning], outputs: [String]) -> [String] {
        var lines: [String] = []
        let several = speeches.count > 1
        for (index, speech) in speeches.enumerated() {
            let which = several ? "speech \(index + 1): " : ""
            // Cut short at the end; gaps inside are told apart below.
            if speech.truncated {
                lines.append(which + "the page ends early: the speech is incomplete, marked 〔以下原文缺失〕")
            }
            let gaps = speech.gaps
            if !gaps.isEmpty {
                let sizes = gaps.map { $0.map { "\($0) characters" } ?? "size unknown" }.joined(separator: ", ")
                lines.append(which + "\(gaps.count) gap\(gaps.count == 1 ? "" : "s") where the site cut text (\(sizes)), marked in the output")
            }
        }
        for warning in warnings {
            lines.append((warning.line > 0 ? "line \(warning.line): " : "") + warning.message)
        }
        if outputs.count > 1 {
            lines.append("\(speeches.count) speeches written as \(outputs.count) files: \(outputs.first!) … \(outputs.last!)")
        }
        return lines
    }
}
