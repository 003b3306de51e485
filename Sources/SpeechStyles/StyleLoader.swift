import Yams

/// A problem in a style file, located: "mystyle.yaml:12: roles.body.size: …".
public struct StyleError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var key: String
    public var message: String

    /// `file:line: key: message`; a file that was never read (no such preset or file) has no
    /// line to name: `file: message` (line 0).
    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }
}

/// Reads style files. Every key is checked: an unknown key or a bad value is an error that
/// names the file, the line and the key. A file may start from another style with
/// `base: NAME` and give only what differs.
public enum StyleLoader {
    public static func load(yaml: String, file: String, base resolve: (String) throws -> StyleSheet) throws -> StyleSheet {
        let root: Node
        do {
            // Every value is read as text and parsed here, so no scalar needs YAML's implicit types:
            // the basic resolver spares a regular expression per scalar (most of a style's load).
            // UTF-8 named, as for the lexicon: Yams' default reads the environment every call.
            guard let node = try Yams.compose(yaml: yaml, .basic, .default, .utf8) else {
                throw StyleError(file: file, line: 1, key: "", message: "the file is empty")
            }
            root = node
        } catch let error as YamlError {
            throw StyleError(file: file, line: line(of: error), key: "", message: "not valid YAML: \(problem(of: error))")
        }
        let reader = Reader(file: file)
        let mapping = try reader.mapping(root, key: "")
        var draft = Draft()
        if let baseNode = mapping.first(where: { $0.key.string == "base" })?.value {
            let name = try reader.string(baseNode, key: "base")
            do {
                draft = Draft(try resolve(name))
            } catch let error as StyleError where error.line == 0 {
                // No such preset: the place to mend is this file's base line.
                throw StyleError(file: file, line: reader.line(baseNode), key: "base", message: "“\(name)”: \(error.message)")
            } catch let error as StyleError {
                throw error
            } catch {
                throw StyleError(file: file, line: reader.line(baseNode), key: "base", message: "\(error)")
            }
            draft.description = nil
        }
        for (keyNode, value) in mapping {
            let key = try reader.string(keyNode, key: "")
            switch key {
            case "base": break
            case "name": draft.name = try reader.string(value, key: key)
            case "description": draft.description = try reader.string(value, key: key)
            case "page": try reader.readPage(value, into: &draft.page)
            case "fonts": try reader.readFonts(value, into: &draft.fonts)
            case "roles": try reader.readRoles(value, into: &draft.roles)
            default: throw StyleError(file: file, line: reader.line(keyNode), key: key, message: "unknown key (expected base, name, description, page, fonts, roles)")
            }
        }
        return try draft.finish(file: file, line: reader.line(root))
    }

    private static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return 1
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        default: return "\(error)"
        }
    }
}

/// Everything optional, so a file can override part of a base style.
private struct Draft {
    struct Page {
        var width, height, marginTop, marginBottom, marginLeft, marginRight, footerDistance: Length?
        var linesPerPage, charactersPerLine: Int?
    }

    var name: String?
    var description: String?
    var page = Page()
    var fonts: [FontEntry] = []
    var roles: [Role: [String: RoleValue]] = [:]

    init() {}

    init(_ sheet: StyleSheet) {
        name = sheet.name
        description = sheet.description
        let p = sheet.page
        page = Page(width: p.width, height: p.height, marginTop: p.marginTop, marginBottom: p.marginBottom,
                    marginLeft: p.marginLeft, marginRight: p.marginRight, footerDistance: p.footerDistance,
                    linesPerPage: p.linesPerPage, charactersPerLine: p.charactersPerLine)
        fonts = sheet.fonts
        for (role, style) in sheet.roles { roles[role] = RoleValue.fields(of: style) }
    }

    func finish(file: String, line: Int) throws -> StyleSheet {
        func need<T>(_ value: T?, _ key: String) throws -> T {
            guard let value else { throw StyleError(file: file, line: line, key: key, message: "missing (give it, or start from a preset with base: gbt9704)") }
            return value
        }
        let setup = PageSetup(
            width: try need(page.width, "page.width"), height: try need(page.height, "page.height"),
            marginTop: try need(page.marginTop, "page.margin-top"), marginBottom: try need(page.marginBottom, "page.margin-bottom"),
            marginLeft: try need(page.marginLeft, "page.margin-left"), marginRight: try need(page.marginRight, "page.margin-right"),
            linesPerPage: try need(page.linesPerPage, "page.lines-per-page"),
            charactersPerLine: try need(page.charactersPerLine, "page.characters-per-line"),
            footerDistance: try need(page.footerDistance, "page.footer-distance"))
        var styles: [Role: RoleStyle] = [:]
        for role in Role.allCases {
            let fields = try need(roles[role], "roles.\(role.rawValue)")
            styles[role] = try RoleValue.style(from: fields, role: role, file: file, line: line)
        }
        let sheet = StyleSheet(name: try need(name, "name"), description: description ?? "", page: setup, fonts: fonts, roles: styles)
        try StyleLimits.check(sheet, file: file, line: line)
        return sheet
    }
}

/// One parsed role field.
private enum RoleValue: Equatable {
    case string(String), bool(Bool), size(FontSize), align(Alignment), indent(Indent), spacing(LineSpacing), space(Spacing)

    static let keys = ["east-asian-font", "latin-font", "size", "bold", "italic", "align", "first-line-indent", "outside-indent",
                       "line-spacing", "space-before", "space-after", "highlight", "keep-with-next", "text"]

    static func fields(of style: RoleStyle) -> [String: RoleValue] {
        var fields: [String: RoleValue] = [
            "east-asian-font": .string(style.eastAsianFont), "latin-font": .string(style.latinFont), "size": .size(style.size),
            "bold": .bool(style.bold), "italic": .bool(style.italic), "keep-with-next": .bool(style.keepWithNext),
        ]
        if let align = style.align { fields["align"] = .align(align) }
        if let indent = style.firstLineIndent { fields["first-line-indent"] = .indent(indent) }
        if let indent = style.outsideIndent { fields["outside-indent"] = .indent(indent) }
        if let spacing = style.lineSpacing { fields["line-spacing"] = .spacing(spacing) }
        if let space = style.spaceBefore { fields["space-before"] = .space(space) }
        if let space = style.spaceAfter { fields["space-after"] = .space(space) }
        if let highlight = style.highlight { fields["highlight"] = .string(highlight) }
        if let text = style.text { fields["text"] = .string(text) }
        return fields
    }

    static func style(from fields: [String: RoleValue], role: Role, file: String, line: Int) throws -> RoleStyle {
        func string(_ key: String) -> String? { if case .string(let v)? = fields[key] { return v }; return nil }
        guard let eastAsian = string("east-asian-font"), let latin = string("latin-font"),
              case .size(let size)? = fields["size"] else {
            throw StyleError(file: file, line: line, key: "roles.\(role.rawValue)", message: "needs east-asian-font, latin-font and size")
        }
        var style = RoleStyle(eastAsianFont: eastAsian, latinFont: latin, size: size)
        if case .bool(let v)? = fields["bold"] { style.bold = v }
        if case .bool(let v)? = fields["italic"] { style.italic = v }
        if case .bool(let v)? = fields["keep-with-next"] { style.keepWithNext = v }
        if case .align(let v)? = fields["align"] { style.align = v }
        if case .indent(let v)? = fields["first-line-indent"] { style.firstLineIndent = v }
        if case .indent(let v)? = fields["outside-indent"] { style.outsideIndent = v }
        if case .spacing(let v)? = fields["line-spacing"] { style.lineSpacing = v }
        if case .space(let v)? = fields["space-before"] { style.spaceBefore = v }
        if case .space(let v)? = fields["space-after"] { style.spaceAfter = v }
        style.highlight = string("highlight")
        style.text = string("text")
        if role == .pageNumber, let text = style.text, !text.contains("{page}") {
            throw StyleError(file: file, line: line, key: "roles.page-number.text", message: "must contain {page}")
        }
        return style
    }
}

private struct Reader {
    let file: String

    func line(_ node: Node) -> Int { node.mark?.line ?? 1 }

    func error(_ node: Node, _ key: String, _ message: String) -> StyleError {
        StyleError(file: file, line: line(node), key: key, message: message)
    }

    func mapping(_ node: Node, key: String) throws -> [(key: Node, value: Node)] {
        guard case .mapping(let mapping) = node else { throw error(node, key, "expected a mapping of keys to values") }
        var seen = Set<String>()
        for (keyNode, _) in mapping {
            let name = keyNode.string ?? ""
            if !seen.insert(name).inserted { throw error(keyNode, key.isEmpty ? name : "\(key).\(name)", "given twice") }
        }
        return mapping.map { ($0.key, $0.value) }
    }

    func string(_ node: Node, key: String) throws -> String {
        guard case .scalar(let scalar) = node else { throw error(node, key, "expected a text value") }
        return scalar.string
    }

    func parsed<T>(_ node: Node, key: String, _ what: String, _ parse: (String) -> T?) throws -> T {
        let text = try string(node, key: key)
        guard let value = parse(text) else { throw error(node, key, "“\(text)” is not \(what)") }
        return value
    }

    func bool(_ node: Node, key: String) throws -> Bool {
        try parsed(node, key: key, "true or false") { ["true": true, "yes": true, "false": false, "no": false][$0.lowercased()] }
    }

    func readPage(_ node: Node, into page: inout Draft.Page) throws {
        for (keyNode, value) in try mapping(node, key: "page") {
            let name = try string(keyNode, key: "page")
            let key = "page.\(name)"
            let length = { try self.parsed(value, key: key, "a length such as 37mm or 16pt", Length.init) }
            let count = { try self.parsed(value, key: key, "a whole number from 1 to 200") { Int($0).flatMap { (1...200).contains($0) ? $0 : nil } } }
            switch name {
            case "width": page.width = try length()
            case "height": page.height = try length()
            case "margin-top": page.marginTop = try length()
            case "margin-bottom": page.marginBottom = try length()
            case "margin-left": page.marginLeft = try length()
            case "margin-right": page.marginRight = try length()
            case "footer-distance": page.footerDistance = try length()
            case "lines-per-page": page.linesPerPage = try count()
            case "characters-per-line": page.charactersPerLine = try count()
            default:
                throw error(keyNode, key, "unknown key (expected width, height, margin-top, margin-bottom, margin-left, margin-right, lines-per-page, characters-per-line, footer-distance)")
            }
        }
    }

    func readFonts(_ node: Node, into fonts: inout [FontEntry]) throws {
        for (keyNode, value) in try mapping(node, key: "fonts") {
            let name = try string(keyNode, key: "fonts")
            var entry = fonts.first { $0.name == name } ?? FontEntry(name: name)
            for (fieldNode, fieldValue) in try mapping(value, key: "fonts.\(name)") {
                let field = try string(fieldNode, key: "fonts.\(name)")
                let key = "fonts.\(name).\(field)"
                switch field {
                case "alt-name": entry.altName = try string(fieldValue, key: key)
                case "family":
                    entry.family = try parsed(fieldValue, key: key, "one of roman, swiss, modern, script, decorative, auto") {
                        ["roman", "swiss", "modern", "script", "decorative", "auto"].contains($0) ? $0 : nil
                    }
                case "charset":
                    entry.charset = try parsed(fieldValue, key: key, "a two-digit hex charset such as 86") {
                        $0.count == 2 && $0.allSatisfy(\.isHexDigit) ? $0.uppercased() : nil
                    }
                case "css-stack":
                    guard case .sequence(let sequence) = fieldValue else { throw error(fieldValue, key, "expected a list of font families") }
                    let families = try sequence.map { try string($0, key: key) }
                    guard let last = families.last, FontEntry.genericFamilies.contains(last) else {
                        throw error(fieldValue, key, "must end in a generic family: \(FontEntry.genericFamilies.sorted().joined(separator: ", "))")
                    }
                    entry.cssStack = families
                default: throw error(fieldNode, key, "unknown key (expected alt-name, family, charset, css-stack)")
                }
            }
            if let index = fonts.firstIndex(where: { $0.name == name }) { fonts[index] = entry } else { fonts.append(entry) }
        }
    }

    func readRoles(_ node: Node, into roles: inout [Role: [String: RoleValue]]) throws {
        for (keyNode, value) in try mapping(node, key: "roles") {
            let name = try string(keyNode, key: "roles")
            guard let role = Role(rawValue: name) else {
                throw error(keyNode, "roles.\(name)", "unknown role (expected \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            var fields = roles[role] ?? [:]
            for (fieldNode, fieldValue) in try mapping(value, key: "roles.\(name)") {
                let field = try string(fieldNode, key: "roles.\(name)")
                let key = "roles.\(name).\(field)"
                switch field {
                case "east-asian-font", "latin-font", "text": fields[field] = .string(try string(fieldValue, key: key))
                case "highlight":
                    fields[field] = .string(try parsed(fieldValue, key: key, "a highlight colour (yellow, green, cyan, magenta, lightGray, none)") {
                        ["yellow", "green", "cyan", "magenta", "blue", "red", "darkYellow", "lightGray", "darkGray", "black", "none"].contains($0) ? $0 : nil
                    })
                case "size": fields[field] = .size(try parsed(fieldValue, key: key, "a size such as 三号 or 16pt", FontSize.init))
                case "bold", "italic", "keep-with-next": fields[field] = .bool(try bool(fieldValue, key: key))
                case "align": fields[field] = .align(try parsed(fieldValue, key: key, "left, center, right or justify", Alignment.init(rawValue:)))
                case "first-line-indent", "outside-indent": fields[field] = .indent(try parsed(fieldValue, key: key, "an indent such as 2ch or 10mm", Indent.init))
                case "line-spacing": fields[field] = .spacing(try parsed(fieldValue, key: key, "grid or a length such as 28pt", LineSpacing.init))
                case "space-before", "space-after": fields[field] = .space(try parsed(fieldValue, key: key, "a spacing such as 1 line or 6pt", Spacing.init))
                default: throw error(fieldNode, key, "unknown key (expected \(RoleValue.keys.joined(separator: ", ")))")
                }
            }
            roles[role] = fields
        }
    }
}

/// What a style may say and still give documents Word, LibreOffice and reading systems take:
/// numbers within the ranges Word accepts (a page of 1 to 22 inches, spacing up to 1,584 pt,
/// at least a centimetre of text each way), and names that every output syntax can carry
/// (no backslash, quote, semicolon, brace, angle bracket or control character in a font name,
/// which goes into XML attributes and CSS strings).
enum StyleLimits {
    static let maxPage = 31_680          // 22 in, Word's largest page
    static let minPage = 1_440           // 1 in
    static let minText = 567             // 1 cm
    static let maxSpacing = 31_680       // 1,584 pt, Word's largest line and paragraph spacing
    static let highlights: Set<String> = ["yellow", "green", "cyan", "magenta", "blue", "red", "darkBlue", "darkCyan", "darkGreen",
                                          "darkMagenta", "darkRed", "darkYellow", "darkGray", "lightGray", "black", "white", "none"]

    static func check(_ sheet: StyleSheet, file: String, line: Int) throws {
        func fail(_ key: String, _ message: String) -> StyleError { StyleError(file: file, line: line, key: key, message: message) }
        let page = sheet.page
        for (key, value) in [("page.width", page.width), ("page.height", page.height)] where !(minPage...maxPage).contains(value.twips) {
            throw fail(key, "\(format(value)) is outside the page sizes Word takes (25.4–558.8 mm)")
        }
        guard page.textWidth.twips >= minText, page.textHeight.twips >= minText else {
            throw fail("page", "the margins leave less than 1 cm of text (\(format(page.textWidth)) × \(format(page.textHeight)))")
        }
        guard page.footerDistance.twips < page.height.twips / 2 else {
            throw fail("page.footer-distance", "\(format(page.footerDistance)) is more than half the page")
        }
        for entry in sheet.fonts {
            for name in [entry.name] + [entry.altName].compactMap({ $0 }) + entry.cssStack {
                if let problem = fontNameProblem(name) { throw fail("fonts.\(entry.name)", "“\(name)”: \(problem)") }
            }
        }
        for (role, style) in sheet.roles {
            let key = "roles.\(role.rawValue)"
            for name in [style.eastAsianFont, style.latinFont] {
                if let problem = fontNameProblem(name) { throw fail(key, "font “\(name)”: \(problem)") }
            }
            if case .exact(let length)? = style.lineSpacing, !(20...maxSpacing).contains(length.twips) {
                throw fail("\(key).line-spacing", "\(format(length)) is outside 1–1,584 pt")
            }
            for (field, spacing) in [("space-before", style.spaceBefore), ("space-after", style.spaceAfter)] {
                if let spacing, spacing.twips(page: page) > maxSpacing { throw fail("\(key).\(field)", "more than 1,584 pt") }
            }
            for (field, indent) in [("first-line-indent", style.firstLineIndent), ("outside-indent", style.outsideIndent)] {
                if let indent, indent.twips(fontSize: style.size) > page.textWidth.twips {
                    throw fail("\(key).\(field)", "wider than the text block (\(format(page.textWidth)))")
                }
            }
            if let highlight = style.highlight, !highlights.contains(highlight) {
                throw fail("\(key).highlight", "“\(highlight)” is not a Word highlight colour (\(highlights.sorted().joined(separator: ", ")))")
            }
            if let text = style.text, text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) || text.count > 50 {
                throw fail("\(key).text", "must be one line of at most 50 characters")
            }
        }
    }

    /// Why a font name cannot be written into every format, or nil.
    static func fontNameProblem(_ name: String) -> String? {
        if name.trimmingCharacters(in: " ").isEmpty { return "empty" }
        if name.count > 31 { return "longer than Word's 31 characters" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || "\\\"';{}<>".unicodeScalars.contains($0) }) {
            return "a font name cannot hold a backslash, quote, semicolon, brace, angle bracket or control character"
        }
        return nil
    }

    static func format(_ length: Length) -> String { String(format: "%.1f mm", length.millimetres) }
}
