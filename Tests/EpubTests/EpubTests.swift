import Foundation
import Testing
import TestSupport
@testable import EpubWriter
import SpeechModel
import SpeechReader
import SpeechWriting
import XMLSupport
import ZipSupport

private func speech(_ title: String = "在全县工作会议上的讲话") -> Speech {
    Speech(metadata: Metadata(title: title, speaker: "李明", date: "2024年3月12日"), salutation: "同志们：", body: [
        .paragraph(Paragraph(text: "今天召开会议。<script>与&amp;照原样。")),
        .section(Section(heading: Heading(level: 1, number: "一、", text: "提高站位"), children: [
            .section(Section(heading: Heading(level: 2, number: "（一）", text: "抓产业"), children: [
                .paragraph(Paragraph([.lead(Lead(number: "一要", text: "明确目标。")), .text("要对照标准。")])),
                .section(Section(heading: Heading(level: 3, number: "1.", text: "抓龙头"), children: [.paragraph(Paragraph(text: "正文。"))])),
            ])),
            .gap(Gap(omittedCharacters: 695)),
        ])),
        .section(Section(heading: Heading(level: 1, number: "二、", text: "强化保障。", runsIn: true), children: [.paragraph(Paragraph(text: "各级要扛起责任。"))])),
    ], closing: "谢谢大家！")
}

private func book(_ publication: Publication, _ options: WriterOptions = .default) throws -> (bytes: [UInt8], zip: ZipArchiveReader) {
    let bytes = try EpubWriter().write(publication, options: options)
    return (bytes, try ZipArchiveReader(bytes))
}

private let png = [UInt8](Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")!)

@Test func mimetypeIsFirstStoredWithoutExtraFieldAndExact() throws {
    let (bytes, zip) = try book(.speech(speech()))
    #expect(zip.entries.first?.name == "mimetype")
    #expect(zip.entries.first?.isStored == true)
    // The local header: signature, method 0, name "mimetype", no extra field, then the bytes.
    #expect(Array(bytes[0..<4]) == [0x50, 0x4B, 0x03, 0x04])
    #expect(bytes[8] == 0 && bytes[9] == 0)
    #expect(Int(bytes[26]) | Int(bytes[27]) << 8 == 8)
    #expect(Int(bytes[28]) | Int(bytes[29]) << 8 == 0)
    #expect(String(decoding: bytes[30..<38], as: UTF8.self) == "mimetype")
    #expect(String(decoding: bytes[38..<58], as: UTF8.self) == "application/epub+zip")
    #expect(zip.entries.map(\.name).contains("META-INF/container.xml"))
}

@Test func everyXHTMLIsStrictUTF8WellFormedAndChinese() throws {
    let (_, zip) = try book(.collection(SpeechCollection(title: "汇编", speeches: [speech(), speech("第二篇")])), WriterOptions(cover: CoverImage(bytes: png)))
    let xhtml = zip.entries.map(\.name).filter { $0.hasSuffix(".xhtml") }
    #expect(xhtml.filter { $0.contains("speech-") }.count == 2, "one XHTML per speech")
    #expect(Set(xhtml) == ["OEBPS/nav.xhtml", "OEBPS/cover.xhtml", "OEBPS/title.xhtml", "OEBPS/speech-001.xhtml", "OEBPS/speech-002.xhtml"])
    for name in zip.entries.map(\.name) where name.hasSuffix(".xhtml") || name.hasSuffix(".opf") || name.hasSuffix(".ncx") || name.hasSuffix(".xml") {
        let bytes = try zip.read(name)
        #expect(String(validating: bytes, as: UTF8.self) != nil, "\(name) is not UTF-8")
        let root = try XMLParser.parse(bytes)
        if name.hasSuffix(".xhtml") {
            #expect(root.attributes["lang"] == "zh-CN" && root.attributes["xml:lang"] == "zh-CN", "\(name)")
        }
    }
    let chapter = String(decoding: try zip.read("OEBPS/speech-001.xhtml"), as: UTF8.self)
    #expect(chapter.contains("今天召开会议。&lt;script&gt;与&amp;amp;照原样。"))
}

@Test func packageDocumentCarriesTheMetadata() throws {
    let (_, zip) = try book(.speech(speech()), WriterOptions(sourceDateEpoch: 1_700_000_000))
    let opf = try XMLParser.parse(zip.read("OEBPS/content.opf"))
    let metadata = try #require(opf.firstChild(named: "metadata"))
    let identifier = try #require(metadata.firstChild(named: "dc:identifier")?.textContent)
    #expect(identifier.wholeMatch(of: /urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil)
    #expect(metadata.firstChild(named: "dc:title")?.textContent == "在全县工作会议上的讲话")
    #expect(metadata.firstChild(named: "dc:language")?.textContent == "zh-CN")
    #expect(metadata.firstChild(named: "dc:creator")?.textContent == "李明")
    #expect(metadata.firstChild(named: "dc:date")?.textContent == "2024-03-12")
    let modified = metadata.elements.first { $0.attributes["property"] == "dcterms:modified" }?.textContent
    #expect(modified == "2023-11-14T22:13:20Z")
    let manifest = try #require(opf.firstChild(named: "manifest")).elements
    #expect(manifest.contains { $0.attributes["properties"] == "nav" })
    for item in manifest {
        #expect(zip.entries.contains { $0.name == "OEBPS/" + (item.attributes["href"] ?? "") }, "manifest names a missing \(item.attributes["href"] ?? "")")
    }
}

@Test func identityIsStableAndFollowsTheContent() throws {
    func identifier(_ publication: Publication) throws -> String {
        try XMLParser.parse(book(publication).zip.read("OEBPS/content.opf")).descendants(named: "dc:identifier").first?.textContent ?? ""
    }
    #expect(try identifier(.speech(speech())) == identifier(.speech(speech())))
    #expect(try identifier(.speech(speech())) != identifier(.speech(speech("另一篇讲话"))))
    #expect(try book(.speech(speech())).bytes == book(.speech(speech())).bytes)
}

@Test func navigationListsSpeechesWithTheirFirstTwoHeadingLevels() throws {
    let (_, zip) = try book(.collection(SpeechCollection(title: "汇编", speeches: [speech(), speech("第二篇")])))
    let nav = try XMLParser.parse(zip.read("OEBPS/nav.xhtml"))
    let toc = try #require(nav.descendants(named: "nav").first { $0.attributes["epub:type"] == "toc" })
    let top = try #require(toc.firstChild(named: "ol")).elements
    #expect(top.map { $0.firstChild(named: "a")?.textContent } == ["在全县工作会议上的讲话", "第二篇"])
    let level1 = try #require(top[0].firstChild(named: "ol")).elements
    #expect(level1.map { $0.firstChild(named: "a")?.textContent } == ["一、提高站位", "二、强化保障"])
    #expect(level1[0].firstChild(named: "ol")?.elements.map { $0.firstChild(named: "a")?.textContent } == ["（一）抓产业"])
    #expect(!toc.textContent.contains("抓龙头"), "level 3 stays out of the table of contents")
    // Every link resolves to a file and an id in it.
    for link in toc.descendants(named: "a") {
        let parts = (link.attributes["href"] ?? "").split(separator: "#").map(String.init)
        let chapter = try XMLParser.parse(zip.read("OEBPS/" + parts[0]))
        if parts.count == 2 { #expect(chapter.descendants(named: "h2").contains { $0.attributes["id"] == parts[1] } || chapter.descendants(named: "h3").contains { $0.attributes["id"] == parts[1] }) }
    }
    #expect(nav.descendants(named: "nav").contains { $0.attributes["epub:type"] == "landmarks" })
    let ncx = try XMLParser.parse(zip.read("OEBPS/toc.ncx"))
    #expect(ncx.descendants(named: "navPoint").map { $0.attributes["playOrder"] ?? "" } == (1...8).map(String.init))
    let title = try XMLParser.parse(zip.read("OEBPS/title.xhtml"))
    #expect(title.descendants(named: "li").map(\.textContent) == ["在全县工作会议上的讲话", "第二篇"])
}

@Test func stylesheetComesFromTheStyleData() throws {
    let css = String(decoding: try book(.speech(speech())).zip.read("OEBPS/styles.css"), as: UTF8.self)
    #expect(css.contains("text-indent: 2em;"))
    #expect(css.contains("\"仿宋_GB2312\""))
    #expect(css.contains("strong.lead {"))
    #expect(css.contains("background-color: #ffff00;"))
    #expect(css.contains("font-size: 1.375em;"), "the title is 二号 against the body's 三号")
    for line in css.split(separator: "\n") where line.contains("font-family:") {
        #expect(line.hasSuffix("serif;") || line.hasSuffix("sans-serif;"), "\(line) does not end in a generic family")
    }
    #expect(!css.contains("@font-face"))
}

@Test func coverImageGetsItsPropertyAndPage() throws {
    let (_, zip) = try book(.speech(speech()), WriterOptions(cover: CoverImage(bytes: png)))
    let opf = try XMLParser.parse(zip.read("OEBPS/content.opf"))
    let item = opf.descendants(named: "item").first { $0.attributes["properties"] == "cover-image" }
    #expect(item?.attributes["href"] == "images/cover.png")
    #expect(item?.attributes["media-type"] == "image/png")
    #expect(try zip.read("OEBPS/images/cover.png") == png)
    #expect(CoverImage(bytes: Array("not an image".utf8)) == nil)
}

// MARK: Validators

private var corpusFiles: [URL] { Repository.samples + (Repository.sharedAvailable ? Repository.seeds : []) }

private func epubcheck(_ file: URL) throws -> (ok: Bool, summary: String) {
    let result = try Run.program(URL(fileURLWithPath: "/usr/bin/java"), ["-jar", "/usr/share/java/epubcheck.jar", file.path])
    let text = result.stdoutText + result.stderr
    let summary = text.split(separator: "\n").first { $0.hasPrefix("Messages:") }.map(String.init) ?? text
    return (result.status == 0 && summary.contains("0 fatals / 0 errors / 0 warnings"), text)
}

private let epubcheckAvailable = FileManager.default.fileExists(atPath: "/usr/share/java/epubcheck.jar") && FileManager.default.isExecutableFile(atPath: "/usr/bin/java")

@Test(.enabled(if: epubcheckAvailable, "needs epubcheck and java"))
func epubcheckPassesEverySpeechAndTheWholeCollection() throws {
    let directory = try TemporaryDirectory()
    var all: [Speech] = []
    var books: [URL] = []
    for file in corpusFiles {
        let speeches = try PlainTextReader.read([UInt8](Data(contentsOf: file))).speeches
        all += speeches
        for (index, speech) in speeches.enumerated() {
            let url = directory.file("\(file.deletingPathExtension().lastPathComponent)-\(index + 1).epub")
            try Data(try EpubWriter().write(.speech(speech), options: .default)).write(to: url)
            books.append(url)
        }
    }
    let collection = directory.file("collection.epub")
    try Data(try EpubWriter().write(.collection(SpeechCollection(title: "讲话汇编", author: "办公室", date: "2024年3月12日", speeches: all)),
                                    options: WriterOptions(cover: CoverImage(bytes: png)))).write(to: collection)
    books.append(collection)
    // One JVM per book; run them side by side.
    let results = ResultBox(count: books.count)
    let files = books
    DispatchQueue.concurrentPerform(iterations: files.count) { index in
        results.set(index, (try? epubcheck(files[index])) ?? (false, "epubcheck did not run"))
    }
    for (book, check) in zip(books, results.values) {
        #expect(check.ok, "\(book.lastPathComponent): \(check.summary)")
    }
}

@Test(.enabled(if: Run.tool("pandoc") != nil, "needs pandoc"))
func pandocFindsEverySpeechTitleAndHeadingInTheCollection() throws {
    let directory = try TemporaryDirectory()
    var all: [Speech] = []
    for file in corpusFiles { all += try PlainTextReader.read([UInt8](Data(contentsOf: file))).speeches }
    let url = directory.file("collection.epub")
    try Data(try EpubWriter().write(.collection(SpeechCollection(title: "讲话汇编", speeches: all)), options: .default)).write(to: url)
    let result = try Run.program(Run.tool("pandoc")!, ["-f", "epub", "-t", "json", url.path])
    #expect(result.status == 0, "\(result.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    var headers: [(Int, String)] = []
    for block in json["blocks"] as? [[String: Any]] ?? [] {
        collectHeaders(block, into: &headers)
    }
    let texts = headers.map { ($0.0, normalizedForComparison($0.1)) }
    var position = 0
    for speech in all {
        let wanted = [(1, speech.metadata.title)] + speech.outline.filter { $0.kind == .heading }.map { ($0.level + 1, $0.number + $0.text) }
        for (level, text) in wanted {
            let key = normalizedForComparison(text)
            guard let found = texts[position...].firstIndex(where: { $0.0 == level && $0.1 == key }) else {
                Issue.record("pandoc did not find h\(level) “\(text)” in order")
                continue
            }
            position = found + 1
        }
    }
}

private func collectHeaders(_ block: [String: Any], into headers: inout [(Int, String)]) {
    switch block["t"] as? String {
    case "Header":
        let content = block["c"] as? [Any] ?? []
        headers.append((content[0] as? Int ?? 0, PandocText.stringify(content[2] as? [Any] ?? [])))
    case "Div":
        let content = block["c"] as? [Any] ?? []
        for child in content.last as? [[String: Any]] ?? [] { collectHeaders(child, into: &headers) }
    default:
        break
    }
}


private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [(ok: Bool, summary: String)]
    init(count: Int) { values = Array(repeating: (false, ""), count: count) }
    func set(_ index: Int, _ value: (ok: Bool, summary: String)) { lock.withLock { values[index] = value } }
}

/// Issue 17 item 6: every role states its size (a run-in heading is not left at the browser's
/// h2 size), and every font stack starts with a Chinese font, so “” and — take Chinese forms.
@Test func everyRoleHasItsSizeAndAChineseFontFirst() throws {
    let css = String(decoding: try book(.speech(speech())).zip.read("OEBPS/styles.css"), as: UTF8.self)
    let rules = css.matches(of: /(?<selector>[^{}]+)\{(?<body>[^}]*)\}/).map { (String($0.selector).trimmingCharacters(in: .whitespacesAndNewlines), String($0.body)) }
    let latin = ["Times New Roman", "Times", "Arial", "Liberation Serif", "Liberation Sans", "Helvetica"]
    var stacks = 0
    for (selector, body) in rules {
        guard let family = body.firstMatch(of: /font-family: "(?<first>[^"]+)"/) else { continue }
        stacks += 1
        #expect(!latin.contains(String(family.first)), "\(selector) starts with \(family.first)")
    }
    #expect(stacks >= 8)
    for level in 1...4 {
        let heading = try #require(rules.first { $0.0 == "h\(level + 1).heading-\(level)" })
        #expect(heading.1.contains("font-size:"), "h\(level + 1).heading-\(level) has no size")
    }
}
