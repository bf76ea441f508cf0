"""Plain text -> raw blocks: one block per non-empty line, with its offsets in the text.

Lines, not blank-line paragraphs, are the unit: scraped text puts one paragraph per line
(as the seed and trafilatura's output do), and a boilerplate line inside a paragraph
group must be removable on its own.
"""

from __future__ import annotations


def segment(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Each non-blank line with its (start, end) span; every Unicode line break splits."""
    pieces: list[tuple[str, tuple[int, int]]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        if body.strip():
            pieces.append((body, (pos, pos + len(body))))
        pos += len(line)
    return pieces
