import Foundation
import Testing
import TestSupport
@testable import SpeechDoc
import SpeechModel
import SpeechReader
import SpeechWriting

/// A writer that gives each speech's title as its bytes, fails on the speech named `failing`,
/// and notes, as each speech is written, how many files the output folder already holds.
private final class TitleWriter: SpeechWriter, @unchecked Sendable {
    let failing: String?
    let folder: String
    var filesSeen: [Int] = []
    var format: OutputFormat { .markdown }
    struct Failure: Error {}

    init(failing: String? = nil, folder: String) { (self.failing, self.folder) = (failing, folder) }

    func write(_ publication: Publication, options: WriterOptions) throws -> [UInt8] {
        guard case .speech(let speech) = publication else { return [] }
        filesSeen.append(((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).count)
        if speech.metadata.title == failing { throw Failure() }
        return Array(speech.metadata.title.utf8)
    }
}

private func document(_ titles: [String]) -> InputDocument {
    InputDocument(path: "in.txt", encoding: "utf-8",
                  speeches: titles.map { Speech(metadata: Metadata(title: $0), body: [.paragraph(Paragraph(text: "同志们好。"))]) },
                  cleanedLines: [], report: CleaningReport())
}

/// A file of many speeches to a file each: each output is written as it is made (so they are
/// never all held at once), and they appear together: all of them, or, when one cannot be
/// made, none, with no temporary file left behind.
@Test func aFileOfManySpeechesGivesAllItsOutputsOrNone() throws {
    let directory = try TemporaryDirectory()
    let titles = ["第一篇", "第二篇", "第三篇", "第四篇"]
    let request = ConversionRequest(inputs: ["in.txt"], output: directory.file("out").path + "/", format: .markdown)
    let paths = (1...titles.count).map { directory.file("out/in-\($0).md").path }

    let folder = directory.file("out").path
    let failing = TitleWriter(failing: "第三篇", folder: folder)
    #expect(throws: TitleWriter.Failure.self) {
        try ConversionPlan.write(document(titles), request, failing, to: paths) { _ in }
    }
    // The first two were on disk (as temporary files) when the third was made, then removed.
    #expect(failing.filesSeen == [0, 1, 2], "\(failing.filesSeen)")
    let afterFailure = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    #expect(afterFailure.isEmpty, "\(afterFailure)")

    let writer = TitleWriter(folder: folder)
    try ConversionPlan.write(document(titles), request, writer, to: paths) { _ in }
    #expect(writer.filesSeen == [0, 1, 2, 3], "\(writer.filesSeen)")
    let written = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(written == (1...titles.count).map { "in-\($0).md" })
    for (path, title) in zip(paths, titles) {
        #expect(try String(contentsOfFile: path, encoding: .utf8) == title)
    }
}
