import SpeechModel
import SystemSupport

/// What one unit of a page shows about itself: shallow text features in the manner of
/// boilerplate-removal systems (length, punctuation, script, label shapes, lexicon hits), plus
/// the page-level ones the labeller fills in (repetition further down, a translation page).
struct Evidence {
    enum Feature: Int, CaseIterable {
        case bias, lexicon, titleEnding, titleShaped, afterTitle
        case sentence, prose, long, veryShort, salutation, heading, lead, closing, marker
        case date, timestamp, speaker, subtitle, url, fileName, pageCounter
        case breadcrumb, siteName, repeatedLater, latin, translation
        case noHan, betweenFurniture, titleFollows, beforeSalutation
        case markupTitle, markupHeading, markupCentred, markupFurniture

        /// The names weights.yaml uses.
        static let names = ["bias", "lexicon", "title-ending", "title-shaped", "after-title",
                            "sentence", "prose", "long", "very-short", "salutation", "heading", "lead", "closing", "marker",
                            "date", "timestamp", "speaker", "subtitle", "url", "file-name", "page-counter",
                            "breadcrumb", "site-name", "repeated-later", "latin", "translation",
                            "no-han", "between-furniture", "title-follows", "before-salutation",
                            "markup-title", "markup-heading", "markup-centred", "markup-furniture"]
        var name: String { Self.names[rawValue] }
    }

    /// Every feature but the lexicon's is 0 or 1: a bit each (bit i for feature i), so a unit's
    /// evidence is a few words inline, not an array on the heap (a large page has hundreds of
    /// thousands of units).
    ///
    /// The features' bits and the unit's furniture classes share one word (features below
    /// `classShift`, classes above): 16 bytes a unit with the lexicon's value, not 24, eight
    /// megabytes of a page of a million units at the labeller's peak.
    private var bits: UInt64 = 0
    static let classShift = UInt64(Feature.allCases.count)
    private static let featureMask: UInt64 = (1 << classShift) - 1
    /// How many classes the word above the features holds (Lexicon refuses more).
    static let maximumClasses = 64 - Feature.allCases.count
    private var present: UInt64 { bits & Self.featureMask }
    /// The lexicon feature's weight (a sum over the unit's word classes).
    private var lexiconValue = 0.0
    /// The furniture classes the unit's words belong to (bit i for class i).
    var classes: UInt32 {
        get { UInt32(truncatingIfNeeded: bits >> Self.classShift) }
        set {
            precondition(UInt64(newValue) >> Self.maximumClasses == 0, "at most \(Self.maximumClasses) classes")
            bits = bits & Self.featureMask | UInt64(newValue) << Self.classShift
        }
    }

    subscript(_ feature: Feature) -> Double {
        get {
            if feature == .lexicon { return lexiconValue }
            return bits & (1 << UInt64(feature.rawValue)) != 0 ? 1 : 0
        }
        set {
            if feature == .lexicon { lexiconValue = newValue } else { precondition(newValue == 0 || newValue == 1, "a 0/1 feature") }
            if newValue != 0 { bits |= 1 << UInt64(feature.rawValue) } else { bits &= ~(1 << UInt64(feature.rawValue)) }
        }
    }

    /// The unit's own evidence. `afterTitle`: the unit before it ends with a title word.
    init(_ text: String, afterTitle: Bool, lexicon: Lexicon) {
        let shape = TextShape(text)
        self[.bias] = 1
        let length = shape.length
        self[.veryShort] = length <= 6 ? 1 : 0
        self[.long] = length >= 80 ? 1 : 0
        let sentence = shape.endsSentence || shape.sentenceEnds > 0
        self[.sentence] = sentence ? 1 : 0
        self[.prose] = sentence && length >= 40 ? 1 : 0
        self[.noHan] = shape.han == 0 ? 1 : 0
        self[.latin] = shape.latinLetters >= 20 && Double(shape.latinLetters) >= 0.6 * Double(max(length - shape.spaces, 1)) ? 1 : 0
        self[.marker] = Markers.isMarker(text) ? 1 : 0

        if length > 120 {
            // In long prose only the in-prose classes weigh anything much.
            let found = lexicon.inProseKeywords.matches(text)
            for (group, index) in lexicon.inProseClasses.enumerated() where found & (1 << group) != 0 { classes |= 1 << index }
        } else {
            classes = lexicon.furnitureKeywords.matches(text)
        }
        if classes != 0 {
            var sum = 0.0
            let scale = Self.lengthScale(length, lexicon.weights.lengthScale)
            for (index, wordClass) in lexicon.furnitureClasses.enumerated() where classes & (1 << index) != 0 {
                sum += wordClass.weight * max(scale, wordClass.inProse ?? 0)
            }
            self[.lexicon] = sum
        }
        self[.url] = shape.mayHoldAddress && shape.latinLetters >= 3 && PageShapes.holdsAddress(text) ? 1 : 0
        self[.timestamp] = shape.digits >= 6 && PageShapes.holdsTimestamp(text) ? 1 : 0
        // What follows is for short units only: long prose is none of these.
        guard length <= 120 else { return }
        self[.fileName] = shape.latinLetters >= 3 && PageShapes.isFileName(text) ? 1 : 0
        self[.pageCounter] = shape.digits > 0 && PageShapes.isCounter(text) ? 1 : 0
        self[.breadcrumb] = (shape.hasArrow || text.bytesStart(with: "首页")) && PageShapes.isBreadcrumb(text)
            || shape.hasBar && PageShapes.isMenu(text) ? 1 : 0
        self[.siteName] = length <= 24 && PageShapes.holdsSiteName(text) ? 1 : 0
        let heading = Patterns.headingLabel(text) != nil
        self[.heading] = heading ? 1 : 0
        self[.lead] = Patterns.startsWithLead(text) ? 1 : 0
        self[.afterTitle] = afterTitle ? 1 : 0
        let last = text.lastScalar
        // A sentence of prose is none of what follows, unless it ends with a colon (a salutation).
        if sentence && length > 40 && last != "：" && last != ":" { return }
        self[.closing] = length <= 12 && Patterns.isClosing(text) ? 1 : 0
        let salutation = Patterns.isSalutation(text)
        self[.salutation] = salutation ? 1 : 0
        self[.subtitle] = Patterns.isSubtitle(text) ? 1 : 0
        self[.date] = length <= 24 && Patterns.dateLine(text) != nil ? 1 : 0
        var titleEnding = length <= 90 && Patterns.isTitleLike(text)
        // A title word ending a menu or a list of tags (讲话稿 发言稿 表态发言, 讲话稿|发言稿|表态发言)
        // ends no title. Words set apart by one space are too few to be a list; a bar alone
        // sets words apart.
        if titleEnding, shape.spaces >= 2 || shape.hasBar, PageShapes.isWordList(text) { titleEnding = false }
        self[.titleEnding] = titleEnding ? 1 : 0
        let shaped = length >= 4 && length <= 60 && !shape.endsSentence && shape.sentenceEnds == 0 && !shape.hasSemicolon
            && shape.commas <= 1 && !heading && self[.date] == 0 && shape.han >= 2
        self[.titleShaped] = shaped ? 1 : 0
        self[.speaker] = length <= 30 && !sentence && shape.commas == 0 && !titleEnding && !heading && !salutation
            && lexicon.speakerKeywords.contains(text) ? 1 : 0
    }

    /// What the input's markup said of the unit (nothing for plain text).
    mutating func add(_ hint: FormatHint) {
        guard !hint.isEmpty else { return }
        self[.markupTitle] = hint.title ? 1 : 0
        self[.markupHeading] = hint.headingLevel > 0 ? 1 : 0
        self[.markupCentred] = hint.centred ? 1 : 0
        self[.markupFurniture] = hint.furniture ? 1 : 0
    }

    /// Lexicon hits count fully in short units and less in long ones: one furniture word in a
    /// paragraph of prose says little.
    static func lengthScale(_ length: Int, _ scale: (full: Int, half: Int, floor: Double)) -> Double {
        if length <= scale.full { return 1 }
        if length <= scale.half { return 0.5 }
        return scale.floor
    }

    /// The score for one role: that role's row of weights over the features present.
    func score(_ row: [Double]) -> Double {
        var sum = 0.0
        // In feature order, as the sum always ran: the same additions, the same result.
        var rest = present
        while rest != 0 {
            let index = rest.trailingZeroBitCount
            sum += row[index] * self[Feature(rawValue: index)!]
            rest &= rest - 1
        }
        return sum
    }

    /// The features that weigh most for `role`, strongest first, as "name +w".
    func strongest(for role: UnitRole, _ weights: EvidenceWeights, lexicon: Lexicon, count: Int = 3) -> [(name: String, weight: Double)] {
        let row = weights.weights[UnitRole.allCases.firstIndex(of: role)!]
        var items: [(String, Double)] = []
        for (index, feature) in Feature.allCases.enumerated() where self[feature] != 0 && row[index] != 0 && feature != .bias {
            var name = feature.name
            if feature == .lexicon {
                let names = lexicon.furnitureClasses.enumerated().filter { classes & (1 << $0.offset) != 0 }.map(\.element.name)
                name = names.joined(separator: "+")
            }
            items.append((name, row[index] * self[feature]))
        }
        return Array(items.sorted { abs($0.1) > abs($1.1) }.prefix(count))
    }
}

/// Counts over a unit's scalars, taken in one pass.
struct TextShape {
    var length = 0, han = 0, latinLetters = 0, digits = 0, spaces = 0
    var sentenceEnds = 0, commas = 0
    var hasSemicolon = false, endsSentence = false, mayHoldAddress = false, hasArrow = false, hasBar = false

    init(_ text: String) {
        // Decoded by hand from the UTF-8 bytes (a String's bytes are valid UTF-8): this runs on
        // every unit of every page. The counts are locals of one function over the buffer.
        self = text.withBytes { Self.measure($0) }
    }

    private init() {}

    static func measure(_ bytes: UnsafeBufferPointer<UInt8>) -> TextShape {
        var length = 0, han = 0, latinLetters = 0, digits = 0, spaces = 0, sentenceEnds = 0, commas = 0
        var hasSemicolon = false, mayHoldAddress = false, hasArrow = false, hasBar = false
        var previous: UInt32 = 0x20, last: UInt32 = 0x20
        var i = 0
        let n = bytes.count
        while i < n {
            let lead = bytes[i]
            // E5–E9 lead U+5000–U+9FFF: Han, most of any page, counted without decoding.
            if lead >= 0xE5, lead <= 0xE9 {
                han += 1
                length += 1
                previous = last
                last = 0x4E00
                i += 3
                continue
            }
            let value: UInt32
            if lead < 0x80 {
                value = UInt32(lead)
                i += 1
            } else if lead < 0xE0 {
                value = (UInt32(lead & 0x1F) << 6) | UInt32(bytes[i + 1] & 0x3F)
                i += 2
            } else if lead < 0xF0 {
                value = (UInt32(lead & 0x0F) << 12) | (UInt32(bytes[i + 1] & 0x3F) << 6) | UInt32(bytes[i + 2] & 0x3F)
                i += 3
            } else {
                value = (UInt32(lead & 0x07) << 18) | (UInt32(bytes[i + 1] & 0x3F) << 12) | (UInt32(bytes[i + 2] & 0x3F) << 6)
                    | UInt32(bytes[i + 3] & 0x3F)
                i += 4
            }
            length += 1
            switch value {
            case 0x30...0x39: digits += 1
            case 0x41...0x5A, 0x61...0x7A: latinLetters += 1
            case 0x20, 0x3000: spaces += 1
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: han += 1
            case 0x3002, 0xFF01, 0xFF1F: sentenceEnds += 1
            case 0xFF0C, 0x2C: commas += 1
            case 0xFF1B, 0x3B: hasSemicolon = true
            case 0x2F, 0x2E: mayHoldAddress = true
            case 0x3E, 0xBB, 0xFF1E, 0x203A: hasArrow = true
            case 0x7C, 0xFF5C: hasBar = true
            default: break
            }
            previous = last
            last = value
        }
        var shape = TextShape()
        (shape.length, shape.han, shape.latinLetters, shape.digits, shape.spaces) = (length, han, latinLetters, digits, spaces)
        (shape.commas, shape.hasSemicolon, shape.mayHoldAddress, shape.hasArrow) = (commas, hasSemicolon, mayHoldAddress, hasArrow)
        shape.hasBar = hasBar
        // A sentence end at the very end is counted apart: 。 inside a title never stands last.
        if last == 0x3002 || last == 0xFF01 || last == 0xFF1F || last == 0x2026 || last == 0x21 || last == 0x3F {
            shape.endsSentence = true
            if last == 0x3002 || last == 0xFF01 || last == 0xFF1F { sentenceEnds -= 1 }
        } else if last == 0x201D || last == 0x300D || last == 0xFF09 || last == 0x29 {
            if previous == 0x3002 || previous == 0xFF01 || previous == 0xFF1F || previous == 0x2026 { shape.endsSentence = true }
        }
        shape.sentenceEnds = sentenceEnds
        return shape
    }
}

/// Shapes of page furniture that no word list names: addresses, stamps, file names, counters,
/// breadcrumbs, site names.
enum PageShapes {
    static func holdsAddress(_ text: String) -> Bool {
        text.containsBytes("http") || text.containsBytes("www.") || text.containsBytes(".com") || text.containsBytes(".cn")
            || text.containsBytes(".net") || text.containsBytes(".html")
    }

    /// 2023-08-03, 2019/05/14, 2023.9.1 (with or without a time): a publish stamp. A date in
    /// Chinese (2023年8月3日) is a speech's date, not a stamp.
    static func holdsTimestamp(_ text: String) -> Bool {
        return text.withBytes { bytes in
            var i = 0
            while i < bytes.count {
                // Digits are ASCII: words of Chinese text are passed over eight bytes at a time.
                i = ByteSearch.skippingNonASCII(bytes, from: i)
                guard i < bytes.count else { break }
                if dateStampLength(count: bytes.count, at: i, { UInt32(bytes[$0]) }) != nil { return true }
                var n = 0
                while i + n < bytes.count, bytes[i + n] >= 0x30, bytes[i + n] <= 0x39 { n += 1 }
                i += max(n, 1)
            }
            return false
        }
    }

    /// The length of a date written with - / or . that starts at `index` (2023-08-03,
    /// 2019/05/14, 2023.9.1): four digits, then one or two and one or two more, each after the
    /// same mark, and no digit after them; nil for anything else (a year alone, 2023年, 9.4).
    /// `unit(k)` is the k-th of `count` code units, bytes or scalars alike (a stamp is ASCII).
    @inline(__always)
    static func dateStampLength(count: Int, at index: Int, _ unit: (Int) -> UInt32) -> Int? {
        func digits(from start: Int, atMost limit: Int) -> Int {
            var end = start
            while end < count, end - start < limit, unit(end) >= 0x30, unit(end) <= 0x39 { end += 1 }
            return end - start
        }
        guard digits(from: index, atMost: 4) == 4, index + 4 < count else { return nil }
        let mark = unit(index + 4)
        guard mark == 0x2D || mark == 0x2F || mark == 0x2E else { return nil }
        var end = index + 5
        let month = digits(from: end, atMost: 2)
        guard month > 0 else { return nil }
        end += month
        guard end < count, unit(end) == mark else { return nil }
        let day = digits(from: end + 1, atMost: 2)
        guard day > 0 else { return nil }
        end += 1 + day
        // Not the start of a longer number (2024-10-285).
        guard end == count || !(unit(end) >= 0x30 && unit(end) <= 0x39) else { return nil }
        return end - index
    }

    /// `dateStampLength` on scalars (the segmenter's cuts).
    static func dateStampLength(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        dateStampLength(count: scalars.count, at: index) { scalars[$0].value }
    }

    static let fileEndings = [".docx", ".doc", ".pdf", ".wps", ".txt", ".pptx", ".ppt", ".xlsx"]

    /// 讲话稿.docx, 讲话稿.docx_第1页: a document's file name. On the bytes, ASCII case folded.
    static func isFileName(_ text: String) -> Bool {
        fileExtensionRange(text) != nil
    }

    /// The byte offsets of the last file extension in `text` that ends it or is followed by
    /// _第N页, a space, 》 or a bracket.
    static func fileExtensionRange(_ text: String) -> Range<Int>? {
        guard mayHoldExtension(text) else { return nil }
        let bytes = Array(text.utf8).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        var best: Range<Int>?
        for ending in fileEndings {
            let needle = Array(ending.utf8)
            guard let found = bytes.lastRange(of: needle) else { continue }
            let rest = bytes[found.upperBound...]
            let follows = rest.isEmpty || rest.first == 0x5F || rest.first == 0x20 || rest.starts(with: Array("》".utf8))
                || rest.starts(with: Array("（".utf8)) || rest.first == 0x28
            // .doc inside .docx: the longer ending wins.
            if follows, best == nil || found.lowerBound < best!.lowerBound || found.count > best!.count { best = found }
        }
        return best
    }

    /// A dot followed by the first letter of a document extension (d, p, w, t, x).
    static func mayHoldExtension(_ text: String) -> Bool {
        return text.withBytes { bytes in
            var i = 0
            while i + 1 < bytes.count {
                if bytes[i] == 0x2E {
                    switch bytes[i + 1] | 0x20 {
                    case 0x64, 0x70, 0x77, 0x74, 0x78: return true
                    default: break
                    }
                }
                i += 1
            }
            return false
        }
    }

    /// 第1页 / 共3页, / 7, 999+, 22.23KB, 23 页, 3: numbers and page words, nothing else.
    static func isCounter(_ text: String) -> Bool {
        var digits = 0
        for scalar in text.unicodeScalars {
            switch scalar {
            case "0"..."9": digits += 1
            case " ", "/", ".", "+", "第", "页", "共", "K", "B", "M", "k", "b", "m", "W", "w", "-", "：", ":", "|", "(", ")", "（", "）", "×", "x": break
            default: return false
            }
        }
        return digits > 0
    }

    /// 首页 > 讲话 > 讲话稿, 您的位置：…
    static func isBreadcrumb(_ text: String) -> Bool {
        let startsHome = text.bytesStart(with: "首页")
        guard startsHome || text.containsByte(0x3E) || text.containsBytes("»") || text.containsBytes("＞") || text.containsBytes("›") else {
            return false
        }
        var arrows = 0
        for scalar in text.unicodeScalars where scalar == ">" || scalar == "»" || scalar == "＞" || scalar == "›" { arrows += 1 }
        if arrows >= 2 { return true }
        return startsHome && (arrows >= 1 || text.hasAtLeast(8))
    }

    /// 热门搜索：讲话稿 发言稿 主持词 表态发言, 网站首页 | 讲话稿 | 心得体会: three words or more, none
    /// longer than six characters, set apart by spaces or bars (a label and its colon before the
    /// first) — a menu or a list of tags, whose last word may be a title word; a title's words
    /// run on (县长在 20xx 年县经济工作会议上的讲话).
    static func isWordList(_ text: String) -> Bool {
        guard text.containsByte(0x20) || text.containsByte(0x7C) || text.containsBytes("\u{3000}") || text.containsBytes("｜") else {
            return false
        }
        var words = 0
        for piece in text.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" || $0 == "|" || $0 == "｜" }) {
            var word = piece
            if words == 0, let colon = word.firstIndex(where: { $0 == "：" || $0 == ":" }) {
                word = word[word.index(after: colon)...]
                if word.isEmpty { continue }
            }
            guard word.count <= 6 else { return false }
            words += 1
        }
        return words >= 3
    }

    /// 讲话稿 | 发言稿 | 主持词: a list of short words set apart by bars is a site's menu (set
    /// apart by spaces it may be a speech's own line: 创新 协调 绿色 开放 共享).
    static func isMenu(_ text: String) -> Bool {
        (text.containsByte(0x7C) || text.containsBytes("｜")) && isWordList(text)
    }

    static let siteEndings = ["网", "文库", "文稿", "网站", "文秘", "素材"]

    /// 三味园范文网, 德育素材网 首页, 笔杆子文稿: a word of the unit names a site.
    static let siteEndingKeywords = KeywordSet([siteEndings])

    static func holdsSiteName(_ text: String) -> Bool {
        guard siteEndingKeywords.contains(text) else { return false }
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }) {
            let word = String(word)
            guard word.hasAtMost(10), word.hasAtLeast(3) else { continue }
            if siteEndings.contains(where: { word.hasSuffix($0) }) { return true }
        }
        return false
    }
}

extension Array where Element == UInt8 {
    /// The last occurrence of `needle`, by offsets.
    func lastRange(of needle: [UInt8]) -> Range<Int>? {
        guard !needle.isEmpty, needle.count <= count else { return nil }
        var start = count - needle.count
        while start >= 0 {
            if self[start] == needle[0], self[start..<(start + needle.count)].elementsEqual(needle) { return start..<(start + needle.count) }
            start -= 1
        }
        return nil
    }
}

/// Every unit's score for every role (UnitRole order), made from the unit's evidence when read:
/// kept as numbers they were eight bytes a role and a unit, 40 MB on a page of a million short
/// lines, for a sum of a few weights the labeller reads a handful of times.
struct RoleScores {
    let roles: Int
    private let evidence: [Evidence]
    private let rows: [[Double]]
    /// Units a correction fixed to a role (its index): every other role scores -1,000 there.
    private var fixed: [Int: Int] = [:]

    init(_ evidence: [Evidence], _ weights: EvidenceWeights) {
        self.evidence = evidence
        rows = weights.weights
        roles = rows.count
    }

    var count: Int { roles == 0 ? 0 : evidence.count }

    subscript(unit: Int, role: Int) -> Double {
        if !fixed.isEmpty, let kept = fixed[unit], kept != role { return -1_000 }
        return evidence[unit].score(rows[role])
    }

    /// One unit's scores, in role order.
    subscript(unit: Int) -> [Double] { (0..<roles).map { self[unit, $0] } }

    /// The role the unit scores best in (the first of equals), each role's score made once.
    func best(_ unit: Int) -> Int {
        var best = 0, top = self[unit, 0]
        for role in 1..<roles {
            let score = self[unit, role]
            if top < score { (best, top) = (role, score) }
        }
        return best
    }

    /// Every role's score for the unit into `scores` (a buffer of `roles`), each made once.
    func fill(_ scores: inout [Double], for unit: Int) {
        for role in 0..<roles { scores[role] = self[unit, role] }
    }

    /// A correction: the unit takes this role whatever its evidence says.
    mutating func fix(_ unit: Int, to role: Int) { fixed[unit] = role }
}
