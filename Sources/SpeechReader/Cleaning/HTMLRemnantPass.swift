import Foundation

/// Removes layout tags and entities left over from the web page (<center>, &nbsp;, times;).
/// Only known HTML layout tags go: 《海南省实施<义务教育法>办法》 and a literal <script> in a
/// speech are text. &amp; &lt; &gt; &quot; stay literal too: they may be what the speech says.
struct HTMLRemnantPass: CleaningPass {
    let name = "html-remnant"

    static let tag = try! TextPattern(
        #"(?i)</?(a|abbr|b|big|blockquote|body|br|center|div|em|font|h[1-6]|head|hr|html|i|img|li|ol|p|pre|small|span|strong|sub|sup|table|tbody|td|th|thead|tr|u|ul|section|article|header|footer|nav|meta|link)(\s[^<>]*)?/?>"#)
    /// Entities (or entities that lost their &) that stand for spaces or the × placeholder.
    static let entity = try! TextPattern(#"(?i)&?(nbsp|ensp|emsp|thinsp|times|#160|#12288|#215);"#)

    static let entityNames = KeywordSet([["nbsp", "ensp", "emsp", "thinsp", "times", "#160", "#12288", "#215"]])

    /// An entity broken on the way (&amam 工业园): an ampersand and lowercase letters with no
    /// semicolon, between Chinese text or spaces (a no-break one too: this pass runs before
    /// spaces are made plain). &amp; and R&D are not this.
    static let brokenEntity = try! TextPattern(#"(^|[^A-Za-z0-9])(&[a-z]{2,8})(?:[ \u00A0\u3000]+|(?=[\u4E00-\u9FFF])|$)"#)

    /// A closing tag that lost its < on the way (…讲话(?。?/h1>): a slash, a layout tag's name
    /// and >, after neither < nor a letter or digit (a path such as com/p> is not this).
    static let danglingTag = try! TextPattern(
        #"(?i)(^|[^<A-Za-z0-9])(/(?:a|b|center|div|em|font|h[1-6]|li|ol|p|section|article|span|strong|table|td|th|tr|u|ul)>)"#)

    /// What is left of an element whose text the page's decoder lost (…讲话(?。?/h1>, once
    /// mangled from (一)</h1>): an opening bracket that never closes, then only question marks and
    /// stops, one question mark at least. Taken only before a tag that ended the line: it holds
    /// no letter of the speech.
    static let lostElementText = try! TextPattern(#"[(（][?？。，、,.]*[?？][?？。，、,.]*$"#)

    func apply(to lines: inout [SourceLine], report: inout CleaningReport) {
        for index in lines.indices {
            let text = lines[index].text
            // A tag needs > and < (or /, when its < was lost); an entity needs ; and one of the
            // names; a broken one needs &.
            let mayHoldTag = text.containsByte(0x3E) && (text.containsByte(0x3C) || text.containsByte(0x2F))
            let mayHoldBroken = text.containsByte(0x26)
            guard mayHoldTag || mayHoldBroken || (text.containsByte(0x3B) && Self.entityNames.contains(text.lowercased())) else { continue }
            var removed: [String] = []
            var result = Self.tag.replacing(in: text) { match in
                removed.append(String(match[0] ?? ""))
                return ""
            }
            result = Self.entity.replacing(in: result) { match in
                let whole = String(match[0] ?? "")
                removed.append(whole)
                let name = whole.lowercased()
                return name.contains("times") || name.contains("215") ? "×" : " "
            }
            if mayHoldTag {
                result = Self.danglingTag.replacing(in: result) { match in
                    removed.append(String(match[2] ?? ""))
                    return String(match[1] ?? "")
                }
            }
            if mayHoldBroken {
                result = Self.brokenEntity.replacing(in: result) { match in
                    removed.append(String(match[2] ?? ""))
                    return String(match[1] ?? "")
                }
            }
            if !removed.isEmpty, mayHoldTag, text.trimmingSpaces.hasSuffix(">"), !result.trimmingSpaces.hasSuffix(">"),
               case let kept = result.trimmingSpaces, let lost = Self.lostElementText.firstMatch(in: kept) {
                result = String(kept[..<lost.range.lowerBound])
                removed.append(String(kept[lost.range]))
            }
            if !removed.isEmpty {
                report.remove(name, lines[index], removed.joined(separator: " "))
                lines[index].text = result.trimmingSpaces
            }
        }
    }
}
