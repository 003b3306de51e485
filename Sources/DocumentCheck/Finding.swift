import Foundation

/// One thing `speechdoc check` found: which check, how serious, where (the paragraph's first
/// words, and how many paragraphs share the fault), what the standard or the style expects and
/// what the file has.
public struct Finding: Sendable, Equatable {
    public enum Severity: String, Sendable {
        /// The page will not print as a 公文 should (wrong margins, wrong body font).
        case error
        /// Worth a look before printing (an indent that breaks when the size changes, a gap).
        case warning
        /// Said for completeness (a repair the reader made).
        case info
    }

    public var check: String
    public var severity: Severity
    /// The first words of the (first) paragraph concerned; nil for the page or the file.
    public var paragraph: String?
    /// Paragraphs with this same finding.
    public var count: Int
    public var expected: String
    public var found: String
    /// One line in plain words, Chinese first.
    public var message: String

    public init(check: String, severity: Severity, paragraph: String? = nil, count: Int = 1, expected: String, found: String, message: String) {
        self.check = check
        self.severity = severity
        self.paragraph = paragraph
        self.count = count
        self.expected = expected
        self.found = found
        self.message = message
    }

    /// "error page-margins: 页边距 page margins — expected …, found …" with the paragraph named.
    public var line: String {
        var text = "\(severity.rawValue) \(check): \(message)"
        if !expected.isEmpty || !found.isEmpty { text += " — expected \(expected), found \(found)" }
        if let paragraph { text += " (“\(paragraph)”" + (count > 1 ? " and \(count - 1) more" : "") + ")" }
        return text
    }

    /// The first words of a paragraph, as findings name it.
    public static func opening(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.count > 16 ? String(trimmed.prefix(16)) + "…" : trimmed
    }
}
