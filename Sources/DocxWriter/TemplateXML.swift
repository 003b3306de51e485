import XMLSupport

/// Writes elements taken from a template back out: only WordprocessingML (w:) and relationship
/// (r:) names, so nothing needs a namespace our parts do not declare.
enum TemplateXML {
    static func write(_ element: XMLElement, to writer: XMLWriter) throws {
        guard element.name.hasPrefix("w:") else { return }
        try writer.startElement(element.name)
        for name in element.attributes.keys.sorted() where name.hasPrefix("w:") || name.hasPrefix("r:") {
            try writer.attribute(name, element.attributes[name]!)
        }
        for child in element.children {
            switch child {
            case .element(let element): try write(element, to: writer)
            case .text(let text): try writer.text(text)
            }
        }
        try writer.endElement()
    }

    /// A run-properties element like `base`, with bold set or cleared (w:b and w:bCs go right
    /// after w:rStyle and w:rFonts, where the schema wants them).
    static func runProperties(_ base: XMLElement, bold: Bool, writer: XMLWriter) throws {
        try writer.element("w:rPr") {
            let children = base.elements.filter { !["w:b", "w:bCs", "w:rStyle"].contains($0.name) }
            let leading = children.prefix { $0.name == "w:rFonts" }
            for child in leading { try write(child, to: writer) }
            try writer.val("w:b", bold ? "1" : "0")
            try writer.val("w:bCs", bold ? "1" : "0")
            for child in children.dropFirst(leading.count) { try write(child, to: writer) }
        }
    }
}

/// Splicing elements into a part kept as bytes: a template's styles.xml or fontTable.xml keeps
/// everything it declares (extension namespaces, latent styles), and ours go in before its end tag.
enum XMLFragment {
    /// The bytes between the root's start tag and its end tag; empty for an empty root.
    static func children(of document: [UInt8], root: String) -> [UInt8] {
        guard let tags = rootTags(in: document), document[tags.start].starts(with: Array("<\(root)".utf8)),
              let end = tags.end else { return [] }
        return Array(document[tags.start.upperBound..<end.lowerBound])
    }

    /// `document` with `fragment` inserted before the root's end tag; nil when the root has no
    /// separate end tag to insert before.
    static func inserting(_ fragment: [UInt8], into document: [UInt8], root: String) -> [UInt8]? {
        guard !fragment.isEmpty else { return document }
        guard let rootEnd = rootEndTag(in: document), document[rootEnd].starts(with: Array("</\(root)".utf8)) else { return nil }
        return Array(document[..<rootEnd.lowerBound]) + fragment + Array(document[rootEnd.lowerBound...])
    }

    /// Where the root element's end tag is, found by reading the markup: comments, CDATA
    /// sections, processing instructions, the doctype and quoted attribute values are passed
    /// over, so a `</w:styles>` inside a comment after the root (or in an attribute) is not
    /// taken for it. nil when the root has no end tag (it is empty, or the text is broken).
    static func rootEndTag(in document: [UInt8]) -> Range<Int>? { rootTags(in: document)?.end }

    /// The root element's start tag, and its end tag (nil for an empty root).
    static func rootTags(in document: [UInt8]) -> (start: Range<Int>, end: Range<Int>?)? {
        let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), slash = UInt8(ascii: "/")
        func skip(past terminator: [UInt8], from index: Int) -> Int? {
            document[index...].firstRange(of: terminator).map(\.upperBound)
        }
        var index = 0
        var depth = 0
        var rootStart: Range<Int>?
        while index < document.count {
            guard document[index] == lt else { index += 1; continue }
            let rest = document[index...]
            if rest.starts(with: Array("<!--".utf8)) {
                guard let next = skip(past: Array("-->".utf8), from: index + 4) else { return nil }
                index = next
            } else if rest.starts(with: Array("<![CDATA[".utf8)) {
                guard let next = skip(past: Array("]]>".utf8), from: index + 9) else { return nil }
                index = next
            } else if rest.starts(with: Array("<?".utf8)) {
                guard let next = skip(past: Array("?>".utf8), from: index + 2) else { return nil }
                index = next
            } else if rest.starts(with: Array("<!".utf8)) {
                guard let next = skip(past: [gt], from: index + 2) else { return nil }
                index = next
            } else {
                // A tag: to its closing >, outside quoted attribute values.
                var end = index + 1
                var quote: UInt8?
                while end < document.count {
                    let byte = document[end]
                    if let open = quote { if byte == open { quote = nil } }
                    else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") { quote = byte }
                    else if byte == gt { break }
                    end += 1
                }
                guard end < document.count else { return nil }
                if document[index + 1] == slash {
                    depth -= 1
                    if depth == 0, let rootStart { return (rootStart, index..<(end + 1)) }
                    if depth < 0 { return nil }
                } else {
                    if depth == 0 {
                        if rootStart != nil { return nil }
                        rootStart = index..<(end + 1)
                        // An empty root: nothing inside, no end tag.
                        if document[end - 1] == slash { return (rootStart!, nil) }
                    }
                    if document[end - 1] != slash { depth += 1 }
                }
                index = end + 1
            }
        }
        return nil
    }
}
