import SpeechModel
import SystemSupport

/// Cuts the page into units before anything is labelled: a page that prints the whole speech on
/// one line (title, salutation, headings and body separated by spaces, or glued together) becomes
/// the same sequence of units as a page with one paragraph per line. It also cuts out text that
/// sites inject into sentences (Lexicon: inline-noise), reporting each piece.
///
/// Cues, none of them tied to a site: spaces between Chinese words in a long line of prose; a
/// salutation and its colon (同志们：) with a title, speaker or date glued before it; a title
/// word followed by more header text; a heading label after a sentence end in a very long line.
/// Pieces cut at spaces that are plainly one sentence wrapped are joined again.
struct PageSegmenter: CleaningPass {
    let name = "segment"
    let lexicon: Lexicon

    /// A line this long with sentence punctuation may hold a whole page.
    static let spaceSplitLength = 80
    /// Headings are looked for inside lines at least this long.
    static let headingSplitLength = 300
    static let maxSalutationLength = 50
    /// How many lines from the top known titles are looked for in longer lines.
    static let titleRegion = 60
    /// How many lines from the top a page's own title (its <title>, with the site's name) stands.
    static let pageTitleRegion = 20

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        let titles = Self.knownTitles(lines)
        var output = LineRewrite(taking: &lines)
        while let line = output.next() {
            if line.isBlank { output.append(line); continue }
            var text = cutInlineNoise(line, report: &report)
            // 。Distinguished…: a mark left over from the text node before. Right after a line that
            // ends on no mark (…“千村一面” / 。二要…, a tool cutting by characters, or a PDF's text
            // cut before a stop), it is that line's end, wrapped: it goes back there.
            if let first = text.unicodeScalars.first, "。，、；".unicodeScalars.contains(first) {
                let before = output.count - 1
                if before >= 0, !output[before].isBlank, output[before].number == line.number - 1,
                   !Self.endsOnMark(output[before].text) {
                    output[before].text += String(first)
                } else {
                    report.removed.append(Removal(rule: "stray-punctuation", line: line.number, text: String(first)))
                }
                text = String(text.unicodeScalars.dropFirst()).trimmingSpaces
            }
            if text.isEmpty { continue }
            // A site's name after the page's title at its top (…上的讲话_公文范文网) goes, reported.
            if line.number <= Self.pageTitleRegion, let (kept, dropped) = TitleText.withoutSiteSuffix(text) {
                report.removed.append(Removal(rule: "title-suffix", line: line.number, text: dropped))
                text = kept
            }
            // Most lines are a paragraph of prose with nothing to cut: one scan tells.
            let flags = LineFlags(text)
            // Titles are printed again near the top (a teaser, a title glued to the speech).
            let holdsTitle = line.number <= Self.titleRegion && titles.contains { text.utf8.count > $0.utf8.count && text.containsBytes($0) }
            if !holdsTitle, Self.isPlainProse(text, flags) {
                output.append(SourceLine(number: line.number, text: text, original: line.original, hint: line.hint))
                continue
            }
            let pieces = holdsTitle ? Self.cutAround(titles, text) : [text]
            // What the markup said of the line holds for its first piece; the pieces cut after it
            // (a stamp after a title) keep only where they stood (inside furniture or not).
            for (n, piece) in (pieces.count == 1 ? split(text, flags) : pieces.flatMap({ split($0) })).enumerated() {
                var piece = piece
                // A page's title glued before the document's own (2024全县…行动2024年全县…行动).
                if line.number <= Self.titleRegion, let (kept, dropped) = TitleText.undoubled(piece) {
                    report.removed.append(Removal(rule: "doubled-title", line: line.number, text: dropped))
                    piece = kept
                }
                // The spaces the punctuation pass kept before opening marks, where no cut was made
                // (plain prose has no space).
                if flags.space { piece = PunctuationPass.droppingSpacesBeforeOpeningMarks(piece) }
                output.append(SourceLine(number: line.number, text: piece, original: line.original, hint: n == 0 ? line.hint : line.hint.placeOnly))
            }
        }
        lines = output.finish()
        joinChunks(&lines, report: &report)
    }

    // MARK: Inline noise

    func cutInlineNoise(_ line: SourceLine, report: inout CleaningReport) -> String {
        let found = lexicon.inlineKeywords.matches(line.text)
        guard found != 0 else { return line.text }
        var text = line.text
        for (index, noise) in lexicon.inlineNoise.enumerated() where found & (1 << index) != 0 {
            var cut: [String] = []
            // In a long line the cut leaves a space, so a heading it followed still ends there.
            let gap = text.hasAtLeast(Self.spaceSplitLength) ? " " : ""
            // One scan: a line the pattern does not match comes back as it was.
            let kept = noise.pattern.replacing(in: text) { match in
                cut.append(String(match.subject[match.range]))
                return gap
            }
            guard !cut.isEmpty else { continue }
            text = kept
            report.removed.append(Removal(rule: noise.name, line: line.number, text: cut.joined(separator: " ")))
        }
        return text.trimmingSpaces
    }

    /// A sentence of prose without a space, colon or exclamation mark, and no label at its
    /// start: nothing in it to cut (headings glued to sentences start with their label).
    static func isPlainProse(_ text: String, _ flags: LineFlags) -> Bool {
        return flags.sentenceEnd && !flags.space && !flags.colon && !flags.exclamation && !flags.innerHeading
            && !flags.latinAfterChinese && Patterns.headingLabel(text) == nil && chunkNumber(text) == nil
    }

    // MARK: Titles the page prints on their own

    /// Titles the top of the page prints on lines of their own, and the document's file name
    /// (讲话稿.docx): a longer line that holds one again is cut around it, so a title glued to
    /// the body or to a site's blurb stands alone.
    static func knownTitles(_ lines: [SourceLine]) -> [String] {
        var titles: [String] = []
        for line in lines.prefix(40) where !line.isBlank && line.text.utf8.count <= 280 && !line.text.containsBytes("。")
            && line.text.hasAtMost(70) {
            var text = line.text
            if PageShapes.isFileName(text), let cut = fileNameStem(text) { text = cut }
            if let (kept, _) = TitleText.withoutSiteSuffix(text) { text = kept }
            if text.hasAtLeast(8), text.hasAtMost(60), Patterns.isTitleLike(text), !titles.contains(text) { titles.append(text) }
        }
        return titles.sorted { $0.utf8.count > $1.utf8.count }
    }

    /// 讲话稿.docx_第1页 → 讲话稿.
    static func fileNameStem(_ text: String) -> String? {
        guard let range = PageShapes.fileExtensionRange(text) else { return nil }
        let stem = String(decoding: text.utf8.prefix(range.lowerBound), as: UTF8.self).trimmingSpaces
        return stem.isEmpty ? nil : stem
    }

    /// The line cut before and after each occurrence of a known title that stands at a boundary
    /// (the line's start, a sentence end, a bracket, another title).
    static func cutAround(_ titles: [String], _ text: String) -> [String] {
        // A file name (讲话稿.docx_第1页) is one unit of furniture, not a title and a rest.
        guard !titles.isEmpty, !PageShapes.isFileName(text) else { return [text] }
        var pieces: [String] = []
        var rest = Substring(text)
        outer: while !rest.isEmpty {
            for title in titles where rest.utf8.count > title.utf8.count {
                guard String(rest).containsBytes(title), let range = rest.firstRange(of: title) else { continue }
                let before = rest[..<range.lowerBound]
                let after = rest[range.upperBound...]
                let boundary = before.isEmpty || before.last.map { "。！？；：）)】 \u{3000}".contains($0) } == true
                let ends = after.isEmpty || !continuesTitle(Array(after.unicodeScalars.prefix(1)), from: 0)
                guard boundary, ends else { continue }
                let head = String(before).trimmingSpaces
                if !head.isEmpty { pieces.append(head) }
                pieces.append(title)
                rest = after
                continue outer
            }
            break
        }
        let tail = String(rest).trimmingSpaces
        if !tail.isEmpty { pieces.append(tail) }
        return pieces.isEmpty ? [text] : pieces
    }

    // MARK: Splitting

    func split(_ text: String) -> [String] {
        split(text, LineFlags(text))
    }

    func split(_ text: String, _ flags: LineFlags) -> [String] {
        let bytes = text.utf8.count
        guard bytes >= 8 else { return [text] }
        // English cut off first, and kept whole (its salutation or headings are the translation's).
        if flags.latinAfterChinese, let cut = Self.latinTextCut(text) {
            return cut.flatMap { piece in piece.unicodeScalars.contains(where: CJK.isHan) ? split(piece) : [piece] }
        }
        var pieces = [text]
        if bytes >= Self.spaceSplitLength * 2, flags.space, flags.sentenceEnd || flags.colon, text.hasAtLeast(Self.spaceSplitLength) {
            pieces = rejoinWrapped(splitAtSpaces(text).flatMap { splitBeforeHeadings($0, minimumLength: 0) })
        }
        if flags.colon || flags.exclamation { pieces = Self.each(pieces, salutationCut) }
        if bytes >= Self.headingSplitLength * 2, flags.innerHeading {
            pieces = Self.each(pieces) { splitBeforeHeadings($0) }
        }
        if flags.colon { pieces = Self.each(pieces, Self.stampLabelCut) }
        if flags.digitAfterSpace, !flags.sentenceEnd, pieces.count == 1, text.hasAtMost(Self.spaceSplitLength) {
            pieces = Self.each(pieces, Self.stampCut)
        }
        pieces = Self.each(pieces, gluedHeadingCut)
        if !flags.sentenceEnd || pieces.count > 1 { pieces = Self.each(pieces, headerLineCut) }
        return Self.each(pieces, undoublingCut)
    }

    /// `pieces.flatMap(cut)`, without a new array for the one piece most lines are.
    @inline(__always)
    static func each(_ pieces: [String], _ cut: (String) -> [String]) -> [String] {
        pieces.count == 1 ? cut(pieces[0]) : pieces.flatMap(cut)
    }

    /// The same for a cut that says nil when it leaves a piece as it is: most lines pass each
    /// cut whole, and keep their one array of one piece through all of them.
    @inline(__always)
    static func each(_ pieces: [String], _ cut: (String) -> [String]?) -> [String] {
        pieces.count == 1 ? cut(pieces[0]) ?? pieces : pieces.flatMap { cut($0) ?? [$0] }
    }

    /// Spaces with no Latin letter or digit on either side separate units, and so does a space
    /// between the end of a Chinese sentence and a capital letter (a page flattened into one
    /// line with its English version after the Chinese: …重要作用。 Unite our thinking…), and
    /// one between Chinese and a publish stamp on either side of it (…会议上的讲话 2024-10-28
    /// 09:54:26 德育素材网).
    func splitAtSpaces(_ text: String) -> [String] {
        let scalars = text.scalarArray
        let cuts = Self.spaceCuts(scalars) { space, next in
            !CJK.isASCIIAlphanumeric(scalars[space - 1]) && !CJK.isASCIIAlphanumeric(scalars[next])
                || Self.endsChineseSentence(scalars, before: space) && ("A"..."Z").contains(scalars[next])
                || Self.setsOffStamp(scalars, space: space, next: next)
        }
        return Self.pieces(of: scalars, cutAt: cuts)
    }

    /// …会议上的讲话 2024-05-12 (a title as a list of a site's pages prints it): on a short line
    /// with no sentence in it, a space between Chinese and a publish stamp on either side of it
    /// separates units, as on a page printed on one line (`splitAtSpaces`).
    static func stampCut(_ text: String) -> [String]? {
        let scalars = text.scalarArray
        let cuts = spaceCuts(scalars) { setsOffStamp(scalars, space: $0, next: $1) }
        return cuts.isEmpty ? nil : pieces(of: scalars, cutAt: cuts)
    }

    /// Where the runs of spaces that cut the scalars start: each run between two other scalars
    /// for which `separates(space, next)` holds, `space` its first scalar and `next` the one
    /// after it.
    @inline(__always)
    static func spaceCuts(_ scalars: [Unicode.Scalar], where separates: (_ space: Int, _ next: Int) -> Bool) -> [Int] {
        var cuts: [Int] = []
        var i = 0
        while i < scalars.count {
            guard CJK.isSpace(scalars[i]) else { i += 1; continue }
            var end = i
            while end < scalars.count, CJK.isSpace(scalars[end]) { end += 1 }
            if i > 0, end < scalars.count, separates(i, end) { cuts.append(i) }
            i = end
        }
        return cuts
    }

    /// The spaces from `space` up to `next` stand between Chinese and a publish stamp, on either
    /// side of it (…讲话 2024-10-28, 09:54:26 德育素材网).
    static func setsOffStamp(_ scalars: [Unicode.Scalar], space: Int, next: Int) -> Bool {
        CJK.isHan(scalars[space - 1]) && PageShapes.dateStampLength(scalars, at: next) != nil
            || endsStamp(scalars, before: space) && CJK.isHan(scalars[next])
    }

    /// Whether the scalars before `index` end with a date (`PageShapes.dateStampLength`) or a
    /// time of day (09:54, 09:54:26), or with a stamp and a count after it (2023-09-23 383: the
    /// page's views).
    static func endsStamp(_ scalars: [Unicode.Scalar], before index: Int) -> Bool {
        var count = index
        while count > 0, ("0"..."9").contains(scalars[count - 1]) { count -= 1 }
        if count < index, index - count <= 7, count > 0, scalars[count - 1] == " " {
            var space = count - 1
            while space > 0, scalars[space - 1] == " " { space -= 1 }
            if space > 0, endsDateOrTime(scalars, before: space) { return true }
        }
        return endsDateOrTime(scalars, before: index)
    }

    /// Whether the scalars before `index` end with a date or a time of day.
    static func endsDateOrTime(_ scalars: [Unicode.Scalar], before index: Int) -> Bool {
        var start = index
        while start > 0, ("0"..."9").contains(scalars[start - 1]) || scalars[start - 1] == ":" || "-/.".unicodeScalars.contains(scalars[start - 1]) {
            start -= 1
        }
        guard start < index else { return false }
        if let length = PageShapes.dateStampLength(scalars, at: start), start + length == index { return true }
        // A time: digits, a colon, two digits, and maybe a colon and two more.
        let run = String(scalars: scalars[start..<index])
        let parts = run.split(separator: ":", omittingEmptySubsequences: false)
        return (2...3).contains(parts.count) && (1...2).contains(parts[0].count)
            && parts.dropFirst().allSatisfy { $0.count == 2 } && parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    /// The labels of a publish stamp (时间：2025-04-27), with the words that may come before them.
    static let stampLabels = ["时间：", "时间:", "日期：", "日期:"]
    static let stampLabelOpeners = ["发布", "更新", "上传", "发表"]

    /// A publish stamp glued to the text before it (…动员会上的讲时间：2025-04-27, a page printed
    /// on one line whose title the excerpt cut): cut before its label (and 发布, 更新… before
    /// that) when a date written with - / or . follows the label. nil when there is none.
    static func stampLabelCut(_ text: String) -> [String]? {
        // Only the labels with their colon are looked for: 时间 alone is a word of prose.
        let labels = stampLabels.filter { text.containsBytes($0) }
        guard !labels.isEmpty else { return nil }
        let scalars = text.scalarArray
        var cuts: [Int] = []
        for label in labels {
            let labelScalars = Array(label.unicodeScalars)
            var i = 1
            while i + labelScalars.count < scalars.count {
                defer { i += 1 }
                guard scalars[i] == labelScalars[0], scalars[i..<(i + labelScalars.count)].elementsEqual(labelScalars) else { continue }
                var date = i + labelScalars.count
                while date < scalars.count, scalars[date] == " " { date += 1 }
                guard PageShapes.dateStampLength(scalars, at: date) != nil else { continue }
                var start = i
                for opener in stampLabelOpeners {
                    let o = Array(opener.unicodeScalars)
                    if start >= o.count, scalars[(start - o.count)..<start].elementsEqual(o) { start -= o.count; break }
                }
                if start > 0, CJK.isHan(scalars[start - 1]) { cuts.append(start) }
            }
        }
        guard !cuts.isEmpty else { return nil }
        let pieces = Self.pieces(of: scalars, cutAt: cuts.sorted())
        return pieces.count > 1 ? pieces : nil
    }

    /// A run of English this long (scalars up to the next Han character) is text of its own.
    static let latinRunLength = 40

    /// English glued after a Chinese sentence (…重要作用。Unite our thinking, raise…), or after
    /// Chinese and a space (an excerpt cut mid-sentence: …向兵团 Comrades: At the…), and Chinese
    /// again after it: cut where each starts, so that the English (a translation, a parallel
    /// version) is a unit of its own and the Chinese is not read as Latin text. The English must
    /// start with a capital letter and run on for `latinRunLength` scalars, three in five of
    /// them Latin letters, before any Han. nil when there is no such run.
    static func latinTextCut(_ text: String) -> [String]? {
        let scalars = text.scalarArray
        var cuts: [Int] = []
        var i = 1
        while i < scalars.count {
            guard ("A"..."Z").contains(scalars[i]),
                  endsChineseSentence(scalars, before: i) || (i >= 2 && scalars[i - 1] == " " && CJK.isHan(scalars[i - 2])) else {
                i += 1
                continue
            }
            var end = i, letters = 0
            while end < scalars.count, !CJK.isHan(scalars[end]) {
                if scalars[end].isASCII, scalars[end].properties.isAlphabetic { letters += 1 }
                end += 1
            }
            if end - i >= latinRunLength, letters * 5 >= (end - i) * 3 {
                cuts.append(i)
                if end < scalars.count { cuts.append(end) }
            }
            i = end
        }
        guard !cuts.isEmpty else { return nil }
        return Self.pieces(of: scalars, cutAt: cuts)
    }

    /// The scalars cut at `cuts` (ascending), each piece without its edge spaces, the empty
    /// ones dropped.
    static func pieces(of scalars: [Unicode.Scalar], cutAt cuts: [Int]) -> [String] {
        var pieces: [String] = []
        var start = 0
        for cut in cuts + [scalars.count] where cut >= start {
            let piece = String(scalars: scalars[start..<cut]).trimmingSpaces
            if !piece.isEmpty { pieces.append(piece) }
            start = cut
        }
        return pieces
    }

    /// Whether the scalars before `index` end a Chinese sentence: 。！？ after a Han character,
    /// closing marks allowed after it (。” ！）).
    static func endsChineseSentence(_ scalars: [Unicode.Scalar], before index: Int) -> Bool {
        var last = index - 1
        while last >= 0, "”’）》」』".unicodeScalars.contains(scalars[last]) { last -= 1 }
        return last >= 1 && "。！？".unicodeScalars.contains(scalars[last]) && CJK.isChinese(scalars[last - 1])
    }

    /// Pieces of one sentence that a space cut apart are one unit.
    func rejoinWrapped(_ pieces: [String]) -> [String] {
        var output: [String] = []
        for piece in pieces {
            if let last = output.last, HardWrapPass.continues(last, with: piece), !Self.opensHeader(piece),
               last.unicodeScalars.contains(where: CJK.isHan), lexicon.furnitureKeywords.matches(last) == 0 {
                output[output.count - 1] = last + piece
            } else {
                output.append(piece)
            }
        }
        return output
    }

    /// A piece that begins a salutation or a title: never glued to what is before it.
    static func opensHeader(_ text: String) -> Bool {
        Patterns.isSalutation(text) || salutationEnd(in: text) != nil
    }

    /// Where a salutation glued into a line ends (the index of its colon, in scalars) and starts.
    static func salutationEnd(in text: String) -> (start: Int, colon: Int)? {
        guard mayCloseAudience(text) else { return nil }
        let scalars = Array(text.unicodeScalars.prefix(300))
        // The first colon that closes an audience (公众演讲稿：… 尊敬的…朋友们：).
        var from = 0
        while let colon = scalars[from...].firstIndex(where: { $0 == "：" || $0 == ":" }) {
            if colon >= 2, let found = salutation(scalars, colon: colon) { return found }
            from = colon + 1
            guard from < scalars.count else { break }
        }
        return nil
    }

    /// Whether a colon in the first 300 characters follows the last scalar of an audience word:
    /// a scan of the bytes before any array is built (most lines with a colon are prose).
    static func mayCloseAudience(_ text: String) -> Bool {
        guard text.containsBytes("：") || text.containsByte(0x3A) else { return false }
        return text.withBytes { bytes in
            let end = min(bytes.count, 1200)
            var i = 1
            while i < end {
                var colonStart = -1
                if bytes[i] == 0x3A { colonStart = i }
                else if i + 2 < bytes.count, bytes[i] == 0xEF, bytes[i + 1] == 0xBC, bytes[i + 2] == 0x9A { colonStart = i }
                if colonStart > 0 {
                    // The scalar before the colon (spaces skipped).
                    var j = colonStart - 1
                    while j > 0, bytes[j] == 0x20 { j -= 1 }
                    var start = j
                    while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
                    var iterator = UnsafeBufferPointer(rebasing: bytes[start...j]).makeIterator()
                    var decoder = UTF8()
                    if case .scalarValue(let scalar) = decoder.decode(&iterator), audienceLastScalars.contains(scalar) { return true }
                }
                i += 1
            }
            return false
        }
    }

    /// The last scalars of the audience endings: a colon after anything else closes no salutation.
    static let audienceLastScalars = Set(audienceEndings.map { $0.unicodeScalars.last! })

    static func salutation(_ scalars: [Unicode.Scalar], colon: Int) -> (start: Int, colon: Int)? {
        var before = colon - 1
        while before >= 0, CJK.isSpace(scalars[before]) { before -= 1 }
        guard before >= 1, audienceLastScalars.contains(scalars[before]) else { return nil }
        // The nearest boundary before the colon: a sentence end or an ellipsis, a title word, a
        // date's end.
        var start = 0
        for index in stride(from: colon - 1, through: 0, by: -1) {
            let scalar = scalars[index]
            if "。！？；!?：:…".unicodeScalars.contains(scalar) || CJK.isSpace(scalar) && !Self.betweenLatinWords(scalars, index) {
                start = index + 1
                break
            }
            if scalar == "日" || scalar == "）" || scalar == ")", index + 1 < colon, mayEndDate(scalars, at: index) { start = index + 1; break }
            if endsTitleWord(scalars, at: index), index + 1 < colon { start = index + 1; break }
            // …讲话篇1同志们：: a piece marker ends the title.
            if index > 0, scalars[index - 1] == "篇", CJK.isChineseNumeral(scalars[index]) || ("0"..."9").contains(scalars[index]) {
                start = index + 1
                break
            }
        }
        var span = String(scalars: scalars[start..<colon]).trimmingSpaces
        if !fitsSalutation(span) || !isAudience(span) {
            // A long run before the colon: the salutation starts at its first audience word.
            guard let first = firstAudienceWord(scalars, in: start..<colon) else { return nil }
            start = first
            span = String(scalars: scalars[start..<colon]).trimmingSpaces
            guard fitsSalutation(span), isAudience(span) else { return nil }
        }
        return (start, colon)
    }

    /// A space inside English (…parents and teachers:): no boundary of an audience.
    static func betweenLatinWords(_ scalars: [Unicode.Scalar], _ index: Int) -> Bool {
        guard index > 0, index + 1 < scalars.count else { return false }
        let (before, after) = (scalars[index - 1], scalars[index + 1])
        return before.isASCII && (before.properties.isAlphabetic || before == "," || before == ".")
            && after.isASCII && after.properties.isAlphabetic
    }

    /// Whether an audience is no longer than `maxSalutationLength`, two Latin letters counted as
    /// one character (an audience named in English takes about twice the letters).
    static func fitsSalutation(_ span: String) -> Bool {
        var halves = 0
        for scalar in span.unicodeScalars {
            halves += scalar.isASCII ? 1 : 2
            if halves > 2 * maxSalutationLength { return false }
        }
        return true
    }

    /// How an audience ends, greeted too (各位女士你们好：).
    static let audienceEndings = ["同志", "朋友", "来宾", "嘉宾", "代表", "委员", "领导", "老师", "同学", "家长", "伴侣",
                                  "同事", "女士", "先生", "乡亲", "各位", "们", "们好", "大家好", "teachers", "Gentlemen", "friends",
                                  "Friends", "Delegates", "colleagues", "Colleagues", "Comrades", "guests", "Guests"]
    static let audienceOpenings = ["各位", "尊敬的", "敬重的", "亲爱的", "同志们", "女士们", "老师们", "同学们", "Distinguished",
                                   "Dear", "Ladies"]

    /// 同志们 / 各位领导、同志们 / 尊敬的…嘉宾: the words of an audience, not of a sentence.
    static func isAudience(_ span: String) -> Bool {
        guard !span.isEmpty, fitsSalutation(span), !span.containsBytes("。") else { return false }
        return audienceEndings.contains { span.hasSuffix($0) } && Patterns.isSalutation(span + "：")
    }

    /// 各位代表！中华人民共和国…: a formal salutation closed by an exclamation mark at the start
    /// of a line.
    static func exclaimedSalutation(in text: String) -> Int? {
        guard Patterns.salutationOpenings.contains(where: { text.bytesStart(with: $0) }) else { return nil }
        let scalars = Array(text.unicodeScalars.prefix(21))
        guard let mark = scalars.firstIndex(where: { $0 == "！" || $0 == "!" }), mark + 1 < text.unicodeScalars.count,
              !scalars[..<mark].contains(where: { "，。；：,".unicodeScalars.contains($0) }),
              Patterns.isSalutation(String(scalars: scalars[...mark])) else { return nil }
        return mark
    }

    static func firstAudienceWord(_ scalars: [Unicode.Scalar], in range: Range<Int>) -> Int? {
        let text = String(scalars: scalars[range])
        var best: Int?
        for word in audienceOpenings {
            guard text.containsBytes(word), let found = text.firstRange(of: word) else { continue }
            let offset = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: found.lowerBound)
            best = min(best ?? offset, offset)
        }
        return best.map { range.lowerBound + $0 }
    }

    /// Whether a title word (讲话, 致辞, …) ends at `index`.
    static func endsTitleWord(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard let words = Lexicon.builtIn.titleEndingsByLast[scalars[index]] else { return false }
        for word in words where word.count <= index + 1 {
            var matches = true
            for (offset, scalar) in word.enumerated() where scalars[index + 1 - word.count + offset] != scalar {
                matches = false
                break
            }
            if matches { return true }
        }
        return false
    }

    /// …2018年9月17日 / （2019年3月31日）: a date ends at `index`.
    static func mayEndDate(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var i = index
        if scalars[i] == "）" || scalars[i] == ")" { i -= 1 }
        guard i >= 0, scalars[i] == "日" else { return false }
        let from = max(0, i - 14)
        let window = String(scalars: scalars[from...i])
        return window.containsBytes("年") && window.containsBytes("月")
    }

    /// [prefix][salutation：][rest], the prefix further cut into title, speaker and date; nil
    /// when the line stays whole.
    func salutationCut(_ text: String) -> [String]? {
        if let mark = Self.exclaimedSalutation(in: text) {
            return [String(scalars: text.unicodeScalars.prefix(mark + 1)), String(scalars: text.unicodeScalars.dropFirst(mark + 1)).trimmingSpaces]
        }
        guard let (start, colon) = Self.salutationEnd(in: text) else { return nil }
        let scalars = text.scalarArray
        let salutation = String(scalars: scalars[start...colon]).trimmingSpaces
        let prefix = String(scalars: scalars[..<start]).trimmingSpaces
        let rest = String(scalars: scalars[(colon + 1)...]).trimmingSpaces
        // A whole line that is a salutation stays as it is.
        if prefix.isEmpty && rest.isEmpty { return nil }
        var pieces = prefix.isEmpty ? [] : splitHeader(prefix)
        pieces.append(salutation)
        if !rest.isEmpty { pieces += salutationCut(rest) ?? [rest] }
        return pieces
    }

    /// A line with no sentence in it that runs on past a title (周县长…讲话（送审稿）第一篇：…)
    /// is header text glued together: cut as such; nil when the line stays whole for want of a
    /// title word.
    func headerLineCut(_ text: String) -> [String]? {
        // Group 1 of the title test: a title word; group 0: a sentence end.
        guard lexicon.titleKeywords.matches(text, stop: 0b01) == 0b10, text.hasAtMost(160),
              Patterns.headingLabel(text) == nil else { return nil }
        var pieces: [String] = []
        // Before a piece marker (第一篇：) inside the line.
        var rest = text
        if rest.containsBytes("篇"), let range = Substring(rest).lastByteRange(of: "第"), range.lowerBound != rest.startIndex,
           let marker = TitleText.pieceMarker(in: String(rest[range.lowerBound...])), rest[range.lowerBound...].hasPrefix(marker) {
            let before = String(rest[..<range.lowerBound]).trimmingSpaces
            pieces = headerLineCut(before) ?? [before]
            rest = String(rest[range.lowerBound...])
        }
        let cut = splitHeader(rest)
        // Only when what comes before the first title word is a title itself.
        if cut.count > 1, let head = cut.first, head.hasAtLeast(8), Patterns.isTitleLike(head),
           lexicon.furnitureKeywords.matches(head) == 0, !PageShapes.isBreadcrumb(head) {
            return pieces + cut
        }
        return pieces + [rest]
    }

    /// Header text glued together: 在…会议上的讲话（送审稿）XX镇党委书记XXX2018年9月17日 → title,
    /// speaker, date. A leading chunk number (1、) before a title goes.
    func splitHeader(_ text: String) -> [String] {
        var scalars = text.scalarArray
        var pieces: [String] = []
        // Cut after the first title word (and any bracketed note right after it) when more follows.
        var index = 0
        while index < scalars.count {
            if Self.endsTitleWord(scalars, at: index) {
                var end = index + 1
                if end < scalars.count, "（(【[".unicodeScalars.contains(scalars[end]),
                   let close = scalars[end...].prefix(14).firstIndex(where: { "）)】]".unicodeScalars.contains($0) }) {
                    end = close + 1
                }
                // What follows must be header text, not a site's note on the title (5则范文).
                if end < scalars.count, scalars.count - end >= 2, !Self.continuesTitle(scalars, from: end),
                   !Self.continuesSentence(scalars, from: end),
                   scalars.count - end > 6 || !Self.isTitleNote(scalars[end...]) {
                    pieces.append(String(scalars: scalars[..<end]).trimmingSpaces)
                    scalars = Array(scalars[end...])
                    index = 0
                    continue
                }
            }
            index += 1
        }
        var rest = String(scalars: scalars).trimmingSpaces
        // A date at the end of a speaker line.
        if let date = Self.trailingDate(rest), date.count < rest.unicodeScalars.count {
            let head = String(scalars: rest.unicodeScalars.dropLast(date.count)).trimmingSpaces
            if !head.isEmpty { pieces.append(head) }
            rest = String(scalars: date)
        }
        if !rest.isEmpty { pieces.append(rest) }
        return pieces.filter { !$0.isEmpty }
    }

    /// 5则范文, (精选): a count or a site's word after a title, not more header text.
    static func isTitleNote(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        let text = String(scalars: scalars)
        return scalars.contains { ("0"..."9").contains($0) } || Lexicon.builtIn.furnitureKeywords.matches(text) != 0
            || Lexicon.builtIn.titleDecorations.contains { text.hasPrefix($0) }
    }

    /// Text after a title word that still belongs to the title: 讲话稿, 讲话精神, a piece marker.
    static func continuesTitle(_ scalars: [Unicode.Scalar], from index: Int) -> Bool {
        let next = scalars[index]
        return "稿精提材范篇词的》”".unicodeScalars.contains(next) || next == " "
    }

    /// The text ends on a stop, a clause mark or a mark that closes a sentence (一是…；, 。”).
    static func endsOnMark(_ text: String) -> Bool {
        HardWrapPass.endsSentence(text) || text.lastScalar.map { "，,、".unicodeScalars.contains($0) } == true
    }

    /// A clause mark after a title word (…作了交流发言，讲得都很好): the word ends no title but a
    /// clause of a sentence, which no header text after a title is.
    static func continuesSentence(_ scalars: [Unicode.Scalar], from index: Int) -> Bool {
        "，,、；;。".unicodeScalars.contains(scalars[index])
    }

    /// The scalars of a date ending the text: 2018年9月17日, （2022年X月X日 ）.
    static func trailingDate(_ text: String) -> [Unicode.Scalar]? {
        let scalars = text.scalarArray
        guard let last = scalars.last else { return nil }
        var end = scalars.count
        if last == "）" || last == ")" { end -= 1 }
        while end > 0, CJK.isSpace(scalars[end - 1]) { end -= 1 }
        guard end > 0, scalars[end - 1] == "日" else { return nil }
        var start = end - 1
        // A date's scalars, and the placeholders that stand for its numbers (2022年X月X日).
        while start > 0, Patterns.dateScalars.contains(scalars[start - 1]) || Patterns.datePlaceholders.contains(scalars[start - 1]) { start -= 1 }
        // XXX2018年…: the placeholders before the year are a name's, not the date's.
        while start < end, Patterns.datePlaceholders.contains(scalars[start]) || scalars[start] == " " { start += 1 }
        if start > 0, last == "）" || last == ")", scalars[start - 1] == "（" || scalars[start - 1] == "(" { start -= 1 }
        let date = Array(scalars[start...])
        let core = String(scalars: date)
        guard core.containsBytes("年"), core.containsBytes("月"), date.count >= 5 else { return nil }
        return date
    }

    /// A heading glued to its body with no full stop between them ends where the body shows:
    /// a space (一、认清形势 1-11月，我市…), the first label of the level below (一、…意义（一）…),
    /// a lead (一、提高站位一要…), or a word that opens a paragraph (…两个感谢首先，感谢…); nil
    /// when the line stays whole.
    func gluedHeadingCut(_ text: String) -> [String]? {
        guard let (kind, labelLength) = Patterns.headingLabel(text) else { return nil }
        // Only a heading whose sentence runs long, or runs on without a full stop.
        if let length = Patterns.headingLength(text), length <= 24 { return nil }
        let scalars = Array(text.unicodeScalars.prefix(Patterns.maxHeadingLength + 8))
        var index = labelLength + 4
        while index < scalars.count {
            let scalar = scalars[index]
            if "。！？；".unicodeScalars.contains(scalar) { return nil }
            var cut = false
            if CJK.isSpace(scalar) {
                cut = true
            } else if scalar == "（" || scalar == "(", kind == .chineseEnumeration || kind == .ordinal {
                let rest = String(scalars: scalars[index...])
                if let (sub, _) = Patterns.headingLabel(rest), sub == .parenthesizedChinese, rest.dropFirst().hasPrefix("一") { cut = true }
            } else if CJK.isLeadNumeral(scalar), !CJK.isLeadNumeral(scalars[index - 1]), Patterns.leadLabel(scalars, at: index) != nil,
                      scalars[index] == "一" {
                cut = true
            } else if index >= labelLength + 8, startsOpener(scalars, at: index) || Self.opensWithAYear(scalars, at: index)
                        || Self.repeatsHeadingWords(scalars, from: labelLength, at: index) {
                cut = true
            }
            if cut {
                let head = String(scalars: text.unicodeScalars.prefix(index)).trimmingSpaces
                let rest = String(scalars: text.unicodeScalars.dropFirst(index)).trimmingSpaces
                guard Patterns.headingLength(head) != nil, !rest.isEmpty else { return nil }
                // The rest may be the next heading, glued to its own body in turn.
                return [head] + (gluedHeadingCut(rest) ?? [rest])
            }
            index += 1
        }
        return nil
    }

    /// …把握招商引资的极端重要性招商引资是…: the body opens by taking up four characters the
    /// heading said (its subject), right after the heading's last word.
    static func repeatsHeadingWords(_ scalars: [Unicode.Scalar], from start: Int, at index: Int) -> Bool {
        guard index + 4 <= scalars.count, index - start >= 12 else { return false }
        let word = scalars[index..<(index + 4)]
        guard word.allSatisfy(CJK.isHan), CJK.isHan(scalars[index - 1]) else { return false }
        var k = start
        while k + 4 <= index - 4 {
            if scalars[k] == scalars[index], scalars[k..<(k + 4)].elementsEqual(word) { return true }
            k += 1
        }
        return false
    }

    /// 2023年以来， / 2023年，: a year that opens a paragraph.
    static func opensWithAYear(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + 5 < scalars.count, (index..<(index + 4)).allSatisfy({ ("0"..."9").contains(scalars[$0]) }),
              index == 0 || !("0"..."9").contains(scalars[index - 1]), scalars[index + 4] == "年" else { return false }
        return scalars[index + 5] == "，" || (index + 7 < scalars.count && scalars[index + 5] == "以" && scalars[index + 6] == "来")
    }

    func startsOpener(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        for word in lexicon.paragraphOpenerScalars where word.first == scalars[index] {
            if index + word.count <= scalars.count, scalars[index..<(index + word.count)].elementsEqual(word) { return true }
        }
        return false
    }

    /// In a line holding a whole page, a heading label right after a sentence end starts a unit.
    func splitBeforeHeadings(_ text: String, minimumLength: Int = headingSplitLength) -> [String] {
        guard text.hasAtLeast(minimumLength) else { return [text] }
        let scalars = text.scalarArray
        var cuts: [Int] = []
        for index in scalars.indices.dropFirst() {
            let next = scalars[index]
            guard next == "（" || CJK.isChineseNumeral(next) || next == "1" else { continue }
            // The sentence end before it, past the spaces between (an ideographic space, which
            // the punctuation pass leaves where it drops an ASCII one: 成效。　1、抓发动).
            var before = index - 1
            while before > 0, CJK.isSpace(scalars[before]) { before -= 1 }
            // A switch, not a search of "。！？：" for every scalar of the line.
            switch scalars[before] {
            case "。", "！", "？", "：": break
            default: continue
            }
            let rest = String(scalars: scalars[index..<min(scalars.count, index + 80)])
            guard let (kind, _) = Patterns.headingLabel(rest),
                  kind == .chineseEnumeration || kind == .parenthesizedChinese || (kind == .arabic && scalars[before] == "。" && next == "1"),
                  Patterns.headingLength(rest) != nil || gluedHeadingCut(rest) != nil else { continue }
            cuts.append(index)
        }
        guard !cuts.isEmpty else { return [text] }
        return Self.pieces(of: scalars, cutAt: cuts)
    }

    /// A title printed twice in a row on one line (在…讲话在…讲话) is one title, and so is one
    /// printed twice around a short aside (市长安全生产讲话（通用3篇）市长安全生产讲话, a page's
    /// title and the document's on a page printed on one line): nil when the line is neither.
    func undoublingCut(_ text: String) -> [String]? {
        let bytes = text.utf8.count
        guard bytes >= 16, bytes <= 600 else { return nil }
        if bytes % 2 == 0 {
            let half = text.utf8.index(text.utf8.startIndex, offsetBy: bytes / 2)
            if text.utf8[..<half].elementsEqual(text.utf8[half...]), let cut = half.samePosition(in: text.unicodeScalars) {
                let first = String(text.unicodeScalars[..<cut])
                return Patterns.isTitleLike(first) ? [first, first] : nil
            }
        }
        return Self.titleAroundAside(text)
    }

    /// Whether the text's last six characters (its last 18 bytes, which hold them when they are
    /// Han) come earlier in it too: on the bytes, before any scalar is made (most pieces asked
    /// are no title printed twice).
    static func endingRepeats(_ text: String) -> Bool {
        text.withBytes { bytes in
            guard bytes.count >= 36 else { return false }
            let raw = UnsafeRawBufferPointer(bytes)
            return ByteSearch.contains(UnsafeRawBufferPointer(rebasing: raw[..<(raw.count - 18)]),
                                       UnsafeRawBufferPointer(rebasing: raw[(raw.count - 18)...]))
        }
    }

    /// The longest aside between two copies of a title.
    static let titleAsideLength = 24

    /// A title of six characters or more, an aside of up to `titleAsideLength` characters with no
    /// clause in it (no sentence end, comma or semicolon; or spaces alone), and the same title
    /// again to the end of the text (marks such as a breadcrumb's > may come first): the first
    /// copy with the marks, the aside, and the title.
    static func titleAroundAside(_ text: String) -> [String]? {
        guard !text.containsBytes("。"), endingRepeats(text) else { return nil }
        let scalars = text.scalarArray
        let count = scalars.count
        var start = 0
        while start < count, !CJK.isHan(scalars[start]), !("0"..."9").contains(scalars[start]) { start += 1 }
        let room = count - start
        guard room >= 13 else { return nil }
        // The longest copy first: the aside grows as the copies shrink.
        for length in stride(from: (room - 1) / 2, through: max(6, (room - titleAsideLength + 1) / 2), by: -1) {
            let second = count - length
            guard scalars[start..<(start + length)].elementsEqual(scalars[second...]) else { continue }
            let title = String(scalars: scalars[second...])
            let aside = String(scalars: scalars[(start + length)..<second]).trimmingSpaces
            guard Patterns.isTitleLike(title), !aside.unicodeScalars.contains(where: { "，；！？,;!?".unicodeScalars.contains($0) }) else {
                return nil
            }
            let first = String(scalars: scalars[..<(start + length)]).trimmingSpaces
            return aside.isEmpty ? [first, title] : [first, aside, title]
        }
        return nil
    }

    // MARK: Chunk numbers

    /// Document-viewer pages number their chunks (1、 2、) at the start of a line: before a title,
    /// or in the middle of a sentence the previous chunk left open. The number goes, and an open
    /// sentence is joined again.
    func joinChunks(_ lines: inout [SourceLine], report: inout CleaningReport) {
        var output = LineRewrite(taking: &lines)
        while var line = output.next() {
            if let labelLength = Self.chunkNumber(line.text) {
                let rest = String(line.text.unicodeScalars.dropFirst(labelLength))
                let previous = output.last(where: { !$0.isBlank })
                let opensSentence = previous.map { !$0.text.isEmpty && $0.text.hasAtLeast(60) && !Self.endsSentence($0.text) } ?? false
                if opensSentence || Patterns.isTitleLike(rest) {
                    report.removed.append(Removal(rule: "chunk-number", line: line.number,
                                                  text: String(line.text.unicodeScalars.prefix(labelLength))))
                    line.text = rest
                    if opensSentence, let last = output.lastIndex(where: { !$0.isBlank }) {
                        output.removeAll(from: last + 1)
                        output[last].text += rest
                        continue
                    }
                }
            }
            output.append(line)
        }
        lines = output.finish()
    }

    /// 1、 2、 at the start: the length of the label, in scalars.
    static func chunkNumber(_ text: String) -> Int? {
        // On the bytes: digits are one byte each, so the scalar after them starts at their count.
        return text.withBytes { bytes in
            var digits = 0
            while digits < 4, digits < bytes.count {
                let byte = bytes[digits]
                if byte >= 0x30, byte <= 0x39 { digits += 1; continue }
                // 、 is E3 80 81.
                let comma = digits + 2 < bytes.count && byte == 0xE3 && bytes[digits + 1] == 0x80 && bytes[digits + 2] == 0x81
                return digits > 0 && comma ? digits + 1 : nil
            }
            return nil
        }
    }

    static func endsSentence(_ text: String) -> Bool {
        text.unicodeScalars.last.map { HardWrapPass.isStop($0) || HardWrapPass.isCloser($0) } ?? false
    }
}

/// What one scan of a line's bytes tells the segmenter, so that a line of plain prose skips the
/// cuts it cannot need: spaces, colons, sentence ends, an exclamation, and a heading label right
/// after a sentence end (。一、 ：（一）).
struct LineFlags {
    var space = false, colon = false, sentenceEnd = false, exclamation = false, innerHeading = false
    /// A capital letter right after 。！？, or after a space after Chinese (…重要作用。Unite our…,
    /// …向兵团 Comrades: At…): English may start there.
    var latinAfterChinese = false
    /// A digit right after an ASCII space (…讲话 2024-05-12): a publish stamp may start there.
    var digitAfterSpace = false

    init(_ text: String) {
        self = text.withBytes { Self.scan($0) }
    }

    private init() {}

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> LineFlags {
        var space = false, colon = false, sentenceEnd = false, exclamation = false, innerHeading = false
        var latinAfterChinese = false, digitAfterSpace = false
        var i = 0
        let n = bytes.count
        while i < n {
            let byte = bytes[i]
            // A character led by E4–E9 (most Han) is none of the marks looked for.
            if byte >= 0xE4, byte <= 0xE9 { i += 3; continue }
            if byte == 0x20 {
                space = true
                if i > 0, bytes[i - 1] >= 0x80, capitalFollows(bytes, i + 1) { latinAfterChinese = true }
                if i + 1 < n, bytes[i + 1] >= 0x30, bytes[i + 1] <= 0x39 { digitAfterSpace = true }
            }
            else if byte == 0x3A { colon = true }
            else if byte == 0x21 { exclamation = true }
            else if byte == 0xE3, i + 2 < n, bytes[i + 1] == 0x80 {
                if bytes[i + 2] == 0x80 { space = true }
                else if bytes[i + 2] == 0x82 {
                    sentenceEnd = true
                    if labelFollows(bytes, i + 3) { innerHeading = true }
                    if capitalFollows(bytes, i + 3) { latinAfterChinese = true }
                }
            } else if byte == 0xEF, i + 2 < n, bytes[i + 1] == 0xBC {
                switch bytes[i + 2] {
                case 0x9A: colon = true; if labelFollows(bytes, i + 3) { innerHeading = true }
                case 0x81:
                    exclamation = true; sentenceEnd = true
                    if labelFollows(bytes, i + 3) { innerHeading = true }
                    if capitalFollows(bytes, i + 3) { latinAfterChinese = true }
                case 0x9F:
                    sentenceEnd = true
                    if labelFollows(bytes, i + 3) { innerHeading = true }
                    if capitalFollows(bytes, i + 3) { latinAfterChinese = true }
                default: break
                }
            }
            i += 1
        }
        var flags = LineFlags()
        (flags.space, flags.colon, flags.sentenceEnd, flags.exclamation, flags.innerHeading) = (space, colon, sentenceEnd, exclamation, innerHeading)
        flags.latinAfterChinese = latinAfterChinese
        flags.digitAfterSpace = digitAfterSpace
        return flags
    }

    /// A capital ASCII letter at `index`, or after a closing quote (”) there.
    static func capitalFollows(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        var index = index
        if index + 2 < bytes.count, bytes[index] == 0xE2, bytes[index + 1] == 0x80, bytes[index + 2] == 0x9D { index += 3 }
        return index < bytes.count && bytes[index] >= 0x41 && bytes[index] <= 0x5A
    }

    /// （, a Chinese numeral or the digit 1 at `index`.
    static func labelFollows(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        guard index + 2 < bytes.count else { return false }
        if bytes[index] == 0xEF, bytes[index + 1] == 0xBC, bytes[index + 2] == 0x88 { return true }
        if bytes[index] == 0x31 { return true }
        var iterator = UnsafeBufferPointer(rebasing: bytes[index..<min(bytes.count, index + 4)]).makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return CJK.isChineseNumeral(scalar) }
        return false
    }
}
