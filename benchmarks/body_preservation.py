"""Body preservation: clean(articleBody) must give the gold body back.

A cleaner that removes boilerplate by guessing will also cut real paragraphs; on text that is
all body, every cut is a loss. This scores the recall of the gold shingles on each of the gold
bodies and names what was removed wherever a page falls short. Exit code 1 below the floors.
"""

from __future__ import annotations

import sys

from common import describe, import_cleantext, load_gold, make_parser, markdown_table, write
from metric import page_counts, page_recall, score

MEAN_FLOOR = 0.995
PAGE_FLOOR = 0.95
SNIPPET = 80


def removal_rows(report) -> list[list[str]]:
    rows = []
    for removal in report.removed:
        rows.append([removal.category, removal.rule_id, " ".join(removal.text.split())[:SNIPPET]])
    return rows


def main(argv: list[str] | None = None) -> int:
    args = make_parser(__doc__.splitlines()[0]).parse_args(argv)
    cleantext = import_cleantext()
    golds = load_gold(args.data)
    outputs = {page_id: cleantext.clean(body) for page_id, body in golds.items()}
    recalls = {page_id: page_recall(*page_counts(body, outputs[page_id])) for page_id, body in golds.items()}
    overall = score(golds, outputs)
    worst = min(recalls, key=recalls.get)
    below = sorted((page_id for page_id, r in recalls.items() if r < PAGE_FLOOR), key=recalls.get)
    passed = overall.recall >= MEAN_FLOOR and not below

    lines = [
        f"Body preservation on {len(golds)} gold bodies ({describe(cleantext)})",
        "",
        markdown_table(
            ["mean recall", "precision", "lowest page", f"pages < {PAGE_FLOOR}", "result"],
            [
                [
                    f"{overall.recall:.4f} (floor {MEAN_FLOOR})",
                    f"{overall.precision:.4f}",
                    f"{recalls[worst]:.4f} ({worst[:8]})",
                    len(below),
                    "pass" if passed else "FAIL",
                ]
            ],
        ),
    ]
    for page_id in below:
        removed = removal_rows(cleantext.explain(golds[page_id]))
        lines += ["", f"### {page_id}: recall {recalls[page_id]:.4f}", ""]
        lines.append(markdown_table(["category", "rule_id", "removed text"], removed))
    write("\n".join(lines), args.out)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
