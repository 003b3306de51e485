import Foundation
import Testing
import TestSupport
@testable import DocxWriter
import SpeechModel
import SpeechStyles
import SpeechWriting
import XMLSupport
import ZipSupport

private func speech() -> Speech {
    Speech(metadata: Metadata(title: "在全县工作会议上的讲话", speaker: "县委书记 李明", date: "2024年3月12日"),
           salutation: "同志们：",
           body: [
               .paragraph(Paragraph(text: "今天召开会议。控制\u{0}字符\u{1B}要去掉，</w:t>和]]>照原样。")),
               .section(Section(heading: Heading(level: 1, number: "一、", text: "提高站位"), children: [
                   .paragraph(Paragraph([.lead(Lead(number: "一要", text: "明确目标。")), .text("要对照标准。"), .emphasis("着重")])),
                   .gap(Gap(omittedCharacters: 695)),
               ])),
               .section(Section(heading: Heading(level: 1, number: "二、", text: "强化保障。", runsIn: true), children: [
                   .paragraph(Paragraph(text: "各级要扛起责任。")),
               ])),
           ],
           closing: "谢谢大家！", truncated: true)
}

@Test func partsComeInAFixedOrderAndEveryPartHasAContentType() throws {
    let docx = try DocxPackage(speech())
    #expect(docx.names == ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml",
                           "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml", "word/fontTable.xml",
                           "word/footer1.xml", "word/footer2.xml"])
    let types = try docx.part("[Content_Types].xml")
    let overrides = Set(types.elements.filter { $0.name == "Override" }.compactMap { $0.attributes["PartName"] })
    let defaults = Set(types.elements.filter { $0.name == "Default" }.compactMap { $0.attributes["Extension"] })
    for name in docx.names where name != "[Content_Types].xml" {
        let covered = overrides.contains("/" + name) || defaults.contains(String(name.split(separator: ".").last!))
        #expect(covered, "\(name) has no content type")
    }
    for override in overrides { #expect(docx.names.contains(String(override.dropFirst())), "content type for a missing part \(override)") }
}

@Test func everyRelationshipResolves() throws {
    let docx = try DocxPackage(speech())
    for (rels, base) in [("_rels/.rels", ""), ("word/_rels/document.xml.rels", "word/")] {
        for relationship in try docx.part(rels).elements {
            let target = base + (relationship.attributes["Target"] ?? "")
            #expect(docx.names.contains(target), "\(rels): \(target) does not exist")
        }
    }
    let document = try docx.part("word/document.xml")
    let ids = Set(try docx.part("word/_rels/document.xml.rels").elements.compactMap { $0.attributes["Id"] })
    for reference in document.descendants(named: "w:footerReference") {
        #expect(ids.contains(reference.attributes["r:id"] ?? ""))
    }
}

@Test func noControlCharactersNoFractionsNoZip64NoDataDescriptors() throws {
    let docx = try DocxPackage(speech())
    for name in docx.names {
        let text = try docx.raw(name)
        #expect(!text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t") || $0.value == 0xFFFE || $0.value == 0xFFFF }, "\(name)")
        // Every w: measurement is an integer.
        let decimals = text.matches(of: /w:(?:w|h|top|bottom|left|right|header|footer|line|before|after|firstLine|linePitch|charSpace|val|sz)="-?\d+\.\d+"/)
        #expect(decimals.isEmpty, "\(name) has fractional measurements")
    }
    #expect(try docx.raw("word/document.xml").contains("控制字符要去掉，&lt;/w:t&gt;和]]&gt;照原样。"))
    // Local headers: no data descriptor flag, sizes known.
    var offset = 0
    func u16(_ at: Int) -> Int { Int(docx.bytes[at]) | Int(docx.bytes[at + 1]) << 8 }
    func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
    while u32(offset) == 0x04034b50 {
        #expect(u16(offset + 6) & 0x8 == 0)
        #expect(u32(offset + 18) != 0xFFFFFFFF)
        offset += 30 + u16(offset + 26) + u16(offset + 28) + u32(offset + 18)
    }
    #expect(offset > 0)
}

@Test func stylesCarryTheGBT9704Roles() throws {
    let docx = try DocxPackage(speech())
    let normal = try #require(try docx.style("Normal"))
    #expect(normal.child("w:name")?.attributes["w:val"] == "Normal")
    let ind = try #require(normal.child("w:pPr", "w:ind"))
    #expect(ind.attributes["w:firstLineChars"] == "200")
    #expect(ind.attributes["w:firstLine"] == "640")
    #expect(normal.child("w:pPr", "w:spacing")?.attributes["w:line"] == "579")
    #expect(normal.child("w:pPr", "w:spacing")?.attributes["w:lineRule"] == "exact")
    #expect(normal.child("w:pPr", "w:jc")?.attributes["w:val"] == "both")
    let fonts = try #require(normal.child("w:rPr", "w:rFonts"))
    #expect(fonts.attributes == ["w:ascii": "Times New Roman", "w:eastAsia": "仿宋_GB2312", "w:hAnsi": "仿宋_GB2312", "w:cs": "Times New Roman"])
    #expect(normal.child("w:rPr", "w:sz")?.attributes["w:val"] == "32")

    let title = try #require(try docx.style("Title"))
    #expect(title.child("w:aliases")?.attributes["w:val"] == "标题")
    #expect(title.child("w:rPr", "w:rFonts")?.attributes["w:eastAsia"] == "方正小标宋简体")
    #expect(title.child("w:rPr", "w:sz")?.attributes["w:val"] == "44")
    #expect(title.child("w:pPr", "w:jc")?.attributes["w:val"] == "center")
    #expect(title.child("w:pPr", "w:snapToGrid")?.attributes["w:val"] == "0")

    let expected = [(1, "黑体", false), (2, "楷体_GB2312", false), (3, "仿宋_GB2312", true), (4, "仿宋_GB2312", false)]
    for (level, font, bold) in expected {
        let heading = try #require(try docx.style("Heading\(level)"))
        #expect(heading.child("w:name")?.attributes["w:val"] == "heading \(level)")
        #expect(heading.child("w:aliases")?.attributes["w:val"] == "标题 \(level)")
        #expect(heading.child("w:pPr", "w:outlineLvl")?.attributes["w:val"] == String(level - 1))
        #expect(heading.child("w:pPr", "w:ind")?.attributes["w:firstLine"] == "640")
        #expect(heading.child("w:rPr", "w:rFonts")?.attributes["w:eastAsia"] == font)
        #expect((heading.child("w:rPr", "w:b")?.attributes["w:val"] != "0") == bold, "heading \(level) bold")
    }
    let lead = try #require(try docx.style("Lead"))
    #expect(lead.attributes["w:type"] == "character")
    #expect(lead.child("w:rPr", "w:b") != nil)
    #expect(try docx.style("GapNotice")?.child("w:rPr", "w:highlight")?.attributes["w:val"] == "yellow")
    #expect(try docx.style("Salutation")?.child("w:pPr", "w:ind")?.attributes["w:firstLine"] == "0")

    let defaults = try #require(try docx.part("word/styles.xml").child("w:docDefaults", "w:rPrDefault", "w:rPr"))
    #expect(defaults.child("w:lang")?.attributes["w:eastAsia"] == "zh-CN")
    let raw = try docx.raw("word/styles.xml")
    #expect(!raw.contains("Theme"), "theme fonts override explicit names")
}

@Test func pageIsA4WithGBMarginsAndTheLineAndCharacterGrid() throws {
    let section = try #require(try DocxPackage(speech()).part("word/document.xml").descendants(named: "w:sectPr").first)
    #expect(section.child("w:pgSz")?.attributes == ["w:w": "11906", "w:h": "16838"])
    let margins = try #require(section.child("w:pgMar"))
    #expect(margins.attributes["w:top"] == "2098")
    #expect(margins.attributes["w:bottom"] == "1984")
    #expect(margins.attributes["w:left"] == "1588")
    #expect(margins.attributes["w:right"] == "1474")
    let grid = try #require(section.child("w:docGrid"))
    #expect(grid.attributes["w:type"] == "linesAndChars")
    #expect(grid.attributes["w:linePitch"] == "579")
    let charSpace = try #require(Int(grid.attributes["w:charSpace"] ?? ""))
    #expect(charSpace < 0)
    // 28 cells of (16 pt + charSpace/4096 pt) fit the 8844-twip text width, 29 do not.
    let cell = (16.0 + Double(charSpace) / 4096) * 20
    #expect(28 * cell <= 8844 && 29 * cell > 8844)
    let references = section.elements.filter { $0.name == "w:footerReference" }.compactMap { $0.attributes["w:type"] }
    #expect(references == ["default", "even"])
}

@Test func pageNumbersAreDashedCompleteFieldsOnAlternatingSides() throws {
    let docx = try DocxPackage(speech())
    #expect(try docx.part("word/settings.xml").firstChild(named: "w:evenAndOddHeaders") != nil)
    for (footer, style, cached) in [("word/footer1.xml", "PageNumberOdd", "1"), ("word/footer2.xml", "PageNumberEven", "2")] {
        let paragraph = try #require(try docx.part(footer).firstChild(named: "w:p"))
        #expect(paragraph.child("w:pPr", "w:pStyle")?.attributes["w:val"] == style)
        let sequence = paragraph.elements.filter { $0.name == "w:r" }.map { run -> String in
            if let field = run.firstChild(named: "w:fldChar") { return field.attributes["w:fldCharType"] ?? "?" }
            if let instruction = run.firstChild(named: "w:instrText") { return "instr:" + instruction.textContent }
            return "text:" + (run.firstChild(named: "w:t")?.textContent ?? "")
        }
        #expect(sequence == ["text:— ", "begin", "instr: PAGE ", "separate", "text:\(cached)", "end", "text: —"])
    }
    let odd = try #require(try docx.style("PageNumberOdd"))
    #expect(odd.child("w:pPr", "w:jc")?.attributes["w:val"] == "right")
    #expect(odd.child("w:pPr", "w:ind")?.attributes["w:right"] == "280")
    let even = try #require(try docx.style("PageNumberEven"))
    #expect(even.child("w:pPr", "w:jc")?.attributes["w:val"] == "left")
    #expect(even.child("w:pPr", "w:ind")?.attributes["w:left"] == "280")
    let footer = try #require(try docx.style("Footer"))
    #expect(footer.child("w:rPr", "w:rFonts")?.attributes["w:eastAsia"] == "宋体")
    #expect(footer.child("w:rPr", "w:sz")?.attributes["w:val"] == "28")
}

/// A style whose page-number role has an alignment puts the number there on every page: one
/// footer, no separate even-page footer.
@Test func centredPageNumbersUseOneFooterOnEveryPage() throws {
    let docx = try DocxPackage(speech(), options: WriterOptions(style: try StylePresets.preset("reading")))
    #expect(try docx.part("word/settings.xml").firstChild(named: "w:evenAndOddHeaders") == nil)
    #expect(!docx.names.contains("word/footer2.xml"))
    let references = try docx.part("word/document.xml").descendants(named: "w:footerReference")
    #expect(references.map { $0.attributes["w:type"] } == ["default"])
    let paragraph = try #require(try docx.part("word/footer1.xml").firstChild(named: "w:p"))
    #expect(paragraph.child("w:pPr", "w:pStyle")?.attributes["w:val"] == "PageNumber")
    let footer = try #require(try docx.style("Footer"))
    #expect(footer.child("w:pPr", "w:jc")?.attributes["w:val"] == "center")
    #expect(try docx.style("PageNumberOdd") == nil)
    let rels = try docx.part("word/_rels/document.xml.rels").elements.map { $0.attributes["Target"] ?? "" }
    #expect(!rels.contains("footer2.xml"))
}

@Test func paragraphsReferenceStylesAndRunInHeadingsUseTheHeadingFontUpToTheirFullStop() throws {
    let body = try #require(try DocxPackage(speech()).part("word/document.xml").child("w:body"))
    let paragraphs = body.elements.filter { $0.name == "w:p" }
    let styles = paragraphs.map { $0.child("w:pPr", "w:pStyle")?.attributes["w:val"] ?? "-" }
    #expect(styles == ["Title", "SpeakerDate", "SpeakerDate", "Salutation", "Normal", "Heading1", "Normal", "GapNotice", "Heading1", "Closing", "GapNotice"])
    #expect(paragraphs.map(\.textContent)[2] == "（2024年3月12日）")
    // No paragraph repeats direct run formatting: runs carry at most a character style.
    for run in body.descendants(named: "w:r") {
        let properties = run.firstChild(named: "w:rPr")?.elements.map(\.name) ?? []
        #expect(properties.allSatisfy { $0 == "w:rStyle" })
    }
    let runIn = paragraphs[8].elements.filter { $0.name == "w:r" }
    #expect(runIn.map { $0.textContent } == ["二、强化保障。", "各级要扛起责任。"])
    #expect(runIn[0].child("w:rPr", "w:rStyle") == nil)
    #expect(runIn[1].child("w:rPr", "w:rStyle")?.attributes["w:val"] == "RunInBody")
    let leadRun = paragraphs[6].elements.first { $0.name == "w:r" }
    #expect(leadRun?.child("w:rPr", "w:rStyle")?.attributes["w:val"] == "Lead")
    #expect(leadRun?.textContent == "一要明确目标。")
    #expect(paragraphs[7].textContent == "〔此处原文缺失约695字〕")
    #expect(paragraphs[10].textContent == "〔以下原文缺失〕")
}

@Test func fontTableNamesStandIns() throws {
    let fonts = try DocxPackage(speech()).part("word/fontTable.xml").elements
    let fangsong = try #require(fonts.first { $0.attributes["w:name"] == "仿宋_GB2312" })
    #expect(fangsong.child("w:altName")?.attributes["w:val"] == "仿宋")
    #expect(fangsong.child("w:charset")?.attributes["w:val"] == "86")
    #expect(Set(fonts.compactMap { $0.attributes["w:name"] }).isSuperset(of: ["方正小标宋简体", "黑体", "楷体_GB2312", "宋体", "Times New Roman"]))
}

@Test func propertiesNameTheTitleAndSpeakerAndDatesComeOnlyFromSourceDateEpoch() throws {
    let plain = try DocxPackage(speech()).part("docProps/core.xml")
    #expect(plain.firstChild(named: "dc:title")?.textContent == "在全县工作会议上的讲话")
    #expect(plain.firstChild(named: "dc:creator")?.textContent == "县委书记 李明")
    #expect(plain.firstChild(named: "dcterms:created") == nil)
    let stamped = try DocxPackage(speech(), options: WriterOptions(sourceDateEpoch: 1_700_000_000))
    #expect(try stamped.part("docProps/core.xml").firstChild(named: "dcterms:modified")?.textContent == "2023-11-14T22:13:20Z")
}

@Test func theSameInputGivesTheSameBytes() throws {
    let first = try DocxWriter().write(.speech(speech()), options: .default)
    let second = try DocxWriter().write(.speech(speech()), options: .default)
    #expect(first == second)
    let epoch = WriterOptions(sourceDateEpoch: 1_700_000_000)
    #expect(try DocxWriter().write(.speech(speech()), options: epoch) == DocxWriter().write(.speech(speech()), options: epoch))
}

@Test func aCollectionStartsEachSpeechOnANewPage() throws {
    var second = speech()
    second.metadata.title = "第二篇讲话"
    let bytes = try DocxWriter().write(.collection(SpeechCollection(title: "汇编", speeches: [speech(), second])), options: .default)
    let body = try #require(try DocxPackage(bytes: bytes).part("word/document.xml").child("w:body"))
    let titles = body.elements.filter { $0.child("w:pPr", "w:pStyle")?.attributes["w:val"] == "Title" }
    #expect(titles.map(\.textContent) == ["在全县工作会议上的讲话", "第二篇讲话"])
    #expect(titles[0].child("w:pPr", "w:pageBreakBefore") == nil)
    #expect(titles[1].child("w:pPr", "w:pageBreakBefore") != nil)
}

@Test func anUntitledSpeechInACollectionStartsItsPageAtItsFirstParagraph() throws {
    var second = speech()
    second.metadata.title = ""
    let bytes = try DocxWriter().write(.collection(SpeechCollection(title: "汇编", speeches: [speech(), second])), options: .default)
    let body = try #require(try DocxPackage(bytes: bytes).part("word/document.xml").child("w:body"))
    let paragraphs = body.elements.filter { $0.name == "w:p" }
    let titles = paragraphs.filter { $0.child("w:pPr", "w:pStyle")?.attributes["w:val"] == "Title" }
    #expect(titles.map(\.textContent) == ["在全县工作会议上的讲话"])
    // One page break, on the second speech's first paragraph, and no empty paragraph for it.
    let breaks = paragraphs.filter { $0.child("w:pPr", "w:pageBreakBefore") != nil }
    #expect(breaks.count == 1)
    #expect(breaks.first.map { !$0.textContent.isEmpty } == true)
}

/// Found by the property test: a run-in heading straight before a subsection (no paragraph to
/// run into) once vanished from the Word document; it gets its own paragraph.
@Test func aRunInHeadingBeforeASubsectionIsKept() throws {
    let speech = Speech(metadata: Metadata(title: "标题"), body: [
        .section(Section(heading: Heading(level: 1, number: "一、", text: "统一思想。", runsIn: true), children: [
            .section(Section(heading: Heading(level: 2, number: "（一）", text: "抓产业"), children: [.paragraph(Paragraph(text: "正文。"))])),
        ])),
    ])
    let docx = try DocxPackage(speech)
    let paragraphs = try docx.part("word/document.xml").descendants(named: "w:p").map { ($0.child("w:pPr", "w:pStyle")?.attributes["w:val"], $0.textContent) }
    #expect(paragraphs.contains { $0.0 == "Heading1" && $0.1 == "一、统一思想。" })
    #expect(paragraphs.contains { $0.0 == "Heading2" && $0.1 == "（一）抓产业" })
}

/// Issue 17 item 5: the blank line under the title block, which lives in the salutation's space
/// before, goes to the first paragraph when a speech has no salutation.
@Test func withoutASalutationTheFirstParagraphKeepsTheSpaceUnderTheTitle() throws {
    var plain = speech()
    plain.salutation = nil
    for (speech, gapped) in [(plain, true), (speech(), false)] {
        let body = try #require(try DocxPackage(speech).part("word/document.xml").child("w:body"))
        let paragraphs = body.elements.filter { $0.name == "w:p" }
        let first = try #require(paragraphs.first { ["Normal", "Heading1", "Salutation"].contains($0.child("w:pPr", "w:pStyle")?.attributes["w:val"] ?? "") })
        let before = first.child("w:pPr", "w:spacing")?.attributes["w:before"]
        #expect((before != nil) == gapped, "\(before ?? "none")")
        if gapped { #expect(Int(before ?? "") == StylePresets.standard.page.linePitch.twips) }
    }
}
