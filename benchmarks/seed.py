"""The reference case: a news article with a donation appeal appended must come back as the article.

Every sentence of the appeal reads like prose, so only a cleaner that judges regions gets this
right. Expected output: the first 11 lines (the article) with curly quotes straightened, joined
by single newlines. Exit code 1 when the output differs.
"""

from __future__ import annotations

import difflib
import sys

from common import describe, import_cleantext, make_parser, markdown_table, write

BODY_LINES = 11
STRAIGHT_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def expected_body(document: str) -> str:
    return "\n".join(document.splitlines()[:BODY_LINES]).translate(STRAIGHT_QUOTES)


def main(argv: list[str] | None = None) -> int:
    parser = make_parser(__doc__.splitlines()[0], data=False)
    parser.add_argument("seed", metavar="SEED_FILE", help="the reference document (UTF-8 text)")
    args = parser.parse_args(argv)
    cleantext = import_cleantext()
    with open(args.seed, encoding="utf-8") as handle:
        document = handle.read()
    report = cleantext.explain(document)
    expected = expected_body(document)
    matches = cleantext.clean(document) == expected

    lines = [
        f"Seed document {args.seed} ({describe(cleantext)})",
        "",
        markdown_table(
            ["output equals the article", "blocks", "removed"],
            [["yes" if matches else "NO", len(report.blocks), len(report.removed)]],
        ),
        "",
        markdown_table(
            ["category", "rule_id", "evidence", "removed text"],
            [[r.category, r.rule_id, r.evidence, " ".join(r.text.split())[:80]] for r in report.removed],
        ),
    ]
    if not matches:
        diff = difflib.unified_diff(
            expected.splitlines(), report.text.splitlines(), "expected", "clean()", lineterm=""
        )
        lines += ["", "```diff", *diff, "```"]
    write("\n".join(lines), args.out)
    return 0 if matches else 1


if __name__ == "__main__":
    sys.exit(main())
