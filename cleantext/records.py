"""Batch input and output: documents in as ``Task``s, one JSON line out per document.

Reads whole files (text mode) and JSONL lines (record mode), gzip or zstd compressed or
not, one item at a time so a stream of any length is never held in memory. Anything
wrong with one file or line (a missing file, bad JSON, a missing key, a non-string text,
a size over the cap) becomes a failed ``Task`` that carries its own ``Outcome``: the
batch goes on. A JSONL record keeps every field it came with; cleaning adds its outputs.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import BinaryIO, cast

from cleantext.model import Removal

#: Every status an output record can have (an Outcome with any other raises ValueError).
STATUSES = ("ok", "empty", "not_text", "error", "timeout", "too_large")
#: Statuses that count as a success for the exit code: the document was read and judged.
SUCCESS = frozenset({"ok", "empty", "not_text"})

_GZIP_MAGIC = b"\x1f\x8b"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


class MissingExtra(Exception):
    """A feature needs an optional dependency that is not installed: a usage error."""

    def __init__(self, feature: str, module: str, extra: str) -> None:
        super().__init__(
            f"{feature} needs the '{module}' package: pip install '.[{extra}]' in a clone of cleantext"
        )


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one document: its status, its text and title, and why it failed if it did."""

    status: str
    text: str = ""
    error: str | None = None
    removed: tuple[Removal, ...] = ()
    notes: tuple[str, ...] = ()
    title: str | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}: not one of {STATUSES}")


#: The input field that holds a document's URL (JSONL records, and WARC output records).
URL_KEY = "url"


@dataclass(frozen=True, slots=True)
class Task:
    """One document to clean, or one that already failed while it was read.

    ``fields`` start the output record: the input record's own fields (JSONL), or the
    WARC record's id and url. ``where`` says where the input is (file, and line or
    offset); a failed document's record carries it. ``doc`` is what the worker cleans;
    ``outcome`` is set instead when reading already failed. ``read`` is how many bytes
    of the input files had been read when this document was (for the progress bar).
    """

    fields: dict[str, object]
    where: dict[str, object]
    doc: str | bytes | None = None
    outcome: Outcome | None = None
    read: int = 0

    @property
    def url(self) -> str | None:
        """The document's URL (a JSONL record's ``url`` field, a WARC record's target), if any:
        it names the outlet for the classifier."""
        url = self.fields.get(URL_KEY)
        return url if isinstance(url, str) else None


@contextmanager
def open_input(name: str) -> Iterator[io.BufferedIOBase]:
    """A binary stream of a file or of stdin ('-'), decompressed when it starts as gzip or zstd.

    Raises ``OSError`` when the file cannot be opened and ``MissingExtra`` for zstd data
    without the ``zstandard`` package.
    """
    with _raw(name) as raw, _decompressed(raw, name) as stream:
        yield stream


@contextmanager
def _raw(name: str) -> Iterator[BinaryIO]:
    raw = sys.stdin.buffer if name == "-" else open(name, "rb")  # noqa: SIM115
    try:
        yield raw
    finally:
        if name != "-":
            raw.close()


@contextmanager
def _decompressed(raw: BinaryIO, name: str) -> Iterator[io.BufferedIOBase]:
    # A BufferedReader needs only readinto() of what it wraps (a BytesIO in tests).
    stream = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(cast("io.RawIOBase", raw))
    head = stream.peek(4)[:4]
    if head.startswith(_GZIP_MAGIC):
        with gzip.GzipFile(fileobj=stream, mode="rb") as unzipped:
            yield unzipped
    elif head == _ZSTD_MAGIC:
        try:
            import zstandard
        except ImportError:
            raise MissingExtra(f"reading zstd input ({name})", "zstandard", "zstd") from None
        reader = zstandard.ZstdDecompressor().stream_reader(stream, read_across_frames=True, closefd=False)
        with io.BufferedReader(reader) as unzstd:
            yield unzstd
    else:
        yield stream


def check_extras(name: str) -> None:
    """Raise ``MissingExtra`` now, before any output, if reading ``name`` needs a package
    that is missing. A file that cannot be opened is not checked: it becomes a failed document."""
    if name == "-":
        return
    try:
        with open_input(name):
            pass
    except OSError:
        pass


def input_size(names: list[str]) -> int | None:
    """Bytes in all the input files, or None when one is stdin or its size is unknown."""
    if "-" in names:
        return None
    return sum(map(_size, names))


def _tell(raw: BinaryIO) -> int:
    """How far into the file reading has got (0 for a pipe)."""
    try:
        return raw.tell()
    except (OSError, ValueError):
        return 0


def _size(name: str) -> int:
    try:
        return os.path.getsize(name) if name != "-" else 0
    except OSError:
        return 0


def _too_large(size: int, max_bytes: int | None, what: str) -> Outcome | None:
    if max_bytes is not None and size > max_bytes:
        return Outcome("too_large", error=f"{what} is {size} bytes, over --max-bytes {max_bytes}")
    return None


@dataclass(frozen=True, slots=True)
class Unread:
    """A document as the input holds it, before it is read or parsed: a JSONL line (its
    bytes, or where it lies in a plain file: ``span`` = offset, length), or a whole file
    (neither). ``Reading.task`` makes it a Task; the command line does that in its workers,
    so the process that reads the input never parses a document and, for a plain file,
    never hands one over. ``where`` and ``read`` are as for a Task."""

    where: dict[str, object]
    read: int = 0
    line: bytes | None = None
    span: tuple[int, int] | None = None

    def __reduce__(self) -> tuple[type[Unread], tuple[object, ...]]:
        # Pickled once per document on its way to a worker: as a tuple, several times
        # cheaper than a slots dataclass's default (which lists its fields every time).
        return Unread, (self.where, self.read, self.line, self.span)


@dataclass(frozen=True, slots=True)
class Reading:
    """How an input item becomes a Task: the JSONL keys and the size cap of a run."""

    text_key: str = "text"
    id_key: str = "id"
    max_bytes: int | None = None

    def task(self, item: Unread | Task) -> Task:
        """The Task of an item; a Task is its own (one read whole, or failed, where it was read)."""
        if isinstance(item, Task):
            return item
        try:
            line = item.line if item.span is None else _read_span(str(item.where["file"]), *item.span)
        except OSError as exc:
            why = f"cannot read: {_reason(exc)}"
            return Task({self.id_key: None}, item.where, outcome=Outcome("error", error=why), read=item.read)
        if line is None:
            return replace(_file_task(str(item.where["file"]), self.max_bytes), read=item.read)
        return replace(_jsonl_task(line, item.where, self.text_key, self.id_key, self.max_bytes), read=item.read)

    def failed(self, item: Unread | Task, outcome: Outcome) -> Task:
        """The Task of an item that got ``outcome`` without being cleaned (a file is not read for it)."""
        if isinstance(item, Unread) and item.line is None and item.span is None:
            return Task({}, item.where, outcome=outcome, read=item.read)
        return replace(self.task(item), doc=None, outcome=outcome)


def file_items(names: list[str], max_bytes: int | None) -> Iterator[Unread | Task]:
    """One item per file, in order, left unread (stdin, which only this process can read, is read here)."""
    read = 0
    for name in names:
        read += _size(name)
        if name == "-":
            yield replace(_file_task(name, max_bytes), read=read)
        else:
            yield Unread({"file": name}, read)


def file_tasks(names: list[str], max_bytes: int | None) -> Iterator[Task]:
    """One Task per file (or stdin): the whole content, undecoded, for the library to decode."""
    reading = Reading(max_bytes=max_bytes)
    return (reading.task(item) for item in file_items(names, max_bytes))


def _file_task(name: str, max_bytes: int | None) -> Task:
    where: dict[str, object] = {"file": name}
    try:
        with open_input(name) as stream:
            data = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
    except Exception as exc:  # noqa: BLE001 - gzip, zlib and zstd each raise their own kind
        return Task({}, where, outcome=Outcome("error", error=f"cannot read: {_reason(exc)}"))
    if max_bytes is not None and len(data) > max_bytes:
        return Task({}, where, outcome=Outcome("too_large", error=f"the document is over --max-bytes {max_bytes}"))
    return Task({}, where, doc=data)


def jsonl_items(names: list[str], id_key: str) -> Iterator[Unread | Task]:
    """One item per non-blank line of each JSONL file, in order, with its 1-based line number,
    left unparsed; a file that cannot be read (or read on) is a failed Task.

    Blank lines (a trailing newline, an empty line between records) are skipped.
    """
    done = 0
    for name in names:
        line_no = 0
        try:
            with _raw(name) as raw, _decompressed(raw, name) as stream:
                # A plain file can be read again where a line lies: hand on the place, not the bytes.
                plain = stream is cast(object, raw) and name != "-" and os.path.isfile(name)
                offset = 0
                for line_no, line in enumerate(stream, start=1):
                    if not line.isspace():
                        where: dict[str, object] = {"file": name, "line": line_no}
                        if plain:
                            yield Unread(where, done + offset + len(line), span=(offset, len(line)))
                        else:
                            yield Unread(where, done + _tell(raw), line)
                    offset += len(line)
        except Exception as exc:  # noqa: BLE001 - gzip, zlib and zstd each raise their own kind
            # A missing, truncated or corrupt file: say where reading stopped, then go on with the next file.
            where = {"file": name}
            if line_no:
                why = f"cannot read past line {line_no}: {_reason(exc)}"
                where["line"] = line_no + 1
            else:
                why = f"cannot read: {_reason(exc)}"
            yield Task({id_key: None}, where, outcome=Outcome("error", error=why), read=done + _size(name))
        done += _size(name)


def jsonl_tasks(names: list[str], text_key: str, id_key: str, max_bytes: int | None) -> Iterator[Task]:
    """One Task per non-blank line of each JSONL file, in order (``jsonl_items``, parsed)."""
    reading = Reading(text_key, id_key, max_bytes)
    return (reading.task(item) for item in jsonl_items(names, id_key))


def _read_span(name: str, offset: int, length: int) -> bytes:
    """``length`` bytes of a file from ``offset``; OSError if the file has changed under the run.

    Plain descriptor calls: a third of the time of ``open()``, which matters on short lines.
    """
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.lseek(fd, offset, os.SEEK_SET)
        data = os.read(fd, length)
    finally:
        os.close(fd)
    if len(data) != length:
        raise OSError(f"{name} is shorter than when it was read")
    return data


def _jsonl_task(line: bytes, where: dict[str, object], text_key: str, id_key: str, max_bytes: int | None) -> Task:
    """The Task of one JSONL line; its output record starts as the input object (with the id key)."""
    try:
        record = json.loads(line)
    except UnicodeDecodeError as exc:
        return Task({id_key: None}, where, outcome=Outcome("error", error=f"line is not UTF-8: {exc.reason}"))
    except ValueError as exc:
        return Task({id_key: None}, where, outcome=Outcome("error", error=f"malformed JSON: {exc}"))
    if not isinstance(record, dict):
        why = f"a JSON {type(record).__name__}, not an object"
        return Task({id_key: None}, where, outcome=Outcome("error", error=why))
    fields = record if id_key in record else {id_key: None, **record}
    if text_key not in record:
        return Task(fields, where, outcome=Outcome("error", error=f"no {text_key!r} key"))
    text = record[text_key]
    if not isinstance(text, str):
        kind = "null" if text is None else type(text).__name__
        return Task(fields, where, outcome=Outcome("error", error=f"{text_key!r} is {kind}, not a string"))
    if max_bytes is not None:
        failed = _too_large(len(text.encode("utf-8", "surrogatepass")), max_bytes, f"{text_key!r}")
        if failed:
            return Task(fields, where, outcome=failed)
    return Task(fields, where, doc=text)


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


#: The keys cleaning writes into a record; an input field of the same name is replaced.
OUTPUT_KEYS = ("status", "title", "error", "file", "line", "offset", "removed", "notes")


def record(task: Task, outcome: Outcome, explain: bool, output_key: str = "text") -> dict[str, object]:
    """The output record of one document: its input fields, then its clean text, status and
    title; why it has no text (not_text, or a failure) and, for a failure, where its input
    is; what was removed, with ``explain``."""
    rec = dict(task.fields)
    rec[output_key] = outcome.text
    rec["status"] = outcome.status
    rec["title"] = outcome.title
    if outcome.error is not None:
        rec["error"] = outcome.error
    if outcome.status not in SUCCESS:
        rec.update(task.where)
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
