import ChineseScript
import Foundation
import Testing
import TestSupport
@testable import SpeechModel
@testable import SpeechReader

/// The hand-made gold outlines in ../shared/seeds/expected, read as the README describes them.
private struct GoldFile: Decodable {
    struct Document: Decodable {
        struct Heading: Decodable {
            var level: Int
            var kind: String
            var number: String
            var text: String
        }
        var title: String
        var salutation: String?
        var headings: [Heading]
        var first_body_sentence: String
        var last_body_sentence: String
        var truncated: Bool
        var gaps: Int
    }
    var documents: [Document]
    var boilerplate: [String]
}

private struct SeedReading {
    var seed: URL
    var gold: GoldFile
    var result: ReadResult
    var cleanText: String
}

private func readSeeds() throws -> [SeedReading] {
    try Repository.seeds.map { seed in
        let gold = try JSONDecoder().decode(GoldFile.self, from: Data(contentsOf: Repository.gold(for: seed)))
        let result = try PlainTextReader.read([UInt8](Data(contentsOf: seed)), options: .keepingCleanedLines)
        let cleanText = result.cleanedLines.map(\.text).joined(separator: "\n")
        return SeedReading(seed: seed, gold: gold, result: result, cleanText: cleanText)
    }
}

private func key(_ kind: String, _ number: String, _ text: String) -> String {
    kind + "|" + normalizedForComparison(number) + "|" + normalizedForComparison(text)
}

@Test(.enabled(if: Repository.sharedAvailable, "needs ../shared/seeds"))
func everySeedHasTheGoldSpeechesTitlesSalutationsGapsAndTruncation() throws {
    for reading in try readSeeds() {
        let name = reading.seed.lastPathComponent
        let speeches = reading.result.speeches
        #expect(speeches.count == reading.gold.documents.count, "\(name): \(speeches.count) speeches, gold has \(reading.gold.documents.count)")
        for (index, (speech, gold)) in zip(speeches, reading.gold.documents).enumerated() {
            let where_ = "\(name) speech \(index + 1)"
            #expect(normalizedForComparison(speech.metadata.title) == normalizedForComparison(gold.title), "\(where_): title \(speech.metadata.title)")
            #expect(speech.salutation.map(normalizedForComparison) == gold.salutation.map(normalizedForComparison), "\(where_): salutation")
            #expect(speech.statistics.gaps == gold.gaps, "\(where_): gaps")
            #expect(speech.isIncomplete == gold.truncated, "\(where_): truncated")
        }
    }
}

/// Headings and leads over all seeds: F1 on (kind, number, text) at least 0.95, and levels right
/// for at least 90% of the matched ones (levels are "strong guidance" in the gold files).
@Test(.enabled(if: Repository.sharedAvailable, "needs ../shared/seeds"))
func headingsAndLeadsMatchTheGoldOutlines() throws {
    var truePositives = 0, found = 0, expected = 0, levelsRight = 0
    var misses: [String] = []
    for reading in try readSeeds() {
        let speeches = reading.result.speeches
        for (index, gold) in reading.gold.documents.enumerated() {
            let wanted = gold.headings.map { key($0.kind, $0.number, $0.text) }
            let outline = index < speeches.count ? speeches[index].outline : []
            let got = outline.map { key($0.kind.rawValue, $0.number, $0.text) }
            expected += wanted.count
            found += got.count
            var remaining = got
            for (position, want) in wanted.enumerated() {
                if let match = remaining.firstIndex(of: want) {
                    remaining.remove(at: match)
                    truePositives += 1
                    if let entry = outline.first(where: { key($0.kind.rawValue, $0.number, $0.text) == want }),
                       entry.level == gold.headings[position].level {
                        levelsRight += 1
                    }
                } else {
                    misses.append("\(reading.seed.lastPathComponent)#\(index + 1) missing \(want)")
                }
            }
            misses += remaining.map { "\(reading.seed.lastPathComponent)#\(index + 1) extra \($0)" }
        }
    }
    let precision = Double(truePositives) / Double(max(found, 1))
    let recall = Double(truePositives) / Double(max(expected, 1))
    let f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    print("gold outline: precision \(precision), recall \(recall), F1 \(f1), levels \(levelsRight)/\(truePositives)")
    #expect(f1 >= 0.95, "F1 \(f1); \(misses.prefix(20).joined(separator: "; "))")
    #expect(Double(levelsRight) >= 0.9 * Double(truePositives), "levels right for \(levelsRight) of \(truePositives)")
}

@Test(.enabled(if: Repository.sharedAvailable, "needs ../shared/seeds"))
func boilerplateIsGoneAndTheFirstAndLastSentencesStay() throws {
    let converter = try ScriptConverter.traditionalToSimplified()
    for reading in try readSeeds() {
        let name = reading.seed.lastPathComponent
        let clean = normalizedForComparison(reading.cleanText)
        let cleanLines = Set(reading.result.cleanedLines.map(\.text))
        for boilerplate in reading.gold.boilerplate {
            // Compare as the text would look after cleaning: pinyin gone, simplified.
            let withoutPinyin = boilerplate.replacing(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/, with: "")
            let normalized = normalizedForComparison(try converter.convert(withoutPinyin))
            if normalized.isEmpty {
                #expect(!cleanLines.contains(boilerplate), "\(name): boilerplate line “\(boilerplate)” survived")
            } else {
                let survived = clean.contains(normalized)
                #expect(!survived, "\(name): boilerplate “\(boilerplate)” survived")
            }
        }
        for gold in reading.gold.documents {
            for sentence in [gold.first_body_sentence, gold.last_body_sentence] {
                let kept = clean.contains(normalizedForComparison(sentence))
                #expect(kept, "\(name): lost “\(sentence)”")
            }
        }
    }
}

/// Seed 000 holds GB18030 read one byte off after a lost byte (“腦�!薄爸泄W琛眴栴}”): the run
/// after the lost byte is ”“中梗阻”問題 and comes back, reported; the lost byte stays flagged.
@Test(.enabled(if: Repository.sharedAvailable, "needs ../shared/seeds"))
func seedMojibakeIsRestoredAndTheLostByteStaysFlagged() throws {
    let seed = try #require(Repository.seeds.first { $0.lastPathComponent.hasPrefix("000_") })
    let result = try PlainTextReader.read([UInt8](Data(contentsOf: seed)), options: .keepingCleanedLines)
    let text = result.cleanedLines.map(\.text).joined(separator: "\n")
    #expect(text.contains("“中梗阻”问题"))
    #expect(!text.contains("薄爸泄"))
    #expect(result.report.warnings.contains { $0.kind == "mojibake-repair" && $0.message.contains("中梗阻") })
    #expect(result.report.warnings.contains { $0.kind == "damaged-text" && $0.message.contains("U+FFFD") && $0.message.contains("脑") })
}
