"""Finds the article in whole-page text: the best contiguous span of body-like blocks.

Page text (what a scraper or a WET record keeps of a page) wraps the article in menus,
teasers, footers and cookie text. Each block gets a score: positive for prose (sentence
length, terminal punctuation, function words of its language), negative for page
furniture (short unpunctuated lines, separators, links, repeated lines). The article is
the span with the largest sum (a max-sum subarray), so short furniture-like lines inside
the article (subheadings, list items, lead-ins ending in ":") are bridged by the prose
around them instead of being judged line by line.

A span only says where the article probably is. Blocks outside it are cut only when the
evidence is strong: the text opens with a menu's worth of furniture before the span (a
clean article does not), the outside part carries a real mass of furniture, and the span
holds a fair share of the document's prose. A text that is all prose keeps everything, and
so does the locator's own output (the kept span is again the best span of itself). Tables
(pipe rows) are neutral: they are an article's data, not a page's menu.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

import regex

from cleantext.facts import (
    ELLIPSIS,
    LONG_SCORED_WORDS,
    SCORED_PROSE_WORDS,
    TERMINAL,
    cjk_chars,
    ending,
    ends_in_mark,
    token_words,
    tokens,
)
from cleantext.language import stopword_index, stopwords
from cleantext.scoring import SCORING

#: Page-furniture marks: menu separators, breadcrumbs, links, handles, copyright.
_FURNITURE = regex.compile(
    r"\s[|•·›»/]\s|https?://|www\.|©|\(c\)\s*\d{4}|\w\.(?:com|org|net)\b", regex.IGNORECASE
)
#: What every furniture mark or "@" contains, as _hinted() finds it in the casefolded text:
#: a block with none skips the regex search. The separators are one scan (a find per
#: separator, each stopping at every space, cost three times as much), the domains one
#: scan (it stops only at dots), the rest one find each.
_HINT_SCANS = (re.compile(" [|•·›»/] "), re.compile(r"\.(?:com|org|net)"))
_HINT_STRINGS = ("://", "www.", "©", "(c)", "\t", "@")
#: E-mail addresses and handles; searched only in blocks that contain "@".
_AT = regex.compile(r"\S@\S|(?:^|\s)@\w")

#: Weights and thresholds, each with its reason in scoring.toml [locate].
_S = SCORING.locate
PROSE_CAP_WORDS = _S.prose_cap_words
PROSE_PER_WORD = _S.prose_per_word
UNWORDY_FACTOR = _S.unwordy_factor
UNPUNCTUATED_FACTOR = _S.unpunctuated_factor
FURNITURE = _S.furniture
HEADING = _S.heading
HEADING_MIN_WORDS = _S.heading_min_words
LEAD_IN = _S.lead_in
REPEATED = _S.repeated
SHAPE_REPEATS = _S.shape_repeats
SHAPE_MAX_WORDS = _S.shape_max_words
TEMPLATE = _S.template
TABLE_ROW = _S.table_row
MARKED = _S.marked
CUT_MIN_FURNITURE = _S.cut_min_furniture
PAGE_HEAD_FURNITURE = _S.page_head_furniture
SPAN_MIN_SHARE = _S.span_min_share
SPAN_MIN_SCORE = _S.span_min_score
LANG_MIN_SHARE = _S.lang_min_share
LANG_SAMPLE_TOKENS = _S.lang_sample_tokens
LANG_BLOCK_WORDS = _S.lang_block_words
FALLBACK_TOP = _S.fallback_top
FALLBACK_MAX_LEN = _S.fallback_max_len
STOPWORD_PROSE = _S.stopword_prose
BRIDGE_BLOCKS = _S.bridge_blocks
BRIDGE_ANCHOR = _S.bridge_anchor
#: The article starts within this many blocks under its headline (scoring.toml [classify] headline_reach).
ANCHOR_REACH = SCORING.classify.headline_reach
#: ... and a best run that starts more than this many blocks under the anchored one is another text.
ANCHOR_GAP = 2 * ANCHOR_REACH


@dataclass(frozen=True, slots=True)
class Span:
    """The located article: blocks ``start`` to ``end`` (exclusive), and what to cut.

    ``cut_before`` / ``cut_after`` say whether the blocks before / after the span are
    page furniture strongly enough to be removed; ``evidence`` says why, for the report.
    """

    start: int
    end: int
    cut_before: bool
    cut_after: bool
    evidence: str


def choose_stopwords(all_tokens: Sequence[str]) -> tuple[str, frozenset[str]]:
    """The stopword list that covers most of the document, or the fallback.

    The fallback (any language without a list) takes the document's most frequent short
    words: function words are the most frequent words of every spaced language.
    """
    if not all_tokens:
        return "none", frozenset()
    counts = Counter(all_tokens)
    # Only the document's words that are on some list, each looked up once for all lists.
    hits = dict.fromkeys(stopwords(), 0)
    index = stopword_index()
    for word in counts.keys() & index.keys():
        for lang in index[word]:
            hits[lang] += counts[word]
    best = max(hits, key=hits.__getitem__) if hits else ""
    if best and hits[best] / len(all_tokens) >= LANG_MIN_SHARE:
        return best, stopwords()[best]
    short = [w for w, _ in counts.most_common() if len(w) <= FALLBACK_MAX_LEN and not w.isdigit()]
    return "fallback", frozenset(short[:FALLBACK_TOP])


class _Page(NamedTuple):
    """What every block score needs about the whole page, computed once."""

    texts: Sequence[str]
    folded: Sequence[str]
    seen: Counter[str]
    #: Blocks holding a furniture hint or an "@": the only ones a mark can be found in.
    hinted: set[int]
    #: Rows of a table: the article's data, never furniture (see _table_rows).
    tables: frozenset[int]
    #: Blocks the site prints on many of its pages (templates.py): repeated, like a menu.
    template: frozenset[int] = frozenset()


def _page(texts: Sequence[str], folded: Sequence[str] | None = None, template: frozenset[int] = frozenset()) -> _Page:
    folded = [t.casefold() for t in texts] if folded is None else folded
    hinted = _hinted(folded)
    return _Page(texts, folded, Counter(texts), hinted, _table_rows(texts, hinted), template)


def _table_rows(texts: Sequence[str], hinted: set[int]) -> frozenset[int]:
    """Pipe-delimited rows, and runs of lines split by " | " into as many cells as the line
    next to them: a table printed as text. A menu's "About | Contact | Privacy" is one line."""
    cells = {i: texts[i].count(" | ") for i in hinted}
    return frozenset(
        i for i, n in cells.items()
        if table_row(texts[i]) or (n and (cells.get(i - 1) == n or cells.get(i + 1) == n))
    )


def block_scores(texts: Sequence[str]) -> tuple[list[float], list[float], str]:
    """Body-likeness per block, the same without the template cue, and the stopword list used.

    The template cue (a line form that recurs) sharpens the span, but a clean article's
    own lists and tables recur too, so the cut decision uses the scores without it.
    """
    return _scores(_page(texts))


def _scores(page: _Page) -> tuple[list[float], list[float], str]:
    texts, folded, seen, hinted, tables, template = page
    # Token lists are kept only for the opening blocks that decide the language; the rest
    # are made, scored and dropped one block at a time, so memory stays near the text's size.
    sample: list[list[str]] = []
    sampled = 0
    for low in folded:
        if sampled >= LANG_SAMPLE_TOKENS:
            break
        sample.append(tokens(low))
        sampled += len(sample[-1])
    # The language is the article's: menus and footers are often in another (English UI).
    long = [t for ts in sample if len(ts) >= LANG_BLOCK_WORDS for t in ts]
    lang, words = choose_stopwords(long or [t for ts in sample for t in ts])
    shapes: list[str] = []
    base: list[float] = []
    for i, text in enumerate(texts):
        ts = sample[i] if i < len(sample) else tokens(folded[i])
        shapes.append(_shape(text, ts))
        base.append(TABLE_ROW if i in tables else _score(text, ts, words, seen[text] > 1, i in hinted))
    shape_seen = Counter(s for s in shapes if s)
    scores = [
        min(score, 0.0) + TEMPLATE if (shape and shape_seen[shape] >= SHAPE_REPEATS) or i in template else score
        for i, (score, shape) in enumerate(zip(base, shapes, strict=True))
    ]
    return scores, base, lang


def _shape(text: str, toks: Sequence[str]) -> str:
    """The form of a short line (digits, capitals, final mark), or "" for a longer one.

    Lines printed from one template (comment headers "name says:", timestamps, prices,
    teaser dates) share a form while their words differ.
    """
    if not toks or len(toks) > SHAPE_MAX_WORDS:
        return ""
    form = "".join(["9" if t.isdigit() else "A" if t[:1].isupper() else "a" for t in tokens(text)])
    tail = text.rstrip()[-1:]
    return form + (tail if not tail.isalnum() else "")


def _score(text: str, toks: Sequence[str], stop: frozenset[str], repeated: bool, hinted: bool) -> float:
    cjk = cjk_chars(text)
    n = token_words(toks, cjk)
    share = sum(map(stop.__contains__, toks)) / len(toks) if toks and stop else 0.0
    # Text in a script without spaces has no function-word tokens to count.
    wordy = share >= STOPWORD_PROSE or cjk > 0 or not stop
    end = ending(text)
    ellipsis, terminal = end == ELLIPSIS, end == TERMINAL
    if terminal and n >= SCORED_PROSE_WORDS:
        score = min(n, PROSE_CAP_WORDS) * PROSE_PER_WORD * (1.0 if wordy else UNWORDY_FACTOR)
    elif n >= LONG_SCORED_WORDS and wordy:
        score = min(n, PROSE_CAP_WORDS) * PROSE_PER_WORD * UNPUNCTUATED_FACTOR
    elif text.endswith(":"):
        score = LEAD_IN
    elif terminal or ellipsis:
        score = 0.0
    elif n >= HEADING_MIN_WORDS and share >= STOPWORD_PROSE:
        score = HEADING
    else:
        score = FURNITURE
    if repeated:
        # A repeated short line is template text; a repeated paragraph may be a quote
        # printed twice, so it only loses its weight.
        score = 0.0 if score > 0 else score + REPEATED
    if hinted and (_FURNITURE.search(text) or ("@" in text and _AT.search(text))):
        score += MARKED
    return score


def table_row(text: str) -> bool:
    """A row of a pipe-delimited table (as extractors render tables): the article's data.

    Rows of bare numbers are not counted: in page text they are as often prices, scores
    and dates in sidebars (measured: treating them as data lowered F1 on page text).
    """
    return len(text) > 1 and text.startswith("|") and text.endswith("|")


def best_span(scores: Sequence[float]) -> tuple[int, int, float]:
    """The max-sum run of scores as (start, end exclusive, sum); ties go to the longer run."""
    best = (0, 0, 0.0)
    start, total = 0, 0.0
    for i, s in enumerate(scores):
        if total < 0:
            start, total = i, 0.0
        total += s
        if total > best[2] or (total == best[2] and i + 1 - start > best[1] - best[0]):
            best = (start, i + 1, total)
    return best


def _anchored_span(scores: Sequence[float], anchor: int) -> tuple[int, int, float]:
    """The max-sum run that starts with prose within ANCHOR_REACH blocks after ``anchor``
    (the headline): the article under it."""
    best = (anchor + 1, anchor + 1, 0.0)
    for start in range(anchor + 1, min(anchor + 1 + ANCHOR_REACH, len(scores))):
        if scores[start] <= 0:
            continue
        total = 0.0
        for i in range(start, len(scores)):
            total += scores[i]
            if total > best[2]:
                best = (start, i + 1, total)
    return best


def furniture_bound(texts: Sequence[str]) -> float:
    """An upper bound on the furniture score any span can have before it, without tokenizing.

    Each block's worst case is read off its end and its marks alone: a block ending like a
    sentence never scores below zero on its own, a lead-in ending in ":" no lower than
    ``LEAD_IN``, any other no lower than ``FURNITURE``; a repeat or a mark costs one more
    each. A clean article (mostly sentences) stays under ``PAGE_HEAD_FURNITURE``, so
    locate() can say "nothing to cut" before scoring anything.
    """
    return _bound(_page(texts))


def _bound(page: _Page) -> float:
    texts, _, seen, hinted, tables, _ = page
    lead_ins = unended = 0
    for i, text in enumerate(texts):
        # A sentence's end never scores below zero on its own; most blocks end in a mark.
        if ends_in_mark(text) or ending(text) or i in tables:
            continue
        if text.endswith(":"):
            lead_ins += 1
        else:
            unended += 1
    repeated = sum(n for text, n in seen.items() if n > 1 and not table_row(text))
    marked = sum(1 for i in hinted if i not in tables)
    return -(lead_ins * LEAD_IN + unended * FURNITURE + repeated * REPEATED + marked * MARKED)


def _hinted(folded: Sequence[str]) -> set[int]:
    """Indices of the casefolded blocks holding a furniture hint or an "@".

    One scan of the whole document per hint (or group of hints), rather than every hint in
    every block.
    """
    doc = "\n".join(folded)
    ends = list(accumulate(len(f) + 1 for f in folded))
    found = {bisect_right(ends, m.start()) for scan in _HINT_SCANS for m in scan.finditer(doc)}
    for hint in _HINT_STRINGS:
        at = doc.find(hint)
        while at >= 0:
            block = bisect_right(ends, at)
            found.add(block)
            at = doc.find(hint, ends[block] if block < len(ends) else len(doc))
    return found


def _marked(page: _Page, i: int) -> bool:
    """Positive evidence of page furniture: a repeated line, or a separator, link or handle."""
    text = page.texts[i]
    if i in page.tables:
        return False
    if page.seen[text] > 1:
        return True
    return i in page.hinted and bool(_FURNITURE.search(text) or ("@" in text and _AT.search(text)))


def _bridged(page: _Page, base: Sequence[float], start: int, end: int) -> tuple[int, int]:
    """The span grown over runs of unmarked lines that have article prose beyond them.

    The max-sum span weighs a list against the prose around it; a recipe's intro loses to
    its ingredient list. Short lines are no evidence of furniture on their own: a run of
    them is the article's when a prose paragraph lies on its far side and none of them
    carries a furniture mark.
    """
    while True:
        reach = _anchor(page, base, range(start - 1, max(start - 1 - BRIDGE_BLOCKS, -1), -1))
        if reach is None:
            break
        start = reach
    while True:
        reach = _anchor(page, base, range(end, min(end + BRIDGE_BLOCKS, len(base))))
        if reach is None:
            break
        end = reach + 1
    return start, end


def _anchor(page: _Page, base: Sequence[float], steps: range) -> int | None:
    """The first prose block along ``steps`` reached over unmarked lines only, if any."""
    for i in steps:
        if base[i] >= BRIDGE_ANCHOR:
            return i
        if _marked(page, i):
            return None
    return None


def locate(texts: Sequence[str], folded: Sequence[str] | None = None,
           template: frozenset[int] = frozenset(), anchor: int | None = None) -> Span | None:
    """The article span of a sequence of block texts, or None when there is no clear article
    or nothing around it could be cut. ``folded``: the texts casefolded, if the caller has them;
    ``template``: the blocks the site's templates hold (scored as repeated lines); ``anchor``:
    the article's headline, where the page names one."""
    if not texts:
        return None
    page = _page(texts, folded, template)
    if _bound(page) < PAGE_HEAD_FURNITURE:
        return None
    scores, base, lang = _scores(page)
    start, end, total = best_span(scores)
    head_start, head_end, head_total = _anchored_span(scores, anchor) if anchor is not None else (0, 0, 0.0)
    # The article starts under its headline: a run of more prose far below it (a list of
    # teasers, or the text after a gallery) extends the span and never replaces it. A run
    # that starts a few blocks under it is the article already; what sits between (a
    # standfirst, a toolbar) is left to the bridge below.
    anchored = head_total > 0 and start - head_start > ANCHOR_GAP
    if anchored:
        start, end = head_start, max(end, head_end)
        total = sum(scores[start:end])
    # Only furniture is cut: blocks that read as neither furniture nor prose on their own
    # (a repeated sentence, a short punctuated line) next to the span stay with it.
    while start > 0 and base[start - 1] >= 0:
        start -= 1
    while end < len(texts) and base[end] >= 0:
        end += 1
    start, end = _bridged(page, base, start, end)
    prose = sum(s for s in scores if s > 0)
    inside = sum(s for s in scores[start:end] if s > 0)
    if total < SPAN_MIN_SCORE or (not anchored and inside < SPAN_MIN_SHARE * prose):
        return None
    before = -sum(s for s in base[:start] if s < 0)
    after = -sum(s for s in base[end:] if s < 0)
    evidence = (
        f"article span: blocks {start}-{end - 1} scoring {total:.1f} of {prose:.1f} prose "
        f"(stopwords: {lang}); furniture {before:.1f} before, {after:.1f} after"
    )
    # A clean article may end in a list or a table, and may open with a short one, but it
    # does not open with a menu: the text is a whole page when its head carries a menu's
    # worth of furniture. Only then is the tail after the span cut too.
    whole_page = before >= PAGE_HEAD_FURNITURE
    return Span(start, end, whole_page, whole_page and after >= CUT_MIN_FURNITURE, evidence)
