import Foundation
import Testing
import TestSupport
import SpeechDoc

/// The library's conversion, as a server or another program would call it: no command line, the
/// outcome and the events it emits (issue 21).
@Test func aConversionPlanConvertsAFolderAndTellsWhatItDid() throws {
    let directory = try TemporaryDirectory()
    let input = directory.file("in")
    try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
    for sample in Repository.samples { try FileManager.default.copyItem(at: sample, to: input.appendingPathComponent(sample.lastPathComponent)) }
    try Data("# Notes\n\nnot a speech\n".utf8).write(to: input.appendingPathComponent("README.md"))
    var request = ConversionRequest(inputs: [input.path], output: directory.file("out").path + "/", format: .markdown)
    request.readOptions = ReadOptions()
    var problems: [String] = [], notices: [String] = []
    let outcome = try ConversionPlan.run(request) { event in
        switch event {
        case .problem(let line): problems.append(line)
        case .notice(let path, let line): notices.append("\(path): \(line)")
        case .standardOutput: Issue.record("nothing goes to standard output")
        }
    }
    #expect(!outcome.failed)
    #expect(outcome.entries.count == Repository.samples.count)
    #expect(problems.count == 1 && problems[0].contains("README.md: skipped: no speech text in it"), "\(problems)")
    #expect(notices.contains { $0.contains("gap where the site cut text") }, "\(notices)")
    let written = try FileManager.default.contentsOfDirectory(atPath: directory.file("out").path).sorted()
    #expect(written == Repository.samples.map { $0.deletingPathExtension().lastPathComponent + ".md" }.sorted())

    // Standard output: the bytes come as events; an output that would replace its input is refused.
    var bytes: [UInt8] = []
    var toOutput = ConversionRequest(inputs: [Repository.samples[0].path], output: "-", format: .markdown)
    toOutput.order = .title
    _ = try ConversionPlan.run(toOutput) { if case .standardOutput(let chunk) = $0 { bytes += chunk } }
    #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("---\ntitle: "))
    let copy = directory.file("same.md")
    try FileManager.default.copyItem(at: directory.file("out").appendingPathComponent(written[0]), to: copy)
    let onItself = try ConversionPlan.run(ConversionRequest(inputs: [copy.path], output: copy.path, format: .markdown)) { _ in }
    #expect(onItself.failed)
    // Several inputs to one Word file is a usage error, nothing written.
    #expect(throws: ConversionPlan.UsageError.self) {
        _ = try ConversionPlan.run(ConversionRequest(inputs: Repository.samples.map(\.path), output: directory.file("two.docx").path,
                                                     format: .docx)) { _ in }
    }
    #expect(!FileManager.default.fileExists(atPath: directory.file("two.docx").path))
}

/// `convert` and `batch` expand their inputs by one function (`InputFiles`): a folder's hidden
/// files, files SpeechDoc does not read and FIFOs are judged the same way by both; `convert`
/// stays in the folder, a batch walks into subfolders; a folder or file named twice is read once.
@Test func convertAndBatchExpandInputsTheSameWay() throws {
    let directory = try TemporaryDirectory()
    let input = directory.file("in")
    try FileManager.default.createDirectory(at: input.appendingPathComponent("sub"), withIntermediateDirectories: true)
    let speech = try Data(contentsOf: Repository.samples[0])
    try speech.write(to: input.appendingPathComponent("a.txt"))
    try speech.write(to: input.appendingPathComponent("sub/b.txt"))
    try speech.write(to: input.appendingPathComponent(".hidden.txt"))
    try Data("{}".utf8).write(to: input.appendingPathComponent("notes.json"))
    #expect(mkfifo(input.appendingPathComponent("pipe.txt").path, 0o600) == 0)

    let once = InputFiles.collect([input.path], recursive: false)
    #expect(once.inputs.filter(\.isConvertible).map(\.relativePath) == ["a.txt"])
    let walked = InputFiles.collect([input.path, input.path + "/"])
    #expect(walked.inputs.filter(\.isConvertible).map(\.relativePath) == ["a.txt", "sub/b.txt"])
    #expect(walked.inputs.map(\.relativePath).contains("notes.json"))
    #expect(walked.unusable.map { ($0.path as NSString).lastPathComponent } == ["pipe.txt"])

    var problems: [String] = []
    let request = ConversionRequest(inputs: [input.path, input.path + "/", input.appendingPathComponent("a.txt").path, input.path + "/./a.txt"],
                                    output: directory.file("out").path + "/", format: .markdown)
    let outcome = try ConversionPlan.run(request) { if case .problem(let line) = $0 { problems.append(line) } }
    // The FIFO is reported (never opened); a.txt, named three ways, is converted once.
    #expect(outcome.entries.map { ($0.input as NSString).lastPathComponent } == ["a.txt"])
    #expect(problems.count == 1 && problems[0].contains("pipe.txt: not a regular file"), "\(problems)")
    #expect(outcome.failed)
}

/// `clean` in the library: the text and the report as events or files, never over the input.
@Test func cleaningThroughTheLibrary() throws {
    let directory = try TemporaryDirectory()
    let page = directory.file("page.md")
    try FileManager.default.copyItem(at: Repository.samples[0], to: page)
    var text: [UInt8] = []
    #expect(ConversionPlan.clean(page.path, output: "-", report: directory.file("r.json").path, options: ReadOptions()) {
        if case .standardOutput(let bytes) = $0 { text += bytes }
    })
    let clean = String(decoding: text, as: UTF8.self)
    // A .md page is still cleaned as scraped text: the paywall cut is marked in place.
    #expect(clean.contains("〔此处原文缺失"), "\(clean.prefix(300))")
    let report = try String(contentsOf: directory.file("r.json"), encoding: .utf8)
    #expect(report.contains("\"removed\""))
    var problems: [String] = []
    #expect(!ConversionPlan.clean(page.path, output: page.path, report: nil, options: ReadOptions()) {
        if case .problem(let line) = $0 { problems.append(line) }
    })
    #expect(problems.first?.contains("page.md") == true)
    #expect(try Data(contentsOf: page) == Data(contentsOf: Repository.samples[0]))
}

/// Corrections on the review page: a unit called a heading of a level becomes one, a heading
/// called a paragraph stops being one, a role fixed on one line re-decides its neighbours, and
/// undo goes back; the corrections read as `--role` arguments.
@Test func aReviewsCorrectionsReshapeTheSpeech() throws {
    let sample = Repository.samples[1]
    var review = try Review(name: sample.lastPathComponent, bytes: [UInt8](try Data(contentsOf: sample)))
    let units = review.document.report.decisions
    let headingUnit = try #require(units.firstIndex { $0.text.hasPrefix("一、") })
    let sentenceUnit = try #require(units.firstIndex { $0.text.hasPrefix("下面，我讲几点意见") })
    let heading = units[headingUnit].text
    #expect(review.document.speeches[0].outline.contains { heading.hasPrefix($0.number + $0.text) })

    try review.set(unit: headingUnit, to: .paragraph)
    #expect(!review.document.speeches[0].outline.contains { $0.kind == .heading && heading.hasPrefix($0.number + $0.text) })
    #expect(review.document.speeches[0].textPieces.contains { $0.contains(heading.dropFirst(2)) }, "the text is kept as a paragraph")
    try review.set(unit: sentenceUnit, to: .heading(2))
    let made = try #require(review.document.speeches[0].outline.first { $0.text.hasPrefix("下面，我讲几点意见") })
    #expect(made.level == 2 && made.kind == .heading)
    #expect(review.roleArguments == ["\(headingUnit)=paragraph", "\(sentenceUnit)=heading-2"].sorted())
    try review.undo()
    #expect(review.roleArguments == ["\(headingUnit)=paragraph"])
    #expect(Review.Correction("heading-5") == nil && Review.Correction("heading-3") == .heading(3))
}
