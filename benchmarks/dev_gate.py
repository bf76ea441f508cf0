"""Dev-corpus gate: on a fixed sample of two dev corpora, cleantext must not fall below trafilatura.

A figure from the pages the rules were tuned on says little about the web; this gate reads
pages of two other public corpora (``DEV/<corpus>``, layout in their README) and compares
cleantext's HTML F1 with trafilatura's (``extract(html, include_comments=False)``) on the
same pages, in the same run. The gated figure per corpus is the margin, cleantext's F1 minus
trafilatura's; its floor (dev_floors.toml) encodes "not below trafilatura". The sample is
every SAMPLE_EVERY-th page of each corpus in index order, so every run reads the same pages.

It also gates site templates (issue "Site templates"): on the page text of the sites with
MANY_PAGES or more pages of TEMPLATE_CORPORA, templates learned from those same pages (no
gold) must raise F1 by at least the corpus's [templates] floor and cost no more recall than
RECALL_LOSS. Page text is where templates act: the HTML extractor has dropped most of a
site's template already (docs/benchmarks.md, "Site templates").

CI runs it when the dev corpora are at ../shared/data/dev (tests/test_gate.py); a clone
without them has nothing to check.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections import Counter
from pathlib import Path

from common import markdown_table
from corpora import Figure, _page_text, figure, load, scored

HERE = Path(__file__).resolve().parent
FLOORS = HERE / "dev_floors.toml"
#: Two corpora of different kinds: old hand-cleaned pages, and news and blogs with comments.
CORPORA = ("cleaneval", "dragnet")
#: One page in this many, in index order: 68 cleaneval and 139 dragnet pages.
SAMPLE_EVERY = 10


#: The corpora with sites of many pages, and what counts as many (as benchmarks/templates.py).
TEMPLATE_CORPORA = ("big9_chaos", "dragnet")
MANY_PAGES = 5
#: The most recall templates may cost on a corpus (the issue's bound).
RECALL_LOSS = 0.002


def sample(dev: Path, corpus: str) -> list:
    return scored(load(dev, corpus))[::SAMPLE_EVERY]


def measure(dev: Path) -> dict[str, tuple[float, float]]:
    """Corpus -> (cleantext F1, trafilatura F1) on its sample."""
    import gzip

    import trafilatura

    import cleantext

    found = {}
    for corpus in CORPORA:
        pages = sample(dev, corpus)
        raw = {p.id: gzip.decompress(p.path.read_bytes()) for p in pages}
        ours = {pid: cleantext.clean(html) for pid, html in raw.items()}
        theirs = {pid: trafilatura.extract(html, include_comments=False) or "" for pid, html in raw.items()}
        found[corpus] = (figure(pages, ours).f1, figure(pages, theirs).f1)
    return found


def measure_templates(dev: Path) -> dict[str, tuple[Figure, Figure]]:
    """Corpus -> (figure without templates, figure with them) on the page text of its sites
    with MANY_PAGES or more pages; each page prepared once, learned, then finished twice."""
    import gzip

    import cleantext
    from cleantext.pipeline import finish, prepare

    found = {}
    for corpus in TEMPLATE_CORPORA:
        pages = scored(load(dev, corpus))
        count = Counter(p.site for p in pages if p.site)
        pages = [p for p in pages if count[p.site] >= MANY_PAGES]
        templates = cleantext.Templates()
        prepared = {}
        for page in pages:
            ready = prepare(_page_text(gzip.decompress(page.path.read_bytes())), discarded=False)
            assert not isinstance(ready, cleantext.Cleaned), f"{corpus} {page.id}: page text is not text"
            prepared[page.id] = ready
            templates.add(page.site, [b.text for b in ready.blocks])
        without = {p.id: finish(prepared[p.id]).text for p in pages}
        with_ = {p.id: finish(prepared[p.id], templates=templates, site=p.site).text for p in pages}
        found[corpus] = (figure(pages, without), figure(pages, with_))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev", metavar="DEV", type=Path, help="the dev corpora folder (../shared/data/dev)")
    parser.add_argument("--floors", type=Path, default=FLOORS, help="the floors file (default: %(default)s)")
    args = parser.parse_args(argv)
    floors_file = tomllib.loads(args.floors.read_text(encoding="utf-8"))
    floors, gains = floors_file["margin"], floors_file["templates"]
    if set(floors) != set(CORPORA):
        raise ValueError(f"{args.floors} [margin] must set exactly {list(CORPORA)}, not {sorted(floors)}")
    if set(gains) != set(TEMPLATE_CORPORA):
        raise ValueError(f"{args.floors} [templates] must set exactly {list(TEMPLATE_CORPORA)}, not {sorted(gains)}")
    figures = measure(args.dev)
    failed = [c for c in CORPORA if figures[c][0] - figures[c][1] < floors[c]]
    rows = [
        [c, f"{ours:.4f}", f"{theirs:.4f}", f"{ours - theirs:+.4f}", f"{floors[c]:+.3f}",
         "FAIL" if c in failed else "pass"]
        for c, (ours, theirs) in figures.items()
    ]
    print(markdown_table(["corpus (sample)", "cleantext F1", "trafilatura F1", "margin", "floor", "result"], rows))
    if failed:
        print(f"\nBelow trafilatura's F1 by more than the floor on: {', '.join(failed)}.")
    learned = measure_templates(args.dev)
    short = [c for c, (a, b) in learned.items() if b.f1 - a.f1 < gains[c] or b.recall - a.recall < -RECALL_LOSS]
    rows = [
        [c, a.pages, f"{a.f1:.4f}", f"{b.f1:.4f}", f"{b.f1 - a.f1:+.4f}", f"{gains[c]:+.3f}",
         f"{b.recall - a.recall:+.4f}", f"{-RECALL_LOSS:+.3f}", "FAIL" if c in short else "pass"]
        for c, (a, b) in learned.items()
    ]
    print()
    print(markdown_table(["corpus (page text, 5+-page sites)", "pages", "F1 without templates", "with",
                          "gain", "floor", "recall change", "limit", "result"], rows))
    if short:
        print(f"\nTemplates gain less than the floor, or cost recall, on: {', '.join(short)}.")
    return 1 if failed or short else 0


if __name__ == "__main__":
    sys.exit(main())
