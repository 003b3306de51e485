import XMLSupport

/// The text of a saved web page, a line per block in reading order, for the same reader as a
/// page copied as text: the structure finder then tells the speech from the site's furniture,
/// as it does on text pages. Scripts, styles, forms, embedded frames and comments go; block
/// elements (p, div, li, h1–h6, tr, section…) and <br> end lines; runs of spaces inside text
/// become one, as a browser shows them (not inside <pre>). The page's <title> comes first when
/// the page has no <h1> to carry the title.
public enum HTMLText {
    public static func extract(_ utf8: [UInt8]) throws -> [String] {
        let root = try XMLParser.parseHTML(utf8)
        var walker = Walker()
        // The page's <title> ("讲话标题_网站名") only when the page has no <h1>: otherwise the
        // h1 is the title and the <title> a second, noisier copy of it.
        if first("h1", in: root) == nil, let title = first("title", in: root) {
            walker.lines.append(collapse(title.textContent))
        }
        if let body = first("body", in: root) { walker.block(body) } else { walker.block(root) }
        walker.endLine()
        return walker.lines
    }

    static let dropped: Set<String> = ["script", "style", "noscript", "template", "iframe", "object", "embed", "form", "select",
                                       "button", "input", "textarea", "svg", "canvas", "head", "video", "audio", "map"]
    static let blocks: Set<String> = ["p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
                                      "article", "main", "header", "footer", "nav", "aside", "blockquote", "pre", "dd", "dt", "dl",
                                      "center", "address", "figure", "figcaption", "hr", "body", "html", "td", "th", "caption", "form"]

    static func first(_ name: String, in element: XMLElement) -> XMLElement? {
        for child in element.elements {
            if child.name == name { return child }
            if let found = first(name, in: child) { return found }
        }
        return nil
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

    private struct Walker {
        var lines: [String] = []
        var current = ""

        mutating func endLine() {
            let line = current.trimmingCharacters()
            if !line.isEmpty { lines.append(line) }
            current = ""
        }

        mutating func block(_ element: XMLElement, preformatted: Bool = false) {
            for node in element.children {
                switch node {
                case .text(let text):
                    current += preformatted ? text : HTMLText.collapse(text).withEdgeSpaces(of: text)
                case .element(let child):
                    let name = child.name.lowercased()
                    if HTMLText.dropped.contains(name) { continue }
                    if name == "br" { endLine(); continue }
                    let isBlock = HTMLText.blocks.contains(name)
                    if isBlock { endLine() }
                    if name == "pre" {
                        for line in child.textContent.split(separator: "\n", omittingEmptySubsequences: false) {
                            current += String(line)
                            endLine()
                        }
                    } else {
                        block(child, preformatted: preformatted)
                    }
                    if isBlock { endLine() }
                }
            }
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
