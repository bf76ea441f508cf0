"""Runs the rule catalog over blocks: which line, opener and signal rules match a text.

A block is tried only against the line and opener rules that can apply to it. A rule
that names required strings is nominated by a screen: one scan of the casefolded block
finds every required string of every rule at once (a trie of the strings, one pattern),
and only the rules whose strings occur are checked further (within their
requires_within characters, if they set them; every group met). A rule without required
strings is a candidate when its pattern can start with the block's first few characters
(asked of the pattern itself, by a partial match; the answer is kept per prefix); a
nominated rule passes the same test. Both kinds fit the block's words (max_words). Line
rules come before openers, and the first rule in catalog order that matches claims the
block. Start-anchored rules are tried at position 0 only. Signals are searched one rule
at a time, and only in the blocks a region needs them for.

Every call has a timeout; a rule that times out is skipped and reported, never fatal.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import import_module
from typing import Any

import regex

from cleantext.rules import Rule, select

#: The standard library's regular-expression parser (private, stable since 3.11; typeshed
#: has no stubs for it): signal screens read required strings off its parse trees.
_parser: Any = import_module("re._parser")
_constants: Any = import_module("re._constants")
#: Signal weights in one block add up to at most this: one block confirms, it does not decide.
SIGNAL_CAP = 4.0
_UNBOUNDED = 1 << 30
#: Characters of a block's start that pick its candidate rules. Four tell "The " from
#: "This" and "Tags"; more would mostly grow the table of kept answers.
PREFIX = 4
#: A text this short is matched without the timeout, which costs more than most matches
#: (about 5 us a call, measured on regex 2026.11). The catalog's patterns have no nested
#: quantifiers, and tests/test_rules.py checks that every rule runs far inside the default
#: timeout on texts of this length made to make patterns backtrack.
UNTIMED_CHARS = 200
#: Kept answers beyond this are dropped (a long stream sees ever new prefixes).
MAX_KEPT = 50_000


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule that matched a block, and the text it matched (the evidence)."""

    rule: Rule
    matched: str


#: A candidate rule as the matching loop wants it: its position in its role's catalog
#: order (the order rules are tried in), the rule, and its pattern's bound match
#: (start-anchored) or search method.
Candidate = tuple[int, Rule, Callable[..., "regex.Match[str] | None"]]
#: The rules that can claim a block on its own: every line rule, then every opener. The
#: first of them to match decides the block (a line rule wins over an opener).
CLAIM = "claim"


class Screen:
    """Which of a list of rules have one of their strings in a text, found in one scan.

    Each rule comes with one group of strings, of which every text it matches holds one
    (one group of its required strings, or strings read off its pattern). The scan
    reports, at each position, the longest string that starts there; the shorter ones
    that start there are its prefixes, so each string is indexed under every string it is
    a prefix of.
    """

    def __init__(self, groups: Sequence[tuple[int, Sequence[str]]]) -> None:
        owners: dict[str, set[int]] = {}
        for pos, group in groups:
            for needle in group:
                owners.setdefault(needle, set()).add(pos)
        self._owners = {
            found: frozenset(pos for needle, held in owners.items() if found.startswith(needle) for pos in held)
            for found in owners
        }
        trie = _trie(owners)
        # A plain search finds the first string (most texts hold none); from there a
        # lookahead scan finds them all, overlapping ones included.
        self._first = re.compile(trie) if owners else None
        self._scan = re.compile(f"(?=({trie}))")

    def rules(self, folded: str) -> set[int]:
        """Positions of the rules whose indexed strings occur in ``folded``."""
        first = self._first.search(folded) if self._first else None
        if first is None:
            return set()
        return set().union(*map(self._owners.__getitem__, set(self._scan.findall(folded, first.start()))))


#: A trie node: next character -> node; the key "" marks the end of a string.
_Node = dict[str, "_Node"]


def _trie(strings: Iterable[str]) -> str:
    """A pattern (for ``re``) that matches the longest of ``strings`` at a position: a trie,
    so that a position costs a test per distinct next character, not one per string."""
    root: _Node = {}
    for string in strings:
        node = root
        for char in string:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: _Node) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        # Greedy: where a string ends and a longer one goes on, the longer is tried first.
        return f"(?:{body})?" if "" in node else body

    return pattern(root)


class Catalog:
    """The compiled rules of one language selection. Candidate lists and screens are built
    on first use and kept: they depend only on the rules, never on a document."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.by_role = {role: tuple(r for r in rules if r.role == role) for role in ("line", "opener", "signal")}
        ordered = {**self.by_role, CLAIM: self.by_role["line"] + self.by_role["opener"]}
        candidates = {
            role: [(pos, r, r.pattern.match if _anchored(r) else r.pattern.search) for pos, r in enumerate(chosen)]
            for role, chosen in ordered.items()
        }
        self._plain = {role: tuple(c for c in chosen if not c[1].requires) for role, chosen in candidates.items()}
        self._required = {role: {c[0]: c for c in chosen if c[1].requires} for role, chosen in candidates.items()}
        self.limits = {
            role: sorted({r.max_words or _UNBOUNDED for _, r, _ in chosen}) for role, chosen in self._plain.items()
        }
        self._required_limits = {
            role: sorted({c[1].max_words or _UNBOUNDED for c in chosen.values()})
            for role, chosen in self._required.items()
        }
        self._candidates: dict[tuple[str, str, int], tuple[Candidate, ...]] = {}
        self._screens: dict[tuple[str, int], Screen] = {}
        self._signal_screen: Screen | None = None
        self._unscreened: frozenset[int] = frozenset()

    def candidates(self, role: str, text: str, words: int) -> tuple[Candidate, ...]:
        """The rules of ``role`` without required strings that could match ``text``, in
        catalog order.

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
                among = tuple(c for c in self._plain[role] if (c[1].max_words or _UNBOUNDED) >= limit)
            found = self._candidates[key] = tuple(c for c in among if _may_start(c[1], prefix))
        return found

    def signal_rules(self, folded: str) -> list[Rule]:
        """The signal rules that could be found in a text (casefolded), in catalog order:
        those with strings read off their pattern (required_strings) only where one occurs."""
        if self._signal_screen is None:
            strings = [required_strings(r.pattern.pattern) for r in self.by_role["signal"]]
            self._unscreened = frozenset(pos for pos, group in enumerate(strings) if group is None)
            self._signal_screen = Screen([(pos, group) for pos, group in enumerate(strings) if group is not None])
        chosen = self._unscreened | self._signal_screen.rules(folded)
        return [rule for pos, rule in enumerate(self.by_role["signal"]) if pos in chosen]

    def nominated(self, role: str, text: str, words: int, folded: str) -> list[Candidate]:
        """The rules of ``role`` with required strings that could match ``text``: every
        group of strings met, the length fitted and the prefix possible, as for the others."""
        limits = self._required_limits[role]
        k = bisect_left(limits, words)
        if k == len(limits):
            return []
        # One screen per length limit: a long block is scanned only for the few rules that fit it.
        screen = self._screens.get((role, limits[k]))
        if screen is None:
            chosen = [
                (pos, _rarest(c[1].requires))
                for pos, c in self._required[role].items()
                if (c[1].max_words or _UNBOUNDED) >= limits[k]
            ]
            screen = self._screens[role, limits[k]] = Screen(chosen)
        found = []
        for pos in screen.rules(folded):
            candidate = self._required[role][pos]
            rule = candidate[1]
            if (
                _met(rule.requires, folded[: rule.requires_within or _UNBOUNDED])
                and (rule.max_words or _UNBOUNDED) >= words
                and (not _anchored(rule) or _prefix_fits(rule, text))
            ):
                found.append(candidate)
        return found


def _rarest(requires: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """The group of required strings a screen indexes a rule by: any group is sound (all
    must be met); the one whose shortest string is longest is the likeliest to be rare."""
    return max(requires, key=lambda strings: min(map(len, strings)))


def required_strings(pattern: str) -> tuple[str, ...] | None:
    """Casefolded strings of which every match of ``pattern`` holds one, or None when none
    can be named (a pattern the standard parser does not read, or no literal it must hold).

    Read off the parse tree: a run of literal characters must appear whole; a group needs
    one of its branches' strings; of a sequence's required parts, the one whose shortest
    string is longest is kept. A match's characters equal the pattern's up to case, so the
    casefolded strings are in the casefolded text.
    """
    try:
        tree = _parser.parse(pattern)
    except Exception:  # noqa: BLE001 - regex syntax that re does not read (\\p{L}, ...): no screen
        return None
    found = _sequence(list(tree))
    return tuple(sorted(found)) if found else None


def _sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    options: list[set[str]] = []
    run = ""
    for op, arg in [*items, (None, None)]:
        if op is _constants.LITERAL:
            run += chr(arg)
            continue
        if run:
            options.append({run.casefold()})
            run = ""
        if op is _constants.SUBPATTERN:
            part = _sequence(list(arg[-1]))
        elif op is _constants.BRANCH:
            branches = [_sequence(list(branch)) for branch in arg[1]]
            part = None if any(b is None for b in branches) else set().union(*branches)  # type: ignore[arg-type]
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT) and arg[0] >= 1:
            part = _sequence(list(arg[2]))
        else:
            part = None
        if part:
            options.append(part)
    return max(options, key=lambda strings: min(map(len, strings)), default=None)


def _met(requires: tuple[tuple[str, ...], ...], head: str) -> bool:
    """Whether ``head`` holds a string of every group."""
    return all(any(needle in head for needle in group) for group in requires)


def _may_start(rule: Rule, prefix: str) -> bool:
    """Whether ``rule`` can match a text that starts with ``prefix`` (a partial match)."""
    return not _anchored(rule) or rule.pattern.match(prefix, partial=True) is not None


def _prefix_fits(rule: Rule, text: str) -> bool:
    """The two prefix tests ``candidates`` makes, for one start-anchored rule."""
    return (len(text) <= 1 or _may_start(rule, text[:1])) and _may_start(rule, text[:PREFIX])


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
        tried = self.catalog.candidates(role, text, words)
        nominated = self.catalog.nominated(role, text, words, text.casefold() if folded is None else folded)
        if nominated:
            tried = tuple(sorted((*tried, *nominated), key=_position))
        for _, rule, find in tried:
            m = self._timed(rule, find, text)
            if m:
                return Hit(rule, m.group())
        return None

    def _timed(self, rule: Rule, find: Callable[..., regex.Match[str] | None], text: str) -> regex.Match[str] | None:
        """One rule's ``find`` (its pattern's match or search) on one text under the timeout;
        a rule that times out is logged and counts as no match."""
        if len(text) <= UNTIMED_CHARS:
            return find(text)
        try:
            return find(text, timeout=self.timeout)
        except TimeoutError:
            self.timeouts.append(rule.id)
            return None

    def signals(self, text: str, folded: str | None = None) -> tuple[float, tuple[Hit, ...]]:
        """Summed weight (capped) of the signal rules found in ``text``, and the hits.

        Each rule is searched on its own: measured twice as fast as one alternation of them
        all, and a match cannot hide another rule's match that overlaps it. Only the rules
        the signal screen leaves are searched. ``folded``: ``text.casefold()``, if the
        caller has it.
        """
        hits = []
        for rule in self.catalog.signal_rules(text.casefold() if folded is None else folded):
            m = self._timed(rule, rule.pattern.search, text)
            if m:
                hits.append(Hit(rule, m.group()))
        return min(SIGNAL_CAP, sum(h.rule.weight for h in hits)), tuple(hits)


def _position(candidate: Candidate) -> int:
    return candidate[0]


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
