"""DOM hints as evidence: container words and link density of an HTML block, as rule hits.

The data lives in ``hints.toml`` beside this module (not in ``rules/``: these are not text
patterns). Each hint becomes a ``Rule`` with an id such as ``hint.newsletter`` so a removal
it decides is reported like any other rule's.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import regex

from cleantext.match import Hit
from cleantext.model import CATEGORIES, Block
from cleantext.rules import PLACES, Rule

_NEVER = regex.compile(r"(?!)")
_URL = regex.compile(r"(?:https?://|www\.)\S+$")


@dataclass(frozen=True, slots=True)
class Hints:
    """Word -> rule per role, plus the link-density rule and its thresholds."""

    head: dict[str, Rule]
    anywhere: dict[str, Rule]
    tail: dict[str, Rule]
    link_rule: Rule | None
    link_min: float


def _rule(rule_id: str, category: str, role: str, where: str, max_words: int | None = None) -> Rule:
    if category not in CATEGORIES:
        raise ValueError(f"hints.toml: unknown category {category!r}")
    if role not in ("line", "opener") or where not in PLACES:
        raise ValueError(f"hints.toml: bad role/where {role!r}/{where!r} for {category!r}")
    return Rule(rule_id, category, "any", role, where, _NEVER, max_words, 3.0, (), ())


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
    link = data.get("link_density")
    link_rule = None
    if link:
        link_rule = _rule(
            "hint.link_density", link["category"], link["role"], link["where"], link["max_words"]
        )
    return Hints(
        tables["head"], tables["anywhere"], tables["tail"], link_rule, float(link["min"]) if link else 2.0
    )


def _first(words: frozenset[str], table: dict[str, Rule], length: int) -> Hit | None:
    found = sorted(w for w in words if w in table and table[w].fits(length))
    if not found:
        return None
    return Hit(table[found[0]], f"container word {found[0]!r}")


def line(block: Block, words: int, early: bool) -> Hit | None:
    """A hint that decides the block alone: anywhere, or (``early`` blocks) head-only."""
    table = hints()
    if block.container:
        hit = _first(block.container, table.anywhere, words)
        if hit is None and early:
            hit = _first(block.container, table.head, words)
        if hit:
            return hit
    rule = table.link_rule
    if (
        rule is not None
        and block.link_density >= table.link_min
        and rule.fits(words)
        and not _URL.match(block.text)
    ):
        return Hit(rule, f"link density {block.link_density:.2f}")
    return None


def opener(block: Block, words: int) -> Hit | None:
    """A hint that the block opens a tail region."""
    return _first(block.container, hints().tail, words) if block.container else None
