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
