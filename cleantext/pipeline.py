"""The one place that fixes the stage order; every drop goes through ``assemble``.

not text? -> decode -> not text? -> sniff -> extract (HTML) or segment (text) -> normalize
-> classify -> assemble

``prepare()`` runs the stages up to classification, ``finish()`` the rest; ``explain()``
is the two in a row.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from cleantext import classify as classify_
from cleantext import language, outlet
from cleantext.decode import decode
from cleantext.match import Hit, matcher
from cleantext.model import Block, Cleaned, Decoding, Discarded, Label, Removal
from cleantext.normalize import normalize
from cleantext.options import DEFAULT, Options
from cleantext.segment import segment
from cleantext.sniff import is_html, not_text
from cleantext.templates import Templates, site_of

#: ``Cleaned.source`` of input that is not text (a file format, or binary bytes).
NOT_TEXT = "not_text"


def explain(
    doc: str | bytes,
    /,
    *,
    options: Options | None = None,
    url: str | None = None,
    templates: Templates | None = None,
    site: str | None = None,
    discarded: bool = True,
) -> Cleaned:
    """Clean ``doc`` and account for every block: what was kept, what was cut and why.

    ``url``, where the caller knows it, names the outlet: its appeals and footers that name
    it count as evidence (outlet.py). ``templates`` learned from the site's pages make a
    block the site prints on many of them evidence too (templates.py); the site is
    ``site``, else ``url``'s registered domain. ``discarded=False`` leaves out the page
    regions the extractor discarded (``Cleaned.discarded`` is then empty): their accounting
    is a tenth of the work on an HTML page, and only a reader of the report needs it.

    ``explain(doc).text == clean(doc)``; ``kept`` and ``removed`` partition ``blocks``.

    >>> result = explain("Rates rose again on Monday.\\nRead more: Why rates rise")
    >>> [r.category for r in result.removed]
    ['read_more']
    """
    return finish(prepare(doc, options=options, discarded=discarded), url=url, templates=templates, site=site)


def prepare(
    doc: str | bytes, /, *, options: Options | None = None, discarded: bool = True
) -> Prepared | Cleaned:
    """``doc`` up to classification: decoded, extracted or segmented, normalized (for input
    that is not text, its final result). ``finish()`` labels it: a caller that learns site
    templates from a page and then cleans it extracts the page once.

    ``finish(prepare(doc, options=o, discarded=d), ...) == explain(doc, options=o, discarded=d, ...)``.
    """
    return _prepare(doc, _options(options), discarded)


def finish(
    prepared: Prepared | Cleaned,
    /,
    *,
    url: str | None = None,
    templates: Templates | None = None,
    site: str | None = None,
) -> Cleaned:
    """Classify and assemble a document ``prepare()`` made, with the options it was made with."""
    if isinstance(prepared, Cleaned):
        return prepared
    blocks, title, site_names, notes, discarded, decoding, html, options = prepared
    template_hits = _template_hits(blocks, templates, site, url)
    labels, timeouts = _labels(blocks, options, title, outlet.names(site_names, url), template_hits)
    if not html:
        # Plain text has no page title; a first line the classifier cut as one is it.
        title = next((b.text for b, label in zip(blocks, labels, strict=True) if label.category == "title"), None)
    cleaned = assemble(blocks, labels, options, source="html" if html else "text",
                       title=title, decoding=decoding, notes=(*notes, *timeouts), discarded=discarded)
    if not html and options.input_format == "auto" and cleaned.removed and is_html(cleaned.text):
        # Text read as text, with a few lines of tags, whose cut lines held the tags' share
        # of lines under the sniff's threshold: the output would read as HTML the next time
        # and clean to something else. Kept whole, it reads as text again (idempotence).
        why = f"the text without its {len(cleaned.removed)} cut blocks would read as HTML: nothing cut"
        cleaned = assemble(blocks, labels, options, source="text", title=title, decoding=decoding,
                           notes=(*cleaned.notes, why), discarded=discarded, cut=False)
    return cleaned


class Prepared(NamedTuple):
    """A document up to classification: its normalized blocks, what the report needs, and
    the options it was prepared with (the rest of the pipeline uses the same)."""

    blocks: tuple[Block, ...]
    title: str | None
    site_names: tuple[str, ...]
    notes: tuple[str, ...]
    discarded: tuple[Discarded, ...]
    decoding: Decoding | None
    html: bool
    options: Options


def _options(options: Options | None) -> Options:
    options = DEFAULT if options is None else options
    if not isinstance(options, Options):
        raise TypeError(f"options must be a cleantext.Options, not {type(options).__name__}")
    return options


def _prepare(doc: str | bytes, options: Options, discarded: bool) -> Prepared | Cleaned:
    """Decode, sniff, extract or segment, normalize; a Cleaned result for input that is not text."""
    text, decoding, why = _as_text(doc, options)
    if text is None:
        return _not_text(why, decoding)
    notes = [f"decoding ({decoding.encoding}): {decoding.method}"] if decoding and decoding.repaired else []
    html = options.input_format == "html" or (options.input_format == "auto" and is_html(text))
    raw, title, site_names, extract_notes, regions = _raw_blocks(text, options, html, discarded)
    notes.extend(extract_notes)
    blocks = _normalized(raw, options)
    if title:
        title = normalize(title, options)
    return Prepared(blocks, title, site_names, tuple(notes), regions, decoding, html, options)


def _template_hits(
    blocks: tuple[Block, ...], templates: Templates | None, site: str | None, url: str | None
) -> tuple[Hit | None, ...]:
    """Per block, the template evidence of its site; nothing when the site has too few pages."""
    if templates is None:
        return ()
    if not isinstance(templates, Templates):
        raise TypeError(f"templates must be a cleantext.Templates, not {type(templates).__name__}")
    site = site or (site_of(url) if url else None)
    if site is None or not templates.active(site):
        return ()
    return tuple(templates.hit(site, b.text) for b in blocks)


def _as_text(doc: object, options: Options) -> tuple[str | None, Decoding | None, str]:
    """The document as text, and how its bytes were decoded; or None and why it is not text.

    Bytes that are a file format are refused before decoding (magic numbers say enough).
    """
    decoding: Decoding | None = None
    if isinstance(doc, (bytearray, memoryview)):
        doc = bytes(doc)
    if isinstance(doc, bytes):
        why = not_text(doc)
        if why:
            return None, None, why
        doc, decoding = decode(doc, options.encoding)
    elif not isinstance(doc, str):
        raise TypeError(f"clean() takes str or bytes, not {type(doc).__name__}")
    why = not_text(doc)
    return (None if why else doc), decoding, why or ""


def _raw_blocks(
    doc: str, options: Options, html: bool, discarded: bool
) -> tuple[list[Block], str | None, tuple[str, ...], list[str], tuple[Discarded, ...]]:
    """The blocks before normalization, the page's title and outlet names, notes on the
    extraction, and (with ``discarded``) the page's text the extractor left out: a block
    per line for text."""
    if not html:
        return [Block(i, text, span) for i, (text, span) in enumerate(segment(doc))], None, (), [], ()
    # Imported here: trafilatura and lxml take a second to load, and text-only users
    # never need them.
    from cleantext.extract import extract

    return extract(doc, options, discarded)


def _labels(
    blocks: tuple[Block, ...],
    options: Options,
    title: str | None,
    outlet_names: tuple[str, ...],
    template_hits: tuple[Hit | None, ...],
) -> tuple[list[Label], list[str]]:
    """Every block's label, and a note for each rule that timed out."""
    folded = [block.text.casefold() for block in blocks]
    # Options made languages a frozenset (frozenset() of one returns it, the cache key unchanged).
    languages = language.detect(folded) if options.languages is None else frozenset(options.languages)
    rules = matcher(languages, options.rule_timeout)
    labels = classify_.Classifier(blocks, rules, title, outlet_names, template_hits, folded).labels()
    return labels, [f"rule timed out and was skipped: {rule_id}" for rule_id in dict.fromkeys(rules.timeouts)]


def _not_text(why: str, decoding: Decoding | None) -> Cleaned:
    """The result for input that is not text: no blocks, no text, and the reason in the notes."""
    return Cleaned(text="", blocks=(), labels=(), kept=(), removed=(), source=NOT_TEXT,
                   decoding=decoding, notes=(f"not text: {why}",))


def _normalized(raw: list[Block], options: Options) -> tuple[Block, ...]:
    """Normalize each block's text, renumber, and drop blocks left empty."""
    blocks: list[Block] = []
    for block in raw:
        text = normalize(block.text, options)
        if not text:
            continue
        if text == block.text and block.index == len(blocks):
            blocks.append(block)  # most blocks: nothing to change
        else:
            blocks.append(replace(block, index=len(blocks), text=text))
    return tuple(blocks)


def assemble(
    blocks: tuple[Block, ...],
    labels: list[Label],
    options: Options,
    *,
    source: str,
    title: str | None,
    decoding: Decoding | None,
    notes: tuple[str, ...],
    discarded: tuple[Discarded, ...],
    cut: bool = True,
) -> Cleaned:
    """Join the kept blocks with one newline; record every other block as a Removal.

    With ``prepend_title`` the title leads the text, unless the text has no body or
    already starts with it. ``cut=False`` keeps every block, as ``remove_boilerplate=False`` does.
    """
    cut = cut and options.remove_boilerplate
    kept: list[int] = []
    removed: list[Removal] = []
    for block, label in zip(blocks, labels, strict=True):
        if label.is_body or not cut or label.category in options.keep:
            kept.append(block.index)
        else:
            removed.append(Removal(block.index, block.text, label.category, label.rule_id, label.evidence))
    text = "\n".join(blocks[i].text for i in kept)
    if options.prepend_title and title and text and text.split("\n", 1)[0] != title:
        text = f"{title}\n{text}"
    return Cleaned(
        text=text, blocks=blocks, labels=tuple(labels), kept=tuple(kept), removed=tuple(removed),
        source=source, title=title, decoding=decoding, notes=notes, discarded=discarded,
    )


def clean(
    doc: str | bytes,
    /,
    *,
    options: Options | None = None,
    url: str | None = None,
    templates: Templates | None = None,
    site: str | None = None,
) -> str:
    """The editorial body of ``doc`` (plain text, HTML, or undecoded bytes) as one string.

    Never raises on ``str`` or ``bytes``; returns ``""`` when no body is found. Any other
    type raises ``TypeError``.

    >>> clean("\u201cIt\u2019s done,\u201d she said.\\nAdvertisement")
    '"It\\'s done," she said.'
    """
    return explain(doc, options=options, url=url, templates=templates, site=site, discarded=False).text
