import Foundation

/// LibreOffice headless, run the one way SpeechDoc runs it — to read Word 97/WPS files and to lay
/// out PDFs: in a private profile inside a temporary directory of its own (so parallel workers
/// never share one, and the directory goes in every case, on a signal too), with the shipped
/// fontconfig of stand-in fonts (`Styles/fonts.conf`), under a time limit enforced by coreutils'
/// `timeout`, which stops the office's whole process group. Many files go through one start.
///
/// `SPEECHDOC_SOFFICE` names the program to use (empty: none, as if not installed); otherwise
/// `soffice` or `libreoffice` is looked for on PATH.
public final class LibreOffice: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// The program, or nil when LibreOffice is not installed.
    public static var program: String? {
        let environment = ProcessInfo.processInfo.environment
        if let named = environment["SPEECHDOC_SOFFICE"] { return named.isEmpty ? nil : named }
        for directory in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            for name in ["soffice", "libreoffice"] {
                let candidate = String(directory) + "/" + name
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    static var timeoutProgram: String? {
        ["/usr/bin/timeout", "/bin/timeout"].first(where: FileManager.default.isExecutableFile(atPath:))
    }


    let program: String
    let timeout: String
    /// The private directory: the profile, the fontconfig, the files handed over.
    public let directory: URL
    /// Starts of this office (its private profile).
    public private(set) var ownStarts = 0

    /// `purpose` says what the office is for, in the error when it is not installed.
    public init(purpose: String) throws {
        guard let program = Self.program else { throw Failure(purpose) }
        guard let timeout = Self.timeoutProgram else { throw Failure("running LibreOffice needs coreutils' timeout") }
        self.program = program
        self.timeout = timeout
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("speechdoc-office-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        try TemporaryFiles.register(directory.path)
        try Data(StylePresets.fontconfig.utf8).write(to: directory.appendingPathComponent("fonts.conf"))
    }

    deinit { close() }

    /// Removes the private directory (the profile with it).
    public func close() {
        try? FileManager.default.removeItem(at: directory)
        TemporaryFiles.unregister(directory.path)
    }

    /// A folder inside the private directory, emptied.
    public func folder(_ name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    public enum Outcome: Equatable, Sendable {
        case finished
        /// No new output for the time limit: the document being converted hung.
        case timedOut
        case failed(Int32)
    }

    /// Converts `files` with the `filter` (e.g. "pdf:writer_pdf_Export") into `outdir`, in one
    /// start of LibreOffice, which converts them in the order given. The time limit is per
    /// document: when no new output has appeared for `seconds`, the office is stopped (its whole
    /// process group, by `timeout`). LibreOffice exits 0 even when it converted nothing: the
    /// caller judges by the files it finds.
    public func convert(_ files: [URL], filter: String, outdir: URL, seconds: Int) -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: timeout)
        // An outer bound as well, should the watch below miss a stall.
        process.arguments = ["--kill-after=5", String(seconds * files.count + 60), program,
                             "-env:UserInstallation=" + directory.appendingPathComponent("profile").absoluteString,
                             "--headless", "--norestore", "--nologo", "--nolockcheck", "--nodefault",
                             "--convert-to", filter, "--outdir", outdir.path] + files.map(\.path)
        var environment = ProcessInfo.processInfo.environment
        environment["FONTCONFIG_FILE"] = directory.appendingPathComponent("fonts.conf").path
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return .failed(-1) }
        TemporaryFiles.registerChild(process.processIdentifier)
        defer { TemporaryFiles.unregisterChild(process.processIdentifier) }
        ownStarts += 1
        var made = 0
        var lastProgress = Date()
        var stalled = false
        while process.isRunning {
            Thread.sleep(forTimeInterval: 0.1)
            let count = (try? FileManager.default.contentsOfDirectory(atPath: outdir.path).count) ?? 0
            if count > made { (made, lastProgress) = (count, Date()) }
            if Date().timeIntervalSince(lastProgress) > Double(seconds) {
                // Killed outright, with its group: a TERM may be blocked or ignored by what it
                // inherited from whoever started this program.
                stalled = true
                ProcessGroup.kill(leader: process.processIdentifier)
                break
            }
        }
        process.waitUntilExit()
        if stalled || (process.terminationReason == .exit && (process.terminationStatus == 124 || process.terminationStatus == 137)) {
            return .timedOut
        }
        return process.terminationStatus == 0 ? .finished : .failed(process.terminationStatus)
    }
}
