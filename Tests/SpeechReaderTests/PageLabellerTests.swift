import Testing
@testable import SpeechReader
import TestSupport

/// Cleans a page with the standard passes and returns the kept lines and the report.
private func clean(_ page: String, explain: Bool = false) throws -> ([SourceLine], CleaningReport) {
    try Cleaner.standard(CleaningOptions(explain: explain)).clean(page)
}

@Test func furnitureAroundASpeechGoesWithItsEvidence() throws {
    let page = """
    您的位置:新文秘网>>讲话>>正文
    发表时间:2023/8/16 14:38:41
    2024-11-21
    【打击倒卖活动】
    会员群：   免费QQ群：
    客服微信号:wm114cn
    在全市工作会议上的讲话
    同志们：
    今天我们召开会议，研究部署全市重点工作，下面我讲几点意见，请大家抓好落实。
    要着眼长远。收藏《在会上的讲话》
    发表意见要实事求是，版本要统一。第1页共10页
    上一篇:小学作文下一篇:祝福寄语
    """
    let (lines, report) = try clean(page)
    #expect(lines.map(\.text) == ["在全市工作会议上的讲话", "同志们：",
                                  "今天我们召开会议，研究部署全市重点工作，下面我讲几点意见，请大家抓好落实。",
                                  "要着眼长远。", "发表意见要实事求是，版本要统一。"])
    #expect(lines.map(\.role) == [.title, .salutation, .body, .body, .body])
    // Every removed line is reported with its text and the strongest evidence for it.
    let rules = Dictionary(report.removed.map { ($0.text, $0.rule) }, uniquingKeysWith: { a, _ in a })
    #expect(rules["您的位置：新文秘网>>讲话>>正文"] == "breadcrumb")
    #expect(rules["2024-11-21"] == "timestamp")
    #expect(rules["上一篇：小学作文下一篇：祝福寄语"] == "related-links")
    #expect(rules["【打击倒卖活动】"] == "membership")
    #expect(report.removed.contains { $0.rule == "favourite" && $0.text == "收藏《在会上的讲话》" })
    #expect(report.removed.contains { $0.rule == "page-counter" && $0.text == "第1页共10页" })
}

/// A speech's text starts at its salutation: a site's lead-in paragraph above the page's first
/// salutation line goes, reported; below a title, or with the salutation far down, it stays.
@Test func sentencesAboveTheFirstSalutationAreTheSitesLeadIn() throws {
    let leadIn = "我县自二〇〇八年启动美丽乡村建设以来，已建成示范村四十二个，农村人居环境持续改善，群众满意度逐年提高。"
    let body = ["今天我们召开全县乡村振兴工作推进会，主要任务是总结去年工作，部署今年任务，动员全县上下真抓实干。",
                "下面，我讲三点意见，请大家认真抓好落实，确保各项工作任务落到实处、取得实效。"]
    let (lines, report) = try clean((["更新时间：2024-03-12 09:30", leadIn, "同志们："] + body).joined(separator: "\n"))
    #expect(lines.map(\.text) == ["同志们："] + body)
    #expect(lines.map(\.role) == [.salutation, .body, .body])
    #expect(report.removed.map(\.text).contains(leadIn))

    let titled = try clean((["全县乡村振兴工作推进会讲话", leadIn, "同志们："] + body).joined(separator: "\n")).0
    #expect(titled.map(\.text).contains(leadIn), "below a title the paragraph is the speech's")
    let far = Array(repeating: body[0], count: 12) + ["同志们："] + body
    let farLines = try clean(([leadIn] + far).joined(separator: "\n")).0
    #expect(farLines.first?.text == leadIn, "a salutation past the page's top marks nothing above it")
}

/// A link cut at its scheme at the end of a line (a page cut mid-word) goes, reported; the same
/// letters inside a sentence stay.
@Test func aLinkCutAtItsSchemeGoesAndTheSameLettersInASentenceStay() throws {
    let page = """
    在全县老干部座谈会上的讲话
    同志们：
    在此，我们向全县广大老年同志们表示衷心的感谢和崇高的敬意！htt
    网址里的www和http都是常见的写法，大家要学会上网查阅政策。
    希望大家认真学习领会，抓好贯彻落实。https://
    各单位要结合实际，认真抓好落实。资料网http：//www.example.cn/a
    最后，祝大家工作顺利。http：
    """
    let (lines, report) = try clean(page)
    #expect(lines.map(\.text) == ["在全县老干部座谈会上的讲话", "同志们：",
                                  "在此，我们向全县广大老年同志们表示衷心的感谢和崇高的敬意！",
                                  "网址里的www和http都是常见的写法，大家要学会上网查阅政策。",
                                  "希望大家认真学习领会，抓好贯彻落实。", "各单位要结合实际，认真抓好落实。",
                                  "最后，祝大家工作顺利。"])
    // A colon typed full width is a link's colon too.
    #expect(report.removed.filter { $0.rule == "cut-link" }.map(\.text) == ["htt", "https://", "http："])
    #expect(report.removed.filter { $0.rule == "watermark-link" }.map(\.text) == ["资料网http：//www.example.cn/a"])
}

@Test func aSpeechWithoutATitleLosesNoBodyText() throws {
    let page = """
    今天我们召开会议，研究部署全市重点工作，下面我讲几点意见，请大家抓好落实。
    在全市工作会议上的讲话精神要传达到每一位干部。
    """
    let (lines, report) = try clean(page)
    #expect(lines.count == 2)
    #expect(report.removed.isEmpty)
}

@Test func ofTwoTitlesWithFurnitureBetweenTheFirstIsThePages() throws {
    let page = """
    2022年消防会议领导讲话稿范文(通用16篇)
    下面是小编精心整理的消防会议领导讲话稿，欢迎阅读与收藏。
    消防会议领导讲话稿
    同志们：
    今天，我们召开全市消防工作会议。
    """
    let (lines, report) = try clean(page)
    #expect(lines.first?.text == "消防会议领导讲话稿")
    #expect(lines.first?.role == .title)
    #expect(report.removed.count == 2)
}

@Test func aTitleRepeatedUnderItselfIsKeptOnce() throws {
    let (lines, report) = try clean("在全市工作会议上的讲话\n\n在全市工作会议上的讲话\n同志们：\n正文。")
    #expect(lines.map(\.text) == ["在全市工作会议上的讲话", "同志们：", "正文。"])
    #expect(report.removed.map(\.rule) == ["repeated-later"])
}

@Test func aWholePageOnOneLineIsCutIntoUnits() throws {
    let page = "在全市安全生产例会上的讲话 同志们: 今天,我们召开全市安全生产例会,研究部署元旦、春节前的安全生产工作。下面,我讲几点意见: 一、认清形势,增强做好安全生产工作的责任感 今年以来,我市安全生产形势总体平稳,有喜有忧。"
    let (lines, _) = try clean(page)
    #expect(lines.map(\.text) == ["在全市安全生产例会上的讲话", "同志们：",
                                  "今天，我们召开全市安全生产例会，研究部署元旦、春节前的安全生产工作。下面，我讲几点意见：",
                                  "一、认清形势，增强做好安全生产工作的责任感",
                                  "今年以来，我市安全生产形势总体平稳，有喜有忧。"])
    #expect(lines.map(\.role) == [.title, .salutation, .body, .body, .body])
}

@Test func aTitleSpeakerAndDateGluedToTheSalutationAreCutApart() {
    let segmenter = PageSegmenter(lexicon: .builtIn)
    #expect(segmenter.split("在扫黑除恶专项斗争工作会议上的讲话XX镇党委书记XXX2018年9月17日同志们：刚才，大家作了发言。")
            == ["在扫黑除恶专项斗争工作会议上的讲话", "XX镇党委书记XXX", "2018年9月17日", "同志们：", "刚才，大家作了发言。"])
    #expect(segmenter.split("在项目签约仪式上的致辞尊敬的各位领导、各位嘉宾，同志们、朋友们：大家好！")
            == ["在项目签约仪式上的致辞", "尊敬的各位领导、各位嘉宾，同志们、朋友们：", "大家好！"])
    // A colon after words that are not an audience is no salutation.
    #expect(segmenter.split("下面，我给大家讲三点意见：一是抓落实。") == ["下面，我给大家讲三点意见：一是抓落实。"])
}

/// The chunk number read from the bytes is the one read a scalar at a time: up to three digits
/// and 、 (its length in characters), on random starts of lines.
@Test func chunkNumberOnTheBytesIsTheScalarOne() {
    func byScalars(_ text: String) -> Int? {
        var digits = 0
        for scalar in text.unicodeScalars.prefix(4) {
            if ("0"..."9").contains(scalar) { digits += 1; continue }
            return digits > 0 && scalar == "、" ? digits + 1 : nil
        }
        return nil
    }
    let pieces = ["1", "2", "0", "9", "、", "，", "一", "a", " ", "９", "\u{3001}\u{301}", "é"]
    var generator = SystemRandomNumberGenerator()
    var found = 0
    for _ in 0..<20_000 {
        let text = randomText(pieces, lengths: 0...7, using: &generator)
        let expected = byScalars(text)
        if expected != nil { found += 1 }
        #expect(PageSegmenter.chunkNumber(text) == expected, "\(text)")
    }
    #expect(found > 100)
}

@Test func chunkNumbersOfADocumentViewerGo() throws {
    let page = """
    1、全国安全生产月发言稿同志们:安全生产既要六月讲,更要月月讲。今年6月是第22个全国安全生产月,各地都在开展形式多样的保安全活动,可以说是令人振奋,这些事故

    2、令人痛心也令人反思。分析观察若干重大事故成因。
    """
    let (lines, report) = try clean(page)
    #expect(lines.map(\.text) == ["全国安全生产月发言稿", "同志们：",
                                  "安全生产既要六月讲，更要月月讲。今年6月是第22个全国安全生产月，各地都在开展形式多样的保安全活动，可以说是令人振奋，这些事故令人痛心也令人反思。分析观察若干重大事故成因。"])
    #expect(report.removed.filter { $0.rule == "chunk-number" }.map(\.text) == ["1、", "2、"])
}

@Test func aSiteBlurbAndATeaserAreFurnitureEvenWhenLong() throws {
    let page = """
    开业典礼致辞
    开业典礼致辞同志们：某工程今天正式开工了！这是我市深入落实科学发展观的又一力作，更是加快城市发展的重要举措，意义重大。
    下面是小编为大家整理的开业典礼致辞，供大家参考，希望对大家有所帮助，欢迎阅读与收藏，更多精彩内容请持续关注本站。
    开业典礼致辞
    同志们：
    某工程今天正式开工了！这是我市深入落实科学发展观的又一力作，更是加快城市发展的重要举措，意义重大。
    """
    let (lines, _) = try clean(page)
    #expect(lines.map(\.text) == ["开业典礼致辞", "同志们：",
                                  "某工程今天正式开工了！这是我市深入落实科学发展观的又一力作，更是加快城市发展的重要举措，意义重大。"])
}

@Test func explainGivesEveryUnitARoleAndItsEvidence() throws {
    let (lines, report) = try clean("首页 > 讲话 > 正文\n在全市工作会议上的讲话\n同志们：\n正文。", explain: true)
    #expect(lines.count == 3)
    #expect(report.decisions.map(\.role) == ["furniture", "title", "salutation", "body"])
    #expect(report.decisions[0].evidence.first?.hasPrefix("breadcrumb") == true)
    #expect(report.decisions.allSatisfy { !$0.evidence.isEmpty })
}

/// The lexicon files do not load: a load error that names the file and says what is wrong.
private func expectRefused(_ files: [String: String], in file: String, saying message: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
    let error = #expect(throws: Lexicon.LoadError.self, sourceLocation: sourceLocation) { try Lexicon(files: files) }
    #expect(error?.file == file, sourceLocation: sourceLocation)
    #expect(error?.message.contains(message) == true, "\(error?.message ?? "loaded")", sourceLocation: sourceLocation)
}

@Test func theBuiltInLexiconLoadsAndABadOneIsRefusedByName() throws {
    let lexicon = Lexicon.builtIn
    #expect(lexicon.furnitureClasses.count >= 8)
    #expect(lexicon.titleEndings.contains("讲话"))
    var files = EmbeddedLexicon.files
    files["weights.yaml"] = files["weights.yaml"]!.replacingOccurrences(of: "    title-ending: 4.5", with: "    title-endnig: 4.5")
    expectRefused(files, in: "weights.yaml", saying: "title-endnig: unknown key")
    files = EmbeddedLexicon.files
    files["speech.yaml"] = files["speech.yaml"]! + "\nextra: [a]\n"
    #expect(throws: Lexicon.LoadError.self) { try Lexicon(files: files) }
}

/// The lexicon's scalars are read as text and its numbers parsed by the loader: a weight that is
/// not a number is refused by name, and a word YAML would have typed (a year, "yes") is a word.
@Test func lexiconNumbersAreParsedAndEveryWordIsText() throws {
    var files = EmbeddedLexicon.files
    files["weights.yaml"] = files["weights.yaml"]!.replacingOccurrences(of: "    title-ending: 4.5", with: "    title-ending: high")
    expectRefused(files, in: "weights.yaml", saying: "title-ending: expected a number")
    files = EmbeddedLexicon.files
    files["weights.yaml"] = files["weights.yaml"]!.replacingOccurrences(of: "    title-ending: 4.5", with: "    title-ending: 9.25")
    let reweighted = try Lexicon(files: files)
    let column = Evidence.Feature.titleEnding.rawValue
    let changed = reweighted.weights.weights.indices.filter { reweighted.weights.weights[$0] != Lexicon.builtIn.weights.weights[$0] }
    #expect(changed.count == 1)
    #expect(changed.allSatisfy { Lexicon.builtIn.weights.weights[$0][column] == 4.5 && reweighted.weights.weights[$0][column] == 9.25 })
    files = EmbeddedLexicon.files
    files["speech.yaml"] = files["speech.yaml"]!.replacingOccurrences(of: "title-endings: [", with: "title-endings: [2025, yes, ")
    let lexicon = try Lexicon(files: files)
    #expect(lexicon.titleEndings.contains("2025") && lexicon.titleEndings.contains("yes"))
}

/// A unit's features and furniture classes share one word: 16 bytes a unit, and setting one
/// never changes the other (random features and classes, set in random order).
@Test func evidenceKeepsFeaturesAndClassesApartInOneWord() {
    #expect(MemoryLayout<Evidence>.stride == 16)
    #expect(Evidence.maximumClasses >= Lexicon.builtIn.furnitureClasses.count)
    var generator = SystemRandomNumberGenerator()
    let binary = Evidence.Feature.allCases.filter { $0 != .lexicon }
    for _ in 0..<2_000 {
        var evidence = Evidence("各位同志。", afterTitle: false, lexicon: .builtIn)
        var features = Set(binary.filter { evidence[$0] != 0 })
        var classes = evidence.classes
        let lexicon = evidence[.lexicon]
        for _ in 0..<20 {
            if Bool.random(using: &generator) {
                let feature = binary.randomElement(using: &generator)!
                let on = Bool.random(using: &generator)
                evidence[feature] = on ? 1 : 0
                if on { features.insert(feature) } else { features.remove(feature) }
            } else {
                classes = UInt32.random(in: 0...UInt32((1 << Evidence.maximumClasses) - 1), using: &generator)
                evidence.classes = classes
            }
            #expect(evidence.classes == classes)
            #expect(Set(binary.filter { evidence[$0] != 0 }) == features)
            #expect(evidence[.lexicon] == lexicon)
        }
    }
}

/// The built-in lexicon's inline-noise patterns, compiled when first used, each compile and
/// find a line holding one of their keywords, or not, as Swift's Regex does; a lexicon that
/// checks its patterns as it loads refuses one that is no expression, by name (one that does
/// not, loads it).
@Test func inlinePatternsCompileAndABadOneIsRefusedWhenChecked() throws {
    let lexicon = Lexicon.builtIn
    #expect(!lexicon.inlineNoise.isEmpty)
    for noise in lexicon.inlineNoise {
        let regex = try Regex(noise.pattern.source)
        for keyword in noise.keywords {
            let sample = "前文" + keyword + "后文"
            #expect(noise.pattern.matches(sample) == sample.contains(regex), "\(noise.name)")
        }
    }
    var files = EmbeddedLexicon.files
    let source = lexicon.inlineNoise[0].pattern.source
    let quoted = "'" + source.replacingOccurrences(of: "'", with: "''") + "'"
    #expect(files["speech.yaml"]!.contains(quoted))
    files["speech.yaml"] = files["speech.yaml"]!.replacingOccurrences(of: quoted, with: "'(unclosed'")
    expectRefused(files, in: "speech.yaml", saying: "inline-noise[0].pattern: not a valid regular expression")
    #expect(throws: Never.self) { try Lexicon(files: files, checkingPatterns: false) }
}

/// A page flattened into one line with its English version glued after the Chinese: the English
/// is cut off where it starts (after a sentence end, or after a space where an excerpt cut the
/// Chinese mid-sentence) and goes as a translation; the Chinese stays whole. Before the cut, the
/// one unit was mostly Latin letters and went as furniture with the speech in it.
@Test func englishGluedAfterTheChineseOfAOneLinePageIsCutOffAndTheSpeechKept() throws {
    let chinese = "同志们：今天我们召开全市冬春救助工作会议，主要任务是总结前一阶段的工作，部署下一阶段的任务。妥善安排好受灾群众基本生活，是保障和改善民生的积极举措"
    let english = "Comrades: Today we hold a meeting on relief work in winter and spring, to sum up the work of the last stage and plan the next one."
    for glue in ["。", " "] {
        let page = "论文部分内容阅读 " + chinese + glue + english + "\n"
        let (lines, report) = try clean(page)
        let kept = lines.map(\.text).joined()
        #expect(kept.contains("妥善安排好受灾群众基本生活"), "\(glue): \(kept)")
        #expect(!kept.contains("Today we hold"), "\(glue): \(kept)")
        #expect(report.removed.contains { $0.text.hasPrefix("Comrades: Today") }, "\(glue)")
    }
    // A few Latin words in a sentence are not English of their own.
    #expect(PageSegmenter.latinTextCut("我们要用好 Windows 系统。Excel 表格也要用好。") == nil)
    #expect(PageSegmenter.latinTextCut("工作。Unite our thinking, raise our awareness now. 二是") ==
            ["工作。", "Unite our thinking, raise our awareness now.", "二是"])
}

/// On a page printed on one line, a publish stamp between spaces next to Chinese is cut off on
/// both sides, so the title before it stands alone; numbers inside a sentence are not stamps.
@Test func aPublishStampBetweenSpacesIsCutFromTheTitleOfAOneLinePage() throws {
    let page = "德育素材网 首页 在全县秋冬季大气污染综合治理攻坚行动会议上的讲话 2024-10-28 09:54:26 德育素材网 "
        + "同志们： 今天召开这次会议，主要任务是学习贯彻上级部署，动员全县上下打好秋冬季大气污染综合治理攻坚战。下面，我讲三点意见。\n"
    let result = try PlainTextReader.read(Array(page.utf8))
    #expect(result.speeches.first?.metadata.title == "在全县秋冬季大气污染综合治理攻坚行动会议上的讲话")
    #expect(result.speeches.first?.salutation == "同志们：")
    let scalars = { (text: String) in Array(text.unicodeScalars) }
    #expect(PageShapes.dateStampLength(scalars("2024-10-28 09"), at: 0) == 10)
    #expect(PageShapes.dateStampLength(scalars("2023/8/16"), at: 0) == 9)
    for text in ["2023年8月16日", "9.4", "2024-10-285", "2024-10"] {
        #expect(PageShapes.dateStampLength(scalars(text), at: 0) == nil, "\(text)")
    }
    #expect(PageSegmenter.endsStamp(scalars("发布 09:54:26"), before: 11))
    #expect(PageSegmenter.endsStamp(scalars("发布 2024-10-28"), before: 13))
    #expect(!PageSegmenter.endsStamp(scalars("增长 21"), before: 5))
    // A count after a stamp (the page's views) ends it too: the title after it stands alone.
    #expect(PageSegmenter.endsStamp(scalars("发布 2023-09-23 383"), before: 17))
    #expect(!PageSegmenter.endsStamp(scalars("共 2023 383"), before: 10))
    let counted = "首页 在全面落实河长制工作领导小组会议上的讲话 2023-09-23 383 在全面落实河长制工作领导小组会议上的讲话 "
        + "同志们： 今天召开全市河长制工作领导小组会议，主要任务是总结去年工作，部署今年任务。\n"
    #expect(try PlainTextReader.read(Array(counted.utf8)).speeches.first?.metadata.title == "在全面落实河长制工作领导小组会议上的讲话")
    // A stamp's label glued to the text before it is cut there, with 发布 and the like before it.
    #expect(PageSegmenter.stampLabelCut("在主题教育动员会上的讲时间：2025-04-27") == ["在主题教育动员会上的讲", "时间：2025-04-27"])
    #expect(PageSegmenter.stampLabelCut("在全市会议上的讲话发布时间: 2023/8/16 14:38") == ["在全市会议上的讲话", "发布时间: 2023/8/16 14:38"])
    #expect(PageSegmenter.stampLabelCut("会议的时间：下午三点") == nil)
    #expect(PageSegmenter.stampLabelCut("时间：2025-04-27") == nil)
    let labelled = "文库首页 党员干部在2023年政治交接主题教育动员会上的讲时间：2025-04-27 时间：2025-04-27 "
        + "一、深刻认识开展政治交接主题教育的重要意义 今年是进入全面建设社会主义现代化国家新征程的重要一年，我们要认真组织好这次主题教育。\n"
    #expect(try PlainTextReader.read(Array(labelled.utf8)).speeches.first?.metadata.title == "党员干部在2023年政治交接主题教育动员会上的讲")
}

/// A title printed twice around a short aside, or twice with spaces between (a page's title and
/// the document's, on a page printed on one line), is cut into its copies; the first goes as a
/// copy and the second is the title.
@Test func aTitlePrintedTwiceAroundAnAsideIsCutIntoItsCopies() throws {
    let segmenter = PageSegmenter(lexicon: .builtIn)
    #expect(segmenter.undoublingCut("市长安全生产讲话（通用3篇）市长安全生产讲话") == ["市长安全生产讲话", "（通用3篇）", "市长安全生产讲话"])
    #expect(segmenter.undoublingCut("> 在全市人才座谈会上的讲话 在全市人才座谈会上的讲话") == ["> 在全市人才座谈会上的讲话", "在全市人才座谈会上的讲话"])
    #expect(segmenter.undoublingCut("在全市人才座谈会上的讲话在全市人才座谈会上的讲话") == ["在全市人才座谈会上的讲话", "在全市人才座谈会上的讲话"])
    // An aside longer than a piece marker or a stamp, or a sentence, is no title's.
    #expect(segmenter.undoublingCut("市长安全生产讲话，今天我们召开全市安全生产工作会议并作部署市长安全生产讲话") == nil)
    #expect(segmenter.undoublingCut("全市安全生产讲话。市长安全生产讲话") == nil)
    let page = "范文网 > 讲话稿 > 市长安全生产讲话（通用3篇）市长安全生产讲话 同志们： 今天召开全市安全生产工作会议，主要任务是分析当前形势，部署下一阶段工作。\n"
    let result = try PlainTextReader.read(Array(page.utf8))
    #expect(result.speeches.first?.metadata.title == "市长安全生产讲话")
}

/// A page printed on one line is one source line cut into many units: its teaser (the opening
/// printed above the title again) is found unit by unit, not as one line of the whole page, and
/// the teaser's salutation, left beside the speech's own, is said once.
@Test func aTeaserOnAPagePrintedOnOneLineGoesAndTheSalutationIsSaidOnce() throws {
    let opening = "今天我们召开全市工作会议，主要任务是总结去年工作，部署今年任务，动员全市上下凝心聚力"
    let page = "首页 > 讲话稿 > 工作会议 > 在全市工作会议上的讲话 同志们： \(opening)…… "
        + "在全市工作会议上的讲话 同志们： \(opening)，奋力完成全年目标。下面，我讲三点意见。\n"
    let result = try PlainTextReader.read(Array(page.utf8))
    let speech = try #require(result.speeches.first)
    #expect(speech.metadata.title == "在全市工作会议上的讲话")
    #expect(speech.salutation == "同志们：")
    #expect(speech.body.count == 1, "\(speech.body)")
    #expect(result.report.removed.contains { $0.rule == "repeated-salutation" })

    // The page's header printed twice, the first time as a teaser: its first subtitle is a copy.
    let subtitle = "用心用爱用功答好“强县之问”以良好的精神状态奋力开创强县事业新局面"
    let header = "在全县专题研讨班结业仪式上的讲话\(subtitle)（2019年3月31日） 同志们： 县不图强，必有远忧。当前，各地都在深入学习贯彻 "
    let twice = header + "在全县专题研讨班结业仪式上的讲话 \(subtitle) （2019年3月31日） 同志们： 县不图强，必有远忧。当前，各地都在深入学习贯彻上级精神，"
        + "高质量发展的浪潮中百舸争流、千帆竞发。\n"
    let read = try PlainTextReader.read(Array(twice.utf8))
    #expect(read.report.removed.contains { $0.rule == "repeated-later" && $0.text == subtitle }, "\(read.report.removed)")
}

/// An audience named in English glued to the text after it (a page printed on one line) is cut
/// at its colon: spaces between its words are no boundary, and its letters count half.
@Test func anEnglishAudienceGluedToTheTextAfterItIsCutAtItsColon() {
    let audience = "Distinguished professors, students, parents and teachers"
    let found = PageSegmenter.salutationEnd(in: audience + ": Good afternoon! Today is a significant and beautiful day for all graduates.")
    #expect(found?.start == 0)
    #expect(found?.colon == audience.unicodeScalars.count)
    // A space between Chinese words still bounds it.
    #expect(PageSegmenter.salutationEnd(in: "今天召开会议 各位领导、同志们：现在开会。")?.start == 7)
    #expect(!PageSegmenter.fitsSalutation(String(repeating: "Dear friends, ", count: 8)))
    #expect(PageSegmenter.fitsSalutation(audience))
}

/// A stop a tool cut onto the next line (…“千村一面” / 。二要…) ends the line before it: it goes
/// back there, not out of the speech. A stop after a line that ended on a mark, or after a blank
/// line, is a stray one and is reported as it goes.
@Test func aStopCutOntoTheNextLineGoesBackToTheLineItEnds() throws {
    let segmenter = PageSegmenter(lexicon: .builtIn)
    var lines = ["同志们：", "各乡镇要立足资源禀赋，防止“一哄而上”“千村一面”", "。二要壮大经营主体。"].enumerated()
        .map { SourceLine(number: $0.offset + 1, text: $0.element) }
    var report = CleaningReport()
    segmenter.apply(to: &lines, report: &report)
    #expect(lines.map(\.text) == ["同志们：", "各乡镇要立足资源禀赋，防止“一哄而上”“千村一面”。", "二要壮大经营主体。"])
    #expect(report.removed.isEmpty)
    for before in ["要防止“千村一面”。", "要防止", ""] {
        var lines = [before, "。二要壮大经营主体。"].enumerated().map { SourceLine(number: $0.offset + 1, text: $0.element) }
        if before == "要防止" { lines[1].number = 3 }
        var report = CleaningReport()
        segmenter.apply(to: &lines, report: &report)
        #expect(lines.last?.text == "二要壮大经营主体。", "\(before)")
        #expect(lines.first?.text == before, "\(before)")
        #expect(report.removed.map(\.rule) == ["stray-punctuation"], "\(before)")
    }
}

/// A title word followed by a clause mark ends a clause of a sentence, not a title glued to
/// header text: the line stays whole.
@Test func aTitleWordBeforeACommaEndsNoTitle() {
    let segmenter = PageSegmenter(lexicon: .builtIn)
    #expect(segmenter.splitHeader("三个乡镇作了交流发言，讲得都很好，请大家") == ["三个乡镇作了交流发言，讲得都很好，请大家"])
    #expect(segmenter.splitHeader("在全县工作会议上的讲话XX县委书记XXX") == ["在全县工作会议上的讲话", "XX县委书记XXX"])
}

/// A site's breadcrumb, menu or tag line may end with a title word (首页 > 领导讲话 > 会议讲话,
/// 热门搜索：讲话稿 … 表态发言): it is furniture, never the speech's title, and a speech with no
/// title of its own takes none from it.
@Test func aBreadcrumbOrATagLineEndingWithATitleWordIsNoTitle() throws {
    let body = "同志们：\n今天，我们召开全市安全生产工作会议，主要任务是总结去年工作，部署今年任务。\n"
    for chrome in ["当前位置：首页 > 领导讲话 > 会议讲话", "热门搜索：讲话稿 发言稿 主持词 表态发言", "讲话稿 | 发言稿 | 主持词 | 表态发言",
                   "讲话稿|发言稿|主持词|表态发言", "讲话稿｜发言稿｜表态发言"] {
        let (lines, report) = try clean(chrome + "\n" + body)
        #expect(lines.map(\.text) == ["同志们：", "今天，我们召开全市安全生产工作会议，主要任务是总结去年工作，部署今年任务。"], "\(chrome)")
        #expect(report.removed.map(\.text) == [chrome], "\(chrome)")
        #expect(!report.warnings.contains { $0.kind == "title-from-furniture" }, "\(chrome)")
        // Above the speech's own title it goes all the same, and a title wrapped over two lines
        // below it is joined back.
        for title in ["在全市安全生产工作会议上的讲话\n", "在全市安全生产工作会议\n上的讲话\n"] {
            let (titled, _) = try clean(chrome + "\n" + title + body)
            #expect(titled.first?.text == "在全市安全生产工作会议上的讲话" && titled.first?.role == .title, "\(chrome) \(title)")
        }
    }
    #expect(PageShapes.isWordList("网站首页 | 讲话稿 | 工作总结 | 心得体会"))
    #expect(!PageShapes.isWordList("县长在 20xx 年县经济工作会议上的讲话"))
    #expect(!PageShapes.isWordList("弘扬工匠精神 建设技能强市"))
}

/// A speech's own line of words set apart by spaces stays: only bars make a menu.
@Test func wordsSetApartBySpacesInASpeechStay() throws {
    let page = "在全市发展大会上的讲话\n同志们：\n我们要牢固树立新发展理念：\n创新 协调 绿色 开放 共享\n这是我们做好一切工作的遵循。\n"
    let (lines, report) = try clean(page)
    #expect(lines.map(\.text).contains("创新 协调 绿色 开放 共享"), "\(lines.map(\.text))")
    #expect(report.removed.isEmpty)
    #expect(!PageShapes.isMenu("创新 协调 绿色 开放 共享") && PageShapes.isMenu("讲话稿 | 发言稿 | 主持词"))
}

/// A site's name after a title, as a page's <title> prints it, goes from the title, reported;
/// a range of years, a subtitle's dash and a menu are no such mark.
@Test func aSitesNameAfterATitleGoesFromIt() throws {
    let title = "在全市安全生产工作会议上的讲话"
    for suffix in ["_公文范文网", "-第一范文网", " - 范文先生网", "｜笔杆子文库", "_讲话稿_文秘帮手"] {
        let (lines, report) = try clean(title + suffix + "\n同志们：\n今天，我们召开全市安全生产工作会议，部署今年的工作。\n")
        #expect(lines.first?.text == title && lines.first?.role == .title, "\(suffix): \(lines.map(\.text))")
        #expect(report.removed.contains { $0.rule == "title-suffix" && suffix.contains($0.text) }, "\(suffix)")
    }
    #expect(TitleText.withoutSiteSuffix("在2023-2024年全县经济工作会议上的讲话") == nil)
    #expect(TitleText.withoutSiteSuffix("在全县201x-201x年秋冬季攻坚行动会议上的讲话_讲话稿")?.kept == "在全县201x-201x年秋冬季攻坚行动会议上的讲话")
    #expect(TitleText.withoutSiteSuffix("在全市职业技能大赛开幕式上的致辞——弘扬工匠精神") == nil)
    #expect(TitleText.withoutSiteSuffix("网站首页 | 讲话稿 | 工作总结 | 心得体会") == nil)
    // What follows a title is a site's name only when short and free of clauses.
    #expect(TitleText.withoutSiteSuffix("在全市安全生产工作会议上的讲话_今天，我们召开会议") == nil)
}

/// A title followed by its publish stamp after a space, as a list of a site's pages prints it,
/// is a title and a stamp; a stamp inside a sentence stays where it is.
@Test func aPublishStampAfterATitleIsCutFromIt() throws {
    let title = "在全市安全生产工作会议上的讲话"
    for stamp in ["2024-05-12", "2024/5/12 09:15", "2024.05.12"] {
        let (lines, report) = try clean(title + " " + stamp + "\n同志们：\n今天，我们召开全市安全生产工作会议，部署今年的工作。\n")
        #expect(lines.first?.text == title && lines.first?.role == .title, "\(stamp): \(lines.map(\.text))")
        #expect(report.removed.contains { $0.text == stamp }, "\(stamp)")
    }
    #expect(PageSegmenter.stampCut("发布时间：2024/3/12 09:15:07  浏览次数：1286") == ["发布时间：2024/3/12 09:15:07", "浏览次数：1286"])
    let segmenter = PageSegmenter(lexicon: .builtIn)
    let sentence = "会议定于 2024-05-12 召开，请各单位准时参加。"
    #expect(segmenter.split(sentence) == [sentence])
}
