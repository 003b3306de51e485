import Foundation
import Testing
import TestSupport

/// The files of a million lines `make bench` measures memory on are written by
/// `speechdoc-bench million SHAPE SOURCE OUT`: each must hold a million lines of its shape, or
/// the bench's rows measure something else.

private var benchExecutable: URL {
    Repository.executable.deletingLastPathComponent().appendingPathComponent("speechdoc-bench")
}

private func millionFile(_ shape: String, source: URL, in directory: TemporaryDirectory) throws -> [Substring] {
    let output = directory.file("million-\(shape).txt")
    let result = try Run.program(benchExecutable, ["million", shape, source.path, output.path])
    #expect(result.status == 0, "\(result.stderr)")
    let text = try String(contentsOf: output, encoding: .utf8)
    #expect(text.hasSuffix("\n"))
    return text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
}

@Test func theBenchsHardWrappedFileIsItsSourceCutEvery36Characters() throws {
    let directory = try TemporaryDirectory()
    let source = try #require(Repository.samples.first)
    let lines = try millionFile("hard-wrapped", source: source, in: directory)
    #expect(lines.count == 1_000_000)
    #expect(lines.allSatisfy { $0.count <= 36 })
    // Joined back, the pieces are the source's lines over and over (the last one maybe cut).
    let sourceLines = try String(contentsOf: source, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    var next = 0, round = 0
    while next < lines.count {
        let line = sourceLines[round % sourceLines.count]
        let pieces = max(1, (line.count + 35) / 36)
        let joined = lines[next..<min(next + pieces, lines.count)].joined()
        if next + pieces <= lines.count {
            #expect(joined == line, "line \(next + 1)")
        } else {
            #expect(line.hasPrefix(joined), "the last line, \(next + 1)")
        }
        next += pieces
        round += 1
    }
    #expect(round > sourceLines.count, "the source was gone through more than once")
}

@Test func theBenchsOneSentenceFileIsOneSpeechOfNineCharacterSentences() throws {
    let directory = try TemporaryDirectory()
    let source = try #require(Repository.samples.first)
    let lines = try millionFile("one-sentence", source: source, in: directory)
    #expect(lines.count == 1_000_000)
    #expect(lines.prefix(2) == ["在全市工作会议上的讲话", "同志们："])
    let sentences = lines.dropFirst(2)
    #expect(sentences.allSatisfy { $0.count == 9 && $0.last == "。" })
    // Many different sentences, not one line a million times.
    #expect(Set(sentences.prefix(10_000)).count > 100)
}

@Test func theBenchRefusesAShapeItDoesNotKnow() throws {
    let directory = try TemporaryDirectory()
    let source = try #require(Repository.samples.first)
    let result = try Run.program(benchExecutable, ["million", "zig-zag", source.path, directory.file("x.txt").path])
    #expect(result.status == 2)
    #expect(result.stderr.contains("hard-wrapped|one-sentence"), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: directory.file("x.txt").path))
}
