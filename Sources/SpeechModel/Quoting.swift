/// Double-quoted strings for each syntax SpeechDoc writes, each written once: YAML (front matter,
/// style files), JSON (reports, outlines) and the tree dump's Swift-like literals.
public enum Quoting {
    /// A YAML double-quoted scalar: " \ newline and tab escaped, other control characters as \xHH.
    public static func yaml(_ text: String) -> String {
        quoted(text) { scalar in
            switch scalar {
            case "\t": return "\\t"
            default:
                guard scalar.value < 0x20 || scalar.value == 0x7F else { return nil }
                return "\\x" + hex(scalar.value, digits: 2)
            }
        }
    }

    /// A JSON string (RFC 8259), with U+2028 and U+2029 escaped too for JavaScript's sake.
    public static func json(_ text: String) -> String {
        // A batch report quotes a dozen paths and names an input, nearly all of them with
        // nothing to escape: those are the text between quotes, checked on the bytes.
        if jsonKeepsAsIs(text) { return "\"" + text + "\"" }
        return jsonByScalars(text)
    }

    /// `json`, a scalar at a time.
    static func jsonByScalars(_ text: String) -> String {
        quoted(text) { scalar in
            switch scalar {
            case "\r": return "\\r"
            case "\t": return "\\t"
            default:
                guard scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 else { return nil }
                return "\\u" + hex(scalar.value, digits: 4)
            }
        }
    }

    /// Whether `json` escapes nothing in the text: no byte below 0x20, no " or \, and no
    /// U+2028 or U+2029 (E2 80 A8, E2 80 A9).
    static func jsonKeepsAsIs(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            let count = bytes.count
            var index = 0
            while index < count {
                let byte = bytes[index]
                if byte < 0x20 || byte == 0x22 || byte == 0x5C { return false }
                if byte == 0xE2, index + 2 < count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                    return false
                }
                index += 1
            }
            return true
        }
    }

    /// A Swift string literal, as the tree dump shows text: control characters as \u{…}.
    public static func swift(_ text: String) -> String {
        quoted(text) { scalar in
            guard scalar.value < 0x20 || scalar.value == 0x7F else { return nil }
            return "\\u{" + String(scalar.value, radix: 16) + "}"
        }
    }

    /// A POSIX shell word: as it is when it holds only characters no shell treats specially,
    /// else in single quotes (a ' inside as '\''), so a command shown to a person can be pasted.
    public static func shell(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x7F ? !scalar.properties.isWhitespace && scalar.value != 0x2028 && scalar.value != 0x2029
                : "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=.,/:@%+".unicodeScalars.contains(scalar)
        }
        guard !plain else { return text }
        var out = "'"
        for character in text { out += character == "'" ? "'\\''" : String(character) }
        return out + "'"
    }

    /// " and \ and newline escaped by a backslash in all three; `other` escapes the rest or
    /// returns nil to keep the scalar.
    private static func quoted(_ text: String, _ other: (Unicode.Scalar) -> String?) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if let escaped = other(scalar) { out += escaped } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: digits == 2)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
