"""DOM hints as evidence: container words and link density of an HTML block, as rule hits.

The data lives in ``hints.toml`` beside this module (not in ``rules/``: these are not text
patterns). Each hint becomes a ``Rule`` with an id such as ``hint.newsletter`` so a removal
it decides is reported like any other rule's.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import regex

from cleantext.match import Hit
from cleantext.model import CATEGORIES, Block
from cleantext.rules import PLACES, ROLES, SIGNAL_FILE, Rule

_NEVER = regex.compile(r"(?!)")
#: What a container word adds as a signal to a prose block inside a tail region.
CONTAINER_SIGNAL = 1.0
_URL = regex.compile(r"(?:https?://|www\.)\S+$")


@dataclass(frozen=True, slots=True)
class Hints:
    """Word -> rule per role, plus the link-density rule and its thresholds."""

    head: dict[str, Rule]
    anywhere: dict[str, Rule]
    tail: dict[str, Rule]
    link_rule: Rule
    link_min: float
    link_max_words: int


def _rule(
    rule_id: str, category: str, role: str, where: str, max_words: int | None = None, weight: float = 3.0
) -> Rule:
    if category not in (*CATEGORIES, SIGNAL_FILE):
        raise ValueError(f"hints.toml: unknown category {category!r}")
    if role not in ROLES or where not in PLACES:
        raise ValueError(f"hints.toml: bad role/where {role!r}/{where!r} for {category!r}")
    return Rule(
        id=rule_id, category=category, lang="any", role=role, where=where, pattern=_NEVER,
        max_words=max_words, weight=weight, examples=(), counterexamples=(),
    )


@lru_cache(maxsize=1)
def hints() -> Hints:
    """The hint table, loaded once."""
    data = tomllib.loads(resources.files("cleantext").joinpath("hints.toml").read_text(encoding="utf-8"))
    tables: dict[str, dict[str, Rule]] = {"head": {}, "anywhere": {}, "tail": {}}
    for entry in data.get("hints", []):
        rule = _rule(
            f"hint.{entry['category']}",
            entry["category"],
            entry["role"],
            entry["where"],
            entry.get("max_words"),
        )
        for word in entry["words"]:
            tables[entry["where"]].setdefault(word, rule)
    # A promo or related box printed before the article is as much boilerplate as after it.
    for word, rule in tables["tail"].items():
        if word not in tables["head"]:
            tables["head"][word] = _rule(rule.id, rule.category, "line", "head", rule.max_words)
    link = data["link_density"]
    link_rule = _rule("hint.link_density", SIGNAL_FILE, "signal", "anywhere", link["max_words"], link["weight"])
    return Hints(tables["head"], tables["anywhere"], tables["tail"], link_rule, float(link["min"]), link["max_words"])


def _first(words: frozenset[str], table: dict[str, Rule], length: int) -> Hit | None:
    found = sorted(w for w in words if w in table and table[w].fits(length))
    if not found:
        return None
    return Hit(table[found[0]], f"container word {found[0]!r}")


def line(block: Block, words: int, early: bool) -> Hit | None:
    """A hint that decides the block alone: anywhere, or (``early`` blocks) head-only."""
    if not block.container:
        return None
    table = hints()
    hit = _first(block.container, table.anywhere, words)
    if hit is None and early:
        hit = _first(block.container, table.head, words)
    return hit


#: A headline printed in capitals as a link of its own between paragraphs is a promotion
#: of another article ("CO-FOUNDER SAYS ..."): an article's own lists and sources are not
#: set in capitals. The one link-text cue that cuts alone.
_HEADLINE_LINK = Rule(
    id="hint.link_headline", category="related_links", lang="any", role="line", where="anywhere",
    pattern=_NEVER, max_words=30, weight=1.0, examples=(), counterexamples=(),
)
HEADLINE_LINK_MIN_WORDS = 3


def link_headline(block: Block, words: int) -> Hit | None:
    """A line hit for a link-only block set in capitals, a few words long."""
    table = hints()
    if (
        block.link_density >= table.link_min
        and HEADLINE_LINK_MIN_WORDS <= words
        and _HEADLINE_LINK.fits(words)
        and block.text.isupper()
    ):
        return Hit(_HEADLINE_LINK, "link text in capitals")
    return None


def links(block: Block, words: int) -> Hit | None:
    """A signal: the block is (almost) all link text, and not a bare URL printed as a source."""
    table = hints()
    if block.link_density >= table.link_min and table.link_rule.fits(words) and not _URL.match(block.text):
        return Hit(table.link_rule, f"link density {block.link_density:.2f}")
    return None


def opener(block: Block, words: int) -> Hit | None:
    """A hint that the block opens a tail region."""
    return _first(block.container, hints().tail, words) if block.container else None


def container(block: Block, words: int) -> Hit | None:
    """A signal: the block sits in a container that tail regions open from (a paragraph of
    a newsletter box, say). Evidence inside a region, never a cut on its own."""
    hit = opener(block, words)
    if hit is None:
        return None
    signal = replace(hit.rule, id=f"{hit.rule.id}.signal", role="signal", weight=CONTAINER_SIGNAL)
    return Hit(signal, hit.matched)
