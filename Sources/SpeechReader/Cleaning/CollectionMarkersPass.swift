/// Markers of a page that bundles several speeches: the collection header "…(共5篇)" (removed,
/// its title remembered), piece markers "… 篇2" and "第二篇:…" (the marker goes, the title stays
/// so the speech splits there), and a bare "篇3" (replaced by the collection's title, which a
/// piece with no title of its own takes).
struct CollectionMarkersPass: CleaningPass {
    let name = "collection-marker"

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        var collectionTitle: String?
        var firstTitle: String?
        // In place (a pass drops lines, never adds one): lines[..<kept] are kept so far.
        var kept = 0
        for index in lines.indices {
            var line = lines[index]
            let text = line.text
            let mentionsPieces = text.containsBytes("篇") || text.containsBytes("范文")
            if mentionsPieces, let title = Self.collectionHeaderTitle(text) {
                report.remove("collection-header", line)
                collectionTitle = collectionTitle ?? title
                continue
            }
            if mentionsPieces, let marker = TitleText.pieceMarker(in: text) {
                let title = TitleText.withoutPieceMarker(text)
                report.remove("piece-marker", line, marker)
                if title.isEmpty {
                    guard let fallback = collectionTitle ?? firstTitle else { continue }
                    line.text = fallback
                } else {
                    line.text = title
                }
            }
            if firstTitle == nil, Patterns.isTitleLike(line.text) { firstTitle = line.text }
            lines[kept] = line
            kept += 1
        }
        lines.removeSubrange(kept...)
    }

    /// "在…上的讲话(共5篇)" → "在…上的讲话".
    static func collectionHeaderTitle(_ text: String) -> String? {
        guard text.hasAtMost(100), let last = text.last, last == ")" || last == "）" else { return nil }
        guard let open = text.lastIndex(where: { $0 == "(" || $0 == "（" }) else { return nil }
        let inside = text[text.index(after: open)..<text.index(before: text.endIndex)]
        guard inside.hasPrefix("共"), inside.hasSuffix("篇"),
              inside.dropFirst().dropLast().allSatisfy({ $0.isNumber || CJK.chineseNumerals.contains($0) || $0 == " " }),
              inside.hasAtLeast(3)
        else { return nil }
        return String(text[..<open]).trimmingSpaces
    }
}

/// A title wrapped over two lines ("在全市…推进会" / "上的讲话") is joined back, unless a title
/// stands just above it (a site's menu or tag line ending with a title word is no title).
struct TitleWrapPass: CleaningPass {
    let name = "title-wrap"
    static let continuationStarts = ["上的", "的", "上", "暨", "会上", "会议上"]
    /// A first line that holds one of these is a sentence, never the start of a title.
    static let clauseMarks = "。，！？；：,.!?;:、"

    /// A page that leaves a blank line between every two lines (nine pairs in ten, four at
    /// least): there a blank line says nothing, and a title wrapped across one is still one.
    static func isDoubleSpaced(_ lines: [SourceLine]) -> Bool {
        var pairs = 0, spaced = 0, blanks = 0, seenText = false
        for line in lines {
            if line.isBlank { blanks += 1; continue }
            if seenText {
                pairs += 1
                if blanks == 1 { spaced += 1 }
            }
            seenText = true
            blanks = 0
        }
        return pairs >= 4 && spaced * 10 >= pairs * 9
    }

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        let doubleSpaced = Self.isDoubleSpaced(lines)
        var index = 0
        while index + 1 < lines.count {
            // The next line, past one blank line on a double-spaced page.
            let step = doubleSpaced && index + 2 < lines.count && lines[index + 1].isBlank ? 2 : 1
            let first = lines[index].text, second = lines[index + step].text
            // Cheap tests first: this looks at every pair of lines.
            if !first.isEmpty, !second.isEmpty, first.utf8.count <= 150, second.utf8.count <= 150, lines[index].hint.joins(lines[index + step].hint),
               second.hasAtMost(8) || (Self.continuationStarts.contains(where: { second.hasTextPrefix($0) }) && Patterns.isTitleLike(second)),
               first.hasAtMost(50), !first.containsAnyCharacter(of: Self.clauseMarks), !Patterns.isTitleLike(first),
               !first.unicodeScalars.contains(where: { $0.isASCII && $0 != " " }), Lexicon.builtIn.furnitureKeywords.matches(first) == 0,
               Patterns.headingLength(first) == nil, Patterns.isTitleLike(first + second),
               index == 0 || lines[index - 1].isBlank || Patterns.isTitleLike(lines[index - 1].text) == false
                   || PageShapes.isWordList(lines[index - 1].text) {
                lines[index].text = first + second
                lines.removeSubrange(index + 1...index + step)
            }
            index += 1
        }
    }
}
