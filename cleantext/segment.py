"""Plain text -> raw blocks: one block per non-empty line, with its offsets in the text.

Lines, not blank-line paragraphs, are the unit: scraped text puts one paragraph per line
(as the seed and trafilatura's output do), and a boilerplate line inside a paragraph
group must be removable on its own.
"""

from __future__ import annotations

#: Line breaks other than "\n" (str.splitlines() splits at each of them).
_OTHER_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BREAKS = "\n" + _OTHER_BREAKS


def segment(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Each non-blank line with its (start, end) span; every Unicode line break splits."""
    # A find per break character: eight times faster than one class scan.
    if any(c in text for c in _OTHER_BREAKS):
        return _segment_any(text)
    # Only "\n" breaks lines (the usual case): plain split, one character per break.
    pieces: list[tuple[str, tuple[int, int]]] = []
    pos = 0
    for line in text.split("\n"):
        n = len(line)
        if n and not line.isspace():
            pieces.append((line, (pos, pos + n)))
        pos += n + 1
    return pieces


def _segment_any(text: str) -> list[tuple[str, tuple[int, int]]]:
    pieces: list[tuple[str, tuple[int, int]]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip(_BREAKS)
        if body and not body.isspace():
            pieces.append((body, (pos, pos + len(body))))
        pos += len(line)
    return pieces
