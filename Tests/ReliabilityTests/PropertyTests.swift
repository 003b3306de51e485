import Foundation
import PropertyBased
import Testing
import TestSupport
import ConversionChecks
import SpeechDoc

/// For any generated speech: Markdown re-reads to the same model and writes the same bytes;
/// DOCX and EPUB are readable zips whose every XML part parses strictly and holds every piece
/// of the speech's text (ConversionCheck.speechThroughWriters).
@Test func everyWriterIsValidForAnyGeneratedModel() {
    for var rng in PropertySeeds.generators(count: 150) {
        let seed = rng.currentSeed
        let speech = GeneratedModels.speech.run(using: &rng)
        do {
            try ConversionCheck.speechThroughWriters(speech)
        } catch {
            Issue.record("seed \(seed): \(error)\n\(speech.treeDump)")
        }
    }
}

/// The same for collections: every speech of a generated collection is in the EPUB and the
/// single Word file, which are valid packages.
@Test func collectionsOfGeneratedSpeechesAreValid() throws {
    for var rng in PropertySeeds.generators(count: 30) {
        let seed = rng.currentSeed
        let speeches = GeneratedModels.speech.array(of: 2...4).run(using: &rng)
        let collection = SpeechCollection(title: "汇编", speeches: speeches)
        for format in [OutputFormat.docx, .epub] {
            do {
                let bytes = try Formats.writer(for: format)!.write(.collection(collection), options: .default)
                let text = try ConversionCheck.packageText(bytes, format: format.rawValue)
                for speech in speeches {
                    for piece in SpeechTexts.of(speech) where !text.contains(piece) {
                        Issue.record("seed \(seed): \(format.rawValue): “\(piece)” missing")
                    }
                }
            } catch {
                Issue.record("seed \(seed): \(format.rawValue): \(error)")
            }
        }
    }
}

/// The property tests run from fixed seeds, so every `make test` checks the same cases and a
/// submission never lands or fails by luck; every seed that ever failed is kept in
/// `regressions`. `SPEECHDOC_PROPERTY_SEEDS=random` (`make properties`) draws fresh seeds to
/// keep searching; a failure names its seed, to be added here once fixed.
enum PropertySeeds {
    static let regressions = [
        // A first paragraph "<同志们；#𠀀:" read back from Markdown as a salutation.
        "bUxubSZMF2jsVWrbj6Z9mNC63OkGBOCB9K/9HTn29TI=",
        "VlGRpQxrxGpa6OhhXyHXe31jhCcf3gNtbP6hgLFc0R0=",
    ]

    static var random: Bool { ProcessInfo.processInfo.environment["SPEECHDOC_PROPERTY_SEEDS"] == "random" }

    static func generators(count: Int) -> [Xoshiro] {
        if random {
            let fresh = (0..<count).map { _ in Xoshiro() }
            print("property seeds: \(fresh.map(\.currentSeed).joined(separator: " "))")
            return fresh
        }
        let fixed = (1...count).map { n in Xoshiro(seed: (UInt64(n), 0x9E37_79B9_7F4A_7C15, UInt64(n) &* 0xBF58_476D_1CE4_E5B9, 0x94D0_49BB_1331_11EB)) }
        return fixed + regressions.compactMap { Xoshiro(seed: $0) }
    }
}
