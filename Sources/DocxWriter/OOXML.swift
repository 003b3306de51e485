import XMLSupport

/// Namespaces, part names and relationship types the package uses.
enum OOXML {
    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let contentTypes = "http://schemas.openxmlformats.org/package/2006/content-types"
    static let coreProperties = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    static let extendedProperties = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"

    enum RelationshipType {
        static let officeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
        static let core = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
        static let extended = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
        static let styles = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
        static let settings = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"
        static let fontTable = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
        static let footer = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
    }

    enum ContentType {
        static let relationships = "application/vnd.openxmlformats-package.relationships+xml"
        static let xml = "application/xml"
        static let document = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
        static let styles = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
        static let settings = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
        static let fontTable = "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"
        static let footer = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
        static let core = "application/vnd.openxmlformats-package.core-properties+xml"
        static let extended = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
    }
}

/// Style ids the writer refers to. Built-in names (Title, heading 1…) so Word, LibreOffice
/// and pandoc recognise them; Chinese aliases so a Chinese Word shows familiar names.
enum StyleID {
    static let normal = "Normal"
    static let title = "Title"
    static let speakerDate = "SpeakerDate"
    static let salutation = "Salutation"
    static let closing = "Closing"
    static let gap = "GapNotice"
    static let lead = "Lead"
    static let runInBody = "RunInBody"
    static let emphasis = "Emphasis"
    static let footer = "Footer"
    static let pageNumberOdd = "PageNumberOdd"
    static let pageNumberEven = "PageNumberEven"
    static let pageNumber = "PageNumber"
    static let defaultParagraphFont = "DefaultParagraphFont"

    static func heading(_ level: Int) -> String { "Heading\(min(max(level, 1), 4))" }
}

extension XMLWriter {
    /// Spaces at either end, or two in a row, are lost without xml:space="preserve".
    /// Checked on the bytes: this runs for every run of text.
    static func needsPreservedSpace(_ text: String) -> Bool {
        var previousSpace = false, first = true
        for byte in text.utf8 {
            let space = byte == 0x20
            if space && (first || previousSpace) { return true }
            previousSpace = space
            first = false
        }
        return previousSpace
    }

    /// `<name w:val="value"/>`, the shape of most WordprocessingML properties.
    func val(_ name: String, _ value: String) throws {
        try element(name, attributes: ["w:val": value])
    }

    /// A run of text, keeping spaces at its ends.
    func textRun(_ text: String, style: String? = nil) throws {
        try element("w:r") {
            if let style {
                try element("w:rPr") { try val("w:rStyle", style) }
            }
            try startElement("w:t")
            if Self.needsPreservedSpace(text) {
                try attribute("xml:space", "preserve")
            }
            try self.text(text)
            try endElement()
        }
    }
}
