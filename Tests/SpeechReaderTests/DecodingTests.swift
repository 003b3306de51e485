import Foundation
import Testing
import SystemSupport
import TestSupport
@testable import SpeechReader

private let speech = "在全县工作会议上的讲话\r\n同志们：\r\n今天，我们召开全县工作会议。鄉村振興要紮實推進。\r\n谢谢大家！\r\n"

private func iconv(_ text: String, to encoding: String) throws -> [UInt8] {
    // The test makes its own files in each encoding through the decoder's own iconv path
    // reversed: Foundation's converters are independent of the code under test.
    let cfEncoding: String.Encoding
    switch encoding {
    case "UTF-16LE": cfEncoding = .utf16LittleEndian
    case "UTF-16BE": cfEncoding = .utf16BigEndian
    default: cfEncoding = .utf8
    }
    return [UInt8](text.data(using: cfEncoding)!)
}

/// Encodes through the iconv command, a converter independent of the code under test.
private func encode(_ text: String, _ encoding: String) throws -> [UInt8] {
    try #require(Iconv.convert(Array(text.utf8), from: "UTF-8", to: encoding), "iconv cannot write \(encoding)")
}

@Test func utf8WithAndWithoutBOM() throws {
    let plain = try TextDecoder.decode(Array(speech.utf8))
    #expect(plain.encoding == .utf8 && plain.text == speech)
    let bom = try TextDecoder.decode([0xEF, 0xBB, 0xBF] + Array(speech.utf8))
    #expect(bom.encoding == .utf8BOM && bom.text == speech)
}

@Test(arguments: [("UTF-16LE", TextEncoding.utf16LE, [UInt8]([0xFF, 0xFE])), ("UTF-16BE", .utf16BE, [0xFE, 0xFF])])
func utf16WithBOM(name: String, encoding: TextEncoding, bom: [UInt8]) throws {
    let decoded = try TextDecoder.decode(bom + iconv(speech, to: name))
    #expect(decoded.encoding == encoding)
    #expect(decoded.text == speech)
}

@Test func gb18030IsDetected() throws {
    let decoded = try TextDecoder.decode(try encode(speech, "GB18030"))
    #expect(decoded.encoding == .gb18030)
    #expect(decoded.text == speech)
}

@Test func big5IsDetectedOverGB18030ForTraditionalText() throws {
    let traditional = "在全縣工作會議上的講話\n同志們：\n今天，我們召開全縣工作會議，研究部署鄉村振興工作。\n"
    let decoded = try TextDecoder.decode(try encode(traditional, "BIG5"))
    #expect(decoded.encoding == .big5)
    #expect(decoded.text == traditional)
}

@Test func shortGBTextStaysGB() throws {
    let decoded = try TextDecoder.decode(try encode("同志们：\n今天开会。\n", "GB18030"))
    #expect(decoded.encoding == .gb18030)
}

@Test func forcedEncodingOverridesDetection() throws {
    let bytes = try encode("同志们：\n今天开会。\n", "GB18030")
    #expect(throws: DecodingError.invalid(.utf8)) { try TextDecoder.decode(bytes, as: .utf8) }
    #expect(try TextDecoder.decode(bytes, as: .gb18030).text == "同志们：\n今天开会。\n")
}

@Test func emptyAndBinaryInputsAreRefused() {
    #expect(throws: DecodingError.empty) { try TextDecoder.decode([]) }
    let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89, 0xFF, 0x80]
    #expect(throws: DecodingError.self) { try TextDecoder.decode(png) }
}

@Test func undecodableBytesAreNeverPatchedWithReplacementCharacters() {
    // 0x80 and 0xFF lead bytes are invalid in UTF-8, GB18030 and Big5 alike.
    let bytes: [UInt8] = Array("同志们".utf8) + [0xFF, 0x80, 0xFF, 0x80] + Array("开会".utf8)
    #expect(throws: DecodingError.self) { try TextDecoder.decode(bytes) }
}

@Test func lineEndsCRLFCRAndLFSplitAlike() {
    let lf = Cleaner.split("甲\n乙\n\n丙").map(\.text)
    #expect(Cleaner.split("甲\r\n乙\r\n\r\n丙").map(\.text) == lf)
    #expect(Cleaner.split("甲\r乙\r\r丙").map(\.text) == lf)
    #expect(lf == ["甲", "乙", "", "丙"])
    #expect(Cleaner.split("甲\n乙\n\n丙").map(\.number) == [1, 2, 3, 4])
}

@Test func encodingNamesAreAcceptedInUsualSpellings() {
    #expect(TextEncoding(name: "GBK") == .gb18030)
    #expect(TextEncoding(name: "utf8") == .utf8)
    #expect(TextEncoding(name: "Big5") == .big5)
    #expect(TextEncoding(name: "latin1") == nil)
}

/// The same speech saved in every supported encoding and line-end style reads to the same model.
@Test func everyEncodingAndLineEndGivesTheSameSpeech() throws {
    let text = "您的位置:首页>>讲话>>正文\n在全县工作会议上的讲话\n同志们：\n一、提高站位\n今天，我们召开全县工作会议，研究部署重点工作。一要明确目标。要对照标准抓落实。\n谢谢大家！\n"
    let reference = try PlainTextReader.read(Array(text.utf8)).speeches
    var variants: [(String, [UInt8])] = [
        ("utf-8 bom", [0xEF, 0xBB, 0xBF] + Array(text.utf8)),
        ("crlf", Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)),
        ("cr", Array(text.replacingOccurrences(of: "\n", with: "\r").utf8)),
        ("gb18030", try encode(text, "GB18030")),
        ("utf-16le", [0xFF, 0xFE] + (try encode(text, "UTF-16LE"))),
        ("utf-16be", [0xFE, 0xFF] + (try encode(text, "UTF-16BE"))),
    ]
    // Big5 holds traditional characters only: the traditional text reads to the same simplified speech.
    let traditional = "您的位置:首頁>>講話>>正文\n在全縣工作會議上的講話\n同志們：\n一、提高站位\n今天，我們召開全縣工作會議，研究部署重點工作。一要明確目標。要對照標準抓落實。\n謝謝大家！\n"
    variants.append(("big5", try encode(traditional, "BIG5")))
    for (name, bytes) in variants {
        let speeches = try? PlainTextReader.read(bytes).speeches
        #expect(speeches == reference, "\(name)")
    }
}

/// UTF-16 saved without a byte order mark is read as UTF-16, in either byte order, not as
/// GB18030 garbage or "binary" (issue 15); GB18030 and Big5 text is never taken for it.
@Test func utf16WithoutAByteOrderMarkIsRecognised() throws {
    let text = "在全市工作会议上的讲话\n同志们：\n今天，我们召开全市工作会议（第3次），研究部署重点工作。\n"
    for (name, encoding) in [("UTF-16LE", TextEncoding.utf16LE), ("UTF-16BE", .utf16BE)] {
        let decoded = try TextDecoder.decode(try encode(text, name))
        #expect(decoded.encoding == encoding)
        #expect(decoded.text == text)
    }
    for name in ["GB18030", "BIG5"] {
        let bytes = try encode("在全縣工作會議上的講話\n同志們：\n今天開會。\n", name)
        #expect(TextDecoder.utf16WithoutBOM(bytes.count % 2 == 0 ? bytes : bytes + [0x0A]) == nil, "\(name)")
    }
}

/// The binary test counts characters eight bytes at a time through text with no ASCII byte:
/// Hangul (three bytes a character, none of it Han) with controls put anywhere is refused
/// exactly when controls are more than a twentieth of the characters.
@Test func controlsAreCountedAgainstCharactersNotBytes() throws {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<200 {
        for (controls, binary) in [(10, false), (11, true)] {
            var pieces = Array(repeating: "가", count: 190) + Array(repeating: "\u{1}", count: controls)
            pieces.shuffle(using: &generator)
            let bytes = Array(pieces.joined().utf8)
            if binary {
                #expect(throws: DecodingError.binary) { try TextDecoder.decode(bytes) }
            } else {
                #expect(throws: Never.self) { try TextDecoder.decode(bytes) }
            }
        }
    }
}

/// A real page reads the same whichever encoding it was saved in: each corpus page written as
/// GB18030, as UTF-16LE with its byte order mark and as UTF-8 with one (by iconv and by hand,
/// not by the decoder) gives the same cleaned lines, the same report and the same speeches as
/// the page itself, and says which encoding it found.
@Test(.enabled(if: Repository.sharedAvailable, "needs ../shared/corpus"))
func aCorpusPageReadsTheSameInEveryEncoding() throws {
    let pages = Repository.shared.appendingPathComponent("corpus/pages")
    let names = try FileManager.default.contentsOfDirectory(atPath: pages.path).filter { $0.hasSuffix(".txt") }.sorted()
    #expect(names.count >= 40)
    for name in names {
        let bytes = try [UInt8](Data(contentsOf: pages.appendingPathComponent(name)))
        let asSaved = try PlainTextReader.read(bytes, options: .keepingCleanedLines)
        let variants: [(TextEncoding, [UInt8])] = [
            (.gb18030, try encode(String(decoding: bytes, as: UTF8.self), "GB18030")),
            (.utf16LE, [0xFF, 0xFE] + (try encode(String(decoding: bytes, as: UTF8.self), "UTF-16LE"))),
            (.utf8BOM, [0xEF, 0xBB, 0xBF] + bytes),
        ]
        for (encoding, encoded) in variants {
            let read = try PlainTextReader.read(encoded, options: .keepingCleanedLines)
            #expect(read.encoding == encoding, "\(name)")
            #expect(read.cleanedLines.map(\.text) == asSaved.cleanedLines.map(\.text), "\(name) as \(encoding)")
            #expect(read.report == asSaved.report, "\(name) as \(encoding)")
            #expect(read.speeches == asSaved.speeches, "\(name) as \(encoding)")
        }
    }
}

/// A large text is cut into lines a piece at a time, each piece ending after a line feed; the
/// lines are those of the text cut whole, wherever the pieces end: after a CRLF, beside a lone
/// CR, inside a character, at the text's end with or without a final line break.
@Test func aTextSplitPieceByPieceHasTheSameLines() {
    let texts = ["甲\n乙\r\n丙\r丁\r\n\r\n戊", "甲乙\r\n\r\n丙\n", "\r\n\n\r甲\r", "一行没有换行", "",
                 String(repeating: "今天召开会议，\r\n同志们：\n\r\n一、加强领导\r", count: 40)]
    for text in texts {
        let whole = Cleaner.split(text)
        for pieceBytes in [1, 2, 3, 5, 7, 64] {
            var taken = text
            let lines = Cleaner.split(taking: &taken, piecewiseFrom: 0, pieceBytes: pieceBytes)
            #expect(lines == whole, "\(text.debugDescription) in pieces of \(pieceBytes)")
            #expect(taken.isEmpty)
        }
    }
}
