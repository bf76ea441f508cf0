"""HTML -> raw blocks: the extraction's order of steps, and the only module that imports trafilatura.

The page is parsed with lxml, trafilatura finds its main content, and each line of that
content becomes a Block carrying the facts of its source element (dom.py), with the page's
title and outlet names (titles.py).

When lxml or trafilatura cannot be trusted with a page (lxml stops silently past its
nesting or text-node limits; trafilatura is superlinear on huge pages, or rejects a
page that has text) the linear text walk (walk.py) takes over and a note says so: the
end of a page is never lost silently.
"""

from __future__ import annotations

import functools
import logging
import re
from itertools import islice
from typing import TYPE_CHECKING, NamedTuple

import regex
from ftfy.fixes import fix_c1_controls
from lxml import etree
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlElementClassLookup,
    HtmlEntity,
    HtmlProcessingInstruction,
    fromstring,
)

from cleantext import dom, titles
from cleantext.model import Block, Discarded
from cleantext.options import Options
from cleantext.scoring import SCORING
from cleantext.tags import STRIPPED
from cleantext.walk import walk

if TYPE_CHECKING:
    from trafilatura.settings import Extractor

#: Pages past these sizes or table depths take the linear walk (scoring.toml [extract]).
MAX_EXTRACT_CHARS = SCORING.extract.max_extract_chars
MAX_TABLE_DEPTH = SCORING.extract.max_table_depth

# trafilatura logs every page it rejects; cleaning reports that in notes instead. A
# NullHandler keeps Python's last-resort handler from printing those records to stderr
# while an application that configures logging still receives them.
logging.getLogger("trafilatura").addHandler(logging.NullHandler())

#: trafilatura's element names -> the tag a Block reports.
_TRAFILATURA_TAGS = {
    "head": "h",
    "p": "p",
    "list": "li",
    "quote": "blockquote",
    "table": "table",
    "code": "pre",
}
#: The bullet or number trafilatura prints before a list item's text.
_MARKER = re.compile(r"^(?:[-*•]|\d+\.) ")
#: ZWJ / ZWNJ as entities; they or the characters themselves ask for the joiner repair.
#: One search with a literal "&" prefix: a substring test per spelling cost 8 scans of the page.
_JOINER_ENTITY = re.compile("&(?:zwn?j|#820[45]|#x200[cdCD])")
#: C1 controls: never text in HTML, but windows-1252 characters misread as ISO-8859-1.
#: (regex, not re: re scans a page for a character class about seven times slower.)
_C1_CONTROLS = regex.compile("[\x80-\x9f]")
#: A <noscript> start or end tag (its attributes bounded, so that a page of unclosed tags
#: is still read in linear time).
_NOSCRIPT_TAG = re.compile(r"<(/?)noscript\b[^<>]{0,2000}>", re.IGNORECASE)
#: The end of a script or a comment: a span holding one began inside it ("<noscript>" in a
#: script's string), not at a tag.
_SCRIPT_OR_COMMENT_END = re.compile(r"</script|-->", re.IGNORECASE)

#: The exceptions trafilatura is known to raise on pages it cannot handle.
_EXTRACTOR_FAILURES = (ValueError, TypeError, RecursionError)


class Extracted(NamedTuple):
    """What extraction found: the main-content blocks, the page title, the names the page
    gives its outlet, notes on any fallback used, and the page's text left out."""

    blocks: list[Block]
    title: str | None
    site_names: tuple[str, ...]
    notes: list[str]
    discarded: tuple[Discarded, ...] = ()


def extract(html: str, options: Options, discarded: bool = True) -> Extracted:
    """The page's main-content blocks, its title and outlet names, and notes on any fallback;
    with ``discarded``, the regions of the page's text the extractor left out."""
    notes: list[str] = []
    if options.fix_encoding and (controls := len(_C1_CONTROLS.findall(html))):
        # The parser and trafilatura drop C1 controls, and with them the quotes and dashes
        # of windows-1252 text decoded as ISO-8859-1 before it reached us: read them as a
        # browser does, while they are still there.
        html = fix_c1_controls(html)
        notes.append(f"{controls} C1 control character{'s' if controls > 1 else ''} read as windows-1252")
    if len(html) > MAX_EXTRACT_CHARS:
        notes.append(
            f"page of {len(html)} characters is past {MAX_EXTRACT_CHARS}: linear text walk used instead of trafilatura"
        )
        return Extracted(*walk(html), (), notes)
    tree, problem = _parse(_without_noscript(html))
    if problem:
        notes.append(f"lxml stopped early ({problem}): linear text walk used instead of trafilatura")
        return Extracted(*walk(html), (), notes)
    assert tree is not None
    depth = _table_depth(tree)
    if depth > MAX_TABLE_DEPTH:
        notes.append(
            f"tables nested {depth} deep (past {MAX_TABLE_DEPTH}): linear text walk used instead of trafilatura"
        )
        return Extracted(*walk(html), titles.site_names(tree, None), notes)
    # Never text, and trafilatura would drop them anyway: dropping them first (in C) makes
    # its copy of the tree and every one of its XPath passes cheaper, with the same output.
    etree.strip_elements(tree, *STRIPPED, with_tail=False)
    body, failure = _main_content(tree, "comments" in options.keep)
    joiners = "\u200c" in html or "\u200d" in html or _JOINER_ENTITY.search(html) is not None
    lines = _lines(body) if body is not None else []
    blocks, regions = dom.blocks(lines, tree, joiners, discarded) if lines else ([], ())
    if len(blocks) > len(lines):
        added = len(blocks) - len(lines)
        notes.append(f"{added} paragraph{'s' if added > 1 else ''} of the article's sections that trafilatura left out put back")
    if not blocks:
        walked, title = walk(html)
        if walked:
            why = f"trafilatura failed ({failure})" if failure else "trafilatura found no main content"
            notes.append(f"{why}: linear text walk used")
            return Extracted(walked, title, titles.site_names(tree, title), notes)
    title = titles.title(tree, blocks)
    return Extracted(blocks, title, titles.site_names(tree, title), notes, regions)


def _without_noscript(html: str) -> str:
    """The page without its <noscript> elements, each ended where a browser ends it.

    A browser that runs scripts reads a noscript element's content as text up to the first
    end tag. libxml2 parses it as markup: an element left open inside it (``<noscript><div
    id="menu"></noscript>``, a fallback that opens what a script would close) keeps it open,
    and the rest of the page, the article included, would be stripped with it (tags.STRIPPED).
    An unclosed one is left to the parser, as a browser hides the rest of the page too, and
    so is a span that ends a script or a comment.
    """
    parts: list[str] = []
    kept_from, opened = 0, -1
    for tag in _NOSCRIPT_TAG.finditer(html):
        if opened < 0 and not tag[1]:
            opened = tag.start()
        elif opened >= 0 and tag[1]:
            if not _SCRIPT_OR_COMMENT_END.search(html, opened, tag.start()):
                parts.append(html[kept_from:opened])
                kept_from = tag.end()
            opened = -1
    if not parts:
        return html
    parts.append(html[kept_from:])
    return "".join(parts)


def _table_depth(tree: etree._Element) -> int:
    """How deep tables nest in the tree; or, when there are at most MAX_TABLE_DEPTH tables,
    their count (a bound on the depth, and a cheap one: most pages have a few tables)."""
    tables = sum(1 for _ in islice(tree.iter("table"), MAX_TABLE_DEPTH + 1))
    if tables <= MAX_TABLE_DEPTH:
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
#: most of the article, and the full pass runs (scoring.toml [extract]).
THIN_CHARS = SCORING.extract.thin_chars
#: ... and its result is taken when it is this many times as long (scoring.toml [extract]).
FULLER_RATIO = SCORING.extract.fuller_ratio


def _main_content(tree: etree._Element, comments: bool) -> tuple[etree._Element | None, str | None]:
    """trafilatura's main-content tree (its XML elements); or None, with the name of the
    exception trafilatura raised if it failed (None if it rejected the page).

    Its recall setting first: what that adds beyond the article is what the classifier is
    for. When the result is thin, its full pass, which compares its own result with
    readability's and jusText's, and whose result is taken when it is several times as long
    (a page whose article the first pass missed; less than that, it adds what surrounds the
    article). It is not run when the page holds too little text for that. The fast pass
    alone, measured on the dev corpora, kept less of the article on every corpus of old or
    hand-made pages (docs/benchmarks.md).
    """
    body, failure = _extracted(tree, comments, recall=True)
    chars = 0 if body is None else _chars(body)
    # The page's text bounds what any pass can extract (trafilatura prunes the tree in place,
    # so what is left of it bounds the full pass).
    if chars < THIN_CHARS and (body is None or FULLER_RATIO * chars < len(tree.text_content())):
        fuller, failed_again = _extracted(tree, comments, recall=False)
        if fuller is not None and (body is None or _chars(fuller) > FULLER_RATIO * chars):
            return fuller, None
        failure = failure or failed_again
    return body, failure if body is None else None


def _chars(body: etree._Element) -> int:
    return sum(len(t) for t in body.itertext())


def _extracted(tree: etree._Element, comments: bool, recall: bool) -> tuple[etree._Element | None, str | None]:
    """One trafilatura pass: its main content, or None and the exception's name if it failed."""
    import trafilatura
    from trafilatura.settings import Document

    try:
        document = trafilatura.bare_extraction(tree, options=_extractor(comments, recall))
    except _EXTRACTOR_FAILURES as err:
        return None, type(err).__name__
    if not isinstance(document, Document):  # None: no main content (a dict only if asked for)
        return None, None
    body = document.body
    if comments and document.commentsbody is not None and len(document.commentsbody):
        body.extend(list(document.commentsbody))
    return body, None


@functools.cache
def _extractor(comments: bool, recall: bool) -> Extractor:
    """trafilatura's options, built once: reading them from its config took 20 ms a pass
    over the 181 benchmark pages. trafilatura never changes an Extractor it is given."""
    from trafilatura.settings import Extractor

    return Extractor(output_format="xml", fast=False, recall=recall, comments=comments, with_metadata=False)


#: Characters that lxml refuses in text it is given (XML 1.0 excludes them).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _lines(body: etree._Element) -> list[dom.Line]:
    """The lines of trafilatura's main-content text, each with the kind of its element."""
    from trafilatura.xml import xmltotxt

    lines = _loose(body.text)
    for child in body:
        tail, child.tail = child.tail, None
        text = xmltotxt(child, False)
        try:
            child.tail = tail
        except ValueError:
            # A control character the parser let through, which lxml will not set again:
            # the tree keeps the rest of the tail (the line below reads the tail itself).
            child.tail = _XML_INVALID.sub("", tail or "")
        if not text.strip():
            lines += _loose(tail)
            continue
        tag = _TRAFILATURA_TAGS.get(child.tag, "p")
        if tag == "h" and (child.get("rend") or "").startswith("h"):
            tag = child.get("rend")
        for line in text.splitlines():
            if line.strip():
                lines.append(dom.Line(line, tag, _MARKER.sub("", line) if tag == "li" else line))
        lines += _loose(tail)
    return lines


def _loose(text: str | None) -> list[dom.Line]:
    """Text trafilatura left loose in its main content (before its first element or after
    one): part of the article, so a paragraph of its own rather than lost."""
    if not text:
        return []
    return [dom.Line(line, "p", line) for line in map(str.strip, text.splitlines()) if line]


