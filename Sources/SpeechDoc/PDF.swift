import Foundation
import DocxWriter

/// PDF for printing: the DOCX SpeechDoc writes, laid out by LibreOffice (`LibreOffice`: private
/// profile, the shipped stand-in fonts, a time limit). Many documents go through one start; a
/// document LibreOffice cannot lay out in time, or that makes it crash, fails alone: the rest of
/// its group is laid out again one by one.
public final class PDFRenderer: @unchecked Sendable {
    public static let notInstalled = "PDF needs LibreOffice to lay out the pages: install it (apt-get install libreoffice-writer-nogui), or ask for docx"

    /// Seconds LibreOffice may take per document (`SPEECHDOC_PDF_SECONDS`, default 60; a start
    /// with a new profile takes a few seconds of it).
    public static var secondsPerDocument: Int {
        ProcessInfo.processInfo.environment["SPEECHDOC_PDF_SECONDS"].flatMap(Int.init).map { max($0, 1) } ?? 60
    }

    /// Documents laid out per start of LibreOffice in a batch.
    public static let documentsPerStart = 25

    private let office: LibreOffice
    private var round = 0

    public init() throws {
        do { office = try LibreOffice(purpose: Self.notInstalled) } catch let failure as LibreOffice.Failure {
            throw PDFError(message: failure.description)
        }
    }

    public func close() { office.close() }

    /// Starts of LibreOffice this renderer made.
    public var starts: Int { office.ownStarts }

    /// The PDF of each DOCX, or why there is none, in the order given.
    public func render(_ documents: [[UInt8]]) -> [Result<[UInt8], PDFError>] {
        guard !documents.isEmpty else { return [] }
        round += 1
        var results = [Result<[UInt8], PDFError>](repeating: .failure(PDFError(message: "not laid out")), count: documents.count)
        let input: URL, output: URL
        do {
            input = try office.folder("in-\(round)")
            output = try office.folder("out-\(round)")
            for (index, bytes) in documents.enumerated() {
                try Data(bytes).write(to: input.appendingPathComponent("\(index + 1).docx"))
            }
        } catch {
            return results.map { _ in .failure(PDFError(message: "cannot stage the document for LibreOffice: \(error.localizedDescription)")) }
        }
        defer {
            try? FileManager.default.removeItem(at: input)
            try? FileManager.default.removeItem(at: output)
        }
        let files = documents.indices.map { input.appendingPathComponent("\($0 + 1).docx") }
        let seconds = Self.secondsPerDocument
        // LibreOffice lays the documents out in the order given. When it stops early (a hang, a
        // crash), the first document without a PDF is the one at fault: it is tried once more
        // alone (a fault of the moment, not of the document, passes then), and the documents
        // after it go on in a new start.
        func missing(_ index: Int) -> Bool { if case .failure = results[index] { return true } else { return false } }
        var remaining = Array(documents.indices)
        while !remaining.isEmpty {
            let outcome = office.convert(remaining.map { files[$0] }, filter: "pdf:writer_pdf_Export", outdir: output, seconds: seconds)
            for index in remaining {
                if let bytes = Self.complete(output.appendingPathComponent("\(index + 1).pdf")) { results[index] = .success(bytes) }
            }
            guard let culprit = remaining.first(where: missing) else { break }
            if remaining.count > 1 {
                let alone = office.convert([files[culprit]], filter: "pdf:writer_pdf_Export", outdir: output, seconds: seconds)
                if let bytes = Self.complete(output.appendingPathComponent("\(culprit + 1).pdf")) {
                    results[culprit] = .success(bytes)
                } else {
                    results[culprit] = .failure(Self.failure(alone, seconds: seconds))
                }
            } else {
                results[culprit] = .failure(Self.failure(outcome, seconds: seconds))
            }
            remaining = remaining.filter { $0 > culprit && missing($0) }
        }
        return results
    }

    /// A PDF LibreOffice finished: its header, and its end-of-file marker in the last bytes (a
    /// file cut off when the office was stopped has none).
    static func complete(_ url: URL) -> [UInt8]? {
        guard let bytes = try? FileBytes.read(url.path), bytes.starts(with: Array("%PDF-".utf8)) else { return nil }
        let tail = bytes.suffix(32)
        guard String(decoding: tail, as: UTF8.self).contains("%%EOF") else { return nil }
        return bytes
    }

    static func failure(_ outcome: LibreOffice.Outcome, seconds: Int) -> PDFError {
        switch outcome {
        case .timedOut: return PDFError(message: "LibreOffice took longer than \(seconds) s to lay it out as PDF")
        case .failed(-1): return PDFError(message: "cannot start LibreOffice (\(LibreOffice.program ?? "?"))")
        case .failed(let status): return PDFError(message: "LibreOffice stopped (status \(status)) without making a PDF")
        case .finished: return PDFError(message: "LibreOffice made no PDF of it")
        }
    }
}

public struct PDFError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// `--to pdf`: the DOCX writer's bytes laid out by LibreOffice.
public struct PDFWriter: SpeechWriter {
    public var format: OutputFormat { .pdf }

    public init() {}

    public func write(_ publication: Publication, options: WriterOptions) throws -> [UInt8] {
        try write([publication], options: options)[0]
    }

    /// Several publications through one start of LibreOffice.
    public func write(_ publications: [Publication], options: WriterOptions) throws -> [[UInt8]] {
        let documents = try publications.map { try DocxWriter().write($0, options: options) }
        let renderer = try PDFRenderer()
        defer { renderer.close() }
        return try renderer.render(documents).map { try $0.get() }
    }
}

/// The fonts LibreOffice will really use for each role of a style, resolved by fontconfig with the
/// shipped stand-ins (`Styles/fonts.conf`): a line per font that is not installed under its own
/// name, naming the stand-in and the roles that use it.
public enum PDFFonts {
    public static func standIns(for style: StyleSheet) -> [String] {
        guard let match = ["/usr/bin/fc-match", "/bin/fc-match"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            return ["fontconfig's fc-match is not installed: the fonts LibreOffice will use cannot be checked"]
        }
        var roles: [String: [String]] = [:]
        var order: [String] = []
        for role in Role.allCases {
            let font = style.style(role).eastAsianFont
            if roles[font] == nil { order.append(font) }
            roles[font, default: []].append(role.rawValue)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("speechdoc-fonts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("fonts.conf")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(StylePresets.fontconfig.utf8).write(to: config)
        } catch { return [] }
        var lines: [String] = []
        for font in order {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: match)
            process.arguments = ["-f", "%{family}", font]
            process.environment = ProcessInfo.processInfo.environment.merging(["FONTCONFIG_FILE": config.path]) { $1 }
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { continue }
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let families = String(decoding: data, as: UTF8.self).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let used = families.first, !families.contains(font) else { continue }
            lines.append("\(font) not installed: using \(used) (\(roles[font]!.joined(separator: ", ")))")
        }
        return lines
    }
}
