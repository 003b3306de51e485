/// Escaping for pandoc's Markdown. Every ASCII punctuation character that can start Markdown
/// syntax anywhere in a line is backslash-escaped; characters that are syntax only at a line's
/// start are escaped there. The reader's unescaping is the exact inverse.
public enum MarkdownEscaping {
    /// Syntax anywhere: emphasis, links, raw HTML, code, math, citations, sub/superscript,
    /// strikeout, entities, smart quotes, and the backslash itself: \\ * _ [ ] < > ` $ @ ~ ^ & " ' |
    @inline(__always)
    static func alwaysEscaped(_ value: UInt32) -> Bool {
        switch value {
        case 0x5C, 0x2A, 0x5F, 0x5B, 0x5D, 0x3C, 0x3E, 0x60, 0x24, 0x40, 0x7E, 0x5E, 0x26, 0x22, 0x27, 0x7C: return true
        default: return false
        }
    }

    /// Syntax at a line's start: headings, block quotes, lists, definition lists, divs, tables:
    /// # - + : = % ( !
    @inline(__always)
    static func lineStartEscaped(_ value: UInt32) -> Bool {
        switch value {
        case 0x23, 0x2D, 0x2B, 0x3A, 0x3D, 0x25, 0x28, 0x21: return true
        default: return false
        }
    }

    /// Escapes `text` so pandoc reads it back as exactly these characters. Works on unicode
    /// scalars: only ASCII punctuation is ever escaped, and CJK text passes straight through.
    public static func escapeText(_ text: String, atLineStart: Bool = true, inHeading: Bool = false) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        out.reserveCapacity(scalars.count + 8)
        for (i, scalar) in scalars.enumerated() {
            let value = scalar.value
            guard value < 0x80 else { out.append(scalar); continue }
            let previous: UInt32 = i > 0 ? scalars[i - 1].value : 0
            let next: UInt32 = i + 1 < scalars.count ? scalars[i + 1].value : 0
            var escape = alwaysEscaped(value)
            if i == 0 && atLineStart && lineStartEscaped(value) { escape = true }
            // Smart punctuation: -- and --- become dashes, ... an ellipsis.
            if value == 0x2D && (previous == 0x2D || next == 0x2D) { escape = true }
            if value == 0x2E && (previous == 0x2E || next == 0x2E) { escape = true }
            // Heading attributes {#id .class} and a closing run of #s.
            if inHeading && (value == 0x7B || value == 0x7D || value == 0x23) { escape = true }
            if escape { out.append("\\") }
            out.append(scalar)
        }
        var result = String(out)
        if atLineStart { escapeListMarker(&result) }
        return result
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
