import Foundation
import Testing
import TestSupport
import SystemSupport

/// A `speechdoc serve --port 0` for one test: its address, its page's token, stopped at the end.
final class RunningServer: @unchecked Sendable {
    let process = Process()
    let address: String
    let hostPort: String
    let token: String

    init() throws {
        process.executableURL = Repository.executable
        process.arguments = ["serve", "--port", "0"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while !text.contains("\n"), Date() < deadline {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let match = text.firstMatch(of: /serving (http:\/\/(127\.0\.0\.1:\d+)\/)/) else {
            process.terminate()
            throw ServeError(message: "the server did not start: \(text)")
        }
        address = String(match.1)
        hostPort = String(match.2)
        let page = try HTTP.get(address)
        guard let found = page.text.firstMatch(of: /name="speechdoc-token" content="([0-9a-f]+)"/) else {
            throw ServeError(message: "no token in the page")
        }
        token = String(found.1)
    }

    deinit {
        // KILL: the test runner's children inherit a mask that blocks TERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Peak resident memory of the server so far, in MB (VmHWM).
    var peakMB: Double {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
    }

    /// A POST as the page makes it: its Origin and token.
    func post(_ path: String, file: URL? = nil, json: String? = nil, headers: [String] = []) throws -> HTTP.Reply {
        try HTTP.request("POST", address + path, file: file, json: json,
                         headers: ["Origin: http://\(hostPort)", "X-SpeechDoc-Token: \(token)"] + headers)
    }
}

struct ServeError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// HTTP through curl: every header as the test means it (a wrong Host included).
enum HTTP {
    struct Reply {
        var status: Int
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:] }
    }

    static func get(_ url: String, headers: [String] = []) throws -> Reply {
        try request("GET", url, headers: headers)
    }

    static func request(_ method: String, _ url: String, file: URL? = nil, json: String? = nil, headers: [String] = []) throws -> Reply {
        let directory = try TemporaryDirectory()
        let output = directory.file("body")
        var arguments = ["-s", "-X", method, "-o", output.path, "-w", "%{http_code}", url]
        for header in headers { arguments += ["-H", header] }
        if let file { arguments += ["--data-binary", "@" + file.path, "-H", "Content-Type: application/octet-stream"] }
        if let json { arguments += ["--data-binary", json, "-H", "Content-Type: application/json"] }
        let result = try Run.program(Run.tool("curl")!, arguments)
        return Reply(status: Int(result.stdoutText) ?? 0, body: (try? Data(contentsOf: output)) ?? Data())
    }
}

/// The guards: a page on another site cannot use the server (Host, Origin, token), uploads are
/// limited, hostile files give one line of error and the server keeps serving, and the
/// downloads are the bytes `convert --role` writes.
@Test(.enabled(if: Run.tool("curl") != nil, "needs curl"))
func theServerGuardsItsMachineAndGivesTheCommandLinesBytes() throws {
    let server = try RunningServer()
    let sample = Repository.samples[1]
    // Security headers on the page: no inline script.
    let page = try HTTP.request("GET", server.address, headers: [])
    #expect(page.status == 200 && page.text.contains("<script src=\"/app.js\""))
    let headers = try Run.program(Run.tool("curl")!, ["-s", "-D", "-", "-o", "/dev/null", server.address]).stdoutText
    #expect(headers.contains("Content-Security-Policy: default-src 'none'; script-src 'self'"), "\(headers)")
    // DNS rebinding: another name for 127.0.0.1 is refused.
    #expect(try HTTP.get(server.address, headers: ["Host: attacker.example:\(server.hostPort.split(separator: ":").last!)"]).status == 403)
    // A POST from another origin, or without the token, is refused.
    #expect(try HTTP.request("POST", server.address + "api/reviews?name=a.txt", file: sample,
                             headers: ["Origin: http://attacker.example", "X-SpeechDoc-Token: \(server.token)"]).status == 403)
    #expect(try HTTP.request("POST", server.address + "api/reviews?name=a.txt", file: sample,
                             headers: ["Origin: http://\(server.hostPort)"]).status == 403)

    // A review: read, a role fixed, the download equals convert with the same --role.
    let directory = try TemporaryDirectory()
    let reviewed = try server.post("api/reviews?name=\("../../etc/讲话.txt".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", file: sample)
    #expect(reviewed.status == 200, "\(reviewed.text)")
    #expect(reviewed.json["name"] as? String == "讲话.txt", "a path from the browser is a bare name")
    let id = try #require(reviewed.json["id"] as? String)
    let units = try #require(reviewed.json["units"] as? [[String: Any]])
    let title = try #require(units.firstIndex { $0["role"] as? String == "title" })
    let changed = try server.post("api/reviews/\(id)/role", json: "{\"unit\": \(title), \"role\": \"furniture\"}")
    #expect(changed.status == 200)
    let roles = try #require(changed.json["roles"] as? [String])
    #expect(roles == ["\(title)=furniture"])
    #expect(((changed.json["units"] as? [[String: Any]])?[title]["removed"] as? Bool) == true)
    let web = try HTTP.get(server.address + "api/reviews/\(id)/download?format=docx&style=compact")
    #expect(web.status == 200)
    try FileManager.default.copyItem(at: sample, to: directory.file("讲话.txt"))
    let cli = try Run.speechdoc(["convert", "讲话.txt", "--role", roles[0], "--style", "compact", "-o", "cli.docx", "--quiet"], in: directory.url)
    #expect(cli.status == 0, "\(cli.stderr)")
    #expect(web.body == (try Data(contentsOf: directory.file("cli.docx"))), "the page's Word file is the command line's")
    // A heading called a paragraph: the command line with the same --role gives the same file.
    let headingUnit = try #require(units.firstIndex { ($0["text"] as? String)?.hasPrefix("一、") == true })
    let flattened = try server.post("api/reviews/\(id)/role", json: "{\"unit\": \(headingUnit), \"role\": \"paragraph\"}")
    let both = try #require(flattened.json["roles"] as? [String])
    let md = try HTTP.get(server.address + "api/reviews/\(id)/download?format=md")
    let cliMarkdown = try Run.speechdoc(["convert", "讲话.txt"] + both.flatMap { ["--role", $0] } + ["--to", "md", "-o", "-", "--quiet"], in: directory.url)
    #expect(md.body == cliMarkdown.stdout && !md.body.isEmpty)
    _ = try server.post("api/reviews/\(id)/undo", json: "{}")
    // Undo gives the reader's own decision back.
    let undone = try server.post("api/reviews/\(id)/undo", json: "{}")
    #expect((undone.json["roles"] as? [String]) == [])

    // Too large, a zip bomb, a DTD: one line of error each, and the server goes on.
    let large = directory.file("large.txt")
    try Data(repeating: 0x41, count: 21 << 20).write(to: large)
    let refused = try server.post("api/reviews?name=large.txt", file: large)
    #expect(refused.status == 413 && (refused.json["error"] as? String)?.contains("20 MB") == true, "\(refused.status) \(refused.text)")
    let bomb = directory.file("bomb.docx")
    try bombDocx().write(to: bomb)
    let exploded = try server.post("api/reviews?name=bomb.docx", file: bomb)
    #expect(exploded.status == 400 && exploded.json["error"] != nil && !exploded.text.contains("Swift/"), "\(exploded.text)")
    let html = directory.file("dtd.html")
    try Data("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><html><body><p>&e;</p></body></html>".utf8).write(to: html)
    let dtd = try server.post("api/reviews?name=dtd.html", file: html)
    #expect(!dtd.text.contains("root:"), "\(dtd.text)")
    #expect(try HTTP.get(server.address).status == 200)
    // Nothing but presets: a style from the browser never names a file.
    #expect(try HTTP.get(server.address + "api/reviews/\(id)/download?format=docx&style=/etc/passwd").status == 400)
}

/// A Word package whose one part inflates far past the limits.
private func bombDocx() throws -> Data {
    let directory = try TemporaryDirectory()
    let big = directory.file("document.xml")
    try Data(repeating: 0x20, count: 300 << 20).write(to: big)
    _ = try Run.program(Run.tool("zip")!, ["-q", "-j", directory.file("bomb.zip").path, big.path])
    return try Data(contentsOf: directory.file("bomb.zip"))
}

/// 50 conversions at once on loopback: no errors; the peak memory is printed for the README.
@Test(.enabled(if: Run.tool("curl") != nil, "needs curl"))
func fiftyConcurrentConversions() throws {
    let server = try RunningServer()
    let sample = Repository.samples[0]
    let started = Date()
    let statuses = Locked([Int]())
    DispatchQueue.concurrentPerform(iterations: 50) { _ in
        let reply = try? server.post("api/reviews?name=s.txt", file: sample)
        let download = (reply?.json["id"] as? String).flatMap { try? HTTP.get(server.address + "api/reviews/\($0)/download?format=docx") }
        statuses.withLock { $0.append(download?.status ?? 0) }
    }
    let seconds = Date().timeIntervalSince(started)
    let all = statuses.withLock { $0 }
    #expect(all.count == 50 && all.allSatisfy { $0 == 200 }, "\(all)")
    print("serve: 50 concurrent uploads and Word downloads in \(String(format: "%.2f", seconds)) s, server peak RSS \(String(format: "%.1f", server.peakMB)) MB")
}

/// The page's other changes give the command line's bytes too: a unit's text edited in place
/// (quoted as the page shows the command, space and apostrophe included), a lead marked, an
/// uploaded style file (`--style FILE`), a Word template (`--reference-docx`), and a cover on
/// the collection (`--cover`). A bad style file is one line naming it.
@Test(.enabled(if: Run.tool("curl") != nil && Run.tool("sh") != nil, "needs curl and sh"))
func editsLeadsAndUploadsGiveTheCommandLinesBytes() throws {
    let server = try RunningServer()
    let directory = try TemporaryDirectory()
    let sample = Repository.samples[0]
    try FileManager.default.copyItem(at: sample, to: directory.file("a.txt"))
    try FileManager.default.copyItem(at: Repository.samples[1], to: directory.file("b.txt"))
    let reviewed = try server.post("api/reviews?name=a.txt", file: sample)
    let id = try #require(reviewed.json["id"] as? String)
    let units = try #require(reviewed.json["units"] as? [[String: Any]])
    let long = try #require(units.firstIndex { $0["role"] as? String == "body" && (($0["text"] as? String)?.count ?? 0) > 40 })
    let body = try #require(units.firstIndex { $0["role"] as? String == "body" && $0["index"] as? Int != long
        && (($0["text"] as? String)?.contains("。") ?? false) })

    // Each unit tagged with what the speech made of it.
    func tags(_ units: [[String: Any]], _ prefix: String) -> [String]? {
        units.first { ($0["text"] as? String)?.hasPrefix(prefix) == true }?["tags"] as? [String]
    }
    #expect(tags(units, "一、") == ["heading-1"] && tags(units, "（一）") == ["heading-2"])
    #expect(tags(units, "〔此处原文缺失") == ["gap"] && tags(units, "谢谢大家") == ["closing"])
    #expect(tags(units, "（2024年") == ["date"])

    // An edit: the new text is read (and shown), and a line break is refused in one line.
    let edited = try server.post("api/reviews/\(id)/edit", json: "{\"unit\": \(long), \"text\": \"这是 改过的 it's 一句话。后面还有文字。\"}")
    #expect(edited.status == 200, "\(edited.text)")
    let after = try #require(edited.json["units"] as? [[String: Any]])
    #expect(after[long]["text"] as? String == "这是 改过的 it's 一句话。后面还有文字。" && after[long]["edited"] as? Bool == true)
    let broken = try server.post("api/reviews/\(id)/edit", json: "{\"unit\": \(long), \"text\": \"两\\n行\"}")
    #expect(broken.status == 400 && (broken.json["error"] as? String)?.contains("one line") == true, "\(broken.text)")
    // A lead.
    let led = try server.post("api/reviews/\(id)/role", json: "{\"unit\": \(body), \"role\": \"lead\"}")
    let arguments = try #require(led.json["arguments"] as? [String])
    #expect(((led.json["units"] as? [[String: Any]])?[body]["tags"] as? [String]) == ["lead"])
    #expect(arguments.contains("--role \(body)=lead") && arguments.contains { $0.hasPrefix("--edit '\(long)=") }, "\(arguments)")
    let markdown = try HTTP.get(server.address + "api/reviews/\(id)/download?format=md")
    #expect(markdown.text.contains("这是 改过的 it"), "the edited text is read (Markdown escapes its apostrophe)")
    // The command exactly as the page prints it, through a shell.
    let shell = "\(Repository.executable.path) convert a.txt \(arguments.joined(separator: " ")) --to md -o - --quiet"
    let cli = try Run.program(Run.tool("sh")!, ["-c", shell], in: directory.url)
    #expect(cli.status == 0 && cli.stdout == markdown.body, "\(cli.stderr)")
    #expect(markdown.text.contains("**"), "the lead is bold in Markdown")

    // A style file of one's own.
    let style = directory.file("办公室.yaml")
    try "base: compact\nname: 办公室\npage:\n  margin-left: 30mm\n".write(to: style, atomically: true, encoding: .utf8)
    let sentStyle = try server.post("api/uploads?kind=style&name=%E5%8A%9E%E5%85%AC%E5%AE%A4.yaml", file: style)
    let styleID = try #require(sentStyle.json["id"] as? String, "\(sentStyle.text)")
    // A Word template.
    let template = directory.file("模板.docx")
    try Data(try TemplateFixture.build()).write(to: template)
    let sentTemplate = try server.post("api/uploads?kind=template&name=t.docx", file: template)
    let templateID = try #require(sentTemplate.json["id"] as? String, "\(sentTemplate.text)")
    let word = try HTTP.get(server.address + "api/reviews/\(id)/download?format=docx&style=file:\(styleID)&template=\(templateID)")
    #expect(word.status == 200, "\(word.text)")
    let wordCLI = try Run.program(Run.tool("sh")!, ["-c", "\(Repository.executable.path) convert a.txt \(arguments.joined(separator: " ")) --style 办公室.yaml --reference-docx 模板.docx -o cli.docx --quiet"], in: directory.url)
    #expect(wordCLI.status == 0, "\(wordCLI.stderr)")
    #expect(word.body == (try Data(contentsOf: directory.file("cli.docx"))), "the uploaded style and template give the command line's file")
    // The preview uses the uploaded style (its name is not a preset).
    #expect(try HTTP.get(server.address + "api/reviews/\(id)/preview?style=file:\(styleID)").status == 200)
    // A bad style file, a template that is not Word, a cover that is not a picture: one line each.
    let bad = directory.file("bad.yaml")
    try "base: compact\npage:\n  margin-left: wide\n".write(to: bad, atomically: true, encoding: .utf8)
    let refused = try server.post("api/uploads?kind=style&name=bad.yaml", file: bad)
    #expect(refused.status == 400 && (refused.json["error"] as? String)?.hasPrefix("bad.yaml:") == true, "\(refused.text)")
    #expect(try server.post("api/uploads?kind=template&name=t.docx", file: bad).status == 400)
    #expect(try server.post("api/uploads?kind=cover&name=c.png", file: bad).status == 400)

    // A cover on a collection of two files.
    let cover = directory.file("cover.png")
    try Data(TemplateFixture.png).write(to: cover)
    let sentCover = try server.post("api/uploads?kind=cover&name=cover.png", file: cover)
    let coverID = try #require(sentCover.json["id"] as? String, "\(sentCover.text)")
    let second = try #require(try server.post("api/reviews?name=b.txt", file: Repository.samples[1]).json["id"] as? String)
    let fresh = try #require(try server.post("api/reviews?name=a.txt", file: sample).json["id"] as? String)
    let epub = try server.post("api/collection", json: "{\"reviews\": [\"\(second)\", \"\(fresh)\"], \"title\": \"讲话汇编\", \"author\": \"办公室\", \"cover\": \"\(coverID)\"}")
    #expect(epub.status == 200, "\(epub.text)")
    let epubCLI = try Run.speechdoc(["convert", "b.txt", "a.txt", "--title", "讲话汇编", "--author", "办公室", "--cover", "cover.png", "-o", "cli.epub", "--quiet"], in: directory.url)
    #expect(epubCLI.status == 0, "\(epubCLI.stderr)")
    #expect(epub.body == (try Data(contentsOf: directory.file("cli.epub"))), "the page's collection is the command line's")
}
