import ArgumentParser
import Foundation
import SpeechDoc

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "A page in the browser: drop a speech, check what was found, fix roles, download Word, EPUB or Markdown.",
        discussion: """
        Starts a local web page (http://127.0.0.1:8642/ by default) that reads a dropped or pasted \
        file the way convert does, shows every unit of the page with the role the reader gave it \
        and why (removed lines struck through with their rule), lets a click fix a role (the rest \
        of the page is decided again around it), previews the printed pages and downloads what \
        `speechdoc convert FILE --role K=ROLE…` would write. Nothing is written to disk; reviews \
        live in memory. Stop it with Ctrl-C.

        It answers on loopback only unless --host names another address (a warning says so), \
        checks the Host and Origin of every request and a per-start token on every change, \
        limits uploads to 20 MB, and forbids inline script.

        Examples:
          speechdoc serve
          speechdoc serve --port 9000 --open
        """
    )

    @Option(help: ArgumentHelp("Port to listen on (0: any free port, printed).", valueName: "port"))
    var port: Int = 8642

    @Option(help: ArgumentHelp("Address to listen on; anything but loopback lets other machines in.", valueName: "address"))
    var host: String = "127.0.0.1"

    @Flag(help: "Open the page in the default browser (xdg-open).")
    var open = false

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be 0…65535") }
    }

    func run() throws {
        if !["127.0.0.1", "localhost", "::1"].contains(host) {
            Console.error("warning: listening on \(host): other machines on the network can reach this page")
        }
        // The server is its own program beside this one (speechdoc-serve), which this process
        // becomes: same id, same standard streams, stopped by the same signals.
        let beside = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("speechdoc-serve").path
        guard FileManager.default.isExecutableFile(atPath: beside) else {
            Console.error("\(beside): the review server is not installed beside speechdoc (make install puts both)")
            throw ExitCode(1)
        }
        let reason = ProcessImage.replace(with: beside, arguments: ["--port", String(port), "--host", host] + (open ? ["--open"] : []))
        Console.error("\(beside): cannot start: \(reason)")
        throw ExitCode(1)
    }
}
