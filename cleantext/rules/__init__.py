"""The rule catalog: loads the data files in this folder; each pattern is compiled when first used.

One TOML file per category, rules for every language side by side. Adding a rule or a
language means editing a data file; the loader checks each rule's shape, refuses nested
quantifiers, and keeps every compiled pattern attributable to its rule id.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import regex

from cleantext.model import CATEGORIES
from cleantext.scoring import SCORING

#: line: the block alone is boilerplate. opener: the block starts a boilerplate region.
#: signal: evidence that a block inside a region is boilerplate (counts, never removes alone).
ROLES = ("line", "opener", "signal")
#: Where a line or opener may fire: before the body, after it, or at any block.
PLACES = ("head", "tail", "anywhere")
#: The declaration of supported languages (not a rule file).
LANGUAGES_FILE = "languages.toml"
#: The lang of rules that hold for every language (kept by any language selection).
ANY_LANGUAGE = "any"
#: File-level category of files that hold only signals.
SIGNAL_FILE = "signals"

#: What a rule weighs, and how long a block it fires on, unless its entry says otherwise
#: (the reasons: scoring.toml [rules]).
_S = SCORING.rules
DEFAULT_MAX_WORDS = {"line": _S.line_max_words, "opener": _S.opener_max_words, "signal": None}
DEFAULT_WEIGHT = {"line": _S.line_weight, "opener": _S.opener_weight, "signal": _S.signal_weight}

_FIELDS = {
    "name", "lang", "role", "where", "pattern", "case_sensitive", "max_words", "weight",
    "requires", "requires_within", "runs_to_end", "alone_at_end", "lists_to_end", "asks", "examples", "counterexamples", "note",
}


class RuleError(ValueError):
    """A rule file is malformed; the message names the file and the rule."""


class Pattern:
    """A rule's regular expression, compiled when it is first used: compiling the whole
    catalog takes about 1.7 s of a process's start, and a page is matched with its own
    language's rules and English's (language.py). ``match`` and ``search`` are the compiled
    pattern's; a pattern that does not compile raises RuleError, naming its rule, then (the
    test suite compiles every shipped rule; ``parse`` compiles at once)."""

    __slots__ = ("_compiled", "_where", "flags", "pattern")

    def __init__(self, pattern: str, flags: int, where: str, compiled: regex.Pattern[str] | None = None) -> None:
        self.pattern = pattern
        self.flags = flags
        self._where = where
        self._compiled = compiled

    @property
    def compiled(self) -> regex.Pattern[str]:
        if self._compiled is None:
            try:
                self._compiled = regex.compile(self.pattern, self.flags)
            except regex.error as exc:
                raise RuleError(f"{self._where}: bad pattern: {exc}") from None
        return self._compiled

    @property
    def match(self) -> Callable[..., regex.Match[str] | None]:
        return self.compiled.match

    @property
    def search(self) -> Callable[..., regex.Match[str] | None]:
        return self.compiled.search

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pattern) and (self.pattern, self.flags) == (other.pattern, other.flags)

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"Pattern({self.pattern!r}, flags={self.flags})"


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern from the catalog, with what it means when it matches a block."""

    id: str
    category: str
    lang: str
    role: str
    where: str
    pattern: Pattern
    max_words: int | None
    weight: float
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...]
    #: Groups of casefolded strings; a block must contain one string of every group before
    #: the pattern is tried: a substring test costs far less than a regex that fails late
    #: (measured 4.5 us against 83 us for 30 agency names as one alternation, on a
    #: 170-character sentence). A short group tested first spares a long one most blocks.
    requires: tuple[tuple[str, ...], ...] = ()
    #: The required strings count only within this many characters of the block's start
    #: (None: anywhere). For a rule whose keyword comes early, a long block is not scanned.
    requires_within: int | None = None
    #: An opener (or a header line, when a thread's UI follows it) whose region runs to the
    #: end of the document whatever follows it: what comes after a comment-thread header is
    #: comments, and comments read as prose.
    runs_to_end: bool = False
    #: A weak tail opener that goes alone as the text's last block, where no body follows
    #: it ("© X": inside a text, a photo credit; at its end, the outlet's notice).
    alone_at_end: bool = False
    #: A bare header whose short lines below it are its list when they run to the end of
    #: the text, or to a block another rule claims ("Tags:" and its tags): the list goes
    #: with it. There only, since the same header inside an article may head its own list.
    lists_to_end: bool = False
    #: A signal that asks something of the reader (second person, an imperative to act):
    #: it marks the short blocks before a call to act as the call's own appeal. Signals of
    #: topic words (a price, "newsletter") do not: body prose uses them.
    asks: bool = False

    def fits(self, words: int) -> bool:
        """Whether a block of this many words is short enough for the rule."""
        return self.max_words is None or words <= self.max_words


#: The pattern of a rule decided in code: it never matches text.
_NEVER = Pattern(r"(?!)", 0, "coded rule", regex.compile(r"(?!)"))


def coded(
    *, rule_id: str, category: str, role: str, where: str, max_words: int | None, weight: float
) -> Rule:
    """A rule whose evidence is found in code, not by a pattern (a DOM hint, the outlet's
    name): it has an id, a category and a weight like any rule, so its hits are reported alike."""
    return Rule(
        id=rule_id, category=category, lang="any", role=role, where=where, pattern=_NEVER,
        max_words=max_words, weight=weight, examples=(), counterexamples=(),
    )


#: The ids of the rules decided in code rather than in a rule file, each spelled once here:
#: the stages that decide them name them from here, and docs/rules.md lists them (a test
#: checks). Catalog ids have three parts (category.lang.name), so none can collide.
OUTSIDE_SPAN = "locate.outside_span"
PAGE_TITLE = "title.page_title"
REPEATED_TITLE = "title.repeated"
LINK_HEADLINE = "hint.link_headline"
LINK_DENSITY = "hint.link_density"
OTHER_POST = "hint.other_post"
OUTLET_NAME = "signal.outlet_name"
TEMPLATE_SITE = "template.site"
BETWEEN_CUTS = "tail.between_cuts"
#: A DOM hint's id is this prefix and its category ("hint.newsletter") ...
HINT_PREFIX = "hint."
#: ... and, as evidence inside a region, the same with this suffix ("hint.newsletter.signal").
SIGNAL_SUFFIX = ".signal"
#: Every fixed built-in id, with what decides it.
BUILT_IN = {
    OUTSIDE_SPAN: "page furniture outside the article span located in whole-page text (locate.py)",
    PAGE_TITLE: "a first block that repeats the page title",
    REPEATED_TITLE: "a copy of the first block right after it",
    LINK_HEADLINE: "a link set in capitals between paragraphs, a promotion of another article",
    LINK_DENSITY: "a signal: a short block that is (almost) all link text",
    OTHER_POST: "a block of another post than the page's own (a WordPress single-post page's teasers)",
    OUTLET_NAME: "a signal: a short block that names the outlet",
    BETWEEN_CUTS: "a short line without a sentence's end between two removed blocks after the body's last paragraph",
    TEMPLATE_SITE: "a block its site prints on many of its pages (learned site templates, templates.py)",
}


def nested_quantifier(pattern: str) -> bool:
    """Whether a repeated group contains a repetition: the shape of catastrophic backtracking.

    ``(?:ab?)?`` is allowed (the outer part runs at most once); ``(?:a+)*`` and
    ``(\\w+\\s)+`` are not.
    """
    inner_repeats: list[bool] = [False]
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _skip_class(pattern, i)
            continue
        if c == "(":
            inner_repeats.append(False)
        elif c == ")" and len(inner_repeats) > 1:
            repeated = inner_repeats.pop()
            if repeated and _unbounded_at(pattern, i + 1):
                return True
            inner_repeats[-1] = inner_repeats[-1] or repeated
        elif c in "*+{" and _unbounded_at(pattern, i):
            inner_repeats[-1] = True
        i += 1
    return False


def _skip_class(pattern: str, i: int) -> int:
    """Index just past the character class that opens at ``i``."""
    i += 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    depth = 1
    while i < len(pattern) and depth:
        if pattern[i] == "\\":
            i += 2
            continue
        if pattern[i] == "[":
            depth += 1
        elif pattern[i] == "]":
            depth -= 1
        i += 1
    return i


def _unbounded_at(pattern: str, i: int) -> bool:
    """Whether a quantifier that may repeat more than once starts at ``i``."""
    if i >= len(pattern):
        return False
    if pattern[i] in "*+":
        return True
    if pattern[i] == "{":
        close = pattern.find("}", i)
        body = pattern[i + 1 : close] if close > 0 else ""
        parts = body.split(",")
        if not all(p.strip().isdigit() or p.strip() == "" for p in parts) or not body:
            return False
        upper = parts[-1].strip()
        return upper == "" or int(upper) > 1
    return False


def _rule(category: str, raw: dict[str, Any], source: str, compile_now: bool) -> Rule:
    """Validate one ``[[rules]]`` table; compile its pattern now, or when first used."""
    where_ = f"{source}: rule {raw.get('name', '?')!r}"
    _check_fields(raw, where_)
    role, place = _placement(category, raw, where_)
    pattern = _pattern(raw, where_)
    if compile_now:
        pattern.compiled  # noqa: B018 - compiled for its error, if any
    examples = tuple(raw.get("examples", ()))
    if not examples:
        raise RuleError(f"{where_}: give at least one example the rule must match")
    requires, within = _requirements(raw, examples, where_)
    runs_to_end = _flag(raw, "runs_to_end", (role == "opener" and place == "tail") or role == "line",
                        "a tail opener or a line rule", where_)
    alone_at_end = _flag(raw, "alone_at_end", role == "opener" and place == "tail", "a tail opener", where_)
    lists_to_end = _flag(raw, "lists_to_end", role == "line", "a line rule", where_)
    asks = _flag(raw, "asks", role == "signal", "a signal", where_)
    return Rule(
        id=f"{category}.{raw['lang']}.{raw['name']}",
        category=category,
        lang=raw["lang"],
        role=role,
        where=place,
        pattern=pattern,
        max_words=raw.get("max_words", DEFAULT_MAX_WORDS[role]),
        weight=float(raw.get("weight", DEFAULT_WEIGHT[role])),
        examples=examples,
        counterexamples=tuple(raw.get("counterexamples", ())),
        requires=requires,
        requires_within=within,
        runs_to_end=runs_to_end,
        alone_at_end=alone_at_end,
        lists_to_end=lists_to_end,
        asks=asks,
    )


def _flag(raw: dict[str, Any], name: str, allowed: bool, only_for: str, where_: str) -> bool:
    """A true/false field that only some rules may set."""
    value = raw.get(name, False)
    if not isinstance(value, bool) or (value and not allowed):
        raise RuleError(f"{where_}: {name} is true or false, and true only for {only_for}")
    return value


def _check_fields(raw: dict[str, Any], where_: str) -> None:
    """Only known fields; name, lang, role and pattern given; a declared language."""
    unknown = set(raw) - _FIELDS
    if unknown:
        raise RuleError(f"{where_}: unknown fields {sorted(unknown)}")
    for key in ("name", "lang", "role", "pattern"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise RuleError(f"{where_}: '{key}' must be a non-empty string")
    if raw["lang"] != ANY_LANGUAGE and raw["lang"] not in languages():
        raise RuleError(
            f"{where_}: lang must be {ANY_LANGUAGE!r} or a code declared in {LANGUAGES_FILE}, "
            f"not {raw['lang']!r}"
        )


def _placement(category: str, raw: dict[str, Any], where_: str) -> tuple[str, str]:
    """The rule's role and where it may fire, checked against each other and its file."""
    role, place = raw["role"], raw.get("where", "anywhere")
    if role not in ROLES:
        raise RuleError(f"{where_}: role must be one of {ROLES}")
    if place not in PLACES:
        raise RuleError(f"{where_}: where must be one of {PLACES}")
    if role == "opener" and place != "tail":
        raise RuleError(f"{where_}: an opener opens a tail region: where must be 'tail'")
    if category == SIGNAL_FILE and role != "signal":
        raise RuleError(f"{where_}: {SIGNAL_FILE}.toml holds signals only")
    return role, place


def _pattern(raw: dict[str, Any], where_: str) -> Pattern:
    """The rule's pattern, refused if it could backtrack catastrophically."""
    if nested_quantifier(raw["pattern"]):
        raise RuleError(f"{where_}: nested quantifier in pattern (backtracking risk)")
    flags = 0 if raw.get("case_sensitive", False) else regex.IGNORECASE
    return Pattern(raw["pattern"], flags, where_)


def _requirements(
    raw: dict[str, Any], examples: tuple[str, ...], where_: str
) -> tuple[tuple[tuple[str, ...], ...], int | None]:
    """The required-string groups and how far into a block they count; every example
    must hold one string of each group within that reach."""
    requires = _requires(raw.get("requires", []), where_)
    within = raw.get("requires_within")
    if within is not None and (not requires or not isinstance(within, int) or isinstance(within, bool) or within < 1):
        raise RuleError(f"{where_}: requires_within must be a positive number of characters, with requires")
    for group in requires:
        lacking = [e for e in examples if not any(s in e.casefold()[:within] for s in group)]
        if lacking:
            raise RuleError(f"{where_}: examples lack every required string of {list(group)}: {lacking}")
    return requires, within


def _requires(raw: object, where_: str) -> tuple[tuple[str, ...], ...]:
    """``requires`` as groups: a list of strings is one group, a list of lists is several."""
    if isinstance(raw, list) and all(isinstance(s, str) for s in raw):
        raw = [raw] if raw else []
    if not isinstance(raw, list) or not all(
        isinstance(group, list) and group and all(isinstance(s, str) and s for s in group) for group in raw
    ):
        raise RuleError(f"{where_}: requires must be a list of non-empty strings, or a list of such lists")
    return tuple(tuple(s.casefold() for s in group) for group in raw)


def parse(text: str, source: str, compile_now: bool = True) -> tuple[Rule, ...]:
    """Rules from the text of one rule file (``source`` names it in errors); their patterns
    compiled now, or (``compile_now=False``) each when first used."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{source}: {exc}") from None
    category = data.get("category")
    if category not in (*CATEGORIES, SIGNAL_FILE):
        raise RuleError(f"{source}: category must be one of {CATEGORIES} or {SIGNAL_FILE!r}")
    rules = tuple(_rule(category, raw, source, compile_now) for raw in data.get("rules", ()))
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise RuleError(f"{source}: duplicate rule ids {sorted({i for i in ids if ids.count(i) > 1})}")
    return rules


@lru_cache(maxsize=1)
def _declaration() -> dict[str, Any]:
    text = resources.files(__package__).joinpath(LANGUAGES_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=1)
def languages() -> dict[str, str]:
    """Supported language code -> its English name, from ``languages.toml`` (file order)."""
    return dict(_declaration()["languages"])


@lru_cache(maxsize=1)
def scripts() -> dict[str, tuple[str, ...]]:
    """Unicode script name -> the supported languages written in it (``languages.toml``)."""
    found = {script: tuple(langs) for script, langs in _declaration()["scripts"].items()}
    unknown = {lang for langs in found.values() for lang in langs} - languages().keys()
    if unknown:
        raise RuleError(f"{LANGUAGES_FILE}: [scripts] names undeclared languages {sorted(unknown)}")
    return found


@lru_cache(maxsize=1)
def catalog() -> tuple[Rule, ...]:
    """Every rule shipped in this folder (loaded once; the catalog never changes)."""
    rules: list[Rule] = []
    for entry in sorted(resources.files(__package__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml") and entry.name != LANGUAGES_FILE:
            rules.extend(parse(entry.read_text(encoding="utf-8"), entry.name, compile_now=False))
    return tuple(rules)


@lru_cache(maxsize=64)
def select(languages: frozenset[str] | None) -> tuple[Rule, ...]:
    """The catalog restricted to some languages (rules for "any" language always stay)."""
    if languages is None:
        return catalog()
    return tuple(r for r in catalog() if r.lang in languages or r.lang == ANY_LANGUAGE)
