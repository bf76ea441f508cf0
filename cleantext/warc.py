"""WARC and WET files (Common Crawl) in as ``Task``s: the only module that imports fastwarc.

Each ``response``, ``resource`` or ``conversion`` record whose content is HTML or
plain text becomes one document, with its WARC-Record-ID and WARC-Target-URI; other
records (requests, metadata, images, PDFs …) are skipped. gzip and zstd files are read
as they are; HTTP content encodings (gzip, br, chunked) are undone. The payload stays
bytes, so the library decodes it like any other document.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from typing import cast

from cleantext.records import MissingExtra, Outcome, Task

#: Content types of the documents worth cleaning; None is a record without one (WET).
_TEXT_TYPES = frozenset({None, "", "text/html", "application/xhtml+xml", "text/plain"})


def require() -> None:
    """Raise ``MissingExtra`` unless fastwarc is installed."""
    try:
        import fastwarc.warc  # noqa: F401
    except ImportError:
        raise MissingExtra("--warc", "fastwarc", "warc") from None


def warc_tasks(names: list[str], max_bytes: int | None) -> Iterator[Task]:
    """One Task per text record of each WARC/WET file (or stdin), in file order."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    wanted = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.conversion
    done = 0
    for name in names:
        offset = 0
        try:
            size = 0 if name == "-" else os.path.getsize(name)
            if name != "-":
                open(name, "rb").close()  # fastwarc opens it; this says early if it cannot
        except OSError as exc:
            why = f"cannot read: {exc.strerror or exc}"
            yield Task({"id": None, "url": None}, {"file": name}, outcome=Outcome("error", error=why))
            continue
        # stdin's buffer is a BufferedReader, typed as BinaryIO (which has no readinto).
        source = io.BufferedReader(_Counted(cast("io.BufferedIOBase", sys.stdin.buffer))) if name == "-" else name
        try:
            records = ArchiveIterator(source, record_types=wanted, auto_decode="all", fsspec_args=False)
            for rec in records:
                offset = rec.stream_pos
                content_type = _media_type(rec.http_content_type if rec.is_http else rec.headers.get("Content-Type"))
                if content_type not in _TEXT_TYPES:
                    continue
                fields: dict[str, object] = {"id": rec.record_id, "url": rec.headers.get("WARC-Target-URI")}
                where: dict[str, object] = {"file": name, "offset": offset}
                if max_bytes is not None and rec.content_length > max_bytes:
                    why = f"the payload is {rec.content_length} bytes, over --max-bytes {max_bytes}"
                    yield Task(fields, where, outcome=Outcome("too_large", error=why), read=done + offset)
                else:
                    yield Task(fields, where, doc=rec.reader.read(), read=done + offset)
        except (KeyboardInterrupt, SystemExit, GeneratorExit):
            raise
        except BaseException as exc:  # noqa: BLE001 - fastwarc's Rust panics derive from BaseException
            why = f"cannot read the WARC file past offset {offset}: {exc}"
            yield Task({"id": None, "url": None}, {"file": name, "offset": offset}, outcome=Outcome("error", error=why))
        done += size


def _media_type(header: str | None) -> str | None:
    """``text/html; charset=utf-8`` -> ``text/html``."""
    return None if header is None else header.split(";", 1)[0].strip().lower()


class _Counted(io.RawIOBase):
    """A pipe that answers tell() with the bytes read so far: fastwarc asks, and a pipe cannot."""

    def __init__(self, raw: io.BufferedIOBase) -> None:
        super().__init__()
        self._raw = raw
        self._pos = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        n = self._raw.readinto(buffer)
        self._pos += n
        return n

    def tell(self) -> int:
        return self._pos
