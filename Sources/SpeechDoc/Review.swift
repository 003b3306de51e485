import Foundation

/// One input under review (the web page's model, in the library so any front end can offer
/// it): the page read with every unit's decision kept, the roles a person fixed, an undo
/// history, and the outputs — the same bytes `speechdoc convert NAME --role K=ROLE…` gives for
/// the same input, style and corrections.
public struct Review: Sendable {
    /// What a person said a unit is: a role on the page, a heading of a level, or a paragraph
    /// (kept, not a heading). Written as `convert --role` takes it: body, heading-2, paragraph.
    public enum Correction: Sendable, Equatable {
        case role(UnitRole)
        case heading(Int)
        case paragraph

        public init?(_ name: String) {
            if let role = UnitRole(rawValue: name) { self = .role(role); return }
            if name == "paragraph" { self = .paragraph; return }
            guard name.hasPrefix("heading-"), let level = Int(name.dropFirst("heading-".count)), (1...4).contains(level) else { return nil }
            self = .heading(level)
        }

        public var name: String {
            switch self {
            case .role(let role): role.rawValue
            case .heading(let level): "heading-\(level)"
            case .paragraph: "paragraph"
            }
        }
    }

    public let name: String
    public let bytes: [UInt8]
    /// Corrections made by a person, by unit index.
    public private(set) var overrides: [Int: Correction] = [:]
    private var history: [[Int: Correction]] = []
    public private(set) var document: InputDocument

    /// Reads `bytes` as the file `name` would be read (the name decides nothing the bytes can
    /// tell, and is the speech's source, as on the command line).
    public init(name: String, bytes: [UInt8]) throws {
        self.name = name
        self.bytes = bytes
        document = try Self.read(name, bytes, overrides: [:])
    }

    static func read(_ name: String, _ bytes: [UInt8], overrides: [Int: Correction]) throws -> InputDocument {
        var options = ReadOptions(explain: true)
        for (unit, correction) in overrides {
            switch correction {
            case .role(let role): options.roleOverrides[unit] = role
            case .heading(let level): options.structureOverrides[unit] = level
            case .paragraph: options.structureOverrides[unit] = 0
            }
        }
        return try DocumentLoader.load(bytes: bytes, path: name, kind: InputKind(path: name, bytes: bytes), options: options)
    }

    /// Corrects a unit (nil: let the reader decide again) and reads the page again around it.
    public mutating func set(unit: Int, to role: Correction?) throws {
        guard document.report.decisions.indices.contains(unit) else { throw InputError(path: name, cause: "no unit \(unit) on the page") }
        var next = overrides
        next[unit] = role
        let reread = try Self.read(name, bytes, overrides: next)
        history.append(overrides)
        overrides = next
        document = reread
    }

    public var canUndo: Bool { !history.isEmpty }

    public mutating func undo() throws {
        guard let previous = history.popLast() else { return }
        document = try Self.read(name, bytes, overrides: previous)
        overrides = previous
    }

    /// `--role` arguments that reproduce the corrections on the command line.
    public var roleArguments: [String] {
        overrides.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.name)" }
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

    /// The page as the review shows it: every unit with its role, whether a person fixed it,
    /// why it was removed, and the evidence; the speeches' outlines; what to look at.
    public var json: JSONValue {
        // Removed units carry the rule that removed them, matched in page order.
        var removals = document.report.removed
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
                ("removed", .bool(decision.role == UnitRole.furniture.rawValue)),
                ("rule", .optional(rule)),
                ("margin", .double((decision.margin * 10).rounded() / 10)),
                ("evidence", .array(decision.evidence.map(JSONValue.string))),
                ("text", .string(decision.text)),
            ]))
        }
        return .object([
            ("name", .string(name)),
            ("encoding", .string(document.encoding)),
            ("canUndo", .bool(canUndo)),
            ("roles", .array(roleArguments.map(JSONValue.string))),
            ("units", .array(units)),
            ("speeches", .array(document.speeches.map(Reports.speechOutline))),
            ("notices", .array(Notices.lines(for: document, outputs: []).map(JSONValue.string))),
            ("findings", .array(DocumentChecks.text(document).map { .string($0.line) })),
        ])
    }
}
