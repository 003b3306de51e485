import SpeechStyles
import SystemSupport
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
        static let header = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
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

/// The styles the writer refers to. Built-in names (Title, heading 1…) so Word, LibreOffice,
/// pandoc and an office's template recognise them; Chinese aliases so a Chinese Word shows
/// familiar names.
enum StyleKey: Hashable {
    /// A role's own style (its names are the role's: Role.wordStyle).
    case role(Role)
    /// Styles Word needs besides the roles': the footer paragraph and the page-number lines
    /// of odd and even pages, Word's default character style, and the character styles of
    /// run-in body text, emphasis and damaged text.
    case footer, pageNumberOdd, pageNumberEven, defaultParagraphFont, runInBody, emphasis, damaged

    static var normal: StyleKey { .role(.body) }
    static var title: StyleKey { .role(.title) }
    static var speakerDate: StyleKey { .role(.speakerDate) }
    static var salutation: StyleKey { .role(.salutation) }
    static var closing: StyleKey { .role(.closing) }
    static var gap: StyleKey { .role(.gap) }
    static var lead: StyleKey { .role(.lead) }
    static var pageNumber: StyleKey { .role(.pageNumber) }

    static func heading(_ level: Int) -> StyleKey { .role(.heading(level)) }

    var isCharacter: Bool {
        switch self {
        case .role(let role): role == .lead
        case .defaultParagraphFont, .runInBody, .emphasis, .damaged: true
        default: false
        }
    }

    /// The id SpeechDoc gives the style when no template has one; its name (w:name), which a
    /// template's style must have to stand in for it; and the Chinese alias Word shows.
    private var names: (id: String, name: String, alias: String?) {
        switch self {
        case .role(let role): role.wordStyle
        case .footer: ("Footer", "footer", "页脚")
        case .pageNumberOdd: ("PageNumberOdd", "Page Number Odd", "页码（单页）")
        case .pageNumberEven: ("PageNumberEven", "Page Number Even", "页码（双页）")
        case .defaultParagraphFont: ("DefaultParagraphFont", "Default Paragraph Font", nil)
        case .runInBody: ("RunInBody", "Run-in Body Text", "并列正文")
        case .emphasis: ("Emphasis", "Emphasis", "着重号")
        case .damaged: ("DamagedText", "Damaged Text", "疑似乱码")
        }
    }

    var preferredID: String { names.id }
    var name: String { names.name }
    var aliases: String? { names.alias }
}

/// The style id each key has in this document: its preferred id, or the id of the template's
/// style of the same name.
struct StyleMap {
    var ids: [StyleKey: String]

    subscript(key: StyleKey) -> String { ids[key] ?? key.preferredID }

    func heading(_ level: Int) -> String { self[.heading(level)] }

    static let standard = StyleMap(ids: [:])
}

extension XMLWriter {
    /// Spaces at either end, or two in a row, are lost without xml:space="preserve".
    /// Checked on the bytes: this runs for every run of text.
    static func needsPreservedSpace(_ text: String) -> Bool {
        return text.withBytes { bytes in
            guard let first = bytes.first, let last = bytes.last else { return false }
            if first == 0x20 || last == 0x20 { return true }
            // Chinese text has few spaces: hop between them.
            var from = 1
            while let space = ByteSearch.firstIndex(of: 0x20, in: bytes, from: from, to: bytes.count - 1) {
                if bytes[space + 1] == 0x20 { return true }
                from = space + 2
            }
            return false
        }
    }

    /// `<name w:val="value"/>`, the shape of most WordprocessingML properties.
    func val(_ name: String, _ value: String) throws {
        try element(name, attributes: ["w:val": value])
    }

    /// A run of text, keeping spaces at its ends; of `style` (a character style) if any.
    func textRun(_ text: String, style: String? = nil) throws {
        markup("<w:r>")
        if let style { try element("w:rPr") { try val("w:rStyle", style) } }
        try runText(text)
    }

    /// A run whose properties (`<w:rPr>…</w:rPr>`) were made once, as a fragment.
    func textRun(_ text: String, properties: [UInt8]) throws {
        markup("<w:r>")
        markup(properties)
        try runText(text)
    }

    /// A run's text and its end, as markup: the bytes the elements would make.
    private func runText(_ text: String) throws {
        markup(Self.needsPreservedSpace(text) ? "<w:t xml:space=\"preserve\">" : "<w:t>")
        try self.text(text)
        try closingMarkup("</w:t></w:r>")
    }
}
