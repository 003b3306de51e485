import Foundation
import SpeechModel

public enum MarkdownReadError: Error, Equatable, CustomStringConvertible {
    case unterminatedFrontMatter
    case badFrontMatter(line: Int, text: String)
    case noSpeech

    public var description: String {
        switch self {
        case .unterminatedFrontMatter: return "the front matter opened with --- is never closed"
        case .badFrontMatter(let line, let text): return "line \(line): cannot read front matter entry “\(text)”"
        case .noSpeech: return "no speech text found"
        }
    }
}

/// Reads Markdown written by SpeechDoc, or by a person following the same conventions, back
/// into the model: front matter for the metadata, # … #### for heading levels (the number
/// label is the start of the heading text), {.run-in} for run-in headings, **一要…。** for
/// leads, the gap marker paragraph for gaps, and the truncation marker at the end.
public enum MarkdownReader {
    public static func read(_ text: String, source: String? = nil) throws -> Speech {
        // Control characters (and U+FFFE/U+FFFF) carry no text, and no format we write can hold
        // them: the cleaning pass that drops them from plain text drops them here too (found by
        // the fuzzer: NUL bytes in a Markdown input reached the Markdown output).
        var sourceLines = Cleaner.split(text)
        var ignored = CleaningReport()
        ControlCharacterPass().apply(to: &sourceLines, report: &ignored)
        var lines = sourceLines.map(\.text)
        if lines.first?.hasPrefix("\u{FEFF}") == true { lines[0].removeFirst() }
        var metadata = Metadata(title: "", source: source)
        var index = 0
        if lines.first == "---" {
            guard let end = lines.dropFirst().firstIndex(where: { $0 == "---" || $0 == "..." }) else {
                throw MarkdownReadError.unterminatedFrontMatter
            }
            try readFrontMatter(lines[1..<end], startLine: 2, into: &metadata)
            index = end + 1
        }

        // Blocks: runs of non-blank lines. A block wrapped over several lines is joined.
        var blocks: [String] = []
        var current: [String] = []
        for line in lines[index...] {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                if !current.isEmpty { blocks.append(joinWrapped(current)); current = [] }
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { blocks.append(joinWrapped(current)) }

        var builder = SectionBuilder()
        var salutation: String?
        var truncated = false
        var sawContent = false
        for (position, block) in blocks.enumerated() {
            if let heading = heading(block) {
                builder.open(heading)
                sawContent = true
                continue
            }
            let inlines = InlineMarkdown.parse(block)
            var plain: String?
            if inlines.count == 1, case .text(let text) = inlines[0] { plain = text }
            if let plain, plain == Speech.truncationMarker, position == blocks.count - 1 {
                truncated = true
            } else if let plain, let gap = Gap(marker: plain) {
                builder.append(.gap(gap))
                sawContent = true
            } else if let plain, !sawContent, salutation == nil, Patterns.isSalutationRun(plain) {
                salutation = plain
                sawContent = true
            } else {
                builder.append(.paragraph(Paragraph(inlines)))
                sawContent = true
            }
        }
        var body = builder.finish()
        let closing = body.removeClosing()
        if metadata.title.isEmpty && body.isEmpty && salutation == nil && closing == nil { throw MarkdownReadError.noSpeech }
        return Speech(metadata: metadata, salutation: salutation, body: body, closing: closing, truncated: truncated)
    }

    /// # 一、提高站位 {.run-in}
    static func heading(_ block: String) -> Heading? {
        var hashes = 0
        for char in block { if char == "#" { hashes += 1 } else { break } }
        guard (1...6).contains(hashes), block.count > hashes, block.dropFirst(hashes).first == " " else { return nil }
        var content = String(block.dropFirst(hashes + 1)).trimmingSpaces
        var runsIn = false
        if content.hasSuffix("}"), let open = content.lastIndex(of: "{"),
           open == content.startIndex || content[content.index(before: open)] != "\\" {
            let attributes = content[content.index(after: open)..<content.index(before: content.endIndex)]
            runsIn = attributes.split(separator: " ").contains(".run-in")
            content = String(content[..<open]).trimmingSpaces
        }
        let text = InlineMarkdown.parse(content).map(\.plainText).joined()
        let chars: [Character] = Array(text)
        let number: String, rest: String
        if let (_, length) = Patterns.headingLabel(text) {
            number = String(chars[..<length])
            rest = String(chars[length...])
        } else {
            number = ""
            rest = text
        }
        return Heading(level: min(hashes, 4), number: number, text: rest, runsIn: runsIn)
    }

    /// Joins a paragraph a person wrapped: no space between Chinese characters.
    static func joinWrapped(_ lines: [String]) -> String {
        var result = ""
        for line in lines {
            let piece = line.trimmingSpaces
            if let last = result.last, let first = piece.first,
               !(last.unicodeScalars.first.map(CJK.isChinese) ?? false) || !(first.unicodeScalars.first.map(CJK.isChinese) ?? false) {
                result += " "
            }
            result += piece
        }
        return result
    }

    /// "A|B\\|C" → ["A", "B\\|C"]: cut at each | no backslash escapes.
    static func splitOnBarePipes(_ text: String) -> [String] {
        var pieces = [""]
        var escaped = false
        // On scalars: a combining mark after | must not hide it.
        for scalar in text.unicodeScalars {
            if scalar == "|" && !escaped { pieces.append(""); continue }
            escaped = scalar == "\\" && !escaped
            pieces[pieces.count - 1].unicodeScalars.append(scalar)
        }
        return pieces
    }

    static func readFrontMatter(_ lines: ArraySlice<String>, startLine: Int, into metadata: inout Metadata) throws {
        for (offset, line) in lines.enumerated() {
            if line.trimmingSpaces.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw MarkdownReadError.badFrontMatter(line: startLine + offset, text: line)
            }
            let key = String(line[..<colon]).trimmingSpaces
            guard let raw = YAMLScalar.parse(String(line[line.index(after: colon)...]).trimmingSpaces) else {
                throw MarkdownReadError.badFrontMatter(line: startLine + offset, text: line)
            }
            // Front matter values are Markdown to pandoc: unescape them the same way.
            func unescaped(_ text: String) -> String { InlineMarkdown.parse(text).map(\.plainText).joined() }
            if key == "title" {
                // A bare | marks a line break the writer of the file chose (\| is a |).
                let pieces = Self.splitOnBarePipes(raw).map(unescaped)
                metadata.title = pieces.joined()
                var offset = 0
                metadata.titleBreaks = pieces.dropLast().map { piece in
                    offset += piece.unicodeScalars.count
                    return offset
                }.filter { $0 > 0 && $0 < metadata.title.unicodeScalars.count }
                continue
            }
            let value = unescaped(raw)
            switch key {
            case "subtitle": metadata.subtitle = value
            case "author": metadata.speaker = value
            case "date": metadata.date = value
            case "occasion": metadata.occasion = value
            default: break  // lang and keys for other tools
            }
        }
    }
}

/// The scalars a front matter line can hold: "double quoted", 'single quoted' or plain.
enum YAMLScalar {
    static func parse(_ text: String) -> String? {
        guard let first = text.first else { return "" }
        if first == "\"" {
            // On scalars: a combining mark after an escaped " or \ (the fuzzer's \"́) must not
            // hide the mark.
            var out = String.UnicodeScalarView(), escaped = false
            var closed = false
            var hex: String?
            for scalar in text.unicodeScalars.dropFirst() {
                if closed { return nil }
                if var digits = hex {
                    // \xHH, as Quoting.yaml writes a control character.
                    guard scalar.properties.isASCIIHexDigit else { return nil }
                    digits.unicodeScalars.append(scalar)
                    hex = digits
                    if digits.count == 2 {
                        out.append(Unicode.Scalar(UInt8(digits, radix: 16)!))
                        hex = nil
                    }
                    continue
                }
                if escaped {
                    switch scalar {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "x": hex = ""
                    case "\"", "\\", "/": out.append(scalar)
                    default: return nil
                    }
                    escaped = false
                } else if scalar == "\\" {
                    escaped = true
                } else if scalar == "\"" {
                    closed = true
                } else {
                    out.append(scalar)
                }
            }
            return closed && hex == nil ? String(out) : nil
        }
        if first == "'" {
            guard text.count >= 2, text.last == "'" else { return nil }
            return String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        }
        return text
    }
}

/// Inline Markdown as SpeechDoc writes it: backslash escapes, **strong** (leads, numbered when
/// they start with 一是/一要…), *emphasis*, and HTML entities.
enum InlineMarkdown {
    /// The leads of one strong run: it is cut before every label that follows a clause end
    /// (**一是A；二是B。** holds two leads). A run that starts without a label is a lead without
    /// a number (a bold opening phrase kept from a Word file or a web page).
    static func leads(_ scalars: [Unicode.Scalar]) -> [Inline] {
        var starts = [0]
        for index in scalars.indices.dropFirst() where InlineParser.endsClause(scalars[index - 1]) {
            if Patterns.leadOpening(scalars, at: index) != nil { starts.append(index) }
        }
        return starts.indices.map { k in
            let end = k + 1 < starts.count ? starts[k + 1] : scalars.count
            let length = Patterns.leadOpening(scalars, at: starts[k]) ?? 0
            var number = String.UnicodeScalarView(), rest = String.UnicodeScalarView()
            number.append(contentsOf: scalars[starts[k]..<(starts[k] + length)])
            rest.append(contentsOf: scalars[(starts[k] + length)..<end])
            return .lead(Lead(number: String(number), text: String(rest)))
        }
    }

    /// ASCII punctuation or a symbol as the Character's first scalar: what a backslash escapes.
    static func isEscapable(_ character: Character) -> Bool {
        guard let first = character.unicodeScalars.first, first.isASCII else { return false }
        let base = Character(first)
        return base.isPunctuation || base.isSymbol
    }

    static let damagedClass = Array("{.damaged}")

    /// The index of the `]` that closes a damaged span opened at `start`, when `{.damaged}`
    /// follows it; escaped brackets inside are skipped.
    static func damagedSpanEnd(_ chars: [Character], from start: Int) -> Int? {
        var j = start + 1
        while j < chars.count {
            if chars[j] == "\\" { j += 2; continue }
            if chars[j] == "[" { return nil }
            if chars[j] == "]" {
                guard j > start + 1, chars.count - (j + 1) >= damagedClass.count,
                      Array(chars[(j + 1)..<(j + 1 + damagedClass.count)]) == damagedClass else { return nil }
                return j
            }
            j += 1
        }
        return nil
    }

    static func parse(_ text: String) -> [Inline] {
        var inlines: [Inline] = []
        var buffer = ""
        var strong: String?
        var emphasis: String?
        let chars = Array(text)
        var i = 0
        func emit(_ char: Character) {
            if strong != nil { strong!.append(char) } else if emphasis != nil { emphasis!.append(char) } else { buffer.append(char) }
        }
        func flushText() {
            if !buffer.isEmpty { inlines.append(.text(buffer)); buffer = "" }
        }
        while i < chars.count {
            let char = chars[i]
            // An escaped mark may carry a combining mark in the same Character (\`ٝ, found by
            // the fuzzer): the escape is judged on the Character's first scalar.
            if char == "\\", i + 1 < chars.count, Self.isEscapable(chars[i + 1]) {
                emit(chars[i + 1])
                i += 2
                continue
            }
            if char == "*", i + 1 < chars.count, chars[i + 1] == "*", emphasis == nil {
                if let content = strong {
                    strong = nil
                    let contentScalars = Array(content.unicodeScalars)
                    if content.isEmpty {
                        // **** is four asterisks, not an empty emphasis (found by the fuzzer).
                        for _ in 0..<4 { emit("*") }
                    } else {
                        var found = leads(contentScalars)
                        // **A****B**: a strong run straight after a lead, with no label of its
                        // own, goes on with that lead (the writer sets adjacent leads as one run).
                        if case .lead(let next)? = found.first, next.number.isEmpty, case .lead(let previous)? = inlines.last {
                            inlines[inlines.count - 1] = .lead(Lead(number: previous.number, text: previous.text + next.text))
                            found.removeFirst()
                        }
                        inlines += found
                    }
                } else if chars[(i + 2)...].contains("*") {
                    flushText()
                    strong = ""
                } else {
                    emit("*"); emit("*")
                }
                i += 2
                continue
            }
            if char == "*", strong == nil {
                if let content = emphasis {
                    emphasis = nil
                    inlines.append(.emphasis(content))
                } else if chars[(i + 1)...].contains("*") {
                    flushText()
                    emphasis = ""
                } else {
                    emit("*")
                }
                i += 1
                continue
            }
            // [text]{.damaged}: a damaged span (escaped text inside, as the writer makes it).
            if char == "[", strong == nil, emphasis == nil, let end = damagedSpanEnd(chars, from: i) {
                flushText()
                inlines.append(.damaged(parse(String(chars[(i + 1)..<end])).map(\.plainText).joined()))
                i = end + 1 + damagedClass.count
                continue
            }
            if char == "&", let (decoded, length) = entity(chars, at: i) {
                emit(decoded)
                i += length
                continue
            }
            emit(char)
            i += 1
        }
        if let strong { buffer += "**" + strong }
        if let emphasis { buffer += "*" + emphasis }
        flushText()
        return merged(inlines)
    }

    private static func merged(_ inlines: [Inline]) -> [Inline] {
        var result: [Inline] = []
        for inline in inlines {
            if case .text(let text) = inline, case .text(let previous)? = result.last {
                result[result.count - 1] = .text(previous + text)
            } else {
                result.append(inline)
            }
        }
        return result
    }

    static let namedEntities: [String: Character] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]

    private static func entity(_ chars: [Character], at index: Int) -> (Character, Int)? {
        guard let semicolon = chars[index...].prefix(12).firstIndex(of: ";") else { return nil }
        let name = String(chars[(index + 1)..<semicolon])
        if let char = namedEntities[name] { return (char, semicolon - index + 1) }
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            if let value, let scalar = Unicode.Scalar(value) { return (Character(scalar), semicolon - index + 1) }
        }
        return nil
    }
}
