import SpeechStyles
import XMLSupport

/// word/styles.xml: every role of the style sheet as a named style. Paragraphs in the document
/// only reference these; the layout numbers all come from the style sheet.
struct StylesPart {
    let sheet: StyleSheet
    var map = StyleMap.standard
    /// Run properties for the character styles that sit inside body text (lead, run-in body):
    /// a template's Normal when the body takes the template's style, so they match it.
    var bodyRunProperties: XMLElement?

    init(sheet: StyleSheet, map: StyleMap = .standard, bodyRunProperties: XMLElement? = nil) {
        self.sheet = sheet
        self.map = map
        self.bodyRunProperties = bodyRunProperties
    }

    /// The styles a document in this style refers to, in the order styles.xml lists them.
    static func keys(for sheet: StyleSheet, pageNumbers: Bool = true) -> [StyleKey] {
        let numbers: [StyleKey] = !pageNumbers ? [] : sheet.pageNumbersAlternate ? [.footer, .pageNumberOdd, .pageNumberEven] : [.footer, .pageNumber]
        return [.normal, .title] + Role.headingLevels.map(StyleKey.heading) + [.speakerDate, .salutation, .closing, .gap]
            + numbers + [.defaultParagraphFont, .lead, .runInBody, .emphasis, .damaged]
    }

    /// The whole part: document defaults and every style.
    func xml() throws -> [UInt8] {
        try xml(keys: Self.keys(for: sheet), defaults: true)
    }

    /// Just the `<w:style>` elements for these keys, to go inside another styles part that
    /// binds w: to the same namespace.
    func fragment(keys: [StyleKey]) throws -> [UInt8] {
        XMLFragment.children(of: try xml(keys: keys, defaults: false), root: "w:styles")
    }

    private func xml(keys: [StyleKey], defaults: Bool) throws -> [UInt8] {
        let writer = try XMLWriter()
        try writer.element("w:styles", attributes: ["xmlns:w": OOXML.w]) {
            if defaults { try docDefaults(writer) }
            for key in keys { try style(writer, key) }
        }
        return try writer.finish()
    }

    private func style(_ writer: XMLWriter, _ key: StyleKey) throws {
        switch key {
        case .role(let role):
            switch role {
            case .body: try paragraphStyle(writer, key, role: .body, isDefault: true)
            case .heading1, .heading2, .heading3, .heading4:
                let level = role.headingLevel!
                try paragraphStyle(writer, key, role: role, next: map[.normal], outlineLevel: level - 1)
            case .title, .speakerDate, .salutation: try paragraphStyle(writer, key, role: role, next: map[.normal])
            case .closing, .gap: try paragraphStyle(writer, key, role: role)
            case .pageNumber: try pageNumberStyle(writer, key, align: nil, side: nil)
            case .lead: try characterStyle(writer, key, role: .lead)
            }
        case .footer: try paragraphStyle(writer, key, role: .pageNumber)
        case .pageNumberOdd: try pageNumberStyle(writer, key, align: "right", side: "w:right")
        case .pageNumberEven: try pageNumberStyle(writer, key, align: "left", side: "w:left")
        case .defaultParagraphFont:
            try writer.element("w:style", attributes: ["w:type": "character", "w:default": "1", "w:styleId": map[key]]) {
                try writer.val("w:name", key.name)
                try writer.val("w:uiPriority", "1")
                try writer.element("w:semiHidden")
                try writer.element("w:unhideWhenUsed")
            }
        case .runInBody: try characterStyle(writer, key, role: .body)
        case .emphasis:
            try writer.element("w:style", attributes: ["w:type": "character", "w:styleId": map[key]]) {
                try header(writer, key, basedOn: map[.defaultParagraphFont])
                try writer.element("w:qFormat")
                try writer.element("w:rPr") { try writer.val("w:em", "dot") }
            }
        case .damaged:
            // Marked as the gap notice is: its highlight.
            try writer.element("w:style", attributes: ["w:type": "character", "w:styleId": map[key]]) {
                try header(writer, key, basedOn: map[.defaultParagraphFont])
                try writer.element("w:qFormat")
                try writer.element("w:rPr") { try writer.val("w:highlight", sheet.style(.gap).highlight ?? "yellow") }
            }
        }
    }

    private func header(_ writer: XMLWriter, _ key: StyleKey, basedOn: String?) throws {
        try writer.val("w:name", key.name)
        if let aliases = key.aliases { try writer.val("w:aliases", aliases) }
        if let basedOn { try writer.val("w:basedOn", basedOn) }
    }

    private func docDefaults(_ writer: XMLWriter) throws {
        let body = sheet.style(.body)
        try writer.element("w:docDefaults") {
            try writer.element("w:rPrDefault") {
                try writer.element("w:rPr") {
                    try fonts(writer, body)
                    let scale = sheet.page.characterScale(fontHalfPoints: body.size.halfPoints)
                    if scale < 100 { try writer.val("w:w", String(scale)) }
                    try writer.val("w:sz", String(body.size.halfPoints))
                    try writer.val("w:szCs", String(body.size.halfPoints))
                    try writer.element("w:lang", attributes: ["w:val": "en-US", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"])
                }
            }
            try writer.element("w:pPrDefault") {
                try writer.element("w:pPr") {
                    try writer.element("w:spacing", attributes: ["w:line": String(sheet.page.linePitch.twips), "w:lineRule": "exact"])
                }
            }
        }
    }

    /// eastAsia and hAnsi get the CJK font, so “”…— use it; ascii gets the Latin font.
    /// No theme fonts: they would override these names.
    private func fonts(_ writer: XMLWriter, _ style: RoleStyle) throws {
        try writer.element("w:rFonts", attributes: [
            "w:ascii": style.latinFont, "w:eastAsia": style.eastAsianFont,
            "w:hAnsi": style.eastAsianFont, "w:cs": style.latinFont,
        ])
    }

    private func runProperties(_ writer: XMLWriter, _ style: RoleStyle, explicitNotBold: Bool = false) throws {
        try writer.element("w:rPr") {
            try fonts(writer, style)
            if style.bold {
                try writer.element("w:b")
                try writer.element("w:bCs")
            } else if explicitNotBold {
                try writer.val("w:b", "0")
                try writer.val("w:bCs", "0")
            }
            if style.italic {
                try writer.element("w:i")
                try writer.element("w:iCs")
            }
            try writer.val("w:sz", String(style.size.halfPoints))
            try writer.val("w:szCs", String(style.size.halfPoints))
            if let highlight = style.highlight { try writer.val("w:highlight", highlight) }
        }
    }

    private func paragraphStyle(_ writer: XMLWriter, _ key: StyleKey, role: Role,
                                isDefault: Bool = false, next: String? = nil, outlineLevel: Int? = nil) throws {
        let style = sheet.style(role)
        var attributes: KeyValuePairs<String, String> = ["w:type": "paragraph", "w:styleId": map[key]]
        if isDefault { attributes = ["w:type": "paragraph", "w:default": "1", "w:styleId": map[key]] }
        try writer.element("w:style", attributes: attributes) {
            try header(writer, key, basedOn: isDefault ? nil : map[.normal])
            if let next { try writer.val("w:next", next) }
            if outlineLevel != nil { try writer.val("w:uiPriority", "9") }
            try writer.element("w:qFormat")
            try writer.element("w:pPr") {
                if style.keepWithNext { try writer.element("w:keepNext") }
                // Every line of the grid is filled: no widow and orphan control moving lines on.
                if isDefault { try writer.val("w:widowControl", "0") }
                let scale = sheet.page.characterScale(fontHalfPoints: sheet.style(.body).size.halfPoints)
                if role == .pageNumber || !sheet.page.fitsGrid(fontHalfPoints: style.size.halfPoints, scale: scale) {
                    try writer.val("w:snapToGrid", "0")
                }
                try spacing(writer, style)
                try indent(writer, style)
                if let align = style.align { try writer.val("w:jc", align == .justify ? "both" : align.rawValue) }
                else if !isDefault { try writer.val("w:jc", "both") }
                if let outlineLevel { try writer.val("w:outlineLvl", String(outlineLevel)) }
            }
            try runProperties(writer, style, explicitNotBold: !isDefault)
        }
    }

    private func spacing(_ writer: XMLWriter, _ style: RoleStyle) throws {
        var attributes: [(String, String)] = []
        if let before = style.spaceBefore { attributes.append(("w:before", String(before.twips(page: sheet.page)))) }
        else { attributes.append(("w:before", "0")) }
        if let after = style.spaceAfter { attributes.append(("w:after", String(after.twips(page: sheet.page)))) }
        else { attributes.append(("w:after", "0")) }
        if let line = style.lineSpacing {
            attributes.append(("w:line", String(line.twips(page: sheet.page))))
            attributes.append(("w:lineRule", "exact"))
        } else {
            attributes.append(("w:line", "240"))
            attributes.append(("w:lineRule", "auto"))
        }
        try writer.startElement("w:spacing")
        for (key, value) in attributes { try writer.attribute(key, value) }
        try writer.endElement()
    }

    /// A first-line indent in characters is written twice: w:firstLineChars for Word and
    /// w:firstLine in twips, which LibreOffice needs.
    private func indent(_ writer: XMLWriter, _ style: RoleStyle) throws {
        guard let indent = style.firstLineIndent else {
            try writer.element("w:ind", attributes: ["w:firstLineChars": "0", "w:firstLine": "0"])
            return
        }
        switch indent {
        case .characters(let hundredths):
            try writer.element("w:ind", attributes: ["w:firstLineChars": String(hundredths),
                                                      "w:firstLine": String(indent.twips(fontSize: style.size))])
        case .length(let length):
            try writer.element("w:ind", attributes: ["w:firstLine": String(length.twips)])
        }
    }

    /// Alternating: odd pages right, even pages left, `outside-indent` in from the text block.
    /// Otherwise (align and side nil) the footer style's own alignment holds on every page.
    private func pageNumberStyle(_ writer: XMLWriter, _ key: StyleKey, align: String?, side: String?) throws {
        let style = sheet.style(.pageNumber)
        let inset = style.outsideIndent ?? .characters(hundredths: 0)
        try writer.element("w:style", attributes: ["w:type": "paragraph", "w:styleId": map[key]]) {
            try header(writer, key, basedOn: map[.footer])
            try writer.element("w:qFormat")
            guard let align, let side else { return }
            try writer.element("w:pPr") {
                try writer.startElement("w:ind")
                if case .characters(let hundredths) = inset { try writer.attribute(side + "Chars", String(hundredths)) }
                try writer.attribute(side, String(inset.twips(fontSize: style.size)))
                try writer.endElement()
                try writer.val("w:jc", align)
            }
        }
    }

    /// Character styles inside body text. With a template's body, they take its run properties
    /// (the lead adds bold) so the paragraph keeps one face.
    private func characterStyle(_ writer: XMLWriter, _ key: StyleKey, role: Role) throws {
        try writer.element("w:style", attributes: ["w:type": "character", "w:styleId": map[key]]) {
            try header(writer, key, basedOn: map[.defaultParagraphFont])
            try writer.element("w:qFormat")
            if let base = bodyRunProperties {
                try TemplateXML.runProperties(base, bold: sheet.style(role).bold, writer: writer)
            } else {
                try runProperties(writer, sheet.style(role), explicitNotBold: true)
            }
        }
    }
}
