import Foundation
import SpeechReader

/// What happened to one input.
public struct BatchEntry: Sendable, Equatable {
    public var input: String
    public var sha256: String?
    public var encoding: String?
    public var speeches = 0
    public var outputs: [String] = []
    public var removed = 0
    public var warnings = 0
    public var error: String?
    /// Skipped by --incremental: unchanged since the previous report.
    public var unchanged = false

    public init(input: String) { self.input = input }

    var json: JSONValue {
        .object([
            ("input", .string(input)),
            ("sha256", .optional(sha256)),
            ("encoding", .optional(encoding)),
            ("speeches", .int(speeches)),
            ("outputs", .array(outputs.map(JSONValue.string))),
            ("removed", .int(removed)),
            ("warnings", .int(warnings)),
            ("error", .optional(error)),
            ("unchanged", .bool(unchanged)),
        ])
    }
}

/// The batch report: per input its outputs, encoding, speeches, removals, warnings and error;
/// files that were not inputs; totals; elapsed time.
public struct BatchReport: Sendable {
    public var settings: String
    public var shard: Shard?
    public var jobs: Int
    public var entries: [BatchEntry]
    public var skipped: [(path: String, reason: String)]
    public var elapsedSeconds: Double

    public var converted: Int { entries.filter { $0.error == nil && !$0.unchanged }.count }
    public var failed: Int { entries.filter { $0.error != nil }.count }
    public var unchanged: Int { entries.filter(\.unchanged).count }
    public var outputCount: Int { entries.reduce(0) { $0 + $1.outputs.count } }

    public var json: JSONValue {
        .object([
            ("speechdoc_report", .int(1)),
            ("settings", .string(settings)),
            ("shard", .optional(shard?.description)),
            ("jobs", .int(jobs)),
            ("elapsed_seconds", .double((elapsedSeconds * 1000).rounded() / 1000)),
            ("totals", .object([
                ("inputs", .int(entries.count)),
                ("converted", .int(converted)),
                ("unchanged", .int(unchanged)),
                ("failed", .int(failed)),
                ("skipped", .int(skipped.count)),
                ("speeches", .int(entries.reduce(0) { $0 + $1.speeches })),
                ("outputs", .int(outputCount)),
            ])),
            ("inputs", .array(entries.map(\.json))),
            ("skipped", .array(skipped.map { .object([("path", .string($0.path)), ("reason", .string($0.reason))]) })),
        ])
    }

    /// Entries of an earlier report that --incremental may reuse, by input path.
    public static func previousEntries(_ data: Data) -> (settings: String?, entries: [String: BatchEntry]) {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return (nil, [:]) }
        var entries: [String: BatchEntry] = [:]
        for item in object["inputs"] as? [[String: Any]] ?? [] {
            guard let input = item["input"] as? String else { continue }
            var entry = BatchEntry(input: input)
            entry.sha256 = item["sha256"] as? String
            entry.encoding = item["encoding"] as? String
            entry.speeches = item["speeches"] as? Int ?? 0
            entry.outputs = item["outputs"] as? [String] ?? []
            entry.removed = item["removed"] as? Int ?? 0
            entry.warnings = item["warnings"] as? Int ?? 0
            entry.error = item["error"] as? String
            entries[input] = entry
        }
        return (object["settings"] as? String, entries)
    }
}
