import ArgumentParser
import Foundation
import SpeechDoc

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Work with batch reports.",
        subcommands: [Merge.self]
    )

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Merge the reports of shards 1…N of one batch into the report of one batch.",
            discussion: """
            Each input appears exactly once, in input-path order; the totals are counted again. A shard \
            missing or given twice, an input in two reports, or reports made with other settings is an \
            error naming the file, and nothing is written.

            Exit codes: 0 merged and no input failed; 1 merged, and some input failed in its shard; \
            2 the reports do not add up to one batch (or cannot be read).

            Examples:
              parallel speechdoc batch corpus/ -o out/ --quiet --shard {}/8 --report r-{}.json ::: $(seq 1 8)
              speechdoc report merge r-*.json -o report.json
            """
        )

        @Argument(help: ArgumentHelp("The shards' reports (--report of batch --shard K/N).", valueName: "report.json"))
        var reports: [String]

        @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the merged report, or - for standard output.", valueName: "path|-"))
        var output: String = "-"

        func run() throws {
            do { try merge() } catch let failure as Failure {
                Console.error(failure.description)
                throw ExitCode(2)
            }
        }

        func merge() throws {
            var read: [(path: String, contents: BatchReport.Contents)] = []
            for path in reports {
                let bytes: [UInt8]
                do { bytes = try FileBytes.read(path, limit: 1 << 30) } catch {
                    throw Failure("\(path): cannot read the report: \(error)")
                }
                guard let contents = BatchReport.read(Data(bytes)) else { throw Failure("\(path): not a whole speechdoc batch report") }
                read.append((path, contents))
            }
            let summary: BatchSummary
            do { summary = try BatchReport.merge(read, into: output) } catch { throw Failure(String(describing: error)) }
            Console.error("\(reports.count) report\(reports.count == 1 ? "" : "s") merged: \(summary.inputs) inputs, "
                          + "\(summary.converted) converted, \(summary.unchanged) unchanged, \(summary.failed) failed, \(summary.outputCount) outputs")
            if summary.failed > 0 { throw ExitCode(1) }
        }
    }

    /// The reports do not add up or cannot be read: one line on stderr, exit 2.
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
