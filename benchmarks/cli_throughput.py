"""Documents per second of the CLI on the ScrapingHub pages as JSONL, for --parallel 1 and 2
(or the worker counts given), and the CPU the parent process spends per document beside a
worker's; with --peer, trafilatura's own CLI beside it on the same pages. With --dev, a dev
corpus's pages instead: many sites' pages, each new to the workers.

Writes the pages to a temporary JSONL file (one record per document, the set repeated
--repeat times) as each kind of document (``KINDS``): HTML (decoded as UTF-8; a dev corpus's
pages as trafilatura decodes them), page text (``html_text.extract_text``), and each line
of that text as a document of its own. Runs the CLI over each in a subprocess for each
setting, best of --runs wall-clock times. The subprocess is a small wrapper: it imports the
CLI and warms the library up (start-up, reported apart: paid once per run), then calls
``cleantext.cli.main`` and reports the run's wall-clock time, its own CPU time (the parent:
reading input, handing it out, writing output) and its reaped children's (the workers).

What bounds the speed-up on many cores is the parent: with N workers, documents/s cannot
pass 1 / (parent CPU per document), nor N / (worker CPU per document). The "CPU bound ×"
column is the smaller of the two times --parallel 1's CPU per document: the speed-up over
one process that the CPU costs allow with N free cores (N as in the setting, then 16).
It leaves out what CPU time does not show (memory bandwidth, a core's turbo, scheduling),
so it is a ceiling. Wall-clock rates on a loaded machine are a floor; the load average
printed with them says how busy it was.

With --peer, the HTML pages are also written as files, one per page, and trafilatura's
command line (``--input-dir``, its defaults otherwise) extracts them at the same worker
counts, started and timed the same way: what a user would run instead of ours. Its workers
read and write their own files, so its parent does next to nothing per document.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import trafilatura
from common import REPO_ROOT, decode_html, load_pages, make_parser, markdown_table, write
from corpora import load


class Setting(NamedTuple):
    """One measured run: its label, its worker count, and the CLI's flags."""

    label: str
    workers: int
    flags: list[str]


def settings(counts: list[int]) -> list[Setting]:
    """Each worker count; at --parallel 1 also with "--timeout", which forces the
    worker-process path and so shows what the process hop costs by itself."""
    return [Setting(f"--parallel {n}{extra}", n, ["--parallel", str(n), *extra.split()])
            for n in counts for extra in ("", " --timeout 60") if n == 1 or not extra]


#: What both wrapped command lines end with: the run's wall-clock seconds, the process's own
#: CPU seconds and its reaped workers', after the start-up seconds, as one JSON line.
_REPORT = """
workers = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "startup": began - start, "wall": time.perf_counter() - began,
                  "parent": time.process_time() - cpu, "workers": workers.ru_utime + workers.ru_stime}),
      file=sys.stderr)
"""

#: Loads the CLI and warms the library up (start-up), then runs it in this process and
#: reports (_REPORT); its workers are forked after the warm-up, so they start warm, as they
#: do in a real run.
WRAPPER = """
import json, resource, sys, time
start = time.perf_counter()
from cleantext.batch import warm_up
from cleantext.cli import main, options_from, parser
warm_up(options_from(parser().parse_args(sys.argv[1:])))
began, cpu = time.perf_counter(), time.process_time()
code = main(sys.argv[1:])
""" + _REPORT

#: The same for trafilatura's command line, which reads its arguments from sys.argv and
#: exits only on an error.
PEER_WRAPPER = """
import json, resource, sys, time
start = time.perf_counter()
from trafilatura.cli import main
sys.argv = ["trafilatura", *sys.argv[1:]]
began, cpu = time.perf_counter(), time.process_time()
try:
    main()
    code = 0
except SystemExit as stop:
    code = stop.code or 0
""" + _REPORT


class Timing(NamedTuple):
    startup: float
    wall: float
    parent: float
    workers: float


def timed_run(command: list[str]) -> Timing:
    """Start-up and run seconds, parent CPU and workers' CPU of one wrapped CLI run; a failed run raises."""
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run(command, env=env, stderr=subprocess.PIPE, text=True, check=False)
    try:
        report = json.loads(done.stderr.strip().splitlines()[-1])
    except (IndexError, ValueError):
        report = {"code": None}
    if done.returncode != 0 or report["code"] not in (0, 1):
        raise RuntimeError(f"{' '.join(command[3:])} exited {done.returncode}: {done.stderr}")
    return Timing(report["startup"], report["wall"], report["parent"], report["workers"])


def ours(path: Path, setting: Setting) -> list[str]:
    """The wrapped command line of our CLI over the JSONL file ``path``."""
    return [sys.executable, "-c", WRAPPER, "--jsonl", str(path), "-o", os.devnull, *setting.flags]


def peer(folder: Path, setting: Setting) -> list[str]:
    """The wrapped command line of trafilatura's CLI over the HTML files in ``folder``."""
    out = folder.parent / f"out-{setting.workers}"
    return [sys.executable, "-c", PEER_WRAPPER, "--input-dir", str(folder), "--output-dir", str(out),
            "--parallel", str(setting.workers)]


Command = Callable[[Path, Setting], list[str]]


def measure(command: Command, target: Path, plan: list[Setting], count: int, runs: int) -> list[list[str]]:
    """One table row per setting, from its fastest run; ``command`` makes a setting's command line."""
    rows, base_rate, serial_cpu = [], 0.0, 0.0
    for setting in plan:
        best = min((timed_run(command(target, setting)) for _ in range(runs)), key=lambda t: t.wall)
        rate = count / best.wall
        parent, work = best.parent / count, best.workers / count
        base_rate, serial_cpu = base_rate or rate, serial_cpu or parent + work
        row = [setting.label, f"{best.startup:.2f}", f"{best.wall:.2f}", f"{rate:.1f}", f"{rate / base_rate:.2f}",
               f"{parent * 1000:.2f}"]
        if work:
            row += [f"{work * 1000:.1f}", f"1/{work / parent:.0f}", f"{cpu_bound(setting.workers, parent, work) * serial_cpu:.2f}",
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


def scrapinghub_pages(data: Path) -> dict[str, str]:
    """id -> HTML of the ScrapingHub pages (UTF-8)."""
    return {page_id: decode_html(page.html) for page_id, page in load_pages(data).items()}


def dev_pages(folder: Path) -> dict[str, str]:
    """id -> HTML of a dev corpus's pages (corpora.load), each decoded as trafilatura decodes
    bytes: these corpora hold pages in many encodings."""
    from trafilatura.utils import decode_file

    return {page.id: decode_file(gzip.decompress(page.path.read_bytes())) for page in load(folder.parent, folder.name)}


def documents(pages: dict[str, str], kind: str) -> list[tuple[str, str]]:
    """(id, document) pairs of one kind."""
    if kind == "html":
        return list(pages.items())
    import html_text

    texts = {page_id: html_text.extract_text(html) for page_id, html in pages.items()}
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
    parser.add_argument("--parallel", type=int, nargs="+", default=[1, 2], metavar="N",
                        help="worker counts to measure (default: 1 2)")
    parser.add_argument("--dev", type=Path, metavar="DIR",
                        help="a dev corpus folder (index.jsonl, gzipped pages): its pages instead of DATA's, "
                             "a stream of pages from many sites rather than one set repeated")
    parser.add_argument("--peer", action="store_true",
                        help="also time trafilatura's CLI over the HTML pages as files, at the same worker counts")
    args = parser.parse_args(argv)
    plan = settings(args.parallel)
    headers = ["setting", "start-up s", "run s (best)", "docs/s", "× first row", "parent CPU ms/doc",
               "worker CPU ms/doc", "parent / worker", "CPU bound ×", "16 workers: CPU bound ×"]
    pages = dev_pages(args.dev) if args.dev else scrapinghub_pages(args.data)
    source = f"the {args.dev.name} pages" if args.dev else "the ScrapingHub pages"
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
            rows = measure(ours, data, plan, count, args.runs)
            sections += [f"**{kind}**: {count} documents as JSONL ({megabytes:.1f} MB; {len(docs)} × {args.repeat})",
                         "", markdown_table(headers, rows), ""]
            if args.peer and kind == "html":
                folder = Path(tmp) / "pages"
                folder.mkdir()
                for copy in range(args.repeat):
                    for page_id, html in pages.items():
                        (folder / f"{page_id}-{copy}.html").write_text(html, encoding="utf-8")
                peer_plan = [Setting(f"trafilatura --parallel {n}", n, []) for n in args.parallel]
                rows = measure(peer, folder, peer_plan, count, args.runs)
                title = (f"**html, trafilatura's CLI** (trafilatura {trafilatura.__version__}): the same {count} pages as files, "
                         "`--input-dir`, its defaults otherwise")
                sections += [title, "", markdown_table(headers, rows), ""]
    load_average = ", ".join(f"{x:.2f}" for x in (*load_before, *os.getloadavg()))
    report = "\n".join([
        (f"CLI throughput on {source}, {os.cpu_count()} CPUs, load average (1, 5, 15 min) "
         f"before and after: {load_average}, {time.strftime('%Y-%m-%d', time.gmtime())}"),
        "",
        *sections,
    ])
    write(report, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
