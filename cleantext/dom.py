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
ARTICLE_SHARE = SCORING.dom.article_share
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
_TEXT_BELOW = etree.XPath("descendant::text()[normalize-space()]")
#: WordPress classes a single post's page <body> "postid-N" and every post it prints
#: "post-M type-post ...": a post M that is not N is another post's teaser (related posts
#: printed inside or after the article). Its blocks carry OTHER_POST among their words,
#: which hints.other_post() reads.
_PAGE_POST = regex.compile(r"(?:^|\s)postid-(\d+)(?=\s|$)")
_ITEM_POST = regex.compile(r"(?:^|\s)post-(\d+)(?=\s)(?=.*(?:^|\s)type-[\w-]+(?:\s|$))")
#: A container word no class yields (class words are letters only).
OTHER_POST = "other-post"
_TEASER = frozenset([OTHER_POST])
#: Paragraph elements that may also be a container of their own (an ad slot's div).
_CONTAINERS = frozenset(["div", "section", "article"])
#: A paragraph element's kind as a Block reports it (anything else is "p").
_LINE_TAGS = {"h1": "h1", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h5", "h6": "h6",
              "li": "li", "dd": "li", "dt": "li", "blockquote": "blockquote", "pre": "pre"}  # fmt: skip


class Line(NamedTuple):
    """One line of the extractor's text: as printed, its kind of element (``"p"``,
    ``"h2"``, ``"li"`` ...), and its text as the page has it (without a list marker)."""

    text: str
    tag: str
    bare: str


def blocks(
    lines: list[Line], tree: etree._Element, joiners: bool, discarded: bool = True
) -> tuple[list[Block], tuple[Discarded, ...]]:
    """One Block per line, with the facts of its source element, and (with ``discarded``)
    the regions of the page's text that gave no line. ``joiners``: the page has ZWJ/ZWNJ
    to put back."""
    texts = _TEXT_NODES(tree)
    lines, sources = _headed(*_continued(lines, _sources(texts, [line.bare for line in lines])))
    density = _LinkDensity()
    found = []
    words_of = _container_words(sources, _page_post(tree))
    for i, (line, source, words) in enumerate(zip(lines, sources, words_of)):
        text = _rejoined(line.text, source) if joiners and not line.text.isascii() else line.text
        found.append(
            Block(i, text, tag=line.tag, link_density=density.of(source), container=words, origin=EXTRACTED)
        )
    return found, _discarded(texts, sources) if discarded else ()


#: A named container as its twins share it: tag, class, its parent's tag and class, and
#: the grandparent element itself.
_Twin = tuple[str, str, str, str | None, etree._Element]


def _continued(
    lines: list[Line], sources: list[etree._Element | None]
) -> tuple[list[Line], list[etree._Element | None]]:
    """The lines, with the article's sections that the extractor left out put back in place.

    Some pages print each section of an article in a container of its own, with ads or
    embeds between them, and the extractor may keep the first section only. The named
    container of the lines that hold most of the extracted text is the article's section;
    its twins beside it (same tag and class, under the same grandparent) hold the rest of
    the article. Their paragraphs come back as main content, which the classifier judges
    like any other line; text in a container of its own inside a twin (an ad slot, a
    related-links box) stays out.
    """
    twins = {source: _twin(source) for source in set(sources)}
    share: Counter[_Twin] = Counter()
    for line, source in zip(lines, sources, strict=True):
        if (found := twins[source]) is not None:
            share[found[0]] += len(line.text)
    if not share:
        return lines, sources
    key, chars = share.most_common(1)[0]
    if chars < ARTICLE_SHARE * sum(len(line.text) for line in lines):
        return lines, sources
    section = {source: found[1] for source, found in twins.items() if found is not None and found[0] == key}
    place = _places(key)
    # A twin may repeat the kept text (a second layout of the same article): it adds nothing.
    have = " ".join(" ".join(line.bare.split()) for line in lines)
    kept = set(section.values())
    added = [(at, new) for el, at in place.items() if el not in kept and (new := _section_lines(el, have))]
    if not added:
        return lines, sources
    # Each left-out section goes before the first kept one that follows it on the page, the
    # rest after the last kept one.
    ats = [place.get(section[source]) if source in section else None for source in sources]
    last = max(i for i, at in enumerate(ats) if at is not None)
    out: list[tuple[Line, etree._Element | None]] = []
    for i, (line, source, at) in enumerate(zip(lines, sources, ats, strict=True)):
        while added and at is not None and added[0][0] < at:
            out += added.pop(0)[1]
        out.append((line, source))
        if i == last:
            out += [pair for _, new in added for pair in new]
            added = []
    return [line for line, _ in out], [source for _, source in out]


#: Heading elements (their Block tag is their own name), whose text the extractor may drop
#: above a list it keeps.
_HEADINGS = frozenset(tag for tag in _LINE_TAGS if tag.startswith("h"))


def _headed(
    lines: list[Line], sources: list[etree._Element | None]
) -> tuple[list[Line], list[etree._Element | None]]:
    """The lines, with the heading that names a kept list put back above it.

    The extractor often keeps a list and drops the heading printed right above it: an
    article's "Ingredients" or "References", and as often a sidebar's "Popular posts".
    Either way the heading says what the list is, and the classifier reads it as it reads
    any header (a rule that matches it speaks for the items listed under it).
    """
    have = {line.bare for line in lines}
    out_lines: list[Line] = []
    out_sources: list[etree._Element | None] = []
    seen: set[etree._Element] = set()
    for line, source in zip(lines, sources, strict=True):
        listing = _listing(source) if line.tag == "li" else None
        if listing is not None and listing not in seen:
            seen.add(listing)
            heading = listing.getprevious()
            if heading is not None and heading.tag in _HEADINGS:
                bare = " ".join(" ".join(_TEXT_BELOW(heading)).split())
                if bare and bare not in have:
                    have.add(bare)
                    out_lines.append(Line(bare, heading.tag, bare))
                    out_sources.append(heading)
        out_lines.append(line)
        out_sources.append(source)
    return out_lines, out_sources


def _listing(source: etree._Element | None) -> etree._Element | None:
    """The list (<ul>, <ol> ...) whose item holds ``source``, if it sits in one."""
    item = _paragraph(source) if source is not None else None
    return item.getparent() if item is not None and item.tag == "li" else None


def _places(key: _Twin) -> dict[etree._Element, tuple[int, int]]:
    """Every twin of a key, in page order, with its place under the grandparent."""
    tag, cls, parent_tag, parent_cls, grand = key
    return {
        el: (p, c)
        for p, parent in enumerate(grand)
        if parent.tag == parent_tag and parent.get("class") == parent_cls
        for c, el in enumerate(parent)
        if el.tag == tag and el.get("class") == cls
    }


def _twin(source: etree._Element | None) -> tuple[_Twin, etree._Element] | None:
    """A source's named container, keyed as its twins would share it (None if it has no
    class, or no grandparent below the root)."""
    if source is None:
        return None
    region = _region(source)
    parent = region.getparent()
    grand = parent.getparent() if parent is not None else None
    cls = region.get("class")
    if not cls or parent is None or grand is None:
        return None
    return (region.tag, cls, parent.tag, parent.get("class"), grand), region


def _section_lines(section: etree._Element, have: str) -> list[tuple[Line, etree._Element]]:
    """The paragraphs of a section the extractor left out, each with its source element."""
    paragraphs: dict[etree._Element, list[etree._ElementUnicodeResult]] = {}
    for text in _TEXT_BELOW(section):
        owner = _owner(text)
        if owner is None:
            continue
        paragraph = _paragraph(owner)
        if _boxed(paragraph, section):
            continue
        paragraphs.setdefault(paragraph, []).append(text)
    found = []
    for paragraph, texts in paragraphs.items():
        joined = "".join(f" {t}" if t.is_tail and t.getparent().tag == "br" else t for t in texts)
        bare = " ".join(joined.split())
        if not bare or bare[:KEY_CHARS] in have:
            continue
        tag = _LINE_TAGS.get(paragraph.tag, "p")
        found.append((Line(f"- {bare}" if tag == "li" else bare, tag, bare), _owner(texts[0])))
    return found


def _boxed(paragraph: etree._Element, section: etree._Element) -> bool:
    """Whether a paragraph sits in a container of its own below ``section`` (a named or
    telling one); a class on the paragraph element itself (``p.body-text``) is not one."""
    el = paragraph if paragraph.tag in _CONTAINERS else paragraph.getparent()
    while el is not section and el is not None:
        if el.get("id") or el.get("class") or el.tag in _TELLING_TAGS:
            return el is not section
        el = el.getparent()
    return False


def _page_post(tree: etree._Element) -> str | None:
    """The post id of a WordPress single-post page (None for any other page)."""
    body = tree.find("body")
    found = _PAGE_POST.search(body.get("class") or "") if body is not None else None
    return found[1] if found else None


def _container_words(sources: list[etree._Element | None], post: str | None) -> list[frozenset[str]]:
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
    # Another post's teaser is one however many of them the extractor kept.
    teasers = {el for el in shared if _other_post(el, post)} if post else set()
    return [
        frozenset(
            w for el in chains[source] if shared[el] < limit for w in words_of[el] if everywhere[w] < limit
        ) | (_TEASER if teasers.intersection(chains[source]) else frozenset())
        for source in sources
    ]


def _other_post(el: etree._Element, post: str) -> bool:
    """Whether ``el`` is a WordPress post other than the page's own ``post``."""
    item = _ITEM_POST.search(el.get("class") or "")
    return item is not None and item[1] != post


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
