"""Quality gate: cleantext's own figures must not fall below the floors pinned in floors.toml.

Quality, unlike speed, is deterministic, so it can be gated. Four figures are measured with the
benchmark metric and compared with the floors of one table of floors.toml:

    html_f1       F1 of clean(html_bytes) against the gold bodies
    pagetext_f1   F1 of clean(page text), the page text rendered by html_text.extract_text
    body_recall   mean recall of clean(gold body) against the gold body (body preservation)
    seed_exact    1 if the reference document comes back as its 11 article lines, else 0

With no DATA the gate runs on the sample shipped in benchmarks/sample (the first 12 page ids in
sorted order, a few seconds; this is the CI check) against the [sample] floors. Given the full
scrapinghub data folder it checks the [full] floors. A figure below its floor fails the run
(exit 1); --lower-floors rewrites the floors to the measured figures instead, so lowering one is
always a visible, deliberate edit of floors.toml. --raise-floors ratchets floors up to the figures.
"""

from __future__ import annotations

import argparse
import math
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path

from common import REPO_ROOT, decode_html, describe, import_cleantext, load_pages, markdown_table
from metric import score
from seed import expected_body

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "sample"
FLOORS = HERE / "floors.toml"
SEED = REPO_ROOT / "examples" / "moscow-times-appeal.txt"
#: Every gated figure, in report order; floors.toml must name exactly these in each table.
FIGURES = ("html_f1", "pagetext_f1", "body_recall", "seed_exact")
TABLES = ("sample", "full")
#: Floors are kept to 3 decimals, rounded down, so a rewritten floor never exceeds its figure.
DECIMALS = 3


def measure(data: Path, seed: Path = SEED) -> dict[str, float]:
    """The four gated figures for the pages in ``data`` and the reference document ``seed``."""
    cleantext = import_cleantext()
    import html_text

    pages = load_pages(data)
    golds = {page_id: page.gold for page_id, page in pages.items()}
    html = {page_id: cleantext.clean(page.html) for page_id, page in pages.items()}
    text = {
        page_id: cleantext.clean(html_text.extract_text(decode_html(page.html)))
        for page_id, page in pages.items()
    }
    body = {page_id: cleantext.clean(gold) for page_id, gold in golds.items()}
    document = seed.read_text(encoding="utf-8")
    return {
        "html_f1": score(golds, html).f1,
        "pagetext_f1": score(golds, text).f1,
        "body_recall": score(golds, body).recall,
        "seed_exact": float(cleantext.clean(document) == expected_body(document)),
    }


def read_floors(path: Path) -> dict[str, dict[str, float]]:
    """Both tables of the floors file; a missing or unknown figure is an error, not a skipped check."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    floors = {}
    for table in TABLES:
        values = data.get(table, {})
        if set(values) != set(FIGURES):
            raise ValueError(f"{path} [{table}] must set exactly {list(FIGURES)}, not {sorted(values)}")
        for name, value in values.items():
            if not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise ValueError(f"{path} [{table}] {name} must be a number from 0 to 1, not {value!r}")
        floors[table] = {name: float(values[name]) for name in FIGURES}
    return floors


def write_floors(path: Path, floors: Mapping[str, Mapping[str, float]]) -> None:
    lines = [
        "# Quality floors checked by benchmarks/gate.py (see its docstring).",
        "# [sample]: the pages in benchmarks/sample, run in CI; [full]: the whole scrapinghub data.",
        "# Raise freely (--raise-floors); lower only with --lower-floors, and say why in the commit.",
    ]
    for table in TABLES:
        lines += ["", f"[{table}]"]
        lines += [f"{name} = {floors[table][name]:.{DECIMALS}f}" for name in FIGURES]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def rounded_down(value: float) -> float:
    scale = 10**DECIMALS
    return math.floor(value * scale + 1e-9) / scale


def below(figures: Mapping[str, float], floors: Mapping[str, float]) -> list[str]:
    """The figures under their floor."""
    return [name for name in FIGURES if figures[name] < floors[name]]


def moved(figures: Mapping[str, float], floors: Mapping[str, float], *, up: bool) -> dict[str, float]:
    """Floors moved to the measured figures: only upwards (up=True) or only downwards."""
    result = dict(floors)
    for name in FIGURES:
        target = rounded_down(figures[name])
        if (target > floors[name]) if up else (figures[name] < floors[name]):
            result[name] = target
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "data", metavar="DATA", type=Path, nargs="?", default=SAMPLE,
        help="the scrapinghub data folder for the full run (default: the shipped sample)",
    )
    parser.add_argument("--floors", type=Path, default=FLOORS, help="the floors file (default: %(default)s)")
    parser.add_argument("--seed", type=Path, default=SEED, help="the reference document")
    change = parser.add_mutually_exclusive_group()
    change.add_argument("--lower-floors", action="store_true",
                        help="rewrite the floors a figure fell below to that figure, instead of failing")
    change.add_argument("--raise-floors", action="store_true",
                        help="rewrite the floors a figure rose above to that figure")
    args = parser.parse_args(argv)

    table = "sample" if args.data.resolve() == SAMPLE else "full"
    floors = read_floors(args.floors)
    figures = measure(args.data, args.seed)
    failed = below(figures, floors[table])
    rows = [
        [name, f"{figures[name]:.4f}", f"{floors[table][name]:.{DECIMALS}f}",
         "FAIL" if name in failed else "pass"]
        for name in FIGURES
    ]
    print(f"Quality gate, [{table}] floors of {args.floors.name}, on {args.data} "
          f"({describe(import_cleantext())})\n")
    print(markdown_table(["figure", "measured", "floor", "result"], rows))

    if args.lower_floors or args.raise_floors:
        new = moved(figures, floors[table], up=args.raise_floors)
        changes = [f"{n} {floors[table][n]:.{DECIMALS}f} -> {new[n]:.{DECIMALS}f}"
                   for n in FIGURES if new[n] != floors[table][n]]
        if changes:
            write_floors(args.floors, {**floors, table: new})
            print(f"\nRewrote [{table}] in {args.floors}: " + ", ".join(changes))
        else:
            print("\nNo floor to move.")
        return 0
    if failed:
        print(f"\nBelow the floor: {', '.join(failed)}. Fix the regression, or lower the floor "
              "deliberately with --lower-floors and say why in the commit.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
