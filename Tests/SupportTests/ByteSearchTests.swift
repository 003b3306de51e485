import Testing
import SystemSupport

/// Whether `needle` occurs in `haystack`, by the definition: some place where every byte agrees.
private func occursByDefinition(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
    guard needle.count <= haystack.count else { return false }
    guard !needle.isEmpty else { return true }
    return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
}

/// The memchr walk gives memmem's answer: over a three-letter alphabet, so the needle's last
/// byte turns up often enough to send the search on to memmem part-way; with needles longer
/// than the haystack, empty ones, and matches at both ends.
@Test func byteSearchFindsWhatTheDefinitionFinds() {
    var generator = SystemRandomNumberGenerator()
    var found = 0, handedOn = 0
    for _ in 0..<20_000 {
        let alphabet: [UInt8] = Bool.random(using: &generator) ? [0x61, 0x62, 0x63] : [0xE7, 0xAF, 0x87, 0x20]
        let haystack = (0..<Int.random(in: 0...80, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
        let needle = (0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
        let expected = occursByDefinition(needle, in: haystack)
        let answer = haystack.withUnsafeBytes { h in needle.withUnsafeBytes { n in ByteSearch.contains(h, n) } }
        #expect(answer == expected, "\(needle) in \(haystack)")
        if expected { found += 1 }
        if let last = needle.last, haystack.filter({ $0 == last }).count > 8 { handedOn += 1 }
    }
    // Both answers, and the hand-over to memmem, were asked often enough to mean something.
    #expect(found > 2_000 && found < 18_000)
    #expect(handedOn > 1_000)
    let line = Array("在全市安全生产工作会议上的讲话（共5篇）".utf8)
    #expect(line.withUnsafeBytes { h in Array("篇".utf8).withUnsafeBytes { ByteSearch.contains(h, $0) } })
    #expect(!line.withUnsafeBytes { h in Array("范文".utf8).withUnsafeBytes { ByteSearch.contains(h, $0) } })
}
