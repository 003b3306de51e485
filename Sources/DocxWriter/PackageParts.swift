import SystemSupport
import Foundation
import SpeechModel
import SpeechStyles
import XMLSupport

/// Part names and relationship ids, fixed so the same input gives the same package.
enum PackageLayout {
    static let oddFooterID = "rId4"
    static let evenFooterID = "rId5"
}

/// The small parts around the document: content types, relationships, settings, fonts,
/// footers and document properties.
struct PackageParts {
    let sheet: StyleSheet

    func contentTypes(parts: [(String, String)]) throws -> [UInt8] {
        let writer = try XMLWriter()
        try writer.element("Types", attributes: ["xmlns": OOXML.contentTypes]) {
            try writer.element("Default", attributes: ["Extension": "rels", "ContentType": OOXML.ContentType.relationships])
            try writer.element("Default", attributes: ["Extension": "xml", "ContentType": OOXML.ContentType.xml])
            for (name, type) in parts {
                try writer.element("Override", attributes: ["PartName": "/" + name, "ContentType": type])
            }
        }
        return try writer.finish()
    }

    func relationships(_ targets: [(id: String, type: String, target: String)]) throws -> [UInt8] {
        let writer = try XMLWriter()
        try writer.element("Relationships", attributes: ["xmlns": OOXML.packageRelationships]) {
            for relationship in targets {
                try writer.element("Relationship", attributes: ["Id": relationship.id, "Type": relationship.type, "Target": relationship.target])
            }
        }
        return try writer.finish()
    }

    /// Odd and even pages get different footers only when settings says so.
    func settings(evenAndOddHeaders: Bool) throws -> [UInt8] {
        let writer = try XMLWriter()
        try writer.element("w:settings", attributes: ["xmlns:w": OOXML.w]) {
            try writer.element("w:zoom", attributes: ["w:percent": "100"])
            try writer.val("w:defaultTabStop", String(sheet.style(.body).size.halfPoints * 10 * 2))
            if evenAndOddHeaders { try writer.element("w:evenAndOddHeaders") }
            try writer.val("w:characterSpacingControl", "compressPunctuation")
        }
        return try writer.finish()
    }

    /// Each font with the stand-in Word should try (w:altName); all the style uses, or some.
    func fontTable(only names: [String]? = nil) throws -> [UInt8] {
        let writer = try XMLWriter()
        try writer.element("w:fonts", attributes: ["xmlns:w": OOXML.w]) {
            for name in names ?? sheet.usedFonts {
                let font = sheet.fontInfo(name)
                try writer.element("w:font", attributes: ["w:name": name]) {
                    if let alt = font.altName { try writer.val("w:altName", alt) }
                    if let charset = font.charset { try writer.val("w:charset", charset) }
                    try writer.val("w:family", font.family ?? "auto")
                    try writer.val("w:pitch", "variable")
                }
            }
        }
        return try writer.finish()
    }

    /// "— N —": the text around a complete PAGE field (begin, instruction, separate, cached
    /// result, end) so every reader shows a number.
    func footer(style: String, cachedPage: Int) throws -> [UInt8] {
        let text = sheet.style(.pageNumber).text ?? "{page}"
        let parts = text.components(separatedBy: "{page}")
        let writer = try XMLWriter()
        try writer.element("w:ftr", attributes: ["xmlns:w": OOXML.w, "xmlns:r": OOXML.r]) {
            try writer.element("w:p") {
                try writer.element("w:pPr") { try writer.val("w:pStyle", style) }
                if let before = parts.first, !before.isEmpty { try writer.textRun(before) }
                try writer.element("w:r") { try writer.element("w:fldChar", attributes: ["w:fldCharType": "begin"]) }
                try writer.element("w:r") {
                    try writer.startElement("w:instrText")
                    try writer.attribute("xml:space", "preserve")
                    try writer.text(" PAGE ")
                    try writer.endElement()
                }
                try writer.element("w:r") { try writer.element("w:fldChar", attributes: ["w:fldCharType": "separate"]) }
                try writer.textRun(String(cachedPage))
                try writer.element("w:r") { try writer.element("w:fldChar", attributes: ["w:fldCharType": "end"]) }
                if parts.count > 1, !parts[1].isEmpty { try writer.textRun(parts[1]) }
            }
        }
        return try writer.finish()
    }

    /// Title and creator (the speaker when known); dates only from SOURCE_DATE_EPOCH, so
    /// without it the same input gives the same bytes.
    func coreProperties(title: String, creator: String?, epoch: Int?) throws -> [UInt8] {
        let writer = try XMLWriter()
        try writer.element("cp:coreProperties", attributes: [
            "xmlns:cp": OOXML.coreProperties, "xmlns:dc": "http://purl.org/dc/elements/1.1/",
            "xmlns:dcterms": "http://purl.org/dc/terms/", "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
        ]) {
            try writer.element("dc:title", text: title)
            if let creator { try writer.element("dc:creator", text: creator) }
            try writer.element("dc:language", text: "zh-CN")
            if let epoch {
                let stamp = Self.w3cdtf(epoch)
                try writer.element("dcterms:created", attributes: ["xsi:type": "dcterms:W3CDTF"], text: stamp)
                try writer.element("dcterms:modified", attributes: ["xsi:type": "dcterms:W3CDTF"], text: stamp)
            }
        }
        return try writer.finish()
    }

    func extendedProperties() throws -> [UInt8] {
        let writer = try XMLWriter()
        try writer.element("Properties", attributes: ["xmlns": OOXML.extendedProperties]) {
            try writer.element("Application", text: "SpeechDoc")
            try writer.element("DocSecurity", text: "0")
        }
        return try writer.finish()
    }

    static func w3cdtf(_ epoch: Int) -> String {
        UTCTime(epoch: epoch).iso8601
    }
}
