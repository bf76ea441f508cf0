"""Documents per second of the CLI on the ScrapingHub pages as JSONL, for --parallel 1 and 2,
and the CPU the parent process spends per document beside a worker's.

Writes the pages to a temporary JSONL file (one record per document, the set repeated
--repeat times) as each kind of document (``KINDS``): HTML (decoded as UTF-8), page text
(``html_text.extract_text``), and each line of that text as a document of its own. Runs
the CLI over each in a subprocess for each setting, best of --runs wall-clock times. The
subprocess is a small wrapper: it imports the CLI and warms the library up (start-up,
reported apart: paid once per run), then calls ``cleantext.cli.main`` and reports the run's
wall-clock time, its own CPU time (the parent: reading input, handing it out, writing
output) and its reaped children's (the workers).

What bounds the speed-up on many cores is the parent: with N workers, documents/s cannot
pass 1 / (parent CPU per document), nor N / (worker CPU per document). The "CPU bound ×"
column is the smaller of the two times --parallel 1's CPU per document: the speed-up over
one process that the CPU costs allow with N free cores (N as in the setting, then 16).
It leaves out what CPU time does not show (memory bandwidth, a core's turbo, scheduling),
so it is a ceiling. Wall-clock rates on a loaded machine are a floor; the load average
printed with them says how busy it was.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from common import REPO_ROOT, decode_html, load_pages, make_parser, markdown_table, write

#: Settings measured: a label, the worker count, and the extra CLI flags. "--timeout" forces
#: the worker-process path at --parallel 1, which shows what the process hop costs by itself.
SETTINGS = (
    ("--parallel 1", 1, ["--parallel", "1"]),
    ("--parallel 1 --timeout 60", 1, ["--parallel", "1", "--timeout", "60"]),
    ("--parallel 2", 2, ["--parallel", "2"]),
    ("--parallel 2 --timeout 60", 2, ["--parallel", "2", "--timeout", "60"]),
)

#: Loads the CLI and warms the library up (start-up), then runs it in this process and
#: prints the start-up seconds, then the run's wall-clock seconds, its own CPU seconds and
#: its workers' (forked after the warm-up, so they start warm, as they do in a real run).
WRAPPER = """
import json, resource, sys, time
start = time.perf_counter()
from cleantext.batch import warm_up
from cleantext.cli import main, options_from, parser
warm_up(options_from(parser().parse_args(sys.argv[1:])))
began, cpu = time.perf_counter(), time.process_time()
code = main(sys.argv[1:])
workers = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "startup": began - start, "wall": time.perf_counter() - began,
                  "parent": time.process_time() - cpu, "workers": workers.ru_utime + workers.ru_stime}),
      file=sys.stderr)
"""


class Timing(NamedTuple):
    startup: float
    wall: float
    parent: float
    workers: float


def timed_run(path: Path, flags: list[str]) -> Timing:
    """Start-up and run seconds, parent CPU and workers' CPU of one CLI run over ``path``; a failed run raises."""
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    command = [sys.executable, "-c", WRAPPER, "--jsonl", str(path), "-o", os.devnull, *flags]
    done = subprocess.run(command, env=env, stderr=subprocess.PIPE, text=True, check=False)
    try:
        report = json.loads(done.stderr.strip().splitlines()[-1])
    except (IndexError, ValueError):
        report = {"code": None}
    if done.returncode != 0 or report["code"] not in (0, 1):
        raise RuntimeError(f"the CLI over {path} {' '.join(flags)} exited {done.returncode}: {done.stderr}")
    return Timing(report["startup"], report["wall"], report["parent"], report["workers"])


def measure(path: Path, count: int, runs: int) -> list[list[str]]:
    """One table row per setting, from its fastest run."""
    rows, base_rate, serial_cpu = [], 0.0, 0.0
    for label, workers, flags in SETTINGS:
        best = min((timed_run(path, flags) for _ in range(runs)), key=lambda t: t.wall)
        rate = count / best.wall
        parent, work = best.parent / count, best.workers / count
        base_rate, serial_cpu = base_rate or rate, serial_cpu or parent
        row = [label, f"{best.startup:.2f}", f"{best.wall:.2f}", f"{rate:.1f}", f"{rate / base_rate:.2f}",
               f"{parent * 1000:.2f}"]
        if work:
            row += [f"{work * 1000:.1f}", f"1/{work / parent:.0f}", f"{cpu_bound(workers, parent, work) * serial_cpu:.2f}",
                    f"{cpu_bound(16, parent, work) * serial_cpu:.1f}"]
        else:  # cleaned in the parent process: no workers
            row += ["", "", "", ""]
        rows.append(row)
    return rows


def cpu_bound(workers: int, parent: float, work: float) -> float:
    """The most documents/s that N workers allow, CPU alone: each worker does 1/work a
    second, and the parent, one process, 1/parent at most."""
    return min(workers / work, 1 / parent)


#: The kinds of document: the HTML pages; their page text; and each line of the page text
#: as a document of its own, where a worker's cost per document is least, so the parent's
#: share is largest.
KINDS = ("html", "pagetext", "lines")


def documents(pages: dict, kind: str) -> list[tuple[str, str]]:
    """(id, document) pairs of one kind."""
    if kind == "html":
        return [(page_id, decode_html(page.html)) for page_id, page in pages.items()]
    import html_text

    texts = {page_id: html_text.extract_text(decode_html(page.html)) for page_id, page in pages.items()}
    if kind == "pagetext":
        return list(texts.items())
    return [(f"{page_id}/{n}", line) for page_id, text in texts.items()
            for n, line in enumerate(filter(str.strip, text.splitlines()))]


def main(argv: list[str] | None = None) -> int:
    parser = make_parser(__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="copies of the page set in the file (default: 2)")
    parser.add_argument("--runs", type=int, default=2, help="runs per setting; the best is kept (default: 2)")
    parser.add_argument("--kind", choices=(*KINDS, "all"), default="all",
                        help="documents: the HTML pages, their page text, each line of it, or all (default: all)")
    args = parser.parse_args(argv)
    pages = load_pages(args.data)
    load_before = os.getloadavg()
    sections = []
    for kind in KINDS if args.kind == "all" else (args.kind,):
        docs = documents(pages, kind)
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "docs.jsonl"
            with open(data, "w", encoding="utf-8") as f:
                f.writelines(json.dumps({"id": f"{doc_id}/{copy}", "text": doc}) + "\n"
                             for copy in range(args.repeat) for doc_id, doc in docs)
            count = len(docs) * args.repeat
            megabytes = data.stat().st_size / 1e6
            rows = measure(data, count, args.runs)
        sections += [
            f"**{kind}**: {count} documents as JSONL ({megabytes:.1f} MB; {len(docs)} × {args.repeat})",
            "",
            markdown_table(["setting", "start-up s", "run s (best)", "docs/s", "× --parallel 1",
                            "parent CPU ms/doc", "worker CPU ms/doc", "parent / worker", "CPU bound ×",
                            "16 workers: CPU bound ×"], rows),
            "",
        ]
    load = ", ".join(f"{x:.2f}" for x in (*load_before, *os.getloadavg()))
    report = "\n".join([
        (f"CLI throughput on the ScrapingHub pages, {os.cpu_count()} CPUs, load average (1, 5, 15 min) "
         f"before and after: {load}, {time.strftime('%Y-%m-%d', time.gmtime())}"),
        "",
        *sections,
    ])
    write(report, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
