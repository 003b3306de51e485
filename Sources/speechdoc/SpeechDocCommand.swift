import ArgumentParser
import Foundation
import SpeechDoc

@main
struct SpeechDocCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speechdoc",
        abstract: "Turn scraped Chinese speeches (讲话稿) into clean Markdown, Word, PDF and EPUB laid out to GB/T 9704.",
        discussion: """
        Exit codes: 0 success; 1 an input could not be converted (the others still are); 2 usage error. \
        check: 0 conforms, 1 findings, 2 unreadable.

        Examples:
          speechdoc convert speech.txt -o speech.md
          speechdoc convert speech.txt -o speech.pdf
          speechdoc check 讲话.docx
          speechdoc outline speech.txt --json
          speechdoc clean speech.txt -o speech.clean.txt --report report.json
        """,
        version: "0.1.0",
        subcommands: [Convert.self, Batch.self, Outline.self, Clean.self, Check.self, Serve.self, Report.self, Styles.self, ListFormats.self]
    )

    /// Usage errors exit with 2, as documented; everything else keeps ArgumentParser's handling.
    static func main() {
        // "-dash.txt" would be read as -d -a -s -h, and -h prints help: an argument that starts
        // with one dash and is longer than an option is a file name written wrongly.
        // Arguments with their bytes kept: a file name that is not UTF-8 still names its file.
        let arguments = Array(RawPath.arguments.dropFirst())
        for argument in arguments.prefix(while: { $0 != "--" })
        where argument.hasPrefix("-") && !argument.hasPrefix("--") && argument.count > 2 && !argument.contains("=") {
            Console.error("\(argument): not an option; for a file whose name starts with -, write ./\(argument) or put -- before it (see speechdoc --help)")
            Foundation.exit(2)
        }
        // An option the command does not have is named as such, before any check of the
        // options it does have can complain about something else (--output-format docx once
        // got "say which format to write"). Looked for only when parsing fails: a command line
        // that parses has no unknown option, and the command's help, the list of its options,
        // took a tenth of a small convert's time to make.
        let command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            rejectUnknownOptions(arguments)
            fail(error)
        }
        do {
            var command = command
            try command.run()
        } catch {
            fail(error)
        }
    }

    /// Exits with 2 naming the first option the subcommand does not have, if there is one.
    static func rejectUnknownOptions(_ arguments: [String]) {
        guard let name = arguments.first, let command = configuration.subcommands.first(where: { $0._commandName == name }) else { return }
        let known = Set(command.helpMessage(columns: 200).split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-") })
            .filter { $0.hasPrefix("--") }.map(String.init))
        for argument in arguments.dropFirst().prefix(while: { $0 != "--" }) where argument.hasPrefix("--") && argument.count > 2 {
            let option = String(argument.split(separator: "=", maxSplits: 1)[0])
            if !known.contains(option) && option != "--help" && option != "--version" {
                Console.error("unknown option \(option) for \(name) (see speechdoc \(name) --help)")
                Foundation.exit(2)
            }
        }
    }

    static func fail(_ error: Error) -> Never {
        let code = exitCode(for: error)
        if code == .validationFailure {
            // One line: the cause, then where to read more.
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "usage error"
            FileHandle.standardError.write(Data("speechdoc: \(message) (see speechdoc --help)\n".utf8))
            Foundation.exit(2)
        }
        exit(withError: error)
    }
}

/// Reading options every command shares.
struct ReadingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Read the input in this encoding instead of detecting it.",
                               discussion: "One of: utf-8, utf-16le, utf-16be, gb18030 (also gbk, gb2312), big5.",
                               valueName: "name"))
    var encoding: String?

    @Flag(help: "Keep traditional characters instead of converting them to simplified.")
    var keepScript = false

    @Option(name: .customLong("role"), help: ArgumentHelp(
        "Fix unit K's role and let the reader decide the rest around it (repeatable); K is the unit's number in `outline --lines`, ROLE one of furniture, title, meta, salutation, body, heading-1 … heading-4, paragraph (kept, not a heading), lead (a paragraph opening with a lead). The review page (serve) shows the ones it used.",
        valueName: "K=ROLE"))
    var roles: [String] = []

    @Option(name: .customLong("edit"), help: ArgumentHelp(
        "Read unit K as TEXT instead of what the page says (repeatable; one line). The review page's in-place edits.",
        valueName: "K=TEXT"))
    var edits: [String] = []

    func validate() throws {
        if let encoding, TextEncoding(name: encoding) == nil {
            throw ValidationError("unknown encoding “\(encoding)”; use utf-8, utf-16le, utf-16be, gb18030 or big5")
        }
        for role in roles where UnitCorrection.parse(role) == nil {
            throw ValidationError("--role takes K=ROLE with ROLE one of \(UnitCorrection.names.joined(separator: ", ")), e.g. 3=body")
        }
        for edit in edits where UnitEdit.parse(edit) == nil {
            let text = edit.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).dropFirst().first.map(String.init)
            throw ValidationError("--edit takes K=TEXT, e.g. 5=新的文字" + (text.flatMap(UnitEdit.problem).map { ": " + $0 } ?? ""))
        }
    }

    var readOptions: ReadOptions {
        var options = ReadOptions(encoding: encoding.flatMap(TextEncoding.init(name:)), keepScript: keepScript)
        for (unit, correction) in roles.compactMap(UnitCorrection.parse) { options.corrections[unit] = correction }
        for (unit, text) in edits.compactMap(UnitEdit.parse) { options.edits[unit] = text }
        return options
    }
}

/// Style options convert and batch share: a preset or style file, and a Word template.
struct StyleOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Style preset name or style file (YAML, may start from a preset with base:). See `speechdoc styles list`.", valueName: "name|file"))
    var style: String = StylePresets.defaultName

    @Option(help: ArgumentHelp("Word output takes styles, fonts, page set-up, headers and footers from this template.",
                               discussion: "Our roles go onto the template's styles of the same name (Normal, Title, heading 1…4); roles it lacks keep the style's look.",
                               valueName: "template.docx"))
    var referenceDocx: String?

    /// The style and template, checked: a problem with either is a usage error naming the file.
    func writerOptions() throws -> WriterOptions {
        // SOURCE_DATE_EPOCH past 9999-12-31 is held there (XML dates have four-digit years; a
        // zip's own dates stop in 2107 and are held there by the zip writer).
        let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(Int.init).map { min(max($0, 0), 253_402_300_799) }
        var options = WriterOptions(sourceDateEpoch: epoch)
        do { options.style = try StylePresets.resolve(style) } catch { throw ValidationError(String(describing: error)) }
        if let referenceDocx {
            let data: [UInt8]
            do { data = try FileBytes.read(referenceDocx, limit: 64 << 20) } catch {
                throw ValidationError("\(referenceDocx): cannot read the Word template: \(error)")
            }
            let reference = ReferenceDocument(path: referenceDocx, bytes: data)
            do { try Formats.checkWordTemplate(reference) } catch { throw ValidationError(String(describing: error)) }
            options.referenceDocument = reference
        }
        return options
    }

    /// What --incremental compares: the preset name, or a digest of the style file; and a
    /// digest of the template the options already hold.
    func signature(of options: WriterOptions) -> String {
        var name = style
        if let data = try? FileBytes.read(style, limit: 1 << 20) {
            name = "file:" + ContentDigest.hex(ContentDigest.sha256(data))
        }
        if let reference = options.referenceDocument {
            name += ";reference:" + ContentDigest.hex(ContentDigest.sha256(reference.bytes))
        }
        return name
    }
}

enum Console {
    /// One line on stderr: control characters (a newline in a file name, an escape sequence)
    /// are shown escaped, never printed raw.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("speechdoc: \(escaped(message))\n".utf8))
    }

    static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in RawPath.display(text).unicodeScalars {
            switch scalar.value {
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0x09: result += "\\t"
            case 0x00..<0x20, 0x7F, 0x80..<0xA0: result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func out(_ text: String) {
        out(Array(text.utf8))
    }

    /// Writes all of `bytes` to standard output; a write that fails (a full disk, a closed
    /// pipe) is one line on stderr and exit status 1, never a trap.
    static func out(_ bytes: [UInt8]) {
        do { try StandardStream.output.write(bytes) } catch {
            self.error("standard output: \(error)")
            exit(1)
        }
    }
}
