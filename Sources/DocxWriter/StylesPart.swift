import SpeechStyles
import XMLSupport

/// word/styles.xml: every role of the style sheet as a named style. Paragraphs in the document
/// only reference these; the layout numbers all come from the style sheet.
struct StylesPart {
    let sheet: StyleSheet

    func xml() throws -> [UInt8] {
        let writer = try XMLWriter()
        try writer.element("w:styles", attributes: ["xmlns:w": OOXML.w]) {
            try docDefaults(writer)
            try paragraphStyle(writer, id: StyleID.normal, name: "Normal", aliases: "正文", role: .body, isDefault: true)
            try paragraphStyle(writer, id: StyleID.title, name: "Title", aliases: "标题", role: .title, next: StyleID.normal)
            for level in 1...4 {
                try paragraphStyle(writer, id: StyleID.heading(level), name: "heading \(level)", aliases: "标题 \(level)",
                                   role: .heading(level), next: StyleID.normal, outlineLevel: level - 1)
            }
            try paragraphStyle(writer, id: StyleID.speakerDate, name: "Speaker and Date", aliases: "署名日期", role: .speakerDate, next: StyleID.normal)
            try paragraphStyle(writer, id: StyleID.salutation, name: "Salutation", aliases: "称呼", role: .salutation, next: StyleID.normal)
            try paragraphStyle(writer, id: StyleID.closing, name: "Closing", aliases: "结束语", role: .closing)
            try paragraphStyle(writer, id: StyleID.gap, name: "Gap Notice", aliases: "缺文提示", role: .gap)
            try paragraphStyle(writer, id: StyleID.footer, name: "footer", aliases: "页脚", role: .pageNumber)
            if sheet.pageNumbersAlternate {
                try pageNumberStyle(writer, id: StyleID.pageNumberOdd, name: "Page Number Odd", aliases: "页码（单页）", align: "right", side: "w:right")
                try pageNumberStyle(writer, id: StyleID.pageNumberEven, name: "Page Number Even", aliases: "页码（双页）", align: "left", side: "w:left")
            } else {
                try pageNumberStyle(writer, id: StyleID.pageNumber, name: "Page Number Line", aliases: "页码", align: nil, side: nil)
            }
            try writer.element("w:style", attributes: ["w:type": "character", "w:default": "1", "w:styleId": StyleID.defaultParagraphFont]) {
                try writer.val("w:name", "Default Paragraph Font")
                try writer.val("w:uiPriority", "1")
                try writer.element("w:semiHidden")
                try writer.element("w:unhideWhenUsed")
            }
            try characterStyle(writer, id: StyleID.lead, name: "Lead", aliases: "层次引语", role: .lead)
            try characterStyle(writer, id: StyleID.runInBody, name: "Run-in Body Text", aliases: "并列正文", role: .body)
            try writer.element("w:style", attributes: ["w:type": "character", "w:styleId": StyleID.emphasis]) {
                try writer.val("w:name", "Emphasis")
                try writer.val("w:aliases", "着重号")
                try writer.val("w:basedOn", StyleID.defaultParagraphFont)
                try writer.element("w:qFormat")
                try writer.element("w:rPr") { try writer.val("w:em", "dot") }
            }
        }
        return try writer.finish()
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

    private func paragraphStyle(_ writer: XMLWriter, id: String, name: String, aliases: String, role: Role,
                                isDefault: Bool = false, next: String? = nil, outlineLevel: Int? = nil) throws {
        let style = sheet.style(role)
        var attributes: KeyValuePairs<String, String> = ["w:type": "paragraph", "w:styleId": id]
        if isDefault { attributes = ["w:type": "paragraph", "w:default": "1", "w:styleId": id] }
        try writer.element("w:style", attributes: attributes) {
            try writer.val("w:name", name)
            try writer.val("w:aliases", aliases)
            if !isDefault { try writer.val("w:basedOn", StyleID.normal) }
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
    private func pageNumberStyle(_ writer: XMLWriter, id: String, name: String, aliases: String, align: String?, side: String?) throws {
        let style = sheet.style(.pageNumber)
        let inset = style.outsideIndent ?? .characters(hundredths: 0)
        try writer.element("w:style", attributes: ["w:type": "paragraph", "w:styleId": id]) {
            try writer.val("w:name", name)
            try writer.val("w:aliases", aliases)
            try writer.val("w:basedOn", StyleID.footer)
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

    private func characterStyle(_ writer: XMLWriter, id: String, name: String, aliases: String, role: Role) throws {
        try writer.element("w:style", attributes: ["w:type": "character", "w:styleId": id]) {
            try writer.val("w:name", name)
            try writer.val("w:aliases", aliases)
            try writer.val("w:basedOn", StyleID.defaultParagraphFont)
            try writer.element("w:qFormat")
            try runProperties(writer, sheet.style(role), explicitNotBold: true)
        }
    }
}
