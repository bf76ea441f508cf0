"""Runs the rule catalog over blocks: which line, opener and signal rules match a text.

A block is tried only against the line and opener rules that can apply to it: those
whose pattern can start with the block's first few characters (asked of the pattern
itself, by a partial match; the answer is kept per prefix) and whose max_words the block
fits. A rule that names required strings is tried only on blocks containing one string
of each of its groups (within its requires_within characters, if it sets them). Line
rules come before openers, and the first that matches claims the block. Start-anchored
rules are tried at position 0 only. Signals are searched one rule at a time, and only in
the blocks a region needs them for.

Every call has a timeout; a rule that times out is skipped and reported, never fatal.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from cleantext.rules import Rule, select
from cleantext.scoring import SCORING

#: Signal weights in one block add up to at most this (scoring.toml [classify]).
SIGNAL_CAP = SCORING.classify.signal_cap
_UNBOUNDED = 1 << 30
#: Characters of a block's start that pick its candidate rules. Four tell "The " from
#: "This" and "Tags"; more would mostly grow the table of kept answers.
PREFIX = 4
#: Kept answers beyond this are dropped (a long stream sees ever new prefixes).
MAX_KEPT = 50_000


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule that matched a block, and the text it matched (the evidence)."""

    rule: Rule
    matched: str


#: A candidate rule as the matching loop wants it: the rule, the pattern's bound match
#: (start-anchored) or search method, its groups of required strings, and how far into
#: the block they count (a number past any block's length when they count anywhere).
Candidate = tuple[Rule, Callable[..., "regex.Match[str] | None"], tuple[tuple[str, ...], ...], int]
#: The rules that can claim a block on its own: every line rule, then every opener. The
#: first of them to match decides the block (a line rule wins over an opener).
CLAIM = "claim"


class Catalog:
    """The compiled rules of one language selection. Candidate lists are built on first
    use and kept: they depend only on the rules, never on a document."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.by_role = {role: tuple(r for r in rules if r.role == role) for role in ("line", "opener", "signal")}
        self._ordered = {**self.by_role, CLAIM: self.by_role["line"] + self.by_role["opener"]}
        self.limits = {
            role: sorted({r.max_words or _UNBOUNDED for r in chosen}) for role, chosen in self._ordered.items()
        }
        self._candidates: dict[tuple[str, str, int], tuple[Candidate, ...]] = {}

    def candidates(self, role: str, text: str, words: int) -> tuple[Candidate, ...]:
        """The rules of ``role`` that could match ``text``, in catalog order.

        Narrowed in two steps, each answer kept: by the first character among all rules
        that fit the length, then by the first ``PREFIX`` characters among those.
        """
        limits = self.limits[role]
        k = bisect_left(limits, words)
        if k == len(limits):
            return ()
        key = (role, text[:PREFIX], limits[k])
        found = self._candidates.get(key)
        if found is None:
            first = self._narrowed((role, text[:1], limits[k]), None) if len(text) > 1 else None
            found = self._narrowed(key, first)
        return found

    def _narrowed(self, key: tuple[str, str, int], among: tuple[Candidate, ...] | None) -> tuple[Candidate, ...]:
        found = self._candidates.get(key)
        if found is None:
            if len(self._candidates) >= MAX_KEPT:
                self._candidates.clear()
            role, prefix, limit = key
            if among is None:
                among = tuple(
                    (
                        r,
                        r.pattern.match if _anchored(r) else r.pattern.search,
                        r.requires,
                        r.requires_within or _UNBOUNDED,
                    )
                    for r in self._ordered[role]
                    if (r.max_words or _UNBOUNDED) >= limit
                )
            found = self._candidates[key] = tuple(
                c for c in among if not _anchored(c[0]) or c[0].pattern.match(prefix, partial=True)
            )
        return found


@dataclass(slots=True)
class Matcher:
    """Matches one document's blocks against a catalog; logs rules that time out."""

    catalog: Catalog
    timeout: float
    timeouts: list[str] = field(default_factory=list)

    def first(self, role: str, text: str, words: int, folded: str | None = None) -> Hit | None:
        """The first rule of ``role`` (or of ``CLAIM``) that matches ``text`` and fits its length.

        ``folded`` is ``text.casefold()`` if the caller has it (made here when needed).
        """
        # The hot loop of text cleaning: required strings are tested inline (a call per
        # rule cost more than the tests).
        for rule, find, requires, within in self.catalog.candidates(role, text, words):
            if requires:
                if folded is None:
                    folded = text.casefold()
                head = folded[:within]  # the string itself when within is past its end
                met = True
                for group in requires:
                    for needle in group:
                        if needle in head:
                            break
                    else:
                        met = False
                        break
                if not met:
                    continue
            m = self._timed(rule, find, text)
            if m:
                return Hit(rule, m.group())
        return None

    def _timed(self, rule: Rule, find: Callable[..., regex.Match[str] | None], text: str) -> regex.Match[str] | None:
        """One rule's ``find`` (its pattern's match or search) on one text under the timeout;
        a rule that times out is logged and counts as no match."""
        try:
            return find(text, timeout=self.timeout)
        except TimeoutError:
            self.timeouts.append(rule.id)
            return None

    def signals(self, text: str) -> tuple[float, tuple[Hit, ...]]:
        """Summed weight (capped) of the signal rules found in ``text``, and the hits.

        Each rule is searched on its own: measured twice as fast as one alternation of them
        all, and a match cannot hide another rule's match that overlaps it.
        """
        hits = []
        for rule in self.catalog.by_role["signal"]:
            m = self._timed(rule, rule.pattern.search, text)
            if m:
                hits.append(Hit(rule, m.group()))
        return min(SIGNAL_CAP, sum(h.rule.weight for h in hits)), tuple(hits)


def _anchored(rule: Rule) -> bool:
    """Start-anchored rules are tried at position 0 only, and narrowed by prefix."""
    source: str = rule.pattern.pattern
    return source.startswith("^")


@lru_cache(maxsize=16)
def catalog(languages: frozenset[str] | None) -> Catalog:
    """The compiled catalog for a language selection (None: every language)."""
    return Catalog(select(languages))


def matcher(languages: frozenset[str] | None, timeout: float) -> Matcher:
    """A fresh matcher (its timeout log is per document) over the cached catalog."""
    return Matcher(catalog(languages), timeout)
