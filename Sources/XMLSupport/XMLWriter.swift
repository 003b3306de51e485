import CLibXML2

/// Streams an XML document into memory through libxml2's text writer.
///
/// Text and attribute values are stripped of characters XML 1.0 forbids before they reach
/// libxml2, which would otherwise write them through and make the part unreadable.
public final class XMLWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr
    private var finished = false

    public init(indent: Bool = false) throws {
        guard let buffer = xmlBufferCreate() else { throw XMLError.libxml("cannot allocate a buffer") }
        guard let writer = xmlNewTextWriterMemory(buffer, 0) else {
            xmlBufferFree(buffer)
            throw XMLError.libxml("cannot create a text writer")
        }
        self.buffer = buffer
        self.writer = writer
        if indent { xmlTextWriterSetIndent(writer, 1) }
        try check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", "yes"), "start document")
    }

    deinit {
        xmlFreeTextWriter(writer)
        xmlBufferFree(buffer)
    }

    public func startElement(_ name: String) throws {
        try check(xmlTextWriterStartElement(writer, name), "start <\(name)>")
    }

    public func attribute(_ name: String, _ value: String) throws {
        try check(xmlTextWriterWriteAttribute(writer, name, XMLText.removingForbiddenCharacters(value)),
                  "attribute \(name)")
    }

    public func text(_ content: String) throws {
        try check(xmlTextWriterWriteString(writer, XMLText.removingForbiddenCharacters(content)), "text")
    }

    public func endElement() throws {
        try check(xmlTextWriterEndElement(writer), "end element")
    }

    /// `<name a="…">text</name>` in one call.
    public func element(_ name: String, attributes: KeyValuePairs<String, String> = [:], text: String? = nil) throws {
        try startElement(name)
        for (key, value) in attributes { try attribute(key, value) }
        if let text { try self.text(text) }
        try endElement()
    }

    /// `<name …>children</name>`.
    public func element(_ name: String, attributes: KeyValuePairs<String, String> = [:],
                        _ children: () throws -> Void) throws {
        try startElement(name)
        for (key, value) in attributes { try attribute(key, value) }
        try children()
        try endElement()
    }

    /// Closes every open element and returns the document's bytes.
    public func finish() throws -> [UInt8] {
        if !finished {
            try check(xmlTextWriterEndDocument(writer), "end document")
            xmlTextWriterFlush(writer)
            finished = true
        }
        let length = Int(xmlBufferLength(buffer))
        guard length > 0, let content = xmlBufferContent(buffer) else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: length))
    }

    private func check(_ status: Int32, _ what: String) throws {
        if status < 0 { throw XMLError.libxml("xml writer failed to \(what)") }
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
