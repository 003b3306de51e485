import Foundation

/// Where the tests find the repository, its samples, the shared seeds and external tools.
public enum Repository {
    /// The package root, found from this file's path.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var samples: [URL] {
        let directory = root.appendingPathComponent("Samples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { directory.appendingPathComponent($0) }
    }

    /// ../shared beside the repository: seeds, gold outlines and schemas.
    public static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")

    public static var sharedAvailable: Bool {
        let available = FileManager.default.fileExists(atPath: shared.appendingPathComponent("seeds").path)
        if !available { announceMissingShared() }
        return available
    }

    nonisolated(unsafe) private static var announced = false
    private static func announceMissingShared() {
        guard !announced else { return }
        announced = true
        FileHandle.standardError.write(Data("NOTE: \(shared.path) is absent: tests on the real seeds and schemas are skipped.\n".utf8))
    }

    public static var seeds: [URL] {
        let directory = shared.appendingPathComponent("seeds")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { directory.appendingPathComponent($0) }
    }

    public static func seed(_ prefix: String) -> URL? {
        seeds.first { $0.lastPathComponent.hasPrefix(prefix) }
    }

    public static func gold(for seed: URL) -> URL {
        seed.deletingLastPathComponent().appendingPathComponent("expected")
            .appendingPathComponent(seed.deletingPathExtension().lastPathComponent + ".json")
    }

    /// The built `speechdoc` executable: beside the test bundle, or SPEECHDOC_BIN.
    public static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["SPEECHDOC_BIN"] { return URL(fileURLWithPath: path) }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("speechdoc")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return root.appendingPathComponent(".build/debug/speechdoc")
    }
}

/// The result of running a program.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: String
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
}

public enum Run {
    /// Runs `executable` with `arguments`, feeding `input` on standard input.
    public static func program(_ executable: URL, _ arguments: [String], input: Data? = nil,
                               environment: [String: String]? = nil, in directory: URL? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(input) }
        try inPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so neither fills up.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, stdout: outData, stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs the built speechdoc.
    public static func speechdoc(_ arguments: [String], input: Data? = nil, in directory: URL? = nil) throws -> ProcessResult {
        try program(Repository.executable, arguments, input: input, in: directory)
    }

    /// A tool from PATH, or nil when it is not installed.
    public static func tool(_ name: String) -> URL? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}

/// A scratch directory removed when the value goes away.
public final class TemporaryDirectory {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("speechdoc-test-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }
}

/// Text compared the way the gold files ask: without whitespace and punctuation.
public func normalizedForComparison(_ text: String) -> String {
    String(text.unicodeScalars.filter { scalar in
        !scalar.properties.isWhitespace && !CharacterSet.punctuationCharacters.contains(scalar)
            && !CharacterSet.symbols.contains(scalar)
    }.map(Character.init))
}

/// pandoc's JSON inlines as plain text, shared by the tests that read our output back.
public enum PandocText {
    /// `markUnknown` shows inlines other than text, spaces, emphasis, spans and quotations as
    /// `<Type>`, for tests that must see nothing else; otherwise they contribute nothing.
    public static func stringify(_ inlines: [Any], markUnknown: Bool = false) -> String {
        inlines.map { item -> String in
            guard let inline = item as? [String: Any], let type = inline["t"] as? String else { return "" }
            switch type {
            case "Str": return inline["c"] as? String ?? ""
            case "Space", "SoftBreak": return " "
            case "Strong", "Emph", "Underline", "SmallCaps":
                return stringify(inline["c"] as? [Any] ?? [], markUnknown: markUnknown)
            case "Span":
                // [attributes, inlines]
                let content = inline["c"] as? [Any] ?? []
                return stringify(content.count > 1 ? content[1] as? [Any] ?? [] : [], markUnknown: markUnknown)
            case "Quoted":
                // pandoc's smart extension reads “…” as a quotation; it writes the marks back.
                let content = inline["c"] as? [Any] ?? []
                let single = (content.first as? [String: Any])?["t"] as? String == "SingleQuote"
                let inner = stringify(content.count > 1 ? content[1] as? [Any] ?? [] : [], markUnknown: markUnknown)
                return single ? "‘\(inner)’" : "“\(inner)”"
            default:
                return markUnknown ? "<\(type)>" : ""
            }
        }.joined()
    }
}

/// A small deterministic generator (SplitMix64), so a failing case can be replayed by its seed.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random text for the tests that hold a fast path to its definition: a number of pieces drawn
/// in `lengths`, each drawn from `pieces`, joined.
public func randomText(_ pieces: [String], lengths: ClosedRange<Int>, using generator: inout some RandomNumberGenerator) -> String {
    (0..<Int.random(in: lengths, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
}
