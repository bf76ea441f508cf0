"""Runs the rule catalog over blocks: which line, opener and signal rules match a text.

A block is tried only against the rules that can apply to it, found without trying the
others one by one:
- a rule that names required strings is nominated, in a block of up to SCREEN_CHARS, by
  a screen: the casefolded block's runs of KEY_CHARS characters, one set, meet an index
  of the strings of every such rule (a group of its required strings or the literal
  strings its pattern holds), and only the rules whose strings occur are checked further (every
  group of required strings met, within requires_within). A longer block is checked
  against those of them that can start like it (below);
- so is a line or opener rule whose pattern may start anywhere (``^[^\\n]{0,150}?\\W...``)
  and holds strings of its own: a screen of those strings, read off the pattern;
- any other line or opener rule is a candidate when its pattern can start with the
  block's first few characters (asked of the pattern itself, by a partial match, one
  character at a time; each answer kept per prefix).
Every rule tried fits the block's words (max_words). Line rules come before openers, and
the first rule in catalog order that matches claims the block. Start-anchored rules are
tried at position 0 only. Signals are searched one rule at a time, and only in the
blocks a region needs them for, those with literal strings in their pattern only where
a screen finds one.

A call on a text longer than UNTIMED_CHARS has a timeout; a rule that times out is
skipped and reported, never fatal.

The answers about a short block are kept across documents (Catalog.known): a site's menus,
footers and appeals recur page after page, and are matched once. No answer that a timeout
decided is kept.
"""

from __future__ import annotations

import functools
import re
import weakref
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

import regex

from cleantext.facts import quick_words
from cleantext.rules import Rule, select
from cleantext.scoring import SCORING

#: The standard library's regular-expression parser (private, stable since 3.11; typeshed
#: has no stubs for it): signal screens read required strings off its parse trees.
_parser: Any = import_module("re._parser")
_constants: Any = import_module("re._constants")
#: Signal weights in one block add up to at most this (scoring.toml [classify]).
SIGNAL_CAP = SCORING.classify.signal_cap
_UNBOUNDED = 1 << 30
#: Characters of a block's start that pick its candidate rules. Four tell "The " from
#: "This" and "Tags"; more would mostly grow the table of kept answers.
PREFIX = 4
#: A text this short is matched without the timeout, which costs more than most matches
#: (about 5 us a call, measured on regex 2026.11). The catalog's patterns have no nested
#: quantifiers, and tests/test_rules.py checks that every rule runs far inside the default
#: timeout on texts of this length made to make patterns backtrack.
UNTIMED_CHARS = 200
#: A block longer than this is matched against the rules with required strings that can
#: start like it, checked one by one; a shorter one (menus, buttons, teasers: many rules
#: can start like them) is scanned by the screen. Measured: the screen costs about 50 us
#: on a 500-character paragraph, the prose's few candidates a tenth of that.
SCREEN_CHARS = 150
#: ... unless more rules than this could start like it: a screen (about 70 us on 200
#: characters) then costs less than checking each rule's strings (about 1.6 us a rule).
DIRECT_CANDIDATES = 40
#: The prefix-narrowing key of a role's rules with required strings.
REQUIRED = "required:"
#: Kept answers beyond this are dropped (a long stream sees ever new prefixes).
MAX_KEPT = 50_000
#: Blocks up to this long have their rule answers kept across documents (Catalog.known):
#: what recurs from page to page (menus, footers, a site's appeal, its newsletter box) is
#: this short; an article's paragraph seldom recurs, and keeping it would only cost memory.
KEPT_CHARS = 1_000


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule that matched a block, and the text it matched (the evidence)."""

    rule: Rule
    matched: str


#: A candidate rule as the matching loop wants it: its position in its role's catalog
#: order (the order rules are tried in), the rule, its pattern's bound match
#: (start-anchored) or search method, and its partial match (start-anchored rules only).
Candidate = tuple[int, Rule, Callable[..., "regex.Match[str] | None"], Callable[[str], object] | None]
#: The rules that can claim a block on its own: every line rule, then every opener. The
#: first of them to match decides the block (a line rule wins over an opener).
CLAIM = "claim"


class Screen:
    """Which of a list of rules have one of their strings in a text.

    Each rule comes with one group of strings, of which every text it matches holds one
    (one group of its required strings, or strings read off its pattern: see _screened).
    A string is indexed by one of its runs of KEY_CHARS characters (a shorter one by one
    of its characters), the one fewest strings share: the text's own runs, one set, meet
    the index in one intersection, and only the strings under a key they share are looked
    for. A scan by one trie pattern of all the strings, which enters the regex engine at
    nearly every position of the text, took twice as long on the signal screen's texts of
    the appended appeal.
    """

    def __init__(self, groups: Sequence[tuple[int, Sequence[str]]]) -> None:
        owners: dict[str, set[int]] = {}
        for pos, group in groups:
            for needle in group:
                owners.setdefault(screen_fold(needle), set()).add(pos)
        # One frozenset per distinct owner set: a rule's many strings share its one (a set
        # apiece cost about 10 MB a catalog).
        shared: dict[frozenset[int], frozenset[int]] = {}
        self._owners: dict[str, frozenset[int]] = {}
        for needle, held in owners.items():
            frozen = frozenset(held)
            self._owners[needle] = shared.setdefault(frozen, frozen)
        #: Rules with an empty string (a pattern that may match nothing): every text has it.
        self._always = self._owners.get("", frozenset())
        runs = {needle: _runs(needle) for needle in filter(None, self._owners)}
        # Any run of KEY_CHARS characters of a string (any character of a shorter one) is
        # in every text that holds it: each is filed under the run fewest strings share, so
        # a text's common runs ("the ", " de ") bring few strings to look for.
        shared_runs = Counter(run for own in runs.values() for run in set(own))
        self._long: dict[str, list[str]] = {}
        self._short: dict[str, list[str]] = {}
        for needle, own in runs.items():
            index = self._long if len(needle) >= KEY_CHARS else self._short
            index.setdefault(min(own, key=shared_runs.__getitem__), []).append(needle)
        self._long_keys = frozenset(self._long)
        self._short_keys = frozenset(self._short)

    def rules(self, folded: str) -> set[int]:
        """Positions of the rules whose strings occur in ``folded``."""
        folded = screen_fold(folded)
        found = set(self._always)
        grams = {folded[i : i + KEY_CHARS] for i in range(len(folded) - KEY_CHARS + 1)}
        for key in self._long_keys.intersection(grams):
            for needle in self._long[key]:
                if needle in folded:
                    found |= self._owners[needle]
        for char in self._short_keys.intersection(folded):
            for needle in self._short[char]:
                if needle in folded:
                    found |= self._owners[needle]
        return found


#: Characters that index a screen's strings (measured on the ScrapingHub and dragnet page
#: text: four about a tenth faster than three, five no faster than four).
KEY_CHARS = 4


def _runs(needle: str) -> list[str]:
    """The runs of KEY_CHARS characters in ``needle``, in order; a shorter one's characters."""
    if len(needle) < KEY_CHARS:
        return list(needle)
    return [needle[i : i + KEY_CHARS] for i in range(len(needle) - KEY_CHARS + 1)]


def _shortest(strings: Sequence[str]) -> int:
    return min(map(len, strings))


#: What Catalog.known answers for a question it has no answer to (None is an answer).
_UNKNOWN: Any = object()
#: Every catalog made, for forget().
_CATALOGS: weakref.WeakSet[Catalog] = weakref.WeakSet()


class Catalog:
    """The compiled rules of one language selection. Candidate lists and screens are built
    on first use and kept: they depend only on the rules, never on a document."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.by_role = {role: tuple(r for r in rules if r.role == role) for role in ("line", "opener", "signal")}
        ordered = {**self.by_role, CLAIM: self.by_role["line"] + self.by_role["opener"]}
        candidates = {
            role: [_candidate(pos, r) for pos, r in enumerate(chosen)]
            for role, chosen in ordered.items()
        }
        #: Whether a block's start can narrow each rule out (_narrows), by the rule's id().
        narrows = {id(r): _narrows(r) for r in rules}
        #: Each rule's groups of strings to screen for (see _requires), by the rule's id().
        self._groups = {id(r): _requires(r, narrows[id(r)]) for r in rules}
        self._plain = {role: tuple(c for c in chosen if not self._groups[id(c[1])]) for role, chosen in candidates.items()}
        self._required = {role: {c[0]: c for c in chosen if self._groups[id(c[1])]} for role, chosen in candidates.items()}
        self.limits = {
            role: sorted({c[1].max_words or _UNBOUNDED for c in chosen}) for role, chosen in self._plain.items()
        }
        #: Per role, the limit whose screen serves each length limit (see _shared_screens).
        self._screen_limits = {
            role: _shared_screens([c[1].max_words or _UNBOUNDED for c in chosen.values()])
            for role, chosen in self._required.items()
        }
        self._required_limits = {role: sorted(served) for role, served in self._screen_limits.items()}
        self._candidates: dict[tuple[str, str, int], tuple[Candidate, ...]] = {}
        self._prefixes: dict[tuple[str, str], tuple[Candidate, ...]] = {}
        #: What _narrowed chooses among, per role and per REQUIRED + role: the rules whose
        #: start narrows nothing (those that may start anywhere, and start-anchored ones
        #: that can begin with about anything), and the start-anchored ones narrowed by
        #: prefix. A prefix only rules out rules that cannot match, so a rule kept without
        #: asking changes no answer; asking each free-start rule about every new prefix
        #: cost more than a quarter of the time on a stream of new pages.
        chosen = {**self._plain, **{REQUIRED + role: tuple(found.values()) for role, found in self._required.items()}}
        self._loose = {role: tuple(c for c in found if not narrows[id(c[1])]) for role, found in chosen.items()}
        self._anchored = {role: tuple(c for c in found if narrows[id(c[1])]) for role, found in chosen.items()}
        #: Per role, the positions of its rules with required strings that narrow by prefix.
        self._narrowing = {role: frozenset(c[0] for c in self._anchored[REQUIRED + role]) for role in self._required}
        self._screens: dict[tuple[str, int], Screen] = {}
        self._signal_screen: Screen | None = None
        self._unscreened: frozenset[int] = frozenset()
        #: Rule answers for short blocks, across documents (see keep): a pipeline sees each
        #: site's furniture and appended lines on page after page. A pure function of the
        #: block and the rules, so keeping it changes no output, only how often it is found.
        self.known: dict[tuple[str, str, int], Any] = {}
        _CATALOGS.add(self)

    def keep(self, key: tuple[str, str, int], answer: object) -> None:
        """Keeps a rule answer about a short block (``key``: the question's kind, the text
        and its words) for later documents; every catalog's are dropped when they number
        MAX_KEPT in all (a long stream, or one of many languages: a catalog per language)."""
        if len(key[1]) <= KEPT_CHARS:
            if _kept[0] >= MAX_KEPT:
                forget()
            _kept[0] += 1
            self.known[key] = answer

    def candidates(self, role: str, text: str, words: int) -> tuple[Candidate, ...]:
        """The rules of ``role`` without required strings that could match ``text``, in
        catalog order.

        The start-anchored rules are narrowed a character at a time, each answer kept: by
        the first character, by the first two among those, and so on to ``PREFIX``
        characters. A new block seldom brings a new two- or three-character start, so a
        new four-character one is asked of the few rules its three-character start left,
        once whatever the block's length: the length only picks among the answer. A stream
        of new pages keeps meeting new starts (measured on dragnet and cleaneval page text
        in one pass: narrowing per start and length took two fifths of the time).
        """
        limits = self.limits[role]
        k = bisect_left(limits, words)
        if k == len(limits):
            return ()
        found = self._candidates.get((role, text[:PREFIX], limits[k]))
        return self._narrowed(role, text[:PREFIX], limits[k]) if found is None else found

    def _narrowed(self, role: str, prefix: str, limit: int) -> tuple[Candidate, ...]:
        """``role``'s rules (those without required strings; for the role ``REQUIRED +
        role``, those with) that fit ``limit`` words and can start with ``prefix``, in
        catalog order: the rules that may start anywhere, and the start-anchored ones that
        can start with it (asked once per prefix, whatever the length)."""
        found = self._candidates.get((role, prefix, limit))
        if found is None:
            fitting = [
                c for c in (*self._loose[role], *self._starting(role, prefix))
                if (c[1].max_words or _UNBOUNDED) >= limit
            ]
            if len(self._candidates) >= MAX_KEPT:
                self._candidates.clear()
            found = self._candidates[role, prefix, limit] = tuple(sorted(fitting, key=_position))
        return found

    def _starting(self, role: str, prefix: str) -> tuple[Candidate, ...]:
        """``role``'s start-anchored rules that can start with ``prefix``: narrowed a
        character at a time from those its shorter prefix left, each answer kept."""
        found = self._prefixes.get((role, prefix))
        if found is None:
            among = self._starting(role, prefix[:-1]) if len(prefix) > 1 else self._anchored[role]
            if len(self._prefixes) >= MAX_KEPT:
                self._prefixes.clear()
            found = self._prefixes[role, prefix] = tuple(c for c in among if c[3](prefix) is not None)  # type: ignore[misc]
        return found

    def prepare(self) -> None:
        """Builds every screen now rather than on first use: done once before worker
        processes are forked, it is inherited by all of them instead of built in each."""
        self._signals_screen()
        for role, limits in self._screen_limits.items():
            for limit in set(limits.values()):
                self._screen(role, limit)

    def signal_rules(self, folded: str) -> list[Rule]:
        """The signal rules that could be found in a text (casefolded), in catalog order:
        those with strings read off their pattern (required_strings) only where one occurs."""
        found = self._signals_screen().rules(folded)  # first: it finds the unscreened rules too
        signals = self.by_role["signal"]
        return [signals[pos] for pos in sorted(self._unscreened | found)]

    def _screen(self, role: str, limit: int) -> Screen:
        """The screen of ``role``'s rules with required strings that fit ``limit`` words."""
        screen = self._screens.get((role, limit))
        if screen is None:
            chosen = [
                (pos, _screened(c[1]))
                for pos, c in self._required[role].items()
                if (c[1].max_words or _UNBOUNDED) >= limit
            ]
            screen = self._screens[role, limit] = Screen(chosen)
        return screen

    def _signals_screen(self) -> Screen:
        if self._signal_screen is None:
            strings = [required_strings(r.pattern.pattern) for r in self.by_role["signal"]]
            self._unscreened = frozenset(pos for pos, group in enumerate(strings) if group is None)
            self._signal_screen = Screen([(pos, group) for pos, group in enumerate(strings) if group is not None])
        return self._signal_screen

    def nominated(self, role: str, text: str, words: int, folded: str) -> list[Candidate]:
        """The rules of ``role`` with required strings that could match ``text``: every
        group of strings met, the length fitted and the prefix possible, as for the others."""
        limits = self._required_limits[role]
        k = bisect_left(limits, words)
        if k == len(limits):
            return []
        folded = screen_fold(folded)
        if len(text) > SCREEN_CHARS:
            # A long block (prose, mostly) starts like few rules: those are checked directly,
            # unless many rules that may start anywhere still fit its length.
            narrowed = self._narrowed(REQUIRED + role, text[:PREFIX], limits[k])
            if len(narrowed) <= DIRECT_CANDIDATES:
                return [
                    c for c in narrowed
                    if (c[1].max_words or _UNBOUNDED) >= words
                    and _met(self._groups[id(c[1])], folded[: c[1].requires_within or _UNBOUNDED])
                ]
        # A screen per band of length limits: a long block is scanned only for the rules
        # that fit about its length, and a rule too short for it is dropped here.
        screen = self._screen(role, self._screen_limits[role][limits[k]])
        found = []
        for pos in screen.rules(folded):
            candidate = self._required[role][pos]
            rule = candidate[1]
            if (
                (rule.max_words or _UNBOUNDED) >= words
                and _met(self._groups[id(rule)], folded[: rule.requires_within or _UNBOUNDED])
                and (pos not in self._narrowing[role] or candidate in self._starting(REQUIRED + role, text[:PREFIX]))
            ):
                found.append(candidate)
        return found


#: A length limit gets a screen of its own when the rules that fit it are fewer than this
#: share of those of the screen below it; else that screen serves it too. A screen per limit
#: held nearly the same strings again and again: 41 MB for the catalog of every language,
#: where the 19 limits of the rules that claim a block need 6 screens.
SCREEN_SHARE = 0.7


def _shared_screens(limits: Sequence[int]) -> dict[int, int]:
    """For each length limit of a role's rules (their max_words, one per rule), the limit
    whose screen serves it: itself, or the nearest lower one holding few more rules."""
    served: dict[int, int] = {}
    own, kept = 0, 0
    for limit in sorted(set(limits)):
        fitting = sum(1 for n in limits if n >= limit)
        if not served or fitting < SCREEN_SHARE * kept:
            own, kept = limit, fitting
        served[limit] = own
    return served


#: Starts that no rule's words begin with: a start-anchored pattern that can begin with one
#: of them can begin with about anything (``^[^\n]{0,150}?\W...``, ``^[\p{L} ]{1,40}: ...``),
#: and its prefix narrows nothing.
_ANY_STARTS = ("\ue000\ue001", "Xqzj", "xqzj")


#: A pattern's strings screen a rule only when each is this long (two characters of a script
#: written without spaces, CJK_START on): shorter ones ("at", "w") occur in nearly every
#: text, and screening for them costs more than it saves.
MIN_AUTO_CHARS = 3
CJK_START = "\u2e80"


def _rare(string: str) -> bool:
    return len(string) >= MIN_AUTO_CHARS or (len(string) == 2 and min(string) >= CJK_START)


def _requires(rule: Rule, narrows: bool) -> tuple[tuple[str, ...], ...]:
    """The groups of strings a text must hold before ``rule`` is tried, folded as the
    screens fold them: its required strings; for a line or opener whose pattern can start
    anywhere and names none, the strings its pattern holds (a contributor need not know
    that a free start is costly: such a rule was tried on every block, at about ten times
    a narrowed rule's cost). ``narrows``: _narrows(rule), which the catalog has found."""
    if rule.requires or rule.role == "signal":
        return tuple(tuple(map(screen_fold, group)) for group in rule.requires)
    if narrows:
        return ()
    strings = required_strings(rule.pattern.pattern)
    return (strings,) if strings and all(map(_rare, strings)) else ()


def _screened(rule: Rule) -> tuple[str, ...]:
    """The group of strings a screen looks for before a rule is tried. Any group of its
    required strings, or the strings its pattern holds, is sound (a text it matches holds
    one of each); the group whose shortest string is longest is the likeliest to be rare."""
    strings = required_strings(rule.pattern.pattern)
    return max((*rule.requires, *([strings] if strings else [])), key=_shortest)


@functools.cache
def required_strings(pattern: str) -> tuple[str, ...] | None:
    """Casefolded strings of which every match of ``pattern`` holds one, or None when none
    can be named (a pattern the standard parser does not read, or no literal it must hold).

    Read off the parse tree: a run of literal characters must appear whole; a group needs
    one of its branches' strings; of a sequence's required parts, the one whose shortest
    string is longest is kept. A match's characters equal the pattern's up to case, so the
    casefolded strings are in the casefolded text; a run ends at a character of
    FOLD_UNSTABLE, for which that does not hold. A character class of a few literal
    characters is a group of one-character strings; a Unicode property (regex syntax)
    reads as ``\\w``, one character of no string, so the comment-meta rules, which use
    them, need not be searched in every block. Kept per pattern: each screen of a role
    (one per length limit) asks again for the same rules.
    """
    try:
        tree = _parser.parse(_PROPERTY.sub(_as_word_class, pattern))
    except Exception:  # noqa: BLE001 - regex syntax that re does not read (\\X, ...): no screen
        return None
    found = _sequence(list(tree))
    # An empty string (a pattern that may match nothing) would let every text through.
    return tuple(sorted(found)) if found and "" not in found else None


#: A Unicode property (\\p{L}, \\P{Han}), or any other escape (kept as it is).
_PROPERTY = re.compile(r"\\[pP]\{[^}]*\}|\\.", re.DOTALL)
#: Classes of more literal characters than this are not read as strings (a long class is
#: likely to match a common character, and the screen would find it everywhere).
MAX_CLASS_CHARS = 8


def _as_word_class(escape: re.Match[str]) -> str:
    """A Unicode property as ``\\w`` (``\\W`` negated): one character, in or out of a
    class, never a literal (``"."`` would be one inside a class of one item)."""
    text = escape.group()
    return text if text[1] not in "pP" else "\\w" if text[1] == "p" else "\\W"


#: Characters that regex's IGNORECASE matches to one with another casefold ("\u00df" and
#: "\u1e9e" casefold to "ss"): a run of literals read off a pattern stops at them. Found
#: over every code point; tests/test_rules.py checks the catalog's.
FOLD_UNSTABLE = frozenset("\u00df\u1e9e\U0001df95")
#: ... and these the screens fold alike, in the strings and in the text they scan: "I",
#: "\u0130" and "\u0131" all match "i", and casefold to "i", "i" and a combining dot, "\u0131".
_SCREEN_FOLD = {0x307: None, 0x131: "i"}


def screen_fold(folded: str) -> str:
    """Casefolded text as the screens read it (see _SCREEN_FOLD)."""
    return folded.translate(_SCREEN_FOLD) if "\u0307" in folded or "\u0131" in folded else folded


#: Strings a run of adjacent parts may multiply into ("con " then one of 30 agency names)
#: before the run is cut: more would make the screen large for little gain.
MAX_RUN_STRINGS = 64


def _sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    return _parts(items)[0]


def _parts(items: list[tuple[Any, Any]]) -> tuple[set[str] | None, bool]:
    """(strings, whole) for a parsed sequence: strings of which every match holds one, and
    whether every match *is* one of them (then adjacent parts multiply into longer strings)."""
    options: list[set[str]] = []
    run: set[str] = {""}
    whole = True
    for op, arg in items:
        if op is _constants.AT:
            continue  # ^, $, \b: they match no character, so the characters around them adjoin
        part, part_whole = _part(op, arg)
        if part and part_whole and len(run) * len(part) <= MAX_RUN_STRINGS:
            run = {a + b for a in run for b in part}
            continue
        whole = False
        if run != {""}:
            options.append(run)
        if part:
            options.append(part)
        run = {""}
    if whole:
        return run if run != {""} else None, True
    if run != {""}:
        options.append(run)
    return max(options, key=lambda strings: min(map(len, strings)), default=None), False


def _part(op: Any, arg: Any) -> tuple[set[str] | None, bool]:
    """(strings, whole) for one item of a parsed sequence (see _parts)."""
    if op is _constants.LITERAL:
        char = chr(arg)
        return (None, False) if char in FOLD_UNSTABLE else ({screen_fold(char.casefold())}, True)
    if op is _constants.IN and 0 < len(arg) <= MAX_CLASS_CHARS and all(o is _constants.LITERAL for o, _ in arg):
        # A class of literals: one of them, a part of its own (multiplying it into the
        # strings around it grows a screen more than it narrows it).
        chars = [char for o, a in arg for char in _part(o, a)[0] or ()]
        return (set(chars), False) if len(chars) == len(arg) else (None, False)
    if op is _constants.SUBPATTERN:
        return _parts(list(arg[-1]))
    if op is _constants.BRANCH:
        branches = [_parts(list(branch)) for branch in arg[1]]
        if any(not strings for strings, _ in branches):
            return None, False
        return set().union(*(strings for strings, _ in branches if strings)), all(w for _, w in branches)
    if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT) and arg[0] >= 1:
        return _parts(list(arg[2]))[0], False
    if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT) and arg[1] == 1:
        strings, whole = _parts(list(arg[2]))  # an optional part: it, or nothing
        return ({"", *strings}, True) if strings and whole else (None, False)
    return None, False


def _met(requires: tuple[tuple[str, ...], ...], head: str) -> bool:
    """Whether ``head`` holds a string of every group (loops, not any()/all(): this runs
    for every candidate of every long block)."""
    for group in requires:
        for needle in group:
            if needle in head:
                break
        else:
            return False
    return True


#: A list mark and the space after it at the start of a line (not "»Zitat«", not "-5 °C").
_LIST_MARK = re.compile(r"[-*•·▪▫◦‣⁃∙●○■□►▶▸▹→➔➤»›✓✔–—]\s+")


@dataclass(slots=True)
class Matcher:
    """Matches one document's blocks against a catalog; logs rules that time out."""

    catalog: Catalog
    timeout: float
    timeouts: list[str] = field(default_factory=list)
    #: first()'s answers for this document: a page repeats its menu and footer lines
    #: (a fifth of the blocks of the ScrapingHub pages' text).
    _answers: dict[tuple[str, str, int], Hit | None] = field(default_factory=dict)

    def first(self, role: str, text: str, words: int, folded: str | None = None) -> Hit | None:
        """The first rule of ``role`` (or of ``CLAIM``) that matches ``text`` and fits its length.

        ``folded`` is ``text.casefold()`` if the caller has it (made here when needed).
        """
        key = (role, text, words)
        if key in self._answers:
            return self._answers[key]
        hit: Hit | None = self._recalled(key, lambda: self._first(role, text, words, folded) or self._unmarked(role, text))
        self._answers[key] = hit
        return hit

    def _unmarked(self, role: str, text: str) -> Hit | None:
        """The first rule that matches the text after a list mark ("• Read more: ...",
        "- Subscribe", "» Mehr zum Thema"), when the text with it matched none: a mark
        says how a line was set, not what it is (a rule that needs its mark, "- Anzeige -",
        matched first)."""
        mark = _LIST_MARK.match(text)
        if mark is None:
            return None
        rest = text[mark.end() :]
        return self._first(role, rest, quick_words(rest), None) if rest else None

    def _recalled(self, key: tuple[str, str, int], find: Callable[[], Any]) -> Any:
        """The catalog's kept answer to ``key``, or ``find()``'s, kept for later documents
        unless a rule timed out while finding it (that answer depends on the machine)."""
        # One lookup, not "in" then [], so that a catalog shared by threads may drop its
        # answers between the two.
        answer = self.catalog.known.get(key, _UNKNOWN)
        if answer is _UNKNOWN:
            timeouts = len(self.timeouts)
            answer = find()
            if len(self.timeouts) == timeouts:
                self.catalog.keep(key, answer)
        return answer

    def _first(self, role: str, text: str, words: int, folded: str | None) -> Hit | None:
        tried = self.catalog.candidates(role, text, words)
        nominated = self.catalog.nominated(role, text, words, text.casefold() if folded is None else folded)
        if nominated:
            tried = tuple(sorted((*tried, *nominated), key=_position))
        for _, rule, find, _ in tried:
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
        # "signals" is not a role's name: first()'s keys start with one.
        found: tuple[float, tuple[Hit, ...]] = self._recalled(("signals", text, 0), lambda: self._signals(text, folded))
        return found

    def _signals(self, text: str, folded: str | None) -> tuple[float, tuple[Hit, ...]]:
        hits = []
        for rule in self.catalog.signal_rules(text.casefold() if folded is None else folded):
            m = self._timed(rule, rule.pattern.search, text)
            if m:
                hits.append(Hit(rule, m.group()))
        return min(SIGNAL_CAP, sum(h.rule.weight for h in hits)), tuple(hits)


def _candidate(pos: int, rule: Rule) -> Candidate:
    """A rule as the matching loop wants it (see Candidate)."""
    if _anchored(rule):
        return pos, rule, rule.pattern.match, functools.partial(rule.pattern.match, partial=True)
    return pos, rule, rule.pattern.search, None


def _narrows(rule: Rule) -> bool:
    """Whether a block's start narrows ``rule`` out: start-anchored, and unable to begin with
    about anything (_ANY_STARTS)."""
    return _anchored(rule) and not any(rule.pattern.match(start, partial=True) for start in _ANY_STARTS)


def _position(candidate: Candidate) -> int:
    return candidate[0]


def _anchored(rule: Rule) -> bool:
    """Start-anchored rules are tried at position 0 only, and narrowed by prefix."""
    source: str = rule.pattern.pattern
    return source.startswith("^")


def forget() -> None:
    """Drops the rule answers every catalog keeps across documents (Catalog.known), as a
    fresh process would have none: for timings that must not reuse an earlier run's."""
    for kept in _CATALOGS:
        kept.known.clear()
    _kept[0] = 0


#: How many answers the catalogs keep in all (about: threads may add at once), for keep().
_kept = [0]


def prepare() -> None:
    """Builds every screen of every catalog compiled so far (Catalog.prepare)."""
    for kept in list(_CATALOGS):
        kept.prepare()


#: Catalogs kept compiled: one per language a document is matched with (language.py),
#: English alone, every language, and a few selections callers name.
@functools.lru_cache(maxsize=64)
def catalog(languages: frozenset[str] | None) -> Catalog:
    """The compiled catalog for a language selection (None: every language)."""
    return Catalog(select(languages))


def matcher(languages: frozenset[str] | None, timeout: float) -> Matcher:
    """A fresh matcher (its timeout log is per document) over the cached catalog."""
    return Matcher(catalog(languages), timeout)
