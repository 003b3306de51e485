import Foundation
import Testing
import TestSupport
import ConversionChecks
import SpeechDoc

/// Every input the fuzzer ever broke something with, and the samples and real pages, through
/// the same checks the fuzz target runs: as a page, as Markdown, and (zip files) as a template.
private var inputs: [URL] {
    let regressions = Repository.root.appendingPathComponent("Tests/ReliabilityTests/FuzzRegressions")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: regressions.path)) ?? []
    return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { regressions.appendingPathComponent($0) }
        + Repository.samples + (Repository.sharedAvailable ? Repository.seeds : [])
}

@Test(arguments: inputs)
func conversionInvariantsHold(file: URL) throws {
    let bytes = [UInt8](try Data(contentsOf: file))
    do {
        try ConversionCheck.plainText(bytes)
        try ConversionCheck.markdown(bytes)
        if bytes.starts(with: [0x50, 0x4B]) { try ConversionCheck.wordTemplate(bytes) }
    } catch {
        Issue.record("\(file.lastPathComponent): \(error)")
    }
}

/// The checks themselves catch what they are for: a package with a broken part, and a
/// Markdown model that does not survive, are failures.
@Test func theChecksCanFail() throws {
    #expect(throws: ConversionCheck.Failure.self) { try ConversionCheck.packageText(Array("not a zip".utf8), format: "docx") }
    let speech = Speech(metadata: Metadata(title: "标题"), body: [.section(Section(heading: Heading(level: 1, number: "一、", text: "提高站位"), children: [])),
                                                              .paragraph(Paragraph(text: "节后正文。"))])
    // A paragraph after a section at the top level cannot survive Markdown: it joins the section.
    #expect(throws: ConversionCheck.Failure.self) { try ConversionCheck.speechThroughWriters(speech) }
}
