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

/// Trims spaces of every width from both ends of each line.
struct WhitespacePass: CleaningPass {
    let name = "whitespace"

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        for index in lines.indices {
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
