import Foundation
import Testing
import TestSupport
@testable import SpeechModel
@testable import SpeechReader

private func read(_ text: String) throws -> Speech {
    let result = try PlainTextReader.read(Array(text.utf8))
    #expect(result.speeches.count == 1)
    return result.speeches[0]
}

@Test func titleMetadataSalutationAndClosing() throws {
    let speech = try read("""
    在全县乡村振兴工作推进会上的讲话
    ——在更高起点上推进乡村全面振兴
    县委书记 李明
    （2024年3月12日）
    同志们：
    今天召开会议。
    谢谢大家！
    """)
    #expect(speech.metadata.title == "在全县乡村振兴工作推进会上的讲话")
    #expect(speech.metadata.subtitle == "——在更高起点上推进乡村全面振兴")
    #expect(speech.metadata.speaker == "县委书记 李明")
    #expect(speech.metadata.date == "2024年3月12日")
    #expect(speech.salutation == "同志们：")
    #expect(speech.closing == "谢谢大家！")
    #expect(speech.body == [.paragraph(Paragraph(text: "今天召开会议。"))])
}

@Test func headingLevelsFollowNestingNotFixedKinds() throws {
    let speech = try read("""
    在会上的讲话
    同志们：
    一、提高站位
    （一）抓产业
    1.抓龙头
    （二）抓环境
    二、强化保障
    1.抓责任
    """)
    #expect(speech.outline.map { "\($0.level)\($0.number)" } == ["1一、", "2（一）", "31.", "2（二）", "1二、", "21."])
}

@Test func ordinalHeadingsAreTopLevelWithoutChineseEnumeration() throws {
    let speech = try read("""
    在会上的讲话
    同志们：
    第一，坚持重点下沉。要将工作落实到基层。
    第二，强化督导指导。要打造载体。
    """)
    let outline = speech.outline
    #expect(outline.map(\.number) == ["第一，", "第二，"])
    #expect(outline.allSatisfy { $0.level == 1 })
    guard case .section(let first) = speech.body[0] else { Issue.record("no section"); return }
    #expect(first.heading.runsIn)
    #expect(first.heading.text == "坚持重点下沉。")
    #expect(first.children == [.paragraph(Paragraph(text: "要将工作落实到基层。"))])
}

/// An audience named with a colon is a salutation; a sentence of the speaker's that ends with a
/// colon is not, whatever comrades it names (the speaker never counts himself in his audience).
@Test func theSpeakersOwnSentencesEndingInAColonAreNoSalutation() {
    for salutation in ["同志们：", "各位领导、同志们：", "尊敬的各位来宾，女士们、先生们：", "各位委员:", "不忘初心主题教育们："] {
        #expect(Patterns.isSalutation(salutation), "\(salutation)")
    }
    for sentence in ["刚才，王军同志和李明同志作了部署，下面，我再强调三个方面：", "同志们，我讲三点意见：", "下面，我代表市委讲几点意见，请各位领导："] {
        #expect(!Patterns.isSalutation(sentence), "\(sentence)")
    }
}

/// A bilingual address names its audience in English on a line of its own, ending with a comma,
/// above the Chinese salutation: the two lines are the speech's salutation, and it reads back
/// from Markdown as one. A Latin line that names no audience, or holds a clause longer than a
/// name, is not part of it.
@Test func anAudienceNamedInEnglishAboveTheChineseOneIsPartOfTheSalutation() throws {
    let english = "Professor Mary Lee, Dr. John Smith, Distinguished Guests, Colleagues,"
    let speech = try read("""
    在2025届毕业典礼上的致辞
    \(english)
    各位老师、同学们：
    今天我们在这里相聚。
    """)
    #expect(speech.salutation == english + "各位老师、同学们：")
    #expect(Patterns.isSalutationRun(english + "各位老师、同学们："))
    #expect(Patterns.isSalutation("Ladies and gentlemen, dear friends,"))
    #expect(Patterns.isSalutation("PROF.WANG,GRADUATES,"))
    for line in ["Dr. Mary Lee, Prof. John Smith,", "leagues, Graduates, Parents,", "Dear friends, when we celebrate the achievement of this graduating class,",
                 "Colleagues, 同志们,", "各位来宾，"] {
        #expect(!Patterns.isSalutation(line), "\(line)")
    }
}

/// A template's date (2022年X月X日) is a date line like a real one, on a line of its own: read
/// as the speech's date, not as a second title that ends the speech (a page printed on one line
/// cuts it out of its line as a unit of its own).
@Test func aTemplatesDateWithPlaceholdersIsADateLine() throws {
    #expect(Patterns.dateLine("（2022年X月X日）") == "2022年X月X日")
    #expect(Patterns.dateLine("20XX年X月X日") == "20XX年X月X日")
    #expect(Patterns.dateLine("2023年8月16日") == "2023年8月16日")
    #expect(Patterns.dateLine("XX年终工作总结日") == nil)
    let speech = try read("""
    全县防汛工作推进会议主持词
    县长 XXX
    （2022年X月X日）
    同志们：
    现在开会。
    """)
    #expect(speech.metadata.date == "2022年X月X日")
    #expect(speech.salutation == "同志们：")
    #expect(speech.body == [.paragraph(Paragraph(text: "现在开会。"))])
}

/// A salutation that greets its audience (各位女士你们好：) is cut from the body glued after it,
/// as one that names it is.
@Test func aGreetingSalutationGluedToTheBodyIsCutFromIt() throws {
    let speech = try read("""
    在三八国际劳动妇女节座谈会上的致辞
    各位女士你们好：天时人事日相催，冬至阳生春又来。我们在这里欢聚一堂，共同庆祝节日。
    """)
    #expect(speech.salutation == "各位女士你们好：")
    #expect(speech.body.first == .paragraph(Paragraph(text: "天时人事日相催，冬至阳生春又来。我们在这里欢聚一堂，共同庆祝节日。")))
}

@Test func decimalsAndLongNumberedSentencesAreNotHeadings() {
    #expect(Patterns.heading("3.15消费者权益日要加强宣传。") == nil)
    #expect(Patterns.heading("2023年工作总结") == nil)
    #expect(Patterns.heading("1.抓龙头")?.number == "1.")
    #expect(Patterns.heading("（1）抓龙头")?.kind == .parenthesizedArabic)
    #expect(Patterns.heading("一、" + String(repeating: "很长", count: 40) + "。") == nil)
}

@Test func leadsAreShortClausesFollowedByText() {
    let inlines = InlineParser.inlines("产业兴旺是前提。一要明确主导产业。各乡镇要立足资源禀赋。二要壮大经营主体。今年新培育企业5家。")
    #expect(inlines == [
        .text("产业兴旺是前提。"),
        .lead(Lead(number: "一要", text: "明确主导产业。")),
        .text("各乡镇要立足资源禀赋。"),
        .lead(Lead(number: "二要", text: "壮大经营主体。")),
        .text("今年新培育企业5家。"),
    ])
}

@Test func itemsOfAListAreLeadsEach() {
    // Semicolon lists after a colon: every item leads.
    let list = "原因：一是认识不够到位；二是投入不够集中；三是机制不够健全。"
    #expect(InlineParser.inlines(list) == [
        .text("原因："), .lead(Lead(number: "一是", text: "认识不够到位；")), .lead(Lead(number: "二是", text: "投入不够集中；")),
        .lead(Lead(number: "三是", text: "机制不够健全。")),
    ])
    // Back-to-back one-sentence items.
    let items = "要评比排名。一是每周评比。二是每月考核。要压实责任。"
    #expect(InlineParser.inlines(items) == [
        .text("要评比排名。"), .lead(Lead(number: "一是", text: "每周评比。")), .lead(Lead(number: "二是", text: "每月考核。")),
        .text("要压实责任。"),
    ])
}

@Test func itemsOfOneSentenceAndLongUnbrokenSentencesAreNotLeads() {
    let sentence = "宣传上：一是要制作方案，二是要滚动播放，三是要全覆盖。"
    #expect(InlineParser.inlines(sentence) == [.text(sentence)])
    // Over 30 characters with no pause in the first 30: a sentence, not a heading-like clause.
    let long = "一是X个创建指挥部要坚持每周分别对三区X个街道办事处和X个乡镇进行评比排名。后文。"
    #expect(InlineParser.inlines(long) == [.text(long)])
    // Over 60 characters: not a lead even when built of phrases.
    let longer = "一是结构调整取得积极成效，" + String(repeating: "形成了具有特色的产业体系，", count: 5) + "成效明显。"
    #expect(InlineParser.inlines(longer) == [.text(longer)])
}

/// An item of a list — the next label right after its semicolon — leads up to 60 characters
/// even when it has no pause in its first 30 (a list of what is awarded, named one after the
/// other); the same clause with no item after it is a sentence, and 60 stays the most.
@Test func aLongItemOfAListLeadsWhenTheNextItemFollowsItsSemicolon() {
    let first = "表彰本年度先进基层党组织、农村党员致富增收标兵、优秀共产党员、优秀党务工作者和争先创优先进工作者；"
    let list = "会议的主要内容有三项：一是" + first + "二是先进党员代表作事迹报告；三是县委书记作主题报告。"
    #expect(InlineParser.inlines(list) == [
        .text("会议的主要内容有三项："), .lead(Lead(number: "一是", text: first)),
        .lead(Lead(number: "二是", text: "先进党员代表作事迹报告；")), .lead(Lead(number: "三是", text: "县委书记作主题报告。")),
    ])
    let alone = "会议的主要内容：一是" + first + "会议还将听取报告。"
    #expect(InlineParser.inlines(alone) == [.text(alone)])
    let tooLong = "会议的主要内容：一是" + String(repeating: "表彰先进基层党组织", count: 7) + "；二是听取报告；三是作主题报告。"
    #expect(InlineParser.inlines(tooLong).first == .text("会议的主要内容：一是" + String(repeating: "表彰先进基层党组织", count: 7) + "；"))
}

@Test func aClauseBuiltOfPhrasesLeadsUpToSixtyCharacters() {
    let text = "同时存在问题。一是干部群体中面临的最大问题就是官僚化的倾向，这种倾向会演化为代表性危机；干部人数不多。"
    #expect(InlineParser.inlines(text) == [
        .text("同时存在问题。"), .lead(Lead(number: "一是", text: "干部群体中面临的最大问题就是官僚化的倾向，这种倾向会演化为代表性危机；")),
        .text("干部人数不多。"),
    ])
}

@Test func ordinalAndSequenceLabelsLeadInRunningText() {
    #expect(InlineParser.inlines("体现在两个方面：第一，中央高度重视。第二，群众期盼。") == [
        .text("体现在两个方面："), .lead(Lead(number: "第一，", text: "中央高度重视。")), .lead(Lead(number: "第二，", text: "群众期盼。")),
    ])
    #expect(InlineParser.inlines("首先，感谢省厅的支持。其次是“宜居”。") == [
        .lead(Lead(number: "首先，", text: "感谢省厅的支持。")), .lead(Lead(number: "其次是", text: "“宜居”。")),
    ])
    // 第一次 is a count, 首先要 a verb phrase.
    for text in ["会议：第一次全体会议召开。", "首先要统一思想。"] { #expect(InlineParser.inlines(text) == [.text(text)]) }
}

@Test func aShortLabelledParagraphWithoutEndLeadsAsAWhole() {
    #expect(InlineParser.inlines("一是强化理论武装，深入学习") == [.lead(Lead(number: "一是", text: "强化理论武装，深入学习"))])
    // Inside running text an unterminated clause is not a lead.
    let tail = "问题如下。一是强化理论武装"
    #expect(InlineParser.inlines(tail) == [.text(tail)])
}

@Test func aLeadMayFollowAColon() {
    let text = "主要有三大特点：一是规格高。年初以中央名义发出通知，这在历史上还是第一次。"
    #expect(InlineParser.inlines(text) == [
        .text("主要有三大特点："), .lead(Lead(number: "一是", text: "规格高。")), .text("年初以中央名义发出通知，这在历史上还是第一次。"),
    ])
}

@Test func gapsAndTruncationReachTheModel() throws {
    let speech = try read("""
    在会上的讲话
    同志们：
    一、提高站位
    修订完善了
    ……(省略695字,正式会员可完整阅读)……
    职能关系不大。
    要抓好落实 ……(未完,全文共5555字,当前仅显示1950字,请阅读下面提示信息。
    收藏《在会上的讲话》)
    """)
    #expect(speech.truncated)
    #expect(speech.statistics.gaps == 1)
    #expect(speech.treeDump.contains("Gap omitted=695"))
    #expect(speech.isIncomplete)
}

@Test func onlyFurnitureIsNoSpeech() {
    #expect(throws: ReadError.noSpeech()) {
        try PlainTextReader.read(Array("您的位置:首页>>讲话>>正文\n注册  登陆\n客服微信号:abc\n".utf8))
    }
}

@Test func traditionalIsKeptOnRequest() throws {
    let text = "在全區工作會議上的講話\n同志們：\n今天召開會議。\n"
    let simplified = try PlainTextReader.read(Array(text.utf8))
    #expect(simplified.speeches[0].metadata.title == "在全区工作会议上的讲话")
    let kept = try PlainTextReader.read(Array(text.utf8), options: ReadOptions(keepScript: true))
    #expect(kept.speeches[0].metadata.title == "在全區工作會議上的講話")
}

// MARK: Samples and seeds

@Test(arguments: Repository.samples)
func cleaningIsIdempotentOnSamples(sample: URL) throws {
    let first = try PlainTextReader.read([UInt8](Data(contentsOf: sample)), options: .keepingCleanedLines)
    let cleanText = first.cleanedLines.map(\.text).joined(separator: "\n\n") + "\n"
    let second = try PlainTextReader.read(Array(cleanText.utf8), options: .keepingCleanedLines)
    #expect(second.cleanedLines.map(\.text) == first.cleanedLines.map(\.text))
    #expect(second.report.removed.isEmpty, "cleaning clean text removed \(second.report.removed)")
    #expect(second.speeches.map { $0.outline } == first.speeches.map { $0.outline })
    #expect(second.speeches.map(\.truncated) == first.speeches.map(\.truncated))
}

@Test func samplesCarryTheGenresStructure() throws {
    #expect(Repository.samples.count >= 3)
    for sample in Repository.samples {
        let result = try PlainTextReader.read([UInt8](Data(contentsOf: sample)), options: .keepingCleanedLines)
        let speech = try #require(result.speeches.first)
        #expect(Patterns.isTitleLike(speech.metadata.title), "\(sample.lastPathComponent): title \(speech.metadata.title)")
        #expect(speech.salutation != nil, "\(sample.lastPathComponent) has no salutation")
        #expect(speech.outline.contains { $0.kind == .heading }, "\(sample.lastPathComponent) has no headings")
        #expect(!result.report.removed.isEmpty, "\(sample.lastPathComponent) has no web noise")
    }
}

@Test(.enabled(if: Repository.sharedAvailable, "needs ../shared/seeds"))
func seed003HasTheGoldTitleSalutationAndOrdinalHeadings() throws {
    let seed = try #require(Repository.seed("003_"))
    let result = try PlainTextReader.read([UInt8](Data(contentsOf: seed)))
    #expect(result.speeches.count == 1)
    let speech = result.speeches[0]
    #expect(speech.metadata.title == "在全市“两城”联创工作调度会上的讲话")
    #expect(speech.salutation == "同志们：")
    let level1 = speech.outline.filter { $0.level == 1 && $0.kind == .heading }
    #expect(level1.map(\.number) == ["第一，", "第二，", "第三，"])
    #expect(level1.map(\.text) == ["坚持重点下沉，完善创建机制", "强化督导指导，丰富创建载体", "强化考核评比，压实创建责任"])
    #expect(!speech.isIncomplete)
    #expect(result.report.removed.contains { $0.text == "【打击倒卖活动】" })
}

/// The heading test as it read the line before it went to UTF-8 bytes: the line's scalar view,
/// Swift's own character count and its strings. The byte version must give the same answer.
private func headingByScalars(_ line: String) -> HeadingMatch? {
    guard let (kind, labelLength) = Patterns.headingLabel(line) else { return nil }
    let scalars = line.unicodeScalars
    guard let labelEnd = scalars.index(scalars.startIndex, offsetBy: labelLength, limitedBy: scalars.endIndex) else { return nil }
    let after = scalars[labelEnd...]
    guard let first = after.first else { return nil }
    if first.properties.isWhitespace, after.dropFirst().isEmpty { return nil }
    var end: String.UnicodeScalarView.Index?
    var scanned = 0
    var index = after.startIndex
    while index < after.endIndex {
        if ["。", "！", "？"].contains(after[index]) { end = index; break }
        scanned += 1
        if scanned > 4 * Patterns.maxHeadingLength { return nil }
        index = after.index(after: index)
    }
    let text = String(Substring(end.map { after[...$0] } ?? after)).trimmingSpaces
    let rest = String(Substring(end.map { after[after.index(after: $0)...] } ?? after[after.endIndex...])).trimmingSpaces
    guard !text.isEmpty, text.count <= Patterns.maxHeadingLength, !Array(text.utf8).contains(sequence: Array("；".utf8)) else { return nil }
    return HeadingMatch(kind: kind, number: String(Substring(scalars[..<labelEnd])), text: text, rest: rest)
}

private extension Array where Element == UInt8 {
    func contains(sequence: [UInt8]) -> Bool {
        guard count >= sequence.count else { return false }
        return (0...(count - sequence.count)).contains { self[$0..<($0 + sequence.count)].elementsEqual(sequence) }
    }
}

/// Lines made to trip the byte-level heading test: every label kind, spaces of several widths
/// around the sentence, combining marks and emoji (characters of several scalars), the three
/// stops and the semicolon, sentences near and past the longest heading, a label alone.
@Test func headingOnBytesAgreesWithTheScalarDefinition() {
    let labels = ["一、", "十二、", "第三，", "第一个问题：", "（二）", "(4)", "（12）", "1.", "3.15", "2、", "两、", "一", ""]
    let pieces = ["加强组织领导", "很", " ", "\u{3000}", "\t", "。", "！", "？", "；", "，", "\u{301}", "e\u{301}", "👍", "🇨🇳",
                  "a", "\n", "\u{200B}", "\u{FEFF}", String(repeating: "抓", count: 29), String(repeating: "落实", count: 31)]
    var generator = SystemRandomNumberGenerator()
    var headings = 0
    for _ in 0..<20_000 {
        let line = labels.randomElement(using: &generator)!
            + randomText(pieces, lengths: 0...6, using: &generator)
        let expected = headingByScalars(line)
        #expect(Patterns.heading(line) == expected, "\(Array(line.unicodeScalars.map(\.value)))")
        #expect(Patterns.headingLength(line) == expected.map(\.text.count), "\(Array(line.unicodeScalars.map(\.value)))")
        if expected != nil { headings += 1 }
    }
    // Both answers were asked often enough to mean something.
    #expect(headings > 2_000 && headings < 18_000)
}

/// The UTF-8 shortcuts for a line's scalars give what the scalar view gives: scalars of one to
/// four bytes, a string read back from an array and from slices of it.
@Test func scalarShortcutsAgreeWithTheScalarView() {
    let pieces = ["a", "é", "加", "，", "\u{301}", "👍", "🇨🇳", " ", "\u{3000}", "\u{FFFD}", "\u{10FFFF}", "\r\n", ""]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<5_000 {
        let text = randomText(pieces, lengths: 0...12, using: &generator)
        let scalars = text.scalarArray
        #expect(scalars == Array(text.unicodeScalars))
        #expect(String(scalars: scalars) == text)
        let cut = Int.random(in: 0...scalars.count, using: &generator)
        #expect(String(scalars: scalars[cut...]) == String(String.UnicodeScalarView(scalars[cut...])))
        #expect(String(scalars: scalars.lazy.filter { $0 != " " }) == String(String.UnicodeScalarView(scalars.filter { $0 != " " })))
    }
}

/// A byte set of ASCII bytes skips sixteen bytes at a time through Chinese text, and so does a
/// set of two-byte lead bytes (the tone letters'): each still finds a byte of the set at every
/// offset of those blocks, beside other two-byte letters; a set with a byte of Chinese text
/// (E4) never skips.
@Test func byteSetsFindTheirBytesAtEveryOffset() {
    let sets: [[UInt8]] = [[0x2C, 0x3F, 0x20], [0xC4, 0xC5], [0xC3, 0xC4, 0xC5, 0xC7], [0xC4, 0xE4]]
    let pieces = ["加强", "领导", "中", "，", "。", ",", "?", " ", "ā", "ǎ", "é", "д", "a", "👍", "ß"]
    var generator = SystemRandomNumberGenerator()
    var found = [Int](repeating: 0, count: sets.count)
    for _ in 0..<5_000 {
        let text = randomText(pieces, lengths: 0...24, using: &generator)
        let bytes = Array(text.utf8)
        for (index, set) in sets.enumerated() {
            let occurs = ByteSet(set).occurs(in: text)
            #expect(occurs == bytes.contains { set.contains($0) }, "\(set) in \(text)")
            #expect(ByteSet(where: { set.contains($0) }).occurs(in: text) == occurs)
            if occurs { found[index] += 1 }
        }
    }
    #expect(found.allSatisfy { $0 > 1_000 && $0 < 5_000 })
}

/// The scan for U+FFC0–U+FFFF (bytes EF BF) flags every text that holds one, wherever the two
/// bytes fall, and never a text without an EF byte; full-width forms (EF BC …) and characters
/// with a BF byte elsewhere (U+FFBF, U+FEFF: BF bytes the scan hops to) stand beside them.
@Test func theSpecialsScanFindsEFBFAtEveryOffset() {
    let pieces = ["加强", "中", "，", "。", "a", " ", "\u{FFFD}", "\u{FFFE}", "\u{FFC0}", "\u{FFBF}", "\u{FEFF}", "！", "👍", "é", "\u{0FBF}"]
    var generator = SystemRandomNumberGenerator()
    var flagged = 0
    for _ in 0..<20_000 {
        let text = randomText(pieces, lengths: 0...12, using: &generator)
        let bytes = Array(text.utf8)
        let holds = bytes.indices.dropLast().contains { bytes[$0] == 0xEF && bytes[$0 + 1] == 0xBF }
        if holds { #expect(text.mayHoldSpecials, "\(Array(text.unicodeScalars))") }
        if !bytes.contains(0xEF) { #expect(!text.mayHoldSpecials, "\(Array(text.unicodeScalars))") }
        if text.mayHoldSpecials { flagged += 1 }
    }
    #expect(flagged > 5_000 && flagged < 20_000)
}

/// The body's top level is made with room for every line once; a body in sections keeps only
/// the room its top-level blocks take, and the blocks are those appended, in order.
@Test func theSectionBuilderReservesOnceAndKeepsOnlyWhatItHolds() {
    var flat = SectionBuilder()
    flat.reserve(1_000)
    for n in 0..<1_000 { flat.append(.paragraph(Paragraph(text: "第\(n)段。"))) }
    let flatBlocks = flat.finish()
    #expect(flatBlocks.count == 1_000)
    #expect(flatBlocks.enumerated().allSatisfy { $0.element == .paragraph(Paragraph(text: "第\($0.offset)段。")) })

    var sectioned = SectionBuilder()
    sectioned.reserve(1_000)
    sectioned.append(.paragraph(Paragraph(text: "开头。")))
    for n in 0..<10 {
        sectioned.open(Heading(level: 1, number: "\(n)、", text: "标题"))
        for m in 0..<99 { sectioned.append(.paragraph(Paragraph(text: "第\(m)段。"))) }
    }
    let blocks = sectioned.finish()
    #expect(blocks.count == 11)
    #expect(blocks.capacity <= 2 * blocks.count + 16)
    #expect(blocks.first == .paragraph(Paragraph(text: "开头。")))
    if case .section(let last) = blocks.last {
        #expect(last.heading.number == "9、" && last.children.count == 99)
    } else {
        Issue.record("the last block is not a section")
    }
}

/// The byte-first tests give what the Character and byte-view tests give for every prefix,
/// suffix and mark list the reader hands them, on lines built to trip them: the words themselves, combining
/// marks after them (then a byte prefix is no Character prefix), U+037E (canonically ;), a
/// compatibility ideograph, CR LF, emoji; and each word is its own canonical form.
@Test func byteFirstTextTestsAgreeWithTheCharacterTests() {
    let prefixes = OutlineBlockPass.openers + TitleWrapPass.continuationStarts + Patterns.salutationOpenings + ["——", "--"]
    let suffixes = Patterns.salutationEndings + ["日"]
    for word in prefixes + suffixes + TitleWrapPass.clauseMarks.map(String.init) {
        #expect(word.decomposedStringWithCanonicalMapping.utf8.elementsEqual(word.utf8), "\(word)")
        #expect(word.precomposedStringWithCanonicalMapping.utf8.elementsEqual(word.utf8), "\(word)")
    }
    let pieces = prefixes + suffixes + ["\u{301}", "\u{20DD}", "\u{37E}", ";", "，", "。", "\u{F9D2}", "\r\n", "👍", "加强", "a", " ", ""]
    var generator = SystemRandomNumberGenerator()
    var agreedTrue = 0
    for _ in 0..<20_000 {
        let prefix = prefixes.randomElement(using: &generator)!, suffix = suffixes.randomElement(using: &generator)!
        // Half the lines open with the prefix, half end with the suffix, before any mark after it.
        let text = (Bool.random(using: &generator) ? prefix : "")
            + randomText(pieces, lengths: 0...5, using: &generator)
            + (Bool.random(using: &generator) ? suffix : "")
            + (Int.random(in: 0..<4, using: &generator) == 0 ? "\u{301}" : "")
        #expect(text.hasTextPrefix(prefix) == text.hasPrefix(prefix), "\(Array(text.unicodeScalars.map(\.value))) \(prefix)")
        #expect(text.bytesStart(with: prefix) == text.utf8.starts(with: prefix.utf8))
        #expect(text.bytesEnd(with: suffix) == Array(text.utf8).hasByteSuffix(Array(suffix.utf8)))
        let marks = text.containsAnyCharacter(of: TitleWrapPass.clauseMarks)
        #expect(marks == text.contains(where: { TitleWrapPass.clauseMarks.contains($0) }), "\(Array(text.unicodeScalars.map(\.value)))")
        if text.hasPrefix(prefix) { agreedTrue += 1 }
    }
    // Both answers were asked often enough to mean something.
    #expect(agreedTrue > 5_000 && agreedTrue < 15_000)
}

/// A text's comparable key read off its bytes keeps exactly the scalars `CJK.isComparable`
/// keeps: scalars at every edge of its ranges, of one to four bytes.
@Test func comparableKeysOnBytesKeepWhatTheScalarTestKeeps() {
    let edges: [UInt32] = [0x2F, 0x30, 0x39, 0x3A, 0x40, 0x41, 0x5A, 0x5B, 0x60, 0x61, 0x7A, 0x7B, 0xE9, 0x7FF, 0x800,
                           0x3000, 0x33FF, 0x3400, 0x4DBF, 0x4DC0, 0x4DFF, 0x4E00, 0x9FFF, 0xA000, 0xF8FF, 0xF900, 0xFAFF,
                           0xFB00, 0xFF0C, 0xFFFD, 0x10000, 0x1F44D, 0x1FFFF, 0x20000, 0x2A6DF, 0x3FFFF, 0x40000, 0x10FFFF]
    let scalars = edges.compactMap(Unicode.Scalar.init)
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<5_000 {
        var text = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...16, using: &generator) { text.append(scalars.randomElement(using: &generator)!) }
        let string = String(text)
        let expected = string.unicodeScalars.filter(CJK.isComparable).flatMap { Array(String($0).utf8) }
        #expect(string.comparableKeyBytes == expected, "\(Array(string.unicodeScalars.map(\.value)))")
        #expect(string.comparableKey == String(decoding: expected, as: UTF8.self))
    }
}

/// A page's title glued before the document's own, the two alike but for a character or two:
/// the fuller copy is the title and the other is reported; titles that only look alike stay.
@Test func aTitleWrittenTwiceInARowKeepsItsFullerCopy() throws {
    // No title word to cut after (the document's title is itself cut short): the whole page on one line.
    let page = "2024全县乡村振兴“三大工程”推进行动2024年全县乡村振兴“三大工程”推进行动各位领导、同志们：今天我们召开全县乡村振兴工作推进会，研究部署今年的重点工作。谢谢大家！"
    let result = try PlainTextReader.read(Array(page.utf8))
    #expect(result.speeches.map(\.metadata.title) == ["2024年全县乡村振兴“三大工程”推进行动"])
    #expect(result.speeches.first?.salutation == "各位领导、同志们：")
    #expect(result.report.removed.map(\.rule) == ["doubled-title"])
    #expect(result.report.removed.first?.text == "2024全县乡村振兴“三大工程”推进行动")

    #expect(TitleText.undoubled("全县安全生产工作会议讲话全县安全生产工作会议讲话")! == ("全县安全生产工作会议讲话", "全县安全生产工作会议讲话"))
    #expect(TitleText.undoubled("全县安全生产会议上的讲话全县安全生产会议讲话")! == ("全县安全生产会议上的讲话", "全县安全生产会议讲话"))
    for text in ["全县安全生产工作会议讲话（一）全县安全生产工作会议讲话（二）", // neither copy holds the other
                 "讲话讲话讲话讲话", "在全县安全生产工作会议上的讲话",
                 "全县安全生产工作会议讲话。全县安全生产工作会议讲话。",           // sentences
                 "乡村振兴讲话在全县安全生产工作会议上的讲话"] {                  // lengths far apart
        #expect(TitleText.undoubled(text) == nil, "\(text)")
    }
}

/// A collection's piece marker (…篇2, …范文一, 第三篇：) is read from the line's last five
/// characters, or its first ones after 第: the same as from all its characters, on random lines
/// with markers, numbers, combining marks and prose around them.
@Test func pieceMarkersReadFromTheEndsAreThoseOfTheWholeLine() {
    // The tests read on all of the line's characters, as they were before the window.
    func byAllCharacters(_ text: String) -> String? {
        TitleText.trailingPieceMarker(Array(text)) ?? TitleText.leadingPieceMarker(Array(text))
    }
    let pieces = ["篇", "范", "文", "第", "1", "2", "一", "三", "：", ":", " ", "讲话", "的", "e\u{301}", "\u{301}", "١"]
    var generator = SystemRandomNumberGenerator()
    var found = 0
    for _ in 0..<30_000 {
        let text = randomText(pieces, lengths: 0...9, using: &generator)
        let expected = byAllCharacters(text)
        if expected != nil { found += 1 }
        #expect(TitleText.pieceMarker(in: text) == expected, "\(text)")
    }
    #expect(found > 300)
}

/// A page flattened into one line keeps a space where each paragraph ended. A heading glued to
/// a body that opens with a quotation (…的必由之路 “十四五”以来，…) ends at that space: the
/// punctuation pass keeps a space between a Han character and an opening mark for the segmenter,
/// which drops what it does not cut at (坚持 “两个毫不动摇” reads 坚持“两个毫不动摇”).
@Test func aHeadingGluedToABodyThatOpensWithAQuotationEndsAtTheSpace() throws {
    let prose = String(repeating: "全市上下聚焦主责主业，狠抓工作落实，各项指标稳中有进，", count: 6)
    let page = "在全市工业经济工作会议上的讲话\n同志们：\n"
        + "下面，我讲三点意见。 一、统一思想，提高认识，切实增强加快工业发展的责任感 "
        + "(一)推进产业转型升级,是实现高质量发展的必由之路 “十四五”以来，" + prose + "我们要始终坚持 “两个毫不动摇”，推动民营经济发展。 "
        + "(二)优化营商环境是加快发展的重要保障 今年以来，" + prose + "成效明显。\n"
    let speech = try read(page)
    #expect(speech.outline.map { "\($0.level)\($0.number)\($0.text)" }
            == ["1一、统一思想，提高认识，切实增强加快工业发展的责任感", "2（一）推进产业转型升级，是实现高质量发展的必由之路",
                "2（二）优化营商环境是加快发展的重要保障"])
    func paragraphs(_ blocks: [Block]) -> [String] {
        blocks.flatMap { block -> [String] in
            switch block {
            case .paragraph(let paragraph): return [paragraph.plainText]
            case .section(let section): return paragraphs(section.children)
            case .gap: return []
            }
        }
    }
    let paragraphs = paragraphs(speech.body)
    #expect(paragraphs.contains { $0.hasPrefix("“十四五”以来，全市上下") }, "\(paragraphs)")
    #expect(paragraphs.contains { $0.contains("我们要始终坚持“两个毫不动摇”，推动") }, "\(paragraphs)")
    #expect(!paragraphs.contains { $0.contains(" ") }, "\(paragraphs)")
}

@Test func spacesBesideFullWidthPunctuationGoButBeforeAnOpeningMarkAfterHan() {
    func dropped(_ text: String, keeping: Bool = true) -> String {
        PunctuationPass.dropSpacesAroundFullWidth(Array(text.unicodeScalars), keepingBeforeOpeningMarks: keeping)
    }
    #expect(dropped("同志们 ：") == "同志们：")
    #expect(dropped("发展。 “十四五”以来") == "发展。“十四五”以来")
    #expect(dropped("必由之路  “十四五”以来") == "必由之路  “十四五”以来")
    #expect(dropped("必由之路 《纲要》") == "必由之路 《纲要》")
    #expect(dropped("必由之路 ” 以来") == "必由之路”以来")
    #expect(dropped("必由之路 “十四五”以来", keeping: false) == "必由之路“十四五”以来")
    #expect(PunctuationPass.droppingSpacesBeforeOpeningMarks("坚持 “两个毫不动摇” 和 Word 2016") == "坚持“两个毫不动摇”和 Word 2016")
}

/// In a page on one line, a heading label after a sentence end starts a unit, whatever space
/// stands between them: the punctuation pass drops an ASCII space after 。 but leaves an
/// ideographic one (成效。　1、抓发动), and both cut the same.
@Test func aHeadingAfterASentenceEndCutsAcrossAnIdeographicSpace() throws {
    let prose = String(repeating: "各部门主动作为，全员参与，各项工作扎实推进，", count: 8)
    for space in [" ", "\u{3000}", "\u{3000}\u{3000}", ""] {
        let page = "在全市招商引资工作会议上的讲话\n同志们：\n一、精心组织，强力推进，招商引资活动取得了明显成效\n"
            + prose + "取得了明显成效。" + space + "1、抓发动，全员参与的格局进一步形成。" + prose + "成效明显。\n"
        let speech = try read(page)
        #expect(speech.outline.map { "\($0.level)\($0.number)\($0.text)" }
                == ["1一、精心组织，强力推进，招商引资活动取得了明显成效", "21、抓发动，全员参与的格局进一步形成"],
                "space \(space.unicodeScalars.map { String($0.value, radix: 16) })")
    }
}
