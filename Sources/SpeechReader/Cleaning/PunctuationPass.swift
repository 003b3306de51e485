/// Half-width punctuation in Chinese context becomes full-width: , : ; ? ! ( ) and straight
/// quotes in pairs. Numbers, times, decimals, URLs and Latin text keep theirs (3.15, 14:38,
/// 1,000, http://…). "??" is left alone: it is damage, flagged by DamagedTextPass.
struct PunctuationPass: CleaningPass {
    let name = "punctuation"

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        for index in lines.indices where Self.candidates.occurs(in: lines[index].text) {
            lines[index].text = Self.normalize(lines[index].text)
        }
    }

    /// , : ; ? ! ( ) " ' and space, by byte: a scan of UTF-8 is far cheaper than of Characters.
    static let candidates = ByteSet([0x2C, 0x3A, 0x3B, 0x3F, 0x21, 0x28, 0x29, 0x22, 0x27, 0x20, 0x3C, 0x3E])

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

    static func dropSpacesAroundFullWidth(_ chars: [Unicode.Scalar]) -> String {
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
                if previous.map(CJK.isFullWidthPunctuation) == true || next.map(CJK.isFullWidthPunctuation) == true { continue }
            }
            result.append(scalar)
        }
        return String(scalars: result)
    }
}
