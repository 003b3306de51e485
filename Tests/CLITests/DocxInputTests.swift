import Foundation
import Testing
import SystemSupport
import TestSupport
import ZipSupport
import SpeechReader
import HTMLReader
@testable import SpeechDoc

/// Word files as input (issue 16): read through the same structure finder as text.

/// The outline a reader finds, as comparable values.
private func outline(_ document: InputDocument) -> [String] {
    document.speeches.flatMap { speech in
        ["title " + speech.metadata.title, "salutation " + (speech.salutation ?? "-")]
            + speech.outline.map { "\($0.level) \($0.kind.rawValue) \($0.number)\($0.text)" }
    }
}

/// Every sample, written to Word by SpeechDoc and read back, gives the outline of the text.
@Test(arguments: Repository.samples)
func aWordFileOfASampleReadsAsTheSampleDoes(sample: URL) throws {
    let directory = try TemporaryDirectory()
    let docx = directory.file("sample.docx")
    let converted = try Run.speechdoc(["convert", sample.path, "-o", docx.path, "--single", "--quiet"])
    #expect(converted.status == 0, "\(converted.stderr)")
    let text = try DocumentLoader.load(path: sample.path)
    let word = try DocumentLoader.load(path: docx.path)
    #expect(word.encoding == "docx")
    #expect(outline(word) == outline(text), "\(sample.lastPathComponent)")
}

/// Word files LibreOffice made: each sample's text opened by LibreOffice and saved as .docx
/// (a paragraph per line, LibreOffice's own package and styles), and SpeechDoc's Word file of it
/// saved as Word 97 (.doc), which SpeechDoc converts back through LibreOffice. Both give the
/// outline of the text. Without LibreOffice a .doc is refused with advice, in one line.
@Test(.enabled(if: Run.tool("soffice") != nil, "needs LibreOffice"))
func wordFilesLibreOfficeMadeReadAsTheirSamples() throws {
    let directory = try TemporaryDirectory()
    let profile = try TemporaryDirectory()
    var texts: [URL] = [], ours: [URL] = []
    for (n, sample) in Repository.samples.enumerated() {
        let text = directory.file("s\(n).txt")
        try FileManager.default.copyItem(at: sample, to: text)
        texts.append(text)
        let docx = directory.file("ours\(n).docx")
        let converted = try Run.speechdoc(["convert", sample.path, "-o", docx.path, "--single", "--quiet"])
        #expect(converted.status == 0, "\(converted.stderr)")
        ours.append(docx)
    }
    let office = Run.tool("soffice")!
    let environment = ["HOME": profile.url.path]
    let profileArgument = "-env:UserInstallation=file://\(profile.url.path)"
    _ = try Run.program(office, [profileArgument, "--headless", "--infilter=Text (encoded):UTF8", "--convert-to", "docx:MS Word 2007 XML",
                                 "--outdir", directory.url.appendingPathComponent("lo").path] + texts.map(\.path), environment: environment)
    _ = try Run.program(office, [profileArgument, "--headless", "--convert-to", "doc:MS Word 97", "--outdir",
                                 directory.url.appendingPathComponent("97").path] + ours.map(\.path), environment: environment)
    for (n, sample) in Repository.samples.enumerated() {
        let expected = outline(try DocumentLoader.load(path: sample.path))
        // soffice exits 0 even when it fails: the files must exist.
        let made = directory.url.appendingPathComponent("lo/s\(n).docx")
        #expect(FileManager.default.fileExists(atPath: made.path), "LibreOffice made no .docx of \(sample.lastPathComponent)")
        if FileManager.default.fileExists(atPath: made.path) {
            #expect(outline(try DocumentLoader.load(path: made.path)) == expected, "\(sample.lastPathComponent) saved as .docx by LibreOffice")
        }
        let old = directory.url.appendingPathComponent("97/ours\(n).doc")
        #expect(FileManager.default.fileExists(atPath: old.path), "LibreOffice made no .doc of \(sample.lastPathComponent)")
        if FileManager.default.fileExists(atPath: old.path) {
            let document = try DocumentLoader.load(path: old.path)
            #expect(document.encoding == "doc")
            #expect(document.report.warnings.contains { $0.kind == "word97" })
            #expect(outline(document) == expected, "\(sample.lastPathComponent) as Word 97")
        }
    }
    // Without LibreOffice (SPEECHDOC_SOFFICE empty), and with a damaged one.
    let old = directory.url.appendingPathComponent("97/ours0.doc")
    let refused = try Run.program(Repository.executable, ["outline", old.path], environment: ["SPEECHDOC_SOFFICE": ""])
    #expect(refused.status == 1)
    #expect(refused.stderr == "speechdoc: \(old.path): \(LegacyWord.notInstalled)\n")
    try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)).write(to: directory.file("damaged.doc"))
    let damaged = try Run.speechdoc(["convert", "damaged.doc", "-o", "damaged.docx"], in: directory.url)
    #expect(damaged.status == 1)
    #expect(damaged.stderr.split(separator: "\n").count == 1 && damaged.stderr.contains("LibreOffice cannot convert"), "\(damaged.stderr)")
    #expect(!FileManager.default.fileExists(atPath: directory.file("damaged.docx").path))
}

private let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

/// A Word document as a Chinese office makes one, part by part: style ids "a" and "1", the
/// title typed, headings numbered by Word (一、 from numbering.xml), 一是 in bold, a table, a
/// tracked insertion and deletion, a picture and a footnote.
private func officeDocument(body: String, numbering: String? = nil, styles: String? = nil, header: String? = nil,
                            documentXML: String? = nil) throws -> [UInt8] {
    let zip = ZipArchiveWriter()
    zip.add("[Content_Types].xml", Array("""
    <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
    <Default Extension="xml" ContentType="application/xml"/>\
    <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
    </Types>
    """.utf8))
    zip.add("_rels/.rels", Array("""
    <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
    </Relationships>
    """.utf8))
    var relationships = ""
    if let numbering {
        zip.add("word/numbering.xml", Array("<?xml version=\"1.0\"?><w:numbering xmlns:w=\"\(w)\">\(numbering)</w:numbering>".utf8))
        relationships = "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>"
    }
    if let styles {
        zip.add("word/styles.xml", Array("<?xml version=\"1.0\"?><w:styles xmlns:w=\"\(w)\">\(styles)</w:styles>".utf8))
        relationships += "<Relationship Id=\"rId8\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    }
    if let header {
        zip.add("word/header1.xml", Array("<?xml version=\"1.0\"?><w:hdr xmlns:w=\"\(w)\">\(header)</w:hdr>".utf8))
        relationships += "<Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>"
    }
    zip.add("word/_rels/document.xml.rels", Array("""
    <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(relationships)</Relationships>
    """.utf8))
    zip.add("word/document.xml", Array((documentXML ?? "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"\(w)\"><w:body>\(body)</w:body></w:document>").utf8))
    return try zip.finish()
}

private func p(_ text: String, style: String = "a", num: (id: Int, level: Int)? = nil) -> String {
    let numbering = num.map { "<w:numPr><w:ilvl w:val=\"\($0.level)\"/><w:numId w:val=\"\($0.id)\"/></w:numPr>" } ?? ""
    return "<w:p><w:pPr><w:pStyle w:val=\"\(style)\"/>\(numbering)</w:pPr><w:r><w:t xml:space=\"preserve\">\(text)</w:t></w:r></w:p>"
}

@Test func anOfficesWordFileIsReadWithItsNumberingAndWhatItLeavesOutIsReported() throws {
    let numbering = """
    <w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>\
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>\
    <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
    """
    let body = p("在全县安全生产工作会议上的讲话", style: "1") + p("同志们：")
        + p("今天召开全县安全生产工作会议，主要任务是总结去年工作，部署今年任务。")
        + p("认清形势，绷紧安全生产这根弦", num: (1, 0))
        + p("今年以来，全县安全生产形势总体平稳。")
        + "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>一是责任落实不够到位。</w:t></w:r><w:r><w:t>有的乡镇重部署轻落实。</w:t></w:r></w:p>"
        + p("突出重点，狠抓隐患排查", num: (1, 1))
        + "<w:p><w:r><w:t>要</w:t></w:r><w:ins w:id=\"1\" w:author=\"办公室\"><w:r><w:t>全面</w:t></w:r></w:ins><w:del w:id=\"2\" w:author=\"办公室\"><w:r><w:delText>基本</w:delText></w:r></w:del><w:r><w:t>排查重点行业领域。</w:t></w:r></w:p>"
        + "<w:tbl><w:tr><w:tc>\(p("检查项目"))</w:tc><w:tc>\(p("完成时限"))</w:tc></w:tr></w:tbl>"
        + "<w:p><w:r><w:drawing/></w:r><w:r><w:t>照片说明略。</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p>"
        + p("强化保障，确保各项措施落地见效", num: (1, 0))
        + p("谢谢大家！")
    let directory = try TemporaryDirectory()
    let file = directory.file("讲话.docx")
    try Data(try officeDocument(body: body, numbering: numbering)).write(to: file)
    let document = try DocumentLoader.load(path: file.path)
    let speech = try #require(document.speeches.first)
    #expect(speech.metadata.title == "在全县安全生产工作会议上的讲话")
    #expect(speech.salutation == "同志们：")
    let headings = speech.outline.map { $0.number + $0.text }
    #expect(headings.contains("一、认清形势，绷紧安全生产这根弦"))
    #expect(headings.contains("（一）突出重点，狠抓隐患排查"))
    #expect(headings.contains("二、强化保障，确保各项措施落地见效"))
    #expect(headings.contains("一是责任落实不够到位"))
    let text = speech.textPieces.joined()
    #expect(text.contains("要全面排查重点行业领域。") && !text.contains("基本"))
    // A table row is a paragraph; were it taken for page furniture it would be reported.
    let removed = document.report.removed.map(\.text).joined()
    #expect((text + removed).contains("检查项目\u{3000}完成时限"))
    let kinds = Set(document.report.warnings.map(\.kind))
    #expect(kinds.isSuperset(of: ["docx-table", "docx-tracked-changes", "docx-image", "docx-footnote"]))
}

/// Styles as Chinese Word saves them: ids "a" (正文, the default), "1" and "2" (heading 1 and
/// 2, with outline levels), "a3" (Title, 方正小标宋, centred).
private let officeStyles = """
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:pPr><w:ind w:firstLineChars="200"/></w:pPr>\
<w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/></w:rPr></w:style>\
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr>\
<w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/></w:rPr></w:style>\
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr>\
<w:rPr><w:rFonts w:eastAsia="楷体_GB2312"/></w:rPr></w:style>\
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/><w:pPr><w:jc w:val="center"/></w:pPr>\
<w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/></w:rPr></w:style>
"""

/// What Word's markup says is evidence the text alone lacks: a title with no title word is
/// the title by its style, headings without labels are headings by their styles (and typed
/// labels in the same style take the same level), a bold opening phrase leads its paragraph,
/// and the header's text is not read at all.
@Test func wordStylesAndBoldAreEvidenceForTheStructure() throws {
    let body = p("关于做好当前防汛救灾工作的几点意见", style: "a3")
        + "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:t>县长　李明</w:t></w:r></w:p>"
        + p("同志们：") + p("入汛以来，全县降雨偏多，防汛形势严峻复杂，我讲三点意见。")
        + p("认清形势", style: "1") + p("今年汛期来得早、雨量大，各地要高度重视。")
        + p("压实责任", style: "2")
        + "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>抓好隐患排查。</w:t></w:r><w:r><w:t>要对山塘水库逐一排查，发现问题立即整改。</w:t></w:r></w:p>"
        + p("二、强化保障", style: "1") + p("各部门要加强协作，确保物资储备充足。")
        + p("谢谢大家！")
    let bytes = try officeDocument(body: body, styles: officeStyles, header: "<w:p><w:r><w:t>某某县人民政府办公室</w:t></w:r></w:p>")
    let document = try DocumentLoader.load(bytes: bytes, path: "意见.docx", kind: .docx)
    let speech = try #require(document.speeches.first)
    #expect(speech.metadata.title == "关于做好当前防汛救灾工作的几点意见")
    #expect(speech.metadata.speaker == "县长　李明")
    #expect(speech.salutation == "同志们：")
    #expect(speech.outline.map { "\($0.level) \($0.number)\($0.text)" } == ["1 认清形势", "2 压实责任", "3 抓好隐患排查", "1 二、强化保障"])
    #expect(!speech.textPieces.joined().contains("某某县人民政府办公室"))
    // Without the styles the same paragraphs are text, not headings: the evidence is the markup's.
    let plain = try DocumentLoader.load(bytes: try officeDocument(body: body), path: "意见.docx", kind: .docx)
    #expect(plain.speeches.first?.outline.map(\.text).contains("认清形势") == false)
}

@Test func wordFilesAreKnownByTheirBytesAndOldOnesAreRefusedWithAdvice() throws {
    let directory = try TemporaryDirectory()
    let body = p("在全县工作会议上的讲话", style: "1") + p("同志们：") + p("今天我们召开全县工作会议，研究部署重点工作。")
    let bytes = try officeDocument(body: body)
    // A Word file named .txt, and the same on standard input.
    try Data(bytes).write(to: directory.file("misnamed.txt"))
    let outline = try Run.speechdoc(["outline", "misnamed.txt", "--json"], in: directory.url)
    #expect(outline.status == 0, "\(outline.stderr)")
    #expect(outline.stdoutText.contains("\"encoding\": \"docx\""))
    let piped = try Run.speechdoc(["convert", "-", "--to", "md", "-o", "-"], input: Data(bytes), in: directory.url)
    #expect(piped.status == 0, "\(piped.stderr)")
    #expect(piped.stdoutText.contains("title: \"在全县工作会议上的讲话\""))
    // An OLE2 file (Word 97, WPS) is known by its bytes whatever its name; with no LibreOffice
    // it is refused with advice.
    try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)).write(to: directory.file("old.txt"))
    let old = try Run.program(Repository.executable, ["convert", "old.txt", "-o", "old.docx"], environment: ["SPEECHDOC_SOFFICE": ""],
                              in: directory.url)
    #expect(old.status == 1)
    #expect(old.stderr == "speechdoc: old.txt: \(LegacyWord.notInstalled)\n")
    // A package whose entry leaves it is refused in one line.
    let zip = ZipArchiveWriter()
    zip.add("../word/document.xml", Array("<x/>".utf8))
    try Data(try zip.finish()).write(to: directory.file("evil.docx"))
    let evil = try Run.speechdoc(["convert", "evil.docx", "-o", "e.md"], in: directory.url)
    #expect(evil.status == 1)
    #expect(evil.stderr.split(separator: "\n").count == 1 && evil.stderr.contains("points outside the package"), "\(evil.stderr)")
}

@Test func pastedTextOnStandardInputTakesItsTitleFromTheText() throws {
    let text = "在全县工作会议上的讲话\n同志们：\n今天我们召开全县工作会议，研究部署重点工作。\n"
    let outline = try Run.speechdoc(["outline", "-", "--json"], input: Data(text.utf8))
    #expect(outline.status == 0, "\(outline.stderr)")
    #expect(outline.stdoutText.contains("\"title\": \"在全县工作会议上的讲话\""))
    let clean = try Run.speechdoc(["clean", "-"], input: Data(text.utf8))
    #expect(clean.stdoutText.hasPrefix("在全县工作会议上的讲话"))
    // Standard input has no name to write beside.
    let nameless = try Run.speechdoc(["convert", "-"], input: Data(text.utf8))
    #expect(nameless.status == 2)
    #expect(nameless.stderr.contains("standard input (-) has no name to write beside"))
}

/// Markdown that SpeechDoc did not write (no front matter: pandoc, Typora, a chat assistant)
/// goes through the structure finder; SpeechDoc's own keeps reading back exactly.
@Test func foreignMarkdownIsReadForItsStructure() throws {
    let markdown = """
    # 在全县乡村振兴工作会议上的讲话

    **同志们：**

    今天我们召开会议，研究部署乡村振兴重点工作。见[通知](http://example.com/a.html)。![照片](a.png)

    ## 一、提高站位

    要把思想统一到会议精神上来。**一是**认识要到位。

    > ## 二、抓好落实

    ### 压实责任 ###

    **坚持问题导向。**要对照清单逐项整改。

    - 要压实责任，确保各项任务落地见效。

    ---

    谢谢大家！
    """
    let directory = try TemporaryDirectory()
    try Data(markdown.utf8).write(to: directory.file("chat.md"))
    let document = try DocumentLoader.load(path: directory.file("chat.md").path)
    let speech = try #require(document.speeches.first)
    #expect(speech.metadata.title == "在全县乡村振兴工作会议上的讲话")
    #expect(speech.salutation == "同志们：")
    // ### with no label is a heading by its mark, under the ## before it; a bold opening leads.
    #expect(speech.outline.map { "\($0.level) \($0.number)\($0.text)" } == ["1 一、提高站位", "2 一是认识要到位", "1 二、抓好落实", "2 压实责任", "3 坚持问题导向"])
    #expect(speech.closing == "谢谢大家！")
    let text = speech.textPieces.joined()
    #expect(text.contains("见通知。") && !text.contains("http") && !text.contains("照片") && !text.contains("*"))
}

private func escaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
}

/// Every seed and corpus page, wrapped into a minimal web page and into a Word document (a
/// paragraph per line), gives the outline of the text itself.
@Test(.enabled(if: Repository.sharedAvailable, "needs ../shared (seeds and corpus)"))
func realPagesWrappedInHTMLAndWordReadAsTheirText() throws {
    let corpus = Repository.shared.appendingPathComponent("corpus/pages")
    let pages = (try? FileManager.default.contentsOfDirectory(at: corpus, includingPropertiesForKeys: nil)) ?? []
    let files = Repository.seeds + pages.sorted { $0.path < $1.path }
    #expect(files.count >= 80)
    for file in files {
        let bytes = [UInt8](try Data(contentsOf: file))
        let text = try DocumentLoader.load(bytes: bytes, path: file.path, kind: .plainText)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\n"
            + lines.map { "<p>\(escaped($0))</p>\n" }.joined() + "</body></html>"
        let html = try DocumentLoader.load(bytes: Array(page.utf8), path: "page.html", kind: .html)
        #expect(outline(html) == outline(text), "\(file.lastPathComponent) as HTML")
        let body = lines.map { "<w:p><w:r><w:t xml:space=\"preserve\">\(escaped($0))</w:t></w:r></w:p>" }.joined()
        let word = try DocumentLoader.load(bytes: try officeDocument(body: body), path: "page.docx", kind: .docx)
        #expect(outline(word) == outline(text), "\(file.lastPathComponent) as Word")
    }
}

/// A government portal's page saved from a browser, in GBK with a meta charset: navigation,
/// breadcrumb, scripts and styles, the speech in one <div> with <br>s, a footer.
@Test func aSavedPortalPageGivesItsSpeech() throws {
    let page = """
    <!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
    <title>在全县秋冬季森林防火工作会议上的讲话_某某县人民政府</title>
    <style>.nav{color:red}</style><script>var a = "<p>不是正文</p>";</script></head>
    <body><div class="nav"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/hdjl">互动交流</a></div>
    <div class="breadcrumb">当前位置：首页 &gt; 领导讲话 &gt; 正文</div>
    <div class="article"><h1>在全县秋冬季森林防火工作会议上的讲话</h1>
    <p class="info">发布时间：2024-10-12 09:30 来源：县应急管理局 浏览次数：1024</p>
    <div class="content">同志们：<br>今天召开全县秋冬季森林防火工作会议，主要任务是分析形势，安排部署今冬明春森林防火工作。<br>
    一、认清形势，增强做好森林防火工作的紧迫感<br>今年以来，全县森林防火形势总体平稳，但隐患依然存在。<br>
    二、压实责任，确保各项措施落到实处<br>各乡镇要落实属地责任，<b>一是</b>加强巡护，<b>二是</b>严控火源。<br>谢谢大家！</div></div>
    <div class="footer">主办单位：某某县人民政府办公室 地址：某某县人民路1号 ICP备案号：某ICP备12345678号</div>
    <script>document.write("统计代码")</script></body></html>
    """
    let gbk = try #require(Iconv.convert(Array(page.utf8), from: "UTF-8", to: "GB18030"))
    let directory = try TemporaryDirectory()
    try Data(gbk).write(to: directory.file("portal.htm"))
    let document = try DocumentLoader.load(path: directory.file("portal.htm").path)
    let speech = try #require(document.speeches.first)
    #expect(document.encoding == "gb18030")
    #expect(speech.metadata.title == "在全县秋冬季森林防火工作会议上的讲话")
    #expect(speech.salutation == "同志们：")
    #expect(speech.outline.filter { $0.kind == .heading }.map(\.number) == ["一、", "二、"])
    #expect(speech.closing == "谢谢大家！")
    let text = speech.textPieces.joined()
    for noise in ["首页", "不是正文", "统计代码", "ICP备案号", "color:red", "浏览次数"] { #expect(!text.contains(noise), "\(noise)") }
}

/// A writing-template site's page: a sidebar of other speeches' titles before the speech, an
/// ad, a paywall notice, a list of related speeches and comments after it. The titles in the
/// sidebar and the related list look like a speech's own; their markup says they are not.
@Test func aTemplateSitesPageKeepsOnlyItsSpeech() throws {
    let page = """
    <!DOCTYPE html><html><head><meta charset="utf-8"><title>在全镇人居环境整治推进会上的讲话 - 某某范文网</title></head><body>
    <div id="top-nav"><a href="/">首页</a><a href="/jh">讲话稿</a><a href="/zj">总结</a></div>
    <div class="sidebar"><h3>热门范文</h3><ul>
    <li><a href="/1.html">在全市教育工作会议上的讲话</a></li><li><a href="/2.html">在县委全会上的讲话提纲</a></li></ul></div>
    <div class="article-content">
    <h1>在全镇人居环境整治推进会上的讲话</h1>
    <div class="ad-box">开通会员，海量范文免费下载</div>
    <p>同志们：</p>
    <p>今天召开全镇人居环境整治推进会，主要任务是总结前段工作，安排下步任务。</p>
    <p>一、提高认识，增强整治工作的责任感</p>
    <p>人居环境整治是乡村振兴的第一场硬仗，<strong>各村要</strong>高度重视。</p>
    <p><strong>坚持问题导向。</strong>要对照清单逐项整改，不留死角。</p>
    <div class="paywall">……(…省略1200字…)……</div>
    <p>二、强化措施，确保整治工作取得实效</p>
    <p>要建立长效机制，做到常态长效。谢谢大家！</p>
    </div>
    <div class="related"><h3>相关范文</h3><ul><li><a href="/3.html">在全镇安全生产工作会议上的讲话</a></li>
    <li><a href="/4.html">在全镇经济工作会议上的讲话</a></li></ul></div>
    <div id="comments"><p>网友评论：写得很好，值得学习借鉴。</p></div>
    <div class="footer">Copyright 某某范文网 版权所有</div>
    </body></html>
    """
    let document = try DocumentLoader.load(bytes: Array(page.utf8), path: "page.html", kind: .html)
    #expect(document.speeches.count == 1)
    let speech = try #require(document.speeches.first)
    #expect(speech.metadata.title == "在全镇人居环境整治推进会上的讲话")
    #expect(speech.salutation == "同志们：")
    #expect(speech.outline.map { $0.number + $0.text } == ["一、提高认识，增强整治工作的责任感", "坚持问题导向", "二、强化措施，确保整治工作取得实效"])
    #expect(speech.body.contains { if case .gap = $0 { return true }; return false } || speech.textPieces.joined().contains("1200"))
    let text = speech.textPieces.joined()
    for noise in ["热门范文", "教育工作会议", "开通会员", "相关范文", "安全生产工作会议", "网友评论", "版权所有", "首页"] {
        #expect(!text.contains(noise), "\(noise)")
    }
    // Each line of the page's furniture is reported, none is lost silently.
    let removed = document.report.removed.map(\.text)
    for noise in ["在全市教育工作会议上的讲话", "在全镇安全生产工作会议上的讲话", "网友评论：写得很好，值得学习借鉴。"] {
        #expect(removed.contains(noise), "\(noise)")
    }
}

/// A document viewer's page: the speech's title only in <title> and an <h2>, no title word in
/// it, the text in page boxes with counters between them.
@Test func aDocumentViewersPageGivesTheTitleItsMarkupNames() throws {
    let page = """
    <html><head><title>关于推进城乡供水一体化的几点思考_文档下载</title></head><body>
    <div class="toolbar"><a href="/down">下载文档</a> <a href="/fav">收藏</a></div>
    <h2>关于推进城乡供水一体化的几点思考</h2>
    <div class="doc-page"><p>同志们：</p><p>城乡供水一体化关系群众切身利益，今天我谈几点思考。</p></div>
    <div class="page-num">第1页 / 共2页</div>
    <div class="doc-page"><p>一、摸清底数</p><p>要全面排查现有供水设施，建立台账，明确改造时序。</p></div>
    <div class="page-num">第2页 / 共2页</div>
    </body></html>
    """
    let document = try DocumentLoader.load(bytes: Array(page.utf8), path: "viewer.htm", kind: .html)
    let speech = try #require(document.speeches.first)
    #expect(speech.metadata.title == "关于推进城乡供水一体化的几点思考")
    #expect(speech.salutation == "同志们：")
    #expect(speech.outline.map { $0.number + $0.text } == ["一、摸清底数"])
    let text = speech.textPieces.joined()
    for noise in ["下载文档", "第1页", "文档下载"] { #expect(!text.contains(noise), "\(noise)") }
}

/// The charset a page declares is used when its bytes are valid in it; a page that declares
/// one its bytes are not in (GBK bytes under charset=utf-8) is read as text would be.
@Test func aPagesDeclaredCharsetIsUsedWhenItsBytesAgree() throws {
    func page(_ charset: String) -> String {
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=\(charset)\"></head><body><h1>在全縣工作會議上的講話</h1>"
            + "<p>同志們：</p><p>今天我們召開全縣工作會議，研究部署重點工作。</p></body></html>"
    }
    let big5 = try #require(Iconv.convert(Array(page("big5").utf8), from: "UTF-8", to: "BIG5"))
    let read = try DocumentLoader.load(bytes: big5, path: "big5.html", kind: .html)
    #expect(read.encoding == "big5")
    #expect(read.speeches.first?.metadata.title == "在全县工作会议上的讲话")
    let mislabelled = try #require(Iconv.convert(Array(page("utf-8").utf8), from: "UTF-8", to: "GB18030"))
    let guessed = try DocumentLoader.load(bytes: mislabelled, path: "gbk.html", kind: .html)
    #expect(guessed.encoding == "gb18030")
    #expect(guessed.speeches.first?.salutation == "同志们：")
    #expect(HTMLText.declaredCharset(Array("<meta charset='GB2312'>".utf8)) == "gb2312")
}

/// Hostile Word files and pages, each refused in one line (or read without harm), nothing
/// written: a zip bomb, a document type declaration reaching for a local file, a page whose
/// DOCTYPE names a local file and uses an entity.
@Test func hostileWordFilesAndPagesAreRefusedInOneLine() throws {
    let directory = try TemporaryDirectory()
    let secret = directory.file("secret.txt")
    try Data("SECRET-CONTENT".utf8).write(to: secret)
    let bomb = try officeDocument(body: p("在全县工作会议上的讲话") + p(String(repeating: " ", count: 8 << 20)))
    let xxe = try officeDocument(body: "", documentXML: """
    <?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [<!ENTITY leak SYSTEM "file://\(secret.path)">]>\
    <w:document xmlns:w="\(w)"><w:body>\(p("在全县工作会议上的讲话"))\(p("同志们：&leak;"))</w:body></w:document>
    """)
    for (name, bytes, cause) in [("bomb.docx", bomb, "zip bomb"), ("xxe.docx", xxe, "document type declarations")] {
        try Data(bytes).write(to: directory.file(name))
        let result = try Run.speechdoc(["convert", name, "-o", name + ".md"], in: directory.url)
        #expect(result.status == 1, "\(name)")
        #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(cause) && !result.stderr.contains("SECRET"),
                "\(name): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.file(name + ".md").path))
    }
    let page = """
    <!DOCTYPE html SYSTEM "file://\(secret.path)"><html><body><h1>在全县工作会议上的讲话</h1><p>同志们：</p>\
    <p>今天我们召开全县工作会议&amp;研究部署重点工作&leak;。</p><img src="file://\(secret.path)"></body></html>
    """
    try Data(page.utf8).write(to: directory.file("page.html"))
    let read = try Run.speechdoc(["convert", "page.html", "-o", "page.md", "--quiet"], in: directory.url)
    #expect(read.status == 0, "\(read.stderr)")
    let markdown = try String(contentsOf: directory.file("page.md"), encoding: .utf8)
    // The unknown entity stays as written (Markdown escapes its &); nothing of the file is read.
    #expect(markdown.contains("今天我们召开全县工作会议\\&研究部署重点工作\\&leak;") && !markdown.contains("SECRET"), "\(markdown)")
}

/// A page saved whole, its picture inside it as a 50 MB data: address, is read for its speech;
/// a page larger than a Word package may be (64 MB) is refused in one line, nothing written.
@Test func aFiftyMegabytePageIsReadAndALargerOneRefused() throws {
    let directory = try TemporaryDirectory()
    let speech = "<h1>在全县工作会议上的讲话</h1><p>同志们：</p><p>今天我们召开全县工作会议，研究部署重点工作。</p>"
    func page(megabytes: Int) -> Data {
        var data = Data("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\(speech)<img src=\"data:image/png;base64,".utf8)
        data.append(Data(repeating: 0x41, count: megabytes << 20))
        data.append(Data("\"></body></html>".utf8))
        return data
    }
    try page(megabytes: 50).write(to: directory.file("whole.html"))
    let read = try Run.speechdoc(["convert", "whole.html", "-o", "whole.md", "--quiet"], in: directory.url)
    #expect(read.status == 0, "\(read.stderr)")
    let markdown = try String(contentsOf: directory.file("whole.md"), encoding: .utf8)
    #expect(markdown.contains("title: \"在全县工作会议上的讲话\"") && markdown.contains("今天我们召开全县工作会议") && markdown.utf8.count < 4096)
    try page(megabytes: 65).write(to: directory.file("larger.html"))
    let refused = try Run.speechdoc(["convert", "larger.html", "-o", "larger.md"], in: directory.url)
    #expect(refused.status == 1)
    #expect(refused.stderr == "speechdoc: larger.html: a web page larger than 64 MB: save it as HTML only (without pictures), or copy its text\n")
    #expect(!FileManager.default.fileExists(atPath: directory.file("larger.md").path))
}

/// Nesting: 150 levels read; 10,000 levels refused in one line, not half read (libxml2 stops at
/// 256) and never a stack exhausted.
@Test func deeplyNestedPagesAreReadOrRefusedInOneLine() throws {
    func page(_ depth: Int) -> [UInt8] {
        Array(("<html><body>" + String(repeating: "<div>", count: depth) + "在全县工作会议上的讲话<br>同志们：<br>今天我们召开全县工作会议，研究部署重点工作。"
            + String(repeating: "</div>", count: depth) + "</body></html>").utf8)
    }
    let document = try DocumentLoader.load(bytes: page(150), path: "deep.html", kind: .html)
    #expect(document.speeches.first?.salutation == "同志们：")
    do {
        _ = try DocumentLoader.load(bytes: page(10_000), path: "deeper.html", kind: .html)
        Issue.record("a page nested 10,000 deep was read")
    } catch {
        #expect(String(describing: error) == "deeper.html: cannot read the page as HTML: tags nested more than 256 deep; refused")
    }
}
