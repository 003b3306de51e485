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

/// A line record stays at 40 bytes (its number, hint and role in one word): a large page's
/// line arrays are a million of them.
@Test func aLineRecordIsPacked() {
    #expect(MemoryLayout<FormatHint>.size <= 7)
    #expect(MemoryLayout<SourceLine>.stride == 40)
}

/// Packed, a line's number, hint and role read back as they were set, each on its own: no
/// field's bits reach another's.
@Test func aLineRecordKeepsEachFieldApart() {
    let hints: [FormatHint] = [
        FormatHint(),
        FormatHint(headingLevel: 6),
        FormatHint(headingLevel: 15, title: true, centred: true, furniture: true, boldPrefix: .max),
        FormatHint(title: true),
        FormatHint(centred: true, boldPrefix: 1),
        FormatHint(furniture: true, boldPrefix: 0x8001),
        { var hint = FormatHint(headingLevel: 3); hint.forced = FormatHint.paragraph; return hint }(),
        { var hint = FormatHint(boldPrefix: 12); hint.forced = 15; return hint }(),
    ]
    let numbers = [1, 2, 1_000_000, Int(Int32.max), 0, -1, Int(Int32.min)]
    let roles: [UnitRole?] = [nil] + UnitRole.allCases
    for hint in hints {
        for number in numbers {
            for role in roles {
                var line = SourceLine(number: number, text: "正文", role: role, hint: hint)
                #expect(line.number == number && line.hint == hint && line.role == role)
                // Each field set again on its own leaves the others.
                line.role = .body
                line.number = 7
                #expect(line.hint == hint && line.number == 7 && line.role == .body)
                line.hint = FormatHint()
                #expect(line.number == 7 && line.role == .body && line.hint.isEmpty)
                line.hint = hint
                line.role = nil
                #expect(line.hint == hint && line.number == 7 && line.role == nil)
            }
        }
    }
    // Beyond 32 bits a number is held at the nearest end; a level above 15 as 15.
    #expect(SourceLine(number: Int(Int32.max) + 5, text: "").number == Int(Int32.max))
    #expect(SourceLine(number: 1, text: "", hint: FormatHint(headingLevel: 200)).hint.headingLevel == 15)
}
