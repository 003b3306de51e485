import SystemSupport
import ArgumentParser
import Foundation
import SpeechDoc

struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Convert many files: directories walked recursively, every core used, a JSON report.",
        discussion: """
        Takes .txt and .md files (other files are listed as skipped in the report) and mirrors \
        their layout under the output directory: one output per speech per format (name.docx, \
        or name-1.docx, name-2.docx, … for a multi-speech file). Every output is written to a \
        temporary file and renamed into place, so a killed run leaves no truncated output; the \
        next run removes the temporary files. Inputs are never overwritten.

        Exit codes: 0 every input converted; 1 at least one input failed (see the report); 2 usage error.

        Examples:
          speechdoc batch speeches/ -o out/ --to docx,epub,md --report report.json
          speechdoc batch speeches/ -o out/ --report report.json --incremental
          speechdoc batch speeches/ -o out/ --shard 3/8 --report report-3.json --quiet
        """
    )

    @Argument(help: ArgumentHelp("Directories (walked recursively) and files.", valueName: "dir|file"))
    var inputs: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Output directory.", valueName: "outdir"))
    var output: String

    @Option(help: ArgumentHelp("Formats, comma-separated: docx, epub, md, pdf (pdf needs LibreOffice).", valueName: "formats"))
    var to: String = "docx,epub,md"

    @Option(help: ArgumentHelp("Parallel workers; every core when not given.", valueName: "N"))
    var jobs: Int?

    /// --jobs, or every core.
    var workers: Int { jobs ?? ProcessInfo.processInfo.activeProcessorCount }

    @Option(help: ArgumentHelp("Write the JSON report here (- for standard output).", valueName: "path|-"))
    var report: String?

    @Flag(help: "Skip inputs whose outputs exist and whose content matches the previous --report.")
    var incremental = false

    @Option(help: ArgumentHelp("Convert only shard K of N (by a hash of each input's relative path).", valueName: "K/N"))
    var shard: String?

    @Flag(help: "Print nothing on stderr: no progress, no summary.")
    var quiet = false

    @Option(help: ArgumentHelp("""
        How outputs are made safe from a power cut: batch (default) flushes the disk once per group \
        of 256 files or 1 second (up to 1,024 files or 4 seconds while the disk is still flushing \
        the group before) and reports an input once its group is in place; file flushes \
        every output as it is written; none never flushes (scratch runs, tmpfs). A kill never \
        leaves a truncated output in any mode.
        """, valueName: "batch|file|none"))
    var durable: Durability = .batch

    @OptionGroup var styling: StyleOptions

    @OptionGroup var reading: ReadingOptions

    var formats: [OutputFormat] {
        to.split(separator: ",").compactMap { OutputFormat(name: String($0).trimmingCharacters(in: .whitespaces)) }
    }

    func validate() throws {
        let names = to.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        for name in names where OutputFormat(name: name) == nil {
            throw ValidationError("unknown format “\(name)” in --to; use docx, epub, md and pdf")
        }
        for format in formats { if let reason = Formats.unavailable(format) { throw ValidationError(reason) } }
        if names.isEmpty { throw ValidationError("--to needs at least one format") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let shard, Shard(shard) == nil { throw ValidationError("--shard takes K/N with 1 ≤ K ≤ N, e.g. 2/8") }
        if incremental && (report == nil || report == "-") {
            throw ValidationError("--incremental compares with the previous report: give --report FILE")
        }
        for input in inputs where OutputPlan.sameFile(input, output) {
            throw ValidationError("the output directory cannot be an input")
        }
    }

    func run() throws {
        MemoryTuning.forBulkConversion()
        let options = try styling.writerOptions()
        let styleName = styling.signature(of: options)
        let previous = incremental ? report.flatMap { try? Data(FileBytes.read($0)) } : nil
        var configuration = BatchRunner.Configuration(inputs: inputs, outputDirectory: output, formats: formats, jobs: workers,
                                                      shard: shard.flatMap(Shard.init), incremental: incremental, previousReport: previous,
                                                      readOptions: reading.readOptions, writerOptions: options, styleName: styleName)
        configuration.durability = durable
        if formats.contains(.pdf), !quiet {
            for line in PDFFonts.standIns(for: options.style) { Console.error("warning: \(line)") }
        }
        let runner = BatchRunner(configuration)
        let meter = quiet ? nil : ProgressMeter()
        var handler: BatchRunner.ProgressHandler?
        if let meter { handler = { done, total in meter.update(done: done, total: total) } }
        let result: BatchSummary
        do {
            result = try runner.run(progress: handler, report: report.map(BatchReportWriter.init(path:)))
        } catch let error as BatchReportError {
            meter?.finish()
            Console.error(error.description)
            throw ExitCode(1)
        } catch {
            meter?.finish()
            Console.error("\(output): \(error)")
            throw ExitCode(1)
        }
        meter?.finish()
        if !quiet {
            for failure in result.failures { Console.error("\(failure.input): \(failure.error)") }
            let rate = result.elapsedSeconds > 0 ? Double(result.outputCount) / result.elapsedSeconds : 0
            if !result.orphaned.isEmpty {
                Console.error("\(result.orphaned.count) outputs of inputs that are gone since the last run were left in place (the report lists them under orphaned_outputs)")
            }
            Console.error("\(result.converted) converted, \(result.unchanged) unchanged, \(result.failed) failed, \(result.skipped.count) skipped; "
                          + "\(result.outputCount) outputs in \(String(format: "%.2f", result.elapsedSeconds)) s (\(Int(rate)) outputs/s)"
                          + (result.officeStarts > 0 ? "; LibreOffice started \(result.officeStarts) times for PDF" : ""))
        }
        if result.failed > 0 { throw ExitCode(1) }
    }
}

/// Progress on stderr: a redrawn bar on a terminal, a plain line every few seconds otherwise.
final class ProgressMeter: @unchecked Sendable {
    private let lock = NSLock()
    private let started = Date()
    private let terminal = StandardStream.error.isTerminal
    private var lastPrint = Date.distantPast
    private var shown = false

    func update(done: Int, total: Int) {
        lock.withLock {
            let now = Date()
            let interval = terminal ? 0.1 : 5
            guard now.timeIntervalSince(lastPrint) >= interval || done == total else { return }
            lastPrint = now
            let elapsed = max(now.timeIntervalSince(started), 0.001)
            let rate = Double(done) / elapsed
            let eta = rate > 0 ? Double(total - done) / rate : 0
            let percent = total > 0 ? done * 100 / total : 100
            if terminal {
                let width = 30, filled = total > 0 ? done * width / total : width
                let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
                FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) \(percent)% \(Int(rate))/s ETA \(Self.duration(eta))  ".utf8))
                shown = true
            } else {
                Console.error("\(done)/\(total) files (\(percent)%), \(Int(rate))/s, ETA \(Self.duration(eta))")
            }
        }
    }

    func finish() {
        lock.withLock { if terminal && shown { FileHandle.standardError.write(Data("\n".utf8)) } }
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 60 ? "\(total / 60)m\(total % 60)s" : "\(total)s"
    }
}

extension Durability: ExpressibleByArgument {}
