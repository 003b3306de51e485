import DocxWriter
import EpubWriter
import Foundation
import MarkdownWriter
import SpeechDoc
import SpeechModel
import SpeechReader
import SpeechWriting
import Testing
import TestSupport

/// Speeches to write both ways: the samples and seeds as read, and one made to hold every
/// element where a stream could go wrong (a run-in heading whose paragraph is its section's
/// last, sections closing several levels at once, a gap, leads, a closing, a cut-short end).
private func speeches() throws -> [Speech] {
    var files = Repository.samples
    if Repository.sharedAvailable { files += Repository.seeds }
    var speeches = try files.flatMap { try DocumentLoader.load(path: $0.path).speeches }
    let lead = Paragraph([.lead(Lead(number: "一要", text: "提高站位。")), .text("要把…放在心上。")])
    speeches.append(Speech(
        metadata: Metadata(title: "在全县工作会议上的讲话", speaker: "张三", date: "2024年5月12日"),
        salutation: "同志们：",
        body: [
            .paragraph(Paragraph(text: "开场。")),
            .section(Section(heading: Heading(level: 1, number: "一、", text: "提高认识。", runsIn: true), children: [
                .paragraph(Paragraph(text: "第一段。")),
                .section(Section(heading: Heading(level: 2, number: "（一）", text: "抓落实"), children: [
                    .paragraph(lead), .gap(Gap(omittedCharacters: 695)),
                    .section(Section(heading: Heading(level: 3, number: "1.", text: "细则", runsIn: true), children: [
                        .paragraph(Paragraph([.text("前"), .damaged("y"), .text("后"), .emphasis("重")])),
                    ])),
                ])),
            ])),
            .section(Section(heading: Heading(level: 1, number: "二、", text: "加强领导", runsIn: true), children: [])),
            .section(Section(heading: Heading(level: 1, number: "三、", text: "严明纪律"), children: [.gap(Gap())])),
        ],
        closing: "谢谢大家！", truncated: true))
    speeches.append(Speech(metadata: Metadata(title: ""), body: [.paragraph(Paragraph(text: "只有一段。"))]))
    return speeches
}

private func streamed(_ writer: some StreamingSpeechWriter, _ speech: Speech, _ options: WriterOptions) throws -> [UInt8] {
    var head = speech
    head.body = []
    var body = BodyItems(speech)
    var bytes: [UInt8] = []
    try writer.write(head: head, body: &body, options: options) { bytes += $0 }
    return bytes
}

@Test func aSpeechWhoseBodyStreamsIsWrittenAsTheWholeSpeechIs() throws {
    let options = WriterOptions(sourceDateEpoch: 1_700_000_000)
    let all = try speeches()
    #expect(all.count >= 5)
    for speech in all {
        let label = speech.metadata.label
        #expect(try streamed(DocxWriter(), speech, options) == DocxWriter().write(.speech(speech), options: options), "\(label) docx")
        #expect(try streamed(EpubWriter(), speech, options) == EpubWriter().write(.speech(speech), options: options), "\(label) epub")
        #expect(try streamed(MarkdownWriter(), speech, options) == MarkdownWriter().write(.speech(speech), options: options), "\(label) md")
    }
}

@Test func speechesThatStreamAreWrittenAsTheirCollectionIs() throws {
    let options = WriterOptions(sourceDateEpoch: 1_700_000_000)
    let all = try speeches()
    for (title, author) in [(nil, nil), ("讲话汇编", "某某办公室")] as [(String?, String?)] {
        let collection = SpeechCollection(title: title ?? all[0].metadata.label, author: author ?? all[0].metadata.speaker, speeches: all)
        // Word: every speech in one document.
        var index = 0
        func next() -> (head: Speech, body: BodyItems)? {
            guard index < all.count else { return nil }
            defer { index += 1 }
            var head = all[index]
            head.body = []
            return (head, BodyItems(all[index]))
        }
        let (docx, count) = try DocxWriter().write(speeches: next, title: title, author: author, options: options)
        #expect(count == all.count)
        #expect(docx == (try DocxWriter().write(.collection(collection), options: options)))
        // EPUB: a collection's book (titled after the first speech without a title given; by
        // no author then, as `convert` makes it).
        let book = EpubStream(options: options, collectionTitle: title, author: author)
        for speech in all {
            var head = speech
            head.body = []
            var body = BodyItems(speech)
            try book.add(head: head, body: &body)
        }
        let expected = SpeechCollection(title: title ?? all[0].metadata.label, author: author, speeches: all)
        #expect(try book.finish(asCollection: true) == EpubWriter().write(.collection(expected), options: options))
    }
}
