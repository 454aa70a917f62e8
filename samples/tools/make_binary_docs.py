#!/usr/bin/env python3
"""Generate the PDF and DOCX documents of the MODE sample corpus.

Uses only the Python 3 standard library.

Sources live in samples/tools/binary-sources/ and are named

    <topic>--<slug>.<format>.txt      e.g. astronomy--the-kuiper-belt-and-pluto.pdf.txt

where <format> is "pdf" or "docx". The first line of a source file is the
document title; the rest is body text, with paragraphs separated by blank
lines. Each source is rendered to samples/corpus/<topic>/<slug>.<format>.

The output is deterministic (no timestamps), so re-running the script on
unchanged sources produces byte-identical files.

Usage:  python3 samples/tools/make_binary_docs.py
"""

import os
import re
import sys
import zipfile
from xml.sax.saxutils import escape as xml_escape

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = os.path.join(HERE, "binary-sources")
CORPUS = os.path.normpath(os.path.join(HERE, "..", "corpus"))

NAME_RE = re.compile(r"^(?P<topic>[a-z0-9-]+)--(?P<slug>[a-z0-9-]+)\.(?P<fmt>pdf|docx)\.txt$")


def read_source(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().strip().splitlines()
    title = lines[0].strip()
    body = "\n".join(lines[1:]).strip()
    paragraphs = [" ".join(l.strip() for l in p.splitlines()).strip()
                  for p in re.split(r"\n\s*\n", body) if p.strip()]
    return title, paragraphs


# --------------------------------------------------------------------------
# PDF (version 1.4, standard Type1 Helvetica fonts, WinAnsiEncoding)
# --------------------------------------------------------------------------

# Helvetica advance widths (1/1000 em) for ASCII 32..126, from the standard AFM.
_HELV = [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
         556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
         1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
         667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
         333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
         556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584]

PAGE_W, PAGE_H = 612, 792          # US Letter, points
MARGIN = 72
BODY_SIZE, BODY_LEADING = 11, 15
TITLE_SIZE, TITLE_LEADING = 18, 24


def text_width(s, size, bold=False):
    w = 0
    for ch in s:
        o = ord(ch)
        w += _HELV[o - 32] if 32 <= o <= 126 else 556
    if bold:
        w *= 1.06  # Helvetica-Bold is slightly wider; approximate
    return w * size / 1000.0


def wrap(text, size, width, bold=False):
    lines, cur = [], ""
    for word in text.split():
        cand = word if not cur else cur + " " + word
        if text_width(cand, size, bold) <= width or not cur:
            cur = cand
        else:
            lines.append(cur)
            cur = word
    if cur:
        lines.append(cur)
    return lines


def pdf_string(s):
    b = s.encode("cp1252", errors="replace")
    out = bytearray(b"(")
    for c in b:
        if c in (0x28, 0x29, 0x5C):      # ( ) backslash
            out += b"\\" + bytes([c])
        elif c < 32 or c > 126:
            out += b"\\%03o" % c
        else:
            out.append(c)
    out += b")"
    return bytes(out)


def layout_pdf(title, paragraphs):
    """Return a list of pages; each page is a list of (kind, text) lines.

    kind is 'title', 'body' or 'gap' (blank line between paragraphs)."""
    width = PAGE_W - 2 * MARGIN
    items = [("title", l) for l in wrap(title, TITLE_SIZE, width, bold=True)]
    items.append(("gap", ""))
    for i, p in enumerate(paragraphs):
        if i:
            items.append(("gap", ""))
        items += [("body", l) for l in wrap(p, BODY_SIZE, width)]
    usable = PAGE_H - 2 * MARGIN
    pages, cur, used = [], [], 0
    for kind, text in items:
        h = TITLE_LEADING if kind == "title" else BODY_LEADING
        if used + h > usable and cur:
            pages.append(cur)
            cur, used = [], 0
            if kind == "gap":
                continue
        cur.append((kind, text))
        used += h
    if cur:
        pages.append(cur)
    return pages


def page_stream(lines, page_no, n_pages):
    ops = [b"BT"]
    y = PAGE_H - MARGIN
    first = True
    font = None
    for kind, text in lines:
        want = (b"/F2", TITLE_SIZE, TITLE_LEADING) if kind == "title" else (b"/F1", BODY_SIZE, BODY_LEADING)
        if font != want:
            ops.append(b"%s %d Tf %d TL" % (want[0], want[1], want[2]))
            font = want
        if first:
            ops.append(b"%d %d Td" % (MARGIN, y - want[1]))
            first = False
        else:
            ops.append(b"T*")
        if kind != "gap":
            ops.append(pdf_string(text) + b" Tj")
    ops.append(b"ET")
    # page number footer
    footer = "Page %d of %d" % (page_no, n_pages)
    ops.append(b"BT /F1 9 Tf %d %d Td %s Tj ET" % (
        int(PAGE_W / 2 - text_width(footer, 9) / 2), MARGIN // 2, pdf_string(footer)))
    return b"\n".join(ops) + b"\n"


def make_pdf(title, paragraphs):
    pages = layout_pdf(title, paragraphs)
    n = len(pages)
    # Object numbering: 1 catalog, 2 pages, 3 F1, 4 F2, 5 info, then per page: page obj, content obj
    objs = {}
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    kids = b" ".join(b"%d 0 R" % (6 + 2 * i) for i in range(n))
    objs[2] = b"<< /Type /Pages /Kids [ %s ] /Count %d >>" % (kids, n)
    objs[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objs[4] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    objs[5] = (b"<< /Title " + pdf_string(title) +
               b" /Author (MODE project) /Subject (MODE sample corpus, CC0-1.0)"
               b" /Producer (MODE samples/tools/make_binary_docs.py) >>")
    for i, lines in enumerate(pages):
        pno, cno = 6 + 2 * i, 7 + 2 * i
        objs[pno] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
                     b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>"
                     % (PAGE_W, PAGE_H, cno))
        stream = page_stream(lines, i + 1, n)
        objs[cno] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    xref_pos = len(out)
    size = max(objs) + 1
    out += b"xref\n0 %d\n" % size
    out += b"0000000000 65535 f \n"
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num]
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref_pos)
    return bytes(out)


# --------------------------------------------------------------------------
# DOCX (Office Open XML WordprocessingML)
# --------------------------------------------------------------------------

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
  <Default Extension="xml" ContentType="application/xml"/>
  <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
  <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
  <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
  <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>
"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
  <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
  <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>
"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>
"""

STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:docDefaults>
    <w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/><w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>
    <w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault>
  </w:docDefaults>
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
  <w:style w:type="paragraph" w:styleId="Title">
    <w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>
    <w:pPr><w:spacing w:after="240"/><w:outlineLvl w:val="0"/></w:pPr>
    <w:rPr><w:b/><w:sz w:val="40"/></w:rPr>
  </w:style>
</w:styles>
"""

APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">
  <Application>MODE make_binary_docs.py</Application>
</Properties>
"""


def make_docx_parts(title, paragraphs):
    def para(text, style=None):
        ppr = '<w:pPr><w:pStyle w:val="%s"/></w:pPr>' % style if style else ""
        return '    <w:p>%s<w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % (ppr, xml_escape(text))

    body = [para(title, "Title")] + [para(p) for p in paragraphs]
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\n'
                '  <w:body>\n' + "\n".join(body) + '\n'
                '    <w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
                '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>\n'
                '  </w:body>\n</w:document>\n')
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
            '  <dc:title>%s</dc:title>\n'
            '  <dc:creator>MODE project</dc:creator>\n'
            '  <dc:description>MODE sample corpus document, released under CC0-1.0</dc:description>\n'
            '  <dc:language>en</dc:language>\n'
            '</cp:coreProperties>\n') % xml_escape(title)
    return [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", DOC_RELS),
        ("word/styles.xml", STYLES),
        ("docProps/core.xml", core),
        ("docProps/app.xml", APP),
    ]


def write_docx(path, title, paragraphs):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in make_docx_parts(title, paragraphs):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, content.encode("utf-8"))


def main():
    written = 0
    for fname in sorted(os.listdir(SOURCES)):
        m = NAME_RE.match(fname)
        if not m:
            if fname.endswith(".txt"):
                print("skipping badly named source: %s" % fname, file=sys.stderr)
            continue
        title, paragraphs = read_source(os.path.join(SOURCES, fname))
        outdir = os.path.join(CORPUS, m.group("topic"))
        os.makedirs(outdir, exist_ok=True)
        out = os.path.join(outdir, "%s.%s" % (m.group("slug"), m.group("fmt")))
        if m.group("fmt") == "pdf":
            with open(out, "wb") as f:
                f.write(make_pdf(title, paragraphs))
        else:
            write_docx(out, title, paragraphs)
        print("wrote %s" % os.path.relpath(out, CORPUS))
        written += 1
    if not written:
        print("no sources found in %s" % SOURCES, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
