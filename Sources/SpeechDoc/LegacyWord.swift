import Foundation

/// Word 97–2003 (.doc) and WPS files: converted to .docx by LibreOffice (`LibreOffice`), when it
/// is installed, and read as one. Without LibreOffice the file is refused with advice, never
/// read as text.
enum LegacyWord {
    /// Seconds one conversion may take, its first start (a new profile) included.
    static let timeLimit = 120

    static let notInstalled = "a Word 97 or WPS file: install LibreOffice to read it (apt-get install libreoffice-writer), or save it as .docx (Word: Save As → Word Document)"

    /// The .docx LibreOffice makes of `bytes`. Errors are one line, for "speechdoc: PATH: …".
    static func convert(_ bytes: [UInt8]) throws -> [UInt8] {
        let office: LibreOffice
        do { office = try LibreOffice(purpose: notInstalled) } catch let failure as LibreOffice.Failure {
            throw Failure(failure.description == notInstalled ? notInstalled : "a Word 97 or WPS file: " + failure.description)
        }
        defer { office.close() }
        let input = office.directory.appendingPathComponent("input.doc")
        try Data(bytes).write(to: input)
        let output = try office.folder("out")
        switch office.convert([input], filter: "docx:MS Word 2007 XML", outdir: output, seconds: timeLimit) {
        case .timedOut: throw Failure("a Word 97 or WPS file: LibreOffice took longer than \(timeLimit) s to convert it")
        case .failed(-1): throw Failure("a Word 97 or WPS file: cannot start LibreOffice (\(LibreOffice.program ?? "?"))")
        default: break
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
