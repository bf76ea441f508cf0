"""Speed as ratios against the tools cleantext replaces, one row per kind of input, same process.

Absolute figures depend on the machine and its load; a ratio measured in one process, with the
systems taking turns chunk by chunk (common.best_cpu_seconds), much less. Each text kind is timed
against ftfy.fix_text on the same inputs, HTML against trafilatura.extract with its defaults:

- clean bodies: the 181 gold bodies, the easy case (little for cleantext to cut);
- bodies + appeal: each gold body with the appeal of examples/moscow-times-appeal.txt appended;
- tails: the articles with appended tails of benchmarks/tails/tune.toml, in 25 languages
  (written for the rules, short: a crawl's mix of languages, not of lengths);
- page text: each page's visible text (html_text.extract_text), what a text pipeline sends;
- page text of a dev corpus (``--dev DIR``, its first ``--dev-pages`` pages), pages not tuned on;
- the same as a stream: its first ``--stream-pages`` pages, each chunk timed on its first
  run only. A best-of-N timing runs a chunk again with every table the rules build per new
  line start already kept; a stream of new pages keeps meeting new starts, and pays for them;
- HTML: the page bytes (cleantext decodes them; trafilatura gets them decoded, untimed).

``--stages`` adds what the first stages of clean() cost on the clean bodies and the dev page
text, as shares of the time a 3x ratio to ftfy allows: what any faster locator or rule
matching would still have to fit beside.
"""

from __future__ import annotations

import gzip
import json
import sys
import tomllib
from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path

from common import (
    CHUNK,
    REPO_ROOT,
    best_cpu_seconds,
    decode_html,
    describe,
    import_cleantext,
    load_pages,
    make_parser,
    markdown_table,
    write,
)

#: Text passes take a fraction of a second, so more of them are cheap; HTML passes take seconds.
TEXT_REPEATS = 5
HTML_REPEATS = 3
TEXT_TARGET = 3.0
HTML_TARGET = 1.5
#: The reference document: its first lines are the article, the rest the appended appeal.
SEED = REPO_ROOT / "examples" / "moscow-times-appeal.txt"
SEED_BODY_LINES = 11
#: Articles with appended tails in every supported language (benchmarks/tails.py's tuning set).
TAILS = REPO_ROOT / "benchmarks" / "tails" / "tune.toml"


def appeal() -> str:
    """The appeal the seed document appends to its article."""
    return "\n".join(SEED.read_text(encoding="utf-8").splitlines()[SEED_BODY_LINES:])


def tails() -> list[str]:
    """Each tuning case of the tails benchmark as one document: its body, then its tail."""
    with open(TAILS, "rb") as handle:
        cases = tomllib.load(handle)["cases"]
    return ["\n".join(case["body"] + case["tail"]) for case in cases]


def dev_pages(folder: Path, limit: int) -> list[bytes]:
    """The first ``limit`` pages of a dev corpus (its index.jsonl order), as raw bytes."""
    pages = []
    with open(folder / "index.jsonl", encoding="utf-8") as index:
        for line in index:
            if len(pages) == limit:
                break
            pages.append(gzip.decompress((folder / json.loads(line)["file"]).read_bytes()))
    return pages


def page_text(html_text, html: bytes) -> str | None:
    """The page's visible text; None for the rare page html-text cannot render (control
    characters that lxml refuses), which the row then leaves out (it counts pages)."""
    try:
        return html_text.extract_text(decode_html(html))
    except ValueError:
        return None


def ratio_row(
    name: str, ours: tuple[Callable[[object], object], Sequence[object]],
    peer_name: str, peer: tuple[Callable[[object], object], Sequence[object]],
    size: float, unit: str, repeats: int, target: float,
) -> list[str]:
    """One row: cleantext's and the peer's rate on the same inputs, and their ratio.

    cleantext keeps its rule answers about short blocks across documents (what a site
    repeats, page after page, is found once): each chunk starts without those of earlier
    runs, and a one-pass row without those of earlier rows.
    """
    forget = import_module("cleantext.match").forget
    forget()
    seconds = best_cpu_seconds({"cleantext": ours, peer_name: peer}, repeats, fresh=forget if repeats > 1 else None)
    ours_rate, peer_rate = size / seconds["cleantext"], size / seconds[peer_name]
    return [name, f"{ours_rate:.2f} {unit}", f"{peer_name} {peer_rate:.2f} {unit}",
            f"{ours_rate / peer_rate:.2f}x", f">= {target}x"]


def stage_rows(name: str, docs: Sequence[str], repeats: int) -> list[list[str]]:
    """What the first stages of clean() cost on ``docs`` beside ftfy.fix_text, each as a
    share of the time a 3x ratio allows: the stages every document pays before the article
    locator or any rule runs (preparing the blocks, choosing the rule languages)."""
    pipeline = import_module("cleantext.pipeline")
    language = import_module("cleantext.language")
    prepared = [pipeline.prepare(doc) for doc in docs]
    folded = [[block.text.casefold() for block in p.blocks] for p in prepared]
    clean = import_module("cleantext").clean
    seconds = best_cpu_seconds({
        "ftfy.fix_text": (import_module("ftfy").fix_text, docs),
        "clean()": (clean, docs),
        "prepare(): decode, segment, normalize": (pipeline.prepare, docs),
        "language.detect(): the rule languages": (language.detect, folded),
    }, repeats, fresh=import_module("cleantext.match").forget)
    allowed = seconds["ftfy.fix_text"] / TEXT_TARGET
    return [[name, stage, f"{cpu:.3f} s", f"{cpu / allowed:.0%}"] for stage, cpu in seconds.items()]


def main(argv: list[str] | None = None) -> int:
    parser = make_parser(__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, help="a dev corpus folder (index.jsonl, html/): its page text is a row")
    parser.add_argument("--dev-pages", type=int, default=181, help="pages of the dev corpus (default 181)")
    parser.add_argument("--stream-pages", type=int, default=1000,
                        help="pages of the dev corpus cleaned once each, in order (default 1000)")
    parser.add_argument("--kinds", default="bodies,appeal,tails,pagetext,dev,stream,html",
                        help="rows to run, comma-separated (default all)")
    parser.add_argument("--stages", action="store_true",
                        help="also time the first stages of clean() on the clean bodies and the dev page text")
    args = parser.parse_args(argv)
    kinds = set(args.kinds.split(","))
    cleantext = import_cleantext()
    import ftfy
    import html_text
    import trafilatura

    pages = load_pages(args.data)
    bodies = [page.gold for page in pages.values()]
    raw = [page.html for page in pages.values()]
    cases = tails() if "tails" in kinds else []
    texts = {
        "bodies": (f"text: clean bodies ({len(bodies)} gold bodies)", bodies),
        "appeal": (f"text: bodies + appeal ({len(bodies)})", [f"{body}\n{appeal()}" for body in bodies]),
        "tails": (f"text: articles + tails in 25 languages ({len(cases)})", cases),
        "pagetext": (f"text: page text ({len(raw)} ScrapingHub pages)",
                     [html_text.extract_text(decode_html(html)) for html in raw] if "pagetext" in kinds else []),
    }
    if args.dev is not None and kinds & {"dev", "stream"}:
        # The dev row's pages are the stream's first ones: each page is read and rendered once.
        wanted = max(args.dev_pages if "dev" in kinds else 0, args.stream_pages if "stream" in kinds else 0)
        rendered = [page_text(html_text, html) for html in dev_pages(args.dev, wanted)]
        if "dev" in kinds:
            dev = list(filter(None, rendered[: args.dev_pages]))
            texts["dev"] = (f"text: page text ({len(dev)} {args.dev.name} pages)", dev)
        if "stream" in kinds:
            stream = list(filter(None, rendered[: args.stream_pages]))
            texts["stream"] = (f"text: page text ({len(stream)} {args.dev.name} pages), one pass", stream)
    rows = []
    for kind, (name, docs) in texts.items():
        if kind in kinds and docs:
            megabytes = sum(len(doc.encode("utf-8")) for doc in docs) / 1e6
            repeats = 1 if kind == "stream" else TEXT_REPEATS
            rows.append(ratio_row(f"{name}, {megabytes:.2f} MB", (cleantext.clean, docs), "ftfy.fix_text",
                                  (ftfy.fix_text, docs), megabytes, "MB/s", repeats, TEXT_TARGET))
    if "html" in kinds:
        decoded = [decode_html(html) for html in raw]
        rows.append(ratio_row(f"HTML ({len(raw)} pages)", (cleantext.clean, raw), "trafilatura.extract",
                              (trafilatura.extract, decoded), len(raw), "pages/s", HTML_REPEATS, HTML_TARGET))
    title = (
        f"Throughput per CPU-second: each chunk of {CHUNK} inputs the best of {TEXT_REPEATS} (text) or "
        f"{HTML_REPEATS} (HTML) runs (one pass: its first run), the systems taking turns ({describe(cleantext)})"
    )
    table = markdown_table(["input", "cleantext", "peer", "ratio", "target"], rows)
    if args.stages:
        stages = [row for kind in ("bodies", "dev") if kind in texts and texts[kind][1]
                  for row in stage_rows(texts[kind][0], texts[kind][1], TEXT_REPEATS)]
        budget = f"CPU s (best of {TEXT_REPEATS})"
        table += "\n\n" + markdown_table(["input", "stage", budget, f"share of {TEXT_TARGET}x budget"], stages)
    write(f"{title}\n\n{table}", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
