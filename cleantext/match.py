"""Runs the rule catalog over blocks: which line, opener and signal rules match a text.

Per role, all rules are joined into one alternation of groups that map back to rule ids,
so a block costs one regex call per role, not one per rule. Every call has a timeout; a
combined pattern that times out is retried rule by rule, and a rule that still times out
is skipped and reported, never fatal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex

from cleantext.rules import Rule, select

#: Signal weights in one block add up to at most this: one block confirms, it does not decide.
SIGNAL_CAP = 4.0


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule that matched a block, and the text it matched (the evidence)."""

    rule: Rule
    matched: str


@dataclass(slots=True)
class Matcher:
    """The rules of one language selection, compiled per role."""

    rules: dict[str, tuple[Rule, ...]]
    combined: dict[str, regex.Pattern[str]]
    longest: dict[str, int | None]
    timeout: float
    timeouts: list[str] = field(default_factory=list)

    def first(self, role: str, text: str, words: int) -> Hit | None:
        """The first rule of ``role`` that matches ``text`` and fits its length."""
        pattern = self.combined.get(role)
        if pattern is None:
            return None
        longest = self.longest[role]
        if longest is not None and words > longest:
            return None
        try:
            m = pattern.search(text, timeout=self.timeout)
        except TimeoutError:
            return self._one_by_one(role, text, words)
        if m is None:
            return None
        rule = self.rules[role][int(m.lastgroup[1:])]
        if rule.fits(words):
            return Hit(rule, m.group(m.lastgroup))
        return self._one_by_one(role, text, words)

    def signals(self, text: str) -> tuple[float, tuple[Hit, ...]]:
        """Summed weight (capped) of the signal rules found in ``text``, and the hits."""
        pattern = self.combined.get("signal")
        if pattern is None:
            return 0.0, ()
        rules = self.rules["signal"]
        try:
            found = {m.lastgroup: m.group() for m in pattern.finditer(text, timeout=self.timeout)}
        except TimeoutError:
            self.timeouts.append("signal patterns (combined) on one block")
            return 0.0, ()
        hits = tuple(Hit(rules[int(name[1:])], text_) for name, text_ in sorted(found.items()))
        return min(SIGNAL_CAP, sum(h.rule.weight for h in hits)), hits

    def _one_by_one(self, role: str, text: str, words: int) -> Hit | None:
        for rule in self.rules[role]:
            if not rule.fits(words):
                continue
            try:
                m = rule.pattern.search(text, timeout=self.timeout)
            except TimeoutError:
                self.timeouts.append(rule.id)
                continue
            if m:
                return Hit(rule, m.group())
        return None


@lru_cache(maxsize=16)
def _compiled(languages: frozenset[str] | None) -> tuple[dict, dict, dict]:
    """Per role: its rules, their combined pattern, and the longest block any of them fits."""
    rules: dict[str, tuple[Rule, ...]] = {}
    combined: dict[str, regex.Pattern[str]] = {}
    longest: dict[str, int | None] = {}
    for role in ("line", "opener", "signal"):
        chosen = tuple(r for r in select(languages) if r.role == role)
        if not chosen:
            continue
        rules[role] = chosen
        limits = [r.max_words for r in chosen]
        longest[role] = None if None in limits else max(limits)  # type: ignore[type-var]
        combined[role] = regex.compile(
            "|".join(f"(?P<r{i}>{_scoped(r)})" for i, r in enumerate(chosen))
        )
    return rules, combined, longest


def _scoped(rule: Rule) -> str:
    """The rule's pattern wrapped so its case flag applies to it alone."""
    flag = "i" if rule.pattern.flags & regex.IGNORECASE else "-i"
    return f"(?{flag}:{rule.pattern.pattern})"


def matcher(languages: frozenset[str] | None, timeout: float) -> Matcher:
    """A fresh matcher (its timeout log is per call) over cached compiled patterns."""
    return Matcher(*_compiled(languages), timeout)
