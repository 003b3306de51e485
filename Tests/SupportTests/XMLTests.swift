import Testing
@testable import XMLSupport
import TestSupport

@Test func writerEscapesAndDropsForbiddenCharacters() throws {
    let writer = try XMLWriter()
    try writer.element("w:document", attributes: ["xmlns:w": "urn:w"]) {
        try writer.element("w:t", attributes: ["w:val": "a\"<b>&"], text: "</w:t> ]]> &amp; 控制\u{0}\u{1B}字符\u{FFFF}")
    }
    let bytes = try writer.finish()
    let text = String(decoding: bytes, as: UTF8.self)
    #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"))
    #expect(!text.contains("\u{0}") && !text.contains("\u{1B}") && !text.contains("\u{FFFF}"))
    let root = try XMLParser.parse(bytes)
    #expect(root.name == "w:document")
    let t = try #require(root.firstChild(named: "w:t"))
    #expect(t.textContent == "</w:t> ]]> &amp; 控制字符")
    #expect(t.attributes["w:val"] == "a\"<b>&")
}

@Test func parserRefusesMalformedDocumentsAndDoctypes() {
    #expect(throws: XMLError.self) { try XMLParser.parse(Array("<a><b></a>".utf8)) }
    let xxe = """
    <?xml version="1.0"?>
    <!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>
    <a>&x;</a>
    """
    #expect(throws: XMLError.self) { try XMLParser.parse(Array(xxe.utf8)) }
}

@Test func descendantsAreFoundInDocumentOrder() throws {
    let root = try XMLParser.parse(Array("<r><p><t>一</t></p><p><t>二</t><t>三</t></p></r>".utf8))
    #expect(root.descendants(named: "t").map(\.textContent) == ["一", "二", "三"])
    #expect(root.elements.count == 2)
}

/// A writer with a sink hands a large document over in pieces of at least the flush size and
/// keeps a small one whole; either way the bytes are those of a writer without a sink.
@Test func aWriterWithASinkGivesTheSameDocumentInPieces() throws {
    func write(_ writer: XMLWriter, paragraphs: Int) throws -> [UInt8] {
        try writer.element("w:document", attributes: ["xmlns:w": "urn:w"]) {
            for index in 0..<paragraphs {
                try writer.element("w:p") { try writer.element("w:t", attributes: ["n": "\(index)"], text: "第\(index)段 <&> 内容") }
            }
        }
        return try writer.finish()
    }
    for paragraphs in [3, 5_000] {
        let whole = try write(XMLWriter(), paragraphs: paragraphs)
        var pieces: [[UInt8]] = []
        let rest = try write(XMLWriter(flushSize: 4_096) { pieces.append(Array($0)) }, paragraphs: paragraphs)
        if paragraphs == 3 {
            #expect(pieces.isEmpty)
            #expect(rest == whole)
        } else {
            #expect(pieces.count > 10)
            #expect(rest.isEmpty)
            #expect(pieces.dropLast().allSatisfy { $0.count >= 4_096 })
            #expect(pieces.joined().elementsEqual(whole))
        }
    }
}

/// Escaping by its definition, a scalar at a time: markup characters as entities (in an
/// attribute also the quote, tab and line feed), carriage return as a reference, the other
/// C0 controls and U+FFFE/U+FFFF dropped.
private func escapedByDefinition(_ text: String, attribute: Bool) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"" where attribute: out += "&quot;"
        case "\r": out += "&#13;"
        case "\n" where attribute: out += "&#10;"
        case "\t" where attribute: out += "&#9;"
        case "\n", "\t": out.unicodeScalars.append(scalar)
        case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": break
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}

/// The writer skips eight bytes at a time through Chinese text: on text where markup characters,
/// controls, full-width punctuation (EF …, where the skip stops), U+FFFE/U+FFFF and their
/// neighbours in UTF-8 (U+FFC0, U+FFBF, U+FEFF: EF BF 80, EF BE BF, EF BB BF) fall at every
/// offset of those words, text and attributes come out as the definition escapes them.
@Test func escapingThroughChineseTextMatchesTheDefinition() throws {
    let pieces = ["加强", "领", "，", "。", "！", "<", ">", "&", "\"", "a", "\u{1}", "\r", "\n", "\t", "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "👍", "ｅ",
                  "\u{FFC0}", "\u{FFBF}", "\u{FEFF}", "（）"]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<10_000 {
        let text = randomText(pieces, lengths: 0...30, using: &generator)
        let writer = try XMLWriter()
        try writer.element("t", attributes: ["a": text], text: text)
        let written = String(decoding: try writer.finish(), as: UTF8.self)
        let expected = "<t a=\"\(escapedByDefinition(text, attribute: true))\">\(escapedByDefinition(text, attribute: false))</t>\n"
        #expect(written.hasSuffix("?>\n" + expected), "\(Array(text.unicodeScalars.map(\.value)))")
    }
}

/// Markup made once with `fragment` and written with `markup` and `closingMarkup` (as the DOCX
/// writer writes paragraphs) gives the bytes writing the elements one by one gives; with a sink,
/// the closing markup hands a large document over in pieces as `endElement` does.
@Test func markupMadeOnceWritesWhatTheElementsWrite() throws {
    let style = "正文 \"<&>\""
    func elements(_ writer: XMLWriter, _ texts: [String]) throws -> [UInt8] {
        try writer.element("w:body") {
            for text in texts {
                try writer.element("w:p") {
                    try writer.element("w:pPr") { try writer.element("w:pStyle", attributes: ["w:val": style]) }
                    try writer.element("w:r") { try writer.element("w:t", text: text) }
                }
            }
        }
        return try writer.finish()
    }
    func markup(_ writer: XMLWriter, _ texts: [String]) throws -> [UInt8] {
        let opening = try XMLWriter.fragment { fragment in
            try fragment.startElement("w:p")
            try fragment.element("w:pPr") { try fragment.element("w:pStyle", attributes: ["w:val": style]) }
        }
        try writer.element("w:body") {
            for text in texts {
                writer.markup(opening)
                writer.markup("<w:r><w:t>")
                try writer.text(text)
                try writer.closingMarkup("</w:t></w:r></w:p>")
            }
        }
        return try writer.finish()
    }
    #expect(String(decoding: try XMLWriter.fragment { try $0.startElement("w:p") }, as: UTF8.self) == "<w:p>")
    for count in [1, 3, 5_000] {
        let texts = (0..<count).map { $0 % 7 == 0 ? "" : "第\($0)段 <&> \u{1}内容" }
        let whole = try elements(XMLWriter(), texts)
        #expect(try markup(XMLWriter(), texts) == whole)
        var pieces: [[UInt8]] = []
        let rest = try markup(XMLWriter(flushSize: 4_096) { pieces.append(Array($0)) }, texts)
        #expect((pieces + [rest]).joined().elementsEqual(whole))
        #expect(count < 5_000 ? pieces.isEmpty : pieces.count > 10 && pieces.dropLast().allSatisfy { $0.count >= 4_096 })
    }
}

/// A number's digits and an attribute's value written into markup are the bytes `String(value)`
/// and an element's attribute give.
@Test func digitsAndAttributeValuesInMarkupAreTheElementsBytes() throws {
    var generator = SystemRandomNumberGenerator()
    let values = [0, 1, 9, 10, 99, 100, 12_345, -1, -10, Int.max, Int.min] + (0..<200).map { _ in Int.random(in: Int.min...Int.max, using: &generator) }
    for value in values {
        #expect(try XMLWriter.fragment { $0.markup(decimal: value) } == Array(String(value).utf8))
    }
    for value in ["speech-001.xhtml", "a\"<b>&'\t\n\r", "", "目录#h12", "\u{1}\u{FFFE}x"] {
        let markup = try XMLWriter.fragment { writer in
            writer.markup("<a href=\"")
            writer.attributeValue(value)
            writer.markup("\"/>")
        }
        #expect(markup == (try XMLWriter.fragment { try $0.element("a", attributes: ["href": value]) }), "\(value)")
    }
}
