import Foundation
import SpeechStyles

/// The e-book's stylesheet, made from the same style data as the Word document: fonts as CSS
/// stacks ending in generic families, sizes relative to the body, the two-character indent,
/// the lead's emphasis, the highlighted gap notice. No fonts are embedded.
struct StyleCSS {
    let sheet: StyleSheet

    func css() -> String {
        let body = sheet.style(.body)
        let lineHeight = Double(sheet.page.linePitch.twips) / Double(body.size.halfPoints * 10)
        var rules: [String] = ["/* Made by SpeechDoc from the \(sheet.name) style. */"]
        rules.append(rule("body", [
            ("font-family", families(body.eastAsianFont, latin: body.latinFont)),
            ("line-height", format(lineHeight)),
            ("text-align", (body.align ?? .justify).rawValue),
            ("margin", "0"),
        ]))
        rules.append(rule("p", [("margin", "0"), ("text-indent", indent(body))]))
        rules.append(rule("h1." + Role.title.cssClass, declarations(.title, base: [("margin", "1em 0 0.5em"), ("line-height", "1.5")])))
        rules.append(rule("p.speaker-date", declarations(.speakerDate)))
        rules.append(rule("p.salutation", declarations(.salutation, base: [("margin-top", format(lineHeight) + "em")])))
        // Without a salutation, the blank line under the title block goes to what follows it.
        rules.append(rule("h1.title + :not(.speaker-date):not(.salutation), p.speaker-date + :not(.speaker-date):not(.salutation)",
                          [("margin-top", format(lineHeight) + "em")]))
        for level in Role.headingLevels {
            let role = Role.heading(level)
            rules.append(rule("h\(level + 1).\(role.cssClass)", declarations(role, base: [("margin", "0")])))
        }
        rules.append(rule("div.run-in", [("text-indent", indent(sheet.style(.heading1)))]))
        rules.append(rule("div.run-in > h2, div.run-in > h3, div.run-in > h4, div.run-in > h5, div.run-in > p", [
            ("display", "inline"), ("text-indent", "0"),
        ]))
        rules.append(rule("div.run-in > p", [("font-family", families(body.eastAsianFont, latin: body.latinFont)), ("font-weight", "normal")]))
        rules.append(rule("strong.lead", declarations(.lead, paragraph: false)))
        rules.append(rule("em.emphasis", [("font-style", "normal"), ("text-emphasis", "dot"), ("text-emphasis-position", "under right")]))
        rules.append(rule("p.gap", declarations(.gap)))
        // Damaged text and its note in the gap notice's highlight.
        let highlight = sheet.style(.gap).highlight.flatMap { Self.highlightColours[$0] } ?? "#ffff00"
        rules.append(rule("span.damaged, span.damaged-note", [("background-color", highlight)]))
        rules.append(rule("p.closing", declarations(.closing)))
        rules.append(rule("section.title-page", [("text-align", "center"), ("padding-top", "20%")]))
        rules.append(rule("section.title-page p", [("text-indent", "0"), ("text-align", "center")]))
        rules.append(rule("section.title-page ol", [("list-style", "none"), ("padding", "0"), ("margin-top", "2em")]))
        rules.append(rule("nav ol", [("list-style", "none")]))
        rules.append(rule("div.cover", [("text-align", "center")]))
        rules.append(rule("div.cover img", [("max-width", "100%"), ("max-height", "100%")]))
        return rules.joined(separator: "\n") + "\n"
    }

    private func declarations(_ role: Role, paragraph: Bool = true, base: [(String, String)] = []) -> [(String, String)] {
        let style = sheet.style(role)
        let body = sheet.style(.body)
        // Every role states its size, even the body's: a heading left to the reading system
        // gets the browser's h2 size, also where it runs into body text.
        var result: [(String, String)] = [("font-family", families(style.eastAsianFont, latin: style.latinFont)),
                                          ("font-size", format(Double(style.size.halfPoints) / Double(body.size.halfPoints)) + "em")]
        result.append(("font-weight", style.bold ? "bold" : "normal"))
        if paragraph {
            result.append(("text-indent", indent(style)))
            if let align = style.align { result.append(("text-align", align.rawValue)) }
        }
        if let highlight = style.highlight, let colour = Self.highlightColours[highlight] {
            result.append(("background-color", colour))
        }
        return result + base
    }

    /// "仿宋_GB2312", 仿宋, FangSong, …, "Times New Roman", serif — the Chinese font first: a
    /// Latin font first would set “” and — in its narrow Latin forms inside Chinese text.
    private func families(_ eastAsian: String, latin: String) -> String {
        let cjk = sheet.fontInfo(eastAsian).cssFamilies
        let latinFamilies = sheet.fontInfo(latin).cssFamilies.dropLast()
        var seen = Set<String>()
        return (Array(cjk.dropLast()) + latinFamilies + cjk.suffix(1)).filter { seen.insert($0).inserted }.map { family in
            FontEntry.genericFamilies.contains(family) ? family : "\"\(family.replacingOccurrences(of: "\"", with: ""))\""
        }.joined(separator: ", ")
    }

    private func indent(_ style: RoleStyle) -> String {
        guard let indent = style.firstLineIndent else { return "0" }
        switch indent {
        case .characters(let hundredths): return format(Double(hundredths) / 100) + "em"
        case .length(let length): return format(length.points) + "pt"
        }
    }

    private func rule(_ selector: String, _ declarations: [(String, String)]) -> String {
        "\(selector) {\n" + declarations.map { "  \($0.0): \($0.1);" }.joined(separator: "\n") + "\n}"
    }

    private func format(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static let highlightColours = ["yellow": "#ffff00", "green": "#00ff00", "cyan": "#00ffff", "magenta": "#ff00ff",
                                   "blue": "#0000ff", "red": "#ff0000", "darkYellow": "#808000", "lightGray": "#c0c0c0",
                                   "darkGray": "#808080", "black": "#000000"]
}
