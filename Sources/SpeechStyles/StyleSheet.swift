import SpeechModel

/// A style: page set-up and one entry per role, read from a data file under `Styles/`.
/// Writers ask for roles by name; no layout number lives in writer code.
public struct StyleSheet: Sendable, Equatable {
    public var name: String
    public var description: String
    public var page: PageSetup
    /// Fonts the roles name, in file order, with what Word should know about them.
    public var fonts: [FontEntry]
    public var roles: [Role: RoleStyle]

    public func style(_ role: Role) -> RoleStyle {
        roles[role] ?? roles[.body]!
    }

    /// Every font name a role uses, in role order, once each.
    public var usedFonts: [String] {
        var seen: [String] = []
        for role in Role.allCases {
            let style = style(role)
            for font in [style.eastAsianFont, style.latinFont] where !seen.contains(font) { seen.append(font) }
        }
        return seen
    }

    /// Page numbers alternate sides (odd pages right, even left) unless the page-number role
    /// gives an alignment, which then holds on every page.
    public var pageNumbersAlternate: Bool { style(.pageNumber).align == nil }

    public func fontInfo(_ name: String) -> FontEntry {
        fonts.first { $0.name == name } ?? FontEntry(name: name)
    }
}

/// The parts of a speech a style dresses.
/// A role a paragraph or run plays, with every name it goes by as data beside it: its key in
/// the style files (the raw value), its Word style and its class in the EPUB's HTML. Writers ask
/// for a role, never for an index.
public enum Role: String, Sendable, CaseIterable {
    case body
    case title
    case speakerDate = "speaker-date"
    case salutation
    case heading1 = "heading-1"
    case heading2 = "heading-2"
    case heading3 = "heading-3"
    case heading4 = "heading-4"
    case lead
    case closing
    case gap
    case pageNumber = "page-number"

    /// The heading levels a style sheet styles (the model's); deeper headings take the last one's style.
    public static let headingLevels = Heading.levels

    public static func heading(_ level: Int) -> Role {
        switch Heading.clamped(level) {
        case 1: return .heading1
        case 2: return .heading2
        case 3: return .heading3
        default: return .heading4
        }
    }

    /// 1–4 for the heading roles, nil for the others.
    public var headingLevel: Int? {
        switch self {
        case .heading1: return 1
        case .heading2: return 2
        case .heading3: return 3
        case .heading4: return 4
        default: return nil
        }
    }

    /// The class of the role's element in the EPUB's HTML (h1.title, h3.heading-2, p.gap…).
    public var cssClass: String { rawValue }

    /// The Word style: the id SpeechDoc gives it when no template has one, the name a template's
    /// style must have to stand in for it (Word's built-in names where there is one, so Word,
    /// LibreOffice and pandoc recognise them), and the Chinese alias Word shows.
    public var wordStyle: (id: String, name: String, alias: String?) {
        switch self {
        case .body: ("Normal", "Normal", "正文")
        case .title: ("Title", "Title", "标题")
        case .speakerDate: ("SpeakerDate", "Speaker and Date", "署名日期")
        case .salutation: ("Salutation", "Salutation", "称呼")
        case .heading1: ("Heading1", "heading 1", "标题 1")
        case .heading2: ("Heading2", "heading 2", "标题 2")
        case .heading3: ("Heading3", "heading 3", "标题 3")
        case .heading4: ("Heading4", "heading 4", "标题 4")
        case .lead: ("Lead", "Lead", "层次引语")
        case .closing: ("Closing", "Closing", "结束语")
        case .gap: ("GapNotice", "Gap Notice", "缺文提示")
        case .pageNumber: ("PageNumber", "Page Number Line", "页码")
        }
    }
}

public struct FontEntry: Sendable, Equatable {
    public var name: String
    public var altName: String?
    /// roman, swiss, modern, script, decorative, auto.
    public var family: String?
    /// Hex charset id as Word writes it: "86" is GB2312.
    public var charset: String?
    /// CSS fallbacks after the font itself, ending in a generic family (serif, sans-serif…).
    public var cssStack: [String]

    public init(name: String, altName: String? = nil, family: String? = nil, charset: String? = nil, cssStack: [String] = []) {
        self.name = name
        self.altName = altName
        self.family = family
        self.charset = charset
        self.cssStack = cssStack
    }

    public static let genericFamilies: Set<String> = ["serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"]

    /// The CSS font-family list: the font, its fallbacks, and a generic family at the end.
    public var cssFamilies: [String] {
        var families = [name] + cssStack
        if let last = families.last, !Self.genericFamilies.contains(last) { families.append("serif") }
        return families
    }
}

public struct PageSetup: Sendable, Equatable {
    public var width: Length
    public var height: Length
    public var marginTop: Length
    public var marginBottom: Length
    public var marginLeft: Length
    public var marginRight: Length
    public var linesPerPage: Int
    public var charactersPerLine: Int
    public var footerDistance: Length

    public var textWidth: Length { Length(twips: width.twips - marginLeft.twips - marginRight.twips) }
    public var textHeight: Length { Length(twips: height.twips - marginTop.twips - marginBottom.twips) }

    /// The grid's line pitch: the text block's height shared by the lines, rounded down so
    /// they all fit (225 mm / 22 → 579 twips). Three quarters of a point are held back first:
    /// LibreOffice measures in 1/100 mm, and a grid that fits to within a rounding error
    /// (247 mm / 35 → 400 twips) loses its last line there.
    public var linePitch: Length { Length(twips: (textHeight.twips - 15) / max(linesPerPage, 1)) }

    /// The grid cell's width in twips: the text width shared by the characters of a line.
    public var characterPitch: Double { Double(textWidth.twips) / Double(max(charactersPerLine, 1)) }

    /// Horizontal scale (percent) that makes characters of this size fit the grid cell, or 100.
    /// Word squeezes characters into a cell narrower than the font; LibreOffice gives such a
    /// character two cells, so the glyphs are narrowed just enough to fit one.
    public func characterScale(fontHalfPoints: Int) -> Int {
        let fontTwips = Double(fontHalfPoints) * 10
        guard characterPitch < fontTwips else { return 100 }
        return Int((characterPitch / fontTwips * 100).rounded(.down))
    }

    /// Whether text of this size, at the given horizontal scale, fits one grid cell; larger
    /// text (a title) must not snap to the character grid, or each character takes two cells.
    public func fitsGrid(fontHalfPoints: Int, scale: Int) -> Bool {
        Double(fontHalfPoints) * 10 * Double(scale) / 100 <= characterPitch + 0.5
    }

    /// Word's docGrid charSpace (1/4096 pt) that fits `charactersPerLine` characters of
    /// `fontHalfPoints` into the text width; negative when the characters must close up.
    public func characterSpacing(fontHalfPoints: Int) -> Int {
        let pitchPoints = Double(textWidth.twips) / Double(max(charactersPerLine, 1)) / 20
        let fontPoints = Double(fontHalfPoints) / 2
        return Int(((pitchPoints - fontPoints) * 4096).rounded(.down))
    }
}

public struct RoleStyle: Sendable, Equatable {
    public var eastAsianFont: String
    public var latinFont: String
    public var size: FontSize
    public var bold = false
    public var italic = false
    public var align: Alignment?
    public var firstLineIndent: Indent?
    /// Page numbers: the distance in from the text block's outer edge (when they alternate).
    public var outsideIndent: Indent?
    public var lineSpacing: LineSpacing?
    public var spaceBefore: Spacing?
    public var spaceAfter: Spacing?
    /// A highlight colour name as Word knows them (yellow, green, …).
    public var highlight: String?
    public var keepWithNext = false
    /// Page numbers: the text around the number, with {page} where it goes.
    public var text: String?

    public init(eastAsianFont: String, latinFont: String, size: FontSize) {
        self.eastAsianFont = eastAsianFont
        self.latinFont = latinFont
        self.size = size
    }
}

public enum Alignment: String, Sendable, CaseIterable {
    case left, center, right, justify
}

/// A length kept in twips (1/20 pt), so every measurement written is an integer.
public struct Length: Sendable, Equatable, Hashable {
    public var twips: Int
    public init(twips: Int) { self.twips = twips }

    public var points: Double { Double(twips) / 20 }
    public var millimetres: Double { Double(twips) * 25.4 / 1440 }

    /// "37mm", "16pt", "579tw", "1.5cm", "1in".
    public init?(_ text: String) {
        let value = text.trimmingCharacters(in: " ")
        let units: [(String, Double)] = [("mm", 1440 / 25.4), ("cm", 14400 / 25.4), ("pt", 20), ("tw", 1), ("in", 1440)]
        for (unit, factor) in units where value.hasSuffix(unit) {
            guard let number = Double(value.dropLast(unit.count).trimmingCharacters(in: " ")), number >= 0, number < 100_000 else { return nil }
            self.init(twips: Int((number * factor).rounded()))
            return
        }
        return nil
    }
}

/// A font size in half-points, as Word stores it.
public struct FontSize: Sendable, Equatable, Hashable {
    public var halfPoints: Int
    public init(halfPoints: Int) { self.halfPoints = halfPoints }
    public var points: Double { Double(halfPoints) / 2 }

    /// The Chinese size names (字号) and their point sizes.
    public static let chineseNames: [(String, Double)] = [
        ("初号", 42), ("小初", 36), ("一号", 26), ("小一", 24), ("二号", 22), ("小二", 18), ("三号", 16), ("小三", 15),
        ("四号", 14), ("小四", 12), ("五号", 10.5), ("小五", 9), ("六号", 7.5), ("小六", 6.5), ("七号", 5.5), ("八号", 5),
    ]

    /// "三号", "小四", "16pt", "10.5pt".
    public init?(_ text: String) {
        let value = text.trimmingCharacters(in: " ")
        if let named = Self.chineseNames.first(where: { $0.0 == value }) {
            self.init(halfPoints: Int(named.1 * 2))
            return
        }
        let number = value.hasSuffix("pt") ? String(value.dropLast(2)) : value
        guard let points = Double(number.trimmingCharacters(in: " ")), points > 0, points <= 400,
              (points * 2).rounded() == points * 2 else { return nil }
        self.init(halfPoints: Int(points * 2))
    }

    /// The Chinese name of this size, when it has one.
    public var chineseName: String? { Self.chineseNames.first { $0.1 * 2 == Double(halfPoints) }?.0 }
}

/// An indent in characters of the role's own size ("2ch") or as a length.
public enum Indent: Sendable, Equatable {
    case characters(hundredths: Int)
    case length(Length)

    public init?(_ text: String) {
        let value = text.trimmingCharacters(in: " ")
        for unit in ["ch", "em", "字"] where value.hasSuffix(unit) {
            guard let number = Double(value.dropLast(unit.count).trimmingCharacters(in: " ")), number >= 0, number <= 100 else { return nil }
            self = .characters(hundredths: Int((number * 100).rounded()))
            return
        }
        guard let length = Length(value) else { return nil }
        self = .length(length)
    }

    /// The indent in twips for text of the given size.
    public func twips(fontSize: FontSize) -> Int {
        switch self {
        case .characters(let hundredths): return hundredths * fontSize.halfPoints * 10 / 100
        case .length(let length): return length.twips
        }
    }
}

public enum LineSpacing: Sendable, Equatable {
    /// Exactly one line of the page grid.
    case grid
    case exact(Length)

    public init?(_ text: String) {
        let value = text.trimmingCharacters(in: " ")
        if value == "grid" { self = .grid; return }
        guard let length = Length(value) else { return nil }
        self = .exact(length)
    }

    public func twips(page: PageSetup) -> Int {
        switch self {
        case .grid: return page.linePitch.twips
        case .exact(let length): return length.twips
        }
    }
}

/// Space before or after a paragraph: grid lines ("1 line") or a length.
public enum Spacing: Sendable, Equatable {
    case lines(hundredths: Int)
    case length(Length)

    public init?(_ text: String) {
        let value = text.trimmingCharacters(in: " ")
        for unit in ["lines", "line"] where value.hasSuffix(unit) {
            guard let number = Double(value.dropLast(unit.count).trimmingCharacters(in: " ")), number >= 0, number <= 50 else { return nil }
            self = .lines(hundredths: Int((number * 100).rounded()))
            return
        }
        guard let length = Length(value) else { return nil }
        self = .length(length)
    }

    public func twips(page: PageSetup) -> Int {
        switch self {
        case .lines(let hundredths): return hundredths * page.linePitch.twips / 100
        case .length(let length): return length.twips
        }
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var result = Substring(self)
        while result.first == set { result = result.dropFirst() }
        while result.last == set { result = result.dropLast() }
        return String(result)
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String { String(self).trimmingCharacters(in: set) }
}
