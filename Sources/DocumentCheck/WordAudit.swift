import Foundation
import OfficePackage
import SpeechStyles
import XMLSupport

/// Audits any Word file against GB/T 9704 as a style sheet gives it: the page (size, margins,
/// text block, the line and character grid, footer distance), the fonts and sizes of each role
/// in the East Asian slot, the first-line indent in characters, the language, and the page
/// numbers ("— N —", their font, odd pages right and even pages left with
/// `evenAndOddHeaders`). The file is read with the same safe package loading as templates and
/// Word input. Roles come from the file's styles: Title, heading N (by name, alias or outline
/// level), SpeechDoc's own style ids; everything else with text is body.
public struct WordAudit {
    let style: StyleSheet
    var package: PackageReader
    var styles: [String: StyleDefinition] = [:]
    var defaultParagraphStyle: String?
    var defaults = Properties()
    var findings: [Finding] = []

    public static func check(path: String, bytes: [UInt8], style: StyleSheet) throws -> [Finding] {
        var audit = try WordAudit(path: path, bytes: bytes, style: style)
        try audit.run()
        return audit.findings
    }

    init(path: String, bytes: [UInt8], style: StyleSheet) throws {
        self.style = style
        package = try PackageReader(path: path, bytes: bytes, kind: "Word document")
    }

    // MARK: Properties, as Word inherits them

    struct Properties {
        var eastAsia: String?, eastAsiaTheme: String?, ascii: String?
        var size: Int?
        var bold: Bool?
        var language: String?
        var alignment: String?
        var firstLine: Int?, firstLineChars: Int?
        var outline: Int?
        var line: Int?, lineRule: String?

        /// `other`'s values where it has them, these elsewhere.
        func overlaid(with other: Properties) -> Properties {
            var result = self
            if other.eastAsia != nil || other.eastAsiaTheme != nil { (result.eastAsia, result.eastAsiaTheme) = (other.eastAsia, other.eastAsiaTheme) }
            result.ascii = other.ascii ?? ascii
            result.size = other.size ?? size
            result.bold = other.bold ?? bold
            result.language = other.language ?? language
            result.alignment = other.alignment ?? alignment
            if other.firstLine != nil || other.firstLineChars != nil { (result.firstLine, result.firstLineChars) = (other.firstLine, other.firstLineChars) }
            result.outline = other.outline ?? outline
            if other.line != nil { (result.line, result.lineRule) = (other.line, other.lineRule) }
            return result
        }

        /// The East Asian font as a finding shows it.
        var eastAsianFont: String {
            if let eastAsia { return eastAsia }
            if let eastAsiaTheme { return "theme font \(eastAsiaTheme)" }
            if let ascii { return "none in the East Asian slot (ascii: \(ascii))" }
            return "none"
        }
    }

    struct StyleDefinition {
        var id: String
        var name: String
        var aliases: [String]
        var basedOn: String?
        var properties: Properties
    }

    static func properties(paragraph pPr: XMLElement?, run rPr: XMLElement?) -> Properties {
        var result = Properties()
        if let rPr {
            for child in rPr.elements {
                switch child.name {
                case "w:rFonts":
                    result.eastAsia = child.attributes["w:eastAsia"]
                    result.eastAsiaTheme = child.attributes["w:eastAsiaTheme"]
                    result.ascii = child.attributes["w:ascii"] ?? child.attributes["w:asciiTheme"].map { "theme font \($0)" }
                case "w:sz": result.size = child.attributes["w:val"].flatMap(Int.init)
                case "w:b": result.bold = OnOffProperty.isOn(child)
                case "w:lang": result.language = child.attributes["w:eastAsia"]
                default: break
                }
            }
        }
        if let pPr {
            for child in pPr.elements {
                switch child.name {
                case "w:jc": result.alignment = child.attributes["w:val"]
                case "w:ind":
                    result.firstLineChars = child.attributes["w:firstLineChars"].flatMap(Int.init)
                    result.firstLine = child.attributes["w:firstLine"].flatMap(Int.init)
                        ?? child.attributes["w:hanging"].flatMap(Int.init).map { -$0 }
                case "w:outlineLvl": result.outline = child.attributes["w:val"].flatMap(Int.init)
                case "w:spacing":
                    if let line = child.attributes["w:line"].flatMap(Int.init) { (result.line, result.lineRule) = (line, child.attributes["w:lineRule"] ?? "auto") }
                case "w:rPr":
                    result = result.overlaid(with: properties(paragraph: nil, run: child))
                default: break
                }
            }
        }
        return result
    }

    /// A style's properties with those it is based on (a loop is cut).
    func resolved(_ id: String?, seen: Set<String> = []) -> Properties {
        guard let id, let definition = styles[id], !seen.contains(id) else { return Properties() }
        return resolved(definition.basedOn, seen: seen.union([id])).overlaid(with: definition.properties)
    }

    mutating func loadStyles(_ main: String) throws {
        guard let part = try package.relationships(of: main).first(where: { $0.type.hasSuffix("/styles") && !$0.external }),
              package.names.contains(part.target) else { return }
        let name = part.target
        let root = try package.parse(name, try package.bytes(name))
        if let rDefault = root.firstChild(named: "w:docDefaults") {
            defaults = Self.properties(paragraph: rDefault.firstChild(named: "w:pPrDefault")?.firstChild(named: "w:pPr"),
                                       run: rDefault.firstChild(named: "w:rPrDefault")?.firstChild(named: "w:rPr"))
        }
        for element in root.elements where element.name == "w:style" {
            guard let id = element.attributes["w:styleId"], ["paragraph", "character", nil].contains(element.attributes["w:type"]) else { continue }
            let definition = StyleDefinition(
                id: id, name: element.firstChild(named: "w:name")?.attributes["w:val"] ?? id,
                aliases: (element.firstChild(named: "w:aliases")?.attributes["w:val"] ?? "").split(separator: ",").map(String.init),
                basedOn: element.firstChild(named: "w:basedOn")?.attributes["w:val"],
                properties: Self.properties(paragraph: element.firstChild(named: "w:pPr"), run: element.firstChild(named: "w:rPr")))
            styles[id] = definition
            if element.attributes["w:type"] == "paragraph", let flag = element.attributes["w:default"], flag == "1" || flag == "true" {
                defaultParagraphStyle = id
            }
        }
    }

    /// A paragraph's own properties (style and direct), and those of its first run with text.
    func effective(_ paragraph: XMLElement) -> (paragraph: Properties, run: Properties, styleID: String?) {
        let pPr = paragraph.firstChild(named: "w:pPr")
        let styleID = pPr?.firstChild(named: "w:pStyle")?.attributes["w:val"] ?? defaultParagraphStyle
        let base = defaults.overlaid(with: resolved(styleID)).overlaid(with: Self.properties(paragraph: pPr, run: nil))
        var run = base
        if let first = paragraph.descendants(named: "w:r").first(where: { !$0.descendants(named: "w:t").map(\.textContent).joined().trimmingCharacters(in: .whitespaces).isEmpty }) {
            let rPr = first.firstChild(named: "w:rPr")
            run = run.overlaid(with: resolved(rPr?.firstChild(named: "w:rStyle")?.attributes["w:val"]))
                .overlaid(with: Self.properties(paragraph: nil, run: rPr))
        } else if let mark = pPr?.firstChild(named: "w:rPr") {
            run = run.overlaid(with: Self.properties(paragraph: nil, run: mark))
        }
        return (base, run, styleID)
    }

    /// The role a paragraph's style says it has.
    func role(of paragraph: Properties, styleID: String?) -> Role {
        if let styleID, let definition = styles[styleID] {
            let names = ([definition.id, definition.name] + definition.aliases).map { $0.lowercased().replacingOccurrences(of: " ", with: "") }
            for role in Role.allCases where role != .pageNumber {
                let word = role.wordStyle
                let known = [word.id, word.name, word.alias ?? ""].map { $0.lowercased().replacingOccurrences(of: " ", with: "") }
                if names.contains(where: { !$0.isEmpty && known.contains($0) }) { return role }
            }
        }
        if let outline = paragraph.outline, (0...3).contains(outline) { return Role.heading(outline + 1) }
        return .body
    }

    // MARK: The audit

    mutating func run() throws {
        let main = try package.mainDocumentName()
        let document = try package.parse(main, try package.bytes(main))
        try loadStyles(main)
        guard let body = document.firstChild(named: "w:body") else {
            throw package.error("the document has no body")
        }
        let section = body.firstChild(named: "w:sectPr") ?? body.descendants(named: "w:sectPr").last
        checkPage(section)
        checkLanguage()
        checkParagraphs(body)
        try checkPageNumbers(section, main: main)
    }

    mutating func add(_ check: String, _ severity: Finding.Severity, _ message: String, expected: String, found: String, paragraph: String? = nil) {
        if let index = findings.firstIndex(where: { $0.check == check && $0.found == found && $0.paragraph != nil }), paragraph != nil {
            findings[index].count += 1
            return
        }
        findings.append(Finding(check: check, severity: severity, paragraph: paragraph, expected: expected, found: found, message: message))
    }

    static func millimetres(_ twips: Int) -> String { String(format: "%.1f mm", Double(twips) * 25.4 / 1440) }

    mutating func checkPage(_ section: XMLElement?) {
        let page = style.page
        guard let section else {
            add("page-setup", .error, "没有页面设置 the document sets no page (size, margins, grid)", expected: "A4 with the style's margins", found: "none")
            return
        }
        let size = section.firstChild(named: "w:pgSz")
        let width = size?.attributes["w:w"].flatMap(Int.init) ?? 12240, height = size?.attributes["w:h"].flatMap(Int.init) ?? 15840
        if abs(width - page.width.twips) > 20 || abs(height - page.height.twips) > 20 {
            add("page-size", .error, "纸张大小 page size", expected: "\(Self.millimetres(page.width.twips)) × \(Self.millimetres(page.height.twips))",
                found: "\(Self.millimetres(width)) × \(Self.millimetres(height))")
        }
        let margins = section.firstChild(named: "w:pgMar")
        func margin(_ name: String) -> Int { margins?.attributes["w:\(name)"].flatMap(Int.init) ?? 1440 }
        var wrong: [(label: String, expected: String, found: String)] = []
        for (name, label, expected) in [("top", "上", page.marginTop), ("bottom", "下", page.marginBottom),
                                        ("left", "左", page.marginLeft), ("right", "右", page.marginRight)] {
            let found = abs(margin(name))
            if abs(found - expected.twips) > 20 {
                wrong.append(("\(label)\(name)", "\(name) \(Self.millimetres(expected.twips))", "\(name) \(Self.millimetres(found))"))
            }
        }
        if !wrong.isEmpty {
            add("page-margins", .error, "页边距 page margins (\(wrong.map(\.label).joined(separator: ", ")))",
                expected: wrong.map(\.expected).joined(separator: ", "), found: wrong.map(\.found).joined(separator: ", "))
        }
        let textWidth = width - margin("left") - margin("right"), textHeight = height - abs(margin("top")) - abs(margin("bottom"))
        if abs(textWidth - page.textWidth.twips) > 40 || abs(textHeight - page.textHeight.twips) > 40 {
            add("text-block", .error, "版心 text block", expected: "\(Self.millimetres(page.textWidth.twips)) × \(Self.millimetres(page.textHeight.twips))",
                found: "\(Self.millimetres(textWidth)) × \(Self.millimetres(textHeight))")
        }
        let footer = margin("footer")
        if abs(footer - page.footerDistance.twips) > 20 {
            add("footer-distance", .error, "页码位置 page number distance from the page's bottom edge (its dashes 7 mm below the text block)",
                expected: Self.millimetres(page.footerDistance.twips), found: Self.millimetres(footer))
        }
        let grid = section.firstChild(named: "w:docGrid")
        let type = grid?.attributes["w:type"] ?? "default"
        let pitch = grid?.attributes["w:linePitch"].flatMap(Int.init) ?? 360
        guard type == "lines" || type == "linesAndChars" || type == "snapToChars" else {
            add("grid", .error, "没有文档网格 no document grid: lines per page are not fixed", expected: "\(page.linesPerPage) lines × \(page.charactersPerLine) characters",
                found: "no grid")
            return
        }
        let lines = textHeight / max(pitch, 1)
        if abs(pitch - page.linePitch.twips) > 3 {
            add("grid-lines", .error, "每页行数 lines per page (grid line pitch)", expected: "\(page.linesPerPage) lines (pitch \(page.linePitch.twips) tw)",
                found: "\(lines) lines (pitch \(pitch) tw)")
        }
        let bodySize = (defaults.overlaid(with: resolved(defaultParagraphStyle))).size ?? 20
        let characters: Int
        if type == "lines" {
            characters = textWidth / max(bodySize * 10, 1)
        } else {
            // LibreOffice writes a negative spacing as its unsigned 32-bit value (4294966066 for -1230).
            var space = grid?.attributes["w:charSpace"].flatMap(Int.init) ?? 0
            if space > Int(Int32.max) { space -= 1 << 32 }
            let cell = (Double(bodySize) / 2 + Double(space) / 4096) * 20
            characters = Int((Double(textWidth) / max(cell, 1) + 0.05).rounded(.down))
        }
        if characters != page.charactersPerLine {
            add("grid-characters", .error, "每行字数 characters per line", expected: "\(page.charactersPerLine)", found: "\(characters)")
        }
    }

    mutating func checkLanguage() {
        let language = defaults.overlaid(with: resolved(defaultParagraphStyle)).language
        if language?.lowercased() != "zh-cn" {
            add("language", .warning, "语言 East Asian language of the text (spelling, punctuation, line breaking)", expected: "zh-CN", found: language ?? "none")
        }
    }

    mutating func checkParagraphs(_ body: XMLElement) {
        let paragraphs = body.descendants(named: "w:p")
        var sawTitle = false
        var first = true
        for paragraph in paragraphs {
            let text = paragraph.descendants(named: "w:t").map(\.textContent).joined()
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let (properties, run, styleID) = effective(paragraph)
            var role = role(of: properties, styleID: styleID)
            // A file with no Title style: its first paragraph, when centred, is the title.
            if first, role == .body, properties.alignment == "center" { role = .title }
            first = false
            if role == .title { sawTitle = true }
            guard [.body, .title, .heading1, .heading2, .heading3, .heading4].contains(role) else { continue }
            let expected = style.style(role)
            let name = Finding.opening(text)
            let label = role == .body ? "正文 body" : role == .title ? "标题 title" : "\(["一", "二", "三", "四"][role.headingLevel! - 1])级标题 heading \(role.headingLevel!)"
            let check = role == .body ? "body" : role == .title ? "title" : "heading-\(role.headingLevel!)"
            if run.eastAsia != expected.eastAsianFont {
                // The font named where only Latin text looks (ascii/hAnsi): Word sets the
                // Chinese in whatever the East Asian slot inherits.
                let found = run.ascii == expected.eastAsianFont ? "\(run.eastAsia ?? "none") (\(expected.eastAsianFont) only in the Latin slots)" : run.eastAsianFont
                add("\(check)-font", .error, "\(label) 字体 font (East Asian)", expected: expected.eastAsianFont, found: found, paragraph: name)
            }
            if (run.size ?? 20) != expected.size.halfPoints {
                add("\(check)-size", .error, "\(label) 字号 size", expected: Self.size(expected.size.halfPoints), found: Self.size(run.size ?? 20), paragraph: name)
            }
            if role != .body, (run.bold ?? false) != expected.bold {
                add("\(check)-bold", .error, "\(label) 加粗 bold", expected: expected.bold ? "bold" : "not bold", found: run.bold == true ? "bold" : "not bold", paragraph: name)
            }
            if role == .title, properties.alignment != "center" {
                add("title-centred", .error, "标题居中 title centred", expected: "centred", found: properties.alignment ?? "left", paragraph: name)
            }
            if let indent = expected.firstLineIndent, case .characters(let hundredths) = indent {
                let twips = indent.twips(fontSize: expected.size)
                if properties.firstLineChars == hundredths {
                    // In characters, whatever twips Word keeps beside it.
                } else if properties.firstLineChars == nil, let firstLine = properties.firstLine, abs(firstLine - twips) <= 10 {
                    add("\(check)-indent", .warning, "\(label) 首行缩进 first-line indent set in twips only: it stops being \(hundredths / 100) characters when the size changes",
                        expected: "\(hundredths / 100) characters (firstLineChars \(hundredths))", found: "\(firstLine) twips", paragraph: name)
                } else {
                    let found = properties.firstLineChars.map { String(format: "%g characters", Double($0) / 100) }
                        ?? properties.firstLine.map { "\($0) twips" } ?? "none"
                    add("\(check)-indent", .error, "\(label) 首行缩进 first-line indent", expected: "\(hundredths / 100) characters", found: found, paragraph: name)
                }
            }
            if role == .body, expected.lineSpacing != nil {
                let pitch = style.page.linePitch.twips
                if properties.lineRule != "exact" || abs((properties.line ?? 0) - pitch) > 3 {
                    let found = properties.line.map { "\($0) tw \(properties.lineRule ?? "auto")" } ?? "single (auto)"
                    add("body-line-pitch", .error, "正文行距 body line spacing: fixed, one grid line", expected: "exactly \(pitch) tw", found: found, paragraph: name)
                }
            }
        }
        if !sawTitle {
            add("title", .warning, "没有标题 no title: no paragraph in the Title style, and the first is not centred", expected: "a title", found: "none")
        }
    }

    static func size(_ halfPoints: Int) -> String {
        let points = FontSize(halfPoints: halfPoints)
        return String(format: "%g pt", points.points) + (points.chineseName.map { " (\($0))" } ?? "")
    }

    mutating func checkPageNumbers(_ section: XMLElement?, main: String) throws {
        let numberStyle = style.style(.pageNumber)
        let alternate = style.pageNumbersAlternate
        if alternate {
            let settingsRelation = try package.relationships(of: main).first { $0.type.hasSuffix("/settings") && !$0.external }
            var even = false
            if let name = settingsRelation?.target, package.names.contains(name) {
                let settings = try package.parse(name, try package.bytes(name))
                even = settings.firstChild(named: "w:evenAndOddHeaders").map(OnOffProperty.isOn) ?? false
            }
            if !even {
                add("odd-even-pages", .error, "奇偶页不同 odd and even pages: evenAndOddHeaders is off, so every page number sits on one side",
                    expected: "evenAndOddHeaders on", found: "off")
            }
        }
        let relationships = try package.relationships(of: main)
        var footers: [String: XMLElement] = [:]
        for reference in section?.elements.filter({ $0.name == "w:footerReference" }) ?? [] {
            guard let id = reference.attributes["r:id"], let relation = relationships.first(where: { $0.id == id }),
                  !relation.external, package.names.contains(relation.target) else { continue }
            let name = relation.target
            footers[reference.attributes["w:type"] ?? "default"] = try package.parse(name, try package.bytes(name))
        }
        guard let odd = footers["default"] else {
            add("page-number", .error, "页码 page numbers: no footer", expected: numberStyle.text?.replacingOccurrences(of: "{page}", with: "N") ?? "N", found: "none")
            return
        }
        let expectedText = (numberStyle.text ?? "{page}").replacingOccurrences(of: " ", with: "")
        for (kind, footer) in footers.sorted(by: { $0.key < $1.key }) where kind != "first" {
            let label = kind == "even" ? "偶数页 even pages" : "奇数页 odd pages"
            guard let paragraph = footer.descendants(named: "w:p").first(where: Self.holdsPageField) else {
                add("page-number", .error, "页码 \(label): no PAGE field in the footer", expected: "a page number", found: "none")
                continue
            }
            let shown = Self.fieldText(paragraph).replacingOccurrences(of: " ", with: "")
            if shown != expectedText {
                add("page-number-format", .error, "页码格式 \(label): the text around the number",
                    expected: expectedText.replacingOccurrences(of: "{page}", with: "N"), found: shown.replacingOccurrences(of: "{page}", with: "N"))
            }
            let (properties, run, _) = effective(paragraph)
            if run.eastAsia != numberStyle.eastAsianFont || (run.size ?? 20) != numberStyle.size.halfPoints {
                add("page-number-font", .error, "页码字体 \(label): font and size",
                    expected: "\(numberStyle.eastAsianFont) \(Self.size(numberStyle.size.halfPoints))",
                    found: "\(run.eastAsianFont) \(Self.size(run.size ?? 20))")
            }
            let expectedAlignment = numberStyle.align.map { $0 == .center ? "center" : $0.rawValue } ?? (kind == "even" ? "left" : "right")
            let found = properties.alignment == "start" ? "left" : properties.alignment == "end" ? "right" : (properties.alignment ?? "left")
            if found != expectedAlignment {
                add("page-number-placement", .error, "页码位置 \(label): \(alternate ? "odd pages right, even pages left" : "placement")",
                    expected: expectedAlignment, found: found)
            }
        }
        if alternate, footers["even"] == nil, odd.descendants(named: "w:p").contains(where: Self.holdsPageField) {
            add("page-number-placement", .error, "页码位置 偶数页 even pages: no even-page footer, so the number stays on the right",
                expected: "an even-page footer, number left", found: "none")
        }
    }

    static func holdsPageField(_ paragraph: XMLElement) -> Bool {
        paragraph.descendants(named: "w:instrText").contains { $0.textContent.uppercased().contains("PAGE") }
            || paragraph.descendants(named: "w:fldSimple").contains { ($0.attributes["w:instr"] ?? "").uppercased().contains("PAGE") }
    }

    /// The footer paragraph's text with the PAGE field's result as {page}.
    static func fieldText(_ paragraph: XMLElement) -> String {
        var text = "", inField = false, shown = false
        func visit(_ element: XMLElement) {
            for child in element.elements {
                switch child.name {
                case "w:fldChar":
                    switch child.attributes["w:fldCharType"] {
                    case "begin": inField = true
                    case "end":
                        inField = false
                        if !shown { text += "{page}"; shown = true }
                    default: break
                    }
                case "w:fldSimple":
                    text += "{page}"
                    shown = true
                case "w:t":
                    if !inField { text += child.textContent }
                default:
                    visit(child)
                }
            }
        }
        visit(paragraph)
        return text
    }
}
