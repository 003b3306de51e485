import SpeechModel

/// What a person said one unit of a page is — the review page's corrections and `--role K=ROLE`
/// on the command line, one spelling for both: a role on the page (furniture, title, meta,
/// salutation, body), a heading of a level (heading-1 … heading-4), a paragraph that is not a
/// heading, or a paragraph that opens with a lead (its first sentence, 一是…。).
public enum UnitCorrection: Sendable, Equatable, Hashable {
    case role(UnitRole)
    case heading(Int)
    case paragraph
    case lead

    public init?(_ name: String) {
        if let role = UnitRole(rawValue: name) { self = .role(role); return }
        switch name {
        case "paragraph": self = .paragraph
        case "lead": self = .lead
        default:
            guard name.hasPrefix("heading-"), let level = Int(name.dropFirst("heading-".count)), (1...4).contains(level) else { return nil }
            self = .heading(level)
        }
    }

    public var name: String {
        switch self {
        case .role(let role): role.rawValue
        case .heading(let level): "heading-\(level)"
        case .paragraph: "paragraph"
        case .lead: "lead"
        }
    }

    /// Every spelling, for help texts and error messages.
    public static var names: [String] {
        UnitRole.allCases.map(\.rawValue) + ["heading-1", "heading-2", "heading-3", "heading-4", "paragraph", "lead"]
    }

    /// The role the labeller must give the unit: a heading, paragraph or lead is kept (body).
    var role: UnitRole {
        if case .role(let role) = self { return role }
        return .body
    }

    /// What the structure reader is told (FormatHint.forced); 0 when the role alone says it.
    var forced: UInt8 {
        switch self {
        case .role: 0
        case .heading(let level): UInt8(Heading.clamped(level))
        case .paragraph: FormatHint.paragraph
        case .lead: FormatHint.lead
        }
    }

    /// "3=body", "5=heading-2" → (unit, correction); nil when either part is not one.
    public static func parse(_ text: String) -> (unit: Int, correction: UnitCorrection)? {
        let parts = text.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, let unit = Int(parts[0]), unit >= 0, let correction = UnitCorrection(String(parts[1])) else { return nil }
        return (unit, correction)
    }
}

/// A unit's text as a person rewrote it (`--edit K=TEXT`, the review page's in-place edit): one
/// line, not empty; the labeller and everything after it read the new text.
public enum UnitEdit {
    /// Why `text` cannot replace a unit, or nil when it can.
    public static func problem(_ text: String) -> String? {
        if text.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{2029}" }) {
            return "an edited unit is one line (a line break would make two units)"
        }
        if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            return "an edited unit cannot be empty: remove the line instead (role furniture)"
        }
        return nil
    }

    /// "5=新的文字" → (5, "新的文字"); nil when it is not K=TEXT or the text cannot be a unit.
    public static func parse(_ text: String) -> (unit: Int, text: String)? {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let unit = Int(parts[0]), unit >= 0, problem(String(parts[1])) == nil else { return nil }
        return (unit, String(parts[1]))
    }
}
