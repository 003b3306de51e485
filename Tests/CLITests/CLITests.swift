import Foundation
import Testing
import TestSupport
import SpeechDoc
import ZipSupport

private func sample(_ prefix: String) throws -> URL {
    try #require(Repository.samples.first { $0.lastPathComponent.hasPrefix(prefix) })
}

@Test(arguments: ["convert", "outline", "clean", "styles"])
func everyCommandHasHelpWithAnExample(command: String) throws {
    let result = try Run.speechdoc([command, "--help"])
    #expect(result.status == 0)
    #expect(result.stdoutText.contains("speechdoc \(command)"))
    #expect(result.stdoutText.contains("Example"))
}

/// Help text is prose: no run of spaces inside a description (a multi-line string literal's
/// indentation once showed up in the middle of --durable's).
@Test(arguments: ["convert", "batch", "outline", "clean", "check", "styles", "formats", "report merge", "serve"])
func helpHasNoStraySpaces(command: String) throws {
    let result = try Run.speechdoc(command.split(separator: " ").map(String.init) + ["--help"])
    #expect(result.status == 0)
    var checked = 0
    for line in result.stdoutText.split(separator: "\n") {
        var text = line.drop(while: { $0 == " " })
        // An option, argument or subcommand (indented two spaces) and its description are two
        // columns: look past the gap.
        if line.hasPrefix("  "), !line.hasPrefix("   ") {
            guard let gap = text.firstRange(of: #/ {2,}/#) else { continue }
            text = text[gap.upperBound...]
        }
        #expect(text.firstMatch(of: #/\S {3,}\S/#) == nil, "\(command): \(line)")
        checked += 1
    }
    #expect(checked > 5)
}

@Test func convertWritesMarkdownBesideTheChosenPath() throws {
    let directory = try TemporaryDirectory()
    let output = directory.file("speech.md")
    let result = try Run.speechdoc(["convert", try sample("01").path, "-o", output.path])
    #expect(result.status == 0, "\(result.stderr)")
    let markdown = try String(contentsOf: output, encoding: .utf8)
    #expect(markdown.hasPrefix("---\ntitle: \"在全县乡村振兴重点工作推进会上的讲话\"\n"))
    #expect(markdown.contains("\n# 一、提高政治站位，切实增强推进乡村振兴的责任感\n"))
    #expect(markdown.contains("〔此处原文缺失约620字〕"))
    // No temporary file is left behind.
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["speech.md"])
}

@Test func convertToStandardOutput() throws {
    let result = try Run.speechdoc(["convert", try sample("02").path, "--to", "md", "-o", "-"])
    #expect(result.status == 0)
    #expect(result.stdoutText.contains("title: \"在全市安全生产工作会议上的讲话\""))
    #expect(result.stdoutText.hasSuffix("〔以下原文缺失〕\n"))
}

/// The YAML library prints a line to standard output on every load when YAMS_DEFAULT_ENCODING is
/// set; the lexicon and the styles name their encoding, so output on stdout stays the output.
@Test func aYAMLLibrarysEnvironmentVariableLeavesStandardOutputAlone() throws {
    let sample = try sample("02").path
    for arguments in [["convert", sample, "--to", "md", "-o", "-"], ["clean", sample],
                      ["styles", "show", "reading"]] {
        let plain = try Run.program(Repository.executable, arguments)
        for value in ["UTF16", "utf8"] {
            let set = try Run.program(Repository.executable, arguments, environment: ["YAMS_DEFAULT_ENCODING": value])
            #expect(set.status == 0 && plain.status == 0, "\(arguments): \(set.stderr)")
            #expect(set.stdout == plain.stdout, "\(arguments) with \(value): \(set.stdoutText.suffix(200))")
        }
    }
}

@Test func severalInputsGoIntoADirectoryAndABadOneDoesNotStopTheRest() throws {
    let directory = try TemporaryDirectory()
    let empty = directory.file("empty.txt")
    try Data().write(to: empty)
    let out = directory.url.appendingPathComponent("out")
    let result = try Run.speechdoc(["convert", try sample("01").path, empty.path, try sample("03").path, "--to", "md", "-o", out.path, "--quiet"])
    #expect(result.status == 1)
    // --quiet leaves only the error.
    let errorLines = result.stderr.split(separator: "\n")
    #expect(errorLines.count == 1)
    #expect(errorLines.first?.contains("empty.txt: the file is empty") == true)
    let written = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
    #expect(written == ["01-rural-revitalization.md", "03-opening-ceremony-traditional.md"])
}

@Test func missingInputIsExitOneWithTheFileNamed() throws {
    let result = try Run.speechdoc(["convert", "/nonexistent/speech.txt", "--to", "md", "-o", "-"])
    #expect(result.status == 1)
    #expect(result.stderr == "speechdoc: /nonexistent/speech.txt: no such file\n")
}

@Test func usageErrorsExitTwo() throws {
    #expect(try Run.speechdoc(["convert", "x.txt", "--to", "rtf"]).status == 2)
    #expect(try Run.speechdoc(["convert"]).status == 2)
    #expect(try Run.speechdoc(["frobnicate"]).status == 2)
    #expect(try Run.speechdoc(["outline", "x.txt", "--encoding", "latin9"]).status == 2)
}

@Test func theInputIsNeverOverwritten() throws {
    let directory = try TemporaryDirectory()
    let input = directory.file("speech.md")
    let original = "---\ntitle: \"在会上的讲话\"\n---\n\n同志们：\n\n正文\\*\\*保留。\n"
    try original.write(to: input, atomically: true, encoding: .utf8)
    let result = try Run.speechdoc(["convert", input.path, "-o", input.path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("would replace the input"))
    #expect(try String(contentsOf: input, encoding: .utf8) == original)
    let besideInput = try Run.speechdoc(["convert", input.path, "--to", "md"])
    #expect(besideInput.status == 1)
    #expect(try String(contentsOf: input, encoding: .utf8) == original)
}

@Test func editedMarkdownConvertsBackToTheSameMarkdown() throws {
    let directory = try TemporaryDirectory()
    let first = directory.file("first.md"), second = directory.file("second.md")
    #expect(try Run.speechdoc(["convert", try sample("03").path, "-o", first.path]).status == 0)
    #expect(try Run.speechdoc(["convert", first.path, "-o", second.path]).status == 0)
    #expect(try Data(contentsOf: first) == Data(contentsOf: second))
}

@Test func cleanPrintsTextAndReportsRemovals() throws {
    let directory = try TemporaryDirectory()
    let report = directory.file("report.json")
    let result = try Run.speechdoc(["clean", try sample("01").path, "--report", report.path])
    #expect(result.status == 0)
    #expect(result.stdoutText.hasPrefix("在全县乡村振兴重点工作推进会上的讲话\n\n（2024年3月12日）\n\n同志们：\n\n今天，我们召开"))
    #expect(!result.stdoutText.contains("您的位置"))
    let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any])
    let removed = try #require(json["removed"] as? [[String: Any]])
    #expect(removed.contains { $0["rule"] as? String == "breadcrumb" && $0["line"] as? Int == 1 })
    #expect(removed.contains { $0["rule"] as? String == "paywall-notice" })
    #expect(json["encoding"] as? String == "utf-8")
}

@Test func outlineJSONHasTheDocumentedShape() throws {
    let result = try Run.speechdoc(["outline", "--json", try sample("02").path])
    #expect(result.status == 0)
    let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    #expect(json["encoding"] as? String == "gb18030")
    let documents = try #require(json["documents"] as? [[String: Any]])
    #expect(documents.count == 1)
    let document = documents[0]
    for key in ["title", "speaker", "date", "salutation", "headings", "paragraphs", "characters", "truncated", "gaps"] {
        #expect(document.keys.contains(key), "missing \(key)")
    }
    #expect(document["truncated"] as? Bool == true)
    let headings = try #require(document["headings"] as? [[String: Any]])
    #expect(headings.first?["number"] as? String == "一、")
    #expect(headings.first?["text"] as? String == "认清形势，时刻绷紧安全生产这根弦")
    #expect(headings.contains { $0["kind"] as? String == "lead" && $0["number"] as? String == "一是" && $0["level"] as? Int == 3 })
    #expect(json["removed"] is [Any] && json["warnings"] is [Any])
}

@Test(.enabled(if: Repository.sharedAvailable, "needs ../shared/seeds"))
func outlineOfSeed003MatchesTheFoundationCheck() throws {
    let seed = try #require(Repository.seed("003_"))
    let result = try Run.speechdoc(["outline", "--json", seed.path])
    #expect(result.status == 0)
    let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    let document = try #require((json["documents"] as? [[String: Any]])?.first)
    #expect(document["title"] as? String == "在全市“两城”联创工作调度会上的讲话")
    #expect(document["salutation"] as? String == "同志们：")
    let headings = try #require(document["headings"] as? [[String: Any]])
    let level1 = headings.filter { $0["level"] as? Int == 1 }.compactMap { $0["number"] as? String }
    #expect(level1 == ["第一，", "第二，", "第三，"])
}

@Test func aDirectoryAndFilesMakeOneSortedEPUBCollection() throws {
    let directory = try TemporaryDirectory()
    let speeches = directory.url.appendingPathComponent("speeches")
    try FileManager.default.createDirectory(at: speeches, withIntermediateDirectories: true)
    try "在全县春季工作会议上的讲话\n（2024年3月1日）\n同志们：\n一、抓春耕\n要抓好春耕。\n".write(to: speeches.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
    try "在全县冬季工作会议上的讲话\n（2023年12月1日）\n同志们：\n一、抓冬储\n要抓好冬储。\n".write(to: speeches.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
    try "not a speech".write(to: speeches.appendingPathComponent("notes.pdf"), atomically: true, encoding: .utf8)
    let output = directory.file("汇编.epub")
    let result = try Run.speechdoc(["convert", try sample("01").path, speeches.path, "-o", output.path,
                                    "--title", "讲话汇编", "--author", "办公室", "--sort", "date"])
    #expect(result.status == 0, "\(result.stderr)")
    let unzip = try Run.program(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c",
        "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); print(z.read('OEBPS/title.xhtml').decode())", output.path])
    let titles = unzip.stdoutText.matches(of: /<a href="[^"]+">([^<]+)<\/a>/).map { String($0.1) }
    #expect(titles == ["在全县冬季工作会议上的讲话", "在全县春季工作会议上的讲话", "在全县乡村振兴重点工作推进会上的讲话"])
    #expect(unzip.stdoutText.contains("讲话汇编"))
}

@Test func stylesListNamesEveryPresetWithItsDescription() throws {
    let result = try Run.speechdoc(["styles", "list"])
    #expect(result.status == 0)
    let lines = result.stdoutText.split(separator: "\n")
    #expect(lines.count == StylePresets.names.count)
    for (line, name) in zip(lines, StylePresets.names) {
        #expect(line.hasPrefix(name + " "))
        #expect(line.contains(try StylePresets.preset(name).description))
    }
}

/// A shown preset, saved and passed back, gives the same bytes as the preset itself, in every
/// format; a file that inherits and changes one value gives a different document.
@Test func aShownStylePassedBackGivesByteIdenticalOutput() throws {
    let directory = try TemporaryDirectory()
    for name in ["reading", "gbt9704"] {
        let shown = try Run.speechdoc(["styles", "show", name])
        #expect(shown.status == 0)
        let file = directory.file("\(name).yaml")
        try shown.stdout.write(to: file)
        for format in ["docx", "epub", "md"] {
            let fromPreset = directory.file("\(name)-preset.\(format)"), fromFile = directory.file("\(name)-file.\(format)")
            #expect(try Run.speechdoc(["convert", try sample("01").path, "--style", name, "-o", fromPreset.path]).status == 0)
            #expect(try Run.speechdoc(["convert", try sample("01").path, "--style", file.path, "-o", fromFile.path]).status == 0)
            #expect(try Data(contentsOf: fromPreset) == Data(contentsOf: fromFile), "\(name) \(format)")
        }
    }
    let changed = directory.file("changed.yaml")
    try Data("base: reading\npage:\n  lines-per-page: 17\n".utf8).write(to: changed)
    let changedDocx = directory.file("changed.docx")
    #expect(try Run.speechdoc(["convert", try sample("01").path, "--style", changed.path, "-o", changedDocx.path]).status == 0)
    #expect(try Data(contentsOf: changedDocx) != Data(contentsOf: directory.file("reading-preset.docx")))
    let shownChanged = try Run.speechdoc(["styles", "show", changed.path])
    #expect(shownChanged.stdoutText.contains("lines-per-page: 17") && shownChanged.stdoutText.contains("size: 小二"))
    let unknown = try Run.speechdoc(["styles", "show", "nosuch"])
    #expect(unknown.status == 2 && unknown.stderr.split(separator: "\n").count == 1 && unknown.stderr.contains("nosuch"))
}

/// A template that is not a Word file stops the run before anything is written: exit 2, one
/// line naming the template and the cause.
@Test func aBadWordTemplateIsAUsageErrorAndNothingIsWritten() throws {
    let directory = try TemporaryDirectory()
    let template = directory.file("模板.docx")
    try Data("not a zip".utf8).write(to: template)
    let output = directory.file("out.docx")
    let result = try Run.speechdoc(["convert", try sample("01").path, "-o", output.path, "--reference-docx", template.path])
    #expect(result.status == 2)
    #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains("模板.docx") && result.stderr.contains("not a zip archive"), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: output.path))
    let batch = try Run.speechdoc(["batch", Repository.root.appendingPathComponent("Samples").path, "-o", directory.file("out").path, "--reference-docx", template.path, "--quiet"])
    #expect(batch.status == 2 && !FileManager.default.fileExists(atPath: directory.file("out").path))
    let markdown = try Run.speechdoc(["convert", try sample("01").path, "-o", directory.file("a.md").path, "--reference-docx", template.path])
    #expect(markdown.status == 2 && markdown.stderr.contains("--reference-docx"))
}

/// A real template (pandoc's reference.docx) through the command line, in convert and batch.
@Test(.enabled(if: Run.tool("pandoc") != nil, "needs pandoc"))
func aWordTemplateLendsItsStylesThroughTheCommandLine() throws {
    let directory = try TemporaryDirectory()
    let template = directory.file("reference.docx")
    #expect(try Run.program(Run.tool("pandoc")!, ["-o", template.path, "--print-default-data-file", "reference.docx"]).status == 0)
    let output = directory.file("out.docx")
    let result = try Run.speechdoc(["convert", try sample("01").path, "-o", output.path, "--reference-docx", template.path])
    #expect(result.status == 0, "\(result.stderr)")
    let styles = String(decoding: try ZipArchiveReader([UInt8](Data(contentsOf: output))).read("word/styles.xml"), as: UTF8.self)
    #expect(styles.contains("w:styleId=\"BodyText\""), "the template's own styles are kept")
    let batch = try Run.speechdoc(["batch", try sample("01").path, "-o", directory.file("out").path, "--to", "docx", "--reference-docx", template.path, "--quiet"])
    #expect(batch.status == 0)
    let batched = try #require(FileManager.default.enumerator(atPath: directory.file("out").path)?.compactMap { $0 as? String }.first { $0.hasSuffix(".docx") })
    #expect(try Data(contentsOf: directory.file("out").appendingPathComponent(batched)) == Data(contentsOf: output))
}
