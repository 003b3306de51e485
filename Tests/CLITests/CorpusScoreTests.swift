import Foundation
import Testing
import TestSupport

/// The reader on real pages, judged by ../shared/corpus/score.py (the scorer that also judges
/// pages nobody here has seen): the built program is scored on the 80 annotated corpus pages
/// and on the seeds, and each figure must stay at or above its floor (issue 14's floors).
enum CorpusFloors {
    /// score.py options for the corpus pages.
    static let pages = [
        "--min-title", "0.95", "--min-sal", "0.95", "--min-recall", "0.95", "--min-precision", "0.95",
        "--max-leak", "0.03", "--max-inline", "0.30", "--min-body", "1.0", "--min-level2", "0.90", "--min-leads", "0.80",
    ]
    /// Seeds: every split, title and body sentence right, no boilerplate, heading F1 ≥ 0.98.
    static let seeds = ["--min-f1", "0.98"]

    static var scorer: URL { Repository.shared.appendingPathComponent("corpus/score.py") }
    static var available: Bool { Repository.sharedAvailable && FileManager.default.fileExists(atPath: scorer.path) }
}

private func score(_ mode: String, _ a: URL, _ b: URL, _ floors: [String]) throws -> (passed: Bool, summary: String) {
    guard let python = Run.tool("python3") else {
        Issue.record("python3 is not installed: the corpus cannot be scored (make test installs it)")
        return (false, "")
    }
    #expect(Run.tool("opencc") != nil, "the scorer needs opencc on PATH (make test installs it)")
    let result = try Run.program(python, [CorpusFloors.scorer.path, Repository.executable.path, mode, a.path, b.path] + floors)
    let summary = result.stdoutText.split(separator: "\n").last.map(String.init) ?? ""
    return (result.status == 0, summary + result.stderr)
}

@Test(.enabled(if: CorpusFloors.available, "needs ../shared/corpus"))
func theCorpusPagesScoreAtOrAboveTheFloors() throws {
    let corpus = Repository.shared.appendingPathComponent("corpus")
    let (passed, summary) = try score("pages", corpus.appendingPathComponent("manifest.json"),
                                      corpus.appendingPathComponent("pages"), CorpusFloors.pages)
    #expect(passed, "below a floor: \(summary)")
    print("corpus: \(summary)")
}

@Test(.enabled(if: CorpusFloors.available, "needs ../shared/corpus and ../shared/seeds"))
func theSeedsScorePerfectly() throws {
    let seeds = Repository.shared.appendingPathComponent("seeds")
    let (passed, summary) = try score("seeds", seeds.appendingPathComponent("expected"), seeds, CorpusFloors.seeds)
    #expect(passed, "seeds: \(summary)")
    print("seeds: \(summary)")
}

/// A floor can be missed: the scorer with a floor above any figure fails.
@Test(.enabled(if: CorpusFloors.available, "needs ../shared/corpus"))
func aFloorAboveTheFiguresFails() throws {
    let seeds = Repository.shared.appendingPathComponent("seeds")
    let (passed, _) = try score("seeds", seeds.appendingPathComponent("expected"), seeds, ["--min-f1", "1.01"])
    #expect(!passed)
}

/// What a page's layout should not change: the same pages with CRLF line ends, with a blank
/// line between every two lines, with every line indented by two ideographic spaces, with
/// trailing spaces, with their spaces no-break (a web page's &nbsp; copied as U+00A0) or
/// ideographic (U+3000, the separator of pages typed in Chinese), and with
/// the ASCII , : ; ! ? they print typed full width (，：；！？, as an input method types them;
/// URLs and times too), and with every 。 typed as an ASCII full stop (as an input method left
/// in English mode types it).
/// Rules that hold on any site hold under these; a rule that leans on one site's layout shows
/// here before it shows on pages nobody here has seen. (Not among them: parentheses made full
/// width, which the scorer's pinyin stripping does not follow.)
enum LayoutVariant: String, CaseIterable {
    case crlf, doubleSpaced, indented, trailingSpaces, noBreakSpaces, ideographicSpaces, fullWidthPunctuation, asciiFullStops

    func apply(_ text: String) -> String {
        switch self {
        case .crlf: return text.replacingOccurrences(of: "\n", with: "\r\n")
        case .doubleSpaced: return text.replacingOccurrences(of: "\n", with: "\n\n")
        case .indented:
            return text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? String($0) : "\u{3000}\u{3000}" + $0 }.joined(separator: "\n")
        case .trailingSpaces:
            return text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? String($0) : $0 + "  " }.joined(separator: "\n")
        case .noBreakSpaces: return text.replacingOccurrences(of: " ", with: "\u{00A0}")
        case .ideographicSpaces: return text.replacingOccurrences(of: " ", with: "\u{3000}")
        case .fullWidthPunctuation:
            let fullWidth: [Unicode.Scalar: Unicode.Scalar] = [",": "\u{FF0C}", ":": "\u{FF1A}", ";": "\u{FF1B}", "!": "\u{FF01}",
                                                              "?": "\u{FF1F}"]
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: text.unicodeScalars.map { fullWidth[$0] ?? $0 })
            return String(scalars)
        case .asciiFullStops: return text.replacingOccurrences(of: "。", with: ".")
        }
    }
}

@Test(.enabled(if: CorpusFloors.available, "needs ../shared/corpus"), arguments: LayoutVariant.allCases)
func theCorpusScoresTheSameWhateverItsLayout(variant: LayoutVariant) throws {
    let corpus = Repository.shared.appendingPathComponent("corpus")
    let manifest = corpus.appendingPathComponent("manifest.json")
    let pages = corpus.appendingPathComponent("pages")
    let directory = try TemporaryDirectory()
    var changed = 0
    for name in try FileManager.default.contentsOfDirectory(atPath: pages.path) where name.hasSuffix(".txt") {
        let text = try String(contentsOf: pages.appendingPathComponent(name), encoding: .utf8)
        let varied = variant.apply(text)
        if varied != text { changed += 1 }
        try varied.write(to: directory.file(name), atomically: true, encoding: .utf8)
    }
    // The variant changed the pages (the test means something).
    #expect(changed >= 40, "\(variant): only \(changed) pages changed")
    let (_, varied) = try score("pages", manifest, directory.url, [])
    #expect(!LayoutVariant.asPrinted.isEmpty)
    #expect(varied == LayoutVariant.asPrinted, "\(variant.rawValue): \(varied)")
}

/// The corpus pages with their line breaks lost, every page's lines joined by a space (as a
/// scraper that takes a page's text without its breaks gives it, furniture, outline and all),
/// and the seeds with every 。 typed as an ASCII full stop. Neither scores as printed (a page
/// flattened whole loses what only its lines told), but no page may lose its speech and each
/// figure stays at or above a floor set under what this session's reader gives (one line: title
/// 0.92, salutation 0.92, level-1 0.90 / 0.90, boilerplate 9/162, first body sentence 79/80).
/// Before the session's reader changes three flattened pages gave no speech at all, and the
/// seeds so typed scored heading F1 0.44.
@Test(.enabled(if: CorpusFloors.available, "needs ../shared/corpus"))
func theCorpusOnOneLineAndTheSeedsWithASCIIFullStopsStayAboveFloors() throws {
    let corpus = Repository.shared.appendingPathComponent("corpus")
    let directory = try TemporaryDirectory()
    let pages = directory.file("pages"), seeds = directory.file("seeds")
    for folder in [pages, seeds] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
    let source = corpus.appendingPathComponent("pages")
    for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".txt") {
        let text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
        let joined = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        try joined.write(to: pages.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    let (flattened, summary) = try score("pages", corpus.appendingPathComponent("manifest.json"), pages, [
        "--min-title", "0.85", "--min-sal", "0.85", "--min-recall", "0.85", "--min-precision", "0.85",
        "--max-leak", "0.10", "--max-inline", "0.30", "--min-body", "0.95", "--min-level2", "0.85", "--min-leads", "0.85",
    ])
    #expect(flattened, "one line: \(summary)")
    #expect(summary.contains("failures 0"), "one line: \(summary)")
    print("corpus on one line: \(summary)")

    let seedsSource = Repository.shared.appendingPathComponent("seeds")
    for name in try FileManager.default.contentsOfDirectory(atPath: seedsSource.path) where name.hasSuffix(".txt") {
        // Read as bytes: a seed may hold damaged characters, which are kept as they are.
        let bytes = try Data(contentsOf: seedsSource.appendingPathComponent(name))
        let period = Data("。".utf8), dot = Data(".".utf8)
        var typed = Data()
        var index = bytes.startIndex
        while let found = bytes[index...].firstRange(of: period) {
            typed += bytes[index..<found.lowerBound] + dot
            index = found.upperBound
        }
        typed += bytes[index...]
        try typed.write(to: seeds.appendingPathComponent(name))
    }
    let (typed, seedSummary) = try score("seeds", seedsSource.appendingPathComponent("expected"), seeds, CorpusFloors.seeds)
    #expect(typed, "seeds typed with full stops: \(seedSummary)")
    print("seeds typed with ASCII full stops: \(seedSummary)")
}

extension LayoutVariant {
    /// The pages' scores as printed, made once for every variant.
    static let asPrinted: String = {
        let corpus = Repository.shared.appendingPathComponent("corpus")
        return (try? score("pages", corpus.appendingPathComponent("manifest.json"), corpus.appendingPathComponent("pages"), []))?.summary ?? ""
    }()
}

/// The corpus pages cut at a fixed width (a script's characters, an editor's columns) score as
/// the same pages uncut. The pages are those a cut changes and leaves readable: eight lines at
/// least (a page printed on one or two lines becomes a column of pieces nobody would call a
/// page), and no pinyin after its characters (a cut inside 國(guó) leaves pieces the scorer
/// cannot strip). Before the reader joined such lines ahead of labelling, 36 characters scored
/// salutation 0.86 and level-1 precision 0.92 on them (0.93 and 1.00 uncut).
@Test(.enabled(if: CorpusFloors.available, "needs ../shared/corpus"),
      arguments: [FixedWidthWrap.characters(28), .characters(36), .columns(70)])
func aCorpusPageCutAtAFixedWidthScoresAsThePage(wrap: FixedWidthWrap) throws {
    let corpus = Repository.shared.appendingPathComponent("corpus")
    let pages = corpus.appendingPathComponent("pages")
    let entries = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: corpus.appendingPathComponent("manifest.json"))) as? [[String: Any]])
    let pinyin = try NSRegularExpression(pattern: "\\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\\)")
    let directory = try TemporaryDirectory()
    let uncut = directory.file("uncut"), cut = directory.file("cut")
    for folder in [uncut, cut] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
    var chosen: [[String: Any]] = []
    var changed = 0
    for entry in entries {
        guard let name = entry["file"] as? String else { continue }
        let text = try String(contentsOf: pages.appendingPathComponent(name), encoding: .utf8)
        let lines = text.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }.count
        guard lines >= 8, pinyin.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil else { continue }
        chosen.append(entry)
        let wrapped = wrap.apply(text)
        if wrapped != text { changed += 1 }
        try text.write(to: uncut.appendingPathComponent(name), atomically: true, encoding: .utf8)
        try wrapped.write(to: cut.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    #expect(chosen.count >= 30 && changed >= 30, "\(chosen.count) pages, \(changed) cut")
    let manifest = directory.file("manifest.json")
    try JSONSerialization.data(withJSONObject: chosen).write(to: manifest)
    let (_, asPrinted) = try score("pages", manifest, uncut, [])
    let (_, asCut) = try score("pages", manifest, cut, [])
    #expect(asPrinted.contains("pages: \(chosen.count) files"))
    #expect(asCut == asPrinted, "cut at \(wrap): \(asCut)")
}

/// The corpus pages as copied out of a PDF set in a proportional font, every line filled to 25
/// or 31 ems (`FixedWidthWrap.proportional`): titles, salutations and headings cut where the
/// width fell, full lines of different lengths. They do not score as printed (a heading or a
/// salutation cut at the width, with a title glued before it, is sometimes not made whole), but
/// no page may lose its speech and each figure stays at or above a floor under what the reader
/// gives (25 ems: title 1.00, salutation 0.97, level-1 recall 0.90 and precision 0.96, level-2
/// 1.00; before the reader allowed for narrow glyphs, salutation 0.91, level-1 0.84 / 0.92,
/// level-2 0.88).
@Test(.enabled(if: CorpusFloors.available, "needs ../shared/corpus"), arguments: [25, 31])
func theCorpusCopiedOutOfAProportionalPDFStaysAboveFloors(ems: Int) throws {
    let corpus = Repository.shared.appendingPathComponent("corpus")
    let source = corpus.appendingPathComponent("pages")
    let directory = try TemporaryDirectory()
    var cut = 0
    for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".txt") {
        let text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
        let wrapped = FixedWidthWrap.proportional(ems: ems).apply(text)
        if wrapped != text { cut += 1 }
        try wrapped.write(to: directory.file(name), atomically: true, encoding: .utf8)
    }
    #expect(cut >= 60, "\(ems) ems: only \(cut) pages cut")
    let (passed, summary) = try score("pages", corpus.appendingPathComponent("manifest.json"), directory.url, [
        "--min-title", "0.95", "--min-sal", "0.95", "--min-recall", "0.88", "--min-precision", "0.93",
        "--max-leak", "0.03", "--max-inline", "0.40", "--min-body", "0.95", "--min-level2", "0.95", "--min-leads", "0.88",
    ])
    #expect(passed, "\(ems) ems: \(summary)")
    #expect(summary.contains("failures 0"), "\(ems) ems: \(summary)")
    print("corpus at \(ems) ems in a proportional font: \(summary)")
}

/// The corpus pages inside another site's chrome: two lines of a site's head above each page
/// (a breadcrumb, a menu, a search bar of tags, login links) and three of its foot below
/// (previous and next links, a copyright and a licence number, a takedown notice, a download
/// link), each added to the page's boilerplate in the manifest, and the site's name after the
/// page's title line, as its <title> prints it (…讲话_公文范文网). The lines are written here, in
/// the manner of such sites, none of them a corpus page's. Every one must go and the speech
/// read as printed. Before the reader knew a menu or a tag line from a title and cut a site's
/// name from one, 27 of the 562 lines were kept and the title scored 0.63 (a breadcrumb or a
/// tag line ending with 讲话 or 发言 was the title, a title with a site's name furniture).
@Test(.enabled(if: CorpusFloors.available, "needs ../shared/corpus"))
func theCorpusInAnotherSitesChromeStaysAboveFloors() throws {
    let heads = ["网站首页 | 讲话稿 | 工作总结 | 心得体会 | 党建材料", "当前位置：首页 > 领导讲话 > 会议讲话",
                 "您现在的位置：文秘帮手网 >> 讲话稿 >> 正文", "热门搜索：讲话稿 发言稿 主持词 表态发言", "登录 | 注册 | 会员中心 | 充值",
                 "手机版 | 设为首页 | 加入收藏"]
    let feet = ["上一篇：在全县春耕生产工作会议上的讲话", "下一篇：关于做好安全生产工作的通知",
                "版权所有 Copyright © 2019-2025 范文先生网 All Rights Reserved", "备案号：京ICP备2021000000号-1",
                "本站部分文章来自网络，如有侵权请联系删除", "相关推荐：", "点击下载本文档", "关于我们 | 联系我们 | 免责声明 | 网站地图",
                "扫码关注公众号，获取更多范文", "本文由会员上传，仅供学习参考"]
    let suffixes = ["_公文范文网", "-第一范文网", "_讲话稿_文秘帮手", "｜笔杆子文库", " - 范文先生网"]
    let corpus = Repository.shared.appendingPathComponent("corpus")
    let source = corpus.appendingPathComponent("pages")
    var entries = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: corpus.appendingPathComponent("manifest.json"))) as? [[String: Any]])
    let directory = try TemporaryDirectory()
    let pages = directory.file("pages")
    try FileManager.default.createDirectory(at: pages, withIntermediateDirectories: true)
    var suffixed = 0
    for (n, entry) in entries.enumerated() {
        let name = try #require(entry["file"] as? String)
        var bytes = try Data(contentsOf: source.appendingPathComponent(name))
        // The title's own line, when one of the first eight lines is the title alone.
        if let title = entry["title"] as? String, let text = String(data: bytes, encoding: .utf8) {
            var lines = text.components(separatedBy: "\n")
            if let k = lines.prefix(8).firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == title }) {
                lines[k] = lines[k].trimmingCharacters(in: .whitespaces) + suffixes[n % suffixes.count]
                bytes = Data(lines.joined(separator: "\n").utf8)
                suffixed += 1
            }
        }
        let head = [heads[n % heads.count], heads[(n / heads.count + n + 1) % heads.count]]
        let foot = (0..<3).map { feet[(n + 3 * $0) % feet.count] }
        var page = Data((head.joined(separator: "\n") + "\n").utf8) + bytes
        if page.last != 0x0A { page.append(0x0A) }
        page += Data((foot.joined(separator: "\n") + "\n").utf8)
        try page.write(to: pages.appendingPathComponent(name))
        entries[n]["boilerplate_lines"] = ((entry["boilerplate_lines"] as? [String]) ?? []) + head + foot
    }
    #expect(suffixed >= 25, "\(suffixed) titles suffixed")
    let manifest = directory.file("manifest.json")
    try JSONSerialization.data(withJSONObject: entries).write(to: manifest)
    let (passed, summary) = try score("pages", manifest, pages, [
        "--min-title", "0.97", "--min-sal", "0.98", "--min-recall", "0.95", "--min-precision", "0.95",
        "--max-leak", "0.01", "--max-inline", "0.30", "--min-body", "1.0", "--min-level2", "0.95", "--min-leads", "0.90",
    ])
    #expect(passed, "chrome: \(summary)")
    #expect(summary.contains("pages: \(entries.count) files, failures 0"), "chrome: \(summary)")
    print("corpus in another site's chrome: \(summary)")
}
