import SystemSupport
/// Text that went through the wrong decoder somewhere upstream is restored when its bytes round
/// trip exactly, and reported; what cannot be restored stays as it is, for DamagedTextPass to
/// flag. A decoder that hit bytes it could not read left a U+FFFD, so only the runs beside one
/// are tried:
///
/// - UTF-8 read as GB18030 (鈥滀腑姊楅樆… is “中梗阻…): the run's GB18030 bytes are UTF-8.
/// - GB18030 read one byte off, after a byte was lost (薄爸泄Ｗ琛眴栴} is ”“中梗阻”問題 shifted
///   by one byte): the run's bytes without their first byte are GB18030. A site that turns
///   full-width letters into ASCII leaves some ASCII characters that were two bytes, so each
///   ASCII character of the run is tried as itself and as its full-width form.
///
/// A restoration is taken only when the run holds at least two rare characters (not among the
/// 3,755 common characters of GB2312 or the 5,401 of Big5) and what it gives is nothing but
/// common characters, punctuation and ASCII, with at least two Han characters: shifted bytes of
/// real text almost never read as common characters throughout.
struct MojibakeRepairPass: CleaningPass {
    let name = "mojibake-repair"

    /// Runs of more ASCII characters are not searched (2^n spellings).
    static let maxASCIIInRun = 6

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        for index in lines.indices where lines[index].text.mayHoldSpecials && lines[index].text.containsBytes("\u{FFFD}") {
            var repairs: [(from: String, to: String, how: String)] = []
            lines[index].text = Self.repair(lines[index].text, repairs: &repairs)
            for repair in repairs {
                report.removed.append(Removal(rule: name, line: lines[index].number, text: repair.from))
                report.warn(name, lines[index].number, "“\(repair.from)” restored as “\(repair.to)” (\(repair.how))")
            }
        }
    }

    /// Where a run of possible mojibake stops: the mark of lost bytes, spaces, and the commas
    /// and stops a wrong decoder seldom makes.
    static func isBoundary(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\u{FFFD}", " ", "\t", "\u{3000}", "，", "。", "；", "：", "、", ",", ";": return true
        default: return false
        }
    }

    static func repair(_ text: String, repairs: inout [(from: String, to: String, how: String)]) -> String {
        let scalars = text.scalarArray
        // The runs on each side of every U+FFFD, as scalar ranges, each once.
        var runs: [Range<Int>] = []
        for (position, scalar) in scalars.enumerated() where scalar == "\u{FFFD}" {
            var end = position + 1
            while end < scalars.count, !isBoundary(scalars[end]) { end += 1 }
            var start = position
            while start > 0, !isBoundary(scalars[start - 1]) { start -= 1 }
            for run in [start..<position, (position + 1)..<end] where !run.isEmpty && !runs.contains(run) { runs.append(run) }
        }
        var replacements: [(range: Range<Int>, text: String)] = []
        for run in runs {
            let original = String(String.UnicodeScalarView(scalars[run]))
            guard rareCount(original) >= 2 else { continue }
            if let restored = fromUTF8(scalars[run]) {
                replacements.append((run, restored))
                repairs.append((original, restored, "UTF-8 that was read as GB18030"))
            } else if let restored = fromShiftedGB18030(scalars[run]) {
                replacements.append((run, restored))
                repairs.append((original, restored, "GB18030 that was read one byte off"))
            }
        }
        guard !replacements.isEmpty else { return text }
        var output = String.UnicodeScalarView()
        var position = 0
        for replacement in replacements.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            output.append(contentsOf: scalars[position..<replacement.range.lowerBound])
            output.append(contentsOf: replacement.text.unicodeScalars)
            position = replacement.range.upperBound
        }
        output.append(contentsOf: scalars[position...])
        return String(output)
    }

    /// The run's GB18030 bytes read as UTF-8: continuation bytes at the start (the rest of a
    /// character whose start was lost) are dropped, an incomplete character at the end is □.
    static func fromUTF8(_ run: ArraySlice<Unicode.Scalar>) -> String? {
        guard var bytes = encode(run, fullWidth: []) else { return nil }
        while let first = bytes.first, first & 0xC0 == 0x80 { bytes.removeFirst() }
        var tail = 0
        // A lead byte in the last three without all its continuation bytes.
        for back in 1...min(3, bytes.count) {
            let byte = bytes[bytes.count - back]
            if byte & 0xC0 == 0xC0 {
                let needed = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                if needed > back { tail = back }
                break
            }
            if byte < 0x80 { break }
        }
        guard let decoded = String(validating: bytes.dropLast(tail), as: UTF8.self) else { return nil }
        return plausible(decoded) ? decoded + (tail > 0 ? "□" : "") : nil
    }

    /// The run's GB18030 bytes without their first byte, read as GB18030; an odd byte left at
    /// the end is □. Every spelling of the run's ASCII characters is tried, exact ones first.
    static func fromShiftedGB18030(_ run: ArraySlice<Unicode.Scalar>) -> String? {
        let ascii = run.indices.filter { run[$0].value >= 0x21 && run[$0].value <= 0x7E }
        guard ascii.count <= maxASCIIInRun else { return nil }
        for allowDangling in [false, true] {
            for choice in 0..<(1 << ascii.count) {
                let fullWidth = Set(ascii.enumerated().filter { choice & (1 << $0.offset) != 0 }.map(\.element))
                guard let bytes = encode(run, fullWidth: fullWidth), bytes.count > 2 else { continue }
                let shifted = Array(bytes.dropFirst())
                if let decoded = TextDecoder.convert(shifted, from: .gb18030), plausible(decoded) { return decoded }
                if allowDangling, let decoded = TextDecoder.convert(Array(shifted.dropLast()), from: .gb18030), plausible(decoded) {
                    return decoded + "□"
                }
            }
        }
        return nil
    }

    /// GB18030 bytes of the run; ASCII characters at `fullWidth` as their full-width forms.
    static func encode(_ run: ArraySlice<Unicode.Scalar>, fullWidth: Set<Int>) -> [UInt8]? {
        var text = String.UnicodeScalarView()
        for index in run.indices {
            let scalar = run[index]
            text.append(fullWidth.contains(index) ? Unicode.Scalar(scalar.value + 0xFEE0)! : scalar)
        }
        return Iconv.convert(Array(String(text).utf8), from: "UTF-8", to: "GB18030")
    }

    /// Nothing but common characters, punctuation and ASCII, at least two of them Han.
    static func plausible(_ text: String) -> Bool {
        var han = 0
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value < 0x7F { continue }
            if commonPunctuation.contains(scalar) { continue }
            guard isCommonHan(scalar) else { return false }
            han += 1
        }
        return han >= 2
    }

    static let commonPunctuation = Set("“”‘’、。，；：？！（）《》—…·".unicodeScalars)

    static func rareCount(_ text: String) -> Int {
        text.unicodeScalars.filter { $0.value > 0x7F && !commonPunctuation.contains($0) && $0 != "\u{FFFD}" && !isCommonHan($0) }.count
    }

    /// One of GB2312's 3,755 level-one characters (B0A1–D7F9) or of Big5's 5,401 frequent ones
    /// (A440–C67E): the characters nearly all speech text is written in.
    static func isCommonHan(_ scalar: Unicode.Scalar) -> Bool {
        guard CJK.isHan(scalar) else { return false }
        let text = String(scalar)
        if let gb = Iconv.convert(Array(text.utf8), from: "UTF-8", to: "GB2312"), gb.count == 2, (0xB0...0xD7).contains(gb[0]) { return true }
        if let big5 = Iconv.convert(Array(text.utf8), from: "UTF-8", to: "BIG5"), big5.count == 2, (0xA4...0xC6).contains(big5[0]) { return true }
        return false
    }
}
