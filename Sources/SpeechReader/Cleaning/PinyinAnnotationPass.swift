/// Removes pinyin printed after characters: 鄉(xiāng), 創（chuàng）.
/// An annotation needs a tone mark or ü, so (app) or (PPP) after a character stays.
struct PinyinAnnotationPass: CleaningPass {
    let name = "pinyin-annotation"

    static let toneLetters = Set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ")
    static let plainLetters = Set("abcdefghijklmnopqrstuvwxyz")

    static let toneLeads = ByteSet([0xC3, 0xC4, 0xC5, 0xC7])

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        // Tone-marked letters are two-byte UTF-8 led by C3, C4, C5 or C7: no such byte, no pinyin.
        for index in lines.indices where Self.toneLeads.occurs(in: lines[index].text)
            && (lines[index].text.containsByte(0x28) || lines[index].text.containsBytes("（")) {
            var removed: [String] = []
            let result = Self.strip(lines[index].text, removed: &removed)
            if !removed.isEmpty {
                report.remove(name, lines[index], removed.joined(separator: " "))
                lines[index].text = result
            }
        }
    }

    /// The text without its annotations, walked a character at a time by index: what lies
    /// between annotations is copied in one piece (a character array of the line and an append
    /// a character cost more than the rest of the pass).
    static func strip(_ text: String, removed: inout [String]) -> String {
        var output = ""
        var copied = text.startIndex
        var index = text.startIndex
        var previous: Character? = nil
        while index < text.endIndex {
            let char = text[index]
            let next = text.index(after: index)
            // Brackets and Han read from each character's bytes: `==` with a non-ASCII character
            // compares normalized forms, and this runs for every character of the line.
            if char.isScalar("(") || char.isScalar("（"), previous?.startsWithHan == true {
                // Up to eight letters, then the closing bracket.
                var end = next, letters = 0
                var toned = false
                while end < text.endIndex, letters < 8 {
                    let letter = text[end]
                    if toneLetters.contains(letter) { toned = true } else if !plainLetters.contains(letter) { break }
                    end = text.index(after: end)
                    letters += 1
                }
                if toned, end < text.endIndex, text[end].isScalar(")") || text[end].isScalar("）"), letters > 0 {
                    if output.isEmpty { output.reserveCapacity(text.utf8.count) }
                    output += text[copied..<index]
                    removed.append(String(text[index...end]))
                    previous = text[end]
                    index = text.index(after: end)
                    copied = index
                    continue
                }
            }
            previous = char
            index = next
        }
        if copied == text.startIndex { return text }
        output += text[copied...]
        return output
    }
}
