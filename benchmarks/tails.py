"""Appended tails cut whole: article bodies with what outlets append to them, in 25 languages.

Each case of a tails file (``benchmarks/tails/*.toml``: ``lang``, ``name``, ``body``, ``tail``)
is cleaned as ``body + tail``, one block per line. A case counts as cut whole when no tail
line is left and every body paragraph is (as cleaning normalizes it: quotes, spaces). The
tuning set is the one rules were written against; the checking sets were written apart and
never tuned on, so the gap between them is what the rules know of those pages only
(``check_hard``: furniture written to be what a phrase list misses; ``check16``: a read-also
list, a newsletter line, a follow line and a copyright line in each of 16 languages).
"""

from __future__ import annotations

import sys
import tomllib
from collections import Counter
from pathlib import Path

from common import import_cleantext, make_parser, markdown_table, write

SETS = Path(__file__).parent / "tails"


def run(path: Path) -> tuple[list[object], list[str]]:
    """The row of one tails file, and the names of the cases not cut whole."""
    clean = import_cleantext().clean
    cases = tomllib.loads(path.read_text(encoding="utf-8"))["cases"]
    whole, intact, misses = Counter(), Counter(), []
    for case in cases:
        lines = clean("\n".join(case["body"] + case["tail"])).split("\n")
        body_kept = all(clean(p) in lines for p in case["body"])
        left = [t for t in case["tail"] if (cleaned := clean(t)) and cleaned in lines]
        intact[case["lang"]] += body_kept
        if body_kept and not left:
            whole[case["lang"]] += 1
        else:
            misses.append(f"{case['lang']}/{case['name']}")
    langs = sorted({c["lang"] for c in cases})
    total = len(cases)
    by_lang = ", ".join(f"{lang} {whole[lang]}/{sum(c['lang'] == lang for c in cases)}" for lang in langs)
    return [path.stem, total, f"{sum(whole.values())} ({sum(whole.values()) / total:.0%})",
            f"{sum(intact.values())}/{total}", by_lang], misses


def main(argv: list[str] | None = None) -> int:
    parser = make_parser(__doc__.splitlines()[0], data=False)
    parser.add_argument("files", nargs="*", type=Path, help="tails files (default: benchmarks/tails/*.toml)")
    parser.add_argument("--misses", action="store_true", help="also list the cases not cut whole")
    args = parser.parse_args(argv)
    rows, lines = [], []
    for path in args.files or sorted(SETS.glob("*.toml")):
        row, misses = run(path)
        rows.append(row)
        if args.misses:
            lines.append(f"{path.stem} not cut whole: " + ", ".join(misses))
    table = markdown_table(["set", "cases", "cut whole", "body intact", "by language"], rows)
    write("\n\n".join([table, *lines]), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
