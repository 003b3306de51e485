import SpeechModel
import Foundation

/// Writes a style sheet in the format of the files under Styles/, every value given, so what
/// `speechdoc styles show` prints can be saved, edited and passed back with `--style`: read
/// back, it is the same style sheet (and so gives the same output, byte for byte).
public enum StyleWriter {
    public static func yaml(_ sheet: StyleSheet) -> String {
        var out = """
        # The style “\(sheet.name)” with every value given. Save it, change what you need and pass it
        # back with --style FILE; or keep only your changes under “base: \(sheet.name)”.

        """
        out += "name: \(scalar(sheet.name))\n"
        out += "description: \(scalar(sheet.description))\n\n"

        let page = sheet.page
        out += "page:\n"
        for (key, value) in [
            ("width", length(page.width)), ("height", length(page.height)),
            ("margin-top", length(page.marginTop)), ("margin-bottom", length(page.marginBottom)),
            ("margin-left", length(page.marginLeft)), ("margin-right", length(page.marginRight)),
            ("lines-per-page", String(page.linesPerPage)), ("characters-per-line", String(page.charactersPerLine)),
            ("footer-distance", length(page.footerDistance)),
        ] {
            out += "  \(key): \(value)\n"
        }

        if !sheet.fonts.isEmpty {
            out += "\nfonts:\n"
            for font in sheet.fonts {
                var fields: [String] = []
                if let alt = font.altName { fields.append("alt-name: \(scalar(alt))") }
                if let family = font.family { fields.append("family: \(family)") }
                if let charset = font.charset { fields.append("charset: \"\(charset)\"") }
                if !font.cssStack.isEmpty { fields.append("css-stack: [\(font.cssStack.map(scalar).joined(separator: ", "))]") }
                out += "  \(scalar(font.name)): {\(fields.joined(separator: ", "))}\n"
            }
        }

        out += "\nroles:\n"
        for role in Role.allCases {
            guard let style = sheet.roles[role] else { continue }
            out += "  \(role.rawValue):\n"
            for (key, value) in fields(style) { out += "    \(key): \(value)\n" }
        }
        return out
    }

    /// The role's fields in the order the loader documents them; false and absent values left out.
    private static func fields(_ style: RoleStyle) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("east-asian-font", scalar(style.eastAsianFont)),
            ("latin-font", scalar(style.latinFont)),
            ("size", size(style.size)),
        ]
        if style.bold { fields.append(("bold", "true")) }
        if style.italic { fields.append(("italic", "true")) }
        if let align = style.align { fields.append(("align", align.rawValue)) }
        if let indent = style.firstLineIndent { fields.append(("first-line-indent", self.indent(indent))) }
        if let indent = style.outsideIndent { fields.append(("outside-indent", self.indent(indent))) }
        if let spacing = style.lineSpacing { fields.append(("line-spacing", lineSpacing(spacing))) }
        if let space = style.spaceBefore { fields.append(("space-before", self.space(space))) }
        if let space = style.spaceAfter { fields.append(("space-after", self.space(space))) }
        if let highlight = style.highlight { fields.append(("highlight", highlight)) }
        if style.keepWithNext { fields.append(("keep-with-next", "true")) }
        if let text = style.text { fields.append(("text", scalar(text))) }
        return fields
    }

    /// The plainest of mm, pt or tw that reads back as exactly this many twips: whole or tenth
    /// millimetres; a whole millimetre nudged by a twip or two (1588tw, a 28 mm margin that
    /// leaves the 156 mm text block exact) in twips, as a style file writes it, never 28.01mm;
    /// then points; then twips.
    static func length(_ length: Length) -> String {
        for decimals in 0...1 {
            let text = number(length.millimetres, decimals: decimals) + "mm"
            if Length(text) == length { return text }
        }
        if abs(length.millimetres - length.millimetres.rounded()) < 0.05 { return "\(length.twips)tw" }
        for decimals in 0...2 {
            let text = number(length.points, decimals: decimals) + "pt"
            if Length(text) == length { return text }
        }
        return "\(length.twips)tw"
    }

    static func size(_ size: FontSize) -> String {
        size.chineseName ?? number(size.points, decimals: 1) + "pt"
    }

    static func indent(_ indent: Indent) -> String {
        switch indent {
        case .characters(let hundredths): return number(Double(hundredths) / 100, decimals: 2) + "ch"
        case .length(let length): return self.length(length)
        }
    }

    static func lineSpacing(_ spacing: LineSpacing) -> String {
        switch spacing {
        case .grid: return "grid"
        case .exact(let exact): return length(exact)
        }
    }

    static func space(_ spacing: Spacing) -> String {
        switch spacing {
        case .lines(let hundredths):
            return number(Double(hundredths) / 100, decimals: 2) + (hundredths == 100 ? " line" : " lines")
        case .length(let length): return self.length(length)
        }
    }

    /// A number rounded to at most `decimals` places, without trailing zeros.
    private static func number(_ value: Double, decimals: Int) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// A YAML scalar: plain when YAML reads it back as the same text, double-quoted otherwise.
    static func scalar(_ text: String) -> String {
        let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"]
        let special = Set("{}[],#&*!|>'\"%@`")
        let plain = !text.isEmpty
            && !reserved.contains(text.lowercased())
            && Double(text) == nil
            && text.first.map { !"-?:".contains($0) && !$0.isWhitespace } == true
            && text.last.map { !$0.isWhitespace } == true
            && !text.contains(where: { special.contains($0) || $0.isNewline || $0.unicodeScalars.first!.value < 0x20 })
            && !text.contains(": ") && !text.hasSuffix(":")
        return plain ? text : Quoting.yaml(text)
    }
}
