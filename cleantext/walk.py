"""The linear fallback: every visible paragraph of a page in one pass over its tags.

A tokenizer rather than a parser, so nesting depth and node size cannot stop it: the page
is split at "<", and each piece is a tag followed by the text after it (a tag whose quoted
attribute value holds a "<" runs on over the pieces its value spans). extract.py uses it
when lxml or trafilatura cannot be trusted with a page.
"""

from __future__ import annotations

import re
from enum import Enum, auto
from html import unescape

from cleantext.model import WALKED, Block
from cleantext.tags import BREAK, WALK_SKIPPED

_TAG_NAME = re.compile(r"(/?)([A-Za-z][A-Za-z0-9:-]{0,30})")
#: What a tag's attributes can meet next: the ">" that ends the tag, or a quoted value.
_TAG_END_OR_VALUE = re.compile(r"""=\s*(["'])|>""")


class _Mode(Enum):
    """Where the walk is: what the next piece's text is, and what ends the state."""

    TEXT = auto()  # between tags: text belongs to the current paragraph
    TAG = auto()  # inside a quoted attribute value holding a "<": nothing until the tag ends
    COMMENT = auto()  # inside <!-- -->: nothing is read until "-->"
    SKIPPED = auto()  # inside script, style ... (or a second <title>): nothing until the end tag
    TITLE = auto()  # inside the first <title>: text goes to the title until </title>


def walk(html: str) -> tuple[list[Block], str | None]:
    """The page's visible paragraphs as blocks, and the text of its first <title>."""
    walker = _Walker()
    pieces = html.split("<")
    walker.current.append(pieces[0])
    for piece in pieces[1:]:
        walker.feed(piece)
    walker.flush()
    title = " ".join(unescape("".join(walker.title)).split()) if walker.title is not None else ""
    return [Block(i, text, origin=WALKED) for i, text in enumerate(walker.paragraphs)], title or None


def _after(piece: str, start: int = 0) -> str:
    """The text after the tag that opens ``piece`` (none if the tag never closes)."""
    gt = piece.find(">", start)
    return piece[gt + 1 :] if gt >= 0 else ""


def _tag_end(piece: str, pos: int, quote: str = "") -> tuple[int, str]:
    """Where the tag read from ``pos`` ends (just past its ">"), or -1 and the quote of an
    attribute value still open at the piece's end. A browser reads "<" and ">" inside a
    quoted value as the value's text: pages put whole snippets of HTML in data attributes."""
    while True:
        if quote:
            close = piece.find(quote, pos)
            if close < 0:
                return -1, quote
            pos = close + 1
        m = _TAG_END_OR_VALUE.search(piece, pos)
        if m is None:
            return -1, ""
        if m.group(1) is None:
            return m.end(), ""
        pos, quote = m.end(), m.group(1)


class _Walker:
    """The walk's state: the paragraphs so far, the one being read, the title, the mode."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.title: list[str] | None = None
        self.mode = _Mode.TEXT
        #: In SKIPPED or TITLE: the start of the end tag that ends it ("/script").
        self.end_tag = ""
        #: In TAG: the quote that ends the open attribute value.
        self.quote = ""

    def feed(self, piece: str) -> None:
        """Read one piece: the text after a "<", up to the next one."""
        if self.mode is _Mode.TEXT:
            self._text(piece)
        elif self.mode is _Mode.TAG:
            self._tag_rest(piece, 0)
        elif self.mode is _Mode.COMMENT:
            close = piece.find("-->")
            if close >= 0:
                self.mode = _Mode.TEXT
                self.current.append(piece[close + 3 :])
        elif piece[: len(self.end_tag)].lower() == self.end_tag:
            self.mode = _Mode.TEXT
            self.current.append(_after(piece))
        elif self.mode is _Mode.TITLE:
            assert self.title is not None
            self.title.append("<" + piece)  # a bare "<" in the title's text

    def _text(self, piece: str) -> None:
        """A piece read between tags: a comment, a tag and its text, or a bare "<"."""
        if piece.startswith("!--"):
            close = piece.find("-->", 3)
            if close < 0:
                self.mode = _Mode.COMMENT
            else:
                self.current.append(piece[close + 3 :])
            return
        m = _TAG_NAME.match(piece)
        if m is None:
            # doctype, CDATA or processing instruction; otherwise a bare "<" in text
            self.current.append(_after(piece) if piece[:1] in ("!", "?") else "<" + piece)
            return
        name = m.group(2).lower()
        if not m.group(1) and (name in WALK_SKIPPED or name == "title"):
            self.end_tag = "/" + name
            if name == "title" and self.title is None:
                self.mode, self.title = _Mode.TITLE, [_after(piece, m.end())]
            else:
                self.mode = _Mode.SKIPPED
            return
        if name in BREAK:
            self.flush()
        self._tag_rest(piece, m.end())

    def _tag_rest(self, piece: str, pos: int) -> None:
        """Read a tag's attributes from ``pos``: the text after its end is the paragraph's."""
        end, self.quote = _tag_end(piece, pos, self.quote)
        if end >= 0:
            self.mode = _Mode.TEXT
            self.current.append(piece[end:])
        else:
            self.mode = _Mode.TAG if self.quote else _Mode.TEXT

    def flush(self) -> None:
        """End the current paragraph: keep its text, if it has any."""
        if self.current:
            text = "".join(self.current)
            if "&" in text:
                text = unescape(text)
            text = " ".join(text.split())
            if text:
                self.paragraphs.append(text)
            self.current.clear()
