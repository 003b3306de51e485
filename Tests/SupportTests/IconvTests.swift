import Foundation
import Testing
@testable import SystemSupport

/// Conversions reuse open descriptors: one opened per pair of encodings for calls in a row
/// (opening and closing one loaded and unloaded glibc's converter module each time), and a kept
/// descriptor converts exactly as a new one, also after a conversion that failed half-way.
@Test func iconvKeepsItsDescriptorsAndConvertsAsANewOneWould() throws {
    let text = "讲话稿：乡村振兴、安全生产。"
    let gb = try #require(Iconv.convert(Array(text.utf8), from: "UTF-8", to: "GB18030"))
    let opened = IconvDescriptors.shared.opened
    for _ in 0..<50 {
        #expect(Iconv.convert(Array(text.utf8), from: "UTF-8", to: "GB18030") == gb)
        #expect(Iconv.convert(gb, from: "GB18030", to: "UTF-8") == Array(text.utf8))
    }
    // Other tests may convert at the same time, each with a descriptor of its own: a handful at
    // most, never one per call.
    #expect(IconvDescriptors.shared.opened - opened <= 2 * ProcessInfo.processInfo.activeProcessorCount)

    // A failure leaves the descriptor mid-sequence; the next conversion starts afresh. GB18030
    // bytes cut inside a character, then whole ones, through the same pair.
    #expect(Iconv.convert(Array(gb.dropLast()), from: "GB18030", to: "UTF-8") == nil)
    #expect(Iconv.convert(gb, from: "GB18030", to: "UTF-8") == Array(text.utf8))
    // A character Big5 cannot write fails; the next one it can is written.
    #expect(Iconv.convert(Array("乡".utf8), from: "UTF-8", to: "BIG5") == nil)
    #expect(Iconv.convert(Array("鄉".utf8), from: "UTF-8", to: "BIG5") == [0xB6, 0x6D])
    // UTF-16 writes a byte-order mark at the start of each conversion, as a new descriptor does.
    let utf16 = try #require(Iconv.convert(Array("讲".utf8), from: "UTF-8", to: "UTF-16"))
    #expect(Iconv.convert(Array("讲".utf8), from: "UTF-8", to: "UTF-16") == utf16)
    #expect(utf16.count == 4)

    // Many threads at once each get their own text back.
    let texts = (0..<200).map { "第\($0)条：坚持稳中求进。" }
    let results = Locked([[UInt8]?](repeating: nil, count: texts.count))
    DispatchQueue.concurrentPerform(iterations: texts.count) { index in
        let encoded = Iconv.convert(Array(texts[index].utf8), from: "UTF-8", to: "GB18030")
        let back = encoded.flatMap { Iconv.convert($0, from: "GB18030", to: "UTF-8") }
        results.withLock { $0[index] = back }
    }
    #expect(results.get() == texts.map { Array($0.utf8) })
    #expect(Iconv.convert([0x41], from: "NO-SUCH-ENCODING", to: "UTF-8") == nil)
}
