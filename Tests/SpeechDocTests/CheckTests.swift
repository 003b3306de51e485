import Foundation
import Testing
import TestSupport
@testable import SpeechDoc
import ZipSupport

/// The speeches the checks run on: the samples, and the seeds when ../shared is there.
private func speeches() throws -> [(String, Speech)] {
    var files = Repository.samples
    if Repository.sharedAvailable {
        files += try FileManager.default.contentsOfDirectory(at: Repository.shared.appendingPathComponent("seeds"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path }
    }
    return try files.flatMap { file in
        try DocumentLoader.load(path: file.path).speeches.enumerated().map { ("\(file.lastPathComponent)#\($0.offset + 1)", $0.element) }
    }
}

/// A Word file with one part changed.
private func changed(_ docx: [UInt8], _ part: String, _ change: (String) -> String) throws -> [UInt8] {
    let reader = try ZipArchiveReader(docx)
    let writer = ZipArchiveWriter()
    var touched = false
    for entry in reader.entries {
        var bytes = try reader.read(entry.name)
        if entry.name == part {
            let before = String(decoding: bytes, as: UTF8.self)
            let after = change(before)
            touched = after != before
            bytes = Array(after.utf8)
        }
        writer.add(entry.name, bytes)
    }
    #expect(touched, "the change to \(part) changed nothing")
    return try writer.finish()
}

private func audit(_ docx: [UInt8], style: StyleSheet = StylePresets.standard) throws -> [Finding] {
    try WordAudit.check(path: "test.docx", bytes: docx, style: style)
}

/// Every SpeechDoc Word output, in every preset, passes the audit of its own style with no
/// finding: the samples and the seeds one by one, and a collection.
@Test func everySpeechDocWordOutputPassesItsStylesCheck() throws {
    let all = try speeches()
    #expect(all.count >= 4)
    for name in StylePresets.names {
        let style = try StylePresets.preset(name)
        let options = WriterOptions(style: style)
        for (label, speech) in all {
            let findings = try audit(try Formats.writer(for: .docx)!.write(.speech(speech), options: options), style: style)
            #expect(findings.isEmpty, "\(label) [\(name)]: \(findings.map(\.line))")
        }
        let collection = SpeechCollection(title: "讲话汇编", speeches: all.prefix(3).map(\.1))
        let findings = try audit(try Formats.writer(for: .docx)!.write(.collection(collection), options: options), style: style)
        #expect(findings.isEmpty, "collection [\(name)]: \(findings.map(\.line))")
    }
}

/// A Word file with one fault gives exactly the finding for it, naming what was expected and
/// what was found.
@Test func eachFaultGivesItsOneFinding() throws {
    let speech = try #require(try speeches().first?.1)
    let docx = try Formats.writer(for: .docx)!.write(.speech(speech), options: .default)
    let faults: [(String, String, (String) -> String, String, String)] = [
        // The text block keeps its size: only the margins are wrong.
        ("wrong margins", "word/document.xml", { $0.replacingOccurrences(of: "w:top=\"2098\"", with: "w:top=\"1440\"").replacingOccurrences(of: "w:bottom=\"1984\"", with: "w:bottom=\"2642\"") },
         "page-margins", "top 25.4 mm, bottom 46.6 mm"),
        ("no grid", "word/document.xml", { $0.replacing(#/<w:docGrid [^>]*/>/#, with: "") }, "grid", "no grid"),
        ("宋体 body", "word/styles.xml", { $0.replacingOccurrences(of: "w:eastAsia=\"仿宋_GB2312\" w:hAnsi=\"仿宋_GB2312\" w:cs=\"Times New Roman\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style><w:style w:type=\"paragraph\" w:styleId=\"Title\"",
                                                                              with: "w:eastAsia=\"宋体\" w:hAnsi=\"宋体\" w:cs=\"Times New Roman\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style><w:style w:type=\"paragraph\" w:styleId=\"Title\"") }, "body-font", "宋体"),
        ("indent in twips only", "word/styles.xml", { $0.replacingOccurrences(of: "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:jc w:val=\"both\"/></w:pPr><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"仿宋_GB2312\" w:hAnsi=\"仿宋_GB2312\" w:cs=\"Times New Roman\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style><w:style w:type=\"paragraph\" w:styleId=\"Title\"",
                                                                                           with: "<w:ind w:firstLine=\"640\"/><w:jc w:val=\"both\"/></w:pPr><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"仿宋_GB2312\" w:hAnsi=\"仿宋_GB2312\" w:cs=\"Times New Roman\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style><w:style w:type=\"paragraph\" w:styleId=\"Title\"") }, "body-indent", "640 twips"),
        ("footer centred", "word/footer1.xml", { $0.replacingOccurrences(of: "<w:pStyle w:val=\"PageNumberOdd\"/>", with: "<w:pStyle w:val=\"PageNumberOdd\"/><w:jc w:val=\"center\"/>") }, "page-number-placement", "center"),
        ("no evenAndOddHeaders", "word/settings.xml", { $0.replacingOccurrences(of: "<w:evenAndOddHeaders/>", with: "") }, "odd-even-pages", "off"),
        // 黑体 set only where Latin text looks: Chinese text keeps the 仿宋 it inherits.
        ("no East Asian font", "word/styles.xml", { $0.replacingOccurrences(of: "w:ascii=\"Times New Roman\" w:eastAsia=\"黑体\" w:hAnsi=\"黑体\"", with: "w:ascii=\"黑体\" w:hAnsi=\"黑体\"") },
         "heading-1-font", "仿宋_GB2312 (黑体 only in the Latin slots)"),
        ("no zh-CN", "word/styles.xml", { $0.replacingOccurrences(of: "w:eastAsia=\"zh-CN\"", with: "w:eastAsia=\"en-US\"") }, "language", "en-US"),
        ("page number without dashes", "word/footer2.xml", { $0.replacingOccurrences(of: "<w:t xml:space=\"preserve\">— </w:t>", with: "") }, "page-number-format", "N—"),
        ("footer too low", "word/document.xml", { $0.replacingOccurrences(of: "w:footer=\"1451\"", with: "w:footer=\"567\"") }, "footer-distance", "10.0 mm"),
    ]
    for (fault, part, change, check, found) in faults {
        let findings = try audit(try changed(docx, part, change))
        #expect(findings.map(\.check) == [check], "\(fault): \(findings.map(\.line))")
        #expect(findings.first?.found == found, "\(fault): \(findings.map(\.line))")
    }
}

/// pandoc's default Word file of a speech gives what a user would expect: letter paper, its
/// margins, no grid, theme fonts, no page numbers.
@Test(.enabled(if: Run.tool("pandoc") != nil, "needs pandoc"))
func pandocsDefaultWordFileGivesTheExpectedFindings() throws {
    let directory = try TemporaryDirectory()
    let source = Repository.sharedAvailable ? try #require(Repository.seed("000")) : Repository.samples[0]
    let markdown = directory.file("speech.md")
    #expect(try Run.speechdoc(["convert", source.path, "-o", markdown.path, "--quiet"]).status == 0)
    let docx = directory.file("pandoc.docx")
    #expect(try Run.program(Run.tool("pandoc")!, [markdown.path, "-o", docx.path]).status == 0)
    let findings = try audit([UInt8](try Data(contentsOf: docx)))
    let checks = Set(findings.map(\.check))
    for expected in ["page-size", "page-margins", "text-block", "grid", "language", "title-font", "body-font", "body-size", "body-indent",
                     "body-line-pitch", "odd-even-pages", "page-number"] {
        #expect(checks.contains(expected), "\(expected) not found: \(findings.map(\.line))")
    }
    if try String(contentsOf: markdown, encoding: .utf8).contains("\n## ") {
        #expect(checks.contains { $0.hasPrefix("heading-") && $0.hasSuffix("-font") }, "\(findings.map(\.line))")
    }
    #expect(findings.first { $0.check == "page-size" }?.found == "215.9 mm × 279.4 mm")
    #expect(findings.first { $0.check == "body-font" }?.found.hasPrefix("theme font") == true)
    // Findings name the paragraph and how many share the fault.
    let body = try #require(findings.first { $0.check == "body-size" })
    #expect(body.paragraph != nil && body.count > 1)
}

/// The text check lists what to look at before printing: a seed with a paywall cut, a page
/// that ends early, outline items the body lacks, damaged text.
@Test func aSpeechIsListedForWhatToLookAtBeforePrinting() throws {
    let sample = try DocumentChecks.check(Repository.samples[0].path, style: StylePresets.standard)
    #expect(sample.kind == "text")
    let gap = try #require(sample.findings.first { $0.check == "gap" }, "\(sample.findings.map(\.line))")
    #expect(gap.found.contains("characters") && gap.paragraph != nil)
    #expect(!sample.findings.contains { $0.check == "truncated" || $0.check == "no-title" })
    // A paragraph broken in two by the page is pointed at.
    let directory = try TemporaryDirectory()
    var text = try String(contentsOf: Repository.samples[0], encoding: .utf8)
    let stop = try #require(text.range(of: "主要任务是"))
    text.replaceSubrange(stop, with: "主要任务是\n\n")
    try text.write(to: directory.file("broken.txt"), atomically: true, encoding: .utf8)
    let broken = try DocumentChecks.check(directory.file("broken.txt").path, style: StylePresets.standard)
    #expect(broken.findings.contains { $0.check == "paragraph-break" && $0.paragraph?.hasSuffix("主要任务是") == true }, "\(broken.findings.map(\.line))")
    #expect(!sample.findings.contains { $0.check == "paragraph-break" }, "\(sample.findings.map(\.line))")
    guard Repository.sharedAvailable, let seed = Repository.seed("000") else { return }
    let checked = try DocumentChecks.check(seed.path, style: StylePresets.standard)
    let checks = Set(checked.findings.map(\.check))
    #expect(checks.isSuperset(of: ["gap", "truncated", "outline-missing", "damaged"]), "\(checked.findings.map(\.line))")
}

/// The checks trim a paragraph with Foundation only when an end of it is whitespace; the result
/// is Foundation's on any text.
@Test func paragraphsAreTrimmedAsFoundationTrimsThem() {
    let pieces = [" ", "\u{3000}", "\t", "\n", "\u{A0}", "a", "汉", "。", "\u{301}", "👍🏽"]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<5_000 {
        let text = randomText(pieces, lengths: 0...8, using: &generator)
        #expect(DocumentChecks.BeforePrinting.trimmed(text) == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars.map(\.value)))")
    }
}
