"""The page's title and the names it gives its outlet, read from its head and headings."""

from __future__ import annotations

import regex
from lxml import etree

from cleantext.facts import headline_key, quick_words
from cleantext.model import Block
from cleantext.scoring import SCORING

#: A part of the <title> this short may name the outlet; the first blocks may repeat the
#: title (scoring.toml [title]).
SITE_NAME_WORDS = SCORING.title.site_name_words
TITLE_BLOCKS = SCORING.title.title_blocks
TITLE_CANDIDATES = SCORING.title.title_candidates

#: A separator between a headline and a site name ("Budget passes | The Herald").
_TITLE_SPLIT = regex.compile(r"\s+[|\-–—:·•»]\s+")
#: Each XPath that looks at every node costs some 20 ms over the 181 benchmark pages, so
#: <head> is not searched for: libxml2 only ever puts it under a top-level <html> (1 to
#: 4 ms). Finding h1 first and testing its ancestors is one walk where "//body//h1"
#: walked twice (18 vs 21 ms).
_TITLE_TAG = etree.XPath("/html/head/title//text()")
#: Where a title is declared, most trusted first.
_TITLES = (
    etree.XPath('/html/head/meta[@property="og:title"]/@content'),
    etree.XPath('/html/head/meta[@name="twitter:title"]/@content'),
    _TITLE_TAG,
    etree.XPath("/descendant::h1[ancestor::body]"),
)
_SITE_NAMES = (
    etree.XPath('/html/head/meta[@property="og:site_name"]/@content'),
    etree.XPath('/html/head/meta[@name="application-name"]/@content'),
)


def title(tree: etree._Element, blocks: list[Block]) -> str | None:
    """The page title; of its variants, the one the first blocks repeat, if any."""
    heads = {headline_key(b.text) for b in blocks[:TITLE_BLOCKS]}
    first: str | None = None
    for xpath in _TITLES:
        for found in xpath(tree)[:TITLE_CANDIDATES]:
            text = found.text_content() if isinstance(found, etree._Element) else str(found)
            text = " ".join(text.split())
            if not text:
                continue
            first = first or text
            for candidate in variants(text):
                if headline_key(candidate) in heads:
                    return candidate
    return first


def variants(text: str) -> list[str]:
    """A title as declared, and without a site name before or after the headline."""
    if not _TITLE_SPLIT.search(text):
        return [text]
    return [
        text,
        _TITLE_SPLIT.split(text, maxsplit=1)[1],
        text[: text.rfind(_TITLE_SPLIT.findall(text)[-1])],
    ]


def site_names(tree: etree._Element, title: str | None) -> tuple[str, ...]:
    """What the page calls its outlet: its declared site name, and the short parts of its
    <title> that a separator sets apart from the headline ("Budget passes | The Herald")."""
    names = [" ".join(str(found).split()) for xpath in _SITE_NAMES for found in xpath(tree)[:1]]
    headline = headline_key(title) if title else None
    for found in _TITLE_TAG(tree)[:1]:
        parts = _TITLE_SPLIT.split(" ".join(str(found).split()))
        if len(parts) > 1:
            names += [
                p
                for p in (parts[0], parts[-1])
                if quick_words(p) <= SITE_NAME_WORDS and headline_key(p) != headline
            ]
    return tuple(dict.fromkeys(name for name in names if name))
