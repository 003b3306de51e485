import SpeechReader
import XMLSupport

/// The text of a saved web page, a line per block in reading order, for the same reader as a
/// page copied as text: the structure finder then tells the speech from the site's furniture,
/// as it does on text pages. Scripts, styles, forms, embedded frames and comments go; block
/// elements (p, div, li, h1–h6, tr, section…) and <br> end lines; runs of spaces inside text
/// become one, as a browser shows them (not inside <pre>). The page's <title> comes first when
/// the page has no <h1> to carry the title.
///
/// What the markup says goes with each line as evidence for the reader (FormatHint), never as
/// a decision: h1 and the text of <title> (before its site suffix) for the title, h2–h6 for
/// headings, centring, a bold opening (<b>, <strong>) for a lead, and furniture: lines inside
/// nav, footer or aside, or inside a block whose class or id names furniture (breadcrumb, share,
/// comment, related, sidebar…) and that holds less than a third of the page's text, and lines
/// that are mostly the text of links.
public enum HTMLText {
    public static func extract(_ utf8: [UInt8]) throws -> [FormattedLine] {
        let root = try XMLParser.parseHTML(utf8, attributes: ["class", "id", "style", "align", "href"])
        let body = first("body", in: root) ?? root
        var walker = Walker(pageLength: visibleLength(body))
        let pageTitle = first("title", in: root).map { collapse($0.textContent) } ?? ""
        // The page's <title> ("讲话标题_网站名") only when the page has no <h1>: otherwise the
        // h1 is the title and the <title> a second, noisier copy of it.
        if first("h1", in: root) == nil, !pageTitle.isEmpty {
            walker.lines.append(FormattedLine(pageTitle))
        }
        walker.block(body, Context())
        walker.endLine()
        // A line that is the <title>'s text before its site suffix is the title, by the page's
        // own word.
        let titleText = Self.titleBeforeSuffix(pageTitle)
        if titleText.unicodeScalars.count >= 4 {
            for index in walker.lines.indices where walker.lines[index].text == titleText && !walker.lines[index].hint.furniture {
                walker.lines[index].hint.title = true
            }
        }
        return walker.lines
    }

    /// The charset a page declares in its first 4 KB: `<meta charset="gbk">` or
    /// `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`.
    public static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(4096).map { $0 < 0x80 ? $0 : 0x20 }, as: UTF8.self).lowercased()
        var rest = Substring(head)
        while let meta = rest.range(of: "<meta") {
            rest = rest[meta.upperBound...]
            let tag = rest.prefix { $0 != ">" }
            guard let found = tag.range(of: "charset") else { continue }
            var value = tag[found.upperBound...].drop { $0 == " " }
            guard value.first == "=" else { continue }
            value = value.dropFirst().drop { $0 == " " || $0 == "\"" || $0 == "'" }
            let name = value.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            if !name.isEmpty { return String(name) }
        }
        return nil
    }

    /// "在…会议上的讲话_某某县人民政府" → "在…会议上的讲话": the text before the last separator
    /// a site puts between a page's title and its own name.
    static func titleBeforeSuffix(_ title: String) -> String {
        for separator in ["_", " - ", " | ", "|", " — ", "－", "——", "-"] {
            if let range = title.range(of: separator, options: .backwards), range.lowerBound > title.startIndex {
                return String(title[..<range.lowerBound]).trimmingCharacters()
            }
        }
        return title
    }

    static let dropped: Set<String> = ["script", "style", "noscript", "template", "iframe", "object", "embed", "form", "select",
                                       "button", "input", "textarea", "svg", "canvas", "head", "video", "audio", "map"]
    static let blocks: Set<String> = ["p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
                                      "article", "main", "header", "footer", "nav", "aside", "blockquote", "pre", "dd", "dt", "dl",
                                      "center", "address", "figure", "figcaption", "hr", "body", "html", "td", "th", "caption", "form"]
    /// Words in a class or id that name page furniture.
    static let furnitureWords: Set<String> = [
        "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "footer", "foot", "share",
        "sharing", "comment", "comments", "related", "relate", "sidebar", "aside", "ad", "ads", "advert", "advertisement",
        "banner", "copyright", "login", "toolbar", "pager", "pagination", "recommend", "tags", "social", "sitemap",
        "friendlink", "position", "location", "header", "topbar",
    ]
    /// Words in a class or id that name the text itself: a block named so is never furniture.
    static let contentWords: Set<String> = ["article", "content", "main", "body", "text", "detail", "post", "entry", "zw", "txt"]

    static func first(_ name: String, in element: XMLElement) -> XMLElement? {
        for child in element.elements {
            if child.name == name { return child }
            if let found = first(name, in: child) { return found }
        }
        return nil
    }

    /// Characters a reader sees in an element (scripts and styles left out), spaces not counted.
    static func visibleLength(_ element: XMLElement) -> Int {
        var count = 0
        for node in element.children {
            switch node {
            case .text(let text): count += text.unicodeScalars.reduce(0) { $0 + ($1.properties.isWhitespace ? 0 : 1) }
            case .element(let child) where !dropped.contains(child.name.lowercased()): count += visibleLength(child)
            case .element: break
            }
        }
        return count
    }

    /// Runs of ASCII whitespace as one space.
    static func collapse(_ text: String) -> String {
        var result = ""
        var space = false
        for scalar in text.unicodeScalars {
            if scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar == "\u{0C}" {
                space = true
            } else {
                if space && !result.isEmpty { result.append(" ") }
                space = false
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Where in the markup the walker is.
    struct Context {
        var furniture = false
        var headingLevel: UInt8 = 0
        var title = false
        var centred = false
        var bold = false
        var link = false
        var preformatted = false
    }

    private struct Walker {
        let pageLength: Int
        var lines: [FormattedLine] = []
        var current = ""
        var hint = FormatHint()
        var characters = 0, linkCharacters = 0
        var boldOpen = true

        init(pageLength: Int) { self.pageLength = pageLength }

        mutating func endLine() {
            let line = current.trimmingCharacters()
            if !line.isEmpty {
                var hint = self.hint
                // Mostly the text of links, and not a heading: a menu, a list of other pages.
                if linkCharacters * 2 > characters, hint.headingLevel == 0, !hint.title { hint.furniture = true }
                if Int(hint.boldPrefix) >= line.unicodeScalars.count { hint.boldPrefix = 0 }
                lines.append(FormattedLine(line, hint: hint))
            }
            current = ""
            (characters, linkCharacters, boldOpen, hint) = (0, 0, true, FormatHint())
        }

        mutating func text(_ text: String, _ context: Context) {
            let piece = context.preformatted ? text : HTMLText.collapse(text).withEdgeSpaces(of: text)
            let visible = piece.unicodeScalars.reduce(0) { $0 + ($1 == " " ? 0 : 1) }
            if visible > 0 {
                if characters == 0 {
                    // The line takes the markup of where its text starts.
                    hint = FormatHint(headingLevel: context.headingLevel, title: context.title, centred: context.centred,
                                      furniture: context.furniture)
                }
                characters += visible
                if context.link { linkCharacters += visible }
                if boldOpen {
                    if context.bold {
                        let leading = current.trimmingCharacters().isEmpty ? piece.drop { $0 == " " } : Substring(piece)
                        hint.boldPrefix += UInt16(min(leading.unicodeScalars.count, 1000))
                    } else {
                        boldOpen = false
                    }
                }
            }
            current += piece
        }

        mutating func block(_ element: XMLElement, _ context: Context) {
            for node in element.children {
                switch node {
                case .text(let text):
                    self.text(text, context)
                case .element(let child):
                    let name = child.name.lowercased()
                    if HTMLText.dropped.contains(name) { continue }
                    if name == "br" {
                        // A bold line above a break is a line of its own, not an opening phrase.
                        if boldOpen, characters > 0, hint.boldPrefix > 0 { hint.boldPrefix = 0 }
                        endLine()
                        continue
                    }
                    let isBlock = HTMLText.blocks.contains(name)
                    if isBlock { endLine() }
                    let inner = self.context(of: child, name: name, in: context)
                    if name == "pre" {
                        for line in child.textContent.split(separator: "\n", omittingEmptySubsequences: false) {
                            self.text(String(line), inner)
                            endLine()
                        }
                    } else {
                        block(child, inner)
                    }
                    if isBlock { endLine() }
                }
            }
        }

        func context(of element: XMLElement, name: String, in outer: Context) -> Context {
            var context = outer
            switch name {
            case "h1": (context.title, context.headingLevel) = (true, 0)
            case "h2", "h3", "h4", "h5", "h6": context.headingLevel = UInt8(name.dropFirst())!
            case "b", "strong": context.bold = true
            case "a": if element.attributes.keys.contains(where: { $0.lowercased() == "href" }) { context.link = true }
            case "center": context.centred = true
            case "pre": context.preformatted = true
            default: break
            }
            let attributes = Dictionary(element.attributes.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
            if attributes["align"]?.lowercased() == "center" { context.centred = true }
            if let style = attributes["style"]?.lowercased().filter({ $0 != " " }) {
                if style.contains("text-align:center") { context.centred = true }
                if style.contains("font-weight:bold") || style.contains("font-weight:700") { context.bold = true }
            }
            if !context.furniture, isFurniture(element, name: name, attributes: attributes) { context.furniture = true }
            return context
        }

        /// nav, footer, aside, a header without the page's heading, or a block whose class or id
        /// names furniture; never a block that holds a third of the page's text or more.
        func isFurniture(_ element: XMLElement, name: String, attributes: [String: String]) -> Bool {
            let words = ((attributes["class"] ?? "") + " " + (attributes["id"] ?? "")).lowercased()
                .split { !($0.isLetter || $0.isNumber) }.map(String.init)
            var named = ["nav", "footer", "aside"].contains(name)
            if name == "header", HTMLText.first("h1", in: element) == nil, HTMLText.first("h2", in: element) == nil { named = true }
            if !named, !words.isEmpty, words.contains(where: HTMLText.furnitureWords.contains),
               !words.contains(where: HTMLText.contentWords.contains) {
                named = !(words.contains("header") && HTMLText.first("h1", in: element) != nil)
            }
            guard named else { return false }
            return HTMLText.visibleLength(element) * 3 < pageLength
        }
    }
}

private extension String {
    func trimmingCharacters() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " { scalars = scalars.dropLast() }
        return String(scalars)
    }

    /// The collapsed text with a space kept at an edge where the original had whitespace
    /// (between inline elements: "<b>A</b> <i>B</i>").
    func withEdgeSpaces(of original: String) -> String {
        let lead = original.first.map { $0.isWhitespace } == true && !isEmpty ? " " : ""
        let trail = original.last.map { $0.isWhitespace } == true && !isEmpty ? " " : ""
        return isEmpty ? (original.isEmpty ? "" : " ") : lead + self + trail
    }
}
