"""HTML -> raw blocks with DOM hints. The only module that imports trafilatura or lxml.

trafilatura finds the main content; each paragraph it returns becomes a Block carrying
what the classifier cannot see in text alone: the page title, the link density of the
paragraph's source element, and the class/id words of the containers that set it apart
from the rest of the article ("newsletter", "related", "comments" ...).

When lxml or trafilatura cannot be trusted with a page (lxml stops silently past its
nesting or text-node limits; trafilatura is superlinear on huge pages, or rejects a
page that has text) a linear text walk takes over and a note says so: the end of a
page is never lost silently.
"""

from __future__ import annotations

import logging
from collections import Counter
from html.parser import HTMLParser as _StreamParser

import regex
from lxml import etree
from lxml.html import HTMLParser, fromstring

from cleantext.model import Block
from cleantext.options import Options

#: Past this many characters trafilatura's time grows faster than the page (> 60 s at
#: 16 MB); the linear walk keeps time proportional to size.
MAX_EXTRACT_CHARS = 3_000_000
#: A container holding at least this share of the extracted blocks is the article
#: itself; its class/id words say nothing about one block.
SHARED_CONTAINER = 0.5
#: Ancestors looked at for container words, nearest first.
MAX_DEPTH = 12

# trafilatura logs every rejected page as an error; cleaning reports it in notes instead.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

_TRAFILATURA_TAGS = {"head": "h", "p": "p", "list": "li", "quote": "blockquote", "table": "table", "code": "pre"}
_WORD = regex.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_SPACE = regex.compile(r"\s+")
_MARKER = regex.compile(r"^(?:[-*•]|\d+\.) ")
_TITLE_SPLIT = regex.compile(r"\s+[|\-–—:·•»]\s+")
#: Tags that make a separate paragraph in the linear walk.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body dd details dialog div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table td th tr ul br title".split()
)
_SKIP_TAGS = frozenset("script style noscript template svg math".split())
#: Tag names that are as telling as a class word when they sit inside the article.
_TELLING_TAGS = frozenset("aside footer nav form figcaption figure header".split())


def extract(html: str, options: Options) -> tuple[list[Block], str | None, list[str]]:
    """The page's main-content blocks, its title, and notes on any fallback used."""
    notes: list[str] = []
    if len(html) > MAX_EXTRACT_CHARS:
        notes.append(
            f"page of {len(html)} characters is past {MAX_EXTRACT_CHARS}: linear text walk used instead of trafilatura"
        )
        return _walk(html, notes)
    tree, problem = _parse(html)
    if problem:
        notes.append(f"lxml stopped early ({problem}): linear text walk used instead of trafilatura")
        return _walk(html, notes)
    assert tree is not None
    body = _main_content(tree, "comments" in options.keep)
    blocks = _blocks(body, tree) if body is not None else []
    if not blocks:
        walked, title, notes = _walk(html, notes)
        if walked:
            notes.append("trafilatura found no main content: linear text walk used")
            return walked, title, notes
    return blocks, _title(tree, blocks), notes


def _parse(html: str) -> tuple[etree._Element | None, str | None]:
    """The lxml tree, or the reason lxml gave up; a fatal parser error means lost text."""
    parser = HTMLParser(
        collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
    )
    try:
        try:
            tree = fromstring(html, parser=parser)
        except ValueError:  # a str with an XML encoding declaration
            tree = fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as err:
        return None, str(err)[:120] or "empty document"
    fatal = [e for e in parser.error_log if e.level >= etree.ErrorLevels.FATAL]
    if fatal:
        return None, fatal[0].message[:120]
    if tree is None:
        return None, "empty document"
    return tree, None


def _main_content(tree: etree._Element, comments: bool) -> etree._Element | None:
    """trafilatura's main-content tree (its XML elements), or None if it rejects the page."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            tree, fast=True, include_comments=comments, output_format="xml", with_metadata=False
        )
    except (ValueError, TypeError, RecursionError):
        return None
    if document is None:
        return None
    body = document.body
    if comments and document.commentsbody is not None and len(document.commentsbody):
        body.extend(list(document.commentsbody))
    return body


def _blocks(body: etree._Element, tree: etree._Element) -> list[Block]:
    """One Block per line of trafilatura's text, with hints from its source element."""
    from trafilatura.xml import xmltotxt

    sources = _TextIndex(tree)
    pieces: list[tuple[str, str, etree._Element | None]] = []
    for child in body:
        tail, child.tail = child.tail, None
        text = xmltotxt(child, False)
        child.tail = tail
        if not text.strip():
            continue
        tag = _TRAFILATURA_TAGS.get(child.tag, "p")
        if tag == "h" and (child.get("rend") or "").startswith("h"):
            tag = child.get("rend")
        for line in text.splitlines():
            if line.strip():
                pieces.append((line, tag, sources.find(_MARKER.sub("", line) if tag == "li" else line)))
    chains = [_chain(source) for _, _, source in pieces]
    shared = Counter(el for chain in chains for el in set(chain))
    limit = SHARED_CONTAINER * len(pieces)
    density = _LinkDensity()
    everywhere = Counter(w for chain in chains for w in _words(chain))
    blocks = []
    for (line, tag, source), chain in zip(pieces, chains, strict=True):
        own = [el for el in chain if shared[el] < limit or shared[el] <= 1]
        words = frozenset(w for w in _words(own) if everywhere[w] < limit or everywhere[w] <= 1)
        blocks.append(Block(len(blocks), line, None, tag, density.of(source), words))
    return blocks


class _TextIndex:
    """Finds the element a line of extracted text came from, by its opening words."""

    KEY = 40

    def __init__(self, tree: etree._Element) -> None:
        self.tree = tree
        self.index: dict[str, etree._Element] | None = None

    def _build(self) -> dict[str, etree._Element]:
        index: dict[str, etree._Element] = {}
        for el in self.tree.iter():
            if not isinstance(el.tag, str) or el.tag in _SKIP_TAGS:
                continue
            if el.text:
                key = _key(el.text, self.KEY)
                if key:
                    index.setdefault(key, el)
            if el.tail:
                parent = el.getparent()
                key = _key(el.tail, self.KEY)
                if key and parent is not None:
                    index.setdefault(key, parent)
        return index

    def find(self, line: str) -> etree._Element | None:
        if self.index is None:
            self.index = self._build()
        key = _key(line, self.KEY)
        found = self.index.get(key)
        if found is None:
            # The line may begin with text from several nodes ("By <a>Name</a>"): try shorter keys.
            for size in (24, 12):
                found = self.index.get(_key(line, size))
                if found is not None:
                    break
        return found


def _key(text: str, size: int) -> str:
    return _SPACE.sub(" ", text[: size * 3]).strip()[:size]


_BLOCKISH = frozenset("p li dd dt td th h1 h2 h3 h4 h5 h6 blockquote pre figcaption div section article".split())


def _chain(el: etree._Element | None) -> list[etree._Element]:
    """The element and its ancestors below <body>, nearest first."""
    chain = []
    while el is not None and len(chain) < MAX_DEPTH and el.tag not in ("body", "html"):
        chain.append(el)
        el = el.getparent()
    return chain


def _words(chain: list[etree._Element]) -> frozenset[str]:
    """Lowercase class/id words (camelCase and dashes split) and telling tag names."""
    words: set[str] = set()
    for el in chain:
        for name in ("class", "id"):
            value = el.get(name)
            if value:
                words.update(w.lower() for w in _WORD.findall(value))
        if el.tag in _TELLING_TAGS:
            words.add(el.tag)
    return frozenset(words)


class _LinkDensity:
    """Share of a paragraph's text that sits inside links, per block-level source element."""

    def __init__(self) -> None:
        self.cache: dict[etree._Element, float] = {}

    def of(self, el: etree._Element | None) -> float:
        while el is not None and el.tag not in _BLOCKISH:
            el = el.getparent()
        if el is None:
            return 0.0
        if el not in self.cache:
            total = len(el.text_content().strip())
            links = sum(len(a.text_content().strip()) for a in el.iter("a"))
            self.cache[el] = min(1.0, links / total) if total else 0.0
        return self.cache[el]


def _title(tree: etree._Element, blocks: list[Block]) -> str | None:
    """The page title; of its variants, the one the first blocks repeat, if any."""
    candidates: list[str] = []
    for xpath in ('//meta[@property="og:title"]/@content', '//meta[@name="twitter:title"]/@content',
                  "//head/title//text()", "//h1"):
        for found in tree.xpath(xpath)[:3]:
            text = found.text_content() if isinstance(found, etree._Element) else str(found)
            text = _SPACE.sub(" ", text).strip()
            if text:
                candidates.append(text)
                parts = _TITLE_SPLIT.split(text)
                if len(parts) > 1:  # a site name before or after the headline
                    candidates.append(_TITLE_SPLIT.split(text, maxsplit=1)[1])
                    candidates.append(text[: text.rfind(_TITLE_SPLIT.findall(text)[-1])])
    if not candidates:
        return None
    heads = {_fold(b.text) for b in blocks[:2]}
    for candidate in candidates:
        if _fold(candidate) in heads:
            return candidate
    return candidates[0]


def _fold(text: str) -> str:
    return " ".join(regex.findall(r"\w+", text.casefold()))


class _Walker(_StreamParser):
    """A streaming text walk: visible text split at block tags, no tree, no depth limit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.in_title = False
        self.title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self._flush()
        if tag == "title":
            self.in_title = True

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()
        if tag == "title":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skip:
            self.current.append(data)

    def _flush(self) -> None:
        if self.current:
            text = _SPACE.sub(" ", "".join(self.current)).strip()
            if text:
                self.blocks.append(text)
            self.current = []


def _walk(html: str, notes: list[str]) -> tuple[list[Block], str | None, list[str]]:
    """Every visible paragraph of the page, in one linear pass."""
    walker = _Walker()
    walker.feed(html)
    walker.close()
    walker._flush()
    title = _SPACE.sub(" ", "".join(walker.title)).strip() or None
    return [Block(i, text) for i, text in enumerate(walker.blocks)], title, notes
