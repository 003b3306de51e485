import SpeechModel
import SystemSupport
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

    /// Bytes `escapeText` may escape (where, it then decides): every ASCII character
    /// either list names, and - . { } for dashes, ellipses and heading attributes.
    private static let mayNeedEscape: [Bool] = (0..<256).map { byte in
        let value = UInt32(byte)
        return alwaysEscaped(value) || lineStartEscaped(value) || [0x2D, 0x2E, 0x7B, 0x7D, 0x23].contains(value)
    }

    /// Escapes `text` so pandoc reads it back as exactly these characters. Works on the UTF-8
    /// bytes: only ASCII punctuation is ever escaped, and a byte below 0x80 is always a whole
    /// character, so CJK text is copied through untouched (and a line with nothing to escape is
    /// returned as it is).
    public static func escapeText(_ text: String, atLineStart: Bool = true, inHeading: Bool = false) -> String {
        let escaped: String? = text.withBytes { bytes in
            let count = bytes.count
            @inline(__always) func needsEscape(_ i: Int) -> Bool {
                let value = UInt32(bytes[i])
                guard value < 0x80 else { return false }
                if alwaysEscaped(value) { return true }
                if i == 0 && atLineStart && lineStartEscaped(value) { return true }
                // Smart punctuation: -- and --- become dashes, ... an ellipsis.
                if value == 0x2D || value == 0x2E {
                    if i > 0 && UInt32(bytes[i - 1]) == value { return true }
                    if i + 1 < count && UInt32(bytes[i + 1]) == value { return true }
                }
                // Heading attributes {#id .class} and a closing run of #s.
                return inHeading && (value == 0x7B || value == 0x7D || value == 0x23)
            }
            // Most bytes of a line (all of CJK's) can never need it: one table lookup each, and
            // the runs between escapes copied whole.
            return mayNeedEscape.withUnsafeBufferPointer { candidate -> String? in
                var out: [UInt8] = []
                var copied = 0, index = 0
                while index < count {
                    // Eight bytes at a time while none is ASCII (Chinese text), then a byte at a time.
                    index = ByteSearch.skippingNonASCII(bytes, from: index)
                    while index < count && !candidate[Int(bytes[index])] { index += 1 }
                    guard index < count else { break }
                    if needsEscape(index) {
                        if out.isEmpty { out.reserveCapacity(count + 8) }
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                        out.append(0x5C)
                        copied = index
                    }
                    index += 1
                }
                guard copied > 0 || !out.isEmpty else { return nil }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<count]))
                return String(decoding: out, as: UTF8.self)
            }
        }
        var result = escaped ?? text
        if atLineStart { escapeListMarker(&result) }
        return result
    }

    /// "1. " / "1) " / "a. " / "iv) " at a line start open an (ordered, fancy) list:
    /// the delimiter is escaped.
    private static func escapeListMarker(_ text: inout String) {
        let bytes = text.utf8
        var index = bytes.startIndex
        var letters = 0, digits = 0
        scan: while index < bytes.endIndex {
            switch bytes[index] {
            case 0x30...0x39: digits += 1
            case 0x41...0x5A, 0x61...0x7A: letters += 1
            default: break scan
            }
            index = bytes.index(after: index)
        }
        guard index < bytes.endIndex, bytes[index] == 0x2E || bytes[index] == 0x29,
              digits > 0 && letters == 0 && digits <= 9 || letters > 0 && digits == 0 && letters <= 4
        else { return }
        text.insert("\\", at: index)
    }

    /// A YAML double-quoted scalar.
    public static func yamlQuoted(_ text: String) -> String {
        Quoting.yaml(text)
    }
}
