"""A progress bar on stderr for batch runs, shown only when stderr is a terminal: the only
module that imports tqdm.

When the size of the input is known (files, not stdin), the bar runs over the bytes read,
with a total, a rate and an ETA; otherwise it counts documents and their rate. Either way
the documents done and failed are shown beside it.
"""

from __future__ import annotations

import sys
from typing import TextIO

from tqdm import tqdm

#: Seconds between redraws: often enough to look alive, rare enough to cost nothing.
REDRAW_EVERY = 0.2


class Progress:
    """Counts documents and failures; draws a tqdm bar over ``total`` bytes (or documents)."""

    def __init__(self, total: int | None = None, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        stream = stream or sys.stderr
        self.enabled = stream.isatty() if enabled is None else enabled
        self.done = 0
        self.failed = 0
        self._bytes = bool(total)
        self._bar = tqdm(
            total=total or None,
            desc="cleantext",
            unit="B" if self._bytes else " docs",
            unit_scale=self._bytes,
            unit_divisor=1024,
            file=stream,
            disable=not self.enabled,
            mininterval=REDRAW_EVERY,
            dynamic_ncols=True,
        )

    def update(self, ok: bool, read: int = 0) -> None:
        """One more document done; ``read`` is how many input bytes have been read by now."""
        self.done += 1
        self.failed += not ok
        if not self.enabled:
            return
        self._bar.set_postfix_str(f"{self.done} docs, {self.failed} failed", refresh=False)
        self._bar.update(max(0, read - self._bar.n) if self._bytes else 1)

    def close(self, finished: bool = False) -> None:
        """Stop drawing; ``finished`` fills the bar (all input read, whatever the last offset said)."""
        if self.enabled and self._bytes and finished and self._bar.total is not None:
            self._bar.update(self._bar.total - self._bar.n)
        self._bar.close()
