"""Batch input and output: documents in as ``Task``s, one JSON line out per document.

Reads whole files (text mode) and JSONL lines (record mode), gzip or zstd compressed or
not, one item at a time so a stream of any length is never held in memory. Anything
wrong with one line (bad JSON, a missing key, a non-string text, a size over the cap)
becomes a failed ``Task`` that carries its own ``Outcome``: the batch goes on.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import BinaryIO

from cleantext.model import Removal

STATUSES = ("ok", "empty", "error", "timeout", "too_large")
#: Statuses that count as a success for the exit code.
SUCCESS = frozenset({"ok", "empty"})

_GZIP_MAGIC = b"\x1f\x8b"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


class MissingExtra(Exception):
    """A feature needs an optional dependency that is not installed: a usage error."""

    def __init__(self, feature: str, module: str, extra: str) -> None:
        super().__init__(
            f"{feature} needs the '{module}' package: pip install 'cleantext-web[{extra}]'"
        )


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one document: its status, its text, and why it failed if it did."""

    status: str
    text: str = ""
    error: str | None = None
    removed: tuple[Removal, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Task:
    """One document to clean, or one that already failed while it was read.

    ``meta`` is what the output record says about where the document came from
    (id, url, file, line or offset), in output order; ``doc`` is what the worker
    cleans; ``outcome`` is set instead of ``doc`` when reading already failed.
    """

    meta: dict[str, object]
    doc: str | bytes | None = None
    outcome: Outcome | None = None
    #: Which meta keys a failed record keeps (where to find the input); others always show.
    locator: tuple[str, ...] = field(default=())


@contextmanager
def open_input(name: str) -> Iterator[BinaryIO]:
    """A binary stream of a file or of stdin ('-'), decompressed when it starts as gzip or zstd.

    Raises ``OSError`` when the file cannot be opened and ``MissingExtra`` for zstd data
    without the ``zstandard`` package.
    """
    raw = sys.stdin.buffer if name == "-" else open(name, "rb")  # noqa: SIM115
    try:
        stream = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)
        head = stream.peek(4)[:4]
        if head.startswith(_GZIP_MAGIC):
            with gzip.GzipFile(fileobj=stream, mode="rb") as unzipped:
                yield unzipped  # type: ignore[misc]
        elif head == _ZSTD_MAGIC:
            try:
                import zstandard
            except ImportError:
                raise MissingExtra(f"reading zstd input ({name})", "zstandard", "zstd") from None
            reader = zstandard.ZstdDecompressor().stream_reader(stream, read_across_frames=True, closefd=False)
            with io.BufferedReader(reader) as unzstd:  # type: ignore[arg-type]
                yield unzstd  # type: ignore[misc]
        else:
            yield stream
    finally:
        if name != "-":
            raw.close()


def check_readable(name: str) -> None:
    """Raise ``OSError`` (or ``MissingExtra``) now if ``name`` cannot be read, before any output."""
    if name != "-":
        with open_input(name):
            pass


def _too_large(size: int, max_bytes: int | None, what: str) -> Outcome | None:
    if max_bytes is not None and size > max_bytes:
        return Outcome("too_large", error=f"{what} is {size} bytes, over --max-bytes {max_bytes}")
    return None


def file_tasks(names: list[str], max_bytes: int | None) -> Iterator[Task]:
    """One Task per file (or stdin): the whole content, undecoded, for the library to decode."""
    for name in names:
        meta: dict[str, object] = {"file": name}
        try:
            with open_input(name) as stream:
                data = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
        except Exception as exc:  # noqa: BLE001 - gzip, zlib and zstd each raise their own kind
            yield Task(meta, outcome=Outcome("error", error=f"cannot read: {_reason(exc)}"))
            continue
        if max_bytes is not None and len(data) > max_bytes:
            yield Task(meta, outcome=Outcome("too_large", error=f"the document is over --max-bytes {max_bytes}"))
        else:
            yield Task(meta, doc=data)


def jsonl_tasks(names: list[str], text_key: str, id_key: str, max_bytes: int | None) -> Iterator[Task]:
    """One Task per input line of each JSONL file, in order, with its 1-based line number."""
    for name in names:
        line_no = 0
        try:
            with open_input(name) as stream:
                for line_no, line in enumerate(stream, start=1):
                    yield _jsonl_task(line, name, line_no, text_key, id_key, max_bytes)
        except Exception as exc:  # noqa: BLE001 - gzip, zlib and zstd each raise their own kind
            # A truncated or corrupt stream: say where reading stopped, then go on with the next file.
            meta = {"id": None, "file": name, "line": line_no + 1}
            yield Task(meta, outcome=Outcome("error", error=f"cannot read past line {line_no}: {_reason(exc)}"),
                       locator=("file", "line"))


def _jsonl_task(line: bytes, name: str, line_no: int, text_key: str, id_key: str,
                max_bytes: int | None) -> Task:
    meta: dict[str, object] = {"id": None, "file": name, "line": line_no}
    locator = ("file", "line")
    try:
        record = json.loads(line)
    except UnicodeDecodeError as exc:
        return Task(meta, outcome=Outcome("error", error=f"line is not UTF-8: {exc.reason}"), locator=locator)
    except ValueError as exc:
        why = "empty line" if not line.strip() else f"malformed JSON: {exc}"
        return Task(meta, outcome=Outcome("error", error=why), locator=locator)
    if not isinstance(record, dict):
        return Task(meta, outcome=Outcome("error", error=f"a JSON {type(record).__name__}, not an object"),
                    locator=locator)
    meta["id"] = record.get(id_key)
    if text_key not in record:
        return Task(meta, outcome=Outcome("error", error=f"no {text_key!r} key"), locator=locator)
    text = record[text_key]
    if not isinstance(text, str):
        kind = "null" if text is None else type(text).__name__
        return Task(meta, outcome=Outcome("error", error=f"{text_key!r} is {kind}, not a string"), locator=locator)
    if max_bytes is not None:
        failed = _too_large(len(text.encode("utf-8", "surrogatepass")), max_bytes, f"{text_key!r}")
        if failed:
            return Task(meta, outcome=failed, locator=locator)
    return Task(meta, doc=text, locator=locator)


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def record(task: Task, outcome: Outcome, explain: bool) -> dict[str, object]:
    """The output record of one document: where it came from, its text and status, and why it failed."""
    rec = {k: v for k, v in task.meta.items() if k not in task.locator}
    rec["text"] = outcome.text
    rec["status"] = outcome.status
    if outcome.status not in SUCCESS:
        rec["error"] = outcome.error
        rec.update((k, task.meta[k]) for k in task.locator)
    if explain:
        rec["removed"] = [
            {"block": r.block, "category": r.category, "rule_id": r.rule_id, "evidence": r.evidence, "text": r.text}
            for r in outcome.removed
        ]
        rec["notes"] = list(outcome.notes)
    return rec


def json_line(rec: dict[str, object]) -> bytes:
    """One UTF-8 JSON line; a lone surrogate from the input falls back to an ASCII escape."""
    try:
        return (json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(rec, ensure_ascii=True) + "\n").encode("ascii")
