#!/usr/bin/env python3
"""Stands in for the speechdoc executable for ../shared/corpus/score.py, reading each page
wrapped into another format: `make eval-wrapped` scores the same annotated pages read from a
minimal web page (a <p> per line) and from a Word document (a paragraph per line), to check
that the reader's floors hold for HTML and DOCX input too.

    SPEECHDOC_BIN=.build/release/speechdoc SPEECHDOC_WRAP=html|docx wrapped-input.py outline FILE --json
"""
import html, os, subprocess, sys, tempfile, zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def lines(path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    return text.split("\n")


def write_html(source, target):
    body = "".join("<p>%s</p>\n" % html.escape(line, quote=False) for line in lines(source))
    with open(target, "w", encoding="utf-8") as f:
        f.write('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>\n%s</body></html>' % body)


def write_docx(source, target):
    paragraphs = "".join('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % html.escape(line, quote=False)
                         for line in lines(source))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="%s">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                   'Target="word/document.xml"/></Relationships>' % REL)
        z.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="%s"><w:body>%s</w:body></w:document>'
                   % (W, paragraphs))


def main():
    binary, wrap = os.environ["SPEECHDOC_BIN"], os.environ["SPEECHDOC_WRAP"]
    args = sys.argv[1:]
    # The input is the first argument naming an existing file.
    index = next(i for i, a in enumerate(args) if i > 0 and os.path.isfile(a))
    with tempfile.TemporaryDirectory() as directory:
        target = os.path.join(directory, "page." + wrap)
        (write_html if wrap == "html" else write_docx)(args[index], target)
        args[index] = target
        sys.exit(subprocess.run([binary] + args).returncode)


if __name__ == "__main__":
    main()
