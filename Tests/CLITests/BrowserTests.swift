import Foundation
import Testing
import TestSupport
import SpeechDoc

/// Debian's chromium driven through chromedriver's WebDriver API (W3C, JSON over HTTP).
final class Browser: @unchecked Sendable {
    let driver = Process()
    let base: String
    let session: String

    init() throws {
        let port = Int.random(in: 20_000...40_000)
        driver.executableURL = Run.tool("chromedriver")!
        driver.arguments = ["--port=\(port)"]
        driver.standardOutput = FileHandle.nullDevice
        driver.standardError = FileHandle.nullDevice
        try driver.run()
        base = "http://127.0.0.1:\(port)"
        var ready = false
        for _ in 0..<100 where !ready {
            Thread.sleep(forTimeInterval: 0.1)
            ready = (try? HTTP.get(base + "/status").status) == 200
        }
        guard ready else { throw ServeError(message: "chromedriver did not start") }
        let capabilities = """
        {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {"binary": "\(Run.tool("chromium")!.path)",
         "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1600", "--lang=zh-CN"]}}}}
        """
        let reply = try HTTP.request("POST", base + "/session", json: capabilities)
        guard let value = reply.json["value"] as? [String: Any], let id = value["sessionId"] as? String else {
            throw ServeError(message: "no browser session: \(reply.text)")
        }
        session = id
    }

    deinit {
        _ = try? HTTP.request("DELETE", base + "/session/\(session)")
        // KILL: the test runner's children inherit a mask that blocks TERM.
        kill(driver.processIdentifier, SIGKILL)
        driver.waitUntilExit()
    }

    @discardableResult
    func command(_ method: String, _ path: String, _ json: String? = nil) throws -> Any? {
        let reply = try HTTP.request(method, base + "/session/\(session)" + path, json: json ?? (method == "POST" ? "{}" : nil))
        guard reply.status == 200 else { throw ServeError(message: "\(method) \(path): \(reply.status) \(reply.text.prefix(300))") }
        return reply.json["value"]
    }

    func go(_ url: String) throws { try command("POST", "/url", "{\"url\": \"\(url)\"}") }

    func find(_ css: String) throws -> String? {
        let quoted = String(decoding: try JSONSerialization.data(withJSONObject: css, options: .fragmentsAllowed), as: UTF8.self)
        guard let found = try? command("POST", "/element", "{\"using\": \"css selector\", \"value\": \(quoted)}") as? [String: String] else { return nil }
        return found.values.first
    }

    func text(_ css: String) throws -> String? {
        guard let element = try find(css) else { return nil }
        return try command("GET", "/element/\(element)/text") as? String
    }

    func run(_ script: String) throws -> Any? {
        let quoted = String(decoding: try JSONSerialization.data(withJSONObject: script, options: .fragmentsAllowed), as: UTF8.self)
        return try command("POST", "/execute/sync", "{\"script\": \(quoted), \"args\": []}")
    }

    /// Waits until `condition` holds (polling), or fails after `seconds`.
    func wait(_ what: String, seconds: Double = 20, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? condition()) == true { return }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw ServeError(message: "timed out waiting for \(what)")
    }

    func upload(_ file: URL) throws {
        let input = try #require(try find("#files"))
        let path = String(decoding: try JSONSerialization.data(withJSONObject: file.path, options: .fragmentsAllowed), as: UTF8.self)
        try command("POST", "/element/\(input)/value", "{\"text\": \(path)}")
    }

    func screenshot(to url: URL) throws {
        guard let base64 = try command("GET", "/screenshot") as? String, let data = Data(base64Encoded: base64) else { return }
        try data.write(to: url)
    }
}

/// The review page in a real browser: load a page, see its title and headings, fix a role and
/// see the outline change, download the Word file (valid, and the command line's bytes for the
/// same corrections), build a two-speech EPUB (epubcheck), and a hostile page shows as text.
@Test(.enabled(if: Run.tool("chromium") != nil && Run.tool("chromedriver") != nil && Run.tool("curl") != nil,
               "needs chromium and chromium-driver"))
func theReviewPageWorksInChromium() throws {
    let server = try RunningServer()
    let browser = try Browser()
    let directory = try TemporaryDirectory()
    try browser.go(server.address)
    #expect(try browser.text("h1")?.contains("SpeechDoc") == true)

    let sample = Repository.samples[1]
    let reference = try DocumentLoader.load(path: sample.path).speeches[0]
    try browser.upload(sample)
    try browser.wait("the outline") { try browser.text("#outline .title") == reference.metadata.title }
    let outline = try #require(try browser.text("#outline"))
    for heading in reference.outline.filter({ $0.kind == .heading && $0.level == 1 }) {
        #expect(outline.contains(heading.number + heading.text), "\(heading.text) not shown")
    }
    // Removed lines are shown, struck through, with their rule.
    #expect(try browser.text("#units li.removed .why")?.hasPrefix("removed by ") == true)

    // Fix a role: the title line is furniture; the reader decides the page again.
    let titleUnit = try #require(try browser.run("return document.querySelector('#units li[data-role=\"title\"] select').dataset.unit") as? String)
    let option = try #require(try browser.find("#units select[data-unit=\"\(titleUnit)\"] option[value=\"furniture\"]"))
    try browser.command("POST", "/element/\(option)/click")
    try browser.wait("the outline to change") { try browser.text("#outline .title") != reference.metadata.title }
    let command = try #require(try browser.text("#command"))
    #expect(command.contains("--role \(titleUnit)=furniture"), "\(command)")

    // The Word file the page offers: valid, and the command line's bytes with the same --role.
    let href = try #require(try browser.run("return document.getElementById('download-docx').href") as? String)
    let docx = try HTTP.get(href)
    #expect(docx.status == 200)
    try docx.body.write(to: directory.file("web.docx"))
    try FileManager.default.copyItem(at: sample, to: directory.file(sample.lastPathComponent))
    #expect(try Run.speechdoc(["convert", sample.lastPathComponent, "--role", "\(titleUnit)=furniture", "-o", "cli.docx", "--quiet"],
                              in: directory.url).status == 0)
    #expect(docx.body == (try Data(contentsOf: directory.file("cli.docx"))))
    if let pandoc = Run.tool("pandoc") {
        #expect(try Run.program(pandoc, ["-f", "docx", "-t", "plain", directory.file("web.docx").path]).status == 0)
    }
    if let xmllint = Run.tool("xmllint") {
        _ = try Run.program(Run.tool("unzip")!, ["-q", "-o", directory.file("web.docx").path, "word/document.xml", "-d", directory.file("x").path])
        #expect(try Run.program(xmllint, ["--noout", directory.file("x/word/document.xml").path]).status == 0)
    }
    // Undo brings the reader's title back.
    let undo = try #require(try browser.find("#undo"))
    try browser.command("POST", "/element/\(undo)/click")
    try browser.wait("undo") { try browser.text("#outline .title") == reference.metadata.title }

    // A second file, then the collection of both (the page's ids, the page's request).
    try browser.upload(Repository.samples[0])
    try browser.wait("the second file") { (try browser.run("return state.reviews.length") as? Int) == 2 }
    if ProcessInfo.processInfo.environment["SPEECHDOC_SCREENSHOT"] != nil {
        try browser.screenshot(to: Repository.root.appendingPathComponent("docs/review-page.png"))
    }
    let ids = try #require(try browser.run("return JSON.stringify(state.reviews.map(r => r.id))") as? String)
    let epub = try server.post("api/collection", json: "{\"reviews\": \(ids), \"title\": \"讲话汇编\"}")
    #expect(epub.status == 200)
    try epub.body.write(to: directory.file("collection.epub"))
    if let java = Run.tool("java"), FileManager.default.fileExists(atPath: "/usr/share/java/epubcheck.jar") {
        let checked = try Run.program(java, ["-jar", "/usr/share/java/epubcheck.jar", directory.file("collection.epub").path])
        #expect(checked.status == 0, "\(checked.stdoutText)\(checked.stderr)")
    }

    // A hostile page: its <script> and </textarea> are shown as text and never run.
    let hostile = directory.file("hostile.txt")
    try "在全县工作会议上的讲话<script>window.pwned = 1</script>\n\n同志们：\n\n今天的会议很重要。</textarea><img src=x onerror=\"window.pwned=2\">我们要认真落实各项工作任务，确保取得实效。\n"
        .write(to: hostile, atomically: true, encoding: .utf8)
    try browser.upload(hostile)
    try browser.wait("the hostile file") { (try browser.run("return state.reviews.length") as? Int) == 3 }
    #expect(try browser.run("return typeof window.pwned") as? String == "undefined")
    #expect(try browser.text("#units")?.contains("<script>window.pwned = 1</script>") == true)
    // A file the reader refuses: an error in the page, and the page goes on working.
    let bomb = directory.file("empty.docx")
    try Data("PK\u{3}\u{4}broken".utf8).write(to: bomb)
    try browser.upload(bomb)
    try browser.wait("the error") { (try browser.text("#error"))?.contains("empty.docx") == true }
    #expect(try HTTP.get(server.address).status == 200)
}
