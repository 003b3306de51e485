import Foundation
import SystemSupport

/// Recognisers for the lines a speech is built from. Shared by the cleaning passes (which must
/// not join a heading to the next line) and by the structure reader.
public enum HeadingKind: Int, Sendable, CaseIterable, Comparable {
    /// 一、
    case chineseEnumeration = 0
    /// 第一，
    case ordinal = 1
    /// （一）
    case parenthesizedChinese = 2
    /// 1.
    case arabic = 3
    /// （1）
    case parenthesizedArabic = 4

    public static func < (lhs: HeadingKind, rhs: HeadingKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A numbered line split into label, heading sentence and the body that runs in after it.
public struct HeadingMatch: Sendable, Equatable {
    public var kind: HeadingKind
    public var number: String
    /// The heading sentence with its closing punctuation.
    public var text: String
    /// Body text on the same line after the heading sentence, or "".
    public var rest: String
}

public enum Patterns {
    /// Longest heading sentence accepted; a longer numbered sentence is a numbered paragraph.
    static let maxHeadingLength = 60
    /// Longest lead clause (after its label) made of phrases.
    static let maxLeadLength = 60
    /// Longest lead clause of one phrase, and longest first phrase of a longer one.
    static let maxLeadPhraseLength = 30

    // MARK: Headings

    public static func heading(_ line: String) -> HeadingMatch? {
        return line.withBytes { bytes in
            headingSpan(bytes).map { span in
                // Copies of the line's bytes, cut where characters begin: not validated again.
                func string(_ range: Range<Int>) -> String { line.copying(utf8: range) }
                return HeadingMatch(kind: span.kind, number: string(0..<span.labelEnd), text: string(span.text),
                                    rest: string(UTF8Text.trimmingSpaces(bytes, span.restStart..<bytes.count)))
            }
        }
    }

    /// Whether the line is a heading (`heading(_:) != nil`), and how many characters its
    /// sentence has (exact up to the longest heading), without making its strings.
    static func headingLength(_ line: String) -> Int? {
        return line.withBytes { headingSpan($0)?.characters }
    }

    /// Where a heading's parts lie in the line's UTF-8 bytes: the label, the heading sentence
    /// (trimmed, with its closing punctuation) and the rest, which starts after the sentence.
    private struct HeadingSpan {
        var kind: HeadingKind
        var labelEnd: Int
        var text: Range<Int>
        var characters: Int
        var restStart: Int
    }

    /// On the UTF-8 bytes: a label's characters are single scalars (headingLabel), and the
    /// sentence's end (。！？) is found by its three bytes; walking the string's scalar view and
    /// making the three strings cost most of this test, which most callers ask only as a yes
    /// or no.
    private static func headingSpan(_ bytes: UnsafeBufferPointer<UInt8>) -> HeadingSpan? {
        guard let (kind, labelLength) = headingLabel(bytes) else { return nil }
        let count = bytes.count
        @inline(__always) func startsScalar(_ i: Int) -> Bool { bytes[i] & 0xC0 != 0x80 }
        // The label's end: past `labelLength` scalars.
        var labelEnd = 0, scalars = 0
        while labelEnd < count {
            if startsScalar(labelEnd) {
                if scalars == labelLength { break }
                scalars += 1
            }
            labelEnd += 1
        }
        guard labelEnd < count else { return nil }
        var next = labelEnd + 1
        while next < count, !startsScalar(next) { next += 1 }
        if next == count, UTF8Text.scalar(bytes, at: labelEnd).properties.isWhitespace { return nil }
        // The heading sentence ends at 。！？; a numbered paragraph that runs on far past the
        // longest heading is not read to its end (four times the limit leaves room for spaces
        // and combining marks).
        var end = count, scanned = 0, index = labelEnd
        while index < count {
            if startsScalar(index) {
                if UTF8Text.isSentenceStop(bytes, at: index) { end = index + 3; break }
                scanned += 1
                if scanned > 4 * maxHeadingLength { return nil }
            }
            index += 1
        }
        let text = UTF8Text.trimmingSpaces(bytes, labelEnd..<end)
        guard !text.isEmpty else { return nil }
        let characters = UTF8Text.characterCount(bytes, text, upTo: maxHeadingLength)
        guard characters <= maxHeadingLength else { return nil }
        // A heading sentence is not a list of clauses separated by semicolons.
        let sentence = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[text]))
        guard !semicolon.withUnsafeBytes({ ByteSearch.contains(sentence, $0) }) else { return nil }
        return HeadingSpan(kind: kind, labelEnd: labelEnd, text: text, characters: characters, restStart: end)
    }

    private static let semicolon = Array("；".utf8)

    /// The heading label at the start of `line` and its length in characters.
    static func headingLabel(_ line: String) -> (HeadingKind, Int)? {
        return line.withBytes { headingLabel($0) }
    }

    static func headingLabel(_ bytes: UnsafeBufferPointer<UInt8>) -> (HeadingKind, Int)? {
        // Every label starts with a numeral, 第, a parenthesis or a digit: most lines fail here.
        guard !bytes.isEmpty else { return nil }
        let head = UTF8Text.scalar(bytes, at: 0)
        guard CJK.isChineseNumeral(head) || head == "第" || head == "（" || head == "(" || (head.value >= 0x30 && head.value <= 0x39)
        else { return nil }
        // The first eight Characters as scalars: the scalars themselves when each is a
        // Character of its own (nearly always), else each Character's scalar, with a stand-in
        // for a Character of several (which no label holds).
        var chars: [Unicode.Scalar] = []
        chars.reserveCapacity(9)
        var offset = 0
        while offset < bytes.count, chars.count < 9 {
            chars.append(UTF8Text.scalar(bytes, at: offset))
            offset += UTF8Text.width(bytes[offset])
        }
        if chars.allSatisfy(CJK.standsAlone) {
            if chars.count == 9 { chars.removeLast() }
        } else {
            chars = String(decoding: bytes, as: UTF8.self).prefix(8).map { $0.unicodeScalars.count == 1 ? $0.unicodeScalars.first! : "\u{FFFC}" }
        }
        guard let first = chars.first else { return nil }
        var index = 0
        func countWhile(_ predicate: (Unicode.Scalar) -> Bool) -> Int {
            var n = 0
            while index + n < chars.count, predicate(chars[index + n]) { n += 1 }
            return n
        }
        func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x30 && scalar.value <= 0x39 }
        if CJK.isChineseNumeral(first) && first != "两" {
            let n = countWhile(CJK.isChineseNumeral)
            if n < chars.count, chars[n] == "、" { return (.chineseEnumeration, n + 1) }
            return nil
        }
        if first == "第" {
            index = 1
            let n = countWhile(CJK.isChineseNumeral)
            if n > 0, 1 + n < chars.count, ["，", "、", ","].contains(chars[1 + n]) { return (.ordinal, n + 2) }
            // 第一个问题，: a speech that numbers its parts as questions.
            if n > 0, 4 + n < chars.count, chars[1 + n] == "个", chars[2 + n] == "问", chars[3 + n] == "题",
               ["，", "：", "、", ","].contains(chars[4 + n]) {
                return (.ordinal, n + 5)
            }
            return nil
        }
        if first == "（" || first == "(" {
            index = 1
            let chinese = countWhile(CJK.isChineseNumeral)
            if chinese > 0, 1 + chinese < chars.count, [")", "）"].contains(chars[1 + chinese]) {
                return (.parenthesizedChinese, chinese + 2)
            }
            let digits = countWhile(isDigit)
            if digits > 0, digits <= 2, 1 + digits < chars.count, [")", "）"].contains(chars[1 + digits]) {
                return (.parenthesizedArabic, digits + 2)
            }
            return nil
        }
        if isDigit(first) {
            let digits = countWhile(isDigit)
            guard digits <= 2, digits < chars.count, [".", "．", "、"].contains(chars[digits]) else { return nil }
            // 3.15 is a number, not a heading.
            if digits + 1 < chars.count, chars[digits + 1].properties.numericType != nil { return nil }
            return (.arabic, digits + 1)
        }
        return nil
    }

    // MARK: Leads

    /// A lead label (一是 / 二要 …) at `index` of `scalars`; returns the label length.
    static func leadLabel(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        leadLabel { index + $0 < scalars.count ? scalars[index + $0] : nil }
    }

    /// A lead label from its `k`-th scalars: the labels' scalars are all three UTF-8 bytes, so a
    /// byte scanner can hand them out without decoding the text first.
    @inline(__always)
    static func leadLabel(_ scalar: (Int) -> Unicode.Scalar?) -> Int? {
        var n = 0
        while let next = scalar(n), CJK.isLeadNumeral(next) { n += 1 }
        guard n > 0, n <= 3, let word = scalar(n), word == "是" || word == "要" else { return nil }
        return n + 1
    }

    /// A label that opens a lead in running text at `index`: 一是 / 二要, 第一， (a comma, not
    /// 第一次), or 首先，/ 其次， / 首先是; returns the label length.
    static func leadOpening(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        leadOpening { index + $0 < scalars.count ? scalars[index + $0] : nil }
    }

    @inline(__always)
    static func leadOpening(_ scalar: (Int) -> Unicode.Scalar?) -> Int? {
        guard let first = scalar(0) else { return nil }
        switch first {
        case "第":
            var n = 1
            while n <= 3, let next = scalar(n), CJK.isLeadNumeral(next) { n += 1 }
            guard n > 1, scalar(n) == "，" else { return nil }
            return n + 1
        case "首", "其":
            guard let second = scalar(1), (first == "首" && second == "先") || (first == "其" && second == "次"),
                  let third = scalar(2), third == "，" || third == "是" else { return nil }
            return 3
        default:
            return CJK.isLeadNumeral(first) ? leadLabel(scalar) : nil
        }
    }

    static func startsWithLead(_ line: String) -> Bool {
        // A label opens with a numeral: most lines are turned away on their first scalar,
        // before the array of five.
        guard let first = line.unicodeScalars.first, CJK.isLeadNumeral(first) else { return false }
        return leadLabel(Array(line.unicodeScalars.prefix(5)), at: 0) != nil
    }

    // MARK: Title, salutation, closing

    /// Title words (Lexicon/speech.yaml, title-endings).
    static let titleEndings = Lexicon.builtIn.titleEndings
    static let titleDecorations = Lexicon.builtIn.titleDecorations
    static let titleEndingBytes = titleEndings.map { Array($0.utf8) }
    static let titleDecorationBytes = titleDecorations.map { Array($0.utf8) }

    /// Whether the text's bytes end with one of `words`: one look at the tail for all of them.
    static func endsWithAny(_ text: String, _ words: [[UInt8]]) -> Bool {
        return text.withBytes { bytes in
            // The last byte first: it turns most words away without a call.
            let last = bytes.last
            return words.contains { word in
                word.last == last && word.count <= bytes.count && ByteSearch.hasSuffix(bytes, word)
            }
        }
    }

    /// Group 0: a sentence end (a title has none); group 1: a title word (a title has one).
    static let titleTest = Lexicon.builtIn.titleKeywords

    /// A line that names a speech: 在…上的讲话, …致辞, …发言, …报告. Never a sentence.
    public static func isTitleLike(_ line: String) -> Bool {
        // Cheap rejections first: this runs several times on every line.
        let bytes = line.utf8.count
        guard bytes >= 4, bytes <= 360, titleTest.matches(line, stop: 0b01) == 0b10 else { return false }
        let count = line.characterCount(upTo: 90)
        guard count >= 4, count <= 90 else { return false }
        // Most titles end with their title word; anything else needs a marker, a bracket, a
        // site's word or a colon for the longer tests below to find a title in it.
        if endsWithAny(line, titleEndingBytes) { return true }
        let last = line.lastScalar!
        let tail = line.unicodeScalars.suffix(4)
        let colon = line.unicodeScalars.prefix(14).contains("：")
        guard last == "）" || last == ")" || last == "】" || tail.contains("篇") || colon
                || endsWithAny(line, titleDecorationBytes) || CJK.isSpace(last)
        else { return false }
        var core = Substring(line)
        // "… 篇1" and "…(共5篇)" markers after a title do not make it less of a title.
        if let range = core.lastByteRange(of: "篇"), core[range.upperBound...].hasAtMost(3) {
            core = core[..<range.lowerBound]
        }
        core = Substring(String(core).trimmingSpaces)
        for suffix in ["（共", "(共"] {
            if let range = core.lastByteRange(of: suffix) { core = core[..<range.lowerBound] }
        }
        core = Substring(String(core).trimmingSpaces)
        // A short note in brackets after the title: （送审稿）, 【通用三篇】, (精选文档).
        if let last = core.last, last == "）" || last == ")" || last == "】" {
            let opener: Character = last == "】" ? "【" : (last == ")" ? "(" : "（")
            if let open = core.lastIndex(of: opener), core[open...].count <= 14 {
                core = Substring(String(core[..<open]).trimmingSpaces)
            }
        }
        // A site's word after it: …致辞范文, …讲话稿范文稿.
        for decoration in titleDecorations where core.bytesEnd(with: decoration) && core.utf8.count > decoration.utf8.count {
            core = core.dropLast(decoration.count)
            break
        }
        if endsWithAny(String(core), titleEndingBytes) { return true }
        // 专题党课：从党史中汲取智慧和力量 — a genre word, a colon, the topic.
        if String(core).containsBytes("："), let colon = core.firstIndex(of: "：") {
            let genre = core[..<colon], topic = core[core.index(after: colon)...]
            return titleEndings.contains(where: { genre.bytesEnd(with: $0) }) && genre.hasAtMost(12)
                && topic.hasAtLeast(4) && topic.hasAtMost(40) && !topic.contains(where: { "，。；！？".contains($0) })
        }
        return false
    }

    /// ——弘扬工匠精神 建设技能强市: a subtitle line under a title.
    public static func isSubtitle(_ line: String) -> Bool {
        (line.hasTextPrefix("——") || line.hasTextPrefix("--")) && line.hasAtMost(60)
    }

    /// Audience words (Lexicon/speech.yaml, salutation-words).
    static let salutationWords = Lexicon.builtIn.salutationWords
    static let salutationKeywords = KeywordSet([salutationWords])

    /// 同志们： / 各位委员、同志们： / 尊敬的…：
    public static func isSalutation(_ line: String) -> Bool {
        guard let last = line.lastScalar else { return false }
        if last == "," || last == "，" { return isLatinAudience(line) }
        // Most lines end with 。 and are no salutation: decided on the last scalar, before counting.
        guard last == "：" || last == ":" || last == "！" || last == "!" || endsWithAny(line, salutationEndingBytes) else {
            return false
        }
        guard line.hasAtMost(60), !line.containsBytes("。") else { return false }
        // An audience is words and the marks between them: never a clause break or markup.
        guard !line.unicodeScalars.contains(where: { notInAudience.contains($0) }) else { return false }
        if last == "：" || last == ":" {
            // The speaker never names himself among his audience: 刚才，王军同志作了部署，下面，
            // 我讲三点意见： opens the body, whatever comrades it names.
            if line.containsBytes("我") { return false }
            // 不忘初心主题教育们： — a site's word in place of 同志, still an audience.
            if line.hasAtMost(13), line.dropLast().hasSuffix("们") { return true }
            return salutationKeywords.contains(line)
        }
        // 各位代表！ / 尊敬的各位教授，各位同学 (no colon): an audience named formally.
        guard salutationOpenings.contains(where: { line.bytesStart(with: $0) }) else { return false }
        if last == "！" || last == "!" { return line.hasAtMost(20) && !line.dropLast().contains("！") }
        return !line.unicodeScalars.contains(where: { notInAudience.contains($0) || $0 == "！" || $0 == "!" })
            && endsWithAny(line, salutationEndingBytes)
    }

    /// A salutation, or salutations one after another (同志们：朋友们：): what a speech's
    /// salutation lines make once the parser has joined them. Each piece up to a colon or an
    /// exclamation mark must be a salutation by itself; one piece is `isSalutation`. The
    /// structure finder and the Markdown reader both take a first paragraph by this rule, so a
    /// salutation joined from two lines reads back from Markdown as it was written (found by the
    /// fuzzer: two lines 同…志们： joined were too long for one salutation).
    public static func isSalutationRun(_ text: String) -> Bool {
        // Prof. Heckman, Colleagues,各位家长、女士们、先生们： — the audience in English, then in Chinese.
        if let first = text.unicodeScalars.first, first.isASCII,
           let han = text.unicodeScalars.firstIndex(where: CJK.isHan), han > text.startIndex {
            let latin = String(text.unicodeScalars[..<han]), rest = String(text.unicodeScalars[han...])
            if isLatinAudience(latin) { return isSalutationRun(rest) }
        }
        var pieces: [Substring] = []
        var start = text.startIndex
        for index in text.indices where ["：", ":", "！", "!"].contains(text[index]) {
            let end = text.index(after: index)
            pieces.append(text[start..<end])
            start = end
        }
        if start < text.endIndex { pieces.append(text[start...]) }
        guard pieces.count > 1 else { return isSalutation(text) }
        return pieces.allSatisfy { isSalutation(String($0)) }
    }

    /// Prof. Heckman, Dr. Ronnie Chan, Colleagues, Graduates, Parents, — an audience named in
    /// English on a line of its own above the Chinese one, in a bilingual address: no Han, names
    /// and titles between commas (none longer than a name), starting with a capital (the piece
    /// of such a line a fixed width cut off is none) and ending with a comma, and one of them a
    /// word an audience is addressed by (latin-audience-words: dear, colleagues, guests…).
    static func isLatinAudience(_ line: String) -> Bool {
        guard line.utf8.count <= 200, let last = line.lastScalar, last == "," || last == "，",
              line.unicodeScalars.first.map({ ("A"..."Z").contains($0) }) == true,
              !line.unicodeScalars.contains(where: { CJK.isHan($0) || notInAudience.contains($0) }),
              line.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else { return false }
        let names = line.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" })
        guard names.allSatisfy({ $0.count <= latinNameLength }) else { return false }
        let lowered = line.lowercased()
        return latinAudienceWords.contains { lowered.containsBytes($0) }
    }

    static let latinAudienceWords = Lexicon.builtIn.latinAudienceWords

    /// The longest name or title a Latin audience line lists between its commas.
    static let latinNameLength = 32

    /// Marks no audience holds: clause breaks and markup.
    static let notInAudience = Set("；;#<>`[]|{}“”？?".unicodeScalars)

    /// How a formal salutation opens, and the audience words it ends with.
    static let salutationOpenings = ["尊敬的", "各位", "亲爱的"]
    static let salutationEndings = ["同志们", "朋友们", "来宾", "嘉宾", "代表", "委员", "领导", "老师", "同学", "家长",
                                    "女士们", "先生们", "同事们", "们"]
    static let salutationEndingBytes = salutationEndings.map { Array($0.utf8) }

    /// 谢谢大家！ / 谢谢！ / 谢谢各位。
    public static func isClosing(_ line: String) -> Bool {
        // 感谢大家！ is 15 bytes, with room for two more marks: a longer line is no closing.
        guard line.utf8.count <= 24, line.containsBytes("谢") else { return false }
        let core = line.trimmingCharacters(in: ["！", "!", "。", "."])
        return ["谢谢大家", "谢谢", "谢谢各位", "谢谢你们", "感谢大家"].contains(core)
    }

    /// A date line under a title: （2023年8月16日）, 2023年8月16日, and a template's
    /// （2022年X月X日）. Returns the date as printed.
    static let dateScalars = Set("0123456789０１２３４５６７８９〇一二三四五六七八九十年月日 ".unicodeScalars)
    /// What a template writes for a date's numbers (20XX年X月X日).
    static let datePlaceholders = Set("XxＸ×".unicodeScalars)

    static func dateLine(_ line: String) -> String? {
        // At most 16 characters inside a pair of brackets, and it ends with 日.
        guard line.utf8.count <= 60, line.containsBytes("日"), line.containsBytes("年") else { return nil }
        var core = Substring(line)
        if let first = core.first, let last = core.last, "（(".contains(first), "）)".contains(last) {
            core = core.dropFirst().dropLast()
        }
        let text = String(core).trimmingSpaces
        guard text.hasAtMost(16), text.hasSuffix("日"), text.contains("年"), text.contains("月") else { return nil }
        return text.unicodeScalars.allSatisfy({ dateScalars.contains($0) || datePlaceholders.contains($0) }) ? text : nil
    }
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var result = Substring(self)
        while let first = result.first, set.contains(first) { result = result.dropFirst() }
        while let last = result.last, set.contains(last) { result = result.dropLast() }
        return String(result)
    }
}
