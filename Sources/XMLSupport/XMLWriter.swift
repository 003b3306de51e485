/// Writes an XML document into memory, escaping as it goes.
///
/// Pure Swift over a byte buffer: a document part holds thousands of tiny elements, and a C
/// call (or several) per element and attribute was the largest cost of writing DOCX and EPUB.
/// Parsing stays with libxml2 (`XMLParser`), which checks everything written in the tests.
///
/// Text and attribute values are stripped of characters XML 1.0 forbids (C0 controls but tab,
/// line feed and carriage return; U+FFFE and U+FFFF), which would make the part unreadable.
/// Element and attribute names are the writers' own constants and are written as given.
public final class XMLWriter {
    @usableFromInline let buffer = ByteBuffer(capacity: 16 << 10)
    @exclusivity(unchecked) @usableFromInline var open: [String] = []
    /// `<name` has been written and may still take attributes.
    @exclusivity(unchecked) @usableFromInline var inStartTag = false

    /// Where a large document's bytes go once the buffer holds `flushSize` of them.
    private let sink: ((UnsafeBufferPointer<UInt8>) throws -> Void)?
    @usableFromInline let flushSize: Int
    /// Bytes already given to the sink.
    private var flushed = 0

    /// A writer that keeps the whole document.
    public convenience init() throws {
        try self.init(flushSize: .max, optionalSink: nil)
    }

    /// A writer that hands its bytes to `sink` in pieces of about `flushSize` once the document
    /// grows past that, so a large document is never held whole; a smaller one stays in the
    /// buffer and `finish()` returns it as usual.
    public convenience init(flushSize: Int, sink: @escaping (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try self.init(flushSize: flushSize, optionalSink: sink)
    }

    private init(flushSize: Int, optionalSink sink: ((UnsafeBufferPointer<UInt8>) throws -> Void)?, declaration: Bool = true) throws {
        self.sink = sink
        self.flushSize = max(flushSize, 1)
        open.reserveCapacity(16)
        if declaration { append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n") }
    }

    /// The bytes `body` writes, without the declaration and without closing what it leaves open
    /// (a start tag it left open is closed): markup a writer composes once and then writes many
    /// times with `markup` and `closingMarkup`, the same bytes as writing it element by element.
    public static func fragment(_ body: (XMLWriter) throws -> Void) throws -> [UInt8] {
        let writer = try XMLWriter(flushSize: .max, optionalSink: nil, declaration: false)
        try body(writer)
        writer.closeStartTag()
        return writer.buffer.array
    }

    /// Writes markup as it is, as content of the element open (its start tag is closed first):
    /// a `fragment`, or a literal the caller knows to be well formed. Elements it opens are the
    /// caller's to close with `closingMarkup`; `endElement` knows nothing of them.
    @inlinable
    public func markup(_ bytes: [UInt8]) {
        closeStartTag()
        bytes.withUnsafeBufferPointer { buffer.append(contentsOf: $0) }
    }

    /// A literal of markup, as `markup(_:)` writes bytes.
    @inlinable
    public func markup(_ literal: StaticString) {
        closeStartTag()
        buffer.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Bytes of markup that close elements, as `closingMarkup(_:)` writes a literal.
    @inlinable
    public func closingMarkup(_ bytes: [UInt8]) throws {
        markup(bytes)
        try flushIfFull()
    }

    /// A value escaped as an attribute's, into markup being written: `markup("<a href=\"")`,
    /// the value, `markup("\">")` give the bytes `element("a", attributes: ["href": value])` gives.
    @inlinable
    public func attributeValue(_ value: String) {
        escape(value, attribute: true)
    }

    /// A number's decimal digits, as `String(value)` writes them, into markup being written (a
    /// number's string is held inline, not on the heap).
    public func markup(decimal value: Int) {
        closeStartTag()
        append(String(value))
    }

    /// Markup that closes elements `markup` opened: the document may go to the sink after it, as
    /// after `endElement`.
    @inlinable
    public func closingMarkup(_ literal: StaticString) throws {
        markup(literal)
        try flushIfFull()
    }

    /// After an element's end: a document past `flushSize` goes to the sink.
    @inlinable
    func flushIfFull() throws {
        if buffer.count >= flushSize { try flush() }
    }

    @usableFromInline
    func flush() throws {
        guard let sink, !buffer.isEmpty else { return }
        try buffer.withUnsafeBufferPointer { try sink($0) }
        flushed += buffer.count
        buffer.removeAll()
    }

    @inlinable
    public func startElement(_ name: String) throws {
        closeStartTag()
        buffer.append(UInt8(ascii: "<"))
        append(name)
        open.append(name)
        inStartTag = true
    }

    @inlinable
    public func attribute(_ name: String, _ value: String) throws {
        guard inStartTag else { throw XMLError.libxml("attribute \(name) outside a start tag") }
        buffer.append(UInt8(ascii: " "))
        append(name)
        buffer.append(UInt8(ascii: "="))
        buffer.append(UInt8(ascii: "\""))
        escape(value, attribute: true)
        buffer.append(UInt8(ascii: "\""))
    }

    @inlinable
    public func text(_ content: String) throws {
        closeStartTag()
        escape(content, attribute: false)
    }

    @inlinable
    public func endElement() throws {
        guard let name = open.popLast() else { throw XMLError.libxml("end element with none open") }
        if inStartTag {
            buffer.append(UInt8(ascii: "/"))
            buffer.append(UInt8(ascii: ">"))
            inStartTag = false
        } else {
            buffer.append(UInt8(ascii: "<"))
            buffer.append(UInt8(ascii: "/"))
            append(name)
            buffer.append(UInt8(ascii: ">"))
        }
        try flushIfFull()
    }

    /// `<name a="…">text</name>` in one call.
    @inlinable
    public func element(_ name: String, attributes: KeyValuePairs<String, String> = [:], text: String? = nil) throws {
        try startElement(name)
        for (key, value) in attributes { try attribute(key, value) }
        if let text { try self.text(text) }
        try endElement()
    }

    /// `<name …>children</name>`.
    @inlinable
    public func element(_ name: String, attributes: KeyValuePairs<String, String> = [:],
                        _ children: () throws -> Void) throws {
        try startElement(name)
        for (key, value) in attributes { try attribute(key, value) }
        try children()
        try endElement()
    }

    /// Closes every open element and returns the document's bytes; with a sink that has
    /// already had some, the rest go to the sink too and nothing is returned.
    public func finish() throws -> [UInt8] {
        while !open.isEmpty { try endElement() }
        if buffer.last != UInt8(ascii: "\n") { buffer.append(UInt8(ascii: "\n")) }
        if flushed > 0 {
            try flush()
            return []
        }
        return buffer.array
    }

    @inlinable @inline(__always)
    func closeStartTag() {
        if inStartTag {
            buffer.append(UInt8(ascii: ">"))
            inStartTag = false
        }
    }

    @inlinable @inline(__always)
    func append(_ text: String) {
        Self.withUTF8(of: text) { buffer.append(contentsOf: $0) }
    }

    /// The text's UTF-8: a native string's (names are literals) read in place; any other is
    /// made so first. (SystemSupport's `withBytes` does this for the readers; this module cannot
    /// import it.)
    @inlinable @inline(__always)
    static func withUTF8(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if text.utf8.withContiguousStorageIfAvailable(body) != nil { return }
        var text = text
        text.withUTF8(body)
    }

    /// Bytes `escape` looks at: controls, & < > ", and EF (which leads U+FFFE and U+FFFF). A
    /// test of constants, not a table: a table is a global, made lazily and checked at each call.
    @inline(__always)
    private static func mayNeedEscape(_ byte: UInt8) -> Bool {
        let marks: UInt64 = 1 << 0x22 | 1 << 0x26 | 1 << 0x3C | 1 << 0x3E
        return byte < 0x40 ? byte < 0x20 || marks >> UInt64(byte) & 1 != 0 : byte == 0xEF
    }

    /// Copies the text's UTF-8, escaping markup characters and dropping forbidden ones. Runs of
    /// plain bytes are copied in one go.
    @usableFromInline
    func escape(_ text: String, attribute: Bool) {
        Self.withUTF8(of: text) { escape($0, attribute: attribute) }
    }

    private func escape(_ bytes: UnsafeBufferPointer<UInt8>, attribute: Bool) {
        let buffer = self.buffer
        // One loop, no nested function: captured variables would be boxed and checked for
        // exclusive access on every use.
        var start = 0, index = 0
        let count = bytes.count
        let base = UnsafeRawPointer(bytes.baseAddress)
        while index < count {
            // Most bytes are copied as they are: eight at a time while none is ASCII or EF
            // (Chinese text but its full-width punctuation), then a test each.
            // (SystemSupport's ByteSearch has the same test for the readers; this module cannot
            // import it: its Foundation's ICU clashes with libxml2's.)
            while index + 8 <= count, let base {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let ef = word ^ 0xEFEF_EFEF_EFEF_EFEF
                guard word & 0x8080_8080_8080_8080 == 0x8080_8080_8080_8080,
                      (ef &- 0x0101_0101_0101_0101) & ~ef & 0x8080_8080_8080_8080 == 0 else { break }
                index += 8
            }
            while index < count && !Self.mayNeedEscape(bytes[index]) { index += 1 }
            guard index < count else { break }
            let byte = bytes[index]
            let replacement: StaticString?
            var width = 1
            switch byte {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "\""): replacement = attribute ? "&quot;" : nil
            case 0x0D: replacement = "&#13;"
            case 0x0A: replacement = attribute ? "&#10;" : nil
            case 0x09: replacement = attribute ? "&#9;" : nil
            case 0x00..<0x20: replacement = ""
            case 0xEF where index + 2 < count && bytes[index + 1] == 0xBF && (bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF):
                replacement = ""
                width = 3
            default: replacement = nil
            }
            if let replacement {
                if index > start { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index])) }
                buffer.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                index += width
                start = index
            } else {
                index += 1
            }
        }
        if count > start { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<count])) }
    }
}

public enum XMLText {
    /// Whether XML 1.0 allows the scalar in character data.
    @inline(__always)
    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: return true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    public static func removingForbiddenCharacters(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy(isAllowed) { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.lazy.filter(isAllowed))
        return String(scalars)
    }
}

public enum XMLError: Error, CustomStringConvertible, Equatable {
    case libxml(String)
    case malformed(line: Int, message: String)

    public var description: String {
        switch self {
        case .libxml(let message): return message
        case .malformed(let line, let message): return "malformed XML at line \(line): \(message)"
        }
    }
}
