import Testing
@testable import SpeechReader

/// A pass written with `LineRewrite` (in the array it reads) ends with the lines the same pass
/// written with a second array ends with: random passes that drop lines, keep them, split them
/// into several, look back and change or remove what they wrote.
@Test func rewritingInPlaceGivesWhatASecondArrayGives() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<3_000 {
        let input = (0..<Int.random(in: 0...12, using: &generator)).map { SourceLine(number: $0 + 1, text: "第\($0)行") }
        // The pass's decisions, drawn once and replayed on both.
        let plans = input.map { _ in (pieces: Int.random(in: 0...3, using: &generator), look: Int.random(in: 0...5, using: &generator)) }

        var expected: [SourceLine] = []
        for (line, plan) in zip(input, plans) {
            switch plan.look {
            case 0 where !expected.isEmpty: expected[expected.count - 1].text += "+"
            case 1 where !expected.isEmpty: expected.remove(at: expected.count / 2)
            case 2: if let last = expected.lastIndex(where: { $0.number % 2 == 0 }) { expected.removeSubrange((last + 1)...) }
            default: break
            }
            for piece in 0..<plan.pieces { expected.append(SourceLine(number: line.number, text: line.text + "/\(piece)")) }
        }

        var lines = input
        var output = LineRewrite(taking: &lines)
        #expect(lines.isEmpty)
        var index = 0
        while let line = output.next() {
            #expect(line == input[index])
            let plan = plans[index]
            switch plan.look {
            case 0 where !output.isEmpty: output[output.count - 1].text += "+"
            case 1 where !output.isEmpty: output.remove(at: output.count / 2)
            case 2: if let last = output.lastIndex(where: { $0.number % 2 == 0 }) { output.removeAll(from: last + 1) }
            default: break
            }
            for piece in 0..<plan.pieces { output.append(SourceLine(number: line.number, text: line.text + "/\(piece)")) }
            index += 1
        }
        #expect(index == input.count)
        lines = output.finish()
        #expect(lines == expected, "\(plans)")
    }
}

/// A line record stays at 48 bytes (its fields in the order that packs them): a large page's
/// line arrays are a million of them.
@Test func aLineRecordIsPacked() {
    #expect(MemoryLayout<FormatHint>.size <= 7)
    #expect(MemoryLayout<SourceLine>.stride == 48)
}
