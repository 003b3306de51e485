import Testing
import SpeechModel
@testable import SpeechReader
import TestSupport

/// Runs one pass over the given lines and returns the kept texts and the report.
private func run(_ pass: some CleaningPass, _ texts: [String]) throws -> ([String], CleaningReport) {
    var lines = texts.enumerated().map { SourceLine(number: $0.offset + 1, text: $0.element) }
    var report = CleaningReport()
    try pass.apply(to: &lines, report: &report)
    return (lines.map(\.text), report)
}

@Test func controlCharactersAreRemovedAndReported() throws {
    let (lines, report) = try run(ControlCharacterPass(), ["同志\u{0}们\u{7}：\t好", "\u{FFFF}正常"])
    #expect(lines == ["同志们：\t好", "正常"])
    #expect(report.removed.map(\.rule) == ["control-character", "control-character"])
    #expect(report.removed[0].text == "U+0000 U+0007")
}

@Test func htmlRemnantsGoButBookTitleBracketsAndLiteralMarkupStay() throws {
    let (lines, report) = try run(HTMLRemnantPass(), [
        "<center>在会上的讲话</center>",
        "要认真落实&nbsp;各项任务。",
        "《海南省实施<义务教育法>办法》和<script>都是原文。",
        "数量为××，times;times;是占位。&amp;保留。",
    ])
    #expect(lines[0] == "在会上的讲话")
    #expect(lines[1] == "要认真落实 各项任务。")
    #expect(lines[2] == "《海南省实施<义务教育法>办法》和<script>都是原文。")
    #expect(lines[3] == "数量为××，××是占位。&amp;保留。")
    #expect(report.removed.count == 3)
}

/// Spaces a page writes as other characters (no-break, typographic) become plain ones inside a
/// line; the ideographic space stays; every kind is trimmed from the ends.
@Test func otherSpacesBecomePlainAndIdeographicOnesStay() throws {
    let (lines, report) = try run(WhitespacePass(), ["注册\u{00A0}\u{00A0}登陆", "一、\u{2003}加强领导\u{202F}落实", "\u{3000}\u{3000}同志们\u{3000}好\u{00A0}",
                                                     "“引号”和…不变", "\u{205F}a\u{1680}b\u{2009}c\u{200A}"])
    #expect(lines == ["注册  登陆", "一、 加强领导 落实", "同志们\u{3000}好", "“引号”和…不变", "a b c"])
    #expect(report.removed.isEmpty)
    // The byte test finds each of them, and nothing in text without them.
    for space in ["\u{00A0}", "\u{1680}", "\u{2000}", "\u{2005}", "\u{200A}", "\u{202F}", "\u{205F}"] {
        #expect(WhitespacePass.mayHoldOtherSpace("要" + space + "好"), "\(space.unicodeScalars.first!.value)")
    }
    for other in ["\u{200B}", "\u{2010}", "\u{2026}", "\u{201C}", "\u{3000}", "\u{2060}", "a b"] {
        #expect(!WhitespacePass.mayHoldOtherSpace("要" + other + "好"), "\(other.unicodeScalars.first!.value)")
    }
}

@Test func pinyinAfterCharactersIsRemovedButLatinInParenthesesStays() throws {
    let (lines, report) = try run(PinyinAnnotationPass(), ["鄉(xiāng)村振興和創（chuàng）新", "采用PPP(app)模式", "城(chéng)"])
    #expect(lines == ["鄉村振興和創新", "采用PPP(app)模式", "城"])
    #expect(report.removed.first?.text == "(xiāng) （chuàng）")
}

@Test func traditionalBecomesSimplified() throws {
    let pass = ScriptConversionPass(converter: try SharedConverters.traditionalToSimplified())
    let (lines, _) = try run(pass, ["在全區創建全國文明城市工作會議上的講話"])
    #expect(lines == ["在全区创建全国文明城市工作会议上的讲话"])
}

/// However many calls the lines take through OpenCC, each comes back as OpenCC converts it
/// alone, untouched lines stay as they were, and blank lines and lines of simplified text
/// between them change nothing. A line that starts with a combining mark comes back whole too
/// (the calls' output is cut at its line feeds' bytes).
@Test func traditionalLinesConvertTheSameInAnyNumberOfCalls() throws {
    let converter = try SharedConverters.traditionalToSimplified()
    let pieces = ["在全區創建全國文明城市工作會議上的講話", "鄉村振興", "同志們：", "这是简体。", "", "發展", "a", "頭髮和發展",
                  "\u{301}發展", "e\u{301}"]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<200 {
        let texts = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
            randomText(pieces, lengths: 1...3, using: &generator)
        }
        let alone = try texts.map { try converter.convert($0) }
        for bytesPerCall in [1, 40, 1 << 20] {
            var pass = ScriptConversionPass(converter: converter)
            pass.bytesPerCall = bytesPerCall
            let (lines, _) = try run(pass, texts)
            #expect(lines == alone, "\(bytesPerCall) \(texts)")
        }
    }
}

@Test func paywallNoticesBecomeGapMarkersInPlace() throws {
    let (lines, report) = try run(PaywallNoticePass(), [
        "修订完善了",
        "……(新文秘网http://x.cn省略695字,正式会员可完整阅读)……",
        "职能关系不大。",
        "前文……略……后文",
        "接续用 ……(未完,全文共5555字,当前仅显示1950字,请阅读下面提示信息。收藏《讲话》)",
    ])
    #expect(lines == ["修订完善了", "〔此处原文缺失约695字〕", "职能关系不大。", "前文", "〔此处原文缺失〕", "后文", "接续用", "〔以下原文缺失〕"])
    #expect(report.removed.map(\.rule) == ["paywall-notice", "paywall-notice", "paywall-notice"])
    #expect(report.removed.map(\.line) == [2, 4, 5])
}

@Test func previewEndedNoticeTakesTheDotsBeforeIt() throws {
    let (lines, report) = try run(PaywallNoticePass(), ["努力实现智慧化标 ……", "预览已结束,若您需要全文请扫码联系老师!"])
    #expect(lines == ["努力实现智慧化标", "〔以下原文缺失〕"])
    #expect(report.removed.count == 2)
}

@Test func wordsLikeUnfinishedBusinessAreNotNotices() throws {
    let (lines, report) = try run(PaywallNoticePass(), ["未完成的任务要抓紧，策略要得当。"])
    #expect(lines == ["未完成的任务要抓紧，策略要得当。"])
    #expect(report.removed.isEmpty)
}

@Test func outlineBlockIsRemovedAndKeptForCrossChecking() throws {
    let (lines, report) = try run(OutlineBlockPass(), [
        "目录/提纲:……", "一、提高站位", "一要明确目标", "……", "在会上的讲话", "同志们：",
    ])
    #expect(lines == ["在会上的讲话", "同志们："])
    #expect(report.outlineItems.map(\.text) == ["一、提高站位", "一要明确目标"])
    #expect(report.removed.count == 4)
}

/// A page printed on one line glues the outline's opener to its first item and its closing dots
/// to its last (the segmenter cuts the rest at the spaces): the block is found all the same,
/// and the salutation after the dots is cut from them.
@Test func anOutlineGluedToItsOpenerAndDotsIsRemoved() throws {
    let (lines, report) = try run(OutlineBlockPass(), [
        "目录/提纲：……一、认清形势，统一思想", "（一）从气象预测趋势看", "二、明确任务，强化措施", "三、加强领导，强化责任……",
        "同志们：", "在即将进入主汛期的关键时刻，县委召开会议。",
    ])
    #expect(lines == ["同志们：", "在即将进入主汛期的关键时刻，县委召开会议。"])
    #expect(report.outlineItems.map(\.text) == ["一、认清形势，统一思想", "（一）从气象预测趋势看", "二、明确任务，强化措施", "三、加强领导，强化责任"])
    // A line of prose ending in dots is no item.
    let (kept, _) = try run(OutlineBlockPass(), ["目录：……一、认清形势", "我们要认清形势……", "同志们："])
    #expect(kept == ["我们要认清形势……", "同志们："])
    let page = "目录/提纲：…… 一、认清形势，统一思想 （一）从气象预测趋势看，今年形势严峻 二、明确任务，强化措施 三、加强领导，强化责任 …… "
        + "同志们： 在即将进入主汛期的关键时刻，县委、县政府召开全县防汛抗旱工作会议，主要是通报情况，分析形势，部署工作。\n"
    let result = try PlainTextReader.read(Array(page.utf8))
    #expect(result.speeches.first?.salutation == "同志们：")
    #expect(result.speeches.first?.outline.isEmpty == true)
    // Every opener passes the first-byte test that lines take before any other.
    #expect(OutlineBlockPass.openers.allSatisfy(OutlineBlockPass.mayOpen))
}

@Test func punctuationBecomesFullWidthOnlyInChineseContext() {
    #expect(PunctuationPass.normalize("同志们:") == "同志们：")
    #expect(PunctuationPass.normalize("一是推动立法, 制定标准;二是好!对吗?") == "一是推动立法，制定标准；二是好！对吗？")
    #expect(PunctuationPass.normalize("增长3.15%,1-7月,时间14:38,共1,000人") == "增长3.15%，1-7月，时间14:38，共1,000人")
    #expect(PunctuationPass.normalize("见http://www.x.cn/a,b") == "见http://www.x.cn/a,b")
    #expect(PunctuationPass.normalize("(2023年8月16日)") == "（2023年8月16日）")
    #expect(PunctuationPass.normalize("坚持\"重发展、轻安全\"的倾向") == "坚持“重发展、轻安全”的倾向")
    #expect(PunctuationPass.normalize("Windows (R) and \"quoted\" text, ok") == "Windows (R) and \"quoted\" text, ok")
    #expect(PunctuationPass.normalize("12?4国家宪法日和??乱码") == "12?4国家宪法日和??乱码")
}

/// A page typed with the input method in English mode ends its sentences with ".": such a
/// full stop becomes "。" after Chinese text, after a number or a Latin word that follows Chinese
/// text, and after closing marks; decimals, labels, file names, addresses, ellipses and English
/// keep theirs. Through the pass, whose byte scan chooses the lines.
@Test func anASCIIFullStopEndingAChineseSentenceBecomesFullWidth() {
    let cases: [(String, String)] = [
        ("一是成效显著.2011年完成造林8818亩.二是", "一是成效显著。2011年完成造林8818亩。二是"),
        ("分别增长 21 和 9.4.二是投资增长", "分别增长 21 和 9.4。二是投资增长"),
        ("占比提升到xx%.三是消费有活力", "占比提升到xx%。三是消费有活力"),
        ("投资增长40.", "投资增长40。"),
        ("坚持“绿水青山”.我们要", "坚持“绿水青山”。我们要"),
        ("一.提高认识", "一.提高认识"),
        ("第二.加强领导", "第二.加强领导"),
        ("工作.1.加强领导", "工作。1.加强领导"),
        ("增长3.15%", "增长3.15%"),
        ("下载讲话稿.docx", "下载讲话稿.docx"),
        ("见www.gov.cn.", "见www.gov.cn."),
        ("工作......", "工作......"),
        ("on the theme of“tourism”. We welcome", "on the theme of“tourism”. We welcome"),
        ("中国. We welcome you", "中国. We welcome you"),
    ]
    for (input, expected) in cases {
        var lines = [SourceLine(number: 1, text: input)]
        var report = CleaningReport()
        PunctuationPass().apply(to: &lines, report: &report)
        #expect(lines[0].text == expected, "\(input)")
    }
}

@Test func damagedTextIsFlaggedButPlaceholdersAreNot() throws {
    let (lines, report) = try run(DamagedTextPass(), ["发挥y论监督作用", "深入\u{FFFD}人心", "层层_到位，先进_要带头", "特别是**讲的具体，X同志和××区，xxx法治", "“12?4国家宪法日”"])
    #expect(lines.count == 5)
    #expect(report.warnings.map(\.line) == [1, 2, 3, 5])
    #expect(report.warnings[2].message.components(separatedBy: "; ").count == 2)
    #expect(report.warnings.allSatisfy { $0.kind == "damaged-text" })
}

/// Damage is found on a line's scalars when each is a Character of its own, else on its
/// Characters: both give the same spots, descriptions and marked runs. Lines built at random
/// from damaged spots, Han, punctuation, and what makes a Character of several scalars
/// (combining marks, a variation selector, CR LF, an emoji sequence).
@Test func damageFoundOnScalarsIsDamageFoundOnCharacters() throws {
    let pieces = ["发挥", "y", "论", "\u{FFFD}", "??", "?", "12", "4", "_", "国家", "，", "。", "“", "”", "x", "GDP", "a\u{301}",
                  "\u{301}", "葛\u{E0100}", "\u{3099}", "\r\n", "👩\u{200D}💻", "é", "（", "）", "…", " ", "Ｙ"]
    var generator = SystemRandomNumberGenerator()
    var scalarPath = 0, characterPath = 0
    for _ in 0..<3_000 {
        let text = randomText(pieces, lengths: 1...14, using: &generator)
        let characters = DamagedTextPass.findings(in: Array(text), describing: true)
        #expect(DamagedTextPass.findings(in: text).map(\.range) == characters.map(\.range), "\(text.unicodeScalars.map(\.value))")
        #expect(DamagedTextPass.findings(in: text).map(\.description) == characters.map(\.description))
        if let scalars = DamagedTextPass.singleScalarCharacters(text) {
            scalarPath += 1
            #expect(scalars.count == text.count)
        } else {
            characterPath += 1
        }
        // The marked runs, against cutting the Characters by hand.
        var expected: [Inline] = []
        let chars = Array(text)
        var position = 0
        for (range, _) in characters {
            if range.lowerBound > position { expected.append(.text(String(chars[position..<range.lowerBound]))) }
            expected.append(.damaged(String(chars[range])))
            position = range.upperBound
        }
        if position < chars.count { expected.append(.text(String(chars[position...]))) }
        if characters.isEmpty { expected = [.text(text)] }
        if DamagedTextPass.mayBeDamaged(text) { #expect(DamagedTextPass.marked([.text(text)]) == expected, "\(text)") }
    }
    // Both ways were taken.
    #expect(scalarPath > 100 && characterPath > 100)
    #expect(DamagedTextPass.singleScalarCharacters("发挥a\u{301}论") == nil)
    #expect(DamagedTextPass.singleScalarCharacters("发挥y论，“12?4”") != nil)
}

@Test func hardWrappedLinesAreJoinedButStructureIsKept() throws {
    let (lines, _) = try run(HardWrapPass(), [
        "在全市工作会议上的讲话",
        "同志们：",
        "今天我们召开全市工作会议，主要目的是",
        "总结前一阶段的工作，部署下步任务。",
        "二、进一步拉高标杆、明确工作重点",
        "要着力提升城市功能品质，拉高标杆、对标一流，立足打造",
        "一要全面推进邻里中心建设。市委对此十分重视。",
        "这一句很短",
        "下一句。",
    ])
    #expect(lines == [
        "在全市工作会议上的讲话",
        "同志们：",
        "今天我们召开全市工作会议，主要目的是总结前一阶段的工作，部署下步任务。",
        "二、进一步拉高标杆、明确工作重点",
        "要着力提升城市功能品质，拉高标杆、对标一流，立足打造",
        "一要全面推进邻里中心建设。市委对此十分重视。",
        "这一句很短",
        "下一句。",
    ])
}

@Test func collectionHeadersAndPieceMarkersGoAndTitlesStay() throws {
    let (lines, report) = try run(CollectionMarkersPass(), [
        "在法治建设推进会议上的讲话(共5篇)",
        "在法治建设推进会议上的讲话 篇1",
        "第二篇:在文明城市创建工作推进会上的讲话",
        "篇3",
        "正文。",
    ])
    #expect(lines == ["在法治建设推进会议上的讲话", "在文明城市创建工作推进会上的讲话", "在法治建设推进会议上的讲话", "正文。"])
    #expect(report.removed.map(\.rule) == ["collection-header", "piece-marker", "piece-marker", "piece-marker"])
    #expect(report.removed.map(\.text) == ["在法治建设推进会议上的讲话(共5篇)", "篇1", "第二篇:", "篇3"])
}

@Test func aTitleWrappedOverTwoLinesIsJoined() throws {
    let (lines, _) = try run(TitleWrapPass(), ["在全区创建全国文明城市工作领导小组第八次会议暨包抓共建工作调度推进会议", "上的讲话", "同志们："])
    #expect(lines == ["在全区创建全国文明城市工作领导小组第八次会议暨包抓共建工作调度推进会议上的讲话", "同志们："])
    let (kept, _) = try run(TitleWrapPass(), ["一、提高站位", "上的讲话"])
    #expect(kept.count == 2)
}

/// On a page with a blank line between every two lines a title wrapped across one is joined
/// (the blank goes with its second piece); on a page that leaves blank lines only between some,
/// a blank line still parts them.
@Test func aTitleWrappedAcrossABlankLineIsJoinedOnADoubleSpacedPage() throws {
    let spaced = ["在全县城市市容环境综合整治工作动员大", "", "会上的讲话", "", "同志们：", "", "今天召开动员大会。", "", "主要任务是部署工作。", "",
                  "刚才几位同志作了发言。"]
    let (joined, _) = try run(TitleWrapPass(), spaced)
    #expect(joined == ["在全县城市市容环境综合整治工作动员大会上的讲话", "", "同志们：", "", "今天召开动员大会。", "", "主要任务是部署工作。", "",
                       "刚才几位同志作了发言。"])
    let single = ["在全县城市市容环境综合整治工作动员大", "", "会上的讲话", "同志们：", "今天召开动员大会。", "主要任务是部署工作。", "刚才几位同志作了发言。"]
    let (kept, _) = try run(TitleWrapPass(), single)
    #expect(kept == single)
    #expect(TitleWrapPass.isDoubleSpaced(spaced.map { SourceLine(number: 1, text: $0) }))
    #expect(!TitleWrapPass.isDoubleSpaced(single.map { SourceLine(number: 1, text: $0) }))
}

@Test func outlineItemsMissingFromTheBodyAreWarnedAbout() throws {
    let text = """
    目录/提纲:……
    一、提高站位
    二、强化保障
    ……
    在会上的讲话
    同志们：
    一、提高站位
    要认识到位。……(省略300字,正式会员可完整阅读)……
    """
    let result = try PlainTextReader.read(Array(text.utf8))
    let warnings = result.report.warnings.filter { $0.kind == "outline-mismatch" }
    #expect(warnings.count == 1)
    #expect(warnings.first?.line == 3)
    #expect(warnings.first?.message.contains("二、强化保障") == true)
}

/// An outline item is looked for in the body's bytes; an item or body holding a compatibility
/// ideograph (豈 U+F900 is 豈 U+8C48 to a string search) is still found as a string search finds it.
@Test func outlineItemsAreFoundAsAStringSearchFindsThem() {
    let body = [SourceLine(number: 1, text: "一、坚持问题导向，抓好落实"), SourceLine(number: 2, text: "二、\u{8C48}弟君子")]
    func warnings(_ items: [String]) -> [String] {
        var report = CleaningReport()
        report.outlineItems = items.enumerated().map { SourceLine(number: 10 + $0.offset, text: $0.element) }
        OutlineCrossCheck.warnAboutMissingItems(&report, body: body)
        return report.warnings.filter { $0.kind == "outline-mismatch" }.map(\.message)
    }
    // Found across a line's end and whatever the punctuation and spacing; missing ones warned.
    #expect(warnings(["抓好落实 二、", "坚持问题导向", "三、强化保障", "ABC"]).count == 2)
    let variant = "二、\u{F900}弟君子"
    #expect(variant.contains("\u{8C48}弟君子"), "a string search takes the two forms as one")
    #expect(warnings([variant]).isEmpty)
    #expect(OutlineCrossCheck.holdsCompatibilityIdeograph(Array("\u{F900}".utf8)))
    #expect(OutlineCrossCheck.holdsCompatibilityIdeograph(Array("a\u{2F800}".utf8)))
    #expect(!OutlineCrossCheck.holdsCompatibilityIdeograph(Array("\u{8C48}\u{20000}\u{FB00}".utf8)))
}

/// The one-scan keyword matcher answers as a memmem per keyword would, on lines built from the
/// keywords' own pieces (shared prefixes, one-byte needles, text at both ends).
@Test func keywordSetAgreesWithOneSearchPerKeyword() {
    let groups = [["。", "！"], ["讲话", "致辞", "讲"], ["-", "/", ">>"], ["上一篇", "上一页"], []]
    let set = KeywordSet(groups)
    let pieces = ["讲", "话", "致", "辞", "上一", "篇", "页", "。", "！", "-", ">", "/", "a", "发展", " "]
    var state: UInt64 = 42
    for _ in 0..<3000 {
        var line = ""
        for _ in 0..<(Int(state >> 60) + 1) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            line += pieces[Int(state >> 33) % pieces.count]
        }
        var expected: UInt32 = 0
        for (index, group) in groups.enumerated() where group.contains(where: { line.containsBytes($0) }) { expected |= 1 << index }
        #expect(set.matches(line) == expected, "“\(line)”")
    }
}

/// The built-in lexicon's furniture words, scanned in one pass, are found as one search per word
/// finds them: on lines of the words' own characters (so that most first characters are
/// followed by one that goes on into no word, or into another word), speech text, and words at
/// both ends.
@Test func furnitureKeywordsAgreeWithOneSearchPerWord() {
    let classes = Lexicon.builtIn.furnitureClasses.map(\.words)
    let set = Lexicon.builtIn.furnitureKeywords
    let words = classes.flatMap { $0 }
    let characters = Array(Set(words.flatMap { $0.map(String.init) }))
    var generator = SystemRandomNumberGenerator()
    var hits = 0
    for round in 0..<20_000 {
        var line = ""
        for _ in 0..<Int.random(in: 1...12, using: &generator) {
            switch Int.random(in: 0..<10, using: &generator) {
            case 0: line += words.randomElement(using: &generator)!
            case 1...6: line += characters.randomElement(using: &generator)!
            default: line += ["我们", "要", "，", "。", "发展", "a", "1"].randomElement(using: &generator)!
            }
        }
        if round % 100 == 0 { line = words.randomElement(using: &generator)! }
        var expected: UInt32 = 0
        for (index, group) in classes.enumerated() where group.contains(where: { line.containsBytes($0) }) { expected |= 1 << index }
        #expect(set.matches(line) == expected, "“\(line)”")
        if expected != 0 { hits += 1 }
    }
    #expect(hits > 2_000 && hits < 20_000)
}

/// The labeller's removal of furniture lines keeps the others in order, as `removeSubranges`
/// does: for random lines and random sets of indices, none, one, all, at both ends.
@Test func removingSortedIndicesKeepsTheRestInOrder() {
    var generator = SystemRandomNumberGenerator()
    for round in 0..<3_000 {
        let count = Int.random(in: 0...40, using: &generator)
        let lines = (0..<count).map { SourceLine(number: $0 + 1, text: "第\($0)行") }
        var indices = (0..<count).filter { _ in Int.random(in: 0..<3, using: &generator) == 0 }
        if round % 10 == 0 { indices = Array(0..<count) }
        var expected = lines
        expected.removeSubranges(RangeSet(indices, within: expected))
        var removed = lines
        PageLabeller.remove(sortedIndices: indices, from: &removed)
        #expect(removed == expected, "\(count) lines, removing \(indices)")
    }
}

@Test func garbledRunsBecomeAMarkAndGoToTheReport() throws {
    let (lines, report) = try run(DamagedTextPass(), ["你們？nèi)蝿谌卧梗H力親為，不辭勞苦。", "提出“三抓三？！钡目傋ナ？；", "正常的句子？对吗？"])
    #expect(lines == ["你們□力親為，不辭勞苦。", "提出“三抓三□；", "正常的句子？对吗？"])
    #expect(report.removed.map(\.rule) == ["garbled-text", "garbled-text"])
    #expect(report.removed.map(\.text) == ["？nèi)蝿谌卧梗H", "？！钡目傋ナ？"])
}

@Test func brokenEntitiesGoButLiteralOnesStay() throws {
    let (lines, report) = try run(HTMLRemnantPass(), ["刚刚辟建的&amam 工业园", "R&D投入和&amp;符号", "A&B公司", "新建的&amam\u{00A0}产业园"])
    #expect(lines == ["刚刚辟建的工业园", "R&D投入和&amp;符号", "A&B公司", "新建的产业园"])
    #expect(report.removed.map(\.text) == ["&amam", "&amam"])
}

/// A closing tag that lost its < goes; a path with the same letters, and a tag whole, are not
/// taken for one. Before a tag that ended the line, an unclosed bracket of question marks (the
/// element's text, lost by a decoder) goes with it; anywhere else, or with a letter in it, it stays.
@Test func closingTagsThatLostTheirBracketGoButPathsStay() throws {
    let (lines, report) = try run(HTMLRemnantPass(), ["交通系统治理工作讲话(?。?/h1>", "/p>各项任务要落实。", "网址是www.example.com/p>",
                                                      "比例为1/2>0.3", "落实</p>任务", "安全生产工作会议讲话（？？</h2>",
                                                      "讲话(?。?", "讲话(?。?/h1>任务", "讲话(一?/h1>", "这是为什么(?)</p>"])
    #expect(lines == ["交通系统治理工作讲话", "各项任务要落实。", "网址是www.example.com/p>", "比例为1/2>0.3", "落实任务",
                      "安全生产工作会议讲话", "讲话(?。?", "讲话(?。?任务", "讲话(一?", "这是为什么(?)"])
    #expect(report.removed.map(\.text) == ["/h1> (?。?", "/p>", "</p>", "</h2> （？？", "/h1>", "/h1>", "</p>"])
}

/// Mojibake made by the wrong decoder is restored when its bytes round trip exactly; the
/// inputs were made by reading real text with the wrong encoding (UTF-8 bytes of “中梗阻”问题
/// read as GB18030; GB18030 bytes of 会议强调要坚决破除形式主义 read from their second byte).
@Test func mojibakeIsRestoredWhenItsBytesRoundTrip() throws {
    let utf8AsGB = "会议指出，鈥滀腑姊楅樆鈥濋棶棰\u{FFFD}，要解决。"
    let shifted = "开幕词\u{FFFD}嵋榍康饕\u{E01B}峋銎瞥\u{E439}问街饕\u{FFFD}。"
    let (lines, report) = try run(MojibakeRepairPass(), [utf8AsGB, shifted])
    // A character whose bytes were cut by the lost ones is □.
    #expect(lines == ["会议指出，“中梗阻”问□\u{FFFD}，要解决。", "开幕词\u{FFFD}议强调要坚决破除形式主□\u{FFFD}。"])
    #expect(report.removed.map(\.rule) == ["mojibake-repair", "mojibake-repair"])
    #expect(report.removed.map(\.text) == ["鈥滀腑姊楅樆鈥濋棶棰", "嵋榍康饕\u{E01B}峋銎瞥\u{E439}问街饕"])
    #expect(report.warnings.map(\.kind) == ["mojibake-repair", "mojibake-repair"])
    #expect(report.warnings[1].message.contains("one byte off"))
}

@Test func realTextBesideLostBytesIsNotRepaired() throws {
    // Common text, rare characters that shift into nothing common, and no U+FFFD at all.
    let texts = ["发展\u{FFFD}要求高质量推进各项工作。", "琛眴栴鑫淼\u{FFFD}其他", "鈥滀腑姊楅樆鈥濋棶棰"]
    let (lines, report) = try run(MojibakeRepairPass(), texts)
    #expect(lines == texts)
    #expect(report.removed.isEmpty && report.warnings.isEmpty)
}

/// Each truncation phrase's prefilter keyword is in every alternative of its pattern: a phrase
/// whose keyword the prefilter never sees would never fire (issue 21).
@Test func truncationKeywordsCoverTheirPatterns() throws {
    for (keyword, pattern) in PaywallNoticePass.truncationPhrases {
        for alternative in pattern.split(separator: "|") { #expect(alternative.contains(keyword), "\(keyword): \(alternative)") }
    }
    for text in ["（未完，全文共5555字", "试读已结束，请登录", "剩余 300 字未读"] {
        var lines = [SourceLine(number: 1, text: "正文内容" + text)]
        var report = CleaningReport()
        PaywallNoticePass().apply(to: &lines, report: &report)
        #expect(lines.last?.text == "〔以下原文缺失〕", "\(text)")
    }
}

/// Lines split by their definition: at LF, CRLF and lone CR, numbered from 1, an empty last
/// line after a final line end dropped.
private func linesByDefinition(_ text: String) -> [String] {
    var lines: [String] = [], current: [Unicode.Scalar] = []
    let scalars = Array(text.unicodeScalars)
    var i = 0, ended = true
    while i < scalars.count {
        if scalars[i] == "\n" || scalars[i] == "\r" {
            lines.append(String(String.UnicodeScalarView(current)))
            current = []
            if scalars[i] == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" { i += 1 }
            ended = true
        } else {
            current.append(scalars[i])
            ended = false
        }
        i += 1
    }
    if !ended { lines.append(String(String.UnicodeScalarView(current))) }
    return lines
}

/// The splitter passes eight bytes of Chinese text at a time: line ends at every offset of
/// those words, CRLF cut across them, lone CRs and a text without a final line end.
@Test func splittingFindsEveryLineEndThroughChineseText() {
    let pieces = ["加强组织领导", "领", "，", "。", "\n", "\r\n", "\r", "a", " ", "👍"]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<3_000 {
        let text = randomText(pieces, lengths: 0...30, using: &generator)
        let lines = Cleaner.split(text)
        #expect(lines.map(\.text) == linesByDefinition(text), "\(Array(text.unicodeScalars.map(\.value)))")
        #expect(lines.map(\.number) == (0..<lines.count).map { $0 + 1 })
    }
}

/// The hard-wrap pass as it was written before it worked in place: a second array of lines, the
/// last kept line copied out, extended and put back. A heading takes the piece after it only
/// while it is one line (nothing joined to it yet), when the pieces joined before it tell how
/// wide the page's lines are.
private func hardWrapByDefinition(_ lines: [SourceLine]) -> [SourceLine] {
    var output: [SourceLine] = []
    var widths = HardWrapPass.WrapWidths()
    var grown = false
    for (index, line) in lines.enumerated() {
        if line.isBlank, let last = output.last, !last.isBlank, index + 1 < lines.count, !lines[index + 1].isBlank,
           HardWrapPass.leavesQuoteOpen(last.text), HardWrapPass.closesQuoteFirst(lines[index + 1].text) {
            continue
        }
        let runsOn = output.last.map { !$0.isBlank && !line.isBlank && $0.hint.joins(line.hint) && HardWrapPass.continues($0.text, with: line.text) } ?? false
        if runsOn { widths.record(lines[index - 1].text) }
        let endsHeading = !runsOn && !grown && output.last.map { !$0.isBlank && !line.isBlank && $0.hint.joins(line.hint) && widths.endsHeading($0.text, with: line.text) } ?? false
        grown = runsOn || endsHeading
        if var last = output.last, runsOn || endsHeading {
            let needsSpace = last.text.last.map { $0.isASCII && $0.isLetter } == true && line.text.first.map { $0.isASCII && $0.isLetter } == true
            last.text += (needsSpace ? " " : "") + line.text
            output[output.count - 1] = last
        } else {
            output.append(line)
        }
    }
    return output
}

@Test func hardWrapInPlaceKeepsWhatTheDefinitionKeeps() throws {
    let pieces = ["要着力提升城市功能品质，拉高标杆、对标一流，立足打造", "总结前一阶段的工作，部署下步任务。", "同志们：", "二、进一步拉高标杆、明确工作重点",
                  "大家围绕“弘扬善文化，推进新时代文明实践建设", "做文明有礼的城市人”这一主题展开讨论，形成共识", "", "",
                  "we should keep building the city and its", "people together", "这一句很短", "一要全面推进邻里中心建设，确保各项工作落到实处并",
                  "三、坚持系统观念，统筹推进城市更新和老旧小区改造的", "重点任务"]
    var generator = SystemRandomNumberGenerator()
    var headingsJoined = 0
    for iteration in 0..<4_000 {
        var texts = (0..<Int.random(in: 0...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
        // Every eighth page opens with four wrapped pieces and a wrapped heading.
        if iteration % 8 == 0 { texts = Array(repeating: pieces[0], count: 4) + pieces.suffix(2) + texts }
        var lines = texts.enumerated().map { SourceLine(number: $0.offset + 1, text: $0.element) }
        if !lines.isEmpty, Bool.random(using: &generator) { lines[Int.random(in: lines.indices, using: &generator)].hint.headingLevel = 2 }
        let expected = hardWrapByDefinition(lines)
        var report = CleaningReport()
        HardWrapPass().apply(to: &lines, report: &report)
        #expect(lines == expected, "\(texts)")
        if expected.contains(where: { $0.text.hasPrefix("三、") && $0.text.hasSuffix("重点任务") }) { headingsJoined += 1 }
    }
    // The wrapped heading was among the pages.
    #expect(headingsJoined > 0)
}

/// On a page whose lines were wrapped at a width, a heading as wide as them that ends no
/// sentence, followed by a short piece with no stop, is one heading cut in two.
@Test func aHeadingWrappedAtThePagesWidthIsJoined() throws {
    let wrapped = ["今天在这里召开全市城市管理工作动员大会，主要任务", "是分析形势，统一思想，对今年城市管理工作进行安排",
                   "部署，全面推进城市精细化、常态化管理，下面根据市", "委的意见，我讲三个方面的问题。"]
    let heading = "一、分析形势，充分认识市容环境综合整治工作的重要"
    let body = ["近年来，市委、市政府紧紧围绕创建目标，先后实施了", "一系列整治行动。"]
    #expect([wrapped[0], heading, body[0]].allSatisfy { $0.count == 24 })
    func read(_ texts: [String]) throws -> [String] { try run(HardWrapPass(), texts).0 }
    #expect(try read(wrapped + [heading, "性和紧迫感"] + body)
            == [wrapped.joined(), heading + "性和紧迫感", body.joined()])
    // A heading that fills its line exactly is followed by its paragraph's full first line.
    #expect(try read(wrapped + [heading] + body) == [wrapped.joined(), heading, body.joined()])
    // Fewer than three wrapped pieces before it say no width.
    #expect(try read(Array(wrapped.suffix(2)) + [heading, "性和紧迫感"])
            == [wrapped.suffix(2).joined(), heading, "性和紧迫感"])
    // A heading ending a sentence, or a piece holding one, is no heading cut in two.
    #expect(try read(wrapped + ["一、分析形势，充分认识市容环境综合整治工作的意义。", "性和紧迫感"]).count == 3)
    #expect(try read(wrapped + [heading, "要抓紧。"]).count == 3)
    // A short heading is no wrapped one.
    #expect(try read(wrapped + ["一、分析形势", "性和紧迫感"]).count == 3)
}

/// The reader's patterns run by ICU find what Swift's Regex (which ran them before) finds, on
/// lines built from the pieces they look for: the same first match and the same text after
/// every match is replaced. Lines here hold no combining marks, where the two engines'
/// units (code points, Characters) part.
@Test func theReadersPatternsMatchAsSwiftsRegexMatched() throws {
    let patterns = [HTMLRemnantPass.tag, HTMLRemnantPass.entity, HTMLRemnantPass.brokenEntity, HTMLRemnantPass.danglingTag, PaywallNoticePass.omission,
                    PaywallNoticePass.elision, PaywallNoticePass.truncation, DamagedTextPass.garbledRun]
        + Lexicon.builtIn.inlineNoise.map(\.pattern)
    let pieces = ["<p>", "</div>", "<br/>", "<font color=red>", "<义务教育法>", "&nbsp;", "nbsp;", "&#12288;", "&times;", "&amam",
                  "&amp;", "R&D", "/h1>", "/P>", "\u{00A0}", "……", "…", "...", "..", "（", "）", "(", ")", "省略", "695", "字", "略", "未完，", "全文共5555字",
                  "预览已结束", "剩余 120 字未读", "?nèi)", "？", "！", "?!", "蝿谌", "第2页/共5页", "第 ３ 页", "共", "页", "上一页 下一页",
                  "收藏《关于乡村振兴的讲话》", "本文格式为doc版，下载后可任意编辑和复制", "http://www.example.cn/a", "文章标题：", "标题:",
                  " ", "\u{3000}", "１２", "加强领导", "a", "Z", "。", "，", ":", "资料网 ", "替换", "名字", "《", "》", "\t", "·"]
    var generator = SystemRandomNumberGenerator()
    var matched = 0
    for _ in 0..<1_500 {
        let text = randomText(pieces, lengths: 1...8, using: &generator)
        for pattern in patterns {
            let regex = try Regex(pattern.source)
            let ours = pattern.firstMatch(in: text).map { text.utf8.distance(from: text.startIndex, to: $0.range.lowerBound)..<text.utf8.distance(from: text.startIndex, to: $0.range.upperBound) }
            let swifts = text.firstMatch(of: regex).map { text.utf8.distance(from: text.startIndex, to: $0.range.lowerBound)..<text.utf8.distance(from: text.startIndex, to: $0.range.upperBound) }
            #expect(ours == swifts, "\(pattern.source) on \(text)")
            #expect(pattern.matches(text) == (swifts != nil))
            let replaced = pattern.replacing(in: text) { "[" + String($0[0] ?? "") + "|" + String($0.groupCount > 1 ? $0[1] ?? "-" : "-") + "]" }
            let expected = text.replacing(regex) { match in
                "[" + String(match.output[0].substring ?? "") + "|" + String(match.output.count > 1 ? match.output[1].substring ?? "-" : "-") + "]"
            }
            #expect(replaced == expected, "\(pattern.source) on \(text)")
            if swifts != nil { matched += 1 }
        }
    }
    // The patterns were found often enough to mean something.
    #expect(matched > 1_000)
}

/// The byte-level character tests the damaged-text and pinyin passes use answer as the
/// comparisons they replace, over every scalar of the planes a page uses and clusters of them.
@Test func characterTestsOnBytesAnswerAsTheComparisonsTheyReplace() {
    var characters: [Character] = []
    for value in Array(0x00...0xFFFF) + Array(0x1F300...0x1F6FF) + Array(0x20000...0x2A6DF).filter({ $0 % 7 == 0 }) + [0x2F800, 0x3FFFF, 0x40000] {
        guard let scalar = Unicode.Scalar(value) else { continue }
        characters.append(Character(scalar))
    }
    // Clusters: a base with a combining mark, a variation selector or a keycap; emoji with ZWJ
    // (the characters a string of them makes).
    for base in ["(", "（", "?", "_", "a", "x", "漢", "\u{FFFD}", "1"] {
        for extender in ["\u{301}", "\u{FE00}", "\u{20E3}", "\u{200D}\u{1F600}", "\u{1F600}\u{200D}\u{1F600}"] {
            characters += Array(base + extender)
        }
    }
    characters.append("\r\n")
    let probes: [Unicode.Scalar] = ["(", ")", "（", "）", "?", "_", "\u{FFFD}"]
    for character in characters {
        for probe in probes {
            #expect(character.isScalar(probe) == (character == Character(probe)), "\(character.unicodeScalars.map { $0.value }) \(probe)")
        }
        #expect(character.startsWithHan == (character.unicodeScalars.first.map(CJK.isHan) == true), "\(character.unicodeScalars.map { $0.value })")
        if character != "\r\n" { #expect(character.asciiByte == character.asciiValue, "\(character.unicodeScalars.map { $0.value })") }
    }
    #expect(Character("\r\n").asciiByte == nil)
}

/// The pinyin pass, walking the line by index and copying between annotations, removes what a
/// plain walk over the line's characters removes, and leaves the same text, on lines built from
/// annotations' pieces: Han, both brackets, tone and plain letters, too many letters, combining
/// marks and clusters.
@Test func pinyinIsStrippedAsAWalkOverTheCharactersStripsIt() {
    func reference(_ text: String, removed: inout [String]) -> String {
        let chars = Array(text)
        var output = ""
        var index = 0
        while index < chars.count {
            let char = chars[index]
            if char == "(" || char == "（", index > 0, let scalar = chars[index - 1].unicodeScalars.first, CJK.isHan(scalar) {
                var end = index + 1
                var toned = false
                while end < chars.count, end - index <= 8 {
                    let letter = chars[end]
                    if PinyinAnnotationPass.toneLetters.contains(letter) { toned = true }
                    else if !PinyinAnnotationPass.plainLetters.contains(letter) { break }
                    end += 1
                }
                if toned, end < chars.count, chars[end] == ")" || chars[end] == "）", end > index + 1 {
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
    let pieces = ["鄉", "村", "(", "（", ")", "）", "xiāng", "cūn", "a", "ng", "ü", "u\u{308}", "a\u{304}", "abcdefgh", "ā",
                  "\u{301}", "，", " ", "1", "漢\u{FE00}", "é", "(xiāng)", "（chuàng）", "(app)", "鄉(cūn", "）村"]
    var state: UInt64 = 7
    var stripped = 0
    for _ in 0..<5000 {
        var line = ""
        for _ in 0..<(Int(state >> 59) + 2) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            line += pieces[Int(state >> 33) % pieces.count]
        }
        var expected: [String] = [], got: [String] = []
        let want = reference(line, removed: &expected)
        #expect(PinyinAnnotationPass.strip(line, removed: &got) == want, "“\(line)”")
        #expect(got == expected, "“\(line)”")
        if !expected.isEmpty { stripped += 1 }
    }
    #expect(stripped > 500, "the lines hold annotations to strip")
}

/// The punctuation pass's line of commas alone is rewritten on its bytes: on random lines of
/// Han, full-width punctuation, digits, number signs, Latin letters, commas in runs and the
/// starts of addresses, it gives what the scalar way gives, and declines every other line.
@Test func commaLinesRewrittenOnBytesAsOnScalars() {
    let pieces = ["中", "国", "发展", "，", "。", "、", ",", ",", ",", ",,", "1", "2", "3.15", "%", "-", "+", "/", "×", "a", "b",
                  "GDP", "http://", "www.", "ht", "w", "é", "（", "\t", ":", " ", "(", "\"", "😀", "一"]
    var generator = SystemRandomNumberGenerator()
    var fast = 0, declined = 0, changed = 0
    for _ in 0..<5_000 {
        let text = randomText(pieces, lengths: 1...12, using: &generator)
        let expected = PunctuationPass.normalize(text)
        if let bytes = PunctuationPass.commasOnly(text) {
            fast += 1
            if bytes != text { changed += 1 }
            #expect(bytes == expected, "\(text)")
            #expect(text.utf8.contains(0x2C) && !text.contains(" ") && !text.contains(":"))
        } else {
            declined += 1
        }
    }
    // Both ways were taken, and the bytes' way changed lines as well as kept them.
    #expect(fast > 300 && declined > 300 && changed > 100 && fast - changed > 50, "\(fast) \(declined) \(changed)")
}
