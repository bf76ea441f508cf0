"""DOM hints as evidence: container words and link density of an HTML block, as rule hits.

The data lives in ``hints.toml`` beside this module (not in ``rules/``: these are not text
patterns). Each hint becomes a ``Rule`` with an id such as ``hint.newsletter`` so a removal
it decides is reported like any other rule's. A block whose containers carry words of
several hints gets the hint listed first in the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import regex

from cleantext import dom
from cleantext.match import Hit
from cleantext.model import CATEGORIES, Block
from cleantext.rules import (
    DEFAULT_WEIGHT,
    HINT_PREFIX,
    LINK_DENSITY,
    LINK_HEADLINE,
    OTHER_POST,
    SIGNAL_FILE,
    SIGNAL_SUFFIX,
    Rule,
    coded,
)
from cleantext.scoring import SCORING

#: Weights and limits, each with its reason in scoring.toml [hints].
_S = SCORING.hints
#: What a container word adds as a signal to a prose block inside a tail region.
CONTAINER_SIGNAL = _S.container_signal
#: The file the hints are read from, beside this module.
HINTS_FILE = "hints.toml"

#: A hint's Rule is decided by container words, never by its pattern: one that never matches.
_URL = regex.compile(r"(?:https?://|www\.)\S+$")
_HINT_KEYS = frozenset({"category", "words", "max_words"})


@dataclass(frozen=True, slots=True)
class WordTable:
    """Container word -> rule, and each word's place in the file: the first listed wins."""

    rules: dict[str, Rule]
    rank: dict[str, int]

    def first(self, words: frozenset[str], length: int) -> Hit | None:
        """The hit of the first-listed of ``words`` whose rule fits a block this long."""
        found = [w for w in words if w in self.rules and self.rules[w].fits(length)]
        if not found:
            return None
        word = min(found, key=self.rank.__getitem__)
        return Hit(self.rules[word], f"container word {word!r}")


@dataclass(frozen=True, slots=True)
class Hints:
    """The hint words as openers of a tail region and as head lines."""

    head: WordTable
    tail: WordTable




def _table(rules: dict[str, Rule]) -> WordTable:
    return WordTable(rules, {word: i for i, word in enumerate(rules)})


def parse(text: str, source: str = HINTS_FILE) -> Hints:
    """The hints of a hints file's text; a malformed entry or a word listed twice raises ValueError."""
    data = tomllib.loads(text)
    if data.keys() - {"hints"}:
        raise ValueError(f"{source}: unknown tables {sorted(data.keys() - {'hints'})} (weights live in scoring.toml)")
    tail: dict[str, Rule] = {}
    for entry in data.get("hints", []):
        category = entry.get("category")
        if category not in CATEGORIES:
            raise ValueError(f"{source}: unknown category {category!r}")
        unknown = entry.keys() - _HINT_KEYS
        if unknown:
            raise ValueError(f"{source}: unknown keys {sorted(unknown)} in the {category!r} hint")
        rule = coded(
            rule_id=HINT_PREFIX + category, category=category, role="opener", where="tail",
            max_words=entry.get("max_words"), weight=DEFAULT_WEIGHT["opener"],
        )
        for word in entry["words"]:
            if word in tail:
                raise ValueError(f"{source}: word {word!r} listed twice ({tail[word].category} and {category})")
            tail[word] = rule
    # A promo or related box printed before the article is as much boilerplate as after it.
    head = {
        word: coded(
            rule_id=rule.id, category=rule.category, role="line", where="head",
            max_words=rule.max_words, weight=DEFAULT_WEIGHT["line"],
        )
        for word, rule in tail.items()
    }
    return Hints(_table(head), _table(tail))


@lru_cache(maxsize=1)
def hints() -> Hints:
    """The hint table, loaded once."""
    return parse(resources.files("cleantext").joinpath(HINTS_FILE).read_text(encoding="utf-8"))


def line(block: Block, words: int, early: bool) -> Hit | None:
    """A hint that decides the block alone: one of the ``early`` blocks, before the body."""
    if not block.container or not early:
        return None
    return hints().head.first(block.container, words)


#: A headline printed in capitals as a link of its own between paragraphs is a promotion
#: of another article ("CO-FOUNDER SAYS ..."): an article's own lists and sources are not
#: set in capitals. The one link-text cue that cuts alone.
_HEADLINE_LINK = coded(
    rule_id=LINK_HEADLINE, category="related_links", role="line", where="anywhere",
    max_words=_S.headline_link_max_words, weight=_S.headline_link_weight,
)
HEADLINE_LINK_MIN_WORDS = _S.headline_link_min_words
#: A short block (almost) all link text: a signal inside a tail region, never a cut alone.
_LINK_RULE = coded(
    rule_id=LINK_DENSITY, category=SIGNAL_FILE, role="signal", where="anywhere",
    max_words=_S.link_max_words, weight=_S.link_weight,
)
LINK_MIN = _S.link_min


#: A block of another post than the page's (dom.OTHER_POST): a teaser, prose or not. The
#: page says so itself, so it cuts alone.
_OTHER_POST = coded(
    rule_id=OTHER_POST, category="related_links", role="line", where="anywhere",
    max_words=None, weight=DEFAULT_WEIGHT["line"],
)


def other_post(block: Block) -> Hit | None:
    """A line hit for a block inside a WordPress post that is not the page's own."""
    return Hit(_OTHER_POST, "in another post than the page's") if dom.OTHER_POST in block.container else None


def link_headline(block: Block, words: int) -> Hit | None:
    """A line hit for a link-only block set in capitals, a few words long."""
    if (
        block.link_density >= LINK_MIN
        and HEADLINE_LINK_MIN_WORDS <= words
        and _HEADLINE_LINK.fits(words)
        and block.text.isupper()
    ):
        return Hit(_HEADLINE_LINK, "link text in capitals")
    return None


def links(block: Block, words: int) -> Hit | None:
    """A signal: the block is (almost) all link text, and not a bare URL printed as a source."""
    if block.link_density >= LINK_MIN and _LINK_RULE.fits(words) and not _URL.match(block.text):
        return Hit(_LINK_RULE, f"link density {block.link_density:.2f}")
    return None


def opener(block: Block, words: int) -> Hit | None:
    """A hint that the block opens a tail region."""
    return hints().tail.first(block.container, words) if block.container else None


def container(block: Block, words: int) -> Hit | None:
    """A signal: the block sits in a container that tail regions open from (a paragraph of
    a newsletter box, say). Evidence inside a region, never a cut on its own."""
    hit = opener(block, words)
    if hit is None:
        return None
    signal = replace(hit.rule, id=hit.rule.id + SIGNAL_SUFFIX, role="signal", weight=CONTAINER_SIGNAL)
    return Hit(signal, hit.matched)
