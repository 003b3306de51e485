import Foundation

/// Word 97–2003 (.doc) and WPS files: converted to .docx by LibreOffice, when it is installed,
/// and read as one. LibreOffice runs headless in a private profile inside a temporary directory
/// of its own (so parallel conversions never share one), under a time limit enforced by
/// coreutils' `timeout`, which stops its whole process group; the directory goes in every case.
/// Without LibreOffice the file is refused with advice, never read as text.
///
/// `SPEECHDOC_SOFFICE` names the LibreOffice program to use (empty: none, as if not installed);
/// otherwise `soffice` or `libreoffice` is looked for on PATH.
enum LegacyWord {
    /// Seconds one conversion may take, its first start (a new profile) included.
    static let timeLimit = 120

    static var office: String? {
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

    static let notInstalled = "a Word 97 or WPS file: install LibreOffice to read it (apt-get install libreoffice-writer), or save it as .docx (Word: Save As → Word Document)"

    /// The .docx LibreOffice makes of `bytes`. Errors are one line, for "speechdoc: PATH: …".
    static func convert(_ bytes: [UInt8]) throws -> [UInt8] {
        guard let office else { throw Failure(notInstalled) }
        guard let timeout = ["/usr/bin/timeout", "/bin/timeout"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw Failure("a Word 97 or WPS file: reading it needs coreutils' timeout beside LibreOffice")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("speechdoc-office-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        try TemporaryFiles.register(directory.path)
        defer {
            try? FileManager.default.removeItem(at: directory)
            TemporaryFiles.unregister(directory.path)
        }
        let input = directory.appendingPathComponent("input.doc")
        try Data(bytes).write(to: input)
        let output = directory.appendingPathComponent("out")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: timeout)
        process.arguments = ["--kill-after=5", String(timeLimit), office,
                             "-env:UserInstallation=" + directory.appendingPathComponent("profile").absoluteString,
                             "--headless", "--norestore", "--nologo", "--nolockcheck", "--nodefault",
                             "--convert-to", "docx:MS Word 2007 XML", "--outdir", output.path, input.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure("a Word 97 or WPS file: cannot start LibreOffice (\(office)): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        if process.terminationReason == .exit, process.terminationStatus == 124 || process.terminationStatus == 137 {
            throw Failure("a Word 97 or WPS file: LibreOffice took longer than \(timeLimit) s to convert it")
        }
        // soffice exits 0 even when it converted nothing: the file it writes is what counts.
        let converted = output.appendingPathComponent("input.docx").path
        guard FileManager.default.fileExists(atPath: converted) else {
            throw Failure("a Word 97 or WPS file LibreOffice cannot convert (damaged, protected, or not a Word file)")
        }
        return try FileBytes.read(converted)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
