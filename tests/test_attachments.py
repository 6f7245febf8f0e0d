"""Attachments: real PDF, DOCX and XLSX files served on the site's host are read and proofread; broken,
encrypted, oversized and zip-bomb files leave a clear record and lose nothing else; page checks never judge them."""
from __future__ import annotations

import asyncio
import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from pypdf import PdfReader, PdfWriter

from config.demo.attachments import pdf
from crawler.attachments import UNPACKED_MAX, Caps, Extractor, extract
from crawler.snapshot import ROLE_CHECK
from tests.sitekit import article, audit_sites, column, home

IDS = ("370199198804122319", "370199199309071520", "370199199601213186")   # invented, valid check digits
CLEAN = "示范区2024年防汛工作方案。截至目前，全区已完成重点部位隐患排查，各责任单位要按照安排落实值守。"


def word(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def sheet(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def encrypted(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt("user-secret", "owner-secret", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A DOCX whose document.xml unpacks past the cap (a few hundred KB on the wire)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:p/>" * (UNPACKED_MAX // 6 + 1))
    return out.getvalue()


BLANK_PDF = pdf(())     # a page without text: what a scanned document looks like to a text extractor
MAX_BYTES = 2 * 1024 * 1024
FILES = {
    "/files/typo.pdf": pdf(("关于做好防汛工作的通知", "截止目前，全区共排查隐患点位126处，已整改到位。")),
    "/files/clean.docx": word("防汛工作方案", CLEAN),
    "/files/ids.xlsx": sheet([["序号", "姓名", "公民身份号码"]]
                             + [[i, n, number] for i, (n, number) in enumerate(zip(("王晓明", "李春燕", "张建华"), IDS), 1)]),
    "/files/broken.pdf": b"%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 9 0 R>> garbage",
    "/files/secret.pdf": encrypted(pdf(("截止目前，内部资料。",))),
    "/files/scan.pdf": BLANK_PDF,
    "/files/big.pdf": BLANK_PDF + b"%" * (MAX_BYTES + 1),
    "/files/bomb.docx": zip_bomb(),
}
LINKS = "".join(f'<p>附件：<a href="{path}">{path.rsplit("/", 1)[1]}</a></p>' for path in FILES)


def _site(extra: str = "") -> dict[str, str | bytes]:
    items = [("防汛工作有关材料", "/art/1.html", "2024-06-20")]
    files: dict[str, str | bytes] = {
        "/": home({"工作动态": items}), "/col/gzdt/": column("工作动态", items),
        "/art/1.html": article("防汛工作有关材料", "2024-06-20",
                               f"<p>{CLEAN}</p>{LINKS}{extra}"),
        **FILES}
    return files


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("attachments")
    other = '<p><a href="http://other.gov.cn/files/far.pdf">外站附件.pdf</a><a href="/files/gone.pdf">已删除.pdf</a></p>'
    return audit_sites(tmp, {"s": {"url": "http://www.test.gov.cn/"}}, {"www.test.gov.cn": _site(other)},
                       crawl={"max_attachment_bytes": MAX_BYTES})


def _records(result) -> dict[str, object]:
    return {f.url.split("/", 3)[3]: f for f in result.snapshot().fetches("s", ROLE_CHECK) if "www.test.gov.cn" in f.url}


def test_attachment_texts_and_notes(result):
    records = _records(result)
    notes = {url: (f.page.text_note if f.page else None) for url, f in records.items() if url.startswith("files/")}
    assert notes == {"files/typo.pdf": "", "files/clean.docx": "", "files/ids.xlsx": "", "files/broken.pdf": "broken",
                     "files/secret.pdf": "encrypted", "files/scan.pdf": "no-text", "files/big.pdf": "too-large",
                     "files/bomb.docx": "too-large",
                     "files/gone.pdf": None}      # a 404 is a broken link, with no text to note
    assert "截止目前" in records["files/typo.pdf"].page.text
    assert CLEAN in records["files/clean.docx"].page.text
    assert records["files/big.pdf"].status == 200      # refused for its size, still a working link
    pages = {f.url.split("/", 3)[3] for f in result.snapshot().pages("s") if f.ok}
    assert pages == {"", "col/gzdt/", "art/1.html"}     # the bad files cost no page (footer links are 404s)
    far = next(f for f in result.snapshot().fetches("s", ROLE_CHECK) if "other.gov.cn" in f.url)
    assert far.page is None                            # another host's file is only checked


def test_rev_findings_name_attachment_and_linking_page(result):
    found = {(f.rule, f.url.split("/", 3)[3]) for f in result.findings if f.rule.startswith("REV")}
    assert found == {("REV-TYPO", "files/typo.pdf"), ("REV-PRIVACY", "files/ids.xlsx")}
    typo = next(f for f in result.findings if f.rule == "REV-TYPO")
    assert typo.message == "附件“typo.pdf”有错别字“截止目前”（应为“截至目前”），请更正。"
    assert typo.evidence["linked_from"] == [result.urls["s"] + "art/1.html"]
    assert typo.evidence["published"] == "2024-06-20"
    privacy = next(f for f in result.findings if f.rule == "REV-PRIVACY")
    assert privacy.message.startswith("附件“ids.xlsx”公开了3个公民身份号码（如370199********2319）")
    assert "370199198804122319" not in str(privacy.evidence)


def test_page_checks_never_judge_attachments(result):
    """Footer, tags, freshness, soft-404 and every other page check stay off attachments; the broken link is the
    one link finding about the files, and the encrypted PDF's typo is never seen."""
    on_files = {(f.rule, f.url.split("/", 3)[3]) for f in result.findings if "www.test.gov.cn" in f.url
                and "/files/" in f.url}
    assert on_files == {("REV-TYPO", "files/typo.pdf"), ("REV-PRIVACY", "files/ids.xlsx"),
                        ("LNK-BROKEN", "files/gone.pdf")}
    assert all("www.test.gov.cn/files/" not in str(f.evidence) for f in result.findings
               if not f.rule.startswith("REV") and f.rule != "LNK-BROKEN")


def test_attachment_cap_per_site(tmp_path):
    result = audit_sites(tmp_path, {"s": {"url": "http://www.test.gov.cn/"}},
                         {"www.test.gov.cn": _site()}, crawl={"max_attachments": 1})
    read = [f for f in result.snapshot().fetches("s", ROLE_CHECK) if f.page is not None]
    assert len(read) == 1
    assert len([f for f in result.snapshot().fetches("s", ROLE_CHECK) if "/files/" in f.url]) == len(FILES)


def test_extraction_that_outlasts_the_timeout_is_noted_and_the_pool_goes_on():
    long_pdf = pdf(*[(CLEAN,) * 40] * 200)     # over a second to read

    async def both():
        extractor = Extractor(Caps(10, MAX_BYTES, 10_000_000, timeout=0.2))
        try:
            await extractor.read(b"", "warm-up.pdf")      # start the workers before timing anything
            return await extractor.read(long_pdf, "long.pdf"), await extractor.read(FILES["/files/clean.docx"], "c.docx")
        finally:
            extractor.close()

    slow, after = asyncio.run(both())
    assert slow == ("", "timeout")
    assert after[1] == "" and CLEAN in after[0]


@pytest.mark.parametrize("data, name, note", [
    (b"{\\rtf1\\ansi hello}", "a.doc", "unsupported"),
    (b"<html>not a file</html>", "a.xls", "broken"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024, "a.doc", "broken"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024, "a.xls", "broken"),
])
def test_unreadable_files(data, name, note):
    assert extract(data, name, 1000) == ("", note)


def test_truncated_text():
    text, note = extract(FILES["/files/clean.docx"], "c.docx", 10)
    assert (text, note) == ("防汛工作方案\n示范区", "truncated")
