"""HTML quality on the dev corpora: cleantext beside its peers, per corpus, per half.

Each corpus (``DATA/<corpus>/index.jsonl``, layout in the data's README) is split by site
into a tuning half and a checking half (a stable hash of the site: even tunes, odd checks),
and every system is scored on both with the ScrapingHub metric (metric.py). A rule or weight
tuned on the tuning half that does not help the checking half fits pages, not the web.

goose3 keeps only the opening of each expected text: there the figure is the share of pages
whose opening snippet the output contains.

Peers' outputs never change between runs of this script, so ``--cache DIR`` keeps them (one
JSON file per corpus and peer, named with CACHE_FORMAT) and a rerun only cleans again;
cleantext's outputs of the latest run are written there too
(``<corpus>.cleantext.latest.json``), for comparing runs.
"""

from __future__ import annotations

import datetime
import gzip
import json
import os
import sys
import zlib
from collections.abc import Callable, Iterator
from multiprocessing import Pool
from pathlib import Path
from typing import NamedTuple

from common import commit, import_cleantext, make_parser, markdown_table, write
from metric import TOKEN, Score, score

CORPORA = (
    "big9_chaos", "chinese_wced", "cleaneval", "cleaneval_dev",
    "dragnet", "goose3", "newspaper4k", "readability",
)
HALVES = ("tune", "check")
#: The corpus whose gold is an opening snippet, scored as kept or lost.
SNIPPET_CORPUS = "goose3"


class Page(NamedTuple):
    corpus: str
    id: str
    site: str
    gold: str
    path: Path


def half(site: str) -> str:
    """The half a site belongs to: a stable hash, so every run splits alike."""
    return HALVES[zlib.crc32(site.encode("utf-8")) % 2]


def load(data: Path, corpus: str) -> list[Page]:
    root = data / corpus
    with open(root / "index.jsonl", encoding="utf-8") as index:
        records = [json.loads(line) for line in index]
    return [Page(corpus, str(r["id"]), r.get("site") or "", r.get("gold") or "", root / r["file"]) for r in records]


# Systems: each takes the page's raw bytes. Peers that want str, and the page-text rendering,
# get the page decoded as a browser would, where that reads the bytes with fewer replacement
# characters than trafilatura's guess (which read 11 GB2312 pages of chinese_wced and 11
# undeclared pages of cleaneval with hundreds of U+FFFD): by its declared charset (read as
# cleantext reads it: the codec browsers use for the label), or without one as windows-1252,
# a Western browser's default.
def _decoded(raw: bytes) -> str:
    from trafilatura.utils import decode_file

    guessed = decode_file(raw)
    if "\ufffd" not in guessed:
        return guessed
    text = raw.decode(import_cleantext().decode.declared_codec(raw) or "cp1252", errors="replace")
    return text if text.count("\ufffd") < guessed.count("\ufffd") else guessed


#: Categories cleantext keeps in this run (--keep); set in each worker from the environment.
KEEP_ENV = "CORPORA_KEEP"


def _options() -> object:
    cleantext = import_cleantext()
    keep = os.environ.get(KEEP_ENV, "")
    return cleantext.Options(keep={c for c in keep.split(",") if c})


def _cleantext() -> Callable[[bytes], str | None]:
    clean, options = import_cleantext().clean, _options()
    return lambda raw: clean(raw, options=options)


def _trafilatura(**options: object) -> Callable[[], Callable[[bytes], str | None]]:
    def load() -> Callable[[bytes], str | None]:
        import trafilatura

        return lambda raw: trafilatura.extract(raw, include_comments=False, **options)

    return load


def _readability() -> Callable[[bytes], str | None]:
    import html_text
    from readability import Document

    return lambda raw: html_text.extract_text(Document(_decoded(raw)).summary())


def _resiliparse() -> Callable[[bytes], str | None]:
    from resiliparse.extract.html2text import extract_plain_text

    return lambda raw: extract_plain_text(_decoded(raw), main_content=True)


def _page_text(raw: bytes) -> str:
    """All visible text of the page, as a text-only pipeline sees it (html-text's rendering)."""
    import html_text

    return html_text.extract_text(_decoded(raw))


def _cleantext_text() -> Callable[[bytes], str | None]:
    clean, options = import_cleantext().clean, _options()
    return lambda raw: clean(_page_text(raw), options=options)


def _c4() -> Callable[[bytes], str | None]:
    from quality_pagetext import c4_lines

    return lambda raw: c4_lines(_page_text(raw))


SYSTEMS: dict[str, Callable[[], Callable[[bytes], str | None]]] = {
    "cleantext": _cleantext,
    "trafilatura": _trafilatura(),
    "trafilatura fast": _trafilatura(fast=True),
    "readability-lxml": _readability,
    "resiliparse": _resiliparse,
    # Page text (--mode pagetext): the page's visible text, as a WET record holds it.
    "cleantext pagetext": _cleantext_text,
    "C4 lines pagetext": _c4,
}
MODES = {
    "html": ("cleantext", "trafilatura", "trafilatura fast", "readability-lxml", "resiliparse"),
    "pagetext": ("cleantext pagetext", "C4 lines pagetext"),
}
#: The peer every figure is compared with: the extractor cleantext wraps, or on page
#: text (which no extractor takes) the C4 line rules.
REFERENCE = {"html": "trafilatura", "pagetext": "C4 lines pagetext"}
WHAT = {"html": "HTML quality", "pagetext": "Page-text quality (the page's visible text, html-text rendering)"}

_loaded: dict[str, Callable[[bytes], str | None]] = {}


def _run(job: tuple[str, Page]) -> tuple[str, str, str]:
    """One system on one page, in a worker; a crash is an empty output."""
    name, page = job
    if name not in _loaded:
        _loaded[name] = SYSTEMS[name]()
    try:
        out = _loaded[name](gzip.decompress(page.path.read_bytes())) or ""
    except Exception:  # noqa: BLE001 - one page's crash must not stop the run
        out = ""
    return name, page.id, out


def outputs(pages: list[Page], names: list[str], cache: Path | None, workers: int) -> dict[str, dict[str, str]]:
    """system -> page id -> output text, peers from the cache where it has them."""
    corpus = pages[0].corpus
    found: dict[str, dict[str, str]] = {}
    jobs = []
    for name in names:
        path = _cache_path(cache, corpus, name)
        if path is not None and path.exists():
            found[name] = json.loads(path.read_text(encoding="utf-8"))
        else:
            found[name] = {}
            jobs += [(name, page) for page in pages]
    with Pool(workers) as pool:
        for name, page_id, out in pool.imap_unordered(_run, jobs, chunksize=4):
            found[name][page_id] = out
    for name in names:
        path = _cache_path(cache, corpus, name)
        if path is None and cache is not None:  # cleantext's latest outputs, for comparing runs
            path = cache / f"{corpus}.{name.replace(' ', '_')}.latest.json"
        elif path is None or path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(found[name], ensure_ascii=False), encoding="utf-8")
    return found


def _cache_path(cache: Path | None, corpus: str, name: str) -> Path | None:
    if cache is None or name.startswith("cleantext"):
        return None
    return cache / f"{corpus}.{name.replace(' ', '_')}.{CACHE_FORMAT}.json"


#: Part of every cached peer file's name: raised when what a peer is given changes, so that
#: an older cache is not read as this run's (2: pages decoded by their declared charset).
CACHE_FORMAT = "d2"


#: Words of the expected opening that the output must hold in a row (the snippets are cut
#: mid-word at different lengths; ten words identify a page's opening).
SNIPPET_WORDS = 10


def snippet_kept(gold: str, out: str) -> bool:
    """Whether the output holds the opening words of the expected text, in a row."""
    want = TOKEN.findall(gold.lower())[:SNIPPET_WORDS]
    have = " ".join(TOKEN.findall(out.lower()))
    return " ".join(want) in have


class Figure(NamedTuple):
    """F1 / P / R on the pages of one half, or the snippet share (as f1; P and R None)."""

    f1: float
    precision: float | None
    recall: float | None
    pages: int


def figure(pages: list[Page], outs: dict[str, str]) -> Figure:
    if not pages:
        return Figure(0.0, None, None, 0)
    if pages[0].corpus == SNIPPET_CORPUS:
        kept = sum(snippet_kept(p.gold, outs.get(p.id, "")) for p in pages)
        return Figure(kept / len(pages), None, None, len(pages))
    s: Score = score({p.id: p.gold for p in pages}, outs)
    return Figure(s.f1, s.precision, s.recall, len(pages))


def scored(pages: list[Page]) -> list[Page]:
    """The pages that have gold text to score against."""
    return [p for p in pages if p.gold.strip()]


def report(
    data: Path, corpora: list[str], names: list[str], mode: str, cache: Path | None, workers: int
) -> Iterator[str]:
    reference = REFERENCE[mode]
    rows: list[list[object]] = []
    compact: list[list[object]] = []
    means: dict[str, list[float]] = {name: [] for name in names}
    for corpus in corpora:
        pages = scored(load(data, corpus))
        outs = outputs(pages, names, cache, workers)
        by_part = {}
        for part in ("all", *HALVES):
            chosen = [p for p in pages if part == "all" or half(p.site) == part]
            figures = by_part[part] = {name: figure(chosen, outs[name]) for name in names}
            ref = figures.get(reference)
            for name in names:
                f = figures[name]
                if part == "all":
                    means[name].append(f.f1)
                delta = f"{f.f1 - ref.f1:+.3f}" if ref is not None and name != reference else ""
                rows.append([corpus, part, f.pages, name, f"{f.f1:.3f}", _opt(f.precision), _opt(f.recall), delta])
        compact.append([corpus, len(pages), *(_cell(by_part, name) for name in names)])
        yield f"{corpus}: done"
    header = ["corpus", "half", "pages", "system", "F1 (goose3: snippet kept)", "P", "R", f"F1 vs {reference}"]
    mean_rows = [[name, f"{sum(v) / len(v):.3f}"] for name, v in means.items() if v]
    yield "\n".join([
        (f"{WHAT[mode]} on the dev corpora (commit {commit() or 'unknown'}, {datetime.date.today()}), "
         f"each split by site into halves ({', '.join(HALVES)})"),
        "",
        "F1 on all pages (tuning half / checking half); goose3: share of opening snippets kept.",
        "",
        markdown_table(["corpus", "pages", *names], compact),
        "",
        f"Mean F1 over {len(corpora)} corpora (all pages):",
        "",
        markdown_table(["system", "mean F1"], mean_rows),
        "",
        "Every half with precision and recall:",
        "",
        markdown_table(header, rows),
    ])


def _cell(by_part: dict[str, dict[str, Figure]], name: str) -> str:
    return f"{by_part['all'][name].f1:.3f} ({by_part['tune'][name].f1:.3f} / {by_part['check'][name].f1:.3f})"


def _opt(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = make_parser(__doc__.splitlines()[0], data_help="the dev corpora folder (data/dev: one folder per corpus)")
    parser.description = "HTML quality on the dev corpora, beside trafilatura and other peers"
    parser.add_argument("corpora", nargs="*", metavar="CORPUS", help=f"corpora to run (default: all of {CORPORA})")
    parser.add_argument("--mode", choices=MODES, default="html", help="clean the HTML, or the page's visible text")
    parser.add_argument("--systems", help="comma-separated systems to run (default: those of the mode)")
    parser.add_argument("--cache", type=Path, help="keep peers' outputs in this folder between runs")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--keep", default="", help="comma-separated categories cleantext keeps (Options.keep)")
    args = parser.parse_args(argv)
    names = args.systems.split(",") if args.systems else list(MODES[args.mode])
    unknown = sorted(set(names) - set(SYSTEMS))
    if unknown:
        parser.error(f"unknown systems {unknown}; known: {list(SYSTEMS)}")
    corpora = args.corpora or list(CORPORA)
    os.environ[KEEP_ENV] = args.keep  # the workers read it
    lines = list(report(args.data, corpora, names, args.mode, args.cache, args.workers))
    write(lines[-1], args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
