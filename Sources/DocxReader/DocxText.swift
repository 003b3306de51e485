import OfficePackage
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
public enum DocxText {
    public struct Result: Sendable {
        public var lines: [String]
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
        var walker = Walker(numbering: numbering)
        walker.blocks(body.elements)
        var warnings: [(String, String)] = []
        let counts = walker.counts
        if counts.tables > 0 { warnings.append(("docx-table", "\(counts.tables) table(s): each row kept as a paragraph, its cells set apart by spaces")) }
        if counts.insertions + counts.deletions > 0 {
            warnings.append(("docx-tracked-changes", "tracked changes read as accepted: \(counts.insertions) insertion(s) kept, \(counts.deletions) deletion(s) left out"))
        }
        if counts.images > 0 { warnings.append(("docx-image", "\(counts.images) image(s) or text box(es) left out")) }
        if counts.footnotes > 0 { warnings.append(("docx-footnote", "\(counts.footnotes) footnote or endnote reference(s): the notes are left out")) }
        return Result(lines: walker.lines, warnings: warnings)
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

private struct Walker {
    var numbering: Numbering
    var lines: [String] = []
    var counts = (tables: 0, insertions: 0, deletions: 0, images: 0, footnotes: 0)

    init(numbering: Numbering) { self.numbering = numbering }

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
                        var inner = Walker(numbering: numbering)
                        inner.blocks(cell.elements)
                        numbering = inner.numbering
                        counts.images += inner.counts.images
                        counts.footnotes += inner.counts.footnotes
                        cells.append(inner.lines.joined(separator: "\u{3000}"))
                    }
                    lines.append(cells.filter { !$0.isEmpty }.joined(separator: "\u{3000}"))
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
        if let properties = element.elements.first(where: { $0.name == "w:pPr" }),
           let numPr = properties.elements.first(where: { $0.name == "w:numPr" }),
           let num = numPr.elements.first(where: { $0.name == "w:numId" })?.attributes["w:val"] {
            let level = numPr.elements.first(where: { $0.name == "w:ilvl" })?.attributes["w:val"].flatMap(Int.init) ?? 0
            if let label = numbering.label(num: num, level: level) { text = label }
        }
        inline(element.elements, into: &text)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { lines.append(String(line)) }
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
        for child in run.elements {
            switch child.name {
            case "w:t": text += child.textContent
            case "w:tab", "w:ptab": text += "\t"
            case "w:br", "w:cr": text += "\n"
            case "w:noBreakHyphen": text += "-"
            case "w:softHyphen": break
            case "w:drawing", "w:pict", "w:object": counts.images += 1
            case "w:footnoteReference", "w:endnoteReference": counts.footnotes += 1
            default: break  // w:instrText (field codes), w:delText, properties
            }
        }
    }
}
