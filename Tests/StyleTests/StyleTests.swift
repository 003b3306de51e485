import Testing
import TestSupport
@testable import SpeechStyles

@Test func theDefaultPresetHasTheGBT9704Numbers() throws {
    let sheet = try StylePresets.preset("gbt9704")
    #expect(sheet.page.width.twips == 11906 && sheet.page.height.twips == 16838)
    #expect([sheet.page.marginTop, sheet.page.marginBottom, sheet.page.marginLeft, sheet.page.marginRight].map(\.twips) == [2098, 1984, 1588, 1474])
    #expect(sheet.page.textWidth.twips == 8844)
    #expect(sheet.page.linePitch.twips == 579)
    #expect(sheet.page.characterSpacing(fontHalfPoints: 32) == -849)
    #expect(sheet.page.characterScale(fontHalfPoints: 32) == 98)
    #expect(sheet.style(.body).size == FontSize(halfPoints: 32))
    #expect(sheet.style(.title).size.chineseName == "二号")
    #expect(sheet.style(.pageNumber).size.chineseName == "四号")
    #expect(sheet.style(.heading3).bold)
    #expect(sheet.style(.body).firstLineIndent?.twips(fontSize: sheet.style(.body).size) == 640)
    #expect(StylePresets.names.contains("gbt9704"))
}

/// Each preset loads, says what it is for, and keeps its grid inside its text block.
@Test(arguments: StylePresets.names)
func everyPresetLoadsWithADescriptionAndAGridThatFits(name: String) throws {
    let sheet = try StylePresets.preset(name)
    #expect(sheet.name == name)
    #expect(!sheet.description.isEmpty)
    let page = sheet.page
    #expect(page.linePitch.twips * page.linesPerPage <= page.textHeight.twips - 15)
    #expect(page.characterPitch >= Double(sheet.style(.body).size.halfPoints) * 10 * 0.95, "\(name): body type much wider than the grid cell")
    #expect(sheet.usedFonts.allSatisfy { font in sheet.fonts.contains { $0.name == font } }, "\(name): a role names a font the fonts table lacks")
}

@Test func theOtherPresetsDifferWhereTheySay() throws {
    #expect(StylePresets.names.count >= 3)
    let reading = try StylePresets.preset("reading"), compact = try StylePresets.preset("compact")
    let standard = StylePresets.standard
    #expect(reading.style(.body).size.chineseName == "小二")
    #expect(reading.page.linePitch.twips > standard.page.linePitch.twips)
    #expect(reading.style(.pageNumber).align == .center && !reading.pageNumbersAlternate)
    #expect(compact.style(.body).size.chineseName == "小四")
    #expect(compact.page.linePitch.twips < standard.page.linePitch.twips)
    #expect(compact.pageNumbersAlternate && standard.pageNumbersAlternate)
    // Inherited: the font hierarchy of GB/T 9704.
    #expect(compact.style(.heading1).eastAsianFont == "黑体" && reading.style(.heading2).eastAsianFont == "楷体_GB2312")
}

@Test func valuesParseInTheirUnits() {
    #expect(Length("37mm")?.twips == 2098)
    #expect(Length("16pt")?.twips == 320)
    #expect(Length("579tw")?.twips == 579)
    #expect(Length("1in")?.twips == 1440)
    #expect(Length("12") == nil)
    #expect(FontSize("三号")?.halfPoints == 32)
    #expect(FontSize("小四")?.halfPoints == 24)
    #expect(FontSize("10.5pt")?.halfPoints == 21)
    #expect(FontSize("10.3pt") == nil)
    #expect(Indent("2ch") == .characters(hundredths: 200))
    #expect(Spacing("1 line") == .lines(hundredths: 100))
    #expect(LineSpacing("grid") == .grid)
}

private func load(_ yaml: String) throws -> StyleSheet {
    try StyleLoader.load(yaml: yaml, file: "mine.yaml") { try StylePresets.preset($0) }
}

@Test func aFileCanStartFromAPresetAndChangeOnlyWhatDiffers() throws {
    let sheet = try load("""
    base: gbt9704
    name: compact
    roles:
      body:
        size: 小四
    page:
      lines-per-page: 26
    """)
    #expect(sheet.name == "compact")
    #expect(sheet.style(.body).size.chineseName == "小四")
    #expect(sheet.style(.body).eastAsianFont == "仿宋_GB2312")
    #expect(sheet.style(.title).size.chineseName == "二号")
    #expect(sheet.page.linesPerPage == 26)
    #expect(sheet.page.marginTop.twips == 2098)
}

@Test(arguments: [
    ("base: gbt9704\nroles:\n  body:\n    colour: red\n", 4, "roles.body.colour"),
    ("base: gbt9704\nroles:\n  sidebar:\n    size: 三号\n", 3, "roles.sidebar"),
    ("base: gbt9704\npage:\n  width: wide\n", 3, "page.width"),
    ("base: gbt9704\nroles:\n  body:\n    size: 十号\n", 4, "roles.body.size"),
    ("base: gbt9704\nfonts:\n  黑体: {charset: GB}\n", 3, "fonts.黑体.charset"),
    ("base: gbt9704\ncolours: {}\n", 2, "colours"),
    ("base: gbt9704\nroles:\n  body:\n    size: [16\n", 5, ""),
    ("base: nosuch\n", 1, "base"),
    ("name: partial\n", 1, "page.width"),
    ("base: gbt9704\nroles:\n  page-number:\n    text: 第页\n", 1, "roles.page-number.text"),
])
func errorsNameTheFileTheLineAndTheKey(yaml: String, line: Int, key: String) {
    do {
        _ = try load(yaml)
        Issue.record("accepted: \(yaml)")
    } catch let error as StyleError {
        #expect(error.file == "mine.yaml" || error.file == "nosuch")
        #expect(error.line == line, "\(error)")
        #expect(error.key == key, "\(error)")
    } catch {
        Issue.record("unexpected \(error)")
    }
}

@Test func unknownPresetOrMissingFileIsAClearError() {
    #expect(throws: StyleError.self) { try StylePresets.resolve("/no/such/style.yaml") }
    #expect(throws: StyleError.self) { try StylePresets.preset("nosuch") }
}

/// What `styles show` prints reads back as the same style, and printing that gives the same text.
@Test(arguments: StylePresets.names)
func aShownPresetReadsBackAsTheSameStyle(name: String) throws {
    let sheet = try StylePresets.preset(name)
    let text = StyleWriter.yaml(sheet)
    let loaded = try StyleLoader.load(yaml: text, file: "shown.yaml") { _ in throw StyleError(file: "shown.yaml", line: 1, key: "base", message: "unexpected base") }
    #expect(loaded == sheet)
    #expect(StyleWriter.yaml(loaded) == text)
    #expect(!text.contains("\nbase:"), "a shown style stands alone")
}

/// Values that need care in YAML or in their units survive the trip.
@Test func awkwardValuesReadBackExactly() throws {
    var sheet = StylePresets.standard
    sheet.name = "office: 2026 #1"
    sheet.description = "true"
    sheet.page.marginLeft = Length(twips: 1589)
    sheet.page.marginRight = Length(twips: 283)
    sheet.fonts.append(FontEntry(name: "[Brackets], Inc", altName: "#not: a comment", family: "swiss", charset: "00", cssStack: ["a & b", "sans-serif"]))
    var body = sheet.style(.body)
    body.latinFont = "[Brackets], Inc"
    body.size = FontSize(halfPoints: 21)
    body.firstLineIndent = .characters(hundredths: 150)
    body.lineSpacing = .exact(Length(twips: 561))
    body.spaceBefore = .lines(hundredths: 50)
    body.spaceAfter = .length(Length(twips: 7))
    body.italic = true
    sheet.roles[.body] = body
    var number = sheet.style(.pageNumber)
    number.text = "第 {page} 页 - #"
    number.align = .center
    number.outsideIndent = .length(Length(twips: 113))
    sheet.roles[.pageNumber] = number
    let text = StyleWriter.yaml(sheet)
    let loaded = try StyleLoader.load(yaml: text, file: "shown.yaml") { try StylePresets.preset($0) }
    #expect(loaded == sheet, "\(text)")
    // A whole millimetre nudged by a twip reads as the style file writes it (issue 17, item 9).
    #expect(StyleWriter.length(Length(twips: 1588)) == "1588tw")
    #expect(StyleWriter.length(Length(twips: 2098)) == "37mm")
    #expect(StyleWriter.length(Length(twips: 1474)) == "26mm")
    #expect(StyleWriter.length(Length(twips: 320)) == "16pt" || StyleWriter.length(Length(twips: 320)).hasSuffix("mm"))
    #expect(StyleWriter.scalar("86") == "\"86\"" && StyleWriter.scalar("仿宋_GB2312") == "仿宋_GB2312")
}

/// Values that parse but would make nonsense documents are refused, each naming its key
/// (issue 15): pages Word cannot have, no room for text, spacing past Word's limit, indents
/// wider than the text, unknown highlight colours, and font names no output syntax can carry.
@Test func valuesOutsideWhatWordTakesAreRefused() throws {
    let cases: [(String, String)] = [
        ("page:\n  width: 2000mm", "page.width"),
        ("page:\n  height: 0mm", "page.height"),
        ("page:\n  margin-left: 100mm\n  margin-right: 105mm", "page"),
        ("page:\n  footer-distance: 200mm", "page.footer-distance"),
        ("roles:\n  body:\n    line-spacing: 0pt", "roles.body.line-spacing"),
        ("roles:\n  body:\n    space-after: 2000pt", "roles.body.space-after"),
        ("roles:\n  body:\n    first-line-indent: 400mm", "roles.body.first-line-indent"),
        ("roles:\n  gap:\n    highlight: purple", "roles.gap.highlight"),
        ("roles:\n  body:\n    latin-font: 'Times\\'", "roles.body"),
        ("roles:\n  body:\n    east-asian-font: 'A;B{}'", "roles.body"),
        ("fonts:\n  \"Evil\\\\\":\n    family: roman", "fonts.Evil\\"),
    ]
    for (yaml, key) in cases {
        do {
            _ = try load("base: gbt9704\nname: mine\n" + yaml)
            Issue.record("accepted: \(yaml)")
        } catch let error as StyleError {
            #expect(error.key == key, "\(yaml): \(error)")
        }
    }
    // The presets are within every limit.
    for name in StylePresets.names { #expect(throws: Never.self) { try StylePresets.preset(name) } }
}

/// A preset's file is read once a process: later uses get the sheet as loaded, equal to a
/// fresh load of the file (bases included).
@Test func presetsAreReadOncePerProcess() throws {
    for name in StylePresets.names { _ = try StylePresets.preset(name) }
    let reads = StylePresets.loads
    for _ in 0..<5 {
        _ = StylePresets.standard
        for name in StylePresets.names { _ = try StylePresets.resolve(name) }
    }
    #expect(StylePresets.loads == reads)
    for name in StylePresets.names {
        let fresh = try StyleLoader.load(yaml: try #require(StylePresets.source(name)), file: name) { base in
            try StyleLoader.load(yaml: try #require(StylePresets.source(base)), file: base) { _ in StylePresets.standard }
        }
        #expect(try StylePresets.preset(name) == fresh, "\(name)")
    }
    #expect(throws: StyleError.self) { try StylePresets.preset("no-such-preset") }
}
