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

import functools
import logging
import re
from collections import Counter
from html import unescape
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

import regex
from lxml import etree
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlElementClassLookup,
    HtmlEntity,
    HtmlProcessingInstruction,
    fromstring,
)

from cleantext.model import EXTRACTED, WALKED, Block, Discarded
from cleantext.normalize import headline_key
from cleantext.options import Options

if TYPE_CHECKING:
    from trafilatura.settings import Extractor

#: Past this many characters trafilatura's time grows faster than the page (> 60 s at
#: 16 MB); the linear walk keeps time proportional to size.
MAX_EXTRACT_CHARS = 2_000_000
#: trafilatura's table handling grows about cubically with table nesting (1,000 nested
#: tables: over 20 CPU-s); real layouts nest a handful deep. Deeper pages take the walk.
MAX_TABLE_DEPTH = 20
#: A container holding at least this share of the extracted blocks is the article
#: itself; its class/id words say nothing about one block.
SHARED_CONTAINER = 0.5
#: Ancestors looked at for container words, nearest first.
MAX_DEPTH = 8

# trafilatura logs every page it rejects; cleaning reports that in notes instead. A
# NullHandler keeps Python's last-resort handler from printing those records to stderr
# while an application that configures logging still receives them.
logging.getLogger("trafilatura").addHandler(logging.NullHandler())

_TRAFILATURA_TAGS = {
    "head": "h",
    "p": "p",
    "list": "li",
    "quote": "blockquote",
    "table": "table",
    "code": "pre",
}
_WORD = regex.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_MARKER = regex.compile(r"^(?:[-*•]|\d+\.) ")
_TITLE_SPLIT = regex.compile(r"\s+[|\-–—:·•»]\s+")
#: Tags that make a separate paragraph in the linear walk.
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "td",
        "th",
        "tr",
        "ul",
        "br",
        "title",
    ]
)
#: ZWJ / ZWNJ as entities; they or the characters themselves ask for the joiner repair.
#: One search with a literal "&" prefix: a substring test per spelling cost 8 scans of the page.
_JOINER_ENTITY = re.compile("&(?:zwn?j|#820[45]|#x200[cdCD])")
#: Elements that never hold text, stripped before trafilatura sees the tree.
_NOT_TEXT = ("script", "style", "noscript", "svg", "template", "iframe", "link")
_SKIP_TAGS = frozenset(["script", "style", "noscript", "template", "svg", "math"])
#: Class tokens that state what the page has or does ("has-section-nav", "is-sticky").
_STATE_PREFIXES = frozenset(["has", "no", "not", "with", "without", "is", "hide", "hidden", "show", "js"])
#: Tag names that are as telling as a class word when they sit inside the article.
_TELLING_TAGS = frozenset(["aside", "footer", "nav", "form", "figcaption", "figure", "header"])


class Extracted(NamedTuple):
    """What extraction found: the main-content blocks, the page title, the names the page
    gives its outlet, notes on any fallback used, and the page's text left out."""

    blocks: list[Block]
    title: str | None
    site_names: tuple[str, ...]
    notes: list[str]
    discarded: tuple[Discarded, ...] = ()


def extract(html: str, options: Options) -> Extracted:
    """The page's main-content blocks, its title and outlet names, and notes on any fallback."""
    notes: list[str] = []
    if len(html) > MAX_EXTRACT_CHARS:
        notes.append(
            f"page of {len(html)} characters is past {MAX_EXTRACT_CHARS}: linear text walk used instead of trafilatura"
        )
        return Extracted(*_walk(html), (), notes)
    tree, problem = _parse(html)
    if problem:
        notes.append(f"lxml stopped early ({problem}): linear text walk used instead of trafilatura")
        return Extracted(*_walk(html), (), notes)
    assert tree is not None
    depth = _table_depth(tree)
    if depth > MAX_TABLE_DEPTH:
        notes.append(f"tables nested {depth} deep (past {MAX_TABLE_DEPTH}): linear text walk used instead of trafilatura")
        return Extracted(*_walk(html), _site_names(tree, None), notes)
    # Never text, and trafilatura would drop them anyway: dropping them first (in C) makes
    # its copy of the tree and every one of its XPath passes cheaper, with the same output.
    etree.strip_elements(tree, *_NOT_TEXT, with_tail=False)
    body = _main_content(tree, "comments" in options.keep)
    joiners = "\u200c" in html or "\u200d" in html or _JOINER_ENTITY.search(html) is not None
    blocks, discarded = _blocks(body, tree, joiners) if body is not None else ([], ())
    if not blocks:
        walked, title = _walk(html)
        if walked:
            notes.append("trafilatura found no main content: linear text walk used")
            return Extracted(walked, title, _site_names(tree, title), notes)
    title = _title(tree, blocks)
    return Extracted(blocks, title, _site_names(tree, title), notes, discarded)


def _table_depth(tree: etree._Element) -> int:
    """How deep tables nest in the tree; or, when there are at most MAX_TABLE_DEPTH tables,
    their count (a bound on the depth, and a cheap one: most pages have a few tables)."""
    tables = 0
    for _ in tree.iter("table"):
        tables += 1
        if tables > MAX_TABLE_DEPTH:
            break
    else:
        return tables
    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end"), tag="table"):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


#: lxml.html's element classes (HtmlElement, FormElement ...), chosen in C from the same
#: tag table. lxml.html's own HTMLParser chooses them in Python, for every element object
#: lxml creates, in trafilatura's passes as in ours: 330,000 calls over the 181 benchmark
#: pages, about 3% of extract()'s time.
_HTML_CLASSES = etree.ElementNamespaceClassLookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
)
_HTML_CLASSES.get_namespace(None).update(HtmlElementClassLookup._default_element_classes)


def _parse(html: str) -> tuple[etree._Element | None, str | None]:
    """The lxml tree, or the reason lxml gave up; a fatal parser error means lost text."""
    parser = etree.HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
    )
    parser.set_element_class_lookup(_HTML_CLASSES)
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


#: Main content shorter than this (characters) is thin: the first pass may have missed
#: most of the article, and the full pass runs. Ten times trafilatura's own minimum
#: extraction size: the length past which its recall setting skips its comparison with
#: readability and jusText.
THIN_CHARS = 2500


def _main_content(tree: etree._Element, comments: bool) -> etree._Element | None:
    """trafilatura's main-content tree (its XML elements), or None if it rejects the page.

    Its recall setting first: what that adds beyond the article is what the classifier is
    for. When the result is thin, its full pass, which compares its own result with
    readability's and jusText's (a page whose article the first pass missed). The fast
    pass alone, measured on the dev corpora, kept less of the article on every corpus of
    old or hand-made pages (docs/benchmarks.md).
    """
    body = _extracted(tree, comments, recall=True)
    if body is None or _chars(body) < THIN_CHARS:
        fuller = _extracted(tree, comments, recall=False)
        if fuller is not None and (body is None or _chars(fuller) > _chars(body)):
            body = fuller
    return body


def _chars(body: etree._Element) -> int:
    return sum(len(t) for t in body.itertext())


def _extracted(tree: etree._Element, comments: bool, recall: bool) -> etree._Element | None:
    import trafilatura

    try:
        document = trafilatura.bare_extraction(tree, options=_extractor(comments, recall))
    except (ValueError, TypeError, RecursionError):
        return None
    if document is None:
        return None
    body = document.body
    if comments and document.commentsbody is not None and len(document.commentsbody):
        body.extend(list(document.commentsbody))
    return body


@functools.cache
def _extractor(comments: bool, recall: bool) -> Extractor:
    """trafilatura's options, built once: reading them from its config took 20 ms a pass
    over the 181 benchmark pages. trafilatura never changes an Extractor it is given."""
    from trafilatura.settings import Extractor

    return Extractor(output_format="xml", fast=False, recall=recall, comments=comments, with_metadata=False)


def _blocks(
    body: etree._Element, tree: etree._Element, joiners: bool = False
) -> tuple[list[Block], tuple[Discarded, ...]]:
    """One Block per line of trafilatura's text, with hints from its source element, and
    the regions of the page's text that trafilatura left out."""
    from trafilatura.xml import xmltotxt

    lines: list[tuple[str, str, str]] = []
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
                lines.append((line, tag, _MARKER.sub("", line) if tag == "li" else line))
    texts = _TEXT_NODES(tree)
    sources = _sources(texts, [bare for _, _, bare in lines])
    pieces = [(line, tag, source) for (line, tag, _), source in zip(lines, sources)]
    chains: dict[etree._Element | None, tuple[etree._Element, ...]] = {}
    for _, _, source in pieces:
        if source not in chains:
            chains[source] = _chain(source)
    # How many blocks each container and each word covers: what most blocks share is the
    # article. Words are counted per block, not per element: an article printed in several
    # sibling containers of one class ("article-body" per section) carries its words in each.
    shared: Counter[etree._Element] = Counter()
    for _, _, source in pieces:
        shared.update(chains[source])
    words_of: dict[etree._Element, frozenset[str]] = {el: _words(el) for el in shared}
    chain_words = {source: frozenset(w for el in chain for w in words_of[el]) for source, chain in chains.items()}
    everywhere: Counter[str] = Counter()
    for _, _, source in pieces:
        everywhere.update(chain_words[source])
    # Of the blocks mapped back to the page: unmapped ones (no source element) carry no words.
    limit = max(2.0, SHARED_CONTAINER * sum(1 for _, _, source in pieces if source is not None))
    density = _LinkDensity()
    blocks = []
    for line, tag, source in pieces:
        words = frozenset(
            w for el in chains[source] if shared[el] < limit for w in words_of[el] if everywhere[w] < limit
        )
        if joiners and not line.isascii():
            line = _rejoined(line, source)
        blocks.append(Block(len(blocks), line, None, tag, density.of(source), words, EXTRACTED))
    return blocks, _discarded(texts, sources)


#: Text nodes worth indexing: not blank (the filter runs inside libxml2). Invisible ones
#: need no test: extract() strips script, style and noscript first. A parent:: test and
#: "//text()" (which sorts a merged node set) made the pass a third dearer (1.12 vs 0.83
#: G instructions under callgrind, over the 181 benchmark pages).
_TEXT_NODES = etree.XPath("//body/descendant::text()[normalize-space()]")


#: Characters of a discarded region's text quoted in the report.
EXCERPT_CHARS = 80


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


def _owner(text: etree._ElementUnicodeResult) -> etree._Element | None:
    """The element a text node belongs to (a tail belongs to the element's parent)."""
    owner = text.getparent()
    return owner.getparent() if text.is_tail and owner is not None else owner


def _discarded(texts: list[etree._ElementUnicodeResult], sources: list[etree._Element | None]) -> tuple[Discarded, ...]:
    """The page's text that the extractor left out, as regions (consecutive text nodes of one
    container), so that every word of the page is accounted for as kept or discarded.

    A text node counts as kept when its paragraph (nearest block element) gave a block.
    """
    kept = {_blockish(el) for el in sources if el is not None}
    regions: list[tuple[etree._Element, list[str]]] = []
    for text in texts:
        owner = _owner(text)
        if owner is None or _blockish(owner) in kept:
            continue
        region = _region(owner)
        if regions and regions[-1][0] is region:
            regions[-1][1].append(text)
        else:
            regions.append((region, [text]))
    return tuple(_discard(el, parts) for el, parts in regions)


def _blockish(el: etree._Element) -> etree._Element:
    while el.tag not in _BLOCKISH and el.getparent() is not None:
        el = el.getparent()
    return el


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
    text = " ".join(" ".join(parts).split())
    selector = el.tag + "".join(f"#{v}" for v in (el.get("id") or "").split()[:1])
    selector += "".join(f".{c}" for c in (el.get("class") or "").split()[:3])
    return Discarded(selector, text[:EXCERPT_CHARS], len(text))


#: Characters of a line's opening that identify its source text node.
KEY_CHARS = 40
#: Shorter openings are too common ("By", "Photo") to say where a line came from.
MIN_KEY_CHARS = 12


def _key(text: str) -> str:
    key = " ".join(text[: KEY_CHARS * 3].split())
    # trafilatura drops non-printables (joiners too): match without them. Tested after the
    # split, which takes non-breaking and other non-printable spaces out: tested before it,
    # a page's &nbsp; sent most text nodes down the character-by-character path (a tenth
    # of the whole pass).
    if not key.isprintable():
        key = " ".join("".join(c for c in key if c.isprintable()).split())
    return key[:KEY_CHARS]


def _rejoined(line: str, source: etree._Element | None) -> str:
    """The line with the joiners trafilatura dropped put back from its source text.

    trafilatura removes every non-printable character, ZWJ and ZWNJ included, which breaks
    emoji sequences and Persian or Indic words; the source element still has them.
    """
    if source is None:
        return line
    while source.tag not in _BLOCKISH and source.getparent() is not None:
        source = source.getparent()
    original = " ".join(source.text_content().split())
    if "\u200c" not in original and "\u200d" not in original:
        return line
    kept = [i for i, c in enumerate(original) if c.isprintable() or c.isspace()]
    stripped = "".join(original[i] for i in kept)
    start = stripped.find(line.strip())
    if start < 0:
        return line
    end = start + len(line.strip()) - 1
    return original[kept[start] : kept[end] + 1]


_BLOCKISH = frozenset(
    [
        "p",
        "li",
        "dd",
        "dt",
        "td",
        "th",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "figcaption",
        "div",
        "section",
        "article",
    ]
)


def _chain(el: etree._Element | None) -> tuple[etree._Element, ...]:
    """The element and its nearest ancestors below <body>."""
    chain = []
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


#: Each XPath that looks at every node costs some 20 ms over the 181 benchmark pages, so
#: <head> is not searched for: libxml2 only ever puts it under a top-level <html> (1 to
#: 4 ms). Finding h1 first and testing its ancestors is one walk where "//body//h1"
#: walked twice (18 vs 21 ms).
_TITLES = (
    etree.XPath('/html/head/meta[@property="og:title"]/@content'),
    etree.XPath('/html/head/meta[@name="twitter:title"]/@content'),
    etree.XPath("/html/head/title//text()"),
    etree.XPath("/descendant::h1[ancestor::body]"),
)


_SITE_NAMES = (
    etree.XPath('/html/head/meta[@property="og:site_name"]/@content'),
    etree.XPath('/html/head/meta[@name="application-name"]/@content'),
)


#: A part of the <title> this short, set apart by a separator, may name the outlet.
SITE_NAME_WORDS = 5


def _site_names(tree: etree._Element, title: str | None) -> tuple[str, ...]:
    """What the page calls its outlet: its declared site name, and the short parts of its
    <title> that a separator sets apart from the headline ("Budget passes | The Herald")."""
    names = [" ".join(str(found).split()) for xpath in _SITE_NAMES for found in xpath(tree)[:1]]
    headline = headline_key(title) if title else None
    for found in _TITLES[2](tree)[:1]:
        parts = _TITLE_SPLIT.split(" ".join(str(found).split()))
        if len(parts) > 1:
            names += [p for p in (parts[0], parts[-1]) if len(p.split()) <= SITE_NAME_WORDS and headline_key(p) != headline]
    return tuple(dict.fromkeys(name for name in names if name))


def _title(tree: etree._Element, blocks: list[Block]) -> str | None:
    """The page title; of its variants, the one the first blocks repeat, if any."""
    heads = {headline_key(b.text) for b in blocks[:2]}
    first: str | None = None
    for xpath in _TITLES:
        for found in xpath(tree)[:3]:
            text = found.text_content() if isinstance(found, etree._Element) else str(found)
            text = " ".join(text.split())
            if not text:
                continue
            first = first or text
            candidates = [text]
            if _TITLE_SPLIT.search(text):  # a site name before or after the headline
                candidates.append(_TITLE_SPLIT.split(text, maxsplit=1)[1])
                candidates.append(text[: text.rfind(_TITLE_SPLIT.findall(text)[-1])])
            for candidate in candidates:
                if headline_key(candidate) in heads:
                    return candidate
    return first


_TAG_NAME = re.compile(r"(/?)([A-Za-z][A-Za-z0-9:-]{0,30})")


def _walk(html: str) -> tuple[list[Block], str | None]:
    """Every visible paragraph of the page, in one linear pass over its tags (no tree, no depth).

    A tokenizer rather than a parser, so nesting depth and node size cannot stop it: the
    page is split at "<", and each piece is a tag followed by the text after it.
    """
    blocks: list[str] = []
    title: list[str] | None = None
    current: list[str] = []
    until: str | None = None  # inside a comment, script or title: the piece that ends it
    pieces = html.split("<")
    current.append(pieces[0])

    def flush() -> None:
        if current:
            text = "".join(current)
            if "&" in text:
                text = unescape(text)
            text = " ".join(text.split())
            if text:
                blocks.append(text)
            current.clear()

    for piece in pieces[1:]:
        if until is not None:
            if until == "-->":
                close = piece.find("-->")
                if close < 0:
                    continue
                until = None
                current.append(piece[close + 3 :])
                continue
            if piece[: len(until)].lower() != until:
                if until == "/title" and title is not None:
                    title.append("<" + piece)
                continue
            until = None
            piece = piece[1:]  # now an end tag like any other
            gt = piece.find(">")
            current.append(piece[gt + 1 :] if gt >= 0 else "")
            continue
        if piece.startswith("!--"):
            close = piece.find("-->", 3)
            if close < 0:
                until = "-->"
            else:
                current.append(piece[close + 3 :])
            continue
        m = _TAG_NAME.match(piece)
        if m is None:
            if piece[:1] in ("!", "?"):  # doctype, CDATA or processing instruction
                gt = piece.find(">")
                current.append(piece[gt + 1 :] if gt >= 0 else "")
            else:
                current.append("<" + piece)  # a bare "<" in text
            continue
        name = m.group(2).lower()
        gt = piece.find(">", m.end())
        after = piece[gt + 1 :] if gt >= 0 else ""
        if not m.group(1) and (name in _SKIP_TAGS or name == "title"):
            until = "/" + name
            if name == "title" and title is None:
                title = [after]
            continue
        if name in _BLOCK_TAGS:
            flush()
        current.append(after)
    flush()
    title_text = " ".join(unescape("".join(title)).split()) if title else ""
    return [Block(i, text, origin=WALKED) for i, text in enumerate(blocks)], title_text or None
