import OfficePackage
import SpeechReader
import XMLSupport

/// The text of a Word document (.docx), a line per paragraph in reading order, for the same
/// reader as scraped text. What is kept and what is not:
///
/// - runs' text, tabs (as a tab), line and page breaks (as a new line), the results of fields;
/// - numbers from Word's automatic numbering (numbering.xml), written before their paragraph as
///   they print (一、, （一）, 1.), since the structure finder reads labels;
/// - tables: a line per row, its cells set apart by an ideographic space, with a warning (the
///   structure finder may still take a short row for page furniture: it is then reported);
/// - tracked changes: the text as it would be accepted (insertions kept, deletions left out),
///   with a warning;
/// - images, text boxes and footnotes: left out, each kind with a warning.
///
/// What Word's own markup says goes with each paragraph as evidence for the reader
/// (FormatHint): heading levels from the paragraph's style (标题 1 / Heading 1, or any style's
/// outline level), the Title style, centring, and the bold run a paragraph opens with (a lead).
public enum DocxText {
    public struct Result: Sendable {
        public var paragraphs: [FormattedLine]
        /// (kind, message) pairs for the reading report.
        public var warnings: [(kind: String, message: String)]
    }

    public static func extract(_ bytes: [UInt8], path: String) throws -> Result {
        var reader = try PackageReader(path: path, bytes: bytes, kind: "Word document")
        let main = try reader.mainDocumentName()
        let relationships = try reader.relationships(of: main)
        let root = try reader.parse(main, try reader.bytes(main))
        guard root.name == "w:document", let body = root.elements.first(where: { $0.name == "w:body" }) else {
            throw reader.error("\(main) is not a WordprocessingML document with the w: prefix (Strict Open XML is not supported)")
        }
        var numbering = Numbering()
        if let target = relationships.first(where: { $0.type.hasSuffix("/relationships/numbering") && !$0.external })?.target,
           reader.names.contains(target) {
            numbering = Numbering(try reader.parse(target, try reader.bytes(target)))
        }
        var styles = ParagraphStyles()
        if let target = relationships.first(where: { $0.type.hasSuffix("/relationships/styles") && !$0.external })?.target,
           reader.names.contains(target) {
            styles = ParagraphStyles(try reader.parse(target, try reader.bytes(target)))
        }
        var walker = Walker(numbering: numbering, styles: styles)
        walker.blocks(body.elements)
        var warnings: [(String, String)] = []
        let counts = walker.counts
        if counts.tables > 0 { warnings.append(("docx-table", "\(counts.tables) table(s): each row kept as a paragraph, its cells set apart by spaces")) }
        if counts.insertions + counts.deletions > 0 {
            warnings.append(("docx-tracked-changes", "tracked changes read as accepted: \(counts.insertions) insertion(s) kept, \(counts.deletions) deletion(s) left out"))
        }
        if counts.images > 0 { warnings.append(("docx-image", "\(counts.images) image(s) or text box(es) left out")) }
        if counts.footnotes > 0 { warnings.append(("docx-footnote", "\(counts.footnotes) footnote or endnote reference(s): the notes are left out")) }
        return Result(paragraphs: walker.paragraphs, warnings: warnings)
    }
}

/// Word's automatic numbering: for each list (w:num) its levels' formats, text and start.
struct Numbering {
    struct Level {
        var format = "decimal"
        var text = ""
        var start = 1
    }

    var levelsByNum: [String: [Int: Level]] = [:]
    /// Counters by list and level.
    var counters: [String: [Int: Int]] = [:]

    init() {}

    init(_ root: XMLElement) {
        var abstract: [String: [Int: Level]] = [:]
        for element in root.elements where element.name == "w:abstractNum" {
            guard let id = element.attributes["w:abstractNumId"] else { continue }
            abstract[id] = Self.levels(element)
        }
        for element in root.elements where element.name == "w:num" {
            guard let id = element.attributes["w:numId"],
                  let abstractID = element.elements.first(where: { $0.name == "w:abstractNumId" })?.attributes["w:val"] else { continue }
            var levels = abstract[abstractID] ?? [:]
            // Level overrides: a new start, or a whole level.
            for override in element.elements where override.name == "w:lvlOverride" {
                guard let level = override.attributes["w:ilvl"].flatMap(Int.init) else { continue }
                if let start = override.elements.first(where: { $0.name == "w:startOverride" })?.attributes["w:val"].flatMap(Int.init) {
                    levels[level, default: Level()].start = start
                }
                if let lvl = override.elements.first(where: { $0.name == "w:lvl" }) {
                    levels[level] = Self.levels(XMLElement(name: "w:abstractNum", attributes: [:], children: [.element(lvl)]))[level] ?? levels[level]
                }
            }
            levelsByNum[id] = levels
        }
    }

    static func levels(_ abstract: XMLElement) -> [Int: Level] {
        var levels: [Int: Level] = [:]
        for lvl in abstract.elements where lvl.name == "w:lvl" {
            guard let index = lvl.attributes["w:ilvl"].flatMap(Int.init) else { continue }
            var level = Level()
            for child in lvl.elements {
                switch child.name {
                case "w:numFmt": level.format = child.attributes["w:val"] ?? "decimal"
                case "w:lvlText": level.text = child.attributes["w:val"] ?? ""
                case "w:start": level.start = child.attributes["w:val"].flatMap(Int.init) ?? 1
                default: break
                }
            }
            levels[index] = level
        }
        return levels
    }

    /// The label of the next paragraph of list `num` at `level`, as it prints ("一、").
    mutating func label(num: String, level: Int) -> String? {
        guard num != "0", let levels = levelsByNum[num], let this = levels[level], this.format != "none", this.format != "bullet" else {
            return nil
        }
        var counts = counters[num] ?? [:]
        counts[level] = (counts[level] ?? (this.start - 1)) + 1
        // A level restarts when one above it moves on.
        for deeper in counts.keys where deeper > level { counts[deeper] = nil }
        counters[num] = counts
        var text = this.text
        for (index, definition) in levels {
            let value = counts[index] ?? definition.start
            text = text.replacing("%\(index + 1)", with: Self.format(value, definition.format))
        }
        return text
    }

    static func format(_ value: Int, _ format: String) -> String {
        switch format {
        case "chineseCounting", "chineseCountingThousand", "ideographTraditional", "japaneseCounting", "chineseLegalSimplified":
            return chinese(value)
        case "lowerLetter": return value >= 1 && value <= 26 ? String(UnicodeScalar(96 + value)!) : String(value)
        case "upperLetter": return value >= 1 && value <= 26 ? String(UnicodeScalar(64 + value)!) : String(value)
        case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
            return value >= 1 && value <= 20 ? String(UnicodeScalar(0x2460 + value - 1)!) : String(value)
        default: return String(value)
        }
    }

    /// 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (up to 99).
    static func chinese(_ value: Int) -> String {
        let digits = Array("零一二三四五六七八九")
        guard value > 0, value < 100 else { return String(value) }
        if value < 10 { return String(digits[value]) }
        let tens = value / 10, ones = value % 10
        return (tens == 1 ? "" : String(digits[tens])) + "十" + (ones == 0 ? "" : String(digits[ones]))
    }
}

/// Paragraph styles (styles.xml) as far as the reader cares: heading level, title, centring,
/// bold, each resolved through the styles' basedOn chain.
struct ParagraphStyles {
    struct Style {
        var headingLevel: UInt8 = 0
        var title = false
        var centred: Bool?
        var bold: Bool?
    }

    var byID: [String: Style] = [:]
    /// The style of paragraphs that name none (w:default="1").
    var defaultID = ""

    init() {}

    init(_ root: XMLElement) {
        var own: [String: (style: Style, basedOn: String?)] = [:]
        for element in root.elements where element.name == "w:style" && element.attributes["w:type"] == "paragraph" {
            guard let id = element.attributes["w:styleId"] else { continue }
            if element.attributes["w:default"] == "1" || element.attributes["w:default"] == "true" { defaultID = id }
            var style = Style()
            let name = (element.elements.first { $0.name == "w:name" }?.attributes["w:val"] ?? "").lowercased()
            style.headingLevel = Self.headingLevel(name: name)
            style.title = name == "title" || name == "标题"
            if let properties = element.elements.first(where: { $0.name == "w:pPr" }) {
                if let outline = ParagraphStyles.outlineLevel(properties) { style.headingLevel = outline }
                style.centred = ParagraphStyles.centred(properties)
            }
            if let run = element.elements.first(where: { $0.name == "w:rPr" }) { style.bold = ParagraphStyles.bold(run) }
            own[id] = (style, element.elements.first { $0.name == "w:basedOn" }?.attributes["w:val"])
        }
        // Resolved through basedOn (a chain of at most 16, so a loop ends).
        for (id, entry) in own {
            var style = entry.style
            var parent = entry.basedOn
            var depth = 0
            while let next = parent, let base = own[next], depth < 16 {
                if style.centred == nil { style.centred = base.style.centred }
                if style.bold == nil { style.bold = base.style.bold }
                parent = base.basedOn
                depth += 1
            }
            byID[id] = style
        }
    }

    /// "heading 2" (what Word stores, in any language's UI), "标题 2".
    static func headingLevel(name: String) -> UInt8 {
        for prefix in ["heading ", "标题 ", "标题"] where name.hasPrefix(prefix) {
            if let level = UInt8(name.dropFirst(prefix.count)), (1...9).contains(level) { return level }
        }
        return 0
    }

    /// w:outlineLvl 0–8 is a heading level 1–9; 9 is body text.
    static func outlineLevel(_ properties: XMLElement) -> UInt8? {
        guard let value = properties.elements.first(where: { $0.name == "w:outlineLvl" })?.attributes["w:val"].flatMap(UInt8.init) else {
            return nil
        }
        return value < 9 ? value + 1 : 0
    }

    static func centred(_ properties: XMLElement) -> Bool? {
        properties.elements.first { $0.name == "w:jc" }?.attributes["w:val"].map { $0 == "center" }
    }

    /// w:b, when the properties set it.
    static func bold(_ properties: XMLElement) -> Bool? {
        properties.elements.first { $0.name == "w:b" }.map(OnOffProperty.isOn)
    }
}

private struct Walker {
    var numbering: Numbering
    let styles: ParagraphStyles
    var paragraphs: [FormattedLine] = []
    var counts = (tables: 0, insertions: 0, deletions: 0, images: 0, footnotes: 0)
    /// Characters of the paragraph being read so far, how many of them were bold from its
    /// start, and whether that bold opening still goes on.
    var length = 0
    var boldPrefix = 0
    var boldOpen = true
    /// The bold of the paragraph's style, which its runs inherit.
    var styleBold = false
    /// The paragraph is a title or heading: a line break in it is layout (a long title set
    /// over lines), not a new line of text.
    var breaksAreLayout = false

    init(numbering: Numbering, styles: ParagraphStyles) {
        self.numbering = numbering
        self.styles = styles
    }

    /// Block-level content in order: paragraphs, tables, content controls.
    mutating func blocks(_ elements: [XMLElement]) {
        for element in elements {
            switch element.name {
            case "w:p": paragraph(element)
            case "w:tbl":
                counts.tables += 1
                // A row is a line, its cells' text set apart by an ideographic space.
                for row in element.elements where row.name == "w:tr" {
                    var cells: [String] = []
                    for cell in row.elements where cell.name == "w:tc" {
                        var inner = Walker(numbering: numbering, styles: styles)
                        inner.blocks(cell.elements)
                        numbering = inner.numbering
                        counts.images += inner.counts.images
                        counts.footnotes += inner.counts.footnotes
                        cells.append(inner.paragraphs.map(\.text).joined(separator: "\u{3000}"))
                    }
                    paragraphs.append(FormattedLine(cells.filter { !$0.isEmpty }.joined(separator: "\u{3000}")))
                }
            case "w:sdt":
                if let content = element.elements.first(where: { $0.name == "w:sdtContent" }) { blocks(content.elements) }
            case "w:customXml", "w:ins": blocks(element.elements)
            case "w:del": counts.deletions += 1
            default: break
            }
        }
    }

    mutating func paragraph(_ element: XMLElement) {
        var text = ""
        let properties = element.elements.first { $0.name == "w:pPr" }
        let style = properties?.elements.first { $0.name == "w:pStyle" }?.attributes["w:val"].flatMap { styles.byID[$0] }
            ?? styles.byID[styles.defaultID] ?? ParagraphStyles.Style()
        var hint = FormatHint(headingLevel: min(style.headingLevel, 6), title: style.title, centred: style.centred ?? false)
        if let properties {
            if let outline = ParagraphStyles.outlineLevel(properties) { hint.headingLevel = min(outline, 6) }
            if let centred = ParagraphStyles.centred(properties) { hint.centred = centred }
            if let numPr = properties.elements.first(where: { $0.name == "w:numPr" }),
               let num = numPr.elements.first(where: { $0.name == "w:numId" })?.attributes["w:val"] {
                let level = numPr.elements.first(where: { $0.name == "w:ilvl" })?.attributes["w:val"].flatMap(Int.init) ?? 0
                if let label = numbering.label(num: num, level: level) { text = label }
            }
        }
        // A numbering label is not bold text of the paragraph's own: no lead is read after it.
        (length, boldPrefix, boldOpen, styleBold) = (0, 0, text.isEmpty, style.bold ?? false)
        breaksAreLayout = hint.title || hint.headingLevel > 0
        inline(element.elements, into: &text)
        if boldPrefix > 0, boldPrefix < length { hint.boldPrefix = UInt16(min(boldPrefix, Int(UInt16.max))) }
        paragraphs.append(FormattedLine(text, hint: hint))
    }

    /// Runs and what holds runs, in order.
    mutating func inline(_ elements: [XMLElement], into text: inout String) {
        for element in elements {
            switch element.name {
            case "w:r": run(element, into: &text)
            case "w:ins":
                counts.insertions += 1
                inline(element.elements, into: &text)
            case "w:del", "w:moveFrom":
                counts.deletions += 1
            case "w:hyperlink", "w:smartTag", "w:customXml", "w:fldSimple", "w:sdt", "w:sdtContent", "w:moveTo", "w:dir", "w:bdo":
                inline(element.elements, into: &text)
            default: break
            }
        }
    }

    mutating func run(_ run: XMLElement, into text: inout String) {
        let bold = run.elements.first { $0.name == "w:rPr" }.flatMap(ParagraphStyles.bold) ?? styleBold
        func add(_ piece: String) {
            let count = piece.unicodeScalars.count
            length += count
            if boldOpen, count > 0 {
                if bold { boldPrefix += count } else { boldOpen = false }
            }
            text += piece
        }
        for child in run.elements {
            switch child.name {
            case "w:t": add(child.textContent)
            case "w:tab", "w:ptab": add("\t")
            case "w:br" where breaksAreLayout && child.attributes["w:type"] != "page":
                break
            case "w:br", "w:cr":
                // A bold line above a break is a line of its own, not an opening phrase.
                if boldOpen, length > 0 { (boldOpen, boldPrefix) = (false, 0) }
                add("\n")
            case "w:noBreakHyphen": add("-")
            case "w:softHyphen": break
            case "w:drawing", "w:pict", "w:object": counts.images += 1
            case "w:footnoteReference", "w:endnoteReference": counts.footnotes += 1
            default: break  // w:instrText (field codes), w:delText, properties
            }
        }
    }
}
