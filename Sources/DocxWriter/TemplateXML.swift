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
        guard let rootStart = document.firstRange(of: Array("<\(root)".utf8)),
              let startEnd = document[rootStart.upperBound...].firstIndex(of: UInt8(ascii: ">")),
              document[startEnd - 1] != UInt8(ascii: "/"),
              let rootEnd = document.lastRange(of: Array("</\(root)>".utf8)) else { return [] }
        return Array(document[(startEnd + 1)..<rootEnd.lowerBound])
    }

    /// `document` with `fragment` inserted before the root's end tag; nil when the root has no
    /// separate end tag to insert before.
    static func inserting(_ fragment: [UInt8], into document: [UInt8], root: String) -> [UInt8]? {
        guard !fragment.isEmpty else { return document }
        guard let rootEnd = document.lastRange(of: Array("</\(root)>".utf8)) else { return nil }
        return Array(document[..<rootEnd.lowerBound]) + fragment + Array(document[rootEnd.lowerBound...])
    }
}
