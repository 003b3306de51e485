import CLibXML2

/// A parsed XML element: enough of a tree to inspect parts and compare them structurally.
public struct XMLElement: Sendable, Equatable {
    /// Qualified name as written (`w:p`).
    public var name: String
    /// Attributes by qualified name, namespace declarations excluded.
    public var attributes: [String: String]
    public var children: [XMLNode]

    public init(name: String, attributes: [String: String] = [:], children: [XMLNode] = []) {
        self.name = name
        self.attributes = attributes
        self.children = children
    }

    public var elements: [XMLElement] {
        children.compactMap { if case .element(let element) = $0 { return element } else { return nil } }
    }

    /// Concatenated text of this element and its descendants.
    public var textContent: String {
        children.map { node in
            switch node {
            case .text(let text): return text
            case .element(let element): return element.textContent
            }
        }.joined()
    }

    /// Every descendant (depth first, document order) with the given name.
    public func descendants(named name: String) -> [XMLElement] {
        var found: [XMLElement] = []
        for child in elements {
            if child.name == name { found.append(child) }
            found += child.descendants(named: name)
        }
        return found
    }

    public func firstChild(named name: String) -> XMLElement? {
        elements.first { $0.name == name }
    }
}

public enum XMLNode: Sendable, Equatable {
    case element(XMLElement)
    case text(String)
}

public enum XMLParser {
    /// Parses a document strictly: no network, no DTD loading, no entity substitution.
    /// Whitespace-only text between elements is dropped.
    public static func parse(_ bytes: [UInt8]) throws -> XMLElement {
        if declaresDocumentType(bytes) {
            throw XMLError.malformed(line: 1, message: "document type declarations are not accepted")
        }
        // NOERROR/NOWARNING: libxml2 prints nothing of its own (its diagnostics run over
        // several lines); the error comes back as one line through `lastError`.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        guard let context = xmlNewParserCtxt() else { throw XMLError.libxml("cannot create a parser") }
        defer { xmlFreeParserCtxt(context) }
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) {
                xmlCtxtReadMemory(context, $0, Int32(buffer.count), nil, nil, options)
            }
        }
        guard let document else {
            throw lastError(context) ?? XMLError.libxml("cannot parse the document")
        }
        defer { xmlFreeDoc(document) }
        if document.pointee.intSubset != nil {
            throw XMLError.malformed(line: 1, message: "document type declarations are not accepted")
        }
        guard let root = xmlDocGetRootElement(document) else {
            throw XMLError.malformed(line: 1, message: "no root element")
        }
        return convert(root)
    }

    /// Whether a `<!DOCTYPE` comes before the root element: refused before libxml2 sees it, so
    /// no entity declared there is ever looked at.
    static func declaresDocumentType(_ bytes: [UInt8]) -> Bool {
        let doctype = Array("<!DOCTYPE".utf8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
            guard index + 1 < bytes.count else { return false }
            switch bytes[index + 1] {
            case UInt8(ascii: "?"), UInt8(ascii: "!"):
                if bytes[index...].starts(with: doctype) { return true }
                index += 2
            default:
                return false
            }
        }
        return false
    }

    /// The one place libxml2 errors become Swift errors.
    private static func lastError(_ context: xmlParserCtxtPtr) -> XMLError? {
        guard let error = xmlCtxtGetLastError(context) else { return nil }
        let message = error.pointee.message.map { String(cString: $0) } ?? "parse error"
        return .malformed(line: Int(error.pointee.line),
                          message: String(message.reversed().drop(while: \.isNewline).reversed()))
    }

    private static func qualifiedName(_ name: UnsafePointer<xmlChar>?, _ ns: xmlNsPtr?) -> String {
        let local = name.map { String(cString: $0) } ?? ""
        if let prefix = ns?.pointee.prefix { return String(cString: prefix) + ":" + local }
        return local
    }

    /// Parses an HTML page (libxml2's HTML parser: forgiving, no network, no external
    /// entities), from UTF-8 bytes. Element names come lower-cased. Elements nested deeper than
    /// `maximumDepth` keep their text but not their structure, so a page of 10,000 nested tags
    /// cannot exhaust the stack.
    /// A web page's tree. Only the attributes named in `attributes` are kept (nil: all): a
    /// page saved whole holds its pictures as data: addresses, megabytes a reader never needs.
    public static func parseHTML(_ utf8: [UInt8], attributes: Set<String>? = nil) throws -> XMLElement {
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue)
        guard let context = htmlNewParserCtxt() else { throw XMLError.libxml("cannot create a parser") }
        defer { htmlFreeParserCtxt(context) }
        let document = utf8.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) {
                htmlCtxtReadMemory(context, $0, Int32(buffer.count), nil, "UTF-8", options)
            }
        }
        guard let document else { throw XMLError.libxml("cannot parse the page as HTML") }
        defer { xmlFreeDoc(document) }
        // libxml2 stops at 256 levels of nesting and drops the rest: say so rather than read
        // half a page.
        if let error = xmlCtxtGetLastError(context), let message = error.pointee.message.map({ String(cString: $0) }),
           message.contains("Excessive depth") {
            throw XMLError.libxml("tags nested more than 256 deep; refused")
        }
        guard let root = xmlDocGetRootElement(document) else { throw XMLError.malformed(line: 1, message: "no root element") }
        return convert(root, depth: 0, attributes: attributes)
    }

    public static let maximumDepth = 200

    private static func convert(_ node: xmlNodePtr, depth: Int = 0, attributes kept: Set<String>? = nil) -> XMLElement {
        if depth >= maximumDepth {
            // Too deep: the text of everything below, as one text node.
            var element = XMLElement(name: qualifiedName(node.pointee.name, node.pointee.ns))
            if let content = xmlNodeGetContent(node) {
                element.children.append(.text(String(cString: content)))
                speechdoc_xml_free(content)
            }
            return element
        }
        var element = XMLElement(name: qualifiedName(node.pointee.name, node.pointee.ns))
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = qualifiedName(current.pointee.name, current.pointee.ns)
            if kept?.contains(name.lowercased()) == false {
                attribute = current.pointee.next
                continue
            }
            if let value = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self)) {
                element.attributes[name] = String(cString: value)
                speechdoc_xml_free(value)
            }
            attribute = current.pointee.next
        }
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                element.children.append(.element(convert(current, depth: depth + 1, attributes: kept)))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content {
                    element.children.append(.text(String(cString: content)))
                }
            default:
                break
            }
            child = current.pointee.next
        }
        return element
    }
}
