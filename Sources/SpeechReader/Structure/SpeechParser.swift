import SpeechModel

/// Builds speeches from cleaned lines (one paragraph per line, with gap and truncation markers).
struct SpeechParser {
    var report: CleaningReport

    /// Splits the lines into speeches and parses each.
    mutating func parse(_ lines: [SourceLine]) -> [Speech] {
        var speeches: [Speech] = []
        for piece in splitIntoSpeeches(lines.filter { !$0.isBlank }) {
            if let speech = parseSpeech(piece) { speeches.append(speech) }
        }
        return speeches
    }

    // MARK: Splitting

    /// A new speech starts at a title line once the current speech has body text.
    private func splitIntoSpeeches(_ lines: [SourceLine]) -> [[SourceLine]] {
        var pieces: [[SourceLine]] = [[]]
        var bodySeen = false
        for line in lines {
            let isTitle = Patterns.isTitleLike(line.text) && Patterns.heading(line.text) == nil
            if isTitle && bodySeen {
                pieces.append([])
                bodySeen = false
            }
            pieces[pieces.count - 1].append(line)
            if !isTitle { bodySeen = true }
        }
        return pieces.filter { !$0.isEmpty }
    }

    // MARK: One speech

    private mutating func parseSpeech(_ lines: [SourceLine]) -> Speech? {
        var index = 0
        var metadata = Metadata(title: "")
        if let first = lines.first, Patterns.isTitleLike(first.text) || Self.isBareTitle(first.text) {
            metadata.title = first.text
            index = 1
        }
        if metadata.title.isEmpty == false {
            while index < lines.count {
                let text = lines[index].text
                if Patterns.isSubtitle(text), metadata.subtitle == nil {
                    metadata.subtitle = text
                } else if let date = Patterns.dateLine(text), metadata.date == nil {
                    metadata.date = date
                } else if metadata.speaker == nil, metadata.date == nil, Self.isSpeakerLine(text) {
                    metadata.speaker = text
                } else {
                    break
                }
                index += 1
            }
        }
        var salutation: String?
        if index < lines.count, Patterns.isSalutation(lines[index].text) {
            salutation = lines[index].text
            index += 1
        }
        let (body, truncated) = Self.parseBody(lines[index...].map(\.text))
        var blocks = body
        let closing = blocks.removeClosing()
        if metadata.title.isEmpty && salutation == nil && blocks.isEmpty && closing == nil { return nil }
        return Speech(metadata: metadata, salutation: salutation, body: blocks, closing: closing, truncated: truncated)
    }

    /// The body lines into nested sections, paragraphs and gaps.
    static func parseBody(_ lines: [String]) -> (blocks: [Block], truncated: Bool) {
        var builder = SectionBuilder()
        var kinds: [HeadingKind] = []
        var truncated = false
        for text in lines {
            if text == Speech.truncationMarker {
                truncated = true
            } else if let gap = Gap(marker: text) {
                builder.append(.gap(gap))
            } else if let match = Patterns.heading(text) {
                let level: Int
                if let position = kinds.firstIndex(of: match.kind) {
                    kinds.removeSubrange(position...)
                    level = position + 1
                } else {
                    while let top = kinds.last, top > match.kind { kinds.removeLast() }
                    level = kinds.count + 1
                }
                kinds.append(match.kind)
                builder.open(Heading(level: min(level, 4), number: match.number, text: match.text,
                                     runsIn: !match.rest.isEmpty))
                if !match.rest.isEmpty { builder.append(.paragraph(Paragraph(InlineParser.inlines(match.rest)))) }
            } else {
                builder.append(.paragraph(Paragraph(InlineParser.inlines(text))))
            }
        }
        return (builder.finish(), truncated)
    }

    /// A short first line with no sentence punctuation can be a title even without 讲话/致辞.
    static func isBareTitle(_ text: String) -> Bool {
        text.hasAtMost(40) && !text.contains(where: { "。，！？；：,;:!?".contains($0) })
            && Patterns.heading(text) == nil && !Markers.isMarker(text)
    }

    /// 区委书记 张三 / 张三: a short line of names and posts.
    static func isSpeakerLine(_ text: String) -> Bool {
        text.hasAtMost(24) && !text.contains(where: { "。，！？；：,;:!?“”\"（）()".contains($0) })
            && Patterns.heading(text) == nil && !Patterns.startsWithLead(text) && !Markers.isMarker(text)
            && !Patterns.isClosing(text)
    }
}

/// Piece markers around titles in multi-speech files: "…讲话 篇1", "第二篇:…讲话".
enum TitleText {
    static func pieceMarker(in text: String) -> String? {
        let chars = Array(text)
        // Trailing 篇N
        if let pian = chars.lastIndex(of: "篇"), chars.count - pian <= 3,
           chars[(pian + 1)...].allSatisfy({ $0.isNumber }), pian + 1 < chars.count {
            return String(chars[pian...])
        }
        // Leading 第N篇: / 第N篇：
        if chars.first == "第", let pian = chars.firstIndex(of: "篇"), pian <= 4,
           chars[1..<pian].allSatisfy({ $0.isNumber || CJK.chineseNumerals.contains($0) }), pian > 1 {
            var end = pian + 1
            while end < chars.count, ":：、 ".contains(chars[end]) { end += 1 }
            return String(chars[..<end])
        }
        return nil
    }

    static func withoutPieceMarker(_ text: String) -> String {
        guard let marker = pieceMarker(in: text) else { return text }
        if text.hasPrefix(marker) { return String(text.dropFirst(marker.count)).trimmingSpaces }
        return String(text.dropLast(marker.count)).trimmingSpaces
    }
}
