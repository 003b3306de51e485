import Foundation
import Testing
import TestSupport
import SpeechDoc

/// A WebDriver command, as both browsers take it.
enum WebDriverCommand {
    case navigate(String)
    case find(String)
    case text(element: String)
    case click(element: String)
    case sendKeys(element: String, String)
    case script(String)
    case screenshot
    case actions([[String: Any]])
    case releaseActions
}

/// A browser that runs WebDriver commands.
protocol BrowserDriver: AnyObject {
    func perform(_ command: WebDriverCommand) throws -> Any?
}

/// Debian's chromium driven through chromedriver's WebDriver API (W3C, JSON over HTTP).
final class ChromiumDriver: BrowserDriver {
    let driver = Process()
    let base: String
    let session: String

    static var available: Bool { Run.tool("chromium") != nil && Run.tool("chromedriver") != nil && Run.tool("curl") != nil }

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

    func perform(_ command: WebDriverCommand) throws -> Any? {
        switch command {
        case .navigate(let url): try call("POST", "/url", ["url": url])
        case .find(let css): try call("POST", "/element", ["using": "css selector", "value": css])
        case .text(let element): try call("GET", "/element/\(element)/text")
        case .click(let element): try call("POST", "/element/\(element)/click", [:])
        case .sendKeys(let element, let text): try call("POST", "/element/\(element)/value", ["text": text])
        case .script(let script): try call("POST", "/execute/sync", ["script": script, "args": []])
        case .screenshot: try call("GET", "/screenshot")
        case .actions(let actions): try call("POST", "/actions", ["actions": actions])
        case .releaseActions: try call("DELETE", "/actions")
        }
    }

    private func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> Any? {
        let json = try body.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        let reply = try HTTP.request(method, base + "/session/\(session)" + path, json: json)
        guard reply.status == 200 else { throw ServeError(message: "\(method) \(path): \(reply.status) \(reply.text.prefix(300))") }
        return reply.json["value"]
    }
}

/// Debian's firefox-esr driven through Marionette, the WebDriver protocol Firefox speaks on a
/// socket of its own (what geckodriver translates to; Debian has no geckodriver): messages are
/// `length:[0, id, "WebDriver:Command", params]`, answers `[1, id, error, result]`.
final class FirefoxDriver: BrowserDriver {
    let browser = Process()
    let profile: TemporaryDirectory
    let socket: Int32
    private var nextID = 0
    private var buffer: [UInt8] = []

    static var program: URL? { Run.tool("firefox-esr") ?? Run.tool("firefox") }
    static var available: Bool { program != nil && Run.tool("curl") != nil }

    init() throws {
        profile = try TemporaryDirectory()
        // Port 0: Firefox chooses one and writes it to MarionetteActivePort in the profile.
        try """
        user_pref("marionette.port", 0);
        user_pref("browser.shell.checkDefaultBrowser", false);
        user_pref("datareporting.policy.dataSubmissionEnabled", false);
        user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
        user_pref("browser.startup.homepage_override.mstone", "ignore");
        user_pref("app.update.disabledForTesting", true);
        user_pref("network.captive-portal-service.enabled", false);
        user_pref("browser.aboutwelcome.enabled", false);
        user_pref("intl.accept_languages", "zh-CN");
        """.write(to: profile.file("user.js"), atomically: true, encoding: .utf8)
        browser.executableURL = Self.program!
        browser.arguments = ["--headless", "--marionette", "--no-remote", "--profile", profile.url.path, "--width", "1400", "--height", "1600", "about:blank"]
        var environment = ProcessInfo.processInfo.environment
        environment["MOZ_CRASHREPORTER_DISABLE"] = "1"
        browser.environment = environment
        browser.standardOutput = FileHandle.nullDevice
        browser.standardError = FileHandle.nullDevice
        try browser.run()
        var port = 0
        for _ in 0..<300 where port == 0 {
            Thread.sleep(forTimeInterval: 0.1)
            port = (try? String(contentsOf: profile.file("MarionetteActivePort"), encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        }
        guard port > 0 else { throw ServeError(message: "Firefox did not open its Marionette port") }
        socket = try Self.connect(port: port)
        // The greeting: {"applicationType": "gecko", "marionetteProtocol": 3}.
        guard let hello = try read() as? [String: Any], hello["marionetteProtocol"] != nil else {
            throw ServeError(message: "no Marionette greeting")
        }
        _ = try send("WebDriver:NewSession", ["capabilities": ["alwaysMatch": ["acceptInsecureCerts": false]]])
    }

    deinit {
        _ = try? send("WebDriver:DeleteSession", [:])
        close(socket)
        // KILL: the test runner's children inherit a mask that blocks TERM.
        kill(browser.processIdentifier, SIGKILL)
        browser.waitUntilExit()
    }

    private static func connect(port: Int) throws -> Int32 {
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        for _ in 0..<50 {
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if connected == 0 { return descriptor }
            Thread.sleep(forTimeInterval: 0.1)
        }
        close(descriptor)
        throw ServeError(message: "cannot connect to Marionette on port \(port)")
    }

    private func send(_ name: String, _ parameters: [String: Any]) throws -> Any? {
        nextID += 1
        let message = try JSONSerialization.data(withJSONObject: [0, nextID, name, parameters] as [Any])
        let framed = Array("\(message.count):".utf8) + Array(message)
        var sent = 0
        while sent < framed.count {
            let count = framed[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw ServeError(message: "Marionette: the socket closed") }
            sent += count
        }
        while true {
            guard let reply = try read() as? [Any], reply.count == 4, reply[1] as? Int == nextID else { continue }
            if let error = reply[2] as? [String: Any] {
                throw ServeError(message: "\(name): \(error["error"] ?? "") \(error["message"] ?? "")")
            }
            return reply[3]
        }
    }

    /// One message: its length in ASCII digits, a colon, then that many bytes of JSON.
    private func read() throws -> Any {
        func fill() throws {
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw ServeError(message: "Marionette: the socket closed") }
            buffer += chunk[..<count]
        }
        while !buffer.contains(UInt8(ascii: ":")) { try fill() }
        let colon = buffer.firstIndex(of: UInt8(ascii: ":"))!
        guard let length = Int(String(decoding: buffer[..<colon], as: UTF8.self)) else { throw ServeError(message: "Marionette: bad frame") }
        while buffer.count < colon + 1 + length { try fill() }
        let body = Data(buffer[(colon + 1)..<(colon + 1 + length)])
        buffer.removeFirst(colon + 1 + length)
        return try JSONSerialization.jsonObject(with: body, options: .fragmentsAllowed)
    }

    func perform(_ command: WebDriverCommand) throws -> Any? {
        let result: Any?
        switch command {
        case .navigate(let url): result = try send("WebDriver:Navigate", ["url": url])
        case .find(let css): result = try send("WebDriver:FindElement", ["using": "css selector", "value": css])
        case .text(let element): result = try send("WebDriver:GetElementText", ["id": element])
        case .click(let element): result = try send("WebDriver:ElementClick", ["id": element])
        case .sendKeys(let element, let text): result = try send("WebDriver:ElementSendKeys", ["id": element, "text": text])
        case .script(let script): result = try send("WebDriver:ExecuteScript", ["script": script, "args": []])
        case .screenshot: result = try send("WebDriver:TakeScreenshot", [:])
        case .actions(let actions): result = try send("WebDriver:PerformActions", ["actions": actions])
        case .releaseActions: result = try send("WebDriver:ReleaseActions", [:])
        }
        return (result as? [String: Any]).map { $0["value"] as Any } ?? result
    }
}

/// The page's helpers over either browser.
final class Browser: @unchecked Sendable {
    let driver: any BrowserDriver
    let name: String

    init(_ name: String) throws {
        self.name = name
        driver = name == "firefox" ? try FirefoxDriver() : try ChromiumDriver()
    }

    static func available(_ name: String) -> Bool { name == "firefox" ? FirefoxDriver.available : ChromiumDriver.available }

    func go(_ url: String) throws { _ = try driver.perform(.navigate(url)) }

    func find(_ css: String) throws -> String? {
        guard let found = try? driver.perform(.find(css)) as? [String: Any] else { return nil }
        return found.values.first as? String
    }

    func text(_ css: String) throws -> String? {
        guard let element = try find(css) else { return nil }
        return try driver.perform(.text(element: element)) as? String
    }

    func click(_ css: String) throws {
        guard let element = try find(css) else { throw ServeError(message: "\(name): no \(css) to click") }
        _ = try driver.perform(.click(element: element))
    }

    func run(_ script: String) throws -> Any? { try driver.perform(.script(script)) }

    /// Waits until `condition` holds (polling), or fails after `seconds`.
    func wait(_ what: String, seconds: Double = 20, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? condition()) == true { return }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw ServeError(message: "\(name): timed out waiting for \(what)")
    }

    func upload(_ file: URL) throws {
        let input = try #require(try find("#files"))
        _ = try driver.perform(.sendKeys(element: input, file.path))
    }

    /// Keys pressed and released in order, to whatever has the focus (WebDriver key codes:
    /// Tab \u{E004}, Enter \u{E007}, Down \u{E015}, Escape \u{E00C}); `modifier` held throughout.
    func press(_ keys: [String], holding modifier: String? = nil) throws {
        var steps: [[String: Any]] = []
        if let modifier { steps.append(["type": "keyDown", "value": modifier]) }
        for key in keys { steps += [["type": "keyDown", "value": key], ["type": "keyUp", "value": key]] }
        if let modifier { steps.append(["type": "keyUp", "value": modifier]) }
        _ = try driver.perform(.actions([["type": "key", "id": "keyboard", "actions": steps]]))
        _ = try driver.perform(.releaseActions)
    }

    /// Types text into the focused element, character by character, as a keyboard does.
    func type(_ text: String) throws { try press(text.map { $0 == "\n" ? Key.enter : String($0) }) }

    /// Tabs forward until `condition` holds of the focused element (a script's expression on
    /// `e`, e.g. `e.id === "undo"`), at most `limit` presses: the element is reachable by keyboard.
    func tab(to condition: String, limit: Int = 80) throws {
        for _ in 0..<limit {
            try press([Key.tab])
            if try run("const e = document.activeElement; return !!(e && (\(condition)))") as? Bool == true { return }
        }
        throw ServeError(message: "\(name): Tab never reached \(condition)")
    }

    func screenshot(to url: URL) throws {
        guard let base64 = try driver.perform(.screenshot) as? String, let data = Data(base64Encoded: base64) else { return }
        try data.write(to: url)
    }
}

enum Key {
    static let tab = "\u{E004}", enter = "\u{E007}", down = "\u{E015}", escape = "\u{E00C}", control = "\u{E009}"
}

/// The review page in a real browser: load a page, see its title and headings, fix a role and
/// see the outline change, download the Word file (valid, and the command line's bytes for the
/// same corrections), build a two-speech EPUB (epubcheck), and a hostile page shows as text.
@Test(.enabled(if: Browser.available("chromium"), "needs chromium and chromium-driver"))
func theReviewPageWorksInChromium() throws {
    try reviewPage(in: "chromium")
}

/// The same in Firefox (Debian's firefox-esr, through Marionette).
@Test(.enabled(if: Browser.available("firefox"), "needs firefox-esr"))
func theReviewPageWorksInFirefox() throws {
    try reviewPage(in: "firefox")
}

private func reviewPage(in name: String) throws {
    let server = try RunningServer()
    let browser = try Browser(name)
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
    try browser.click("#units select[data-unit=\"\(titleUnit)\"] option[value=\"furniture\"]")
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
    // A style file and a Word template chosen on the page: the Word file is the command line's
    // with --style and --reference-docx.
    let style = directory.file("办公室.yaml")
    try "base: compact\nname: 办公室\n".write(to: style, atomically: true, encoding: .utf8)
    let template = directory.file("模板.docx")
    try Data(try TemplateFixture.build()).write(to: template)
    _ = try browser.driver.perform(.sendKeys(element: try #require(try browser.find("#style-file")), style.path))
    try browser.wait("the style file") { try browser.text("#command")?.contains("--style 办公室.yaml") == true }
    _ = try browser.driver.perform(.sendKeys(element: try #require(try browser.find("#template-file")), template.path))
    try browser.wait("the template") { try browser.text("#command")?.contains("--reference-docx 模板.docx") == true }
    let styled = try HTTP.get(try #require(try browser.run("return document.getElementById('download-docx').href") as? String))
    #expect(try Run.speechdoc(["convert", sample.lastPathComponent, "--role", "\(titleUnit)=furniture", "--style", style.path,
                               "--reference-docx", template.path, "-o", "styled.docx", "--quiet"], in: directory.url).status == 0)
    let styledCLI = try Data(contentsOf: directory.file("styled.docx"))
    #expect(styled.status == 200 && styled.body == styledCLI, "\(name): style file and template")
    try browser.click("#template-clear")
    try browser.click("#style-clear")
    try browser.wait("the preset again") { try browser.text("#command")?.contains("--style") == false }

    // Undo brings the reader's title back.
    try browser.click("#undo")
    try browser.wait("undo") { try browser.text("#outline .title") == reference.metadata.title }

    // A second file, then the collection of both (the page's ids, the page's request).
    try browser.upload(Repository.samples[0])
    try browser.wait("the second file") { (try browser.run("return document.querySelectorAll('#documents li').length") as? Int) == 2 }
    // Drag the second file's name onto the first (the events a drag makes, with their data):
    // the list, and so the collection, takes the new order.
    let names = try #require(try browser.run("return Array.from(document.querySelectorAll('#documents li > button:first-child'), b => b.textContent).join('|')") as? String)
    _ = try browser.run("""
        const items = document.querySelectorAll('#documents li');
        const data = new DataTransfer();
        items[1].dispatchEvent(new DragEvent('dragstart', {dataTransfer: data, bubbles: true}));
        items[0].dispatchEvent(new DragEvent('dragover', {dataTransfer: data, bubbles: true, cancelable: true}));
        items[0].dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));
        return null;
        """)
    let reordered = try #require(try browser.run("return Array.from(document.querySelectorAll('#documents li > button:first-child'), b => b.textContent).join('|')") as? String)
    #expect(reordered == names.split(separator: "|").reversed().joined(separator: "|"), "\(names) → \(reordered)")
    #expect(try browser.text("#documents li:first-child button") == Repository.samples[0].lastPathComponent)
    if name == "chromium", ProcessInfo.processInfo.environment["SPEECHDOC_SCREENSHOT"] != nil {
        try browser.screenshot(to: Repository.root.appendingPathComponent("docs/review-page.png"))
    }
    let ids = try #require(try browser.run("return JSON.stringify(Array.from(document.querySelectorAll('#documents li'), li => li.dataset.review))") as? String)
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
    try browser.wait("the hostile file") { (try browser.run("return document.querySelectorAll('#documents li').length") as? Int) == 3 }
    #expect(try browser.run("return typeof window.pwned") as? String == "undefined")
    #expect(try browser.text("#units")?.contains("<script>window.pwned = 1</script>") == true)
    // A file the reader refuses: an error in the page, and the page goes on working.
    let bomb = directory.file("empty.docx")
    try Data("PK\u{3}\u{4}broken".utf8).write(to: bomb)
    try browser.upload(bomb)
    try browser.wait("the error") { (try browser.text("#error"))?.contains("empty.docx") == true }
    #expect(try HTTP.get(server.address).status == 200)
}

/// Everything from the keyboard alone, in both browsers: Tab to the paste box, type a speech,
/// read it, Tab to a removed line's role and keep it with the arrow key, edit a unit's text in
/// place (Enter keeps it), and reach the Word download — each step by Tab, Enter and arrows.
@Test(.enabled(if: Browser.available("chromium"), "needs chromium and chromium-driver"))
func theReviewPageWorksFromTheKeyboardInChromium() throws {
    try keyboardOnly(in: "chromium")
}

@Test(.enabled(if: Browser.available("firefox"), "needs firefox-esr"))
func theReviewPageWorksFromTheKeyboardInFirefox() throws {
    try keyboardOnly(in: "firefox")
}

private func keyboardOnly(in name: String) throws {
    let server = try RunningServer()
    let browser = try Browser(name)
    try browser.go(server.address)
    try browser.wait("the page's script") { try browser.run("return document.querySelectorAll('#style option').length") as? Int ?? 0 > 0 }
    // The paste box: its summary opens with Enter; type into it; Read with Enter.
    try browser.tab(to: "e.tagName === 'SUMMARY'")
    try browser.press([Key.enter])
    try browser.tab(to: "e.id === 'paste'")
    let speech = ["在全镇安全生产会议上的讲话", "同志们：", "今天的会议很重要。", "一、提高认识", "我们要把安全放在首位。", "上一篇：在全镇防汛工作会议上的讲话"]
    try browser.type(speech.joined(separator: "\n"))
    try browser.tab(to: "e.id === 'read-paste'")
    try browser.press([Key.enter])
    try browser.wait("the review") { try browser.text("#outline .title") == speech[0] }

    // The link to the previous page was removed; Tab to its role and keep it (one step down: 正文 keep).
    let removed = try #require(try browser.run("return Number(document.querySelector('#units li.removed select').dataset.unit)") as? Int)
    try browser.tab(to: "e.matches('#units select') && e.dataset.unit === '\(removed)'")
    try browser.press([Key.down])
    try browser.wait("the line kept") {
        try browser.text("#command")?.contains("--role \(removed)=body") == true
            && browser.run("return document.querySelector('#units select[data-unit=\"\(removed)\"]').closest('li').classList.contains('removed')") as? Bool == false
    }
    // Focus stays on the unit's role after the page is decided again.
    #expect(try browser.run("return document.activeElement.dataset.unit") as? String == "\(removed)")

    // Its text, edited in place: the ✎ button, select all, type, Enter.
    try browser.tab(to: "e.matches('#units button.edit') && e.dataset.unit === '\(removed)'")
    try browser.press([Key.enter])
    try browser.wait("the edit field") { try browser.run("return document.activeElement.classList.contains('edit-text')") as? Bool == true }
    try browser.press(["a"], holding: Key.control)
    try browser.type("（根据录音整理）")
    try browser.press([Key.enter])
    try browser.wait("the edit") { try browser.run("return document.querySelector('#units select[data-unit=\"\(removed)\"]').closest('li').querySelector('.text').textContent") as? String == "（根据录音整理）" }
    let command = try #require(try browser.text("#command"))
    #expect(command.contains("--role \(removed)=body") && command.contains("--edit \(removed)=（根据录音整理）"), "\(command)")

    // The Word download is reached by Tab; its file is the command line's for these changes.
    try browser.tab(to: "e.id === 'download-docx'", limit: 200)
    let href = try #require(try browser.run("return document.activeElement.href") as? String)
    let docx = try HTTP.get(href)
    let directory = try TemporaryDirectory()
    try speech.joined(separator: "\n").write(to: directory.file("pasted.txt"), atomically: true, encoding: .utf8)
    let cli = try Run.speechdoc(["convert", "pasted.txt", "--role", "\(removed)=body", "--edit", "\(removed)=（根据录音整理）", "-o", "cli.docx", "--quiet"],
                                in: directory.url)
    #expect(cli.status == 0 && docx.status == 200)
    #expect(docx.body == (try Data(contentsOf: directory.file("cli.docx"))), "\(name): the keyboard's Word file is the command line's")
}
