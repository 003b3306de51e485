import Foundation
import ReviewServer

// speechdoc-serve --port N --host ADDRESS [--open] — what `speechdoc serve` becomes once it has
// checked its arguments (see Sources/speechdoc/Serve.swift for the options and their help).

var port = 8642
var host = "127.0.0.1"
var open = false
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--port": port = arguments.popFirst().flatMap(Int.init) ?? port
    case "--host": host = arguments.popFirst() ?? host
    case "--open": open = true
    default:
        FileHandle.standardError.write(Data("speechdoc: serve: unknown argument \(argument)\n".utf8))
        exit(2)
    }
}

let openBrowser = open
do {
    try await ReviewServer.run(host: host, port: port) { address in
        FileHandle.standardOutput.write(Data("speechdoc: serving \(address) (Ctrl-C to stop)\n".utf8))
        if openBrowser {
            let browser = Process()
            browser.executableURL = URL(fileURLWithPath: "/usr/bin/xdg-open")
            browser.arguments = [address]
            try? browser.run()
        }
    }
} catch {
    FileHandle.standardError.write(Data("speechdoc: \(host):\(port): cannot serve: \(error)\n".utf8))
    exit(1)
}
