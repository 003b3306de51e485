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
    /// Starts of LibreOffice for PDF outputs.
    public var officeStarts = 0

    public var failed: Int { failures.count }

    public init() {}

    public mutating func count(_ entry: BatchEntry) {
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
        .object(officeStarts == 0 ? totalsMembers : totalsMembers + [("office_starts", .int(officeStarts))])
    }

    private var totalsMembers: [(String, JSONValue)] {
        [
            ("inputs", .int(inputs)),
            ("converted", .int(converted)),
            ("unchanged", .int(unchanged)),
            ("failed", .int(failed)),
            ("skipped", .int(skipped.count)),
            ("speeches", .int(speeches)),
            ("outputs", .int(outputCount)),
        ]
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
    public func begin(settings: String, shard: Shard?, jobs: Int) throws {
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
    public func add(_ entry: BatchEntry) {
        append(entries == 0 ? "\n" : ",\n")
        entry.json.writeElement(to: &buffer, in: 1)
        entries += 1
        if buffer.count >= 64 << 10 { flush() }
    }

    /// Writes the rest and puts the report in place.
    public func finish(_ summary: BatchSummary) throws {
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
    /// A report read back whole: what `report merge` needs of each shard's report.
    public struct Contents: Sendable {
        public var settings: String?
        public var shard: Shard?
        public var jobs = 0
        public var entries: [BatchEntry] = []
        public var skipped: [(path: String, reason: String)] = []
        public var orphaned: [String] = []
        public var officeStarts = 0
        public var elapsedSeconds: Double = 0
    }

    /// Entries of an earlier report that --incremental may reuse, by input path. Read by a
    /// pull parser over the bytes that keeps only the fields it needs: a report of 20,000
    /// inputs as a Foundation object graph took over 100 MB. A report that is not one of
    /// ours gives nothing to reuse (every input is redone).
    public static func previousEntries(_ data: Data) -> (settings: String?, entries: [String: BatchEntry]) {
        guard let contents = read(data) else { return (nil, [:]) }
        var entries: [String: BatchEntry] = [:]
        for entry in contents.entries { entries[entry.input] = entry }
        return (contents.settings, entries)
    }

    /// A whole report, or nil when the bytes are not a report (not JSON, or not an object).
    public static func read(_ data: Data) -> Contents? {
        var reader = JSONPull(bytes: [UInt8](data))
        var contents = Contents()
        let complete = reader.object { key, reader in
            switch key {
            case "settings": contents.settings = reader.string()
            case "shard": contents.shard = reader.string().flatMap(Shard.init)
            case "jobs": contents.jobs = reader.integer() ?? 0
            case "elapsed_seconds": contents.elapsedSeconds = reader.number() ?? 0
            case "skipped":
                return reader.array { reader in
                    var path = "", reason = ""
                    let read = reader.object { field, reader in
                        switch field {
                        case "path": path = reader.string() ?? ""
                        case "reason": reason = reader.string() ?? ""
                        default: return reader.skip()
                        }
                        return reader.ok
                    }
                    contents.skipped.append((path, reason))
                    return read
                }
            case "orphaned_outputs": return reader.strings { contents.orphaned.append($0) }
            case "totals":
                return reader.object { field, reader in
                    if field == "office_starts" { contents.officeStarts = reader.integer() ?? 0; return reader.ok }
                    return reader.skip()
                }
            case "inputs":
                return reader.array { reader in
                    var entry = BatchEntry(input: "")
                    let read = reader.object { field, reader in
                        switch field {
                        case "input": entry.input = reader.string() ?? ""
                        case "sha256": entry.sha256 = reader.string()
                        case "encoding": entry.encoding = reader.string()
                        case "speeches": entry.speeches = reader.integer() ?? 0
                        case "removed": entry.removed = reader.integer() ?? 0
                        case "warnings": entry.warnings = reader.integer() ?? 0
                        case "error": entry.error = reader.string()
                        case "unchanged": entry.unchanged = reader.boolean() ?? false
                        case "outputs": return reader.strings { entry.outputs.append($0) }
                        case "removed_outputs": return reader.strings { entry.removedOutputs.append($0) }
                        default: return reader.skip()
                        }
                        return reader.ok
                    }
                    if read, !entry.input.isEmpty { contents.entries.append(entry) }
                    return read
                }
            default: return reader.skip()
            }
            return reader.ok
        }
        return complete ? contents : nil
    }

    /// Why shards' reports do not add up to one batch: a shard missing or given twice, shards
    /// of different counts or settings, an input in two reports.
    public struct MergeError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The reports of shards 1…N of one batch as the report of one batch over every input:
    /// entries in input-path order, each input exactly once (an input in two reports, or a
    /// shard missing or given twice, is an error), totals counted again, skipped files and
    /// orphaned outputs once each, office starts summed, the longest shard's time.
    public static func merge(_ reports: [(path: String, contents: Contents)], into path: String) throws -> BatchSummary {
        guard let first = reports.first else { throw MergeError(description: "no reports to merge") }
        var shardOf: [Int: String] = [:]
        var count: Int?
        for (file, report) in reports {
            guard report.settings == first.contents.settings else {
                throw MergeError(description: "\(file): made with other settings than \(first.path) (style, formats or template differ)")
            }
            guard let shard = report.shard else {
                if reports.count == 1 { continue }
                throw MergeError(description: "\(file): not the report of a shard (--shard K/N)")
            }
            if let count, count != shard.count { throw MergeError(description: "\(file): shard \(shard) of another split than \(first.path)'s /\(count)") }
            count = shard.count
            if let other = shardOf[shard.index] { throw MergeError(description: "\(file): shard \(shard) is also \(other)") }
            shardOf[shard.index] = file
        }
        if let count {
            let missing = (1...count).filter { shardOf[$0] == nil }
            guard missing.isEmpty else {
                throw MergeError(description: "shard\(missing.count > 1 ? "s" : "") \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) missing: every shard's report is needed")
            }
        }
        var owner: [String: String] = [:]
        var entries: [BatchEntry] = []
        var summary = BatchSummary()
        var skipped = Set<String>(), orphaned = Set<String>()
        for (file, report) in reports {
            for entry in report.entries {
                if let other = owner[entry.input] { throw MergeError(description: "\(entry.input): in both \(other) and \(file)") }
                owner[entry.input] = file
                entries.append(entry)
            }
            for item in report.skipped where skipped.insert(item.path).inserted { summary.skipped.append(item) }
            for output in report.orphaned where orphaned.insert(output).inserted { summary.orphaned.append(output) }
            summary.officeStarts += report.officeStarts
            summary.elapsedSeconds = max(summary.elapsedSeconds, report.elapsedSeconds)
        }
        entries.sort { Array($0.input.utf8).lexicographicallyPrecedes(Array($1.input.utf8)) }
        let writer = BatchReportWriter(path: path)
        try writer.begin(settings: first.contents.settings ?? "", shard: nil, jobs: reports.reduce(0) { $0 + $1.contents.jobs })
        for entry in entries {
            writer.add(entry)
            summary.count(entry)
        }
        try writer.finish(summary)
        return summary
    }
}

/// A pull parser for JSON over bytes that builds nothing it is not asked for: values are read
/// (string, integer) or skipped where they stand. `ok` turns false at the first error.
struct JSONPull {
    let bytes: [UInt8]
    var index = 0
    var ok = true

    init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func space() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func expect(_ byte: UInt8) -> Bool {
        space()
        guard index < bytes.count, bytes[index] == byte else { ok = false; return false }
        index += 1
        return true
    }

    private mutating func peek() -> UInt8? {
        space()
        return index < bytes.count ? bytes[index] : nil
    }

    /// An object: `member` reads (or skips) each value and says whether that went well.
    mutating func object(_ member: (String, inout JSONPull) -> Bool) -> Bool {
        guard expect(UInt8(ascii: "{")) else { return false }
        if peek() == UInt8(ascii: "}") { index += 1; return true }
        while ok {
            guard let key = string(), expect(UInt8(ascii: ":")), member(key, &self), ok else { ok = false; return false }
            if peek() == UInt8(ascii: ",") { index += 1; continue }
            return expect(UInt8(ascii: "}"))
        }
        return false
    }

    mutating func array(_ element: (inout JSONPull) -> Bool) -> Bool {
        guard expect(UInt8(ascii: "[")) else { return false }
        if peek() == UInt8(ascii: "]") { index += 1; return true }
        while ok {
            guard element(&self), ok else { ok = false; return false }
            if peek() == UInt8(ascii: ",") { index += 1; continue }
            return expect(UInt8(ascii: "]"))
        }
        return false
    }

    /// A string, or nil for null (and for anything else, which is an error).
    mutating func string() -> String? {
        guard let first = peek() else { ok = false; return nil }
        if first == UInt8(ascii: "n") { return literal("null") ? nil : nil }
        guard first == UInt8(ascii: "\"") else { ok = false; return nil }
        index += 1
        var utf8: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\"") { return String(decoding: utf8, as: UTF8.self) }
            guard byte == UInt8(ascii: "\\") else { utf8.append(byte); continue }
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "u"):
                guard var unit = hex4() else { ok = false; return nil }
                if (0xD800..<0xDC00).contains(unit), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                   bytes[index + 1] == UInt8(ascii: "u") {
                    index += 2
                    guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { ok = false; return nil }
                    unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(unit) else { ok = false; return nil }
                utf8.append(contentsOf: String(scalar).utf8)
            default: utf8.append(escape)
            }
        }
        ok = false
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16) else { return nil }
        index += 4
        return value
    }

    /// An array of strings, each handed to `element`.
    mutating func strings(_ element: (String) -> Void) -> Bool {
        array { reader in
            guard let text = reader.string() else { return false }
            element(text)
            return true
        }
    }

    mutating func boolean() -> Bool? {
        guard let first = peek() else { ok = false; return nil }
        if first == UInt8(ascii: "t") { return literal("true") ? true : nil }
        if first == UInt8(ascii: "f") { return literal("false") ? false : nil }
        ok = false
        return nil
    }

    mutating func number() -> Double? {
        space()
        let start = index
        while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
        guard index > start, let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else { ok = false; return nil }
        return value
    }

    mutating func integer() -> Int? {
        number().flatMap { Int(exactly: $0.rounded(.towardZero)) }
    }

    private mutating func literal(_ word: String) -> Bool {
        let expected = Array(word.utf8)
        guard bytes[index...].starts(with: expected) else { ok = false; return false }
        index += expected.count
        return true
    }

    /// Passes over any value.
    mutating func skip() -> Bool {
        guard let first = peek() else { ok = false; return false }
        switch first {
        case UInt8(ascii: "{"): return object { _, reader in reader.skip() }
        case UInt8(ascii: "["): return array { $0.skip() }
        case UInt8(ascii: "\""): _ = string(); return ok
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: _ = integer(); return ok
        }
    }
}
