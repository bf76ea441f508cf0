"""A one-line progress counter on stderr for batch runs, shown only when stderr is a terminal.

Built in rather than a dependency: a stream has no known length, so a count, the failures
and the rate are all a bar could show.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

#: Seconds between redraws: often enough to look alive, rare enough to cost nothing.
REDRAW_EVERY = 0.2


class Progress:
    """Counts documents and failures; redraws one stderr line when it is a terminal."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self._stream = stream or sys.stderr
        self.enabled = self._stream.isatty() if enabled is None else enabled
        self.done = 0
        self.failed = 0
        self._start = self._drawn = time.monotonic()

    def update(self, ok: bool) -> None:
        self.done += 1
        self.failed += not ok
        if self.enabled and time.monotonic() - self._drawn >= REDRAW_EVERY:
            self._draw()

    def close(self) -> None:
        if self.enabled:
            self._draw()
            self._stream.write("\n")
            self._stream.flush()

    def _draw(self) -> None:
        self._drawn = time.monotonic()
        rate = self.done / max(self._drawn - self._start, 1e-9)
        self._stream.write(f"\rcleantext: {self.done} documents, {self.failed} failed, {rate:.1f}/s ")
        self._stream.flush()
