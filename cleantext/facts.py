"""Text facts every stage reads the same way: words, a sentence's end, prose, a headline's key.

One definition each. Where two stages need different answers to one question, both
variants live here under names that say which is which, and each docstring says why the
other would not do: the classifier asks of every block whether it may be prose before any
rule runs, and must be cheap; the locator weighs whole pages, word by word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import regex

from cleantext.scoring import SCORING

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
#: Lengths, each with its reason in scoring.toml [words].
_S = SCORING.words
CHARS_PER_WORD = _S.chars_per_word


def tokens(text: str) -> list[str]:
    """The words of ``text``: runs of letters, digits and marks."""
    if text.isascii():
        return text.encode().translate(_ASCII_SPACED).decode().split()
    return (_TOKEN if _SLOW_TOKEN_CHARS.search(text) else _FAST_TOKEN).findall(text)


def cjk_chars(text: str) -> int:
    """How many CJK ideographs and kana ``text`` holds (most text: none, found by a class scan)."""
    return 0 if text.isascii() or not _CJK_FLOOR.search(text) else len(_CJK.findall(text))


def token_words(toks: Sequence[str], cjk: int) -> int:
    """The locator's word count: the block's tokens, counting ``cjk`` characters of CJK text
    (no spaces) as one word per two.

    The locator has every block's tokens anyway (it counts their function words), so its
    count is exact; the classifier's ``quick_words`` avoids tokenizing at all.
    """
    if not cjk:
        return len(toks)
    return max(len(toks), cjk // 2 + sum(1 for t in toks if not _CJK.search(t)))


def quick_words(text: str) -> int:
    """The classifier's word count: spaces in normalized text (single spaces), or for long
    unspaced text about ``CHARS_PER_WORD`` characters a word.

    The classifier counts every block, and every sentence of a short one, before any rule
    runs, and compares the count only with rules' max_words and a few length limits: a
    count without tokenizing is close enough there, and several times cheaper than
    ``token_words``.
    """
    return max(text.count(" ") + 1, len(text) // CHARS_PER_WORD)


#: The classifier's sentence end: a block whose last character is one of these reads as
#: running text, not as a headline, menu item or button. A lead-in (":"), a teaser ("…")
#: and closing quotes and brackets count.
_CLAUSE_END = frozenset(".!?;:…。！？»\"'”’)]")
#: The locator's sentence end: one of these marks, possibly followed by closing quotes or
#: brackets, within the last END_CHARS characters; "..." and "…" end a teaser, and ":" a
#: lead-in, rather than a sentence.
_MARKS = frozenset(".!?;。！？．")
#: A number in brackets closing a block: a count or a reference mark, not a sentence's end.
_TRAILING_COUNT = regex.compile(r"\s*[(\[]\d[\d.,\s]*[)\]]$")
_BRACKETS = frozenset(")]")
#: How far back from the end such a count is looked for.
COUNT_CHARS = 16
_CLOSERS = "\"'”’»)]"
END_CHARS = _S.end_chars
TERMINAL, ELLIPSIS = "terminal", "ellipsis"


def ends_like_text(text: str) -> bool:
    """The classifier's sentence end: the last character (before a final newline) is
    punctuation that running text ends in, a lead-in's ":" and a teaser's "…" included.

    The classifier asks whether a block is running text at all (a headline or a button
    ends in none of these); the locator's ``ending`` tells a sentence from a lead-in or a
    teaser, which it scores differently.
    """
    last = text[-2:-1] if text[-1:] == "\n" else text[-1:]
    if last in _BRACKETS:
        # A count or a reference mark after the words ("Popular post title (506)",
        # "... in 1901.[12]") is read through: the character before it decides.
        end = text[-COUNT_CHARS:].rstrip("\n")
        if (count := _TRAILING_COUNT.search(end)) is not None:
            last = end[count.start() - 1 : count.start()] if count.start() else ""
    return last in _CLAUSE_END


def ending(text: str) -> str:
    """The locator's sentence end: TERMINAL or ELLIPSIS if the block ends like a sentence
    or a teaser, else "" (a lead-in ending in ":" is neither).

    A teaser ("Read on…") and a lead-in ("What the plan includes:") sit in page furniture
    as often as in articles; the locator scores them apart from sentences.
    """
    end = text[-END_CHARS:]
    stem = (end.removesuffix("\n")).rstrip(_CLOSERS)
    if stem.endswith(("...", "…")):
        return ELLIPSIS
    return TERMINAL if stem[-1:] in _MARKS else ""


def ends_in_mark(text: str) -> bool:
    """Whether the last character is a sentence mark: the cheap first test of ``ending``."""
    return text[-1:] in _MARKS


#: The classifier's prose: a sentence-length block ending like text, or a block this long
#: whatever its end. The locator's: a sentence long enough to earn a prose score, or an
#: unpunctuated line long enough to be weighed by its function words.
PROSE_WORDS = _S.prose_words
LONG_PROSE_WORDS = _S.long_prose_words
SCORED_PROSE_WORDS = _S.scored_prose_words
LONG_SCORED_WORDS = _S.long_scored_words


def is_prose(words: int, ends_text: bool) -> bool:
    """The classifier's prose: a block that counts against a boilerplate region around it.

    A yes/no vote, so it asks for a full sentence's length; the locator's prose
    (``SCORED_PROSE_WORDS``) earns a score in proportion to its words, so a shorter floor
    costs it little.
    """
    return (ends_text and words >= PROSE_WORDS) or words >= LONG_PROSE_WORDS


#: Where a block of several sentences splits into sentences: not after an initial
#: ("U.S. Pledges ...", "J. Smith"), a capital letter alone before its point.
_SENTENCE_BREAK = regex.compile(r"(?<=[.!?。！？])(?<!(?:^|[\s.])\p{Lu}\.)\s+(?=\S)")


def has_sentences(text: str) -> bool:
    """Whether ``text`` holds a sentence break (more than one sentence)."""
    return _SENTENCE_BREAK.search(text) is not None


def sentence_count(text: str) -> int:
    """How many sentences ``text`` holds, by its sentence breaks."""
    return len(_SENTENCE_BREAK.findall(text)) + 1


#: What joins several calls printed on one line ("Subscribe now | Already a subscriber? Log in").
_CALL_BREAK = regex.compile(rf"{_SENTENCE_BREAK.pattern}|\s[|·•]\s")


def has_calls(text: str) -> bool:
    """Whether ``text`` holds more than one sentence or piece (see calls())."""
    return _CALL_BREAK.search(text) is not None


def calls(text: str) -> list[str]:
    """The sentences of a block, and the pieces of a line of calls joined by bars or dots."""
    return _CALL_BREAK.split(text)


def headline_key(text: str) -> str:
    """A headline's comparison form, case and punctuation ignored: the extractor matches the
    page title against the first blocks with it, the classifier finds repeated headlines."""
    return " ".join(tokens(text.casefold()))
