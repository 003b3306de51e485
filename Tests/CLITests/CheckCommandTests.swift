import Foundation
import Testing
import TestSupport

/// `speechdoc check`: exit 0 when a file conforms, 1 with findings (a line each, naming the
/// file), 2 when a file cannot be read (the others are still checked); --json for scripts.
@Test func theCheckCommandsExitCodesAndOutput() throws {
    let directory = try TemporaryDirectory()
    let good = directory.file("good.docx"), compact = directory.file("compact.docx")
    #expect(try Run.speechdoc(["convert", Repository.samples[0].path, "-o", good.path, "--quiet"]).status == 0)
    #expect(try Run.speechdoc(["convert", Repository.samples[0].path, "-o", compact.path, "--style", "compact", "--quiet"]).status == 0)

    let conforming = try Run.speechdoc(["check", good.path])
    #expect(conforming.status == 0, "\(conforming.stdoutText)\(conforming.stderr)")
    #expect(conforming.stdoutText == "\(good.path): conforms to gbt9704\n")
    #expect(try Run.speechdoc(["check", compact.path, "--style", "compact"]).status == 0)

    let findings = try Run.speechdoc(["check", compact.path])
    #expect(findings.status == 1)
    let lines = findings.stdoutText.split(separator: "\n")
    #expect(lines.count >= 5 && lines.allSatisfy { $0.hasPrefix("\(compact.path): error ") || $0.hasPrefix("\(compact.path): warning ") }, "\(lines)")
    #expect(lines.contains { $0.contains("body-size") && $0.contains("expected 16 pt (三号), found 12 pt (小四)") }, "\(lines)")

    try Data("PK\u{3}\u{4}not really a zip".utf8).write(to: directory.file("broken.docx"))
    let broken = try Run.speechdoc(["check", directory.file("broken.docx").path, good.path])
    #expect(broken.status == 2)
    #expect(broken.stderr.hasPrefix("speechdoc: \(directory.file("broken.docx").path): ") && broken.stderr.split(separator: "\n").count == 1, "\(broken.stderr)")
    #expect(broken.stdoutText.contains("good.docx: conforms"))

    let json = try Run.speechdoc(["check", compact.path, good.path, "--json"])
    #expect(json.status == 1)
    let reports = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [[String: Any]])
    #expect(reports.count == 2)
    #expect(reports[0]["conforming"] as? Bool == false && reports[1]["conforming"] as? Bool == true)
    let first = try #require((reports[0]["findings"] as? [[String: Any]])?.first)
    #expect(Set(first.keys) == ["check", "severity", "paragraph", "count", "expected", "found", "message"])

    // Any other input: what to look at before printing.
    let text = try Run.speechdoc(["check", Repository.samples[0].path])
    #expect(text.status == 1)
    #expect(text.stdoutText.contains("warning gap: "), "\(text.stdoutText)")
}

/// --render lays the file out with LibreOffice and counts on the PDF: our seed-length output
/// holds 22 lines a page and 28 characters a line; the same file without its grid does not.
@Test(.enabled(if: Run.tool("soffice") != nil && Run.tool("pdftotext") != nil, "needs LibreOffice and poppler-utils"))
func checkRenderCountsLinesAndCharactersOnThePDF() throws {
    let directory = try TemporaryDirectory()
    let source = Repository.sharedAvailable ? try #require(Repository.seed("001")) : Repository.samples[0]
    let docx = directory.file("speech.docx")
    #expect(try Run.speechdoc(["convert", source.path, "-o", docx.path, "--quiet"]).status == 0)
    let rendered = try Run.speechdoc(["check", docx.path, "--render"])
    #expect(rendered.status == 0, "\(rendered.stdoutText)\(rendered.stderr)")
    // Without the grid, LibreOffice sets the lines at the font's own height.
    let pandoc = directory.file("pandoc.docx")
    let markdown = directory.file("speech.md")
    #expect(try Run.speechdoc(["convert", source.path, "-o", markdown.path, "--quiet"]).status == 0)
    guard let tool = Run.tool("pandoc") else { return }
    #expect(try Run.program(tool, [markdown.path, "-o", pandoc.path]).status == 0)
    let loose = try Run.speechdoc(["check", pandoc.path, "--render"])
    #expect(loose.stdoutText.contains("rendered-characters") || loose.stdoutText.contains("rendered-lines"), "\(loose.stdoutText)")
}

/// A Word 97 file is audited as the .docx LibreOffice makes of it: our page saved as .doc by
/// LibreOffice keeps its margins and grid, and loses the indent in characters (a finding).
@Test(.enabled(if: Run.tool("soffice") != nil, "needs LibreOffice"))
func aWord97FileIsAuditedThroughLibreOffice() throws {
    let directory = try TemporaryDirectory()
    let docx = directory.file("speech.docx")
    #expect(try Run.speechdoc(["convert", Repository.samples[0].path, "-o", docx.path, "--quiet"]).status == 0)
    let profile = try TemporaryDirectory()
    _ = try Run.program(Run.tool("soffice")!, ["-env:UserInstallation=file://\(profile.url.path)", "--headless", "--convert-to", "doc",
                                              "--outdir", directory.url.path, docx.path])
    let doc = directory.file("speech.doc")
    try #require(FileManager.default.fileExists(atPath: doc.path), "LibreOffice made no .doc")
    let checked = try Run.speechdoc(["check", doc.path, "--json"])
    #expect(checked.status == 1, "\(checked.stderr)")
    let findings = try #require((try JSONSerialization.jsonObject(with: checked.stdout) as? [[String: Any]])?.first?["findings"] as? [[String: Any]])
    let checks = Set(findings.compactMap { $0["check"] as? String })
    #expect(checks.contains("body-indent"), "\(checks)")
    #expect(!checks.contains("page-margins") && !checks.contains("grid-lines") && !checks.contains("page-size"), "\(checks)")
}

/// `outline --lines` numbers the units as `--role` counts them: the title row's number, given
/// as furniture, takes the title away; `--role K=heading-2` makes a sentence a heading.
@Test func outlineLinesNumbersTheUnitsRoleTakes() throws {
    let sample = Repository.samples[1].path
    let rows = try Run.speechdoc(["outline", sample, "--lines"]).stdoutText.split(separator: "\n")
    let titleRow = try #require(rows.first { $0.split(separator: " ").dropFirst(2).first == "title" })
    let unit = try #require(titleRow.split(separator: " ").first.map(String.init))
    let before = try Run.speechdoc(["outline", sample]).stdoutText
    let after = try Run.speechdoc(["outline", sample, "--role", "\(unit)=furniture"]).stdoutText
    let title = try #require(before.split(separator: "\n").first)
    #expect(after.split(separator: "\n").first != title, "\(after)")
    let sentence = try #require(rows.firstIndex { $0.contains("下面，我讲几点意见") })
    let made = try Run.speechdoc(["outline", sample, "--role", "\(sentence)=heading-2"]).stdoutText
    #expect(made.contains("\n    下面，我讲几点意见"), "\(made)")
    #expect(try Run.speechdoc(["outline", sample, "--role", "3=heading-9"]).status == 2)
}
