import SystemSupport

/// Half-width punctuation in Chinese context becomes full-width: , : ; ? ! ( ), straight
/// quotes in pairs, and a . that ends a Chinese sentence. Numbers, times, decimals, URLs and
/// Latin text keep theirs (3.15, 14:38, 1,000, http://…). "??" is left alone: it is damage,
/// flagged by DamagedTextPass.
struct PunctuationPass: CleaningPass {
    let name = "punctuation"

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        for index in lines.indices {
            let text = lines[index].text
            let periods = Self.mayEndSentenceWithPeriod(text)
            guard periods || Self.candidates.occurs(in: text) else { continue }
            lines[index].text = (periods ? nil : Self.commasOnly(text)) ?? Self.normalize(text)
        }
    }

    /// Whether a "." stands beside a character that is not ASCII, or ends the line (…的讲话.二是…,
    /// 增长9.4.三是…): the only periods `normalize` may turn into "。", looked for on the bytes
    /// (a decimal point has digits on both sides).
    static func mayEndSentenceWithPeriod(_ text: String) -> Bool {
        text.withBytes { bytes in
            var from = 1
            while let dot = ByteSearch.firstIndex(of: 0x2E, in: bytes, from: from, to: bytes.count) {
                if bytes[dot - 1] >= 0x80 || dot + 1 == bytes.count || bytes[dot + 1] >= 0x80 { return true }
                from = dot + 1
            }
            return false
        }
    }

    /// A "." that ends a Chinese sentence, before the line's end or anything but a Latin letter
    /// or another dot (…… written ......, 讲话稿.docx), also past spaces:
    /// - after a Han character, or closing marks after one (成效显著.2011年…); a numeral label
    ///   at the line's start keeps its dot (一.提高认识, 第二.);
    /// - after a number or a Latin word that follows Chinese text, when Chinese or the line's
    ///   end comes next (增长 9.4.二是…, xx%.三是…); after a sentence's end or at the line's
    ///   start such a number is a label (…工作。1.加强领导).
    static func endsChineseSentence(_ chars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index > 0, chars[index - 1] != "." else { return false }
        let next = index + 1 < chars.count ? chars[index + 1] : nil
        if let next, next == "." || (next.isASCII && next.properties.isAlphabetic) { return false }
        // Latin text after spaces: a sentence of English (…“tourism”. We warmly…).
        var after = index + 1
        while after < chars.count, CJK.isSpace(chars[after]) { after += 1 }
        if after < chars.count, chars[after].isASCII, chars[after].properties.isAlphabetic { return false }
        if endsChinese(chars, before: index) {
            var start = index
            while start > 0, CJK.isChineseNumeral(chars[start - 1]) { start -= 1 }
            if start < index {
                var label = start
                if label > 0, chars[label - 1] == "第" { label -= 1 }
                if !chars[..<label].contains(where: { !CJK.isSpace($0) }) { return false }
            }
            return true
        }
        // After a number, a digit makes a decimal point (9.4).
        guard next.map({ !$0.isASCII && !CJK.isSpace($0) }) ?? true else { return false }
        var start = index
        while start > 0, chars[start - 1].isASCII,
              chars[start - 1].properties.isAlphabetic || isDigit(chars[start - 1]) || chars[start - 1] == "." || chars[start - 1] == "%" {
            start -= 1
        }
        guard start < index else { return false }
        while start > 0, chars[start - 1] == " " { start -= 1 }
        guard start > 0 else { return false }
        return endsChinese(chars, before: start)
    }

    /// Whether the text before `index` ends with a Han character, or with closing marks after
    /// one (…“绿水青山”, not …“tourism”).
    static func endsChinese(_ chars: [Unicode.Scalar], before index: Int) -> Bool {
        var last = index - 1
        while last >= 0, closingMarks.contains(chars[last]) { last -= 1 }
        return last >= 0 && (CJK.isHan(chars[last]) || (last < index - 1 && CJK.isFullWidthPunctuation(chars[last])))
    }

    /// ” ’ ） 》 」 』 】: marks that close a quotation, a title or an aside.
    static let closingMarks: Set<Unicode.Scalar> = ["”", "’", "）", "》", "」", "』", "】"]

    /// The candidates but the comma (the comma's own line needs none of the rest).
    static let notComma = ByteSet(candidateBytes.filter { $0 != 0x2C })

    /// `normalize` for the commonest line, whose only candidates are commas and which names no
    /// address: each comma with Chinese on a side (looking past numbers) and digits not on both
    /// becomes "，", read and rewritten on the bytes instead of through an array of scalars.
    /// A comma already turned counts as Chinese for the next one, as in `normalize`, which turns
    /// them in place from the left. nil for any other line.
    static func commasOnly(_ text: String) -> String? {
        guard !notComma.occurs(in: text) else { return nil }
        return text.withBytes { bytes -> String? in
            let count = bytes.count
            // Any "http" or "www." may start an address `urlMask` marks: such a line goes the scalar way.
            var comma = ByteSearch.firstIndex(of: 0x2C, in: bytes, from: 0, to: count)
            guard comma != nil, !text.containsBytes("http"), !text.containsBytes("www.") else { return nil }
            func isDigit(_ index: Int) -> Bool { index >= 0 && index < count && bytes[index] >= 0x30 && bytes[index] <= 0x39 }
            var turned: [Int] = []
            // From comma to comma (memchr), not a byte at a time.
            while let index = comma {
                comma = ByteSearch.firstIndex(of: 0x2C, in: bytes, from: index + 1, to: count)
                if isDigit(index - 1) && isDigit(index + 1) { continue }
                // Chinese on the left, past numbers; a comma there was turned or not just before.
                var start = index
                var chinese = false
                while start > 0 {
                    start -= 1
                    while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
                    if bytes[start] == 0x2C { chinese = turned.last == start; break }
                    let scalar = UTF8Text.scalar(bytes, at: start)
                    if isNumberish(scalar) { continue }
                    chinese = CJK.isChinese(scalar)
                    break
                }
                if !chinese {
                    // On the right: commas there are not turned yet.
                    var next = index + 1
                    while next < count {
                        let scalar = UTF8Text.scalar(bytes, at: next)
                        if isNumberish(scalar) { next += UTF8Text.width(bytes[next]); continue }
                        chinese = CJK.isChinese(scalar)
                        break
                    }
                }
                if chinese { turned.append(index) }
            }
            guard !turned.isEmpty else { return text }
            return String(unsafeUninitializedCapacity: count + 2 * turned.count) { out in
                var written = 0, from = 0
                func copy(upTo end: Int) {
                    guard end > from else { return }
                    UnsafeMutableRawPointer(out.baseAddress! + written).copyMemory(from: bytes.baseAddress! + from, byteCount: end - from)
                    written += end - from
                }
                for index in turned {
                    copy(upTo: index)
                    out[written] = 0xEF; out[written + 1] = 0xBC; out[written + 2] = 0x8C
                    written += 3
                    from = index + 1
                }
                copy(upTo: count)
                return written
            }
        }
    }

    /// , : ; ? ! ( ) " ' and space, by byte: a scan of UTF-8 is far cheaper than of Characters.
    static let candidateBytes: [UInt8] = [0x2C, 0x3A, 0x3B, 0x3F, 0x21, 0x28, 0x29, 0x22, 0x27, 0x20, 0x3C, 0x3E]
    static let candidates = ByteSet(candidateBytes)

    static func isChinese(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return CJK.isChinese(scalar)
    }

    static func isDigit(_ scalar: Unicode.Scalar?) -> Bool {
        guard let value = scalar?.value else { return false }
        return value >= 0x30 && value <= 0x39
    }

    /// What may stand between Chinese text and a comma without making it Latin text: digits,
    /// spaces and number punctuation (3.15%,1-7月).
    static func isNumberish(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "0"..."9", " ", ".", "%", "-", "+", "/", "×": return true
        default: return false
        }
    }

    static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    /// Marks the scalars of http(s):// and www. addresses, which keep their punctuation.
    static func urlMask(_ chars: [Unicode.Scalar]) -> [Bool] {
        var mask = [Bool](repeating: false, count: chars.count)
        var i = 0
        func startsAddress(_ at: Int) -> Bool {
            for prefix in ["http://", "https://", "www."] {
                let p = Array(prefix.unicodeScalars)
                if at + p.count <= chars.count && Array(chars[at..<(at + p.count)]) == p { return true }
            }
            return false
        }
        while i < chars.count {
            if (chars[i] == "h" || chars[i] == "w") && startsAddress(i) {
                while i < chars.count, chars[i].isASCII, chars[i] != " ", chars[i] != "\t" {
                    mask[i] = true
                    i += 1
                }
            } else {
                i += 1
            }
        }
        return mask
    }

    static func normalize(_ text: String) -> String {
        let original = text.scalarArray
        var chars = original
        func neighbour(_ index: Int, _ step: Int) -> Unicode.Scalar? {
            var i = index + step
            while i >= 0 && i < chars.count && chars[i] == " " { i += step }
            return i >= 0 && i < chars.count ? chars[i] : nil
        }
        // Chinese on either side, looking past numbers: "3.15%,1-7月" is Chinese context.
        func chineseAround(_ index: Int) -> Bool {
            for step in [-1, 1] {
                var i = index + step
                while i >= 0 && i < chars.count && isNumberish(chars[i]) { i += step }
                if i >= 0 && i < chars.count && isChinese(chars[i]) { return true }
            }
            return false
        }
        let inURL = urlMask(chars)
        func endsEntity(_ index: Int) -> Bool {
            var i = index - 1
            while i >= 0, chars[i].isASCII, chars[i].properties.isAlphabetic || isDigit(chars[i]) || chars[i] == "#" { i -= 1 }
            return i >= 0 && i < index - 1 && chars[i] == "&"
        }
        let before = { (i: Int) -> Unicode.Scalar? in i > 0 ? chars[i - 1] : nil }
        let after = { (i: Int) -> Unicode.Scalar? in i + 1 < chars.count ? chars[i + 1] : nil }

        // Which of the later conversions have anything to convert: most lines hold a comma
        // or a colon and none of the brackets or quotes.
        var parentheses = false, angles = false, doubleQuotes = false, singleQuotes = false
        for i in chars.indices {
            switch chars[i] {
            case "(", ")": parentheses = true; continue
            case "<", ">": angles = true; continue
            case "\"": doubleQuotes = true; continue
            case "'": singleQuotes = true; continue
            default: if inURL[i] { continue }
            }
            switch chars[i] {
            case ",":
                if isDigit(before(i)) && isDigit(after(i)) { continue }
                if chineseAround(i) { chars[i] = "，" }
            case ":":
                if isDigit(before(i)) && isDigit(after(i)) { continue }
                if after(i) == "/" { continue }
                if isChinese(neighbour(i, -1)) || (isChinese(neighbour(i, 1)) && !isDigit(before(i))) { chars[i] = "：" }
            case ";":
                // &amp; and the like are text the speech quotes: their semicolon stays.
                if endsEntity(i) { continue }
                if chineseAround(i) { chars[i] = "；" }
            case "?":
                if before(i) == "?" || after(i) == "?" { continue }
                if isDigit(before(i)) && isDigit(after(i)) { continue }
                if chineseAround(i) { chars[i] = "？" }
            case "!":
                if chineseAround(i) { chars[i] = "！" }
            case ".":
                if endsChineseSentence(chars, at: i) { chars[i] = "。" }
            default:
                break
            }
        }
        if parentheses { convertParentheses(&chars) }
        if angles { convertAngleBracketsInTitles(&chars) }
        if doubleQuotes { convertQuotes(&chars, straight: "\"", open: "“", close: "”", requireInside: false) }
        if singleQuotes { convertQuotes(&chars, straight: "'", open: "‘", close: "’", requireInside: true) }
        // Nothing to change (a line with a Latin comma or a space in Latin text): the line as it was.
        if chars == original && !chars.contains(" ") { return text }
        return dropSpacesAroundFullWidth(chars)
    }

    /// Half-width < > inside 《…》 are the inner title marks 〈 〉 (《关于<某某>的通知》).
    static func convertAngleBracketsInTitles(_ chars: inout [Unicode.Scalar]) {
        var depth = 0
        for i in chars.indices {
            switch chars[i] {
            case "《": depth += 1
            case "》": depth = max(depth - 1, 0)
            case "<" where depth > 0: chars[i] = "〈"
            case ">" where depth > 0: chars[i] = "〉"
            default: break
            }
        }
    }

    /// Converts a matched () pair when its content or its surroundings are Chinese.
    static func convertParentheses(_ chars: inout [Unicode.Scalar]) {
        var stack: [Int] = []
        for i in chars.indices {
            if chars[i] == "(" { stack.append(i) }
            else if chars[i] == ")", let open = stack.popLast() {
                let inside = chars[(open + 1)..<i]
                let outside = isChinese(open > 0 ? chars[open - 1] : nil) || isChinese(i + 1 < chars.count ? chars[i + 1] : nil)
                if inside.contains(where: { isChinese($0) }) || (outside && !inside.contains(where: isASCIILetter)) {
                    chars[open] = "（"
                    chars[i] = "）"
                }
            }
        }
    }

    /// Pairs straight quotes in order; a pair becomes “…” when Chinese is inside or around.
    static func convertQuotes(_ chars: inout [Unicode.Scalar], straight: Unicode.Scalar, open: Unicode.Scalar,
                              close: Unicode.Scalar, requireInside: Bool) {
        let positions = chars.indices.filter { chars[$0] == straight }
        var k = 0
        while k + 1 < positions.count {
            let (a, b) = (positions[k], positions[k + 1])
            let inside = chars[(a + 1)..<b].contains(where: { isChinese($0) })
            let around = isChinese(a > 0 ? chars[a - 1] : nil) || isChinese(b + 1 < chars.count ? chars[b + 1] : nil)
            if inside || (!requireInside && around) {
                chars[a] = open
                chars[b] = close
            }
            k += 2
        }
    }

    /// Drops the spaces beside full-width punctuation (同志们 ： → 同志们：), but for spaces
    /// between a Han character and an opening mark (必由之路 “九五”期间): a page flattened into
    /// one line keeps a paragraph's end there, which the segmenter cuts at (a heading glued to
    /// its body); it drops what it leaves of them (`droppingSpacesBeforeOpeningMarks`).
    static func dropSpacesAroundFullWidth(_ chars: [Unicode.Scalar], keepingBeforeOpeningMarks: Bool = true) -> String {
        guard chars.contains(" ") else { return String(scalars: chars) }
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(chars.count)
        for (i, scalar) in chars.enumerated() {
            if scalar == " " {
                var j = i
                while j > 0 && chars[j - 1] == " " { j -= 1 }
                let previous = j > 0 ? chars[j - 1] : nil
                var k = i
                while k < chars.count && chars[k] == " " { k += 1 }
                let next = k < chars.count ? chars[k] : nil
                if keepingBeforeOpeningMarks, let previous, let next, CJK.isHan(previous), isOpeningMark(next) {
                    result.append(scalar)
                    continue
                }
                if previous.map(CJK.isFullWidthPunctuation) == true || next.map(CJK.isFullWidthPunctuation) == true { continue }
            }
            result.append(scalar)
        }
        return String(scalars: result)
    }

    /// “ ‘ 《 （ 【 「 『 〔: marks that open a quotation, a title or an aside.
    static func isOpeningMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "“", "‘", "《", "（", "【", "「", "『", "〔": return true
        default: return false
        }
    }

    /// The spaces `dropSpacesAroundFullWidth` kept before opening marks, dropped once the
    /// segmenter has cut at those it cuts at.
    static func droppingSpacesBeforeOpeningMarks(_ text: String) -> String {
        guard text.containsBytes(" ") else { return text }
        let chars = Array(text.unicodeScalars)
        let spaced = chars.indices.dropLast().contains { chars[$0] == " " && isOpeningMark(chars[$0 + 1]) }
        return spaced ? dropSpacesAroundFullWidth(chars, keepingBeforeOpeningMarks: false) : text
    }
}
