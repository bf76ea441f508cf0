"""Which rule languages a document is matched with: read off its function words.

The catalog holds rules for 25 languages, and a document's blocks are screened against
every rule whose strings they could hold: with all of them, an English or a German page
costs about 1.4 to 1.7 times what it costs with its own language's rules (and English),
spent on strings of other languages that the page never holds. So unless the caller names
the languages (``Options(languages=...)``), a document written in a language with a list
of function words (stopwords/) and in Latin letters is matched with the rules of that
language, of English and of any language, when it reads as that language throughout:

- the language's function words, the most of any list's, are at least MIN_FUNCTION_WORDS
  and LANGUAGE_SHARE of its words, and no other list's come near them (CLOSE_SHARE: a
  Swedish page counts many Danish words, and either may be the page's);
- no block's function words fit a third language better than both by FOREIGN_MARGIN
  words or more (a German footer under a Dutch article, a Spanish comment);
- no letter of a script that only other languages are written in (``languages.toml``
  [scripts]): one Cyrillic word is enough.

English comes with every language: the furniture of pages in other languages is often
English ("Share", "Cookie settings", "Newsletter"). Every other document (Greek, Russian,
Chinese; a page of several languages or of close ones; one with too few function words,
as short Turkish or Finnish text may be) is matched with every language's rules, as
before: a language missed costs its cuts, and on those pages the other rules cost less
(their strings seldom share a script with the page). On the 2,047 cases of the tails
tuning set (25 languages) no case's language was left out: 1,252 were matched with their
language and English, 795 with every language.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from itertools import chain

import regex

from cleantext import rules
from cleantext.facts import tokens
from cleantext.scoring import SCORING

#: Thresholds, each with its reason in scoring.toml [language].
FOREIGN_MARGIN = SCORING.language.foreign_margin
LANGUAGE_SHARE = SCORING.language.language_share
MIN_FUNCTION_WORDS = SCORING.language.min_function_words
CLOSE_SHARE = SCORING.language.close_share
#: More languages than this (English counted) come close to a page's best: it is matched
#: with every language's rules. One language and English keeps the compiled catalogs few
#: (one per language, about 3 MB each), whatever mix of languages a stream brings.
MAX_LANGUAGES = 2
#: The language whose rules come with any other's (see the module docstring).
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


@lru_cache(maxsize=1)
def _votes() -> dict[str, tuple[str, ...]]:
    """stopword_index() without words of one letter: "u" and "s" of "U.S.", "a" and "i"
    say nothing of a block's language (they are Czech, Polish, Spanish ... words too)."""
    return {word: langs for word, langs in stopword_index().items() if len(word) > 1}


@lru_cache(maxsize=1)
def _voting() -> frozenset[str]:
    """The words of _votes(), as a set to meet a block's words."""
    return frozenset(_votes())


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
#: ... found first by a search that costs a fifth of the removal (and only where a block's
#: head holds a dot or a slash: two substring tests cost a tenth of the search).
_INSIDE = re.compile(r"\w[./]\w")


def detect(folded: Sequence[str]) -> frozenset[str] | None:
    """The rule languages for a document's blocks (casefolded): its language and English,
    or None for every language (see the module docstring)."""
    votes, voting = _votes(), _voting()
    # Per block, its function words; the languages are counted once, over all blocks.
    found: list[frozenset[str]] = []
    words = 0
    for text in folded:
        head = text[:HEAD_CHARS]
        dotted = ("." in head or "/" in head) and _INSIDE.search(head)
        seen = set(tokens(_DOTTED.sub(" ", head) if dotted else head))
        words += len(seen)
        if kept := voting.intersection(seen):
            found.append(kept)
    totals = Counter(chain.from_iterable(votes[word] for kept in found for word in kept))
    best = max(totals.values(), default=0)
    if best < MIN_FUNCTION_WORDS or best < LANGUAGE_SHARE * words:
        return None
    # Close languages share function words (Swedish and Danish "det", "som", "på"): when
    # one comes near the best, either may be the page's.
    own = {ENGLISH, *(lang for lang, count in totals.items() if count >= CLOSE_SHARE * best)}
    if len(own) > MAX_LANGUAGES:
        return None
    for kept in found:
        if len(kept) < FOREIGN_MARGIN:
            continue  # a language counts at most a word per function word: none can lead by the margin
        hits = Counter(chain.from_iterable(map(votes.__getitem__, kept)))
        home = max(hits[lang] for lang in own)
        if any(n >= home + FOREIGN_MARGIN for other, n in hits.items() if other not in own):
            return None
    whole = "\n".join(folded)
    if _PAST_LATIN.search(whole) and _scripts().search(whole):
        return None
    return frozenset(own)
