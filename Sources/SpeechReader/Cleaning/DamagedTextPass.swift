import SpeechModel

/// Damaged text is kept and flagged, never dropped: U+FFFD, "??" mojibake, a stray Latin
/// letter or underscore standing in for a censored character (发挥y论监督, _到).
/// Placeholders (**, XX, ××, x) are legitimate and not flagged.
struct DamagedTextPass: CleaningPass {
    let name = "damaged-text"

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        for index in lines.indices where !lines[index].isBlank {
            if Self.mayBeDamaged(lines[index].text) {
                let problems = Self.problems(in: lines[index].text)
                if !problems.isEmpty {
                    report.warn(name, lines[index].number, problems.joined(separator: "; "))
                }
            }
            markGarbledRuns(&lines[index], report: &report)
        }
    }

    /// A run that re-encoding destroyed beyond repair: a "?" where a character was, what is
    /// left of its pinyin annotation, and the garbage up to where the bytes fell back into step
    /// (你們?nèi)蝿谌卧梗H力親為). No word of the speech is left in it, so it is replaced by □,
    /// the printer's mark for an illegible character, and the run itself goes to the report.
    static let garbledRun = try! TextPattern(
        #"([?？][a-zàáâãèéêìíîòóôùúüāēěīōūǎǐǒǔǖǘǚǜńňḿ]{1,6}[)）][^\x00-\x7F，。、；：！？“”]{0,8}?[A-Za-z?？])+|[?？][!！][^\x00-\x7F，。、；：“”]{1,8}[?？]"#)

    /// Whether a ? or ？ is followed by a Latin letter (of pinyin), ! or ！: what every garbled
    /// run starts with, looked for in the bytes before the pattern is tried.
    static func mayHoldGarbledRun(_ text: String) -> Bool {
        return text.withBytes { bytes in
            var index = 0
            while index < bytes.count {
                let next: Int
                if bytes[index] == 0x3F {
                    next = index + 1
                } else if bytes[index] == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBC, bytes[index + 2] == 0x9F {
                    next = index + 3
                } else {
                    index += 1
                    continue
                }
                guard next < bytes.count else { return false }
                let byte = bytes[next]
                // a–z, accented Latin (C3–C7 lead bytes, ḿ E1), !, ！ (EF BC 81)
                if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0xC3 && byte <= 0xC7) || byte == 0xE1 || byte == 0x21
                    || (byte == 0xEF && next + 2 < bytes.count && bytes[next + 1] == 0xBC && bytes[next + 2] == 0x81) {
                    return true
                }
                index = next
            }
            return false
        }
    }

    func markGarbledRuns(_ line: inout SourceLine, report: inout CleaningReport) {
        guard line.text.containsByte(0x3F) || line.text.containsBytes("？"), Self.mayHoldGarbledRun(line.text) else { return }
        var runs: [String] = []
        let text = line.text
        // One scan: a line without a run comes back as it was, and nothing is reported.
        let marked = Self.garbledRun.replacing(in: text) { match in
            runs.append(String(text[match.range]))
            return "□"
        }
        guard !runs.isEmpty else { return }
        line.text = marked
        report.removed.append(Removal(rule: "garbled-text", line: line.number, text: runs.joined(separator: " ")))
        report.warn(name, line.number, "\(runs.count) garbled run(s) replaced by □: \(runs.joined(separator: " "))")
    }

    /// "?", "_" and the Latin letters but the x placeholder: the bytes `mayBeDamaged` looks at.
    static let suspects = ByteSet { byte in
        byte == 0x3F || byte == 0x5F || (byte >= 0x41 && byte <= 0x5A && byte != 0x58) || (byte >= 0x61 && byte <= 0x7A && byte != 0x78)
    }

    /// "?", "_", U+FFFD, or a Latin letter other than the x placeholder between a character
    /// of several bytes and a byte that can start a Han character (E3–E9, EF, F0): what
    /// `problems` looks for, tested on the bytes. Latin words (GDP, 5G) do not qualify.
    static func mayBeDamaged(_ text: String) -> Bool {
        if text.mayHoldSpecials && text.containsBytes("\u{FFFD}") { return true }
        guard suspects.occurs(in: text) else { return false }
        return text.withBytes { bytes in
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte == 0x3F || byte == 0x5F { return true }
                // Else a suspect is a letter.
                if Self.suspects.contains(byte), i > 0, i + 1 < bytes.count, bytes[i - 1] >= 0x80 {
                    let next = bytes[i + 1]
                    if (next >= 0xE3 && next <= 0xE9) || next == 0xEF || next == 0xF0 { return true }
                }
                i += 1
            }
            return false
        }
    }

    /// Every damaged spot in the line, described with a little context.
    static func problems(in text: String) -> [String] {
        findings(in: text).map(\.description)
    }

    /// Every damaged spot in the line: its characters (offsets in Characters) and a
    /// description with a little context.
    static func findings(in text: String) -> [(range: Range<Int>, description: String)] {
        if let scalars = singleScalarCharacters(text) { return findings(in: scalars, describing: true) }
        return findings(in: Array(text), describing: true)
    }

    /// The text's scalars when each is a Character of its own, so that offsets in the one are
    /// offsets in the other (ASCII but CR, Latin-1, Han, CJK and general punctuation, U+FFFD);
    /// nil when the text holds anything else (a combining mark, a variation selector, an emoji
    /// sequence), which is then read as Characters. Making Characters goes through grapheme
    /// breaking, a hundred instructions and more a character; a suspect line of a page in
    /// traditional characters with pinyin is often the whole speech.
    static func singleScalarCharacters(_ text: String) -> [Unicode.Scalar]? {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x00...0x0C, 0x0E...0x7F, 0xA0...0xFF, 0x2010...0x2027, 0x2030...0x205E, 0x3000...0x3029, 0x3030...0x303F,
                 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF01...0xFF65, 0xFFFD:
                scalars.append(scalar)
            default:
                return nil
            }
        }
        return scalars
    }

    /// `findings` over Characters or over scalars that are each a Character; descriptions only
    /// when asked (`marked` needs the ranges alone).
    static func findings<Unit: DamageUnit>(in chars: [Unit], describing: Bool) -> [(range: Range<Int>, description: String)] {
        func context(_ i: Int) -> String { Unit.string(chars[max(0, i - 8)..<min(chars.count, i + 9)]) }
        func describe(_ description: @autoclosure () -> String) -> String { describing ? description() : "" }
        // On each character's bytes, not through `==`, `isASCII` or its scalars: this runs for
        // every character of a suspect line (most lines of a page with pinyin).
        func han(_ i: Int) -> Bool { i >= 0 && i < chars.count && chars[i].startsWithHan }
        func digit(_ i: Int) -> Bool { i >= 0 && i < chars.count && chars[i].asciiByte.map { $0 >= 0x30 && $0 <= 0x39 } == true }
        var found: [(Range<Int>, String)] = []
        var i = 0
        while i < chars.count {
            let char = chars[i]
            let start = i
            if char.isScalar("\u{FFFD}") {
                let description = describe("replacement character (U+FFFD) in “\(context(i))”")
                while i + 1 < chars.count && chars[i + 1].isScalar("\u{FFFD}") { i += 1 }
                found.append((start..<(i + 1), description))
            } else if char.isScalar("?") && i + 1 < chars.count && chars[i + 1].isScalar("?") {
                let description = describe("“??” in “\(context(i))”")
                while i + 1 < chars.count && chars[i + 1].isScalar("?") { i += 1 }
                found.append((start..<(i + 1), description))
            } else if char.isScalar("?") && digit(i - 1) && (digit(i + 1) || han(i + 1)) {
                // 12?4国家宪法日: a character (12·4) lost in an encoding round trip.
                found.append((i..<(i + 1), describe("“?” standing for a lost character in “\(context(i))”")))
            } else if let byte = char.asciiByte, (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A, byte | 0x20 != 0x78,
                      han(i - 1) && han(i + 1) {
                found.append((i..<(i + 1), describe("stray letter “\(Unit.string(chars[i...i]))” in “\(context(i))”")))
            } else if char.isScalar("_") && (han(i - 1) || han(i + 1)) && !(i > 0 && chars[i - 1].isScalar("_"))
                        && !(i + 1 < chars.count && chars[i + 1].isScalar("_")) {
                found.append((i..<(i + 1), describe("stray “_” in “\(context(i))”")))
            }
            i += 1
        }
        return found
    }

    /// A paragraph's text runs with their damaged spots cut out as damaged spans, for the
    /// outputs to mark.
    static func marked(_ inlines: [Inline]) -> [Inline] {
        guard inlines.contains(where: { if case .text(let text) = $0 { return mayBeDamaged(text) }; return false }) else { return inlines }
        var result: [Inline] = []
        for inline in inlines {
            guard case .text(let text) = inline, mayBeDamaged(text) else { result.append(inline); continue }
            let cutOut = if let scalars = singleScalarCharacters(text) { cut(scalars, into: &result) } else { cut(Array(text), into: &result) }
            if !cutOut { result.append(inline) }
        }
        return result
    }

    /// The text runs and damaged spans of one run, appended; false (nothing appended) when it
    /// has no damaged spot.
    private static func cut<Unit: DamageUnit>(_ chars: [Unit], into result: inout [Inline]) -> Bool {
        let found = findings(in: chars, describing: false)
        guard !found.isEmpty else { return false }
        var position = 0
        for (range, _) in found {
            if range.lowerBound > position { result.append(.text(Unit.string(chars[position..<range.lowerBound]))) }
            result.append(.damaged(Unit.string(chars[range])))
            position = range.upperBound
        }
        if position < chars.count { result.append(.text(Unit.string(chars[position...]))) }
        return true
    }
}

/// What `DamagedTextPass.findings` reads a line as: Characters, or scalars that are each a
/// Character of their own.
protocol DamageUnit {
    var startsWithHan: Bool { get }
    var asciiByte: UInt8? { get }
    func isScalar(_ scalar: Unicode.Scalar) -> Bool
    static func string(_ units: ArraySlice<Self>) -> String
}

extension Character: DamageUnit {
    static func string(_ units: ArraySlice<Character>) -> String { String(units) }
}

extension Unicode.Scalar: DamageUnit {
    var startsWithHan: Bool { CJK.isHan(self) }
    var asciiByte: UInt8? { isASCII ? UInt8(value) : nil }
    func isScalar(_ scalar: Unicode.Scalar) -> Bool { self == scalar }
    static func string(_ units: ArraySlice<Unicode.Scalar>) -> String { String(scalars: units) }
}
