import SpeechModel
import SystemSupport

/// Gives every unit of the page a role — furniture, title, meta (subtitle, speaker, date),
/// salutation or body — by weighing its evidence (Evidence, weights.yaml) and choosing the most
/// likely sequence of roles over the grammar of a speech page (Viterbi over the transitions in
/// weights.yaml): furniture* title meta* salutation? body+ …, again for every speech of a
/// collection. Units labelled furniture are removed, each reported with its strongest evidence;
/// nothing else is dropped. The other units keep their role for the structure reader.
struct PageLabeller: CleaningPass {
    let name = "furniture"
    let lexicon: Lexicon
    /// Keep every unit's decision in the report (outline --lines).
    var explain = false
    /// What a person said units are, by unit index: every other role of such a unit is ruled
    /// out, and the sequence is decided around it, so fixing one unit can change its neighbours.
    /// A heading, paragraph or lead is kept as body and marked for the structure reader
    /// (FormatHint.forced).
    var corrections: [Int: UnitCorrection] = [:]
    /// Units' text as a person rewrote it, by unit index: the evidence is the new text's.
    var edits: [Int: String] = [:]

    /// How far down a teaser or page title is looked for again.
    static let repetitionWindow = 80
    /// How far down a short unit (a page title) is looked for again.
    static let shortWindow = 8
    /// The most units cut from one line that are judged together as a copy: a line cut into
    /// more is a page printed on one line, whose units are judged one by one.
    static let maxUnitsJudgedTogether = 8

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        let units = lines.indices.filter { !lines[$0].isBlank }
        guard !units.isEmpty else { return }
        for (k, text) in edits where k < units.count { lines[units[k]].text = text }
        var evidence: [Evidence] = []
        evidence.reserveCapacity(units.count)
        for index in units {
            evidence.append(Evidence(lines[index].text, afterTitle: evidence.last.map { $0[.titleEnding] != 0 } ?? false, lexicon: lexicon))
        }
        for (k, index) in units.enumerated() { evidence[k].add(lines[index].hint) }
        Self.markRepetition(lines, units, &evidence)
        // Of two titles in a row, the first is the page's or the collection's.
        for k in evidence.indices.dropLast() where evidence[k][.titleEnding] != 0 && evidence[k + 1][.titleEnding] != 0 {
            evidence[k][.titleFollows] = 1
        }
        if units.contains(where: { index in lexicon.translationCues.contains { lines[index].text.containsBytes($0) } }) {
            for k in evidence.indices where evidence[k][.latin] != 0 { evidence[k][.translation] = 1 }
        }
        let weights = lexicon.weights
        Self.markContext(&evidence, weights)
        // A fixed unit's margin is shown on its own evidence, not on the override.
        let ownScores = RoleScores(evidence, weights)
        var scores = ownScores
        for (k, correction) in corrections where k < scores.count {
            scores.fix(k, to: UnitRole.allCases.firstIndex(of: correction.role)!)
        }
        var roles = Self.viterbi(scores, weights)

        if corrections.isEmpty {
            Self.titleFromFurniture(units, &roles, &lines, evidence, notTitles: lexicon.neverTitleClasses, report: &report)
        }
        for (k, correction) in corrections where k < units.count { lines[units[k]].hint.forced = correction.forced }
        var removed: [Int] = []
        for (k, index) in units.enumerated() {
            let role = roles[k]
            lines[index].role = role
            if explain {
                let own = ownScores[k, UnitRole.allCases.firstIndex(of: role)!]
                let other = ownScores[k].enumerated().filter { UnitRole.allCases[$0.offset] != role }.map(\.element).max() ?? own
                let strongest = evidence[k].strongest(for: role, weights, lexicon: lexicon)
                report.decisions.append(UnitDecision(line: lines[index].number, role: role.rawValue, margin: own - other,
                                                     evidence: strongest.map { Self.describe($0) }, text: lines[index].text))
            }
            guard role == .furniture else { continue }
            let top = evidence[k].strongest(for: .furniture, weights, lexicon: lexicon, count: 1).first
            let rule = top.map { $0.weight > 0 ? $0.name : "furniture" } ?? "furniture"
            report.removed.append(Removal(rule: rule, line: lines[index].number, text: lines[index].text))
            removed.append(index)
        }
        // In place: a copy of the lines beside them was the reader's peak on a page of short lines.
        Self.remove(sortedIndices: removed, from: &lines)
    }

    /// Removes the lines at `indices` (ascending, each once), the others kept in order, by moving
    /// each kept line down over the gaps: what `removeSubranges` does, without building a
    /// `RangeSet` from the indices (the two took 0.7 % of a batch's samples).
    static func remove(sortedIndices indices: [Int], from lines: inout [SourceLine]) {
        guard let first = indices.first else { return }
        var write = first, next = 0
        for read in first..<lines.count {
            if next < indices.count && indices[next] == read {
                next += 1
                continue
            }
            lines.swapAt(write, read)
            write += 1
        }
        lines.removeLast(lines.count - write)
    }

    /// A speech whose title the page printed only as furniture (the document's file name, a
    /// page title above a stamp, 《…》 in a share notice) takes it from there: the nearest such
    /// unit above the speech's first line becomes its title. Never the name of the input file.
    /// The site's own words around a title word are no title: a breadcrumb (首页 > 领导讲话 >
    /// 会议讲话), a search or tag line (热门搜索：讲话稿 表态发言), a link to another page
    /// (上一篇：在…上的讲话).
    static let neverTitles: Set<String> = ["navigation", "related-links"]

    static func titleFromFurniture(_ units: [Int], _ roles: inout [UnitRole], _ lines: inout [SourceLine], _ evidence: [Evidence],
                                   notTitles: UInt32, report: inout CleaningReport) {
        guard let first = roles.firstIndex(where: { $0 != .furniture }), roles[first] != .title else { return }
        var best: (k: Int, text: String, strong: Bool)?
        for k in 0..<first {
            let text = lines[units[k]].text
            guard evidence[k][.breadcrumb] == 0, evidence[k].classes & notTitles == 0 else { continue }
            var candidate: String?
            var strong = false
            if evidence[k][.fileName] != 0, let stem = PageSegmenter.fileNameStem(text), Patterns.isTitleLike(stem) {
                candidate = stem
                strong = true
            } else if let quoted = bookTitle(in: text), Patterns.isTitleLike(quoted) {
                candidate = quoted
                strong = true
            } else if evidence[k][.titleEnding] != 0 {
                candidate = text
                strong = true
            } else if evidence[k][.titleShaped] != 0, evidence[k].classes == 0, evidence[k][.timestamp] == 0,
                      evidence[k][.url] == 0, evidence[k][.veryShort] == 0 {
                candidate = text
            }
            guard let candidate else { continue }
            if best == nil || strong || !best!.strong { best = (k, candidate, strong) }
        }
        guard let best else { return }
        let index = units[best.k]
        if best.text != lines[index].text {
            report.removed.append(Removal(rule: "title-from-furniture", line: lines[index].number, text: lines[index].text))
            lines[index].text = best.text
        }
        report.warn("title-from-furniture", lines[index].number, "the title “\(best.text)” is taken from page furniture")
        roles[best.k] = .title
    }

    /// 《副市长在…讲话稿.docx》由会员分享 → 副市长在…讲话稿.
    static func bookTitle(in text: String) -> String? {
        guard let open = text.firstIndex(of: "《"), let close = text[open...].firstIndex(of: "》") else { return nil }
        let inside = String(text[text.index(after: open)..<close])
        return PageSegmenter.fileNameStem(inside) ?? inside
    }

    static func describe(_ item: (name: String, weight: Double)) -> String {
        let rounded = (item.weight * 10).rounded() / 10
        return "\(item.name) \(rounded >= 0 ? "+" : "")\(rounded)"
    }

    /// A line near the top whose text (or its start) comes again further down is a teaser, a
    /// page title or a copy: the later one is the speech's own, and every unit cut from the
    /// earlier line is marked. Only lines above the first prose paragraph that is not itself
    /// repeated are looked at; a short sentence is never taken for a copy (speeches repeat
    /// themselves), only titles and lines of 40 characters or more.
    static func markRepetition(_ lines: [SourceLine], _ units: [Int], _ evidence: inout [Evidence]) {
        // Keys are made only for the units looked at, and kept only while the walk may ask for
        // them again: a unit the walk has left behind lets go of its key (a page of a million
        // short lines, none of them prose, kept a key for every one).
        var keys: [Int: [UInt8]] = [:]
        var forgotten = 0
        func forget(below unit: Int) {
            while forgotten < unit { keys.removeValue(forKey: forgotten); forgotten += 1 }
        }
        // The key's bytes: the walk below compares bytes.
        func key(_ k: Int) -> [UInt8] {
            if let known = keys[k] { return known }
            let made = lines[units[k]].text.comparableKeyBytes
            keys[k] = made
            return made
        }
        // The key as a string, for the comparisons of strings after the walk.
        func keyText(_ k: Int) -> String { String(decoding: key(k), as: UTF8.self) }
        var top = units.count
        var k = 0
        // The unit's key and the keys below it, joined as bytes into buffers kept for the walk
        // (a new string for every join was a third of the walk on a page of a million lines).
        var own: [UInt8] = [], later: [UInt8] = []
        while k < units.count {
            // The units cut from one source line; each unit alone when the line held a page's
            // worth of them (a page printed on one line is one source line).
            var end = k + 1
            while end < units.count, lines[units[end]].number == lines[units[k]].number { end += 1 }
            if end - k > maxUnitsJudgedTogether { end = k + 1 }
            own.removeAll(keepingCapacity: true)
            for u in k..<end { own.append(contentsOf: key(u)) }
            // Its scalars, and the bytes of the first 24 (the probe looked for further down).
            let (length, probeBytes) = Self.scalarCount(own, bytesOfFirst: 24)
            // A short sentence or heading is never taken for a copy: speeches repeat themselves.
            let shortSentence = length < 40 && (k..<end).contains {
                evidence[$0][.sentence] != 0 || evidence[$0][.heading] != 0 || evidence[$0][.salutation] != 0
            }
            var repeated = false
            if min(length, 24) >= 4, !shortSentence {
                if length < 40 {
                    // A short line (a title) is looked for just below, as a line of its own
                    // (longer lines that print it again were cut around it).
                    let bytes = (k..<end).reduce(0) { $0 + lines[units[$1]].text.utf8.count }
                    later.removeAll(keepingCapacity: true)
                    for j in end..<min(units.count, end + shortWindow) where lines[units[j]].text.utf8.count <= 4 * bytes {
                        later.append(contentsOf: key(j))
                    }
                    repeated = later.withUnsafeBytes { haystack in
                        own.withUnsafeBytes { ByteSearch.contains(haystack, UnsafeRawBufferPointer(rebasing: $0[..<probeBytes])) }
                    }
                } else {
                    // A teaser: its copy comes after a title or salutation between them.
                    let first = own.withUnsafeBufferPointer { UTF8Text.scalar($0, at: 0) }
                    var headerSeen = false
                    for j in end..<min(units.count, end + repetitionWindow) {
                        if evidence[j][.salutation] != 0 || evidence[j][.titleEnding] != 0 { headerSeen = true }
                        if headerSeen, Self.firstComparable(lines[units[j]].text) == first {
                            later.removeAll(keepingCapacity: true)
                            later.append(contentsOf: key(j))
                            var n = j + 1
                            while n < units.count, later.count < probeBytes { later.append(contentsOf: key(n)); n += 1 }
                            if later.starts(with: own[..<probeBytes]) { repeated = true; break }
                        }
                    }
                }
            }
            if repeated {
                for u in k..<end { evidence[u][.repeatedLater] = 1 }
            } else if (k..<end).contains(where: { evidence[$0][.prose] != 0 }) {
                top = k
                break
            }
            forget(below: end)
            k = end
        }
        // The page's last unit, cut off mid-sentence, that repeats the start of a paragraph above:
        // a teaser printed under the speech.
        if let last = units.indices.last, last > 0, evidence[last][.sentence] == 0, evidence[last][.heading] == 0,
           evidence[last][.long] == 0, evidence[last][.marker] == 0 {
            let own = keyText(last)
            // It repeats the speech's opening: the first paragraphs are enough to look at.
            let first = own.unicodeScalars.first
            if own.unicodeScalars.count >= 6, (0..<min(last, 60)).contains(where: { j in
                // The first comparable scalar of the text, before building its key.
                let text = lines[units[j]].text
                guard text.utf8.count > own.utf8.count, Self.firstComparable(text) == first else { return false }
                let other = keyText(j)
                return other.hasPrefix(own) && other != own
            }) {
                evidence[last][.repeatedLater] = 1
            }
        }
        // Further down, a title printed again right under itself (第二篇：X / X / X).
        for k in units.indices where evidence[k][.titleEnding] != 0 && (k >= top || evidence[k][.repeatedLater] == 0) {
            let own = keyText(k)
            for j in (k + 1)..<min(units.count, k + 4) where keyText(j) == own {
                evidence[k][.repeatedLater] = 1
                break
            }
            forget(below: k + 1)
        }
    }

    /// A short unit with no sentence in it whose neighbours on both sides look like furniture
    /// by their own evidence is likely furniture too (jusText's context step).
    static func markContext(_ evidence: inout [Evidence], _ weights: EvidenceWeights) {
        let furniture = UnitRole.allCases.firstIndex(of: .furniture)!
        // By the evidence before any mark (the scores' view lets go of it before the marks).
        let looksLikeFurniture = {
            let scores = RoleScores(evidence, weights)
            return (0..<scores.count).map { scores.best($0) == furniture }
        }()
        for k in evidence.indices where evidence[k][.sentence] == 0 && evidence[k][.long] == 0 && !looksLikeFurniture[k] {
            let before = k > 0 && looksLikeFurniture[k - 1]
            let after = k + 1 < evidence.count && looksLikeFurniture[k + 1]
            if before && after { evidence[k][.betweenFurniture] = 1 }
        }
        // A speech's text starts at its salutation: sentences above the page's first salutation
        // line, with no title, heading or lead among them, are the site's lead-in.
        let top = evidence.prefix(salutationRegion)
        if let salutation = top.firstIndex(where: { $0[.salutation] != 0 && $0[.sentence] == 0 && $0[.long] == 0 }),
           !top[..<salutation].contains(where: { $0[.titleEnding] != 0 || $0[.heading] != 0 || $0[.lead] != 0 }) {
            for k in 0..<salutation where evidence[k][.sentence] != 0 { evidence[k][.beforeSalutation] = 1 }
        }
    }

    /// How many units from the top a salutation line marks the sentences above it.
    static let salutationRegion = 12

    /// The scalars of UTF-8 `bytes`, and how many bytes the first `prefix` of them take (all of
    /// them when fewer): one pass.
    static func scalarCount(_ bytes: [UInt8], bytesOfFirst prefix: Int) -> (scalars: Int, prefixBytes: Int) {
        var scalars = 0, prefixBytes = bytes.count
        for (index, byte) in bytes.enumerated() where byte & 0xC0 != 0x80 {
            if scalars == prefix { prefixBytes = index }
            scalars += 1
        }
        return (scalars, prefixBytes)
    }

    /// The first scalar of the text's comparable key, without building the key.
    static func firstComparable(_ text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: CJK.isComparable)
    }

    /// The best sequence of roles: scores[unit][role] plus the transitions between the
    /// grammar's states.
    static func viterbi(_ roleScores: RoleScores, _ weights: EvidenceWeights) -> [UnitRole] {
        let roles = EvidenceWeights.State.allCases
        let n = roles.count, start = n, units = roleScores.count
        let roleIndex = roles.map { UnitRole.allCases.firstIndex(of: $0.role)! }
        // Flat tables: move[from * n + to], -infinity where the grammar forbids the pair.
        var move = [Double](repeating: -.infinity, count: (n + 1) * n)
        for from in 0...n { for to in 0..<n { if let cost = weights.transitions[from][to] { move[from * n + to] = cost } } }
        // Scores for the previous and the current unit only; a back-pointer per unit and state,
        // a byte each: a page of a million lines keeps megabytes here, not tens of them.
        precondition(n < Int(Int8.max), "states fit a byte")
        var best = [Double](repeating: -.infinity, count: n)
        var next = [Double](repeating: -.infinity, count: n)
        var back = [Int8](repeating: -1, count: units * n)
        // The unit's score in each role, made once: two states share the furniture role.
        var unit = [Double](repeating: 0, count: roleScores.roles)
        if units > 0 { roleScores.fill(&unit, for: 0) }
        for r in 0..<n where move[start * n + r] > -.infinity {
            best[r] = move[start * n + r] + unit[roleIndex[r]]
        }
        for k in 1..<max(units, 1) {
            roleScores.fill(&unit, for: k)
            let current = k * n
            for r in 0..<n {
                var top = -Double.infinity, from = -1
                for p in 0..<n where best[p] > -.infinity {
                    let cost = move[p * n + r]
                    guard cost > -.infinity else { continue }
                    let value = best[p] + cost
                    if value > top { top = value; from = p }
                }
                if from >= 0 {
                    next[r] = top + unit[roleIndex[r]]
                    back[current + r] = Int8(from)
                } else {
                    next[r] = -.infinity
                }
            }
            swap(&best, &next)
        }
        let last = (0..<n).map { state in weights.ends[state].map { best[state] + $0 } ?? -.infinity }
        // A page that can end in no allowed state (a title alone) ends where it scores best.
        let final = last.contains { $0 > -.infinity } ? last : best
        var state = final.indices.max { final[$0] < final[$1] }!
        var path = [UnitRole](repeating: roles[0].role, count: units)
        for k in stride(from: units - 1, through: 0, by: -1) {
            path[k] = roles[state].role
            if k > 0 { state = Int(back[k * n + state]) }
        }
        return path
    }
}

/// One unit's role and why: for `outline --lines`.
public struct UnitDecision: Sendable, Equatable, Hashable {
    public var line: Int
    public var role: String
    /// The chosen role's score less the best other role's (the grammar can overrule a unit's
    /// own evidence, so a margin below zero means its neighbours decided).
    public var margin: Double
    public var evidence: [String]
    public var text: String
}
