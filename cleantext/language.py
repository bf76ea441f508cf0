"""Whether a document can be matched with the English rules alone: read off its words.

The catalog holds rules for 25 languages, and a document's blocks are screened against
every rule whose strings they could hold: with all of them, a page of English text costs
about 1.4 times what it costs with the English rules alone, spent on German, Dutch or
Czech strings that an English page never holds. So unless the caller names the languages
(``Options(languages=...)``), a document is matched with the English rules (and those for
any language) when it reads as English throughout:

- no block's function words (stopwords/) fit another language better than English by
  FOREIGN_MARGIN words or more (a German footer under an English article, a Spanish
  comment);
- no letter of a script that only other languages are written in (``languages.toml``
  [scripts]): one Cyrillic word is enough;
- and English function words make up at least ENGLISH_SHARE of its words.

Every other document is matched with every language's rules, as before. Telling the
other languages apart by function words would misjudge short Turkish, Finnish or Polish
blocks, whose function words are few or one letter long, and a missed language costs
its cuts; English, with many short function words of its own, is told reliably.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from itertools import chain
from typing import NamedTuple

import regex

from cleantext import rules
from cleantext.facts import tokens
from cleantext.scoring import SCORING

#: Thresholds, each with its reason in scoring.toml [language].
FOREIGN_MARGIN = SCORING.language.foreign_margin
ENGLISH_SHARE = SCORING.language.english_share
#: The language whose rules alone may match a document (see the module docstring).
ENGLISH = "en"


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
def stopword_index() -> dict[str, tuple[str, ...]]:
    """Stopword -> the languages whose list has it."""
    index: dict[str, list[str]] = {}
    for lang, words in stopwords().items():
        for word in words:
            index.setdefault(word, []).append(lang)
    return {word: tuple(langs) for word, langs in index.items()}


class _Votes(NamedTuple):
    """The function words that vote for a block's language, and which are English or not.

    Words of one letter do not vote: "u" and "s" of "U.S.", "a" and "i" say nothing of a
    block's language (they are Czech, Polish, Spanish ... words too).
    """

    langs: dict[str, tuple[str, ...]]
    english: frozenset[str]
    other: frozenset[str]


@lru_cache(maxsize=1)
def _votes() -> _Votes:
    index = {word: langs for word, langs in stopword_index().items() if len(word) > 1}
    english = frozenset(word for word, langs in index.items() if ENGLISH in langs)
    return _Votes(index, english, frozenset(index.keys() - english))


@lru_cache(maxsize=1)
def _scripts() -> regex.Pattern[str]:
    """A letter of any script listed in ``languages.toml`` [scripts]."""
    return regex.compile("|".join(rf"\p{{{script}}}" for script in rules.scripts()))


#: A character past the Latin alphabets (Greek starts at U+0370), not punctuation or a symbol
#: of U+2000 to U+2FFF (typographic quotes, dashes, currency signs): a text without one holds
#: no letter of the listed scripts, found by a plain class scan (a property search costs more).
_PAST_LATIN = re.compile("[\u0370-\u1fff\u3000-\U0010ffff]")
#: Characters of a block that are read for its language: a paragraph's opening words say
#: it as well as all of them, and an article's paragraphs are most of its words.
HEAD_CHARS = 200
#: Inside a web address or file name ("cbs.com", "http://..."): the parts of such a word
#: are no words of a language (the "com" of a domain is a Portuguese function word).
_DOTTED = re.compile(r"(?<!\S)\S*?\w[./]\w\S*")
#: ... found first by a search that costs a fifth of the removal.
_INSIDE = re.compile(r"\w[./]\w")


def detect(folded: Sequence[str]) -> frozenset[str] | None:
    """``{"en"}`` when a document's blocks (casefolded) read as English throughout, else
    None: every language."""
    votes = _votes()
    english = total = 0
    for text in folded:
        head = text[:HEAD_CHARS]
        words = set(tokens(_DOTTED.sub(" ", head) if _INSIDE.search(head) else head))
        native = len(words & votes.english)
        # Another language fits by FOREIGN_MARGIN more words only if that many are not English.
        if len(words & votes.other) >= FOREIGN_MARGIN:
            hits = Counter(chain.from_iterable(map(votes.langs.__getitem__, words & votes.langs.keys())))
            if max(hits.values()) >= native + FOREIGN_MARGIN:
                return None
        english += native
        total += len(words)
    if not total or english < ENGLISH_SHARE * total:
        return None
    whole = "\n".join(folded)
    if _PAST_LATIN.search(whole) and _scripts().search(whole):
        return None
    return frozenset({ENGLISH})
