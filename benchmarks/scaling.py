"""Linear time and bounded memory: CPU seconds per MB and peak RSS at 1 MB and at 16 MB.

Each (family, size) runs clean() in its own child process, so a run's peak RSS is its own
and a runaway case can be killed without losing the others. The child imports cleantext,
warms it up on a small document (lazy imports and compiled patterns are not per-MB cost),
reads the input from a file, then times one explain() in CPU seconds and reads its peak RSS
(VmHWM on Linux). Each point is the best of --repeats children (the machine is shared).

Gates (exit code 1 if one fails):
- time: CPU s/MB at the largest size <= 1.5 x CPU s/MB at the smallest, per family;
- memory: peak RSS <= 150 MB + 10 x input MB, for every point.

Families: ``plain`` is prose, one paragraph per line; ``html`` is one article page of
``<p>`` paragraphs passed as bytes. Both are generated here from a fixed seed; with the
ScrapingHub data folder as argument, the paragraphs are the real gold bodies instead.
``random`` (not run by default: ``--families random --sizes 1``) is seeded random bytes,
the costliest input per MB.
MB means 2**20 bytes of input (UTF-8) and of RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MB = 1 << 20
FAMILIES = ("plain", "html", "random")
TIME_RATIO = 1.5
MEMORY_BASE_MB = 150
MEMORY_PER_INPUT = 10
#: A child that takes longer than this is killed and its point reported as a timeout.
CHILD_TIMEOUT = 600
#: Address-space cap for a child, so a memory blow-up fails one point, not the machine.
CHILD_MEMORY = 8 << 30

_WORDS = (
    "the council voted on tuesday to approve a new budget for schools and roads after months of "
    "debate officials said spending would rise by four percent while critics warned that taxes "
    "could follow the mayor defended the plan in a statement and residents will comment next week "
    "über café naïve résumé déjà"
).split()


def paragraphs(seed: int, data: Path | None):
    """An endless stream of paragraphs: generated prose, or real gold bodies cycled."""
    rng = random.Random(seed)
    if data is not None:
        truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
        real = [
            line.strip()
            for key in sorted(truth)
            for line in truth[key]["articleBody"].splitlines()
            if line.strip()
        ]
        while True:
            yield from real
    while True:
        sentences = []
        for _ in range(rng.randint(1, 4)):
            words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 25))]
            sentences.append(" ".join(words).capitalize() + ".")
        yield " ".join(sentences)


def make_input(family: str, size: int, data: Path | None) -> bytes:
    """About ``size`` bytes of UTF-8 in one family; the same bytes every run."""
    from html import escape

    if family == "random":
        return random.Random(1).randbytes(size)
    parts: list[str] = []
    total = 0
    if family == "html":
        head = "<!doctype html><html><head><meta charset=utf-8><title>Council budget</title></head>"
        head += "<body><header><nav><a href=/>Home</a> <a href=/news>News</a></nav></header>"
        head += "<main><article><h1>Council budget</h1>"
        tail = "</article></main><footer><p>Copyright 2026 Example News</p></footer></body></html>"
        parts.append(head)
        total = len(head) + len(tail)
        for text in paragraphs(1, data):
            piece = f"<p>{escape(text, quote=False)}</p>\n"
            if total + len(piece.encode("utf-8")) > size:
                break
            parts.append(piece)
            total += len(piece.encode("utf-8"))
        parts.append(tail)
    else:
        for text in paragraphs(1, data):
            piece = text + "\n"
            if total + len(piece.encode("utf-8")) > size:
                break
            parts.append(piece)
            total += len(piece.encode("utf-8"))
    return "".join(parts).encode("utf-8")


def child(family: str, path: str) -> None:
    """Run in the child: time one explain() of the file and print the figures as JSON."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from common import import_cleantext

    cleantext = import_cleantext()
    if family == "plain":
        cleantext.explain("Warm up.\nA second line, to compile the rule patterns.")
    else:
        cleantext.explain(b"<!doctype html><html><body><p>Warm up the HTML path.</p></body></html>")
    raw = Path(path).read_bytes()
    doc: str | bytes = raw.decode("utf-8") if family == "plain" else raw
    rss_before = peak_rss_mb()
    start = time.process_time()
    result = cleantext.explain(doc)
    cpu = time.process_time() - start
    peak = peak_rss_mb()
    print(json.dumps({
        "cpu": cpu,
        "peak_mb": peak,
        "before_mb": rss_before,
        "chars_in": len(doc),
        "chars_out": len(result.text),
        "notes": list(result.notes),
    }))


def peak_rss_mb() -> float:
    """This process image's peak RSS. On Linux VmHWM, because ru_maxrss survives exec and
    so would report the parent's peak if that was higher."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _limit_child() -> None:
    os.setsid()
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))


def measure(family: str, path: Path) -> dict:
    """One child run; a crash or timeout comes back as a record with an ``error``."""
    cmd = [sys.executable, __file__, "--child", family, str(path)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_limit_child)  # noqa: PLW1509 - the parent runs no threads
    try:
        out, err = proc.communicate(timeout=CHILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return {"error": f"timeout after {CHILD_TIMEOUT} s"}
    if proc.returncode != 0:
        last = (err.strip().splitlines() or ["no message"])[-1]
        return {"error": f"exit {proc.returncode}: {last}"}
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, help="optional ScrapingHub data folder (real paragraphs)")
    parser.add_argument("--sizes", default="1,16", help="input sizes in MB, comma-separated (default 1,16)")
    parser.add_argument("--families", default="plain,html", help="comma-separated: plain, html, random")
    parser.add_argument("--repeats", type=int, default=3, help="children per point; the best CPU time counts")
    parser.add_argument("--out", type=Path, help="also write the Markdown report to this file")
    parser.add_argument("--child", nargs=2, metavar=("FAMILY", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0

    sizes = [float(s) for s in args.sizes.split(",")]
    families = [f for f in args.families.split(",") if f]
    unknown = set(families) - set(FAMILIES)
    if unknown:
        parser.error(f"unknown families {sorted(unknown)}; known: {FAMILIES}")
    rows = []
    failures = []
    per_mb: dict[str, dict[float, float]] = {f: {} for f in families}
    with tempfile.TemporaryDirectory(prefix="cleantext-scaling-") as tmp:
        for family in families:
            for size in sizes:
                path = Path(tmp) / f"{family}-{size}.bin"
                data = make_input(family, int(size * MB), args.data)
                path.write_bytes(data)
                input_mb = len(data) / MB
                del data
                runs = [measure(family, path) for _ in range(args.repeats)]
                good = [r for r in runs if "error" not in r]
                if not good:
                    failures.append(f"{family} {size:g} MB: {runs[0]['error']}")
                    rows.append([family, f"{input_mb:.2f}", "error", "", "", "", runs[0]["error"]])
                    continue
                best = min(good, key=lambda r: r["cpu"])
                peak = max(r["peak_mb"] for r in good)
                budget = MEMORY_BASE_MB + MEMORY_PER_INPUT * input_mb
                per_mb[family][size] = best["cpu"] / input_mb
                if peak > budget:
                    failures.append(f"{family} {size:g} MB: peak RSS {peak:.0f} MB > {budget:.0f} MB")
                rows.append([
                    family,
                    f"{input_mb:.2f}",
                    f"{best['cpu']:.2f}",
                    f"{best['cpu'] / input_mb:.3f}",
                    f"{peak:.0f} (before: {best['before_mb']:.0f})",
                    f"{budget:.0f}",
                    "; ".join(best["notes"]) or f"{best['chars_out']}/{best['chars_in']} chars kept",
                ])
                print(f"done {family} {size:g} MB", file=sys.stderr)
    ratios = []
    for family, points in per_mb.items():
        if len(points) >= 2:
            small, large = min(points), max(points)
            ratio = points[large] / points[small]
            ratios.append(f"{family}: CPU s/MB at {large:g} MB / at {small:g} MB = {ratio:.2f} (gate <= {TIME_RATIO})")
            if ratio > TIME_RATIO:
                failures.append(f"{family}: time ratio {ratio:.2f} > {TIME_RATIO}")

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from common import describe, import_cleantext, markdown_table

    header = ["family", "input MB", "CPU s (best)", "CPU s/MB", "peak RSS MB", "RSS budget MB", "notes / kept"]
    title = (
        f"Scaling, best of {args.repeats} child runs per point, "
        f"{'ScrapingHub paragraphs' if args.data else 'generated paragraphs'} ({describe(import_cleantext())})"
    )
    report = "\n\n".join([title, markdown_table(header, rows), "\n".join(f"- {r}" for r in ratios)])
    report += "\n\n" + ("All gates pass." if not failures else "FAILED:\n" + "\n".join(f"- {f}" for f in failures))
    print(report)
    if args.out:
        args.out.write_text(report + "\n", encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
