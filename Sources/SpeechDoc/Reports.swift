import SpeechModel
import SpeechReader

/// The JSON shapes the CLI prints: `outline --json` and `clean --report`.
public enum Reports {
    public static func outline(_ document: InputDocument) -> JSONValue {
        .object([
            ("input", .string(RawPath.display(document.path))),
            ("encoding", .string(document.encoding)),
            ("documents", .array(document.speeches.map(speechOutline))),
            ("removed", removed(document.report)),
            ("warnings", warnings(document.report)),
        ])
    }

    public static func speechOutline(_ speech: Speech) -> JSONValue {
        let statistics = speech.statistics
        return .object([
            ("title", .string(speech.metadata.title)),
            ("subtitle", .optional(speech.metadata.subtitle)),
            ("speaker", .optional(speech.metadata.speaker)),
            ("date", .optional(speech.metadata.date)),
            ("salutation", .optional(speech.salutation)),
            ("headings", .array(speech.outline.map { entry in
                .object([
                    ("level", .int(entry.level)),
                    ("kind", .string(entry.kind.rawValue)),
                    ("number", .string(entry.number)),
                    ("text", .string(entry.text)),
                ])
            })),
            ("closing", .optional(speech.closing)),
            ("paragraphs", .int(statistics.paragraphs)),
            ("characters", .int(statistics.characters)),
            ("truncated", .bool(speech.isIncomplete)),
            ("gaps", .int(statistics.gaps)),
        ])
    }

    public static func cleaning(_ document: InputDocument) -> JSONValue {
        .object([
            ("input", .string(RawPath.display(document.path))),
            ("encoding", .string(document.encoding)),
            ("removed", removed(document.report)),
            ("warnings", warnings(document.report)),
        ])
    }

    static func removed(_ report: CleaningReport) -> JSONValue {
        .array(report.removed.map { .object([("rule", .string($0.rule)), ("line", .int($0.line)), ("text", .string($0.text))]) })
    }

    static func warnings(_ report: CleaningReport) -> JSONValue {
        .array(report.warnings.map { .object([("kind", .string($0.kind)), ("line", .int($0.line)), ("message", .string($0.message))]) })
    }
}
