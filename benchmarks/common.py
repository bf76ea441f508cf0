"""Loading, timing and Markdown output shared by the benchmark scripts.

The data folder is always an argument: the pages come from the public
scrapinghub/article-extraction-benchmark repository, which is not part of this repo.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

#: Fixed so that a --sample run picks the same pages every time and runs can be compared.
SAMPLE_SEED = 181
REPO_ROOT = Path(__file__).resolve().parent.parent


class Page(NamedTuple):
    html: bytes
    gold: str
    url: str


def load_gold(data_dir: Path) -> dict[str, str]:
    """id -> gold articleBody."""
    truth = json.loads((Path(data_dir) / "ground-truth.json").read_text(encoding="utf-8"))
    return {page_id: entry["articleBody"] for page_id, entry in truth.items()}


def load_peer_output(path: Path) -> dict[str, str | None]:
    """id -> articleBody of a published output, with or without its {"version", "output"} wrapper."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(data.get("output"), dict):
        data = data["output"]
    return {page_id: entry.get("articleBody") for page_id, entry in data.items()}


def choose_ids(ids: Iterable[str], limit: int | None = None, sample: int | None = None) -> list[str]:
    """Sorted ids, cut to the first ``limit`` or to a seeded random ``sample`` for a quick run."""
    chosen = sorted(ids)
    if sample is not None and sample < len(chosen):
        chosen = sorted(random.Random(SAMPLE_SEED).sample(chosen, sample))
    if limit is not None:
        chosen = chosen[:limit]
    return chosen


def load_pages(data_dir: Path, limit: int | None = None, sample: int | None = None) -> dict[str, Page]:
    """id -> Page(html bytes, gold body, url); the html is gunzipped but left undecoded."""
    data_dir = Path(data_dir)
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    return {
        page_id: Page(
            gzip.decompress((data_dir / "html" / f"{page_id}.html.gz").read_bytes()),
            truth[page_id]["articleBody"],
            truth[page_id]["url"],
        )
        for page_id in choose_ids(truth, limit, sample)
    }


def decode_html(html: bytes) -> str:
    """The pages are UTF-8; peers that want str get it decoded once, outside their timing."""
    return html.decode("utf-8", errors="replace")


def import_cleantext():
    """Import cleantext: an installed one (pip install -e . or PYTHONPATH) if any, else the
    working copy beside this folder. describe() prints which one was measured."""
    try:
        import cleantext
    except ImportError:
        sys.path.insert(0, str(REPO_ROOT))
        import cleantext
    return cleantext


def commit() -> str | None:
    """The checkout's short commit, marked when cleantext/ differs from it (None outside git)."""

    def git(*argv: str) -> str:
        return subprocess.run(["git", "-C", str(REPO_ROOT), *argv], capture_output=True, text=True,
                              check=True).stdout.strip()

    try:
        sha, dirty = git("rev-parse", "--short", "HEAD"), git("status", "--porcelain", "--", "cleantext")
    except (OSError, subprocess.CalledProcessError):
        return None
    return sha + (" with uncommitted changes in cleantext/" if dirty else "")


def describe(module) -> str:
    """One line naming what was measured, so a table can be traced to a version."""
    version = getattr(module, "__version__", "unknown version")
    return f"{module.__name__} {version} ({Path(module.__file__).parent})"


def make_parser(
    description: str | None, *, data: bool = True, data_help: str = "the scrapinghub data folder"
) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    if data:
        parser.add_argument("data", metavar="DATA", type=Path, help=data_help)
    parser.add_argument("--out", type=Path, help="also write the Markdown report to this file")
    return parser


def add_sample_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sample", type=int, metavar="N", help=f"score N pages drawn with seed {SAMPLE_SEED}"
    )


class Run(NamedTuple):
    outputs: dict[str, str | None]
    failed: frozenset[str]


def run_all(fn: Callable[[object], str | None], inputs: Mapping[str, object]) -> Run:
    """Apply ``fn`` to every input; an exception becomes an empty output and its id is recorded."""
    outputs: dict[str, str | None] = {}
    failed = set()
    for key, value in inputs.items():
        try:
            outputs[key] = fn(value)
        except Exception:  # noqa: BLE001 - a peer's crash on one page must not stop the run
            outputs[key] = None
            failed.add(key)
    return Run(outputs, frozenset(failed))


#: Inputs a system runs in a row before the other system takes its turn (see best_cpu_seconds).
CHUNK = 20


def best_cpu_seconds(
    systems: Mapping[str, tuple[Callable[[object], object], Sequence[object]]], repeats: int = 3,
    fresh: Callable[[], object] | None = None,
) -> dict[str, float]:
    """CPU seconds of each system (function, inputs) over all its inputs: the inputs are
    timed in chunks of ``CHUNK``, and each chunk's best of ``repeats`` timings is summed.

    The systems take turns chunk by chunk (in alternating order), so a burst of load on
    this shared machine, which lasts seconds, hits them alike; whole-pass timings moved
    the HTML ratio between 1.07 and 1.65 from one run to the next. A chunk rather than a
    single input keeps each system's caches as warm as in a batch. Best, not first: a
    first call also pays for lazy imports and warming caches (trafilatura's first pass
    over these pages takes up to twice as long as later ones). Every system gets the same
    estimator. An exception propagates: a time for a call that failed would mean nothing.
    ``fresh``, if given, runs untimed before each chunk: it drops what a system keeps about
    inputs it has seen, so that a repeat times the chunk's work, not a recall of it.
    """
    names = list(systems)
    sizes = {len(inputs) for _, inputs in systems.values()}
    if len(sizes) != 1:
        raise ValueError("every system needs the same number of inputs")
    starts = range(0, sizes.pop(), CHUNK)
    best = {name: [float("inf")] * len(starts) for name in names}
    for repeat in range(repeats):
        order = names if repeat % 2 == 0 else names[::-1]
        for chunk, first in enumerate(starts):
            for name in order:
                fn, inputs = systems[name]
                if fresh is not None:
                    fresh()
                start = time.process_time()
                for value in inputs[first : first + CHUNK]:
                    fn(value)
                best[name][chunk] = min(best[name][chunk], time.process_time() - start)
    return {name: sum(times) for name, times in best.items()}


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A Markdown table; cells are quoted text from documents, so pipes and newlines are escaped."""

    def cell(value: object) -> str:
        return " ".join(str(value).split()).replace("|", "\\|")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def score_row(name: str, score, *extra: object) -> list[object]:
    """A table row: name, F1, P, R, empty outputs, then any extra cells."""
    return [name, f"{score.f1:.3f}", f"{score.precision:.3f}", f"{score.recall:.3f}", score.empty, *extra]


def write(markdown: str, out: Path | None) -> None:
    print(markdown)
    if out is not None:
        Path(out).write_text(markdown + "\n", encoding="utf-8")
