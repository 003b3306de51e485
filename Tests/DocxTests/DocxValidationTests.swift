import Foundation
import SpeechDoc
import Testing
import TestSupport
import DocxWriter
import SpeechModel
import SpeechReader
import SpeechStyles
import SpeechWriting
import WordBreaks
import XMLSupport
import ZipSupport

/// Writes every sample and seed speech as .docx in each preset, into one directory.
private final class WrittenCorpus: @unchecked Sendable {
    struct Case: CustomStringConvertible {
        var speech: SpeechCase
        var sheet: StyleSheet
        var description: String { "\(speech) [\(sheet.name)]" }
    }

    let directory: TemporaryDirectory
    let cases: [Case]
    let docx: [URL]

    init() throws {
        directory = try TemporaryDirectory()
        let speeches = SpeechCase.all
        var cases = speeches.map { Case(speech: $0, sheet: StylePresets.standard) }
        for name in StylePresets.names where name != StylePresets.defaultName {
            let sheet = try StylePresets.preset(name)
            cases += speeches.map { Case(speech: $0, sheet: sheet) }
        }
        var files: [URL] = []
        for (number, item) in cases.enumerated() {
            let url = directory.file(String(format: "case%02d.docx", number))
            try Data(try DocxWriter().write(.speech(item.speech.speech), options: WriterOptions(style: item.sheet))).write(to: url)
            files.append(url)
        }
        self.cases = cases
        docx = files
    }

    /// Each part of each package written out, for tools that read files.
    func extractedParts() throws -> [(caseIndex: Int, part: String, url: URL)] {
        var parts: [(Int, String, URL)] = []
        for (index, file) in docx.enumerated() {
            let zip = try ZipArchiveReader([UInt8](Data(contentsOf: file)))
            for entry in zip.entries {
                let url = directory.url.appendingPathComponent("parts\(index)").appendingPathComponent(entry.name)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(try zip.read(entry.name)).write(to: url)
                parts.append((index, entry.name, url))
            }
        }
        return parts
    }
}

private let schemas = Repository.shared.appendingPathComponent("schemas/ooxml")

@Test(.enabled(if: Repository.sharedAvailable && Run.tool("xmllint") != nil, "needs ../shared/schemas and xmllint"))
func everyPartValidatesAgainstTheOOXMLSchemas() throws {
    let corpus = try WrittenCorpus()
    let parts = try corpus.extractedParts()
    let groups: [(String, (String) -> Bool)] = [
        ("microsoft/wml-2010.xsd", { $0.hasPrefix("word/") && !$0.contains("_rels") }),
        ("ecma/fouth-edition/opc-contentTypes.xsd", { $0 == "[Content_Types].xml" }),
        ("ecma/fouth-edition/opc-relationships.xsd", { $0.hasSuffix(".rels") }),
        ("ISO-IEC29500-4_2016/shared-documentPropertiesExtended.xsd", { $0 == "docProps/app.xml" }),
    ]
    var validated = Set<String>()
    for (schema, matches) in groups {
        let files = parts.filter { matches($0.part) }
        #expect(!files.isEmpty, "no part for \(schema)")
        let result = try Run.program(Run.tool("xmllint")!, ["--noout", "--nonet", "--schema", schemas.appendingPathComponent(schema).path] + files.map(\.url.path))
        #expect(result.status == 0, "\(schema): \(result.stderr.split(separator: "\n").filter { !$0.hasSuffix("validates") }.prefix(10).joined(separator: "\n"))")
        files.forEach { validated.insert($0.part) }
    }
    // docProps/core.xml: its schema imports Dublin Core schemas that are not shipped; the part
    // is checked for well-formedness here and for its content in the package tests.
    for part in parts where part.part == "docProps/core.xml" {
        _ = try XMLParser.parse([UInt8](Data(contentsOf: part.url)))
        validated.insert(part.part)
    }
    #expect(validated == Set(parts.map(\.part)), "parts left unvalidated: \(Set(parts.map(\.part)).subtracting(validated))")
    print("validated \(parts.count) parts of \(corpus.docx.count) documents")
}

@Test(.enabled(if: Run.tool("pandoc") != nil, "needs pandoc"))
func pandocFindsTheTitleAndEveryHeadingAtItsLevel() throws {
    let corpus = try WrittenCorpus()
    for (entry, file) in zip(corpus.cases, corpus.docx) {
        let item = entry.speech
        let result = try Run.program(Run.tool("pandoc")!, ["-f", "docx", "-t", "json", file.path])
        #expect(result.status == 0, "\(item): \(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let meta = json["meta"] as? [String: Any]
        let title = (meta?["title"] as? [String: Any])?["c"] as? [Any] ?? []
        #expect(normalizedForComparison(PandocText.stringify(title)) == normalizedForComparison(item.speech.metadata.title), "\(item): title")
        let headers: [(Int, String)] = (json["blocks"] as? [[String: Any]] ?? []).compactMap { block in
            guard block["t"] as? String == "Header", let content = block["c"] as? [Any] else { return nil }
            return (content[0] as? Int ?? 0, PandocText.stringify(content[2] as? [Any] ?? []))
        }
        let expected = item.speech.outline.filter { $0.kind == .heading }
        #expect(headers.count == expected.count, "\(item): pandoc saw \(headers.count) headings, the model has \(expected.count)")
        for (header, entry) in zip(headers, expected) {
            #expect(header.0 == entry.level, "\(item): \(entry.number)\(entry.text) at level \(header.0)")
            // A run-in heading's paragraph goes on with body text after the heading sentence.
            #expect(normalizedForComparison(header.1).hasPrefix(normalizedForComparison(entry.number + entry.text)), "\(item): \(header.1)")
        }
    }
}


/// SpeechDoc's PDF output (`PDFRenderer`: LibreOffice with the shipped fonts, every document
/// of the corpus in one start) of each document; pdftotext -bbox reports where every word
/// landed. The expected numbers come from each document's style: its margins, its line grid,
/// its characters per line, and its page numbers (alternating sides one character in from the
/// text block, or one alignment on every page).
@Test(.enabled(if: Run.tool("soffice") != nil && Run.tool("pdftotext") != nil, "needs LibreOffice and poppler-utils"))
func thePDFsPagesSitOnTheStylesGridWithItsPageNumbers() throws {
    let corpus = try WrittenCorpus()
    let renderer = try PDFRenderer()
    defer { renderer.close() }
    let rendered = renderer.render(try corpus.docx.map { [UInt8](try Data(contentsOf: $0)) })
    #expect(renderer.starts == 1, "one start of LibreOffice for \(corpus.docx.count) documents")
    var fullPages: [String: Int] = [:], secondPages: [String: Int] = [:], titlesBroken = 0, fullLines: [String: [Int: Int]] = [:]
    for ((item, file), result) in zip(zip(corpus.cases, corpus.docx), rendered) {
        let pdf = file.deletingPathExtension().appendingPathExtension("pdf")
        switch result {
        case .success(let bytes): try Data(bytes).write(to: pdf)
        case .failure(let error):
            Issue.record("\(item): no PDF: \(error)")
            continue
        }
        let pages = try PDFLayout.pages(pdf)
        #expect(!pages.isEmpty)
        let setup = item.sheet.page
        let numberStyle = item.sheet.style(.pageNumber)
        let textTop = setup.marginTop.points, textBottom = setup.height.points - setup.marginBottom.points
        let textLeft = setup.marginLeft.points, textRight = setup.width.points - setup.marginRight.points
        let inset = Double((numberStyle.outsideIndent ?? .characters(hundredths: 0)).twips(fontSize: numberStyle.size)) / 20
        let lines = setup.linesPerPage
        for (number, page) in pages.enumerated() {
            let body = page.lines.filter { $0.bottom <= textBottom + 2 }
            let footer = page.lines.filter { $0.bottom > textBottom + 2 }
            let label = numberStyle.text.map { $0.replacingOccurrences(of: "{page}", with: String(number + 1)) } ?? String(number + 1)
            let pageNumber = footer.first { $0.text.replacingOccurrences(of: " ", with: "") == label.replacingOccurrences(of: " ", with: "") }
            #expect(pageNumber != nil, "\(item) page \(number + 1): no “\(label)” below the text block; saw \(footer.map(\.text))")
            if let pageNumber {
                switch (numberStyle.align, number % 2) {
                case (nil, 0):
                    #expect(abs(pageNumber.right - (textRight - inset)) < 3, "\(item) page \(number + 1): number ends at \(pageNumber.right)")
                case (nil, _):
                    #expect(abs(pageNumber.left - (textLeft + inset)) < 3, "\(item) page \(number + 1): number starts at \(pageNumber.left)")
                    secondPages[item.sheet.name, default: 0] += 1
                case (.center?, _):
                    let middle = (pageNumber.left + pageNumber.right) / 2
                    #expect(abs(middle - (textLeft + textRight) / 2) < 3, "\(item) page \(number + 1): number centred at \(middle)")
                    if number % 2 == 1 { secondPages[item.sheet.name, default: 0] += 1 }
                default:
                    break
                }
            }
            // The title in the lines TitleLines chose, broken where ICU sees words, no stub.
            let title = item.speech.speech.metadata.title
            if number == 0, !title.isEmpty {
                let perLine = setup.textWidth.twips / (item.sheet.style(.title).size.halfPoints * 10)
                let expected = TitleLines.lines(title, perLine: perLine).map { $0.replacingOccurrences(of: " ", with: "") }
                let seen = body.prefix(expected.count).map { $0.text.replacingOccurrences(of: " ", with: "") }
                #expect(seen == expected, "\(item): title set as \(seen), meant \(expected)")
                let words = Set(WordBreaks.boundaries(in: title))
                var offset = 0
                for line in TitleLines.lines(title, perLine: perLine).dropLast() {
                    offset += line.unicodeScalars.count
                    #expect(words.contains(offset), "\(item): the title breaks inside a word after “\(line)”")
                }
                #expect(expected.allSatisfy { $0.count >= 3 }, "\(item): a title line of one or two characters: \(expected)")
                if expected.count > 1 { titlesBroken += 1 }
            }
            // A line that runs from margin to margin holds the style's characters per line.
            for line in body where abs(line.left - textLeft) < 2 && abs(line.right - textRight) < 2 {
                let characters = line.text.unicodeScalars.filter { $0.value >= 0x3000 }.count
                if characters == line.text.unicodeScalars.filter({ $0 != " " }).count {
                    fullLines[item.sheet.name, default: [:]][characters, default: 0] += 1
                }
            }
            // Every line sits on the grid that fills the text block: nothing above the first
            // slot or below the last, and a page whose text reaches the bottom fills every line.
            let pitch = setup.linePitch.points, firstSlot = textTop + pitch
            for line in body {
                let slot = (line.bottom - firstSlot) / pitch
                #expect(slot > -1.2 && slot < Double(lines) - 0.7, "\(item) page \(number + 1): a line at \(line.bottom) is off the \(lines)-line grid")
            }
            if number < pages.count - 1, let last = body.last, (last.bottom - firstSlot) / pitch > Double(lines) - 1.5 {
                let slots = Int(((last.bottom - (body.first?.bottom ?? 0)) / pitch).rounded()) + 1
                #expect(slots == lines, "\(item) page \(number + 1) spans \(slots) lines: \(body.map { Int($0.bottom) })")
                fullPages[item.sheet.name, default: 0] += 1
            }
        }
    }
    // The samples alone are too short to fill a compact page; the seeds are long enough.
    for name in StylePresets.names where Repository.sharedAvailable || name == StylePresets.defaultName {
        #expect(fullPages[name, default: 0] > 0 && secondPages[name, default: 0] > 0, "\(name): the corpus has no multi-page document to check")
    }
    // Full lines of Chinese text hold the grid's characters: never more, and fewer only where
    // the line is spread because its next character may not start a line (，。 and the like:
    // a handful in a thousand).
    for name in fullLines.keys {
        let expected = (name == StylePresets.defaultName ? StylePresets.standard : try StylePresets.preset(name)).page.charactersPerLine
        let counts = fullLines[name]!, total = counts.values.reduce(0, +)
        #expect(counts.keys.allSatisfy { $0 <= expected }, "\(name): full lines of \(counts) characters, expected \(expected)")
        #expect(Double(counts[expected, default: 0]) >= 0.95 * Double(total), "\(name): full lines of \(counts) characters, expected \(expected)")
    }
    #expect(fullLines[StylePresets.defaultName, default: [:]][28, default: 0] > 10)
    // The seeds' long titles are set over two lines in every preset.
    if Repository.sharedAvailable { #expect(titlesBroken > 0, "no title long enough to break was checked") }
    print("PDF: full lines \(fullLines), full pages checked \(fullPages.sorted { $0.key < $1.key }), second pages \(secondPages.sorted { $0.key < $1.key }), titles over several lines \(titlesBroken)")
}

/// Lines of text on each PDF page, from `pdftotext -bbox`, read as `check --render` reads them.
enum PDFLayout {
    struct Page { var lines: [PDFPageText.Line] }

    static func pages(_ pdf: URL) throws -> [Page] {
        let html = try Run.program(Run.tool("pdftotext")!, ["-bbox", pdf.path, "-"]).stdoutText
        return PDFPageText.pages(html).map(Page.init(lines:))
    }
}

// MARK: Word templates

/// xmllint's complaints about each WordprocessingML part of a package, line numbers removed so
/// a template's own faults can be recognised in our output.
private func schemaErrors(_ docx: [UInt8], in directory: TemporaryDirectory, label: String) throws -> [String: Set<String>] {
    let zip = try ZipArchiveReader(docx)
    var files: [(String, URL)] = []
    for entry in zip.entries where entry.name.hasPrefix("word/") && entry.name.hasSuffix(".xml") && !entry.name.contains("_rels") && !entry.name.hasPrefix("word/theme/") {
        let url = directory.url.appendingPathComponent(label).appendingPathComponent(entry.name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(try zip.read(entry.name)).write(to: url)
        files.append((entry.name, url))
    }
    var errors: [String: Set<String>] = [:]
    for (name, url) in files {
        let result = try Run.program(Run.tool("xmllint")!, ["--noout", "--nonet", "--schema", schemas.appendingPathComponent("microsoft/wml-2010.xsd").path, url.path])
        errors[name] = Set(result.stderr.split(separator: "\n").filter { $0.contains("error") }.map {
            String($0).replacing(#/^[^:]*:\d+: /#, with: "")
        })
    }
    return errors
}

@Test(.enabled(if: Repository.sharedAvailable && Run.tool("xmllint") != nil, "needs ../shared/schemas and xmllint"))
func documentsInAnOfficeTemplateValidate() throws {
    let directory = try TemporaryDirectory()
    let template = try TemplateFixture.office
    for (index, item) in SpeechCase.all.prefix(4).enumerated() {
        let docx = try DocxWriter().write(.speech(item.speech), options: WriterOptions(referenceDocument: template))
        let errors = try schemaErrors(docx, in: directory, label: "case\(index)")
        #expect(errors.count >= 5, "\(errors.keys)")
        for (part, messages) in errors { #expect(messages.isEmpty, "\(item) \(part): \(messages.prefix(3))") }
    }
}

/// pandoc's own reference.docx has schema faults of its own (w:qFormat out of order); a
/// document made in it may carry those, and no others.
@Test(.enabled(if: Repository.sharedAvailable && Run.tool("xmllint") != nil && Run.tool("pandoc") != nil, "needs ../shared/schemas, xmllint and pandoc"))
func aPandocReferenceDocGainsNoSchemaErrors() throws {
    let directory = try TemporaryDirectory()
    let reference = directory.file("reference.docx")
    let printed = try Run.program(Run.tool("pandoc")!, ["-o", reference.path, "--print-default-data-file", "reference.docx"])
    #expect(printed.status == 0)
    let bytes = [UInt8](try Data(contentsOf: reference))
    let before = try schemaErrors(bytes, in: directory, label: "template")
    let item = try #require(SpeechCase.all.first)
    let docx = try DocxWriter().write(.speech(item.speech), options: WriterOptions(referenceDocument: ReferenceDocument(path: reference.path, bytes: bytes)))
    let after = try schemaErrors(docx, in: directory, label: "output")
    for (part, messages) in after {
        let known = before[part] ?? []
        #expect(messages.subtracting(known).isEmpty, "\(part): new errors \(messages.subtracting(known).prefix(3))")
    }
    // Read back, pandoc finds the headings by the template's style names.
    let file = directory.file("out.docx")
    try Data(docx).write(to: file)
    let json = try Run.program(Run.tool("pandoc")!, ["-f", "docx", "-t", "json", file.path])
    let headers = ((try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])?["blocks"] as? [[String: Any]] ?? []).filter { $0["t"] as? String == "Header" }
    #expect(headers.count == item.speech.outline.filter { $0.kind == .heading }.count)
}

/// LibreOffice lays the document out in the template: its header text on every page, its
/// footer's page field, its margins.
@Test(.enabled(if: Run.tool("soffice") != nil && Run.tool("pdftotext") != nil, "needs LibreOffice and poppler-utils"))
func libreOfficeRendersTheTemplatesHeaderFooterAndMargins() throws {
    let directory = try TemporaryDirectory()
    let item = try #require(SpeechCase.all.max { $0.speech.statistics.characters < $1.speech.statistics.characters })
    let file = directory.file("templated.docx")
    try Data(try DocxWriter().write(.speech(item.speech), options: WriterOptions(referenceDocument: try TemplateFixture.office))).write(to: file)
    let profile = try TemporaryDirectory()
    let result = try Run.program(Run.tool("soffice")!, [
        "-env:UserInstallation=file://\(profile.url.path)", "--headless", "--convert-to", "pdf", "--outdir", directory.url.path, file.path,
    ], environment: ["FONTCONFIG_FILE": Repository.root.appendingPathComponent("Styles/fonts.conf").path])
    let pdf = directory.file("templated.pdf")
    guard FileManager.default.fileExists(atPath: pdf.path) else {
        Issue.record("LibreOffice wrote no PDF (status \(result.status)): \(result.stderr)")
        return
    }
    let pages = try PDFLayout.pages(pdf)
    #expect(pages.count >= 2, "\(item) fills \(pages.count) page")
    for (number, page) in pages.enumerated() {
        let texts = page.lines.map { $0.text.replacingOccurrences(of: " ", with: "") }
        #expect(texts.first == TemplateFixture.headerText, "page \(number + 1) starts with \(texts.first ?? "nothing")")
        #expect(texts.last == "第\(number + 1)页", "page \(number + 1) ends with \(texts.last ?? "nothing")")
        // The template's left margin (1700 twips = 85 pt) holds the body text.
        let body = page.lines.dropFirst().dropLast()
        if let left = body.map(\.left).min() { #expect(abs(left - 85) < 2, "page \(number + 1): text starts at \(left)") }
    }
}

/// GB/T 9704 §7.5: the page number's dashes (一字线) sit 7 mm below the text block. Measured on
/// the ink: LibreOffice renders a document in the standard's style, pdftotext finds the first
/// dash, pdftoppm rasterises the page, and the dash's top row of dark pixels is compared with
/// the text block's lower edge.
@Test(.enabled(if: Run.tool("soffice") != nil && Run.tool("pdftotext") != nil && Run.tool("pdftoppm") != nil,
               "needs LibreOffice and poppler-utils"))
func thePageNumbersDashesSitSevenMillimetresBelowTheTextBlock() throws {
    let directory = try TemporaryDirectory()
    let sample = try #require(Repository.samples.first)
    let speech = try #require(try PlainTextReader.read([UInt8](Data(contentsOf: sample))).speeches.first)
    let docx = directory.file("page.docx")
    try Data(try DocxWriter().write(.speech(speech), options: .default)).write(to: docx)
    let profile = try TemporaryDirectory()
    _ = try Run.program(Run.tool("soffice")!, ["-env:UserInstallation=file://\(profile.url.path)", "--headless", "--convert-to", "pdf",
                                               "--outdir", directory.url.path, docx.path],
                        environment: ["FONTCONFIG_FILE": Repository.root.appendingPathComponent("Styles/fonts.conf").path])
    let pdf = directory.file("page.pdf")
    try #require(FileManager.default.fileExists(atPath: pdf.path), "LibreOffice wrote no PDF")
    let setup = StylePresets.standard.page
    let textBottom = setup.height.points - setup.marginBottom.points
    let boxes = try Run.program(Run.tool("pdftotext")!, ["-bbox", "-f", "1", "-l", "1", pdf.path, "-"]).stdoutText
    let dash = try #require(boxes.matches(of: /<word xMin="(?<x0>[\d.]+)" yMin="(?<y0>[\d.]+)" xMax="(?<x1>[\d.]+)" yMax="(?<y1>[\d.]+)">—<\/word>/)
        .first { (Double($0.y0) ?? 0) > textBottom }, "no dash below the text block")
    let scale = 4.0
    _ = try Run.program(Run.tool("pdftoppm")!, ["-f", "1", "-l", "1", "-r", "288", "-gray", pdf.path, directory.file("page").path])
    let raster = try #require(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).first { $0.hasSuffix(".pgm") })
    let image = [UInt8](try Data(contentsOf: directory.file(raster)))
    // P5 header: magic, width height, maximum, then the pixels.
    var fields: [Int] = [], index = 2, field = 0, inField = false
    while fields.count < 3, index < image.count {
        let byte = image[index]
        if byte >= 0x30 && byte <= 0x39 { field = field * 10 + Int(byte - 0x30); inField = true }
        else if inField { fields.append(field); field = 0; inField = false }
        index += 1
    }
    let width = fields[0], pixels = image[index...]
    func dark(_ x: Int, _ y: Int) -> Bool { pixels[pixels.startIndex + y * width + x] < 128 }
    let x0 = Int((Double(dash.x0) ?? 0) * scale), x1 = Int((Double(dash.x1) ?? 0) * scale)
    let y0 = Int((Double(dash.y0) ?? 0) * scale), y1 = Int((Double(dash.y1) ?? 0) * scale)
    let top = try #require((y0..<y1).first { y in (x0..<x1).contains { dark($0, y) } }, "no ink in the dash's box")
    let gap = (Double(top) / scale - textBottom) / 72 * 25.4
    #expect(abs(gap - 7) <= 0.5, "the dash's top is \(gap) mm below the text block")
}

/// With the project's fontconfig (Styles/fonts.conf) each role's official font is
/// set in a free stand-in with Simplified Chinese glyphs, and the roles stay apart: fontconfig
/// resolves every East Asian font of the gbt9704 style to a Simplified Chinese face (Noto …
/// CJK SC, AR PL UKai CN), and LibreOffice's PDF embeds the serif (仿宋, 小标宋), the sans (黑体)
/// and the kai (楷体) stand-ins, not one font for all. Without it LibreOffice set every role in
/// Noto Sans CJK JP (issue 17, item 10). (LibreOffice names an embedded Noto CJK subset after
/// the collection's shared CFF table, "NotoSerifCJKjp", whichever face it used: the face is
/// checked through fontconfig.)
@Test(.enabled(if: Run.tool("soffice") != nil && Run.tool("pdffonts") != nil && Run.tool("fc-match") != nil,
               "needs LibreOffice, poppler-utils and fontconfig"))
func theShippedFontconfigSetsEveryRoleInASimplifiedChineseStandIn() throws {
    let config = ["FONTCONFIG_FILE": Repository.root.appendingPathComponent("Styles/fonts.conf").path]
    let eastAsian = Set(StylePresets.standard.roles.values.map(\.eastAsianFont))
    #expect(eastAsian.count >= 4, "\(eastAsian)")
    for font in eastAsian {
        let match = try Run.program(Run.tool("fc-match")!, ["--format=%{postscriptname}|%{lang}", font], environment: config).stdoutText
        let name = String(match.split(separator: "|").first ?? "")
        #expect(name.hasSuffix("sc-Regular") || name.contains("CJKsc") || name.contains("UKaiCN") || name == "UKaiCN",
                "\(font) → \(match)")
    }
    let directory = try TemporaryDirectory()
    let sample = try #require(Repository.samples.first)
    let file = directory.file("sample.docx")
    let converted = try Run.speechdoc(["convert", sample.path, "-o", file.path, "--single", "--quiet"])
    #expect(converted.status == 0, "\(converted.stderr)")
    let profile = try TemporaryDirectory()
    let result = try Run.program(Run.tool("soffice")!, [
        "-env:UserInstallation=file://\(profile.url.path)", "--headless", "--convert-to", "pdf", "--outdir", directory.url.path, file.path,
    ], environment: config)
    let pdf = directory.file("sample.pdf")
    guard FileManager.default.fileExists(atPath: pdf.path) else {
        Issue.record("LibreOffice wrote no PDF (status \(result.status)): \(result.stderr)")
        return
    }
    let fonts = try Run.program(Run.tool("pdffonts")!, [pdf.path]).stdoutText
    // pdffonts names embedded subsets "ABCDEF+NotoSerifCJKjp-Regular-VKana".
    let names = fonts.split(separator: "\n").dropFirst(2).compactMap { $0.split(separator: " ").first }
        .map { String($0.split(separator: "+").last ?? $0) }
    #expect(names.contains { $0.hasPrefix("NotoSerifCJK") }, "\(names)")
    #expect(names.contains { $0.hasPrefix("NotoSansCJK") }, "\(names)")
    #expect(names.contains { $0.contains("UKai") }, "\(names)")
}
