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
