import Foundation
import PropertyBased
import Testing
import TestSupport
import ConversionChecks
import SpeechDoc

/// For any generated speech: Markdown re-reads to the same model and writes the same bytes;
/// DOCX and EPUB are readable zips whose every XML part parses strictly and holds every piece
/// of the speech's text (ConversionCheck.speechThroughWriters).
@Test func everyWriterIsValidForAnyGeneratedModel() async {
    await propertyCheck(count: 150, input: GeneratedModels.speech) { speech in
        do {
            try ConversionCheck.speechThroughWriters(speech)
        } catch {
            Issue.record("\(error)\n\(speech.treeDump)")
        }
    }
}

/// The same for collections: every speech of a generated collection is in the EPUB and the
/// single Word file, which are valid packages.
@Test func collectionsOfGeneratedSpeechesAreValid() async throws {
    await propertyCheck(count: 30, input: GeneratedModels.speech.array(of: 2...4)) { speeches in
        let collection = SpeechCollection(title: "汇编", speeches: speeches)
        for format in [OutputFormat.docx, .epub] {
            do {
                let bytes = try Formats.writer(for: format)!.write(.collection(collection), options: .default)
                let text = try ConversionCheck.packageText(bytes, format: format.rawValue)
                for speech in speeches {
                    for piece in SpeechTexts.of(speech) where !text.contains(piece) {
                        Issue.record("\(format.rawValue): “\(piece)” missing")
                    }
                }
            } catch {
                Issue.record("\(format.rawValue): \(error)")
            }
        }
    }
}
