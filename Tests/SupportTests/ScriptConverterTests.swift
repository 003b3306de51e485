import Testing
@testable import ChineseScript

@Test func openCCConvertsTraditionalPhrasesToSimplified() throws {
    let converter = try ScriptConverter.traditionalToSimplified()
    #expect(try converter.convert("鄉村振興要紮實推進，創建全國文明城市") == "乡村振兴要扎实推进，创建全国文明城市")
    #expect(try converter.convert("") == "")
    #expect(try converter.convert("已经是简体 ABC 123") == "已经是简体 ABC 123")
}

@Test func unknownConfigurationIsAClearError() {
    #expect(throws: ScriptConverter.ConversionError.self) { try ScriptConverter(config: "no-such-config.json") }
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
