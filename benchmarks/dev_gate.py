"""Dev-corpus gate: on a fixed sample of two dev corpora, cleantext must not fall below trafilatura.

A figure from the pages the rules were tuned on says little about the web; this gate reads
pages of two other public corpora (``DEV/<corpus>``, layout in their README) and compares
cleantext's HTML F1 with trafilatura's (``extract(html, include_comments=False)``) on the
same pages, in the same run. The gated figure per corpus is the margin, cleantext's F1 minus
trafilatura's; its floor (dev_floors.toml) encodes "not below trafilatura". The sample is
every SAMPLE_EVERY-th page of each corpus in index order, so every run reads the same pages.

CI runs it when the dev corpora are at ../shared/data/dev (tests/test_gate.py); a clone
without them has nothing to check.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

from common import markdown_table
from corpora import figure, load, scored

HERE = Path(__file__).resolve().parent
FLOORS = HERE / "dev_floors.toml"
#: Two corpora of different kinds: old hand-cleaned pages, and news and blogs with comments.
CORPORA = ("cleaneval", "dragnet")
#: One page in this many, in index order: 68 cleaneval and 139 dragnet pages.
SAMPLE_EVERY = 10


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev", metavar="DEV", type=Path, help="the dev corpora folder (../shared/data/dev)")
    parser.add_argument("--floors", type=Path, default=FLOORS, help="the floors file (default: %(default)s)")
    args = parser.parse_args(argv)
    floors = tomllib.loads(args.floors.read_text(encoding="utf-8"))["margin"]
    if set(floors) != set(CORPORA):
        raise ValueError(f"{args.floors} [margin] must set exactly {list(CORPORA)}, not {sorted(floors)}")
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
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
