import Testing
@testable import ChineseScript
import Foundation

@Test func openCCConvertsTraditionalPhrasesToSimplified() throws {
    let converter = try ScriptConverter.traditionalToSimplified()
    #expect(try converter.convert("鄉村振興要紮實推進，創建全國文明城市") == "乡村振兴要扎实推进，创建全国文明城市")
    #expect(try converter.convert("") == "")
    #expect(try converter.convert("已经是简体 ABC 123") == "已经是简体 ABC 123")
}

@Test func unknownConfigurationIsAClearError() {
    #expect(throws: ScriptConverter.ConversionError.self) { try ScriptConverter(config: "no-such-config.json") }
    // Made lazily, the converter reads the configuration at its first conversion of any text.
    let lazy = try? ScriptConverter(config: "no-such-config.json", lazily: true)
    #expect(lazy != nil)
    #expect(throws: ScriptConverter.ConversionError.self) { try lazy?.convert("鄉村") }
}

/// A lazy converter opens OpenCC at its first conversion, not before, and converts as an eager one.
@Test func aLazyConverterOpensOpenCCAtItsFirstConversion() throws {
    let converter = try ScriptConverter.traditionalToSimplified(lazily: true)
    #expect(converter.handleCount == 0)
    #expect(try converter.convert("") == "")
    #expect(converter.handleCount == 0, "nothing to convert opens nothing")
    #expect(try converter.convert("鄉村振興要紮實推進") == "乡村振兴要扎实推进")
    #expect(converter.handleCount == 1)
    #expect(try ScriptConverter.traditionalToSimplified().handleCount == 1, "an eager one opens at once")
}

/// The generated table must list exactly the characters the installed OpenCC changes.
@Test func theTraditionalCharacterTableMatchesOpenCC() throws {
    let converter = try ScriptConverter.traditionalToSimplified()
    let ranges: [ClosedRange<UInt32>] = [0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF]
    var mismatches: [String] = []
    for range in ranges {
        let scalars = range.compactMap(Unicode.Scalar.init)
        let converted = try converter.convert(scalars.map { String($0) }.joined(separator: "\n")).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(converted.count == scalars.count)
        for (scalar, result) in zip(scalars, converted) where (String(scalar) != result) != ScriptConverter.isTraditional(scalar) {
            mismatches.append(String(scalar))
        }
    }
    #expect(mismatches.isEmpty, "regenerate with scripts/generate-traditional-table.py: \(mismatches.prefix(20).joined())")
    #expect(ScriptConverter.mayHoldTraditional("在全區創建") && !ScriptConverter.mayHoldTraditional("在全区创建"))
}

/// Calls at once each take a handle of their own and get their own text back; handles are kept
/// and reused, never more than the calls that overlapped.
@Test func conversionsAtOnceEachGetTheirOwnTextBack() throws {
    let converter = try ScriptConverter.traditionalToSimplified()
    #expect(converter.handleCount == 1)
    for _ in 0..<20 { _ = try converter.convert("鄉村振興") }
    #expect(converter.handleCount == 1, "calls one after another share one handle")
    let pairs = [("鄉村振興", "乡村振兴"), ("紮實推進", "扎实推进"), ("創建全國文明城市", "创建全国文明城市"), ("已经是简体", "已经是简体")]
    final class Results: @unchecked Sendable {
        var texts = [String](repeating: "", count: 400)
        let lock = NSLock()
    }
    let results = Results()
    let workers = ProcessInfo.processInfo.activeProcessorCount
    DispatchQueue.concurrentPerform(iterations: 400) { index in
        let text = String(repeating: pairs[index % pairs.count].0, count: 1 + index % 50)
        let converted = (try? converter.convert(text)) ?? "(failed)"
        results.lock.withLock { results.texts[index] = converted }
    }
    for index in 0..<400 {
        #expect(results.texts[index] == String(repeating: pairs[index % pairs.count].1, count: 1 + index % 50))
    }
    #expect(converter.handleCount >= 1 && converter.handleCount <= max(workers, 2))
}
