import Testing
@testable import SpeechModel

private func sampleSpeech() -> Speech {
    Speech(
        metadata: Metadata(title: "在全县工作会议上的讲话", speaker: "张三", date: "2024年3月12日"),
        salutation: "同志们：",
        body: [
            .paragraph(Paragraph(text: "今天召开会议。")),
            .section(Section(heading: Heading(level: 1, number: "一、", text: "提高站位。", runsIn: true), children: [
                .paragraph(Paragraph([.text("要认识到位。"), .lead(Lead(number: "一要", text: "明确目标。")), .text("目标要具体。")])),
                .section(Section(heading: Heading(level: 2, number: "（一）", text: "抓产业"), children: [
                    .paragraph(Paragraph([.lead(Lead(number: "一是", text: "壮大主体。")), .text("要培育龙头。")])),
                    .gap(Gap(omittedCharacters: 695)),
                ])),
            ])),
        ],
        closing: "谢谢大家！",
        truncated: false
    )
}

@Test func outlineListsHeadingsAndLeadsInOrderWithLeadLevelsBelowTheirHeading() {
    let outline = sampleSpeech().outline
    #expect(outline == [
        OutlineEntry(level: 1, kind: .heading, number: "一、", text: "提高站位"),
        OutlineEntry(level: 2, kind: .lead, number: "一要", text: "明确目标"),
        OutlineEntry(level: 2, kind: .heading, number: "（一）", text: "抓产业"),
        OutlineEntry(level: 3, kind: .lead, number: "一是", text: "壮大主体"),
    ])
}

@Test func leadOutsideAnySectionIsLevelOne() {
    let speech = Speech(metadata: Metadata(title: "t"), body: [.paragraph(Paragraph([.lead(Lead(number: "一是", text: "好。"))]))])
    #expect(speech.outline.map(\.level) == [1])
}

@Test func statisticsCountParagraphsCharactersAndGaps() {
    let statistics = sampleSpeech().statistics
    #expect(statistics.paragraphs == 3)
    #expect(statistics.gaps == 1)
    // 同志们：(4) 今天召开会议。(7) 一、提高站位。(7) 要认识到位。一要明确目标。目标要具体。(19)
    // （一）抓产业(6) 一是壮大主体。要培育龙头。(13) 谢谢大家！(5)
    #expect(statistics.characters == 4 + 7 + 7 + 19 + 6 + 13 + 5)
}

@Test func gapMarkerRoundTrips() {
    #expect(Gap(omittedCharacters: 695).marker == "〔此处原文缺失约695字〕")
    #expect(Gap(marker: "〔此处原文缺失约695字〕") == Gap(omittedCharacters: 695))
    #expect(Gap(marker: "〔此处原文缺失〕") == Gap())
    #expect(Gap(marker: "〔此处原文缺失约字〕") == nil)
    #expect(Gap(marker: "此处原文缺失") == nil)
}

@Test func sentenceDropsOneClosingFullStopOnly() {
    #expect(Heading(level: 1, number: "一、", text: "提高站位，增强责任。").sentence == "提高站位，增强责任")
    #expect(Heading(level: 1, number: "一、", text: "什么是提质工程？").sentence == "什么是提质工程？")
    #expect(Lead(number: "一要", text: "明确目标。").sentence == "明确目标")
}

@Test func incompletenessFollowsGapsAndTruncation() {
    var speech = sampleSpeech()
    #expect(speech.isIncomplete)
    speech.body = [.paragraph(Paragraph(text: "完整。"))]
    #expect(!speech.isIncomplete)
    speech.truncated = true
    #expect(speech.isIncomplete)
}

@Test func treeDumpShowsTheWholeShape() {
    let expected = """
    Speech title="在全县工作会议上的讲话" speaker="张三" date="2024年3月12日" truncated=false
    ├─ Salutation "同志们："
    ├─ Paragraph "今天召开会议。"
    ├─ Section 1 "一、" "提高站位。" run-in
    │  ├─ Paragraph "要认识到位。" [Lead "一要" "明确目标。"] "目标要具体。"
    │  └─ Section 2 "（一）" "抓产业"
    │     ├─ Paragraph [Lead "一是" "壮大主体。"] "要培育龙头。"
    │     └─ Gap omitted=695
    └─ Closing "谢谢大家！"

    """
    #expect(sampleSpeech().treeDump == expected)
}

@Test func walkerVisitsInDocumentOrderWithEnclosingHeadings() {
    struct Recorder: SpeechWalker {
        var events: [String] = []
        mutating func visitSalutation(_ text: String) { events.append("salutation") }
        mutating func visitHeading(_ heading: Heading, enclosing: [Heading]) { events.append("h\(heading.level)/\(enclosing.count)") }
        mutating func visitParagraph(_ paragraph: Paragraph, enclosing: [Heading]) { events.append("p/\(enclosing.count)") }
        mutating func visitGap(_ gap: Gap, enclosing: [Heading]) { events.append("gap/\(enclosing.count)") }
        mutating func leaveSection(_ section: Section, enclosing: [Heading]) { events.append("leave\(section.heading.level)") }
        mutating func visitClosing(_ text: String) { events.append("closing") }
    }
    var recorder = Recorder()
    recorder.walk(sampleSpeech())
    #expect(recorder.events == ["salutation", "p/0", "h1/0", "p/1", "h2/1", "p/2", "gap/2", "leave2", "leave1", "closing"])
}

@Test func collectionKeepsEachSpeechsOwnMetadata() {
    let one = sampleSpeech()
    var two = sampleSpeech()
    two.metadata.title = "第二篇讲话"
    let collection = SpeechCollection(title: "汇编", author: "办公室", speeches: [one, two])
    #expect(collection.speeches.map(\.metadata.title) == ["在全县工作会议上的讲话", "第二篇讲话"])
    #expect(collection.author == "办公室")
}

@Test func textPiecesFollowReadingOrder() {
    let speech = Speech(metadata: Metadata(title: "标题"), salutation: "同志们：", body: [
        .paragraph(Paragraph([.lead(Lead(number: "一要", text: "明确目标。")), .text("正文"), .emphasis("着重")])),
        .section(Section(heading: Heading(level: 1, number: "一、", text: "提高站位"), children: [.gap(Gap(omittedCharacters: 5))])),
    ], closing: "谢谢大家！")
    #expect(speech.textPieces == ["同志们：", "一要明确目标。", "正文", "着重", "一、提高站位", "〔此处原文缺失约5字〕", "谢谢大家！"])
}

/// The scalar shortcut of droppingSentenceEnd gives what the character-by-character definition
/// gives, on endings made to trip it: marks and variation selectors after a sentence end, a
/// space with a combining mark, Prepend and ZWJ before a last character, CR LF, full-width stops.
@Test func droppingSentenceEndsShortcutAgreesWithTheDefinition() {
    let pieces: [String] = ["一", "加强组织领导", "。", "．", ".", " ", "\u{3000}", "\n", "\r\n", "\u{301}", "\u{FE0F}", "\u{200D}",
                            "\u{600}", "a", "!", "，", "》", "\u{302A}", "\u{FF9E}", "👍", "\u{1F3FB}", "é", "\u{1100}", "\u{AC00}"]
    var generator = SystemRandomNumberGenerator()
    var shortcut = 0
    for _ in 0..<20_000 {
        let text = (0..<Int.random(in: 0...4, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        let expected = Punctuation.droppingSentenceEndByCharacters(text)
        #expect(Punctuation.droppingSentenceEnd(text) == expected, "\(Array(text.unicodeScalars.map(\.value)))")
        if let last = text.unicodeScalars.last, last.value >= 0x4E00 || last == "。" { shortcut += 1 }
    }
    #expect(shortcut > 1_000)
    #expect(Punctuation.droppingSentenceEnd("一要明确创建目标。") == "一要明确创建目标")
    #expect(Punctuation.droppingSentenceEnd("加强组织领导 ") == "加强组织领导")
}

/// A paragraph's runs read as the array they were made from, however they are held (one plain
/// run as its string, anything else as an array): same elements, count, equality and hash.
@Test func inlinesReadAsTheArrayTheyWereMadeFrom() {
    let arrays: [[Inline]] = [
        [], [.text("今天召开会议。")], [.text("")], [.emphasis("重点")], [.damaged("??")],
        [.lead(Lead(number: "一要", text: "明确目标。"))],
        [.text("要认识到位。"), .lead(Lead(number: "一要", text: "明确目标。")), .text("目标要具体。")],
        [.text("甲"), .text("乙")],
    ]
    for array in arrays {
        let inlines = Inlines(array)
        #expect(Array(inlines) == array)
        #expect(inlines.count == array.count)
        #expect(inlines.first == array.first)
        #expect(Paragraph(array) == Paragraph(inlines))
        for other in arrays {
            #expect((Inlines(other) == inlines) == (other == array))
        }
    }
    // A plain run held as a string equals the same run held in an array, and hashes alike.
    let plain = Inlines(text: "今天召开会议。")
    var held = Inlines([])
    held.storage = .runs([.text("今天召开会议。")])
    #expect(plain == held)
    #expect(Set([plain, held]).count == 1)
    #expect(Paragraph(text: "今天召开会议。").inlines == [.text("今天召开会议。")])
    #expect(Paragraph(text: "今天召开会议。").plainText == "今天召开会议。")
}

/// `Quoting.json` passes text with nothing to escape through whole: for texts made of what it
/// escapes and what it keeps (controls, quote, backslash, U+2028/2029 and their near
/// neighbours in UTF-8, Chinese, “”), it gives what the scalar-by-scalar quoting gives.
@Test func jsonQuotingKeepsTextWithNothingToEscape() {
    let pieces: [String] = ["讲话", "a", "\"", "\\", "\n", "\r", "\t", "\u{1}", "\u{1F}", " ", "\u{7F}", "\u{2028}", "\u{2029}",
                            "\u{2027}", "\u{202A}", "“", "”", "…", "—", "\u{E000}", "😀", "é"]
    var generator = SystemRandomNumberGenerator()
    var kept = 0
    for round in 0..<20_000 {
        let count = round == 0 ? 0 : Int.random(in: 1...8, using: &generator)
        let text = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
        #expect(Quoting.json(text) == Quoting.jsonByScalars(text), "\(Array(text.unicodeScalars))")
        if Quoting.jsonKeepsAsIs(text) { kept += 1 }
    }
    // Both ways were taken.
    #expect(kept > 100 && kept < 19_900)
    #expect(Quoting.json("/work/讲话 “一”.txt") == "\"/work/讲话 “一”.txt\"")
}

/// The walks keep the headings above in one array that grows and shrinks: on random bodies of
/// nested sections (run-in headings, paragraphs, gaps, empty sections), both walkers visit what
/// the definition visits (each section's children walked with the headings above plus its
/// own), in order, with the same headings above each visit.
@Test func walksVisitWhatTheDefinitionVisits() throws {
    struct Recorder: SpeechWalker {
        var events: [String] = []
        mutating func visitHeading(_ heading: Heading, enclosing: [Heading]) { events.append("h \(heading.number) / \(enclosing.map(\.number))") }
        mutating func visitParagraph(_ paragraph: Paragraph, enclosing: [Heading]) { events.append("p \(paragraph.plainText) / \(enclosing.map(\.number))") }
        mutating func visitGap(_ gap: Gap, enclosing: [Heading]) { events.append("g / \(enclosing.map(\.number))") }
        mutating func leaveSection(_ section: Section, enclosing: [Heading]) { events.append("l \(section.heading.number) / \(enclosing.map(\.number))") }
    }
    struct ThrowingRecorder: ThrowingSpeechWalker {
        var events: [String] = []
        mutating func visitHeading(_ heading: Heading, runIn: Paragraph?, enclosing: [Heading]) throws {
            events.append("h \(heading.number) \(runIn?.plainText ?? "-") / \(enclosing.map(\.number))")
        }
        mutating func visitParagraph(_ paragraph: Paragraph, enclosing: [Heading]) throws { events.append("p \(paragraph.plainText) / \(enclosing.map(\.number))") }
        mutating func visitGap(_ gap: Gap, enclosing: [Heading]) throws { events.append("g / \(enclosing.map(\.number))") }
        mutating func leaveSection(_ section: Section, enclosing: [Heading]) throws { events.append("l \(section.heading.number) / \(enclosing.map(\.number))") }
    }
    // The definitions, by recursion with a new array of headings for each section.
    func expected(_ blocks: [Block], _ enclosing: [Heading], throwing: Bool) -> [String] {
        var events: [String] = []
        for block in blocks {
            switch block {
            case .paragraph(let paragraph): events.append("p \(paragraph.plainText) / \(enclosing.map(\.number))")
            case .gap: events.append("g / \(enclosing.map(\.number))")
            case .section(let section):
                var children = section.children
                var runIn = "-"
                if throwing, section.heading.runsIn, case .paragraph(let first)? = children.first {
                    runIn = first.plainText
                    children.removeFirst()
                }
                events.append("h \(section.heading.number)" + (throwing ? " \(runIn)" : "") + " / \(enclosing.map(\.number))")
                events += expected(children, enclosing + [section.heading], throwing: throwing)
                events.append("l \(section.heading.number) / \(enclosing.map(\.number))")
            }
        }
        return events
    }
    var generator = SystemRandomNumberGenerator()
    var counter = 0
    func blocks(depth: Int) -> [Block] {
        (0..<Int.random(in: 0...4, using: &generator)).map { _ in
            counter += 1
            switch Int.random(in: 0..<(depth < 4 ? 3 : 2), using: &generator) {
            case 0: return .paragraph(Paragraph(text: "段\(counter)"))
            case 1: return .gap(Gap())
            default:
                let heading = Heading(level: depth + 1, number: "\(counter)、", text: "标题", runsIn: Bool.random(using: &generator))
                return .section(Section(heading: heading, children: blocks(depth: depth + 1)))
            }
        }
    }
    var sections = 0
    for _ in 0..<500 {
        let body = blocks(depth: 0)
        let speech = Speech(metadata: Metadata(title: "讲话"), body: body)
        var recorder = Recorder()
        recorder.walk(speech)
        #expect(recorder.events == expected(body, [], throwing: false))
        var throwing = ThrowingRecorder()
        try throwing.walk(speech)
        #expect(throwing.events == expected(body, [], throwing: true))
        sections += recorder.events.filter { $0.hasPrefix("h") }.count
    }
    #expect(sections > 500)
}
