import Foundation

/// One input under review (the web page's model, in the library so any front end can offer
/// it): the page read with every unit's decision kept, the roles a person fixed, an undo
/// history, and the outputs — the same bytes `speechdoc convert NAME --role K=ROLE…` gives for
/// the same input, style and corrections.
public struct Review: Sendable {
    public typealias Correction = UnitCorrection

    /// What a person changed: roles and rewritten text, by unit.
    public struct Changes: Sendable, Equatable {
        public var corrections: [Int: Correction] = [:]
        public var edits: [Int: String] = [:]
    }

    public let name: String
    public let bytes: [UInt8]
    public private(set) var changes = Changes()
    private var history: [Changes] = []
    public private(set) var document: InputDocument

    /// Corrections made by a person, by unit index.
    public var overrides: [Int: Correction] { changes.corrections }

    /// Reads `bytes` as the file `name` would be read (the name decides nothing the bytes can
    /// tell, and is the speech's source, as on the command line).
    public init(name: String, bytes: [UInt8]) throws {
        self.name = name
        self.bytes = bytes
        document = try Self.read(name, bytes, Changes())
    }

    static func read(_ name: String, _ bytes: [UInt8], _ changes: Changes) throws -> InputDocument {
        var options = ReadOptions(explain: true)
        options.corrections = changes.corrections
        options.edits = changes.edits
        return try DocumentLoader.load(bytes: bytes, path: name, kind: InputKind(path: name, bytes: bytes), options: options)
    }

    private mutating func apply(_ next: Changes) throws {
        let reread = try Self.read(name, bytes, next)
        history.append(changes)
        changes = next
        document = reread
    }

    private func checkUnit(_ unit: Int) throws {
        guard document.report.decisions.indices.contains(unit) else { throw InputError(path: name, cause: "no unit \(unit) on the page") }
    }

    /// Corrects a unit (nil: let the reader decide again) and reads the page again around it.
    public mutating func set(unit: Int, to role: Correction?) throws {
        try checkUnit(unit)
        var next = changes
        next.corrections[unit] = role
        try apply(next)
    }

    /// Rewrites a unit's text (nil: the page's own again) and reads the page again.
    public mutating func edit(unit: Int, text: String?) throws {
        try checkUnit(unit)
        if let text, let problem = UnitEdit.problem(text) { throw InputError(path: name, cause: problem) }
        var next = changes
        next.edits[unit] = text
        try apply(next)
    }

    public var canUndo: Bool { !history.isEmpty }

    public mutating func undo() throws {
        guard let previous = history.popLast() else { return }
        document = try Self.read(name, bytes, previous)
        changes = previous
    }

    /// `--role` arguments that reproduce the corrections on the command line.
    public var roleArguments: [String] {
        changes.corrections.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.name)" }
    }

    /// The options that reproduce every change on the command line, quoted for a POSIX shell:
    /// `--role 3=body --edit '5=新的 文字'`.
    public var arguments: [String] {
        roleArguments.map { "--role " + Quoting.shell($0) }
            + changes.edits.sorted { $0.key < $1.key }.map { "--edit " + Quoting.shell("\($0.key)=\($0.value)") }
    }

    /// The file for one speech (`speech` counts from 1) in a format, as `convert` names and
    /// writes it; an EPUB of a page holding several speeches is their collection, as there.
    public func output(_ format: OutputFormat, speech: Int = 1, options: WriterOptions) throws -> (name: String, bytes: [UInt8]) {
        guard let writer = Formats.writer(for: format) else { throw InputError(path: name, cause: "cannot write \(format.rawValue)") }
        let stem = DocumentLoader.fileStem(name)
        if format == .epub, document.speeches.count > 1 {
            let collection = ConversionPlan.collection(document.speeches, title: nil, author: nil, date: nil, order: .input, inputs: 1)
            return (stem + ".epub", try writer.write(.collection(collection), options: options))
        }
        guard document.speeches.indices.contains(speech - 1) else { throw InputError(path: name, cause: "no speech \(speech)") }
        let names = OutputPlan.paths(base: stem + "." + format.fileExtension, count: document.speeches.count)
        return (names[speech - 1], try writer.write(.speech(document.speeches[speech - 1]), options: options))
    }

    /// What each speech made of its lines, to tag the units: headings with their levels, the
    /// leads that open paragraphs, gaps, closings.
    struct Shapes: SpeechWalker {
        var headings: [(text: String, level: Int)] = []
        var leads: [String] = []
        var closings: Set<String> = []

        mutating func visitHeading(_ heading: Heading, enclosing: [Heading]) {
            headings.append((heading.number + heading.text, heading.level))
        }

        mutating func visitParagraph(_ paragraph: Paragraph, enclosing: [Heading]) {
            if case .lead(let lead) = paragraph.inlines.first { leads.append(lead.number + lead.text) }
        }

        mutating func visitClosing(_ text: String) { closings.insert(text) }
    }

    /// A unit's tags beyond its role on the page: what the speech made of it (heading-N, lead,
    /// gap, closing; subtitle, speaker or date for a meta line) and whether it holds damaged text.
    static func tags(_ decision: UnitDecision, _ shapes: Shapes, _ metadata: [Metadata], damagedLines: Set<Int>) -> [String] {
        var tags: [String] = []
        let text = decision.text
        switch decision.role {
        case UnitRole.body.rawValue:
            if Gap(marker: text) != nil {
                tags.append("gap")
            } else if let heading = shapes.headings.first(where: { !$0.text.isEmpty && text.hasPrefix($0.text) }) {
                tags.append("heading-\(heading.level)")
            } else if shapes.leads.contains(where: { !$0.isEmpty && text.hasPrefix($0) }) {
                tags.append("lead")
            } else if shapes.closings.contains(text) {
                tags.append("closing")
            }
        case UnitRole.meta.rawValue:
            for speech in metadata {
                if let subtitle = speech.subtitle, text.contains(subtitle) { tags.append("subtitle") }
                if let speaker = speech.speaker, text.contains(speaker) { tags.append("speaker") }
                if let date = speech.date, text.contains(date) { tags.append("date") }
            }
        default:
            break
        }
        if damagedLines.contains(decision.line) { tags.append("damaged") }
        var seen = Set<String>()
        return tags.filter { seen.insert($0).inserted }
    }

    /// The page as the review shows it: every unit with its role, whether a person fixed it,
    /// why it was removed, and the evidence; the speeches' outlines; what to look at.
    public var json: JSONValue {
        // Removed units carry the rule that removed them, matched in page order.
        var removals = document.report.removed
        var shapes = Shapes()
        for speech in document.speeches { shapes.walk(speech) }
        let metadata = document.speeches.map(\.metadata)
        let damagedLines = Set(document.report.warnings.filter { $0.kind == "damaged-text" }.map(\.line))
        var units: [JSONValue] = []
        for (index, decision) in document.report.decisions.enumerated() {
            var rule: String?
            if decision.role == UnitRole.furniture.rawValue,
               let at = removals.firstIndex(where: { $0.line == decision.line && $0.text == decision.text }) {
                rule = removals.remove(at: at).rule
            }
            units.append(.object([
                ("index", .int(index)),
                ("line", .int(decision.line)),
                ("role", .string(decision.role)),
                ("fixed", .bool(overrides[index] != nil)),
                ("correction", .optional(overrides[index]?.name)),
                ("edited", .bool(changes.edits[index] != nil)),
                ("removed", .bool(decision.role == UnitRole.furniture.rawValue)),
                ("tags", .array(Self.tags(decision, shapes, metadata, damagedLines: damagedLines).map(JSONValue.string))),
                ("rule", .optional(rule)),
                ("margin", .double((decision.margin * 10).rounded() / 10)),
                ("evidence", .array(decision.evidence.map(JSONValue.string))),
                ("text", .string(decision.text)),
            ]))
        }
        return .object([
            ("name", .string(name)),
            ("word", .string(Quoting.shell(name))),
            ("encoding", .string(document.encoding)),
            ("canUndo", .bool(canUndo)),
            ("roles", .array(roleArguments.map(JSONValue.string))),
            ("arguments", .array(arguments.map(JSONValue.string))),
            ("units", .array(units)),
            ("speeches", .array(document.speeches.map(Reports.speechOutline))),
            ("notices", .array(Notices.lines(for: document, outputs: []).map(JSONValue.string))),
            ("findings", .array(DocumentChecks.text(document).map { .string($0.line) })),
        ])
    }
}
