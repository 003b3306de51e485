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
    /// --incremental: outputs of this input's last run that this run did not make again (a
    /// file now holding fewer speeches), removed.
    public var removedOutputs: [String] = []

    public init(input: String) { self.input = input }

    var json: JSONValue {
        .object([
            ("input", .string(RawPath.display(input))),
            ("sha256", .optional(sha256)),
            ("encoding", .optional(encoding)),
            ("speeches", .int(speeches)),
            ("outputs", .array(outputs.map { .string(RawPath.display($0)) })),
            ("removed", .int(removed)),
            ("warnings", .int(warnings)),
            ("error", .optional(error)),
            ("unchanged", .bool(unchanged)),
        ] + (removedOutputs.isEmpty ? [] : [("removed_outputs", .array(removedOutputs.map { .string(RawPath.display($0)) }))]))
    }
}

/// What a batch did, in counts: the report's totals, the files that were not inputs, and the
/// inputs that failed (the rest of each input's story is in the report, written as it goes).
public struct BatchSummary: Sendable {
    public var inputs = 0
    public var converted = 0
    public var unchanged = 0
    public var speeches = 0
    public var outputCount = 0
    public var skipped: [(path: String, reason: String)] = []
    public var failures: [(input: String, error: String)] = []
    /// --incremental: outputs the last run made for inputs that are gone.
    public var orphaned: [String] = []
    public var elapsedSeconds: Double = 0

    public var failed: Int { failures.count }

    mutating func count(_ entry: BatchEntry) {
        inputs += 1
        speeches += entry.speeches
        outputCount += entry.outputs.count
        if let error = entry.error {
            failures.append((entry.input, error))
        } else if entry.unchanged {
            unchanged += 1
        } else {
            converted += 1
        }
    }

    var totals: JSONValue {
        .object([
            ("inputs", .int(inputs)),
            ("converted", .int(converted)),
            ("unchanged", .int(unchanged)),
            ("failed", .int(failed)),
            ("skipped", .int(skipped.count)),
            ("speeches", .int(speeches)),
            ("outputs", .int(outputCount)),
        ])
    }
}

/// The JSON report of a batch, written while the batch runs: each input's entry goes out as
/// soon as it and the inputs before it are done, so memory stays flat however many files there
/// are. Written to a temporary file renamed into place at the end (or to standard output),
/// so a report file is always whole.
///
///     { "speechdoc_report": 1, "settings": …, "shard": …, "jobs": …,
///       "inputs": [ … one object per input, in input order … ],
///       "skipped": [ … ], "totals": { … }, "elapsed_seconds": … }
public final class BatchReportWriter: @unchecked Sendable {
    let path: String
    private var file: AtomicFile.Stream?
    private var buffer: [UInt8] = []
    private var entries = 0
    private var failure: Error?

    /// `path` "-" is standard output.
    public init(path: String) {
        self.path = path
    }

    /// Opens the report and writes everything before the entries.
    func begin(settings: String, shard: Shard?, jobs: Int) throws {
        do {
            if path != "-" { file = try AtomicFile.Stream(path: path) }
        } catch {
            throw BatchReportError(path: path, cause: error)
        }
        let header: [(String, JSONValue)] = [
            ("speechdoc_report", .int(1)),
            ("settings", .string(settings)),
            ("paths", .string("bytes of a file name that are not UTF-8 are written \\xNN")),
            ("shard", .optional(shard?.description)),
            ("jobs", .int(jobs)),
        ]
        append("{\n" + header.map { JSONValue.member($0.0, $0.1, in: 0) + ",\n" }.joined() + "  \"inputs\": [")
    }

    /// The next entry, in input order.
    func add(_ entry: BatchEntry) {
        append((entries == 0 ? "\n" : ",\n") + entry.json.element(in: 1))
        entries += 1
        if buffer.count >= 64 << 10 { flush() }
    }

    /// Writes the rest and puts the report in place.
    func finish(_ summary: BatchSummary) throws {
        let skipped = JSONValue.array(summary.skipped.map { .object([("path", .string(RawPath.display($0.path))), ("reason", .string($0.reason))]) })
        let elapsed = JSONValue.double((summary.elapsedSeconds * 1000).rounded() / 1000)
        var rest: [(String, JSONValue)] = [("skipped", skipped)]
        if !summary.orphaned.isEmpty { rest.append(("orphaned_outputs", .array(summary.orphaned.map { .string(RawPath.display($0)) }))) }
        rest += [("totals", summary.totals), ("elapsed_seconds", elapsed)]
        append((entries == 0 ? "]" : "\n  ]") + rest.map { ",\n" + JSONValue.member($0.0, $0.1, in: 0) }.joined() + "\n}\n")
        flush()
        do {
            if let failure { throw failure }
            try file?.commit()
        } catch {
            file?.abandon()
            throw BatchReportError(path: path, cause: error)
        }
    }

    private func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    private func flush() {
        defer { buffer.removeAll(keepingCapacity: true) }
        guard failure == nil else { return }
        if let file {
            do { try file.write(buffer) } catch { failure = error }
        } else if path == "-" {
            FileHandle.standardOutput.write(Data(buffer))
        }
    }
}

/// The report could not be written; the conversions themselves are unaffected.
public struct BatchReportError: Error, CustomStringConvertible {
    public var path: String
    public var cause: Error
    public var description: String { "\(path): cannot write the report: \(cause)" }
}

public enum BatchReport {
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
