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

    static func strip(_ text: String, removed: inout [String]) -> String {
        let chars = Array(text)
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var index = 0
        while index < chars.count {
            let char = chars[index]
            // Brackets and Han read from each character's bytes: `==` with a non-ASCII character
            // compares normalized forms, and this runs for every character of the line.
            if char.isScalar("(") || char.isScalar("（"), index > 0, chars[index - 1].startsWithHan {
                var end = index + 1
                var toned = false
                while end < chars.count, end - index <= 8 {
                    let letter = chars[end]
                    if toneLetters.contains(letter) { toned = true } else if !plainLetters.contains(letter) { break }
                    end += 1
                }
                if toned, end < chars.count, chars[end].isScalar(")") || chars[end].isScalar("）"), end > index + 1 {
                    removed.append(String(chars[index...end]))
                    index = end + 1
                    continue
                }
            }
            output.append(char)
            index += 1
        }
        return output
    }
}
