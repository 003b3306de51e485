import Foundation
import SystemSupport

/// The character encodings SpeechDoc reads.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf8BOM = "utf-8-bom"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case gb18030 = "gb18030"
    case big5 = "big5"

    /// Accepts the usual spellings: utf8, UTF-8, gbk, gb2312, big5, utf-16le …
    public init?(name: String) {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        switch key {
        case "utf-8", "utf8": self = .utf8
        case "utf-8-bom", "utf8-bom", "utf-8-sig": self = .utf8BOM
        case "utf-16le", "utf16le": self = .utf16LE
        case "utf-16be", "utf16be": self = .utf16BE
        case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
        case "big5", "big-5", "cp950": self = .big5
        default: return nil
        }
    }

    var iconvName: String {
        switch self {
        case .utf8, .utf8BOM: return "UTF-8"
        case .utf16LE: return "UTF-16LE"
        case .utf16BE: return "UTF-16BE"
        case .gb18030: return "GB18030"
        case .big5: return "BIG5"
        }
    }
}

public struct DecodedText: Sendable, Equatable {
    public var text: String
    public var encoding: TextEncoding

    /// Text that needs no decoding (a Word document's paragraphs, say).
    public init(text: String, encoding: TextEncoding) {
        self.text = text
        self.encoding = encoding
    }
}

public enum DecodingError: Error, Equatable, CustomStringConvertible {
    case empty
    case binary
    case undecodable
    case invalid(TextEncoding)

    public var description: String {
        switch self {
        case .empty: return "the file is empty"
        case .binary: return "the file is binary, not text"
        case .undecodable: return "the text is in no supported encoding (UTF-8, UTF-16 with BOM, GB18030, Big5)"
        case .invalid(let encoding): return "the text is not valid \(encoding.rawValue)"
        }
    }
}

/// Detects and decodes text strictly: a byte sequence that is invalid in an encoding is
/// never patched with U+FFFD. Order: BOM, UTF-8, GB18030, Big5; when GB18030 and Big5 both
/// decode, the one whose characters fall in its frequent-character block wins.
public enum TextDecoder {
    /// The encoding a byte order mark at the start names (UTF-8, UTF-16 LE or BE), or nil.
    public static func bomEncoding(_ bytes: [UInt8]) -> TextEncoding? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8BOM }
        if bytes.starts(with: [0xFF, 0xFE]) { return .utf16LE }
        if bytes.starts(with: [0xFE, 0xFF]) { return .utf16BE }
        return nil
    }

    public static func decode(_ bytes: [UInt8], as forced: TextEncoding? = nil) throws -> DecodedText {
        if bytes.isEmpty { throw DecodingError.empty }
        if let forced {
            let body = forced == .utf8BOM && bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
            let withoutBOM = dropUTF16BOM(body, forced)
            guard let text = convert(withoutBOM, from: forced) else { throw DecodingError.invalid(forced) }
            return try checked(DecodedText(text: text, encoding: forced))
        }
        if let encoding = bomEncoding(bytes) {
            if encoding == .utf8BOM {
                guard let text = String(validating: bytes.dropFirst(3), as: UTF8.self) else {
                    throw DecodingError.invalid(.utf8BOM)
                }
                return try checked(DecodedText(text: text, encoding: .utf8BOM))
            }
            guard let text = convert(Array(bytes.dropFirst(2)), from: encoding) else {
                throw DecodingError.invalid(encoding)
            }
            return try checked(DecodedText(text: text, encoding: encoding))
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return try checked(DecodedText(text: text, encoding: .utf8))
        }
        if let decoded = utf16WithoutBOM(bytes) { return try checked(decoded) }
        let gb = convert(bytes, from: .gb18030)
        let big5 = convert(bytes, from: .big5)
        switch (gb, big5) {
        case (nil, nil):
            throw looksBinary(bytes) ? DecodingError.binary : DecodingError.undecodable
        case (let text?, nil):
            return try checked(DecodedText(text: text, encoding: .gb18030))
        case (nil, let text?):
            return try checked(DecodedText(text: text, encoding: .big5))
        case (let gbText?, let big5Text?):
            let preferBig5 = frequentShare(bytes, .big5) > frequentShare(bytes, .gb18030)
            return try checked(preferBig5 ? DecodedText(text: big5Text, encoding: .big5)
                                          : DecodedText(text: gbText, encoding: .gb18030))
        }
    }

    /// UTF-16 saved without a byte order mark (some Windows tools do): taken when one byte
    /// order reads as text throughout, nine code units in ten Chinese, CJK punctuation, full-
    /// width forms or ASCII text characters, and at least one of them Chinese. GB18030 or Big5
    /// read as UTF-16 gives Hangul, surrogates and symbols instead (text that is valid UTF-8
    /// never comes here).
    static func utf16WithoutBOM(_ bytes: [UInt8]) -> DecodedText? {
        guard bytes.count >= 4, bytes.count % 2 == 0 else { return nil }
        for encoding in [TextEncoding.utf16LE, .utf16BE] {
            var textual = 0, chinese = 0
            let units = bytes.count / 2
            for index in 0..<units {
                let (a, b) = (UInt16(bytes[2 * index]), UInt16(bytes[2 * index + 1]))
                let unit = encoding == .utf16LE ? a | b << 8 : a << 8 | b
                switch unit {
                case 0x4E00...0x9FFF, 0x3400...0x4DBF: chinese += 1; textual += 1
                case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0x3000...0x303F, 0xFF00...0xFFEF, 0x2010...0x2027: textual += 1
                default: break
                }
            }
            guard chinese > 0, textual * 10 >= units * 9, let text = convert(bytes, from: encoding) else { continue }
            return DecodedText(text: text, encoding: encoding)
        }
        return nil
    }

    private static func dropUTF16BOM(_ bytes: [UInt8], _ encoding: TextEncoding) -> [UInt8] {
        switch encoding {
        case .utf16LE where bytes.starts(with: [0xFF, 0xFE]): return Array(bytes.dropFirst(2))
        case .utf16BE where bytes.starts(with: [0xFE, 0xFF]): return Array(bytes.dropFirst(2))
        default: return bytes
        }
    }

    /// Text whose share of control characters is that of a binary file, and which holds little
    /// Chinese, is refused, whatever decoded it: stray controls in a speech are cleaned later
    /// (and reported), a PNG is not a speech.
    private static func checked(_ decoded: DecodedText) throws -> DecodedText {
        // Controls and characters counted on the UTF-8 bytes; Han characters only when the
        // controls are many enough to matter.
        let (controls, total) = decoded.text.withBytes(controlShare)
        guard total > 0 && controls * 20 > total else { return decoded }
        let han = decoded.text.unicodeScalars.filter { (0x3400...0x9FFF).contains($0.value) || $0.value >= 0x20000 }.count
        if han * 4 < total { throw DecodingError.binary }
        return decoded
    }

    /// The control characters (but tab, line feed, form feed and carriage return) and the
    /// characters of UTF-8 text, counted on its bytes.
    static func controlShare(_ bytes: UnsafeBufferPointer<UInt8>) -> (controls: Int, total: Int) {
        var controls = 0, total = 0, index = 0
        let count = bytes.count
        while index < count {
            // Eight bytes of Chinese text (none ASCII) at a time: no controls, and a character
            // starts at each byte with its second-highest bit set too.
            if index + 8 <= count {
                let word = ByteSearch.word(bytes, at: index)
                if ByteSearch.holdsNoASCII(word) {
                    total += (word & 0x4040_4040_4040_4040).nonzeroBitCount
                    index += 8
                    continue
                }
            }
            let byte = bytes[index]
            if byte & 0xC0 != 0x80 { total += 1 }
            if byte < 0x20 && byte != 0x0A && byte != 0x0D && byte != 0x09 && byte != 0x0C { controls += 1 }
            index += 1
        }
        return (controls, total)
    }

    private static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(4096)
        return sample.filter { $0 == 0 }.count * 50 > sample.count
    }

    /// Share of two-byte characters in the block where each encoding keeps its most frequent
    /// characters: GB2312 level 1 (lead B0–D7, trail A1–FE) or Big5 常用字 (lead A4–C6).
    /// Right decodings score near 1; a Big5 text read as GB18030 or the reverse scores far lower.
    static func frequentShare(_ bytes: [UInt8], _ encoding: TextEncoding) -> Double {
        var frequent = 0, doubles = 0, index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            guard index + 1 < bytes.count else { break }
            let trail = bytes[index + 1]
            if encoding == .gb18030, (0x30...0x39).contains(trail) { index += 4; doubles += 1; continue }
            doubles += 1
            switch encoding {
            case .gb18030 where (0xB0...0xD7).contains(lead) && (0xA1...0xFE).contains(trail): frequent += 1
            case .big5 where (0xA4...0xC6).contains(lead): frequent += 1
            default: break
            }
            index += 2
        }
        return doubles == 0 ? 0 : Double(frequent) / Double(doubles)
    }

    /// Strict conversion through iconv: nil on any invalid or incomplete sequence.
    static func convert(_ bytes: [UInt8], from encoding: TextEncoding) -> String? {
        if encoding == .utf8 || encoding == .utf8BOM { return String(validating: bytes, as: UTF8.self) }
        return Iconv.convert(bytes, from: encoding.iconvName, to: "UTF-8").flatMap { String(validating: $0, as: UTF8.self) }
    }
}
