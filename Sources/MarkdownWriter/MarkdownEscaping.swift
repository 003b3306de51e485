/// Escaping for pandoc's Markdown. Every ASCII punctuation character that can start Markdown
/// syntax anywhere in a line is backslash-escaped; characters that are syntax only at a line's
/// start are escaped there. The reader's unescaping is the exact inverse.
public enum MarkdownEscaping {
    /// Syntax anywhere: emphasis, links, raw HTML, code, math, citations, sub/superscript,
    /// strikeout, entities, smart quotes, and the backslash itself.
    static let alwaysEscaped: Set<Character> = ["\\", "*", "_", "[", "]", "<", ">", "`", "$", "@", "~", "^", "&", "\"", "'", "|"]
    /// Syntax at a line's start: headings, block quotes, lists, definition lists, divs, tables.
    static let lineStartEscaped: Set<Character> = ["#", "-", "+", ":", "=", "%", "(", "!"]

    /// Escapes `text` so pandoc reads it back as exactly these characters.
    public static func escapeText(_ text: String, atLineStart: Bool = true, inHeading: Bool = false) -> String {
        let chars = Array(text)
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for (i, char) in chars.enumerated() {
            let previous: Character? = i > 0 ? chars[i - 1] : nil
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            var escape = alwaysEscaped.contains(char)
            if i == 0 && atLineStart && lineStartEscaped.contains(char) { escape = true }
            // Smart punctuation: -- and --- become dashes, ... an ellipsis.
            if char == "-" && (previous == "-" || next == "-") { escape = true }
            if char == "." && (previous == "." || next == ".") { escape = true }
            // Heading attributes {#id .class} and a closing run of #s.
            if inHeading && (char == "{" || char == "}" || char == "#") { escape = true }
            if escape { out.append("\\") }
            out.append(char)
        }
        if atLineStart { escapeListMarker(&out) }
        return out
    }

    /// "1. " / "1) " / "a. " / "iv) " at a line start open an (ordered, fancy) list:
    /// the delimiter is escaped.
    private static func escapeListMarker(_ text: inout String) {
        var index = text.startIndex
        var letters = 0, digits = 0
        while index < text.endIndex {
            let char = text[index]
            if char.isASCII && char.isNumber { digits += 1 } else if char.isASCII && char.isLetter { letters += 1 } else { break }
            index = text.index(after: index)
        }
        guard index < text.endIndex, text[index] == "." || text[index] == ")",
              digits > 0 && letters == 0 && digits <= 9 || letters > 0 && digits == 0 && letters <= 4
        else { return }
        text.insert("\\", at: index)
    }

    /// A YAML double-quoted scalar.
    public static func yamlQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
