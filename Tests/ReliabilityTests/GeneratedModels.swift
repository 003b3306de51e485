import PropertyBased
import SpeechDoc

/// Random speeches in the shape the reader produces: a title and perhaps speaker, date,
/// salutation and closing; paragraphs of text, leads and emphasis; sections nested by level
/// with the usual number labels, some run-in; gaps; a truncation. The text mixes Chinese,
/// full-width punctuation, ASCII, Markdown and XML syntax, emoji, Extension B and Hebrew.
enum GeneratedModels {
    static let pieces = [
        "发展", "改革", "工作", "同志们", "推进", "乡村", "振兴", "责任", "落实", "A", "b", "x1", "2024", "3.5%",
        "，", "、", "；", "：", "“", "”", "（", "）", "！", "？", "—", "……", "·",
        "*", "**", "_", "#", "`", "[", "]", "<", ">", "&", "&amp;", "</w:t>", "]]>", "<script>", "\\", "|", "~", "{", "}", ":", "- ", "1. ",
        "😀", "𠀀", "עברית", " ", "%", "$", "---", "{.run-in}",
    ]
    static let words = ["发展", "改革", "推进", "落实", "提高"]
    static let headingNumbers = ["一、", "二、", "三、", "（一）", "（二）", "1.", "2.", "（1）", "第一，", "第二，"]
    static let leadNumbers = ["一要", "二要", "一是", "二是", "十一是", "三要"]

    static var speech: Generator<Speech, Shrink.None<Speech>> {
        Generator { rng in make(&rng) }
    }

    static func make(_ rng: inout any SeededRandomNumberGenerator) -> Speech {
        func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }
        func text(_ range: ClosedRange<Int>, end: String? = nil) -> String {
            var result = ""
            for _ in 0..<Int.random(in: range, using: &rng) { result += pieces.randomElement(using: &rng)! }
            // The reader trims lines and joins runs of spaces.
            result = result.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            if result.isEmpty { result = "内容" }
            if let end, !result.hasSuffix(end) { result += end }
            return result
        }
        func paragraph() -> Paragraph {
            var inlines: [Inline] = []
            if chance(25) {
                inlines.append(.lead(Lead(number: leadNumbers.randomElement(using: &rng)!, text: text(1...4, end: "。"))))
            } else if chance(10) {
                // A bold opening phrase without a label, as Word and web pages give.
                inlines.append(.lead(Lead(number: "", text: "坚持" + text(1...3, end: "。"))))
            }
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                if chance(15) {
                    inlines.append(.emphasis(text(1...3)))
                } else if chance(8) {
                    inlines.append(.damaged(["\u{FFFD}", "y", "_", "??"].randomElement(using: &rng)!))
                } else {
                    inlines.append(.text(text(1...12)))
                }
            }
            // Neighbouring text runs are one run in the model.
            var merged: [Inline] = []
            for inline in inlines {
                if case .text(let next) = inline, case .text(let previous)? = merged.last {
                    merged[merged.count - 1] = .text(previous + next)
                } else {
                    merged.append(inline)
                }
            }
            return Paragraph(merged)
        }
        // Paragraphs and gaps first, then subsections: text after a subsection belongs to it,
        // as in every format whose headings mark where sections begin.
        func blocks(level: Int, depth: Int) -> [Block] {
            var result: [Block] = []
            let sections = level >= 4 || depth >= 3 ? 0 : Int.random(in: 0...3, using: &rng)
            for _ in 0..<Int.random(in: (sections == 0 ? 1 : 0)...3, using: &rng) {
                result.append(chance(8) ? .gap(Gap(omittedCharacters: chance(70) ? Int.random(in: 1...9999, using: &rng) : nil)) : .paragraph(paragraph()))
            }
            // Siblings share a level: a deeper heading after a section would open a subsection of it.
            let headingLevel = level < 4 ? Int.random(in: (level + 1)...4, using: &rng) : 4
            for _ in 0..<sections {
                // The label is read off the heading's start, so its text starts with a word
                // (after “1.”, “1.5 …” would be a number, not a label).
                let heading = Heading(level: headingLevel, number: headingNumbers.randomElement(using: &rng)!,
                                      text: words.randomElement(using: &rng)! + text(1...5, end: chance(50) ? "。" : nil), runsIn: chance(30))
                result.append(.section(Section(heading: heading, children: blocks(level: headingLevel, depth: depth + 1))))
            }
            return result
        }
        let metadata = Metadata(title: text(1...8),
                                subtitle: chance(15) ? "——" + text(1...4) : nil,
                                speaker: chance(50) ? text(1...3) : nil,
                                date: chance(50) ? "\(Int.random(in: 1990...2030, using: &rng))年\(Int.random(in: 1...12, using: &rng))月\(Int.random(in: 1...28, using: &rng))日" : nil)
        return Speech(metadata: metadata,
                      salutation: chance(60) ? "同志们：" : nil,
                      body: blocks(level: 0, depth: 0),
                      closing: chance(40) ? "谢谢大家！" : nil,
                      truncated: chance(10))
    }
}
