"""Pages prepared while learning templates, kept on disk for the cleaning pass of the same run.

``cleantext --two-pass`` learns site templates from its inputs, then cleans them. Learning
extracts most pages (every page of a site with fewer pages than its sample), and
extraction is most of what cleaning costs; so each page learning prepared is written to a
temporary file, in input order, and the cleaning pass finishes it (``pipeline.finish``)
instead of extracting it again. Memory stays flat: one page is held at a time.

A page is known by where it was read (file and line, or offset) and by a digest of the
document: a record that changed between the passes is prepared again, never mistaken.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from hashlib import blake2b
from typing import IO, TYPE_CHECKING

from cleantext.records import Task, Unread

if TYPE_CHECKING:
    from cleantext.pipeline import Prepared


def digest(doc: str | bytes) -> bytes:
    """A short key of a document's content."""
    data = doc.encode("utf-8", "surrogatepass") if isinstance(doc, str) else doc
    return blake2b(data, digest_size=16).digest()


@dataclass(frozen=True, slots=True)
class Reused:
    """An input item with the page learning prepared from it, and the digest of that page."""

    item: Unread | Task
    prepared: Prepared
    digest: bytes

    @property
    def where(self) -> dict[str, object]:
        return self.item.where

    @property
    def read(self) -> int:
        return self.item.read

    def prepared_for(self, doc: str | bytes | None) -> Prepared | None:
        """The prepared page when ``doc`` is the document it was prepared from, else None."""
        return self.prepared if doc is not None and digest(doc) == self.digest else None


class Spill:
    """Prepared pages in a temporary file, in the order they were read."""

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self.pages = 0

    def put(self, where: dict[str, object], doc: str | bytes, prepared: Prepared) -> None:
        """Keep the page prepared from ``doc``, read at ``where``."""
        pickle.dump((_key(where), digest(doc), prepared), self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self.pages += 1

    def attach(self, items: Iterable[Unread | Task]) -> Iterator[Unread | Task | Reused]:
        """The items of the same inputs read again, in the same order: each one a page was
        kept for comes with it. Reads the file once, from the start."""
        self._file.flush()
        self._file.seek(0)
        left = self.pages
        kept = self._next() if left else None
        for item in items:
            if kept is not None and _key(item.where) == kept[0]:
                yield Reused(item, kept[2], kept[1])
                left -= 1
                kept = self._next() if left else None
            else:
                yield item

    def _next(self) -> tuple[tuple[tuple[str, str], ...], bytes, Prepared]:
        kept: tuple[tuple[tuple[str, str], ...], bytes, Prepared] = pickle.load(self._file)  # our own file, written by put()
        return kept

    def close(self) -> None:
        self._file.close()


def _key(where: dict[str, object]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, str(v)) for k, v in where.items()))
