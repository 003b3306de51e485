import Foundation
import SpeechWriting
import ZipSupport

/// Word templates built here, part by part: one shaped like a Chinese office's (style ids "a",
/// "1", "a3" as a Chinese Word writes them, a header, a footer with an image relationship, its
/// own page set-up), and hostile variants of it.
public enum TemplateFixture {
    public static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    public static let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    public static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    public static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 24)
    public static let headerText = "某某市人民政府办公室文件"

    public static var parts: [(String, String)] {
        [
            ("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>
            """),
            ("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\(rel)/officeDocument" Target="word/document.xml"/></Relationships>
            """),
            ("word/document.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="\(w)" xmlns:r="\(r)"><w:body><w:p><w:r><w:t>模板正文</w:t></w:r></w:p><w:sectPr><w:headerReference w:type="default" r:id="rId7"/><w:footerReference w:type="default" r:id="rId8"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2200" w:right="1500" w:bottom="2000" w:left="1700" w:header="851" w:footer="992" w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="600"/></w:sectPr></w:body></w:document>
            """),
            ("word/_rels/document.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\(rel)/styles" Target="styles.xml"/><Relationship Id="rId2" Type="\(rel)/settings" Target="settings.xml"/><Relationship Id="rId3" Type="\(rel)/fontTable" Target="fontTable.xml"/><Relationship Id="rId7" Type="\(rel)/header" Target="header1.xml"/><Relationship Id="rId8" Type="\(rel)/footer" Target="footer1.xml"/></Relationships>
            """),
            ("word/styles.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:styles xmlns:w="\(w)" xmlns:r="\(r)"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="方正仿宋_GBK" w:hAnsi="Times New Roman"/><w:sz w:val="32"/></w:rPr></w:rPrDefault></w:docDefaults>\
            <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:line="600" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/></w:pPr><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="方正仿宋_GBK" w:hAnsi="Times New Roman"/><w:sz w:val="32"/></w:rPr></w:style>\
            <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="方正黑体_GBK"/></w:rPr></w:style>\
            <w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:eastAsia="方正楷体_GBK"/></w:rPr></w:style>\
            <w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/><w:qFormat/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:eastAsia="方正小标宋_GBK"/><w:sz w:val="44"/></w:rPr></w:style>\
            <w:style w:type="paragraph" w:styleId="a5"><w:name w:val="header"/><w:basedOn w:val="a"/><w:pPr><w:jc w:val="center"/></w:pPr></w:style>\
            <w:style w:type="paragraph" w:styleId="a7"><w:name w:val="footer"/><w:basedOn w:val="a"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="28"/></w:rPr></w:style>\
            <w:style w:type="paragraph" w:styleId="Closing"><w:name w:val="Closing Remarks (old)"/><w:basedOn w:val="a"/></w:style>\
            <w:style w:type="character" w:default="1" w:styleId="a0"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
            </w:styles>
            """),
            ("word/settings.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:settings xmlns:w="\(w)"><w:defaultTabStop w:val="420"/></w:settings>
            """),
            ("word/fontTable.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:fonts xmlns:w="\(w)"><w:font w:name="方正仿宋_GBK"><w:charset w:val="86"/><w:family w:val="script"/><w:pitch w:val="fixed"/></w:font><w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>
            """),
            ("word/header1.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:hdr xmlns:w="\(w)" xmlns:r="\(r)"><w:p><w:pPr><w:pStyle w:val="a5"/></w:pPr><w:r><w:t>\(headerText)</w:t></w:r></w:p></w:hdr>
            """),
            ("word/footer1.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:ftr xmlns:w="\(w)" xmlns:r="\(r)"><w:p><w:pPr><w:pStyle w:val="a7"/></w:pPr><w:r><w:t xml:space="preserve">第 </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> 页</w:t></w:r></w:p></w:ftr>
            """),
            ("word/_rels/footer1.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\(rel)/image" Target="media/seal.png"/></Relationships>
            """),
        ]
    }

    /// The template with some parts replaced (nil removes one) and extra raw entries added.
    public static func build(replacing changes: [String: String?] = [:], extra: [(String, [UInt8])] = []) throws -> [UInt8] {
        let archive = ZipArchiveWriter()
        for (name, text) in parts {
            if let change = changes[name] {
                if let change { archive.add(name, Array(change.utf8)) }
            } else {
                archive.add(name, Array(text.utf8))
            }
        }
        archive.add("word/media/seal.png", png, compression: .stored)
        for (name, bytes) in extra { archive.add(name, bytes, compression: .deflated(level: 9)) }
        return try archive.finish()
    }

    public static var office: ReferenceDocument {
        get throws { ReferenceDocument(path: "office.docx", bytes: try build()) }
    }
}
