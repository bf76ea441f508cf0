"""Extracted lines mapped back to the page's elements, and the facts read from those elements.

For each line of the extractor's text, the element whose text node starts it (its source);
from the source, what the classifier cannot see in the text alone: the class/id words of
the containers that set it apart from the rest of the article ("newsletter", "related",
"comments" ...) and the share of its paragraph that is link text. The joiners the
extractor dropped are put back from the source, and the page's text that gave no line is
reported as discarded regions.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from typing import NamedTuple

import regex
from lxml import etree

from cleantext.model import EXTRACTED, Block, Discarded
from cleantext.scoring import SCORING
from cleantext.tags import PARAGRAPH

#: When a container is the article's, how far up containers are read, and how much of a
#: line's opening finds its source (scoring.toml [dom]).
SHARED_CONTAINER = SCORING.dom.shared_container
MIN_SHARED_BLOCKS = SCORING.dom.min_shared_blocks
MAX_DEPTH = SCORING.dom.max_depth
KEY_CHARS = SCORING.dom.key_chars
MIN_KEY_CHARS = SCORING.dom.min_key_chars
#: Characters of a discarded region's text quoted in the report.
EXCERPT_CHARS = 80

_WORD = regex.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
#: Class tokens that state what the page has or does ("has-section-nav", "is-sticky").
_STATE_PREFIXES = frozenset(["has", "no", "not", "with", "without", "is", "hide", "hidden", "show", "js"])
#: Tag names that are as telling as a class word when they sit inside the article.
_TELLING_TAGS = frozenset(["aside", "footer", "nav", "form", "figcaption", "figure", "header"])
#: Text nodes worth indexing: not blank (the filter runs inside libxml2). Invisible ones
#: need no test: extract() strips script, style and noscript first. A parent:: test and
#: "//text()" (which sorts a merged node set) made the pass a third dearer (1.12 vs 0.83
#: G instructions under callgrind, over the 181 benchmark pages).
_TEXT_NODES = etree.XPath("//body/descendant::text()[normalize-space()]")


class Line(NamedTuple):
    """One line of the extractor's text: as printed, its kind of element (``"p"``,
    ``"h2"``, ``"li"`` ...), and its text as the page has it (without a list marker)."""

    text: str
    tag: str
    bare: str


def blocks(
    lines: list[Line], tree: etree._Element, joiners: bool
) -> tuple[list[Block], tuple[Discarded, ...]]:
    """One Block per line, with the facts of its source element, and the regions of the
    page's text that gave no line. ``joiners``: the page has ZWJ/ZWNJ to put back."""
    texts = _TEXT_NODES(tree)
    sources = _sources(texts, [line.bare for line in lines])
    density = _LinkDensity()
    found = []
    for i, (line, source, words) in enumerate(zip(lines, sources, _container_words(sources))):
        text = _rejoined(line.text, source) if joiners and not line.text.isascii() else line.text
        found.append(
            Block(i, text, tag=line.tag, link_density=density.of(source), container=words, origin=EXTRACTED)
        )
    return found, _discarded(texts, sources)


def _container_words(sources: list[etree._Element | None]) -> list[frozenset[str]]:
    """Per source, the class/id words of its containers that set it apart from the article.

    How many blocks each container and each word covers: what most blocks share is the
    article. Words are counted per block, not per element: an article printed in several
    sibling containers of one class ("article-body" per section) carries its words in each.
    """
    chains: dict[etree._Element | None, tuple[etree._Element, ...]] = {}
    for source in sources:
        if source not in chains:
            chains[source] = _chain(source)
    shared: Counter[etree._Element] = Counter()
    for source in sources:
        shared.update(chains[source])
    words_of = {el: _words(el) for el in shared}
    chain_words = {
        source: frozenset(w for el in chain for w in words_of[el]) for source, chain in chains.items()
    }
    everywhere: Counter[str] = Counter()
    for source in sources:
        everywhere.update(chain_words[source])
    # Of the blocks mapped back to the page: unmapped ones (no source element) carry no words.
    limit = max(MIN_SHARED_BLOCKS, SHARED_CONTAINER * sum(1 for source in sources if source is not None))
    return [
        frozenset(
            w for el in chains[source] if shared[el] < limit for w in words_of[el] if everywhere[w] < limit
        )
        for source in sources
    ]


def _sources(texts: list[etree._ElementUnicodeResult], lines: list[str]) -> list[etree._Element | None]:
    """The element whose text node starts each line (None if none does), found in one pass."""
    line_keys = [_key(line) for line in lines]
    wanted: dict[str, list[str]] = {}
    for key in line_keys:
        wanted.setdefault(key, [key])
        # A line may begin with a short node ("Title" then "<p>description</p>"): its
        # prefixes that end a word count too (a key has single spaces only).
        size = key.find(" ", MIN_KEY_CHARS)
        while size >= 0:
            wanted.setdefault(key[:size], []).append(key)
            size = key.find(" ", size + 1)
    found: dict[str, etree._Element] = {}
    for text in texts:
        keys = wanted.get(_key(text))
        if keys is None or all(k in found for k in keys):
            continue
        owner = _owner(text)
        if owner is not None:
            for k in keys:
                found.setdefault(k, owner)
    return [found.get(key) for key in line_keys]


def _key(text: str) -> str:
    """The opening of a line or text node, as both are compared: spaces collapsed."""
    key = " ".join(text[: KEY_CHARS * 3].split())
    # trafilatura drops non-printables (joiners too): match without them. Tested after the
    # split, which takes non-breaking and other non-printable spaces out: tested before it,
    # a page's &nbsp; sent most text nodes down the character-by-character path (a tenth
    # of the whole pass).
    if not key.isprintable():
        key = " ".join("".join(c for c in key if c.isprintable()).split())
    return key[:KEY_CHARS]


def _owner(text: etree._ElementUnicodeResult) -> etree._Element | None:
    """The element a text node belongs to (a tail belongs to the element's parent)."""
    owner = text.getparent()
    return owner.getparent() if text.is_tail and owner is not None else owner


def _paragraph(el: etree._Element) -> etree._Element:
    """The nearest paragraph element at or above ``el`` (the root if there is none)."""
    while el.tag not in PARAGRAPH and el.getparent() is not None:
        el = el.getparent()
    return el


def _chain(el: etree._Element | None) -> tuple[etree._Element, ...]:
    """The element and its nearest ancestors below <body>."""
    chain: list[etree._Element] = []
    while el is not None and len(chain) < MAX_DEPTH and el.tag not in ("body", "html"):
        chain.append(el)
        el = el.getparent()
    return tuple(chain)


def _words(el: etree._Element) -> frozenset[str]:
    """Lowercase class/id words, or a telling tag name.

    Each class token gives its parts ("subHead", "sub-head" -> "sub", "head") and the
    parts joined in pairs ("subhead"), so compounds are found however they are spelled.
    """
    words: list[str] = []
    for name in ("class", "id"):
        for token in (el.get(name) or "").split():
            parts = [w.lower() for w in _WORD.findall(token)]
            if parts and parts[0] in _STATE_PREFIXES:
                continue  # "has-section-nav" says what the page has, not what the element is
            words.extend(parts)
            words.extend(a + b for a, b in pairwise(parts))
    if el.tag in _TELLING_TAGS:
        words.append(el.tag)
    return frozenset(words)


class _LinkDensity:
    """Share of a paragraph's text that sits inside links, per paragraph element."""

    def __init__(self) -> None:
        self.cache: dict[etree._Element, float] = {}

    def of(self, el: etree._Element | None) -> float:
        while el is not None and el.tag not in PARAGRAPH:
            el = el.getparent()
        if el is None:
            return 0.0
        if el not in self.cache:
            total = len(el.text_content().strip())
            links = sum(len(a.text_content().strip()) for a in el.iter("a"))
            self.cache[el] = min(1.0, links / total) if total else 0.0
        return self.cache[el]


def _rejoined(line: str, source: etree._Element | None) -> str:
    """The line with the joiners trafilatura dropped put back from its source text.

    trafilatura removes every non-printable character, ZWJ and ZWNJ included, which breaks
    emoji sequences and Persian or Indic words; the source element still has them.
    """
    if source is None:
        return line
    original = " ".join(_paragraph(source).text_content().split())
    if "\u200c" not in original and "\u200d" not in original:
        return line
    kept = [i for i, c in enumerate(original) if c.isprintable() or c.isspace()]
    stripped = "".join(original[i] for i in kept)
    start = stripped.find(line.strip())
    if start < 0:
        return line
    end = start + len(line.strip()) - 1
    return original[kept[start] : kept[end] + 1]


def _discarded(
    texts: list[etree._ElementUnicodeResult], sources: list[etree._Element | None]
) -> tuple[Discarded, ...]:
    """The page's text that the extractor left out, as regions (consecutive text nodes of one
    container), so that every word of the page is accounted for as kept or discarded.

    A text node counts as kept when its paragraph (nearest paragraph element) gave a block.
    """
    kept = {_paragraph(el) for el in sources if el is not None}
    regions: list[tuple[etree._Element, list[str]]] = []
    for text in texts:
        owner = _owner(text)
        if owner is None or _paragraph(owner) in kept:
            continue
        region = _region(owner)
        if regions and regions[-1][0] is region:
            regions[-1][1].append(text)
        else:
            regions.append((region, [text]))
    return tuple(_discard(el, parts) for el, parts in regions)


def _region(el: etree._Element) -> etree._Element:
    """The nearest container that names itself (an id, a class, or a telling tag)."""
    start = el
    for _ in range(MAX_DEPTH):
        if el.get("id") or el.get("class") or el.tag in _TELLING_TAGS:
            return el
        parent = el.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        el = parent
    return start


def _discard(el: etree._Element, parts: list[str]) -> Discarded:
    """A discarded region as reported: its container as ``tag#id.class``, and its text."""
    text = " ".join(" ".join(parts).split())
    selector = el.tag + "".join(f"#{v}" for v in (el.get("id") or "").split()[:1])
    selector += "".join(f".{c}" for c in (el.get("class") or "").split()[:3])
    return Discarded(selector, text[:EXCERPT_CHARS], len(text))
