import WordBreaks

/// A long title set over several lines as GB/T 9704 §7.3.3 asks: words kept whole, the lines'
/// lengths balanced into a trapezoid (each line longer or each shorter than the one above) or
/// a diamond (the middle ones longest), and never a line of one or two characters. Word
/// boundaries come from ICU's dictionary (WordBreaks), trusted where a word of two or more
/// characters stands on one side; a break never falls after an opening mark or before a
/// closing one, nor inside 《…》, when another choice exists.
public enum TitleLines {
    /// The title's lines when `perLine` characters fit a line; the title itself when it fits.
    public static func lines(_ title: String, perLine: Int) -> [String] {
        let scalars = Array(title.unicodeScalars)
        let count = scalars.count
        // Past four lines a title is not a title to shape: the word processor wraps it.
        guard perLine >= 3, count > perLine, count <= 4 * perLine else { return [title] }
        let boundaries = WordBreaks.boundaries(in: title)
        let words = Set(boundaries)
        // Between two one-character segments is no boundary to trust: ICU cuts words its
        // dictionary lacks (常态化) into characters, and 上|的 belong together.
        let edges = [0] + boundaries + [count]
        var strong = Set<Int>()
        for k in 1..<(edges.count - 1) where edges[k] - edges[k - 1] > 1 || edges[k + 1] - edges[k] > 1 { strong.insert(edges[k]) }
        var depth = 0
        var insideBook = Set<Int>()
        for (index, scalar) in scalars.enumerated() {
            if scalar == "《" { depth += 1 } else if scalar == "》" { depth = max(0, depth - 1) }
            if depth > 0 { insideBook.insert(index + 1) }
        }
        func allowed(_ at: Int) -> Bool {
            let before = scalars[at - 1], after = scalars[at]
            return !opening.contains(before) && !closing.contains(after)
        }
        let everyPosition = (1..<count).filter(allowed)
        let tiers = [everyPosition.filter { strong.contains($0) && !insideBook.contains($0) },
                     everyPosition.filter { words.contains($0) && !insideBook.contains($0) },
                     everyPosition.filter { words.contains($0) }, everyPosition]
        let fewest = (count + perLine - 1) / perLine
        for candidates in tiers {
            var best: (cost: Int, breaks: [Int])?
            for lineCount in fewest...min(fewest + 1, 4) {
                search(candidates, lines: lineCount, count: count, perLine: perLine) { breaks in
                    // A line that starts with 暨 (and …) is how titles join two meetings.
                    var joins = 0
                    for at in breaks where scalars[at] == "暨" { joins += 1 }
                    let cost = Self.cost(breaks, count: count, lines: lineCount, fewest: fewest) - 6 * joins
                    if best == nil || cost < best!.cost { best = (cost, breaks) }
                }
            }
            if let best {
                var lines: [String] = []
                var start = 0
                for end in best.breaks + [count] {
                    var line = String.UnicodeScalarView()
                    line.append(contentsOf: scalars[start..<end])
                    lines.append(String(line))
                    start = end
                }
                return lines
            }
        }
        return [title]
    }

    static let opening: Set<Unicode.Scalar> = ["“", "‘", "《", "（", "(", "〈", "「", "【", "—"]
    static let closing: Set<Unicode.Scalar> = ["”", "’", "》", "）", ")", "〉", "」", "】", "，", "、", "。", "：", "；", "！", "？", "—"]

    /// Every choice of `lines - 1` breaks from `candidates` that leaves each line 3 to
    /// `perLine` characters long.
    static func search(_ candidates: [Int], lines: Int, count: Int, perLine: Int, _ found: ([Int]) -> Void) {
        var chosen: [Int] = []
        func step(_ from: Int, _ start: Int) {
            if chosen.count == lines - 1 {
                let last = count - start
                if last >= 3 && last <= perLine { found(chosen) }
                return
            }
            for index in from..<candidates.count {
                let at = candidates[index]
                let length = at - start
                if length < 3 { continue }
                if length > perLine { break }
                chosen.append(at)
                step(index + 1, at)
                chosen.removeLast()
            }
        }
        step(0, 0)
    }

    /// Lower is better: the spread of the lines' lengths, a line more than the fewest, and a
    /// shape that is neither a trapezoid nor a diamond.
    static func cost(_ breaks: [Int], count: Int, lines: Int, fewest: Int) -> Int {
        // The lines' lengths on the stack: this runs for every choice of breaks of every title.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: breaks.count + 1) { lengths in
            var start = 0
            for (index, end) in breaks.enumerated() {
                lengths[index] = end - start
                start = end
            }
            lengths[breaks.count] = count - start
            let first = lengths[0], last = lengths[breaks.count]
            var longest = first, shortest = first, widening = true, narrowing = true
            var middle = Int.max
            for index in 1..<lengths.count {
                longest = max(longest, lengths[index])
                shortest = min(shortest, lengths[index])
                if lengths[index - 1] > lengths[index] { widening = false }
                if lengths[index - 1] < lengths[index] { narrowing = false }
                if index < lengths.count - 1 { middle = min(middle, lengths[index]) }
            }
            let diamond = lengths.count >= 3 && middle >= max(first, last)
            let shaped = widening || narrowing || diamond
            return (longest - shortest) * 2 + (lines - fewest) * 6 + (shaped ? 0 : 8) + (narrowing && !widening ? 0 : 1)
        }
    }
}
