import Foundation
import Testing
import TestSupport
import SpeechModel
import ChineseScript
@testable import SpeechReader


/// Messy pages built from the pieces real pages are made of, in random order and amounts.
private enum PageGenerator {
    static let titles = ["在全县乡村振兴工作推进会上的讲话", "在全市安全生产工作会议上的讲话", "在职业技能大赛开幕式上的致辞", "在全區創建工作會議上的講話"]
    static let noise = ["您的位置:范文网>>讲话>>正文", "发布时间:2024/3/12 09:15:07", "仅供学习 禁止外传", "会员群:123 免费QQ群:456",
                        "注册  登陆", "上一篇:在植树节上的讲话", "客服微信号:abc", "第1页共3页", "<center>", "&nbsp;"]
    static let headings = ["一、提高站位,增强责任感", "二、突出重点,狠抓落实", "（一）抓产业", "(二)抓环境", "1.抓龙头", "第一,坚持问题导向。要查找不足。"]
    static let sentences = ["今天,我们召开全县工作会议,主要任务是总结去年工作,部署今年任务。", "一要明确主导产业。各乡镇要立足资源禀赋,培育主导产业。",
                            "原因:一是认识不到位;二是投入不集中。", "粮食总产量稳定在42.6万吨,增长3.15%。", "要坚持\"重发展、轻安全\"的问题导向!",
                            "鄉(xiāng)村振興要紮實推進,創(chuàng)新發展。", "特别是**同志讲得很具体,××区要抓好落实。", "发挥y论监督作用,层层_到位。"]
    static let notices = ["……(省略620字,正式会员可完整阅读)……", "……略……"]

    static func page(_ random: inout SplitMix64) -> String {
        var lines: [String] = []
        for _ in 0..<Int.random(in: 0...3, using: &random) { lines.append(noise.randomElement(using: &random)!) }
        lines.append(titles.randomElement(using: &random)!)
        if Bool.random(using: &random) { lines.append("（2024年3月12日）") }
        lines.append(Bool.random(using: &random) ? "同志们:" : "同志们：")
        for _ in 0..<Int.random(in: 2...12, using: &random) {
            switch Int.random(in: 0..<10, using: &random) {
            case 0...1: lines.append(headings.randomElement(using: &random)!)
            case 2: lines.append(notices.randomElement(using: &random)!)
            case 3: lines.append("")
            case 4: lines.append(noise.randomElement(using: &random)!)
            case 5:
                // A hard wrap inside a long sentence.
                let sentence = sentences[0] + sentences[3]
                let cut = Int.random(in: 16..<(sentence.count - 2), using: &random)
                lines.append(String(sentence.prefix(cut)))
                lines.append(String(sentence.dropFirst(cut)))
            default:
                lines.append((0..<Int.random(in: 1...3, using: &random)).map { _ in sentences.randomElement(using: &random)! }.joined())
            }
        }
        if Bool.random(using: &random) { lines.append("谢谢大家!") }
        if Bool.random(using: &random) { lines.append("接续用 ……(未完,全文共5555字,当前仅显示1950字,请阅读下面提示信息。") }
        let separator = ["\n", "\r\n", "\r"].randomElement(using: &random)!
        return lines.joined(separator: separator)
    }
}

/// Cleaning clean text changes nothing: the same paragraphs, nothing more removed, the same outline.
@Test func cleaningIsIdempotentOnGeneratedPages() throws {
    var checked = 0
    for seed in UInt64(1)...300 {
        var random = SplitMix64(state: seed)
        let page = PageGenerator.page(&random)
        guard let first = try? PlainTextReader.read(Array(page.utf8), options: .keepingCleanedLines) else { continue }
        checked += 1
        let clean = first.cleanedLines.map(\.text).joined(separator: "\n\n")
        let second = try PlainTextReader.read(Array(clean.utf8), options: .keepingCleanedLines)
        #expect(second.cleanedLines.map(\.text) == first.cleanedLines.map(\.text), "seed \(seed)")
        #expect(second.report.removed.isEmpty, "seed \(seed): \(second.report.removed)")
        #expect(second.speeches == first.speeches.map { var s = $0; s.metadata.source = nil; return s }, "seed \(seed)")
    }
    #expect(checked >= 290, "only \(checked) generated pages could be read")
}

/// No speech text is lost: every Han character of the input (in simplified form, as the reader
/// converts it) is in the speeches or in the report of what was removed and why, as often as
/// it occurs in the input. Checked on generated pages, the samples and the real seeds.
@Test func everyCharacterOfTheInputIsKeptOrAccountedFor() throws {
    let converter = try ScriptConverter.traditionalToSimplified()
    func hanCounts(_ text: String) throws -> [Unicode.Scalar: Int] {
        var counts: [Unicode.Scalar: Int] = [:]
        for scalar in try converter.convert(text).unicodeScalars where scalar.properties.isIdeographic { counts[scalar, default: 0] += 1 }
        return counts
    }
    var inputs: [(String, [UInt8])] = []
    for seed in UInt64(1)...200 {
        var random = SplitMix64(state: seed)
        inputs.append(("seed \(seed)", Array(PageGenerator.page(&random).utf8)))
    }
    for file in Repository.samples + (Repository.sharedAvailable ? Repository.seeds : []) {
        inputs.append((file.lastPathComponent, [UInt8](try Data(contentsOf: file))))
    }
    var checked = 0
    for (name, bytes) in inputs {
        guard let result = try? PlainTextReader.read(bytes) else { continue }
        checked += 1
        let input = try hanCounts(try TextDecoder.decode(bytes).text)
        var kept = result.speeches.map(\.fullText).joined(separator: "\n")
        kept += result.report.removed.map(\.text).joined(separator: "\n")
        kept += result.report.warnings.map(\.message).joined(separator: "\n")
        let output = try hanCounts(kept)
        let lost = input.filter { output[$0.key, default: 0] < $0.value }
        #expect(lost.isEmpty, "\(name): lost \(lost.map { "\(Character($0.key))×\($0.value - output[$0.key, default: 0])" }.sorted().prefix(20))")
    }
    #expect(checked >= 190, "only \(checked) inputs could be read")
}

private extension Speech {
    /// Everything a reader of the speech sees: metadata, salutation, headings, paragraphs, gap
    /// markers and closing.
    var fullText: String {
        let metadata = [self.metadata.title, self.metadata.subtitle, self.metadata.speaker, self.metadata.date, self.metadata.occasion]
        return (metadata.compactMap { $0 } + textPieces).joined(separator: "\n")
    }
}
