"""Documents per second of the CLI on the ScrapingHub pages as JSONL, for --parallel 1 and 2.

Writes the pages (HTML decoded as UTF-8, one record per page, the set repeated --repeat
times) to a temporary JSONL file and runs ``python -m cleantext --jsonl FILE -o /dev/null``
in a subprocess for each setting, best of --runs wall-clock times. Start-up (imports, the
first call that loads the rules and the extractor, worker start) is measured on a file of
one tiny page and reported apart, so docs/s is the steady rate: documents / (wall time -
start-up). Wall time, because workers run in other processes; the ratio to --parallel 1 is
the figure to compare across machines, and the load average printed with it says how busy
the machine was. CPU ms/doc (the CLI and its workers, start-up taken off) shows what the
worker processes cost in work, whatever the load.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO_ROOT, decode_html, load_pages, make_parser, markdown_table, write

#: Settings measured: a label and the extra CLI flags. "--timeout" forces the worker-process
#: path at --parallel 1, which shows what the process hop costs by itself.
SETTINGS = (
    ("--parallel 1", ["--parallel", "1"]),
    ("--parallel 1 --timeout 60", ["--parallel", "1", "--timeout", "60"]),
    ("--parallel 2", ["--parallel", "2"]),
)


def timed_run(path: Path, flags: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (the CLI and its workers) of one run over ``path``; a failed run raises."""
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    command = [sys.executable, "-m", "cleantext", "--jsonl", str(path), "-o", os.devnull, *flags]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stderr=subprocess.PIPE, text=True, check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr}")
    # Workers are reaped by the CLI before it exits, so their CPU time is counted here too.
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return seconds, cpu


def main(argv: list[str] | None = None) -> int:
    parser = make_parser(__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="copies of the page set in the file (default: 2)")
    parser.add_argument("--runs", type=int, default=2, help="runs per setting; the best is kept (default: 2)")
    args = parser.parse_args(argv)
    pages = load_pages(args.data)
    with tempfile.TemporaryDirectory() as tmp:
        data, tiny = Path(tmp) / "pages.jsonl", Path(tmp) / "tiny.jsonl"
        tiny.write_text(json.dumps({"id": "tiny", "text": "<html><body><p>Start.</p></body></html>"}) + "\n",
                        encoding="utf-8")
        with open(data, "w", encoding="utf-8") as f:
            f.writelines(json.dumps({"id": f"{page_id}/{copy}", "text": decode_html(page.html)}) + "\n"
                         for copy in range(args.repeat) for page_id, page in pages.items())
        count = len(pages) * args.repeat
        megabytes = data.stat().st_size / 1e6
        rows, rates = [], {}
        for label, flags in SETTINGS:
            startup, startup_cpu = min(timed_run(tiny, flags) for _ in range(args.runs))
            best, cpu = min(timed_run(data, flags) for _ in range(args.runs))
            rates[label] = count / (best - startup)
            rows.append([label, f"{best:.2f}", f"{startup:.2f}", f"{rates[label]:.1f}",
                         f"{rates[label] / rates[SETTINGS[0][0]]:.2f}", f"{(cpu - startup_cpu) * 1000 / count:.0f}"])
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    report = "\n".join([
        (f"CLI throughput, {count} ScrapingHub pages as JSONL ({megabytes:.1f} MB; {len(pages)} pages × "
         f"{args.repeat}), {os.cpu_count()} CPUs, load average {load}, {time.strftime('%Y-%m-%d', time.gmtime())}"),
        "",
        markdown_table(["setting", "wall s (best)", "start-up s", "docs/s", "× --parallel 1", "CPU ms/doc"], rows),
    ])
    write(report, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
