"""Attachments (PDF, Word, Excel) on a site's own host: which links are read, and the text read from them.

The spider downloads them under the caps of ``crawl:`` and hands the bytes to an ``Extractor``, which reads them
in worker processes: a broken or hostile file may hang a parser, exhaust memory or crash it, and then only its
worker is killed or fails, never the crawl. Files are told apart by their first bytes, not by the link's ending.
What is stored is a PageData of kind "attachment" whose ``text_note`` says why its text is missing or partial.
"""
from __future__ import annotations

import asyncio
import io
import logging
import multiprocessing
import re
import resource
import shutil
import subprocess
import tempfile
import zipfile
from concurrent.futures import TimeoutError as ExtractTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from pebble import ProcessExpired, ProcessPool

ATTACHMENT_EXT = re.compile(r"\.(?:pdf|docx?|wps|xlsx?|et)$", re.I)

# Why an attachment's text is missing or partial (PageData.text_note); "" when it was read whole.
NOTES = ("too-large", "truncated", "encrypted", "broken", "unsupported", "no-text", "timeout")

UNPACKED_MAX = 200 * 1024 * 1024     # a DOCX/XLSX unpacking to more than this is taken for a zip bomb
WORKER_MEMORY = 2 * 1024 ** 3        # address space of one worker: a parser that needs more fails, alone
WORKERS = 2
_child_seconds = 30.0                # set in each worker: how long antiword may run (it outlives a killed worker)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# A PDF breaks lines where the layout wrapped them, inside Chinese words too (截止目\n前): join those.
_CJK_WRAP = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])[ \t]*\n[ \t]*(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


@dataclass(frozen=True)
class Caps:
    """The ``crawl:`` limits on attachments, per site and per file."""
    max_attachments: int
    max_bytes: int
    max_chars: int
    timeout: float


class _Refused(Exception):
    """A file that is read no further; its argument is the note (encrypted, too-large)."""


def _kind(data: bytes, name: str) -> str | None:
    """pdf | docx | xlsx | doc | xls, from the file's first bytes (the link's ending only splits OLE files)."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        return "docx" if "word/document.xml" in names else "xlsx" if "xl/workbook.xml" in names else None
    if data.startswith(_OLE):
        return "xls" if name.lower().endswith((".xls", ".et")) else "doc"
    return None


def _pdf(data: bytes, max_chars: int) -> tuple[list[str], bool]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # Many PDFs carry only an owner password (no copying, no printing) and open with an empty one.
        try:
            if not reader.decrypt(""):
                raise _Refused("encrypted")
        except (DependencyError, FileNotDecryptedError, NotImplementedError):
            raise _Refused("encrypted") from None
    parts, size = [], 0
    for page in reader.pages:
        if size > max_chars:
            return parts, False
        text = _CJK_WRAP.sub("", _CONTROL.sub("", page.extract_text() or ""))
        parts.append(text)
        size += len(text)
    return parts, True


def _unpacked(data: bytes) -> None:
    if sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist()) > UNPACKED_MAX:
        raise _Refused("too-large")


def _docx(data: bytes, max_chars: int) -> tuple[list[str], bool]:
    import docx

    _unpacked(data)
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(dict.fromkeys(cell.text for cell in row.cells)))   # merged cells repeat
    return parts, True


def _rows(rows, max_chars: int) -> tuple[list[str], bool]:
    parts, size = [], 0
    for row in rows:
        if size > max_chars:
            return parts, False
        line = "\t".join(str(v) for v in row if v not in (None, ""))
        parts.append(line)
        size += len(line)
    return parts, True


def _xlsx(data: bytes, max_chars: int) -> tuple[list[str], bool]:
    import openpyxl

    _unpacked(data)
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    return _rows((row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)), max_chars)


def _xls(data: bytes, max_chars: int) -> tuple[list[str], bool]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except xlrd.biffh.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise _Refused("encrypted") from None
        raise
    rows = (sheet.row_values(i) for sheet in book.sheets() for i in range(sheet.nrows))
    return _rows(rows, max_chars)


def _doc(data: bytes, max_chars: int) -> tuple[list[str], bool]:
    """Word 97–2003 (and WPS files in its format) through antiword, which reads only from a file."""
    if shutil.which("antiword") is None:
        raise _Refused("unsupported")
    def limit_cpu() -> None:
        seconds = max(1, int(_child_seconds))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))

    with tempfile.NamedTemporaryFile(suffix=".doc") as file:
        file.write(data)
        file.flush()
        try:
            done = subprocess.run(["antiword", "-m", "UTF-8.txt", "-w", "0", file.name], capture_output=True,
                                  timeout=_child_seconds, preexec_fn=limit_cpu)
        except subprocess.TimeoutExpired:
            raise _Refused("timeout") from None
    if done.returncode != 0:
        if b"encrypted" in done.stderr.lower():
            raise _Refused("encrypted")
        raise ValueError(done.stderr.decode("utf-8", "replace")[:200])
    return [done.stdout.decode("utf-8", "replace")], True


_READERS = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "xls": _xls, "doc": _doc}


def extract(data: bytes, name: str, max_chars: int) -> tuple[str, str]:
    """(text, note) of one file. Runs in a worker; any failure of a parser is the file's, so it is 'broken'."""
    kind = _kind(data, name)
    if kind is None:
        # Another office format (ODF, RTF under a .doc name) is unsupported; anything else is no such file.
        return "", "unsupported" if data.startswith((b"PK\x03\x04", b"{\\rtf")) else "broken"
    try:
        parts, whole = _READERS[kind](data, max_chars)
    except _Refused as refused:
        return "", refused.args[0]
    except MemoryError:
        return "", "too-large"
    except Exception:    # noqa: BLE001 - whatever a hostile file makes a parser raise
        return "", "broken"
    text = _CONTROL.sub("", "\n".join(parts)).strip()
    if not text:
        return "", "no-text"
    if len(text) > max_chars or not whole:
        return text[:max_chars], "truncated"
    return text, ""


def _worker_setup(seconds: float) -> None:
    """Cap the worker's memory, and import the parsers once, so that a file's time is spent on the file."""
    global _child_seconds
    _child_seconds = seconds

    import docx  # noqa: F401
    import openpyxl  # noqa: F401
    import pypdf  # noqa: F401
    import xlrd  # noqa: F401

    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, WORKER_MEMORY))
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)    # broken files are recorded, not logged


class Extractor:
    """A pool of worker processes reading attachments; a file that outlasts ``timeout`` has its worker killed."""

    def __init__(self, caps: Caps):
        self.caps = caps
        # spawn: the crawl process runs threads, which a forked worker must not inherit half-way.
        self.pool = ProcessPool(max_workers=WORKERS, initializer=_worker_setup, initargs=(caps.timeout,),
                                context=multiprocessing.get_context("spawn"))

    async def read(self, data: bytes, name: str) -> tuple[str, str]:
        future = self.pool.schedule(extract, (data, name, self.caps.max_chars), timeout=self.caps.timeout)
        try:
            return await asyncio.wrap_future(future)
        except ExtractTimeout:
            return "", "timeout"
        except ProcessExpired:      # the worker died (a parser crashed or ran out of memory)
            return "", "broken"
        except BrokenProcessPool:   # no worker could start: the record keeps its status, without text
            logging.getLogger(__name__).error("attachment workers cannot start; %s not read", name)
            return "", "broken"

    def close(self) -> None:
        self.pool.stop()
        self.pool.join()
