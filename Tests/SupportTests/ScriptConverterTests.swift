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
