import SystemSupport

/// Removes C0 control characters (tab aside) and the noncharacters U+FFFE/U+FFFF, which
/// no document format can carry.
struct ControlCharacterPass: CleaningPass {
    let name = "control-character"

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F
            || scalar.value == 0xFFFE || scalar.value == 0xFFFF
    }

    /// C0 controls but tab, and DEL (U+FFFE and U+FFFF are looked for apart: their first
    /// byte, EF, leads every full-width punctuation mark).
    static let controlBytes = ByteSet { byte in (byte < 0x20 && byte != 0x09) || byte == 0x7F }

    static func mayHoldControl(_ text: String) -> Bool {
        controlBytes.occurs(in: text) || (text.mayHoldSpecials && (text.containsBytes("\u{FFFE}") || text.containsBytes("\u{FFFF}")))
    }

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        for index in lines.indices where Self.mayHoldControl(lines[index].text)
            && lines[index].text.unicodeScalars.contains(where: Self.isControl) {
            let removed = lines[index].text.unicodeScalars.filter(Self.isControl)
            let described = removed.map { "U+" + String($0.value, radix: 16, uppercase: true).leftPadded(to: 4) }
            report.remove(name, lines[index], described.joined(separator: " "))
            var kept = String.UnicodeScalarView()
            kept.append(contentsOf: lines[index].text.unicodeScalars.lazy.filter { !Self.isControl($0) })
            lines[index].text = String(kept)
        }
    }
}

/// Trims spaces of every width from both ends of each line, and makes the spaces inside it
/// that pages write as other characters plain ones: the no-break space (a web page's &nbsp;,
/// U+00A0) and the typographic spaces (U+2000–U+200A, U+202F, U+205F, U+1680). The segmenter
/// cuts a line at its spaces, and a page whose spaces were all no-break read as one unbroken
/// line. The ideographic space U+3000 stays: Chinese text indents and spaces with it on purpose.
struct WhitespacePass: CleaningPass {
    let name = "whitespace"

    static func isOtherSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F: return true
        default: return false
        }
    }

    /// The first bytes of those spaces in UTF-8.
    private static let leads: [UInt8] = [0xC2, 0xE2, 0xE1]

    /// Whether the UTF-8 holds one of those spaces: C2 A0, E1 9A 80, E2 80 80–8A, E2 80 AF or
    /// E2 81 9F.
    static func mayHoldOtherSpace(_ text: String) -> Bool {
        text.withBytes { bytes in
            let count = bytes.count
            // Each lead byte found by memchr: Chinese text holds none of C2 and E1, and E2 only
            // in its quotes, dashes and ellipses.
            for lead in leads {
                var from = 0
                while let index = ByteSearch.firstIndex(of: lead, in: bytes, from: from, to: count - 1) {
                    let second = bytes[index + 1]
                    switch lead {
                    case 0xC2: if second == 0xA0 { return true }
                    default:
                        guard index + 2 < count else { break }
                        let third = bytes[index + 2]
                        if lead == 0xE1 ? (second == 0x9A && third == 0x80)
                            : (second == 0x80 && (third <= 0x8A || third == 0xAF)) || (second == 0x81 && third == 0x9F) {
                            return true
                        }
                    }
                    from = index + 1
                }
            }
            return false
        }
    }

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        for index in lines.indices {
            if Self.mayHoldOtherSpace(lines[index].text) {
                var plain = String.UnicodeScalarView()
                plain.append(contentsOf: lines[index].text.unicodeScalars.lazy.map { Self.isOtherSpace($0) ? " " : $0 })
                lines[index].text = String(plain)
            }
            lines[index].text = lines[index].text.trimmingSpaces
        }
    }
}

/// Leaves one paragraph per line: blank lines go (they carried no text).
struct BlankLinePass: CleaningPass {
    let name = "blank-line"

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        lines.removeAll { $0.isBlank }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
