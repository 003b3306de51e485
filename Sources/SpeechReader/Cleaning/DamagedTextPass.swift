/// Damaged text is kept and flagged, never dropped: U+FFFD, "??" mojibake, a stray Latin
/// letter or underscore standing in for a censored character (发挥y论监督, _到).
/// Placeholders (**, XX, ××, x) are legitimate and not flagged.
struct DamagedTextPass: CleaningPass {
    let name = "damaged-text"

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        for line in lines where !line.isBlank {
            if let problem = Self.problem(in: line.text) {
                report.warn(name, line.number, problem)
            }
        }
    }

    static func problem(in text: String) -> String? {
        let chars = Array(text)
        func context(_ i: Int) -> String {
            String(chars[max(0, i - 8)..<min(chars.count, i + 9)])
        }
        func han(_ i: Int) -> Bool {
            i >= 0 && i < chars.count && chars[i].unicodeScalars.first.map(CJK.isHan) == true
        }
        for i in chars.indices {
            let char = chars[i]
            if char == "\u{FFFD}" { return "replacement character (U+FFFD) in “\(context(i))”" }
            if char == "?" && i + 1 < chars.count && chars[i + 1] == "?" { return "“??” in “\(context(i))”" }
            if char.isASCII && char.isLetter && char != "x" && char != "X" && han(i - 1) && han(i + 1) {
                return "stray letter “\(char)” in “\(context(i))”"
            }
            if char == "_" && (han(i - 1) || han(i + 1)) && !(i > 0 && chars[i - 1] == "_") && !(i + 1 < chars.count && chars[i + 1] == "_") {
                return "stray “_” in “\(context(i))”"
            }
        }
        return nil
    }
}
