import SpeechModel

/// What one unit of a page shows about itself: shallow text features in the manner of
/// boilerplate-removal systems (length, punctuation, script, label shapes, lexicon hits), plus
/// the page-level ones the labeller fills in (repetition further down, a translation page).
struct Evidence {
    enum Feature: String, CaseIterable {
        case bias, lexicon, titleEnding = "title-ending", titleShaped = "title-shaped", afterTitle = "after-title"
        case sentence, prose, long, veryShort = "very-short", salutation, heading, lead, closing, marker
        case date, timestamp, speaker, subtitle, url, fileName = "file-name", pageCounter = "page-counter"
        case breadcrumb, siteName = "site-name", repeatedLater = "repeated-later", latin, translation
        case noHan = "no-han", betweenFurniture = "between-furniture", titleFollows = "title-follows"
    }

    var values: [Double]
    /// The furniture classes the unit's words belong to (bit i for class i).
    var classes: UInt32 = 0

    subscript(_ feature: Feature) -> Double {
        get { values[Self.index[feature]!] }
        set { values[Self.index[feature]!] = newValue }
    }

    static let index: [Feature: Int] = Dictionary(uniqueKeysWithValues: Feature.allCases.enumerated().map { ($1, $0) })

    /// The unit's own evidence. `previous` is the unit before it on the page, if any.
    init(_ text: String, previous: String?, lexicon: Lexicon) {
        values = [Double](repeating: 0, count: Feature.allCases.count)
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

        classes = lexicon.furnitureKeywords.matches(text)
        if classes != 0 {
            var sum = 0.0
            let scale = Self.lengthScale(length, lexicon.weights.lengthScale)
            for (index, wordClass) in lexicon.furnitureClasses.enumerated() where classes & (1 << index) != 0 {
                sum += wordClass.weight * max(scale, wordClass.inProse ?? 0)
            }
            self[.lexicon] = sum
        }
        self[.url] = shape.mayHoldAddress && PageShapes.holdsAddress(text) ? 1 : 0
        self[.timestamp] = shape.digits >= 6 && PageShapes.holdsTimestamp(text) ? 1 : 0
        // What follows is for short units only: long prose is none of these.
        guard length <= 120 else { return }
        self[.fileName] = shape.latinLetters >= 3 && PageShapes.isFileName(text) ? 1 : 0
        self[.pageCounter] = PageShapes.isCounter(text) ? 1 : 0
        self[.breadcrumb] = PageShapes.isBreadcrumb(text) ? 1 : 0
        self[.siteName] = length <= 24 && PageShapes.holdsSiteName(text) ? 1 : 0
        let heading = Patterns.headingLabel(text) != nil
        self[.heading] = heading ? 1 : 0
        self[.lead] = Patterns.startsWithLead(text) ? 1 : 0
        self[.closing] = length <= 12 && Patterns.isClosing(text) ? 1 : 0
        self[.salutation] = Patterns.isSalutation(text) ? 1 : 0
        self[.subtitle] = Patterns.isSubtitle(text) ? 1 : 0
        self[.date] = length <= 24 && Patterns.dateLine(text) != nil ? 1 : 0
        let titleEnding = length <= 90 && Patterns.isTitleLike(text)
        self[.titleEnding] = titleEnding ? 1 : 0
        let shaped = length >= 4 && length <= 60 && !shape.endsSentence && shape.sentenceEnds == 0 && !shape.hasSemicolon
            && shape.commas <= 1 && !heading && self[.date] == 0 && shape.han >= 2
        self[.titleShaped] = shaped ? 1 : 0
        if let previous, previous.hasAtMost(90), Patterns.isTitleLike(previous) { self[.afterTitle] = 1 }
        self[.speaker] = length <= 30 && !sentence && shape.commas == 0 && !titleEnding && !heading
            && lexicon.speakerKeywords.contains(text) && !Patterns.isSalutation(text) ? 1 : 0
    }

    /// Lexicon hits count fully in short units and less in long ones: one furniture word in a
    /// paragraph of prose says little.
    static func lengthScale(_ length: Int, _ scale: (full: Int, half: Int, floor: Double)) -> Double {
        if length <= scale.full { return 1 }
        if length <= scale.half { return 0.5 }
        return scale.floor
    }

    /// The role's score: the sum of weight × evidence.
    func score(_ role: UnitRole, _ weights: EvidenceWeights) -> Double {
        let row = weights.weights[UnitRole.allCases.firstIndex(of: role)!]
        var sum = 0.0
        for index in values.indices where values[index] != 0 { sum += row[index] * values[index] }
        return sum
    }

    /// The features that weigh most for `role`, strongest first, as "name +w".
    func strongest(for role: UnitRole, _ weights: EvidenceWeights, lexicon: Lexicon, count: Int = 3) -> [(name: String, weight: Double)] {
        let row = weights.weights[UnitRole.allCases.firstIndex(of: role)!]
        var items: [(String, Double)] = []
        for (index, feature) in Feature.allCases.enumerated() where values[index] != 0 && row[index] != 0 && feature != .bias {
            var name = feature.rawValue
            if feature == .lexicon {
                let names = lexicon.furnitureClasses.enumerated().filter { classes & (1 << $0.offset) != 0 }.map(\.element.name)
                name = names.joined(separator: "+")
            }
            items.append((name, row[index] * values[index]))
        }
        return Array(items.sorted { abs($0.1) > abs($1.1) }.prefix(count))
    }
}

/// Counts over a unit's scalars, taken in one pass.
struct TextShape {
    var length = 0, han = 0, latinLetters = 0, digits = 0, spaces = 0
    var sentenceEnds = 0, commas = 0
    var hasSemicolon = false, endsSentence = false, mayHoldAddress = false

    init(_ text: String) {
        var last: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            length += 1
            switch scalar.value {
            case 0x30...0x39: digits += 1
            case 0x41...0x5A, 0x61...0x7A: latinLetters += 1
            case 0x20, 0x3000: spaces += 1
            default:
                if CJK.isHan(scalar) { han += 1 }
                else if scalar == "。" || scalar == "！" || scalar == "？" { sentenceEnds += 1 }
                else if scalar == "，" || scalar == "," { commas += 1 }
                else if scalar == "；" || scalar == ";" { hasSemicolon = true }
            }
            if scalar == "/" || scalar == "." { mayHoldAddress = true }
            last = scalar
        }
        // A sentence end at the very end is counted apart: 。 inside a title never stands last.
        if "。！？…!?".unicodeScalars.contains(last) {
            endsSentence = true
            if "。！？".unicodeScalars.contains(last) { sentenceEnds -= 1 }
        } else if last == "”" || last == "」" || last == "）" || last == ")" {
            let scalars = Array(text.unicodeScalars.suffix(2))
            if scalars.count == 2, "。！？…".unicodeScalars.contains(scalars[0]) { endsSentence = true }
        }
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
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func digits(_ at: Int) -> Int {
            var n = 0
            while at + n < scalars.count, ("0"..."9").contains(scalars[at + n]) { n += 1 }
            return n
        }
        while i < scalars.count {
            let n = digits(i)
            if n == 4, i + 4 < scalars.count, "-/.".unicodeScalars.contains(scalars[i + 4]) {
                let m = digits(i + 5)
                if m >= 1, m <= 2, i + 5 + m < scalars.count, scalars[i + 5 + m] == scalars[i + 4], (1...2).contains(digits(i + 6 + m)) {
                    return true
                }
            }
            i += max(n, 1)
        }
        return false
    }

    static let fileEndings = [".docx", ".doc", ".pdf", ".wps", ".txt", ".pptx", ".ppt", ".xlsx"]

    /// 讲话稿.docx, 讲话稿.docx_第1页: a document's file name.
    static func isFileName(_ text: String) -> Bool {
        let lower = text.lowercased()
        return fileEndings.contains { ending in
            guard let range = lower.range(of: ending, options: .backwards) else { return false }
            let rest = lower[range.upperBound...]
            return rest.isEmpty || rest.hasPrefix("_") || rest.hasPrefix(" ") || rest.hasPrefix("》") || rest.hasPrefix("（") || rest.hasPrefix("(")
        }
    }

    /// 第1页 / 共3页, / 7, 999+, 22.23KB, 23 页, 3: numbers and page words, nothing else.
    static func isCounter(_ text: String) -> Bool {
        var digits = 0, other = 0
        for scalar in text.unicodeScalars {
            switch scalar {
            case "0"..."9": digits += 1
            case " ", "/", ".", "+", "第", "页", "共", "K", "B", "M", "k", "b", "m", "W", "w", "-", "：", ":", "|", "(", ")", "（", "）", "×", "x": break
            default: other += 1
            }
        }
        return digits > 0 && other == 0
    }

    /// 首页 > 讲话 > 讲话稿, 您的位置：…
    static func isBreadcrumb(_ text: String) -> Bool {
        var arrows = 0
        for scalar in text.unicodeScalars where scalar == ">" || scalar == "»" || scalar == "＞" || scalar == "›" { arrows += 1 }
        if arrows >= 2 { return true }
        return text.hasPrefix("首页") && (arrows >= 1 || text.hasAtLeast(8))
    }

    static let siteEndings = ["网", "文库", "文稿", "网站", "文秘", "素材"]

    /// 三味园范文网, 德育素材网 首页, 笔杆子文稿: a word of the unit names a site.
    static func holdsSiteName(_ text: String) -> Bool {
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }) {
            let word = String(word)
            guard word.hasAtMost(10), word.hasAtLeast(3) else { continue }
            if siteEndings.contains(where: { word.hasSuffix($0) }) { return true }
        }
        return false
    }
}
