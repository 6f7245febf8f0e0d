"""REV-TYPO + REV-SERIOUS on ECSpell's official-document sentences: precision, recall, false flags, throughput.

Not a test: it prints figures (targets of issue 4: precision ≥ 0.90, ≤ 1 false flag per 1,000 error-free
sentences, recall ≥ 0.35, ≥ 1 M characters/s on one core) and exits 1 when the dictionaries as shipped miss one.

    .venv/bin/python benchmarks/proofread_bench.py          # figures
    .venv/bin/python benchmarks/proofread_bench.py --mine   # re-mine the generated part of typos.yaml, then figures

Data: ../shared/realpages/spelling/ECSpell/Data/domains_data/odw.train, 1,719 sentence pairs (wrong, corrected).
ECSpell's odw test split is not in shared/, so besides the whole train file (the issue's definition, on which
the mined entries were mined) the benchmark cross-validates: mine on four fifths, judge the fifth held out.
That second figure is what a dictionary mined this way does on sentences it has not seen.

Mining (here and in the cross-validation) reads jieba's word list: `.venv/bin/pip install jieba` first. jieba is a
tool of this script only, not a dependency of the auditor, which reads the mined entries from typos.yaml.

A flag counts as right when its span covers an error and its suggestion is the corrected text of that span.
Precision = right flags / flags on the wrong sentences; recall = errors covered by a right flag / errors; false
flags = flags on the corrected sentences per 1,000 of them.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from checks.proofread import DICTIONARIES, Proofreader  # noqa: E402
from config.schema import PROJECT_ROOT  # noqa: E402
from crawler.extract import decode_html, extract_page  # noqa: E402

SHARED = PROJECT_ROOT.parent / "shared" / "realpages"
ECSPELL = SHARED / "spelling" / "ECSpell"
DICTS = PROJECT_ROOT / "config" / "dictionaries"
MARKER = "# --- mined from ECSpell odw.train"
MINED_SOURCE = "ECSpell公文语料（自动挖掘）"
KINDS = ("typo", "serious")        # the kinds the targets are about
FOLDS = 5
SPAN = (3, 6)                      # shortest and longest mined span
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
TARGETS = {"precision": 0.90, "recall": 0.35, "false_per_1000": 1.0, "chars_per_s": 1_000_000}


def pairs() -> list[tuple[str, str]]:
    """(wrong, corrected) sentence pairs of equal length (one pair of unequal length is dropped)."""
    out = []
    for line in (ECSPELL / "Data" / "domains_data" / "odw.train").read_text(encoding="utf-8").splitlines():
        _, wrong, right = line.split("\t")
        if len(wrong) == len(right):
            out.append((wrong, right))
    return out


def reference_text() -> str:
    """Right text besides the corrected sentences: ECSpell's word lists and the real government pages."""
    lists = ECSPELL / "wordlist"
    parts = [line.split("\t")[0] for line in (lists / "公文写作.txt").read_text(encoding="utf-8").splitlines()]
    parts += (lists / "政策法规标题.txt").read_text(encoding="utf-8").splitlines()
    for path in sorted(SHARED.rglob("*")):
        if path.suffix in (".html", ".htm", ".jsp", ".shtml") and "spelling" not in path.parts:
            html, _ = decode_html(path.read_bytes(), None)
            html = "\n".join(line for line in html.split("\n") if not line.startswith("<%"))
            page = extract_page(html, "http://example.gov.cn/")
            parts += [page.title, page.text, page.footer]
    return "\n".join(parts)


def lexicon() -> frozenset[str]:
    """Words of two characters or more from jieba's dictionary (349,000 words): a wrong character that makes a
    word with its neighbours (的银铃 for 的引领: 银铃 is a word) cannot be pinned down by a short span."""
    try:
        import jieba
    except ImportError:
        sys.exit("mining needs jieba's word list: .venv/bin/pip install jieba")
    words = (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in (line.split(" ", 1)[0] for line in words) if len(w) >= 2)


def mine(training: list[tuple[str, str]], reference: str, words: frozenset[str]) -> dict[str, str]:
    """wrong span → corrected span for every error of ``training`` that a span can pin down safely."""
    clean = reference + "\n" + "\n".join(right for _, right in training)
    found: dict[str, str] = {}
    conflicts: set[str] = set()
    for wrong, right in training:
        errors = [i for i, (a, b) in enumerate(zip(wrong, right)) if a != b]
        for lo, hi in _clusters(errors):
            span = _span(wrong, right, lo, hi, clean, words)
            if span is None:
                continue
            if found.setdefault(span[0], span[1]) != span[1]:
                conflicts.add(span[0])
    return {w: r for w, r in sorted(found.items()) if w not in conflicts}


def _clusters(errors: list[int]) -> list[tuple[int, int]]:
    """Errors next to each other (at most one right character between) make one [lo, hi) cluster."""
    out: list[tuple[int, int]] = []
    for i in errors:
        if out and i - out[-1][1] <= 1:
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return out


def _span(wrong: str, right: str, lo: int, hi: int, clean: str, words: frozenset[str]) -> tuple[str, str] | None:
    """The shortest Chinese span around [lo, hi), the errors inside (a character of context on both sides: an
    error at an edge could start or end a word outside the span, 调查人 in 调查人员), whose wrong form is
    nowhere in the clean text and in which no word of ``words`` holds a wrong character. The most central
    span of a length wins.
    """
    for length in range(max(SPAN[0], hi - lo), SPAN[1] + 1):
        starts = sorted(range(max(0, hi - length + 1), min(lo - 1, len(wrong) - length) + 1),
                        key=lambda s: abs((s + s + length) - (lo + hi)))
        for s in starts:
            w, r = wrong[s:s + length], right[s:s + length]
            if _CJK.match(w) and _CJK.match(r) and w not in clean and not _word_over_error(w, r, words):
                return w, r
    return None


def _word_over_error(wrong: str, right: str, words: frozenset[str]) -> bool:
    errors = [i for i, (a, b) in enumerate(zip(wrong, right)) if a != b]
    return any(wrong[a:b] in words for e in errors for a in range(e + 1) for b in range(max(a + 2, e + 1), len(wrong) + 1))


def evaluate(reader: Proofreader, data: list[tuple[str, str]]) -> dict[str, float]:
    right_flags = flags = covered = errors_total = clean_flags = 0
    for wrong, right in data:
        errors = {i for i, (a, b) in enumerate(zip(wrong, right)) if a != b}
        errors_total += len(errors)
        hit_errors: set[int] = set()
        for hit in reader.check(wrong):
            if hit.kind not in KINDS:
                continue
            flags += 1
            inside = errors.intersection(range(hit.start, hit.end))
            if inside and right[hit.start:hit.end] == hit.suggestion:
                right_flags += 1
                hit_errors |= inside
        covered += len(hit_errors)
        clean_flags += sum(hit.kind in KINDS for hit in reader.check(right))
    return {"precision": right_flags / flags if flags else 1.0, "recall": covered / errors_total,
            "false_per_1000": 1000 * clean_flags / len(data), "flags": flags, "errors": errors_total,
            "sentences": len(data)}


def throughput(reader: Proofreader, data: list[tuple[str, str]], at_least: int = 2_000_000) -> float:
    """Characters per second of ``Proofreader.check`` over the sentences (both sides), one core."""
    text = [s for pair in data for s in pair]
    chars = sum(map(len, text))
    rounds = max(1, at_least // chars)
    started = time.perf_counter()
    for _ in range(rounds):
        for sentence in text:
            reader.check(sentence)
    return rounds * chars / (time.perf_counter() - started)


def dictionaries() -> tuple[dict, dict]:
    docs = {kind: yaml.safe_load((DICTS / f"{name}.yaml").read_text(encoding="utf-8"))
            for kind, name in DICTIONARIES.items()}
    return docs, yaml.safe_load((DICTS / "review_allowlist.yaml").read_text(encoding="utf-8"))


def with_mined(docs: dict, mined: dict[str, str]) -> dict:
    """The dictionaries with the generated section of typos.yaml replaced by ``mined``."""
    typo = dict(docs["typo"])
    typo["entries"] = [s for s in typo["entries"] if s["source"] != MINED_SOURCE]
    typo["entries"].append({"source": MINED_SOURCE, "items": [{"wrong": w, "right": r} for w, r in mined.items()]})
    return {**docs, "typo": typo}


def write_mined(mined: dict[str, str]) -> None:
    path = DICTS / "typos.yaml"
    head = path.read_text(encoding="utf-8").split(MARKER, 1)[0]
    lines = [f"{MARKER} by benchmarks/proofread_bench.py --mine: everything below is generated ---",
             f"  - source: {MINED_SOURCE}", "    items:"]
    lines += [f"      - {w}→{r}" for w, r in mined.items()]
    path.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")


def show(name: str, figures: dict[str, float]) -> None:
    print(f"{name:<34} precision {figures['precision']:.3f}  recall {figures['recall']:.3f}  "
          f"false flags/1000 clean {figures['false_per_1000']:.2f}  ({figures['flags']:.0f} flags, "
          f"{figures['errors']:.0f} errors, {figures['sentences']:.0f} sentence pairs)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mine", action="store_true", help="re-mine the generated part of typos.yaml first")
    args = parser.parse_args()
    if not ECSPELL.is_dir():
        print(f"ECSpell not found at {ECSPELL}", file=sys.stderr)
        return 2
    data = pairs()
    reference, words = reference_text(), lexicon()
    if args.mine:
        mined = mine(data, reference, words)
        write_mined(mined)
        print(f"mined {len(mined)} entries into {DICTS / 'typos.yaml'}")
    docs, allow = dictionaries()
    reader = Proofreader.from_dictionaries(docs, allow)
    whole = evaluate(reader, data)
    show("whole train file (as shipped)", whole)

    folds = []
    for fold in range(FOLDS):
        training = [p for k, p in enumerate(data) if k % FOLDS != fold]
        held_out = [p for k, p in enumerate(data) if k % FOLDS == fold]
        folds.append(evaluate(Proofreader.from_dictionaries(with_mined(docs, mine(training, reference, words)), allow),
                              held_out))
    cv = {k: sum(f[k] for f in folds) / FOLDS for k in ("precision", "recall", "false_per_1000")}
    cv.update({k: sum(f[k] for f in folds) for k in ("flags", "errors", "sentences")})
    show(f"{FOLDS}-fold cross-validation (held out)", cv)
    without = evaluate(Proofreader.from_dictionaries(with_mined(docs, {}), allow), data)
    show("without mined entries, whole file", without)

    speed = throughput(reader, data)
    print(f"throughput {speed / 1e6:.2f} M characters/s ({len(reader.entries)} dictionary keys)")
    whole["chars_per_s"] = speed
    missed = [k for k, target in TARGETS.items()
              if (whole[k] > target if k == "false_per_1000" else whole[k] < target)]
    print("targets met (whole train file)" if not missed else f"targets missed: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
