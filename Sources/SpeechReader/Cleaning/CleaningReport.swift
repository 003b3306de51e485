/// A line of the source as it goes through cleaning. `number` is the 1-based line in the
/// decoded file; `original` is the line as it was read, for reports.
public struct SourceLine: Sendable, Equatable {
    public var number: Int
    public var text: String
    public var original: String
    /// The role the page labeller gave this unit (nil before labelling).
    public var role: UnitRole?

    public init(number: Int, text: String, original: String? = nil, role: UnitRole? = nil) {
        self.number = number
        self.text = text
        self.original = original ?? text
        self.role = role
    }

    public var isBlank: Bool { text.isEmpty }
}

/// Something a cleaning pass took out of the text.
public struct Removal: Sendable, Equatable, Hashable {
    /// The pass's rule name, e.g. "paywall-notice".
    public var rule: String
    public var line: Int
    public var text: String

    public init(rule: String, line: Int, text: String) {
        self.rule = rule
        self.line = line
        self.text = text
    }
}

/// Something the reader kept but a person should look at.
public struct ReadWarning: Sendable, Equatable, Hashable {
    /// e.g. "damaged-text", "outline-mismatch".
    public var kind: String
    public var line: Int
    public var message: String

    public init(kind: String, line: Int, message: String) {
        self.kind = kind
        self.line = line
        self.message = message
    }
}

public struct CleaningReport: Sendable, Equatable {
    public var removed: [Removal] = []
    public var warnings: [ReadWarning] = []
    /// Outline items (目录/提纲) found above the speech, kept to cross-check the body.
    public var outlineItems: [SourceLine] = []
    /// Every unit's role, score margin and strongest evidence, when asked for (outline --lines).
    public var decisions: [UnitDecision] = []

    public init() {}

    mutating func remove(_ rule: String, _ line: SourceLine, _ text: String? = nil) {
        removed.append(Removal(rule: rule, line: line.number, text: text ?? line.original))
    }

    mutating func warn(_ kind: String, _ line: Int, _ message: String) {
        warnings.append(ReadWarning(kind: kind, line: line, message: message))
    }
}
