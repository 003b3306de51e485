import Foundation
import SpeechModel

/// Paywall and truncation notices: removed, and replaced by a marker line where text is
/// missing, so the model gets a gap at that place (with the omitted count when the notice
/// gives one) or is marked as cut short at the end.
///
///     ……(新文秘网省略695字,正式会员可完整阅读)……   → 〔此处原文缺失约695字〕
///     ……略……                                       → 〔此处原文缺失〕
///     ……(未完,全文共5555字,当前仅显示1950字…       → 〔以下原文缺失〕
struct PaywallNoticePass: CleaningPass {
    let name = "paywall-notice"

    static let omission = try! TextPattern(
        #"[…\.。·]*\s*[（(][^（）()]{0,60}?省略\s*(\d+)\s*字[^（）()]{0,60}[）)]\s*[…\.。·]*"#)
    static let elision = try! TextPattern(#"[…\.]{2,}\s*[（(]?\s*略\s*[）)]?\s*[…\.]{2,}"#)
    /// The phrases that say the page stops here: each with the keyword the one-scan prefilter
    /// looks for and its pattern, side by side, so that neither list can gain a phrase alone.
    static let truncationPhrases: [(keyword: String, pattern: String)] = [
        ("未完", #"未完[,，。]"#),
        ("全文共", #"全文共\s*\d+\s*字"#),
        ("已结束", "预览已结束|试读已结束"),
        ("试读结束", "试读结束"),
        ("预览结束", "预览结束"),
        ("剩余", #"剩余\s*\d+\s*字未读"#),
    ]
    static let truncation = try! TextPattern(
        #"[…\.·\s]*[（(]?\s*("# + truncationPhrases.map(\.pattern).joined(separator: "|") + ").*$")

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        var output = LineRewrite(taking: &lines)
        while let line = output.next() {
            var rest = line.text
            var found = false
            while let notice = Self.firstNotice(in: rest) {
                found = true
                let before = String(rest[..<notice.range.lowerBound]).trimmingSpaces
                if !before.isEmpty {
                    output.append(SourceLine(number: line.number, text: before, original: line.original, hint: line.hint))
                } else if notice.marker == Speech.truncationMarker {
                    Self.dropTrailingEllipsis(&output, report: &report, rule: name)
                }
                report.removed.append(Removal(rule: name, line: line.number, text: String(rest[notice.range])))
                output.append(SourceLine(number: line.number, text: notice.marker, original: line.original, hint: line.hint.placeOnly))
                rest = String(rest[notice.range.upperBound...]).trimmingSpaces
            }
            if !found {
                output.append(line)
            } else if !rest.isEmpty {
                output.append(SourceLine(number: line.number, text: rest, original: line.original, hint: line.hint.placeOnly))
            }
        }
        lines = output.finish()
    }

    private struct Notice {
        var range: Range<String.Index>
        var marker: String
    }

    /// Keywords of the three notices, one scan a line: 省略 and 字 (bits 0, 1); 略 and dots
    /// (2, 3); the truncation phrases (4).
    static let keywords = KeywordSet([["省略"], ["字"], ["略"], ["…", ".."], truncationPhrases.map(\.keyword)])

    private static func firstNotice(in text: String) -> Notice? {
        // Each pattern runs only when its keywords are present.
        let found = keywords.matches(text)
        guard found != 0 else { return nil }
        let omits = found & 0b11 == 0b11
        let elides = found & 0b1100 == 0b1100
        let truncates = found & 0b10000 != 0
        guard omits || elides || truncates else { return nil }
        var candidates: [Notice] = []
        if omits, let match = omission.firstMatch(in: text) {
            let count = match[1].flatMap { Int($0) }
            candidates.append(Notice(range: match.range, marker: Gap(omittedCharacters: count).marker))
        }
        if elides, let match = elision.firstMatch(in: text) {
            candidates.append(Notice(range: match.range, marker: Gap().marker))
        }
        if truncates, let match = truncation.firstMatch(in: text) {
            candidates.append(Notice(range: match.range, marker: Speech.truncationMarker))
        }
        return candidates.min { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// "…智慧化标 ……" followed by "预览已结束…" on the next line: the dots belong to the notice.
    private static func dropTrailingEllipsis(_ output: inout LineRewrite, report: inout CleaningReport, rule: String) {
        guard let lastIndex = output.lastIndex(where: { !$0.isBlank }) else { return }
        let text = output[lastIndex].text
        // From the end, a character at a time: only the dots are walked, not the paragraph.
        var cut = text.endIndex
        while cut > text.startIndex {
            let before = text.index(before: cut)
            guard "….· ".contains(text[before]) else { break }
            cut = before
        }
        guard cut < text.endIndex else { return }
        report.removed.append(Removal(rule: rule, line: output[lastIndex].number, text: String(text[cut...])))
        if cut == text.startIndex { output.remove(at: lastIndex) } else { output[lastIndex].text = String(text[..<cut]) }
    }
}
