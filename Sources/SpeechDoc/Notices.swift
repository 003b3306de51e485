import SpeechModel
import SpeechReader

/// What `convert` tells about an input on stderr, a line each: a speech the page cut short,
/// the gaps a paywall left (with their sizes), every warning of the reading (damaged text,
/// repairs, a title taken from the page's furniture, no title at all…), and the files a
/// multi-speech input became.
public enum Notices {
    public static func lines(for document: InputDocument, outputs: [String]) -> [String] {
        var lines: [String] = []
        let several = document.speeches.count > 1
        for (index, speech) in document.speeches.enumerated() {
            let which = several ? "speech \(index + 1): " : ""
            // Cut short at the end; gaps inside are told apart below.
            if speech.truncated {
                lines.append(which + "the page ends early: the speech is incomplete, marked 〔以下原文缺失〕")
            }
            var walker = DocumentChecks.BeforePrinting()
            walker.findsUnfinished = false
            walker.walk(speech)
            let gaps = walker.gaps.map(\.characters)
            if !gaps.isEmpty {
                let sizes = gaps.map { $0.map { "\($0) characters" } ?? "size unknown" }.joined(separator: ", ")
                lines.append(which + "\(gaps.count) gap\(gaps.count == 1 ? "" : "s") where the site cut text (\(sizes)), marked in the output")
            }
        }
        for warning in document.report.warnings {
            lines.append((warning.line > 0 ? "line \(warning.line): " : "") + warning.message)
        }
        if outputs.count > 1 {
            lines.append("\(document.speeches.count) speeches written as \(outputs.count) files: \(outputs.first!) … \(outputs.last!)")
        }
        return lines
    }
}
