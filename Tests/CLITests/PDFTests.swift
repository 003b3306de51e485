import Foundation
import Testing
import TestSupport
import SpeechDoc

/// A LibreOffice stand-in for the failure tests. It works as LibreOffice does, through the
/// documents in order: those before a document whose text holds 模拟卡死 or 模拟崩溃 are laid
/// out by the real soffice (one start), then it hangs, or crashes (SIGSEGV), on that document.
/// Every start is counted in a log beside it.
private func fakeOffice(in directory: TemporaryDirectory, real: URL) throws -> (program: URL, log: URL) {
    let script = directory.file("fake-soffice")
    let log = directory.file("starts.log")
    try """
    #!/bin/sh
    echo start >> '\(log.path)'
    options=""; documents=""; fault=""
    for argument in "$@"; do
      case "$argument" in
        *.docx)
          if [ -z "$fault" ]; then
            if unzip -p "$argument" word/document.xml | grep -q '模拟卡死'; then fault=hang
            elif unzip -p "$argument" word/document.xml | grep -q '模拟崩溃'; then fault=crash
            else documents="$documents $argument"; fi
          fi ;;
        *) options="$options $argument" ;;
      esac
    done
    [ -n "$documents" ] && '\(real.path)' $options $documents
    [ "$fault" = hang ] && sleep 600
    [ "$fault" = crash ] && kill -SEGV $$
    exit 0

    """.write(to: script, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
    return (script, log)
}

/// A sample speech with `words` put into its first sentence.
private func speech(_ words: String) throws -> String {
    let text = try #require(Repository.samples.lazy.compactMap { try? String(contentsOf: $0, encoding: .utf8) }.first)
    let stop = try #require(text.firstIndex(of: "。"))
    return text[..<stop] + "，" + words + text[stop...]
}

/// `convert --to pdf` writes a PDF (checked by its pages, not by soffice's exit status);
/// without LibreOffice the request is refused in one line and nothing is written.
@Test(.enabled(if: Run.tool("soffice") != nil && Run.tool("pdfinfo") != nil, "needs LibreOffice and poppler-utils"))
func convertWritesAPDFOrSaysLibreOfficeIsMissing() throws {
    let directory = try TemporaryDirectory()
    let made = try Run.speechdoc(["convert", Repository.samples[0].path, "-o", directory.file("a.pdf").path])
    #expect(made.status == 0, "\(made.stderr)")
    let info = try Run.program(Run.tool("pdfinfo")!, [directory.file("a.pdf").path])
    #expect(info.stdoutText.contains("Pages:"), "\(info.stdoutText)")
    #expect(info.stdoutText.contains("595.") && info.stdoutText.contains("841."), "A4: \(info.stdoutText)")
    // The fonts each role will use are named when they are stand-ins.
    #expect(made.stderr.contains("仿宋_GB2312 not installed: using "), "\(made.stderr)")

    let refused = try Run.program(Repository.executable, ["convert", Repository.samples[0].path, "-o", directory.file("b.pdf").path],
                                  environment: ["SPEECHDOC_SOFFICE": ""])
    #expect(refused.status == 2)
    #expect(refused.stderr.contains(PDFRenderer.notInstalled), "\(refused.stderr)")
    #expect(!FileManager.default.fileExists(atPath: directory.file("b.pdf").path))
    let listed = try Run.program(Repository.executable, ["formats"], environment: ["SPEECHDOC_SOFFICE": ""])
    #expect(listed.stdoutText == "md\ndocx\nepub\n")
}

/// A batch of 50 to PDF starts LibreOffice a few times, not once per file; a document that makes
/// LibreOffice hang or crash fails alone, and every other input gets its PDF.
@Test(.enabled(if: Run.tool("soffice") != nil && Run.tool("unzip") != nil, "needs LibreOffice and unzip"))
func aBatchToPDFStartsLibreOfficeRarelyAndAFaultFailsOneFile() throws {
    let directory = try TemporaryDirectory()
    let input = directory.file("in")
    try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
    for n in 1...50 {
        try speech("关于第\(n)项工作的讲话").write(to: input.appendingPathComponent(String(format: "s%02d.txt", n)), atomically: true, encoding: .utf8)
    }
    let (office, log) = try fakeOffice(in: directory, real: Run.tool("soffice")!)
    let fine = try Run.program(Repository.executable, ["batch", input.path, "-o", directory.file("out").path, "--to", "pdf,md", "--jobs", "2",
                                                       "--report", directory.file("r.json").path],
                               environment: ["SPEECHDOC_SOFFICE": office.path])
    #expect(fine.status == 0, "\(fine.stderr)")
    let pdfs = try FileManager.default.contentsOfDirectory(atPath: directory.file("out").path).filter { $0.hasSuffix(".pdf") }
    #expect(pdfs.count == 50)
    let starts = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").count
    #expect(starts >= 2 && starts <= 4, "LibreOffice started \(starts) times for 50 documents on 2 workers")
    let report = try String(contentsOf: directory.file("r.json"), encoding: .utf8)
    #expect(report.contains("\"office_starts\": \(starts)"), "\(report.suffix(300))")
    print("PDF batch: 50 documents, LibreOffice started \(starts) times")

    // Faults: one hangs, one crashes; the time limit is short for the test.
    try speech("模拟卡死的讲话").write(to: input.appendingPathComponent("s03.txt"), atomically: true, encoding: .utf8)
    try speech("模拟崩溃的讲话").write(to: input.appendingPathComponent("s07.txt"), atomically: true, encoding: .utf8)
    let started = Date()
    let faulty = try Run.program(Repository.executable, ["batch", input.path, "-o", directory.file("faulty").path, "--to", "pdf", "--jobs", "2"],
                                 environment: ["SPEECHDOC_SOFFICE": office.path, "SPEECHDOC_PDF_SECONDS": "8"])
    #expect(faulty.status == 1)
    let failures = faulty.stderr.split(separator: "\n").filter { $0.contains("s03.txt: ") || $0.contains("s07.txt: ") }
    #expect(failures.count == 2, "\(faulty.stderr)")
    #expect(faulty.stderr.contains("took longer than 8 s"), "\(faulty.stderr)")
    #expect(faulty.stderr.contains("stopped (status"), "\(faulty.stderr)")
    let made = try FileManager.default.contentsOfDirectory(atPath: directory.file("faulty").path).filter { $0.hasSuffix(".pdf") }.sorted()
    #expect(made.count == 48 && !made.contains("s03.pdf") && !made.contains("s07.pdf"), "\(made)")
    // No temporary file or half-written PDF is left.
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("faulty").path).allSatisfy { $0.hasSuffix(".pdf") })
    print("PDF batch with a hang and a crash: \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
}
