"""Labels every block: body, or a boilerplate category with the rule that decided it.

Decisions are made over regions, not lines alone. A line rule removes one short block
("Advertisement"). An opener ("A Message from The Moscow Times:") starts a region that
the signals after it must confirm; the tail cut is the best split of the block sequence,
so a confirmed appeal goes whole and the body before it stays whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cleantext import hints
from cleantext.locate import locate
from cleantext.match import CLAIM, Hit, Matcher
from cleantext.model import BODY, Block, Label
from cleantext.normalize import headline_key

#: A region is removed when its blocks score at least this: one opener or line rule
#: (weight 3) with nothing against it, or weaker openers confirmed by signals.
REGION_MIN = 3.0
#: What a block with no signal says against the region it sits in: a prose paragraph
#: counts against it, a short sentence less, a bare line (teaser title, UI word) not at all.
PROSE_SCORE = -1.0
SENTENCE_SCORE = -0.5
#: This many prose blocks in a row with no signal are body: a tail region never spans them.
BODY_RUN = 3
#: Prose: a sentence-length block ending like a sentence (closing quotes included).
PROSE_WORDS = 8
_TERMINAL = frozenset(".!?;:…。！？»\"'”’)]")
#: The classifier iterates on the kept blocks until nothing more is removed; in practice
#: it settles in one to three rounds (see the idempotence tests).
MAX_ROUNDS = 8


@dataclass(slots=True)
class _Facts:
    """What the rules found in one block; signals are computed only when needed."""

    words: int
    prose: bool
    sentence: bool
    line: Hit | None
    opener: Hit | None
    signal: float | None = None
    signals: tuple[Hit, ...] = ()


def word_count(text: str) -> int:
    """Words in normalized text (single spaces); long unspaced text counts ~8 chars a word."""
    return max(text.count(" ") + 1, len(text) // 8)


class Classifier:
    """Labels one document's blocks; holds per-document state only."""

    def __init__(self, blocks: Sequence[Block], matcher: Matcher, title: str | None = None) -> None:
        self.blocks = blocks
        self.matcher = matcher
        self.title = headline_key(title) if title else None
        self.folded = [b.text.casefold() for b in blocks]
        self.facts = self._facts()

    def _facts(self) -> list[_Facts]:
        # One loop with its lookups held locally: this runs once per block of every document.
        first, half = self.matcher.first, len(self.blocks) / 2
        facts = []
        for block, folded in zip(self.blocks, self.folded, strict=True):
            text = block.text
            words = word_count(text)
            hit = first(CLAIM, text, words, folded)
            line = hit if hit and hit.rule.role == "line" else None
            opener = hit if hit and hit.rule.role == "opener" else None
            if block.span is None and not hit:  # HTML: DOM hints as evidence (hints.py)
                early = block.index < half
                line = hints.line(block, words, early)
                opener = None if line or early else hints.opener(block, words)
            sentence = (text[-2:-1] if text[-1:] == "\n" else text[-1:]) in _TERMINAL
            facts.append(_Facts(words, sentence and words >= PROSE_WORDS, sentence, line, opener))
        return facts

    def signal(self, i: int) -> float:
        facts = self.facts[i]
        if facts.signal is None:
            facts.signal, facts.signals = self.matcher.signals(self.blocks[i].text)
        return facts.signal

    def score(self, i: int) -> float:
        """How strongly block ``i`` belongs to a boilerplate region (negative: body)."""
        facts = self.facts[i]
        hit = facts.line or facts.opener
        if hit:
            return hit.rule.weight + (self.signal(i) if facts.opener else 0.0)
        signal = self.signal(i)
        if signal:
            return signal
        if facts.prose:
            return PROSE_SCORE
        return SENTENCE_SCORE if facts.sentence else 0.0

    def labels(self) -> list[Label]:
        """A label for every block, iterating on the kept ones until stable."""
        labels: list[Label | None] = [None] * len(self.blocks)
        for i, label in self._outside().items():
            labels[i] = label
        for _ in range(MAX_ROUNDS):
            active = [i for i, lab in enumerate(labels) if lab is None]
            found = self._round(active)
            if not found:
                break
            for i, label in found.items():
                labels[i] = label
        body = Label(BODY, BODY, "")
        return [lab or body for lab in labels]

    def _round(self, active: list[int]) -> dict[int, Label]:
        found: dict[int, Label] = {}
        found.update(self._title(active))
        found.update(self._head(active, found))
        found.update(self._tail(active))
        found.update(self._inner(active, found))
        return found

    def _outside(self) -> dict[int, Label]:
        """The page furniture around the located article span (see locate.py).

        Located once, before any rule: the rules then work on the article, where a tail
        region ends at the article's end rather than at the page's footer. HTML too: when
        the extractor falls back to a whole page's text, its menus are cut here, as they
        would be if the output were cleaned again as text (so cleaning stays idempotent).
        """
        span = locate([b.text for b in self.blocks], self.folded)
        if span is None:
            return {}
        cut = [*range(span.start)] if span.cut_before else []
        cut += [*range(span.end, len(self.blocks))] if span.cut_after else []
        return {i: Label("navigation", "locate.outside_span", span.evidence) for i in cut}

    def _title(self, active: list[int]) -> dict[int, Label]:
        """A first block that repeats the page title, and copies of the first block right
        after it (a headline printed twice). All copies go at once, so the first two kept
        blocks always differ and cleaning the output again finds none."""
        found: dict[int, Label] = {}
        if self.title:
            for i in active[:2]:
                if headline_key(self.blocks[i].text) == self.title:
                    found[i] = Label("title", "title.page_title", "repeats the page title")
                    break
        if active:
            first = headline_key(self.blocks[active[0]].text)
            for i in active[1:]:
                if self.facts[i].prose or headline_key(self.blocks[i].text) != first:
                    break
                found.setdefault(i, Label("title", "title.repeated", "repeats the block before it"))
        return found

    def _head(self, active: list[int], found: dict[int, Label]) -> dict[int, Label]:
        """The run of head-placed line rules at the very start."""
        head: dict[int, Label] = {}
        for i in active:
            if i in found:
                continue
            hit = self.facts[i].line
            if hit is None or hit.rule.where == "tail":
                break
            head[i] = _label(hit)
        return head

    def _tail(self, active: list[int]) -> dict[int, Label]:
        """The best split: the suffix, starting at an opener or line rule, that scores most."""
        # Appended material follows a body: a region starts only after the first sentence
        # that no rule claims (page furniture before it, like a menu, does not count as body).
        body = next((pos for pos, i in enumerate(active) if self._body_sentence(i)), None)
        if body is None:
            return {}
        starts = {pos for pos, i in enumerate(active) if pos > body and self._may_start_tail(i)}
        if not starts:
            return {}
        best, best_score, total, prose_run = None, 0.0, 0.0, 0
        # Scores are summed only back to the earliest possible start (signals cost a regex
        # pass), and never across a run of plain prose: that is the body, and no amount of
        # boilerplate after it may pay for cutting it.
        for pos in range(len(active) - 1, min(starts) - 1, -1):
            score = self.score(active[pos])
            prose_run = prose_run + 1 if score == PROSE_SCORE else 0
            if prose_run >= BODY_RUN:
                break
            total += score
            # Ties go to the later start: remove no more than the evidence asks for.
            if total >= REGION_MIN and (best is None or total > best_score) and pos in starts:
                best, best_score = pos, total
        if best is None:
            return {}
        return self._region(active[best:], f"tail region scoring {best_score:.1f}")

    def _body_sentence(self, i: int) -> bool:
        facts = self.facts[i]
        return facts.sentence and not (facts.line or facts.opener)

    def _may_start_tail(self, i: int) -> bool:
        """Openers start tail regions, and lines placed at the tail; other lines go alone."""
        facts = self.facts[i]
        if facts.opener:
            return facts.opener.rule.where != "head"
        return facts.line is not None and facts.line.rule.where == "tail"

    def _inner(self, active: list[int], found: dict[int, Label]) -> dict[int, Label]:
        """Anywhere-lines on their own, and opener regions that signals confirm."""
        inner: dict[int, Label] = {}
        pos = 0
        while pos < len(active):
            i = active[pos]
            facts = self.facts[i]
            if i in found:
                pos += 1
                continue
            if facts.line and facts.line.rule.where == "anywhere":
                inner[i] = _label(facts.line)
            elif facts.opener and facts.opener.rule.where == "anywhere":
                end = pos + 1
                while end < len(active) and active[end] not in found and self.score(active[end]) > 0:
                    end += 1
                region = active[pos:end]
                total = sum(self.score(j) for j in region)
                if len(region) > 1 and total >= REGION_MIN:
                    inner.update(self._region(region, f"region scoring {total:.1f}"))
                    pos = end
                    continue
            pos += 1
        return inner

    def _region(self, region: list[int], why: str) -> dict[int, Label]:
        """Label a confirmed region: each block by its own rule, else by the opener before it."""
        labels: dict[int, Label] = {}
        opener: Hit | None = None
        for i in region:
            facts = self.facts[i]
            hit = facts.line or facts.opener
            if facts.opener or (hit and opener is None):
                opener = hit
            if hit:
                labels[i] = _label(hit, why)
            else:
                assert opener is not None
                cue = ", ".join(h.rule.id for h in facts.signals) or "no signal against it"
                labels[i] = Label(opener.rule.category, opener.rule.id, f"inside {why} opened by {opener.matched[:50]!r}; {cue}")
        return labels


def _label(hit: Hit, why: str = "") -> Label:
    evidence = f"matched {hit.matched[:60]!r}" + (f" in {why}" if why else "")
    return Label(hit.rule.category, hit.rule.id, evidence)
