import EpubWriter
import Foundation
import SpeechDoc

/// The first pages of a speech as they will print, in HTML: the chapter and stylesheet the
/// e-book gets from the style (fonts, sizes and indents by role), set on A4 sheets whose text
/// block, line pitch and page numbers ("— N —", odd pages right, even pages left, the style's
/// distance below the text block) come from the same style. Each sheet is a CSS column of the
/// text block's size, so the text flows from page to page without script.
enum PreviewPage {
    /// Sheets shown at most.
    static let maximumPages = 12

    static func html(_ speech: Speech, options: WriterOptions) throws -> String {
        let style = options.style
        let (xhtml, css) = try EpubChapter.parts(speech, style: style)
        let body: String
        if let start = xhtml.range(of: "<body>"), let end = xhtml.range(of: "</body>", options: .backwards) {
            body = String(xhtml[start.upperBound..<end.lowerBound])
        } else {
            body = ""
        }
        let page = style.page
        func mm(_ length: Length) -> String { String(format: "%.2fmm", length.millimetres) }
        let gap = 8.0
        let pitch = page.width.millimetres + gap
        let characters = speech.textPieces.reduce(speech.metadata.title.count) { $0 + $1.count }
        let pages = min(maximumPages, max(1, characters / max(page.linesPerPage * page.charactersPerLine * 3 / 4, 1) + 1))
        let numberStyle = style.style(.pageNumber)
        var sheets = ""
        for index in 0..<pages {
            let left = Double(index) * pitch
            let label = (numberStyle.text ?? "{page}").replacingOccurrences(of: "{page}", with: String(index + 1))
            let side: String
            switch numberStyle.align {
            case .center?: side = "left:0;right:0;text-align:center"
            case nil where index % 2 == 1: side = "left:\(mm(page.marginLeft));text-indent:1em"
            default: side = "right:\(mm(page.marginRight));text-align:right;padding-right:1em"
            }
            sheets += "<div class=\"sheet\" style=\"left:\(String(format: "%.2f", left))mm\"><div class=\"number\" style=\"\(side)\">\(label)</div></div>"
        }
        let bodySize = style.style(.body).size.points
        let numberSize = numberStyle.size.points
        let numberTop = page.height.millimetres - page.footerDistance.millimetres - numberSize * 25.4 / 72
        return """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>Preview</title>
        <style>
        \(css)
        html { background: #8a8f98; }
        body { margin: 0; padding: 12px; }
        .desk { position: relative; height: \(mm(page.height)); width: \(String(format: "%.2f", Double(pages) * pitch))mm; }
        .sheet { position: absolute; top: 0; width: \(mm(page.width)); height: \(mm(page.height)); background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.4); }
        .number { position: absolute; top: \(String(format: "%.2f", numberTop))mm; font-family: "宋体", "SimSun", "Noto Serif CJK SC", serif; font-size: \(numberSize)pt; width: \(mm(page.textWidth)); }
        .flow { position: absolute; top: \(mm(page.marginTop)); left: \(mm(page.marginLeft)); height: \(mm(page.textHeight));
                width: \(String(format: "%.2f", Double(pages) * pitch - page.width.millimetres + page.textWidth.millimetres))mm;
                column-width: \(mm(page.textWidth)); column-gap: \(String(format: "%.2f", pitch - page.textWidth.millimetres))mm; column-fill: auto;
                font-size: \(bodySize)pt; overflow: hidden; }
        </style></head>
        <body><div class="desk">\(sheets)<div class="flow">\(body)</div></div></body></html>
        """
    }
}
