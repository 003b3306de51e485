import Testing
import SpeechWriting
import WordBreaks

/// Titles set over lines (issue 17, item 1): words whole, lines balanced into a trapezoid or a
/// diamond, no line of one or two characters, a title that fits left alone.
@Test func longTitlesBreakBetweenWordsIntoBalancedLines() {
    // 20 characters of 二号 fit the 156 mm text block.
    #expect(TitleLines.lines("在全市安全生产工作会议上的讲话", perLine: 20) == ["在全市安全生产工作会议上的讲话"])
    // ICU splits 常态化 into characters: the break goes between words of two or more.
    #expect(TitleLines.lines("在全市推进全国文明城市常态化创建工作会议上的讲话", perLine: 20) == ["在全市推进全国文明城市", "常态化创建工作会议上的讲话"])
    // Never “…推进会 / 议上的讲话” nor a stub “…讲话范 / 文”.
    for title in ["在全县秋冬季森林防火暨安全生产工作推进会议上的讲话", "在全县2024年度经济工作会议暨优化营商环境大会上的讲话范文",
                  "关于进一步加强和改进新时代全县机关党的建设工作推进会议上的讲话"] {
        let lines = TitleLines.lines(title, perLine: 20)
        #expect(lines.joined() == title)
        #expect(lines.count == 2 || lines.count == 3, "\(lines)")
        #expect(lines.allSatisfy { $0.count >= 3 && $0.count <= 20 }, "\(lines)")
        let lengths = lines.map(\.count)
        #expect(lengths.max()! - lengths.min()! <= 8, "\(lines)")
        let words = Set(WordBreaks.boundaries(in: title))
        var offset = 0
        for line in lines.dropLast() {
            offset += line.unicodeScalars.count
            #expect(words.contains(offset), "\(lines)")
        }
        #expect(!lines.contains { $0.hasPrefix("议") || $0.hasPrefix("的") || $0.hasPrefix("上的") || $0 == "文" }, "\(lines)")
    }
    // Two meetings joined by 暨: the second line starts with it.
    #expect(TitleLines.lines("在全县农村人居环境整治提升暨和美乡村建设工作推进会议上的讲话", perLine: 20)
            == ["在全县农村人居环境整治提升", "暨和美乡村建设工作推进会议上的讲话"])
    // Longer than four lines: left to the word processor (found by the fuzzer: a crash).
    let endless = String(repeating: "在全县工作会议上的讲话", count: 12)
    #expect(TitleLines.lines(endless, perLine: 20) == [endless])
    #expect(TitleLines.lines(String(repeating: "讲", count: 80), perLine: 20).count == 4)
    // 《…》 is kept on one line when another break exists.
    let quoted = TitleLines.lines("关于认真学习贯彻《中华人民共和国安全生产法》的讲话提纲", perLine: 20)
    #expect(quoted.contains { $0.contains("《中华人民共和国安全生产法》") }, "\(quoted)")
}

@Test func wordBoundariesComeFromTheDictionary() {
    let title = "在全县乡村振兴工作会议上的讲话"
    let boundaries = WordBreaks.boundaries(in: title)
    let scalars = Array(title.unicodeScalars)
    var pieces: [String] = []
    var start = 0
    for end in boundaries + [scalars.count] {
        pieces.append(String(String.UnicodeScalarView(scalars[start..<end])))
        start = end
    }
    #expect(pieces.contains("乡村") || pieces.contains("乡村振兴"), "\(pieces)")
    #expect(pieces.contains("讲话"), "\(pieces)")
    #expect(WordBreaks.boundaries(in: "") == [])
}
