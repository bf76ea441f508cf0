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
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from typing import NamedTuple

import regex

#: Words: letter/number runs; a run of CJK ideographs or kana counts one word per two characters.
_TOKEN = regex.compile(r"\w+")
#: The same with the standard library's re, twice as fast, for text free of the characters
#: on which the two engines disagree about \w (marks, superscripts, connectors; a test
#: checks every code point below U+20D0), and of everything above.
_FAST_TOKEN = re.compile(r"\w+")
_SLOW_TOKEN_CHARS = re.compile(
    "[\xb2\xb3\xb9\xbc-\xbe\u0300-\u036f\u0483-\u0489\u0558-\u1fff\u200c\u200d\u203f\u2040\u2054"
    "\u2070-\u209f\u20d0-\U0010ffff]"
)
#: ASCII text has the same words split on whitespace once every byte that is not a word
#: character is a space: a byte translation and a split, a third of the regex's time.
_ASCII_SPACED = bytes(c if chr(c).isalnum() and c < 128 or c == 95 else 32 for c in range(256))
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
#: A character at or above Hiragana, the lowest of those scripts: a text without one has
#: none of them (a plain class scan is far cheaper than a property search).
_CJK_FLOOR = re.compile("[\u3040-\U0010ffff]")
#: A sentence end: one of these marks, possibly followed by closing quotes or brackets,
#: within the last END_CHARS characters; "..." and "…" end a teaser rather than a sentence.
_MARKS = frozenset(".!?;。！？．")
_CLOSERS = "\"'”’»)]"
END_CHARS = 8
TERMINAL, ELLIPSIS = "terminal", "ellipsis"
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

#: A prose block earns up to this many words' worth of score; a long cookie or legal
#: paragraph must not outweigh an article of several normal paragraphs.
PROSE_CAP_WORDS = 60
#: Score per prose word (a 24-word paragraph scores 3).
PROSE_PER_WORD = 0.125
#: Prose needs this many words; shorter punctuated lines ("Thanks for signing up!") score 0.
PROSE_MIN_WORDS = 6
#: An unpunctuated line this long is prose-like if its function-word share is normal.
LONG_WORDS = 15
#: What a short unpunctuated line costs (menu item, teaser headline, date, name).
FURNITURE = -1.0
#: What a subheading-like line with function words costs, and a lead-in ending in ":".
HEADING = -0.5
LEAD_IN = -0.2
#: A block printed twice in one document is template text (menus, cookie banners).
REPEATED = -1.0
#: A short line whose form recurs this often comes from a template (comments, listings)...
SHAPE_REPEATS = 3
SHAPE_MAX_WORDS = 8
#: ... and costs this much whatever its own score.
TEMPLATE = -1.0
#: A table row is the article's data more often than page furniture: it is neutral.
TABLE_ROW = 0.0
#: Extra cost of a separator, link, handle or copyright mark.
MARKED = -1.0
#: The outside of the span is cut only if its furniture adds up to at least this much
#: (a clean article ending in a short list or table keeps it).
CUT_MIN_FURNITURE = 4.0
#: Furniture before the span that marks the text as a whole page on its own (a menu).
PAGE_HEAD_FURNITURE = 8.0
#: ... and only if the span holds at least this share of the document's prose score.
SPAN_MIN_SHARE = 0.3
#: A span scoring less than this is not an article at all: nothing is cut.
SPAN_MIN_SCORE = 3.0
#: A stopword list is used when its words make up this share of the document's tokens.
LANG_MIN_SHARE = 0.08
#: The language is decided on the document's opening blocks, up to this many tokens.
LANG_SAMPLE_TOKENS = 20_000
#: Blocks this long decide the language (menu items do not).
LANG_BLOCK_WORDS = 8
#: Without a list for the language, the document's most frequent short words stand in.
FALLBACK_TOP = 40
FALLBACK_MAX_LEN = 4
#: Function-word share below which a long unpunctuated line reads as a title or a list.
STOPWORD_PROSE = 0.15
#: The span takes in a run of up to this many unmarked short lines (an ingredient list, a
#: run of numbered legal lines, a table, subheadings) when a prose paragraph lies beyond
#: it: lines sandwiched between prose are the article's own, however list-like.
BRIDGE_BLOCKS = 30
#: A block beyond such a run anchors the bridge when it scores at least this much prose
#: (an 8-word sentence): a lone short sentence does not pull a menu into the article.
BRIDGE_ANCHOR = 1.0


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


@lru_cache(maxsize=1)
def stopwords() -> dict[str, frozenset[str]]:
    """Language code -> its most frequent function words, from the data files."""
    folder = resources.files("cleantext") / "stopwords"
    lists: dict[str, frozenset[str]] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".txt"):
            lines = entry.read_text(encoding="utf-8").splitlines()
            words = (w.casefold() for line in lines if not line.startswith("#") for w in line.split())
            lists[entry.name[:-4]] = frozenset(words)
    return lists


@lru_cache(maxsize=1)
def _stopword_index() -> dict[str, tuple[str, ...]]:
    """Stopword -> the languages whose list has it."""
    index: dict[str, list[str]] = {}
    for lang, words in stopwords().items():
        for word in words:
            index.setdefault(word, []).append(lang)
    return {word: tuple(langs) for word, langs in index.items()}


def cjk_chars(text: str) -> int:
    """How many CJK ideographs and kana ``text`` holds (most text: none, found by a class scan)."""
    return 0 if text.isascii() or not _CJK_FLOOR.search(text) else len(_CJK.findall(text))


def word_count(toks: Sequence[str], cjk: int) -> int:
    """Words, counting ``cjk`` characters of CJK text (no spaces) as one word per two."""
    if not cjk:
        return len(toks)
    return max(len(toks), cjk // 2 + sum(1 for t in toks if not _CJK.search(t)))


def tokens(text: str) -> list[str]:
    """The words of ``text``: runs of letters, digits and marks."""
    if text.isascii():
        return text.encode().translate(_ASCII_SPACED).decode().split()
    return (_TOKEN if _SLOW_TOKEN_CHARS.search(text) else _FAST_TOKEN).findall(text)


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
    index = _stopword_index()
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
    #: Blocks the site prints on most of its pages (templates.py): repeated, like a menu.
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
    n = word_count(toks, cjk)
    share = sum(map(stop.__contains__, toks)) / len(toks) if toks and stop else 0.0
    # Text in a script without spaces has no function-word tokens to count.
    wordy = share >= STOPWORD_PROSE or cjk > 0 or not stop
    ending = _ending(text)
    ellipsis, terminal = ending == ELLIPSIS, ending == TERMINAL
    if terminal and n >= PROSE_MIN_WORDS:
        score = min(n, PROSE_CAP_WORDS) * PROSE_PER_WORD * (1.0 if wordy else 0.5)
    elif n >= LONG_WORDS and wordy:
        score = min(n, PROSE_CAP_WORDS) * PROSE_PER_WORD * 0.5
    elif text.endswith(":"):
        score = LEAD_IN
    elif terminal or ellipsis:
        score = 0.0
    elif n >= 4 and share >= STOPWORD_PROSE:
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


def _ending(text: str) -> str:
    """TERMINAL or ELLIPSIS if the block ends like a sentence or a teaser, else ""."""
    end = text[-END_CHARS:]
    stem = (end.removesuffix("\n")).rstrip(_CLOSERS)
    if stem.endswith(("...", "…")):
        return ELLIPSIS
    return TERMINAL if stem[-1:] in _MARKS else ""


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
        if text[-1:] in _MARKS or _ending(text) or i in tables:
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
           template: frozenset[int] = frozenset()) -> Span | None:
    """The article span of a sequence of block texts, or None when there is no clear article
    or nothing around it could be cut. ``folded``: the texts casefolded, if the caller has them;
    ``template``: the blocks the site's templates hold (scored as repeated lines)."""
    if not texts:
        return None
    page = _page(texts, folded, template)
    if _bound(page) < PAGE_HEAD_FURNITURE:
        return None
    scores, base, lang = _scores(page)
    start, end, total = best_span(scores)
    # Only furniture is cut: blocks that read as neither furniture nor prose on their own
    # (a repeated sentence, a short punctuated line) next to the span stay with it.
    while start > 0 and base[start - 1] >= 0:
        start -= 1
    while end < len(texts) and base[end] >= 0:
        end += 1
    start, end = _bridged(page, base, start, end)
    prose = sum(s for s in scores if s > 0)
    inside = sum(s for s in scores[start:end] if s > 0)
    if total < SPAN_MIN_SCORE or inside < SPAN_MIN_SHARE * prose:
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
