"""Every figure the docs quote, from one run: docs/benchmarks/results.md and f1_vs_speed.png.

It runs the measurements of the other scripts here (their extractors, baselines, floors and
targets are imported, not copied) on the scrapinghub data folder and writes them as Markdown
tables headed by the date, the versions and the machine, plus a chart of HTML F1 against
pages per CPU-second for every system measured. docs/benchmarks.md includes the tables.

    python benchmarks/report.py ../shared/data/scrapinghub [--scaling]

Speed is CPU time in this one process, the systems taking turns chunk by chunk, so ratios
between systems hold on a loaded machine where absolute figures do not. --scaling adds
scaling.py's 1 MB / 16 MB run (minutes); the CLI table is cli_throughput.py's.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

import body_preservation
import cli_throughput
import quality_html
import quality_pagetext
import scaling
import seed
import throughput
from common import (
    CHUNK,
    REPO_ROOT,
    best_cpu_seconds,
    commit,
    decode_html,
    import_cleantext,
    load_pages,
    markdown_table,
    run_all,
)
from metric import Score, page_counts, page_recall, score

OUT_DIR = REPO_ROOT / "docs" / "benchmarks"
SEED = REPO_ROOT / "examples" / "moscow-times-appeal.txt"
#: Distributions whose versions a reader needs to reproduce the tables.
VERSIONS = ("trafilatura", "readability-lxml", "justext", "resiliparse", "html-text", "ftfy", "lxml", "matplotlib")
#: Timed passes per system after the scoring pass, which already warmed every one up.
SPEED_REPEATS = 2


class System(NamedTuple):
    name: str
    score: Score | None  # None: not installed
    errors: int
    pages_per_second: float | None


def code_line(named: str | None) -> str:
    """Which commit was measured, and whether cleantext/ differed from it."""
    measured = named or commit()
    return f"- Code: commit {measured}" if measured else "- Code: not a git checkout (pass --commit to name it)"


def machine_lines(cleantext, started: datetime.datetime, load: str) -> list[str]:
    """Date, versions and machine facts; the run's end time is stamped now."""
    ended = datetime.datetime.now(datetime.UTC)
    cpu = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), "")
    except OSError:
        pass
    versions = []
    for name in VERSIONS:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} not installed")
    where = f"{platform.system()} {platform.machine()}{f', {cpu}' if cpu else ''}"
    return [
        f"- Date: {started:%Y-%m-%d}, {started:%H:%M} to {ended:%H:%M} UTC",
        f"- cleantext {cleantext.__version__}, Python {platform.python_version()}, {', '.join(versions)}",
        f"- Machine: {os.cpu_count()} cores ({where}), load average {load} at the start (shared machine)",
        "- Command: `python benchmarks/report.py DATA` with DATA the scrapinghub data folder",
    ]


def html_systems(pages, cleantext) -> tuple[list[System], int]:
    """Score cleantext and every installed peer, then time them all on the pages none failed on."""
    golds = {page_id: page.gold for page_id, page in pages.items()}
    raw = {page_id: page.html for page_id, page in pages.items()}
    decoded = {page_id: decode_html(html) for page_id, html in raw.items()}
    loaders = {"cleantext": lambda: cleantext.clean, **quality_html.PEERS}
    extractors, runs = {}, {}
    for name, load in loaders.items():
        try:
            extractors[name] = load()
        except ImportError:
            continue
        runs[name] = run_all(extractors[name], raw if name == "cleantext" else decoded)
        print(f"scored {name}", file=sys.stderr)
    failed = frozenset().union(*(run.failed for run in runs.values()))
    ids = [page_id for page_id in raw if page_id not in failed]
    seconds = best_cpu_seconds(
        {
            name: (fn, [(raw if name == "cleantext" else decoded)[page_id] for page_id in ids])
            for name, fn in extractors.items()
        },
        repeats=SPEED_REPEATS,
    )
    systems = []
    for name in loaders:
        if name not in runs:
            systems.append(System(name, None, 0, None))
            continue
        rate = len(ids) / max(seconds[name], 1e-9)
        systems.append(System(name, score(golds, runs[name].outputs), len(runs[name].failed), rate))
    return systems, len(ids)


def html_table(systems: list[System], timed: int) -> str:
    reference = next(s.pages_per_second for s in systems if s.name == quality_html.TRAFILATURA)
    rows = []
    for s in systems:
        if s.score is None:
            rows.append([s.name, "not installed", "", "", "", "", "", ""])
            continue
        rows.append([
            s.name, f"{s.score.f1:.3f}", f"{s.score.precision:.3f}", f"{s.score.recall:.3f}",
            s.score.empty, s.errors, f"{s.pages_per_second:.1f}", f"{s.pages_per_second / reference:.2f}x",
        ])
    header = ["system", "F1", "P", "R", "empty", "errors", "pages/CPU-s", "vs trafilatura"]
    note = (
        f"Speed: pages per CPU-second after the scoring pass; each chunk of {CHUNK} pages is the best of "
        f"{SPEED_REPEATS} runs, the systems taking turns, "
        f"on the {timed} pages no system raised on. cleantext gets the undecoded bytes; the peers get "
        "the page decoded as UTF-8 outside their timing."
    )
    return markdown_table(header, rows) + "\n\n" + note


def pagetext_table(pages, cleantext) -> str:
    import html_text

    golds = {page_id: page.gold for page_id, page in pages.items()}
    texts = {page_id: html_text.extract_text(decode_html(page.html)) for page_id, page in pages.items()}
    systems = {
        "identity (page text as is)": lambda text: text,
        "C4-style line filter, curly quotes accepted": quality_pagetext.c4_lines,
        "cleantext": cleantext.clean,
    }
    rows = []
    for name, fn in systems.items():
        run = run_all(fn, texts)
        result = score(golds, run.outputs)
        rows.append([name, f"{result.f1:.3f}", f"{result.precision:.3f}", f"{result.recall:.3f}", result.empty])
    return markdown_table(["system", "F1", "P", "R", "empty"], rows)


def preservation_table(golds: dict[str, str], cleantext) -> str:
    outputs = {page_id: cleantext.clean(body) for page_id, body in golds.items()}
    recalls = [page_recall(*page_counts(body, outputs[page_id])) for page_id, body in golds.items()]
    overall = score(golds, outputs)
    short = sum(1 for recall in recalls if recall < body_preservation.PAGE_FLOOR)
    document = SEED.read_text(encoding="utf-8")
    report = cleantext.explain(document)
    exact = report.text == seed.expected_body(document)
    rows = [
        ["body preservation: mean recall of clean(gold body)", f"{overall.recall:.4f}",
         f">= {body_preservation.MEAN_FLOOR}"],
        ["body preservation: lowest page recall", f"{min(recalls):.4f}", ""],
        [f"body preservation: pages below {body_preservation.PAGE_FLOOR}", short, "0"],
        ["seed: output equals the 11 article lines", "yes" if exact else "no", "yes"],
        ["seed: blocks removed, by category", ", ".join(
            f"{category} {sum(r.category == category for r in report.removed)}"
            for category in sorted({r.category for r in report.removed})) or "none", ""],
    ]
    return markdown_table(["figure", "measured", "target"], rows)


def text_speed_row(golds: dict[str, str], cleantext) -> list[str]:
    import ftfy

    bodies = list(golds.values())
    megabytes = sum(len(body.encode("utf-8")) for body in bodies) / 1e6
    seconds = best_cpu_seconds(
        {"cleantext": (cleantext.clean, bodies), "ftfy": (ftfy.fix_text, bodies)}, throughput.TEXT_REPEATS
    )
    rate = {name: megabytes / cpu for name, cpu in seconds.items()}
    return [
        f"text: {len(bodies)} gold bodies ({megabytes:.2f} MB), best of {throughput.TEXT_REPEATS} per chunk",
        f"{rate['cleantext']:.2f} MB/CPU-s", f"ftfy.fix_text {rate['ftfy']:.2f} MB/CPU-s",
        f"{rate['cleantext'] / rate['ftfy']:.2f}x", f">= {throughput.TEXT_TARGET}x",
    ]


def embedded(script_main, argv: list[str]) -> str:
    """Run another script's main() with --out and return its report without its title line."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.md"
        script_main([*argv, "--out", str(out)])
        return out.read_text(encoding="utf-8").split("\n\n", 1)[1].strip()


def chart(systems: list[System], path: Path, stamp: str) -> None:
    """F1 against pages per CPU-second, one marker per system, named in a legend beside the plot
    (labels next to the points would overlap where several extractors score alike)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.ticker import FixedLocator, NullFormatter, ScalarFormatter

    measured = [s for s in systems if s.score is not None]
    markers = "o^sDvP*Xh<>"
    palette = [pyplot.get_cmap("tab10")(i) for i in (0, 1, 2, 4, 5, 6, 7, 8, 9)]  # tab10 less its red
    figure, axes = pyplot.subplots(figsize=(10, 5), dpi=110)
    for i, s in enumerate(measured):
        ours = s.name == "cleantext"
        axes.scatter(s.pages_per_second, s.score.f1, s=120 if ours else 55, marker=markers[i % len(markers)],
                     color="#d62728" if ours else palette[i % len(palette)], zorder=3,
                     edgecolors="black", linewidths=0.5, label=f"{s.name}: F1 {s.score.f1:.3f}, {s.pages_per_second:.1f} pages/s")
    axes.set_xscale("log")
    ticks = [t for t in (5, 10, 20, 50, 100, 200, 500, 1000, 2000)
             if min(s.pages_per_second for s in measured) / 2 <= t <= max(s.pages_per_second for s in measured) * 2]
    axes.set_xlim(ticks[0] * 0.9, ticks[-1] * 1.1)
    axes.xaxis.set_major_locator(FixedLocator(ticks))
    axes.xaxis.set_major_formatter(ScalarFormatter())
    axes.xaxis.set_minor_formatter(NullFormatter())
    axes.set_xlabel("pages per CPU-second (log scale)")
    axes.set_ylabel("F1 (ScrapingHub benchmark metric)")
    axes.set_title(f"HTML extraction on {measured[0].score.pages} ScrapingHub pages, {stamp}", fontsize=10)
    axes.grid(True, which="major", alpha=0.3)
    axes.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False)
    figure.tight_layout()
    figure.savefig(path, metadata={"Software": None})
    pyplot.close(figure)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", metavar="DATA", type=Path, help="the scrapinghub data folder")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR, help="where results.md and the chart go")
    parser.add_argument("--commit", help="the commit measured, when this is not a git checkout (a git archive)")
    parser.add_argument("--scaling", action="store_true", help="also run scaling.py (1 and 16 MB; minutes)")
    args = parser.parse_args(argv)
    cleantext = import_cleantext()
    pages = load_pages(args.data)
    golds = {page_id: page.gold for page_id, page in pages.items()}
    started = datetime.datetime.now(datetime.UTC)
    load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
    stamp = f"{started:%Y-%m-%d}"

    systems, timed = html_systems(pages, cleantext)
    reference = next(s for s in systems if s.name == quality_html.TRAFILATURA)
    ours = next(s for s in systems if s.name == "cleantext")
    speed_rows = [
        text_speed_row(golds, cleantext),
        [f"HTML: {timed} pages (from the HTML table)", f"{ours.pages_per_second:.1f} pages/CPU-s",
         f"trafilatura.extract {reference.pages_per_second:.1f} pages/CPU-s",
         f"{ours.pages_per_second / reference.pages_per_second:.2f}x", f">= {throughput.HTML_TARGET}x"],
    ]
    sections = [
        f"### HTML: `clean(html_bytes)` beside the peers, {len(pages)} pages\n\n{html_table(systems, timed)}",
        f"### Plain text: `clean(page_text)`, {len(pages)} pages\n\n"
        "The page text is all visible text, `html_text.extract_text(html)`; HTML extractors cannot take it "
        "(`trafilatura.extract(text)` returns None).\n\n" + pagetext_table(pages, cleantext),
        "### Body preservation and the reference document\n\n" + preservation_table(golds, cleantext),
        "### Speed ratios, measured in this run\n\n"
        + markdown_table(["input", "cleantext", "against", "ratio", "target"], speed_rows),
    ]
    cli_argv = [str(args.data), "--repeat", "1", "--runs", "2", "--kind", "html"]
    sections.append(
        "### The CLI with --parallel 1 and 2 (`benchmarks/cli_throughput.py DATA --repeat 1 --kind html`)\n\n"
        "Wall time after start-up, and the parent's CPU per document beside a worker's: with 2 cores\n"
        "shared, the ratios are the figures to read.\n\n"
        + embedded(cli_throughput.main, cli_argv)
    )
    if args.scaling:
        sections.append(
            "### Time per MB at 1 MB and 16 MB (`benchmarks/scaling.py --repeats 1`)\n\n"
            + embedded(scaling.main, ["--repeats", "1"])
        )

    sections.insert(0, "\n".join([*machine_lines(cleantext, started, load), code_line(args.commit)]))
    args.out_dir.mkdir(parents=True, exist_ok=True)
    results = args.out_dir / "results.md"
    results.write_text("<!-- Written by benchmarks/report.py; do not edit by hand. -->\n\n"
                       + "\n\n".join(sections) + "\n", encoding="utf-8")
    chart(systems, args.out_dir / "f1_vs_speed.png", stamp)
    print(results.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
