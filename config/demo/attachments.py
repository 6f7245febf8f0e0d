"""The demo's attachments with text: a PDF and a DOCX linked from one 招生考试 notice of the education bureau.

The PDF writes 截止目前 (REV-TYPO, found in the attachment and pointed at its URL); the DOCX is clean (a near miss:
its text is read and has nothing wrong). build.py links both from the column's first article and writes the files;
the finding is declared like any other link's, so ``expected()`` reads it from the link. Every other demo PDF is a
blank page, which the crawler records as an attachment without text (no-text) and nothing judges.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"      # one of the PDF viewers' standard Chinese fonts: nothing to embed, nothing to load
SITE, HOST = "edu", "jyj.sfq.gov.cn"
PDF = "/attach/2024/06/zsfa.pdf"
DOCX = "/attach/2024/06/bmcl.docx"
PDF_TEXT = ("示范区2024年义务教育阶段学校招生工作实施方案",
            "截止目前，全区已完成适龄儿童入学信息采集，",
            "各学校要按照划片范围做好招生报名工作。")
DOCX_TEXT = ("报名材料清单", "一、户口簿原件及复印件；二、房产证明或租赁备案证明；三、预防接种证查验证明。",
             "截至目前，材料清单未作调整。")
# (href, link text, expected finding or None, label): build.py makes them Extra links of the column's first article.
LINKS = ((PDF, "2024年招生工作实施方案.pdf", ("REV-TYPO", "deduct", "PDF attachment: 截止目前 (截至目前) in its text"),
          "附件"),
         (DOCX, "报名材料清单.docx", None, "附件"))
_WHEN = dt.datetime(2024, 6, 20, tzinfo=dt.timezone.utc)


def pdf(*pages: tuple[str, ...]) -> bytes:
    """A PDF with one page per tuple, one line per string (invariant: the same bytes every time)."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out = io.BytesIO()
    document = canvas.Canvas(out, invariant=1)
    for lines in pages:
        document.setFont(FONT, 11)
        for n, line in enumerate(lines):
            document.drawString(60, 780 - 18 * n, line)
        document.showPage()
    document.save()
    return out.getvalue()


def _docx() -> bytes:
    """python-docx stamps the time into the zip entries: they are rewritten with a fixed one (same bytes every build)."""
    document = docx.Document()
    document.core_properties.created = document.core_properties.modified = _WHEN.replace(tzinfo=None)
    for text in DOCX_TEXT:
        document.add_paragraph(text)
    saved, out = io.BytesIO(), io.BytesIO()
    document.save(saved)
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, _WHEN.timetuple()[:6]), src.read(info),
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def files(site_id: str) -> dict[str, bytes]:
    """The attachment files of one demo site (path → bytes)."""
    return {PDF: pdf(PDF_TEXT), DOCX: _docx()} if site_id == SITE else {}


def near_misses() -> list[tuple[str, str, str]]:
    return [(SITE, f"http://{HOST}:{{port}}{DOCX}",
             "DOCX attachment whose text is read (截至目前, correct): no REV finding")]
