"""Labels every block: body, or a boilerplate category with the rule that decided it.

Decisions are made over regions, not lines alone. A line rule removes one short block
("Advertisement"). An opener ("A Message from The Moscow Times:") starts a region that
the signals after it must confirm; the tail cut is the best split of the block sequence,
so a confirmed appeal goes whole and the body before it stays whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cleantext import hints, outlet
from cleantext.facts import (
    LONG_PROSE_WORDS,
    SCORED_PROSE_WORDS,
    calls,
    ends_like_text,
    has_calls,
    has_sentences,
    headline_key,
    is_prose,
    quick_words,
    sentence_count,
    tokens,
)
from cleantext.locate import locate
from cleantext.match import CLAIM, SIGNAL_CAP, Hit, Matcher
from cleantext.model import BODY, EXTRACTED, WHOLE_PAGE, Block, Label
from cleantext.rules import BETWEEN_CUTS, OUTSIDE_SPAN, PAGE_TITLE, REPEATED_TITLE
from cleantext.scoring import SCORING
from cleantext.titles import SITE_NAME_WORDS, variants

#: Weights and limits, each with its reason in scoring.toml [classify].
_S = SCORING.classify
REGION_MIN = _S.region_min
PROSE_SCORE = _S.prose_score
SENTENCE_SCORE = _S.sentence_score
BODY_RUN = _S.body_run
BODY_BLOCK_WORDS = _S.body_block_words
BODY_BLOCK_SENTENCE_WORDS = _S.body_block_sentence_words
HEADLINE_REACH = _S.headline_reach
TO_END_BODY_BLOCKS = _S.to_end_body_blocks
THREAD_BODY_BLOCKS = _S.thread_body_blocks
THREAD_WINDOW = _S.thread_window
THREAD_SIGNALS = _S.thread_signals
THREAD_UI = _S.thread_ui
COMMENT_PARAGRAPHS = _S.comment_paragraphs
HEADER_WORDS = _S.header_words
CARD_NAME_CHARS = _S.card_name_chars
HEADER_SLACK_CHARS = _S.header_slack_chars
LIST_ITEM_WORDS = _S.list_item_words
LIST_MIN_ITEMS = _S.list_min_items
CTA_MAX_WORDS = _S.cta_max_words
LEAD_IN_WORDS = _S.lead_in_words
CTA_MAX_SENTENCES = _S.cta_max_sentences
CTA_SENTENCE_WORDS = _S.cta_sentence_words
MAX_ROUNDS = _S.max_rounds
BETWEEN_LINES = _S.between_lines
EARLY_SHARE = _S.early_share
TITLE_BLOCKS = SCORING.title.title_blocks
#: Categories whose bare header ("Read more:", "Related stories") announces a list: the
#: headline-like lines under it go with it.
LIST_HEADERS = frozenset({"read_more", "related_links"})
#: What a listed headline carries on lines of its own (its date stamp, its author, its
#: reading time): a list goes on through them, but they are no headlines to count.
LIST_STAMPS = frozenset({"byline"})
#: Categories of a call to act: a line or opener that asks the reader to give, sign up,
#: subscribe, share or comment. After the body it may start a tail region wherever its
#: rule places it, and the appeal written out before it goes with it.
CALL_CATEGORIES = frozenset({"donation_appeal", "newsletter", "subscription", "social_share", "comments"})
#: Calls to sign up, whose own category's signals before them are their appeal written out
#: ("Our weekly digest, straight to your inbox." above the e-mail field). Not a donate
#: button's: a body paragraph reports on donations ("Donations passed $2 million"), and
#: not a comment header's: "Posted by X at 9:14" above it is the post's own footer.
SIGN_UP_CATEGORIES = frozenset({"newsletter", "subscription"})
#: Appended material that a line of its own few words may head right after the body (a
#: newsletter's name above its box); not a credit or a byline, which sit under the article's
#: last paragraph with the author's name and address above them.
HEADED_CATEGORIES = CALL_CATEGORIES | LIST_HEADERS
#: Dashes that open an author's signature line ("– Jane Doe", "~ Sam").
SIGN_OFF_DASHES = ("-", "–", "—", "~")
#: Blocks that may sit between an appeal and its call without ending the row: other calls
#: and ad labels ("Publicité" between "Ne manquez rien" and "Suivez-nous").
ROW_CATEGORIES = CALL_CATEGORIES | {"advertisement"}


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

    @property
    def claim(self) -> Hit | None:
        """The line or opener rule that claims the block, if any."""
        return self.line or self.opener


class Classifier:
    """Labels one document's blocks; holds per-document state only."""

    def __init__(
        self,
        blocks: Sequence[Block],
        matcher: Matcher,
        title: str | None = None,
        outlet_names: tuple[str, ...] = (),
        templates: Sequence[Hit | None] = (),
        folded: Sequence[str] | None = None,
    ) -> None:
        self.blocks = blocks
        #: Per block, the evidence that its site prints it on many pages (templates.py).
        self.template = list(templates) or [None] * len(blocks)
        self.matcher = matcher
        self.title = headline_key(title) if title else None
        self.outlet_names = outlet_names
        #: Each block's text casefolded (``folded``, if the caller has made it).
        self.folded = list(folded) if folded is not None else [b.text.casefold() for b in blocks]
        #: The blocks that repeat the page title: where the article starts. Text has no
        #: declared title, but a page's text (a WET record's) opens with its <title> line
        #: ("Headline - Site"): a later block that repeats its headline is the headline.
        heads = {self.title} if self.title else self._title_line()
        self.headlines = frozenset(
            i for i, block in enumerate(blocks)
            if heads and headline_key(block.text) in heads and not self._paragraph(i)
            and (self.title or self._leads_prose(i))
        )
        #: The page furniture around the article span, labelled before any rule runs.
        self.outside = self._outside()
        self.facts = self._facts()

    def _facts(self) -> list[_Facts]:
        """Every block's facts; the rules are asked only about the blocks the locator left
        unlabelled (no round reads a labelled block's hits, and on page text the locator
        labels most blocks: five in six of the ScrapingHub pages')."""
        # One loop with its lookups held locally: this runs once per block of every document.
        first, half, outside = self.matcher.first, len(self.blocks) * EARLY_SHARE, self.outside
        facts = []
        for i, (block, folded) in enumerate(zip(self.blocks, self.folded, strict=True)):
            text = block.text
            words = quick_words(text)
            sentence = ends_like_text(text)
            prose = is_prose(words, sentence)
            if i in outside:
                facts.append(_Facts(words, prose, sentence, None, None))
                continue
            hit = first(CLAIM, text, words, folded) or self._sentences(text, words) or hints.other_post(block)
            line = hit if hit and hit.rule.role == "line" else None
            opener = hit if hit and hit.rule.role == "opener" else None
            if block.origin == EXTRACTED and not hit and not prose:
                # DOM hints as evidence (hints.py); a class word alone never cuts a paragraph
                # of prose (measured: ad, author and share containers wrap whole articles).
                early = block.index < half
                line = hints.line(block, words, early) or hints.link_headline(block, words)
                opener = None if line or early else hints.opener(block, words)
            facts.append(_Facts(words, prose, sentence, line, opener))
        return facts

    def _sentences(self, text: str, words: int) -> Hit | None:
        """The first sentence's hit, when a rule claims every sentence (or every piece of a
        line of calls joined by bars) of a short block."""
        if words > CTA_MAX_WORDS or not has_calls(text):
            return None
        parts = calls(text)
        if len(parts) > CTA_MAX_SENTENCES or any(quick_words(s) > CTA_SENTENCE_WORDS for s in parts):
            return None
        hits = []
        for sentence in parts:
            hit = self.matcher.first(CLAIM, sentence, quick_words(sentence))
            if hit is None:
                return None
            hits.append(hit)
        return Hit(hits[0].rule, " / ".join(h.matched for h in hits))

    def signal(self, i: int) -> float:
        facts = self.facts[i]
        if facts.signal is None:
            facts.signal, facts.signals = self.matcher.signals(self.blocks[i].text, self.folded[i])
            block = self.blocks[i]
            found = [outlet.hit(self.folded[i], facts.words, self.outlet_names), self.template[i]]
            if block.origin == EXTRACTED:
                found += [hints.links(block, facts.words), hints.container(block, facts.words) if facts.prose else None]
            for hit in filter(None, found):
                facts.signal = min(SIGNAL_CAP, facts.signal + hit.rule.weight)
                facts.signals += (hit,)
        return facts.signal

    def score(self, i: int) -> float:
        """How strongly block ``i`` belongs to a boilerplate region (negative: body)."""
        facts = self.facts[i]
        hit = facts.claim
        if hit:
            return hit.rule.weight + (self.signal(i) if facts.opener else 0.0)
        signal = self.signal(i)
        if self._article_block(i):
            return PROSE_SCORE  # a signal or two in an article's worth of prose says nothing
        if signal:
            return signal
        if facts.prose:
            return PROSE_SCORE
        return SENTENCE_SCORE if facts.sentence else 0.0

    def labels(self) -> list[Label]:
        """A label for every block, iterating on the kept ones until stable."""
        labels: list[Label | None] = [None] * len(self.blocks)
        for i, label in self.outside.items():
            labels[i] = label
        for _ in range(MAX_ROUNDS):
            active = [i for i, lab in enumerate(labels) if lab is None]
            found = self._round(active, labels)
            if not found:
                break
            for i, label in found.items():
                labels[i] = label
        body = Label(BODY, BODY, "")
        return [lab or body for lab in labels]

    def _round(self, active: list[int], labels: list[Label | None]) -> dict[int, Label]:
        """One round's labels for the kept blocks (``labels``: the earlier rounds')."""
        found: dict[int, Label] = {}
        found.update(self._title(active))
        found.update(self._head(active, found))
        found.update(self._template_head(active, found))
        found.update(self._tail(active))
        found.update(self._inner(active, found))
        found.update(self._lists(active, found))
        found.update(self._template_inner(active, found))
        found.update(self._between(active, found, labels))
        return found

    def _outside(self) -> dict[int, Label]:
        """The page furniture around the located article span (see locate.py).

        Located once, before any rule: the rules then work on the article, where a tail
        region ends at the article's end rather than at the page's footer. Only for
        whole-page text (a text input, or a page the extractor could not take): the
        extractor's main content is the article already, and its lists, tables and short
        lines are cut only on positive evidence.
        """
        if not any(b.origin in WHOLE_PAGE for b in self.blocks):
            return {}
        template = frozenset(i for i, hit in enumerate(self.template) if hit)
        # The headline the page's title line names anchors the span (text only; one among
        # the first blocks under the title line is the masthead, the site's own name).
        anchor = min(self.headlines) if self.headlines and not self.title else None
        anchor = anchor if anchor is not None and anchor > HEADLINE_REACH else None
        span = locate([b.text for b in self.blocks], self.folded, template, anchor)
        if span is None:
            return {}
        cut = [*range(span.start)] if span.cut_before else []
        cut += [*range(span.end, len(self.blocks))] if span.cut_after else []
        return {i: Label("navigation", OUTSIDE_SPAN, span.evidence) for i in cut}

    def _title(self, active: list[int]) -> dict[int, Label]:
        """A first block that repeats the page title, and copies of the first block right
        after it (a headline printed twice). All copies go at once, so the first two kept
        blocks always differ and cleaning the output again finds none."""
        found: dict[int, Label] = {}
        if self.title:
            for i in active[:TITLE_BLOCKS]:
                if self._paragraph(i):
                    continue
                if headline_key(self.blocks[i].text) == self.title:
                    found[i] = Label("title", PAGE_TITLE, "repeats the page title")
                    break
        if active:
            first = headline_key(self.blocks[active[0]].text)
            for i in active[1:]:
                if self.facts[i].prose or headline_key(self.blocks[i].text) != first:
                    break
                found.setdefault(i, Label("title", REPEATED_TITLE, "repeats the block before it"))
        return found

    def _title_line(self) -> set[str]:
        """The headline part of a first line split by a title's separator, if it has one:
        a part longer than a site name ("A Beautiful Mess" is the site's)."""
        parts = variants(self.blocks[0].text)[1:] if self.blocks else []
        return {headline_key(part) for part in parts if quick_words(part) > SITE_NAME_WORDS}

    def _leads_prose(self, i: int) -> bool:
        """In the page's first half, with a paragraph (a sentence of LONG_PROSE_WORDS or
        more) within a few blocks after it, as an article's headline sits: a sidebar's list
        of recent posts that names the same headline comes below the article, and is
        headlines and one-line teasers all the way. Read from the texts: the locator asks
        before the blocks' facts are made."""
        return i < len(self.blocks) * EARLY_SHARE and any(
            ends_like_text(b.text) and quick_words(b.text) >= LONG_PROSE_WORDS
            for b in self.blocks[i + 1 : i + 1 + HEADLINE_REACH]
        )

    def _article_block(self, i: int) -> bool:
        """An article's worth of running prose in one block (a page whose article sits in one
        table cell): body by itself, whatever signals it holds. A flattened list of the same
        length (an archive, a currency menu) has too few sentences for its words."""
        words = self.facts[i].words
        return words >= BODY_BLOCK_WORDS and sentence_count(self.blocks[i].text) * BODY_BLOCK_SENTENCE_WORDS >= words

    def _paragraph(self, i: int) -> bool:
        """Sentences beyond a headline's length: a page that names such a paragraph its title
        (a photo caption in og:title) has not printed a headline there."""
        if quick_words(self.blocks[i].text) <= LONG_PROSE_WORDS:
            return False
        return sum(quick_words(part) >= SCORED_PROSE_WORDS for part in calls(self.blocks[i].text)) > 1

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
        body = self._first_body(active)
        if body is None:
            return {}
        # ... and after the article's headline, where the page names one: what comes before
        # the headline (a sign-up form, a menu) is not appended to the article.
        headline = next((pos for pos, i in enumerate(active) if i in self.headlines), -1)
        first = max(body, headline) + 1
        starts = {pos for pos in range(first, len(active)) if self._may_start_tail(active[pos])}
        starts |= self._calls(active, first, starts)
        to_end = [pos for pos in range(first, len(active)) if self._runs_to_end(active, pos)]
        if not starts and not to_end:
            return {}
        if to_end:
            # Other starts and calls right before it (a copyright line, a share bar above
            # the comments) join it, and so does a tail region that ends where it starts
            # (an appeal above the comments).
            end = start = min(to_end)
            while start - 1 >= first and (start - 1 in starts or self._is_call(active[start - 1])):
                start -= 1
            start = max(first, self._card_top(active, start))
            labels = self._region(active[start:], "region that runs to the end")
            before = {pos for pos in starts if pos < end}
            return {**self._best_split(active[:end], before), **labels} if before else labels
        return self._best_split(active, starts)

    def _best_split(self, active: list[int], starts: set[int]) -> dict[int, Label]:
        """The suffix of ``active``, starting at one of ``starts``, that scores most."""
        best, best_score, total, prose_run, prose_after, prose_next = None, 0.0, 0.0, 0, False, False
        # A region names its rule from a claimed block in it: lead-ins alone (their call cut
        # off by a region that runs to the end) are no region of their own.
        claimed = False
        # Scores are summed only back to the earliest possible start (signals cost a regex
        # pass), and never across a run of plain prose: that is the body, and no amount of
        # boilerplate after it may pay for cutting it.
        thread_ui = 0  # comment UI blocks (a "Reply", a signature) after pos
        comment_until = len(active)  # a run of prose from here to there is one comment
        for pos in range(len(active) - 1, min(starts) - 1, -1):
            score = self.score(active[pos])
            if pos == len(active) - 1 and (hit := self.facts[active[pos]].opener) and hit.rule.alone_at_end:
                score = max(score, REGION_MIN)  # no body follows it
            if score != PROSE_SCORE:
                prose_run = 0
            else:  # one very long paragraph is a body run by itself (an article in one block)
                prose_run += BODY_RUN if self._article_block(active[pos]) else 1
            if prose_run >= BODY_RUN and pos < comment_until:
                comment_until = self._comment_start(active, pos, prose_run, thread_ui)
                if comment_until > pos:
                    break
            total += score
            thread_ui += self._comment_ui(active[pos])
            claimed = claimed or self.facts[active[pos]].claim is not None or self.template[active[pos]] is not None
            # Ties go to the later start: remove no more than the evidence asks for.
            if (total >= REGION_MIN and (best is None or total > best_score) and pos in starts and claimed
                    and not (prose_after and self._template_only(active[pos]))
                    and not (prose_next and self._list_header(active[pos]))):
                best, best_score = pos, total
            plain = self._plain_prose(active[pos])
            prose_next = plain and self.facts[active[pos]].words > LIST_ITEM_WORDS
            prose_after = prose_after or plain
        if best is None:
            return {}
        return self._region(active[self._card_top(active, best):], f"tail region scoring {best_score:.1f}")

    def _card_top(self, active: list[int], pos: int) -> int:
        """Where a region that starts at ``pos`` starts with the line above it that the
        region's first block names again: an author card's name ("Priya Shah" above "Priya
        Shah is a transport reporter ..."), a newsletter's name above its pitch. A short
        line no rule claims, not a sentence, whose every word the block repeats near its start."""
        if pos == 0:
            return pos
        above, facts = active[pos - 1], self.facts[active[pos - 1]]
        if facts.claim is not None or facts.sentence or facts.words > HEADER_WORDS or above in self.headlines:
            return pos
        words = tokens(self.folded[above])
        head = set(tokens(self.folded[active[pos]][:CARD_NAME_CHARS]))
        return pos - 1 if len(words) >= 2 and head.issuperset(words) else pos

    def _comment_start(self, active: list[int], pos: int, run: int, thread_ui: int) -> int:
        """Where the run of ``run`` prose paragraphs from ``pos`` starts, with the comment's
        shorter paragraphs around it, if it is one comment of a thread: signed or answered on
        both sides (a commenter's name and time stamp before it, a "Reply" after it), in a
        thread that shows its UI at least THREAD_UI times after it, and shorter than
        COMMENT_PARAGRAPHS. Otherwise ``pos + 1``: the run is the body."""
        if thread_ui < THREAD_UI:
            return pos + 1
        # The comment's other paragraphs, short ones too ("Thanks, Ann."), on either side.
        end = pos + run
        while end < len(active) and end - pos < COMMENT_PARAGRAPHS and self._in_comment(active[end]):
            end += 1
        start = pos
        while start > 0 and end - start < COMMENT_PARAGRAPHS and self._in_comment(active[start - 1]):
            start -= 1
        if (start == 0 or end == len(active) or end - start >= COMMENT_PARAGRAPHS
                or not (self._comment_ui(active[start - 1]) and self._comment_ui(active[end]))):
            return pos + 1
        return start

    def _in_comment(self, i: int) -> bool:
        """A paragraph that may be part of a comment's text: nothing for the region."""
        return self.score(i) <= 0 and not self._comment_ui(i)

    def _comment_ui(self, i: int) -> bool:
        """A comment thread's own line ("Reply", a reply form's field) or signature (a
        commenter's "says:", a time stamp, even one a byline rule claims as a date)."""
        claim = self.facts[i].claim
        return (claim is not None and claim.rule.category == "comments") or self._signed(i)

    def _signed(self, i: int) -> bool:
        """Whether the block carries a comment signal (a commenter's "says:", a time stamp)."""
        return any(h.rule.category == "comments" for h in self._signal_hits(i))

    def _runs_to_end(self, active: list[int], pos: int) -> bool:
        """Whether a comment thread's header (or a reply form) at ``pos`` ends the article:
        an opener after the body's paragraphs, or after one when it counts the thread (a
        count above every paragraph is a toolbar's link); a header line only after
        them and when the thread's own UI follows within a few blocks: a line of it
        ("Reply", the form's fields), or comment signals on two blocks (a commenter's
        "says:", a time stamp). A toolbar's "comments" link inside the article has none
        after it, and one time stamp may be the byline's."""
        hit = self.facts[active[pos]].claim
        if hit is None or not hit.rule.runs_to_end:
            return False
        prose = self._prose_before(active, pos)
        if hit.rule.role == "opener":
            return prose >= (THREAD_BODY_BLOCKS if _counted(hit) else TO_END_BODY_BLOCKS)
        if prose < THREAD_BODY_BLOCKS:
            return False
        window = active[pos + 1 : pos + 1 + THREAD_WINDOW]
        if any((ui := self.facts[j].claim) and ui.rule.category == "comments" for j in window):
            return True
        return sum(map(self._signed, window)) >= THREAD_SIGNALS

    def _calls(self, active: list[int], first: int, starts: set[int]) -> set[int]:
        """The calls to act that may start a tail region, with their lead-ins.

        A call starts one only when every prose paragraph after it appeals to the reader
        (inside the article it is an inline box, and the article goes on: a product page's
        plans and prices between its "Sign up" buttons), and a line placed anywhere only
        after the body's paragraphs (above them it is a toolbar's); prose after another
        start below it belongs to that start's region. A call that is a start by its own
        rule (a tail line, an opener) is one whatever follows it: the region's score
        decides, and its lead-ins start with it.
        """
        calls: list[int] = []
        below: list[int] = []  # plain prose after the position, its signals not yet read
        for pos in range(len(active) - 1, first - 1, -1):
            i = active[pos]
            if self._is_call(i) and (pos in starts or self._prose_before(active, pos) >= TO_END_BODY_BLOCKS):
                if pos not in starts and not all(self._appeals(j) for j in below):
                    break  # that paragraph is below every call above too
                calls.append(pos)
                below = []
            if pos in starts:
                below = []  # the prose after another start is that region's own
            elif self._plain_prose(i):
                below.append(i)
        calls += [pos for pos in starts if self._is_call(active[pos])]
        return {*calls, *self._lead_ins(active, first, calls)}

    def _prose_before(self, active: list[int], pos: int) -> int:
        """How many plain prose paragraphs come before position ``pos``: the body a call or
        an uncounted opener must follow. Each ends like a sentence: the page's headline and
        a menu bar of many words ("home | journals A-Z | subject areas | ...") are none of it."""
        return sum(1 for i in active[:pos] if self._plain_prose(i) and self.facts[i].sentence and i not in self.headlines)

    def _lead_ins(self, active: list[int], first: int, calls: list[int]) -> set[int]:
        """Where an appeal's own sentences start: the short blocks in a row right before a
        call to act (a donate button, a sign-up form) that appeal for it ("Click here to
        keep our reporting free.", "Our weekly digest, straight to your inbox."). Other
        calls and ad labels may sit between; a date line ends the row. Each may start the
        tail region; its score still decides."""
        found: set[int] = set()
        for pos in calls:
            hit = self.facts[active[pos]].claim
            category = hit.rule.category if hit and hit.rule.category in SIGN_UP_CATEGORIES else ""
            lead = pos - 1
            while lead >= first and lead not in found:
                i = active[lead]
                between = self.facts[i].claim
                if between is None or between.rule.category not in ROW_CATEGORIES:
                    if not self._leads_in(i, category):
                        break
                    found.add(lead)
                lead -= 1
        return found

    def _leads_in(self, i: int, call: str) -> bool:
        """A short block that appeals for the call below it: a signal that asks (second
        person, an imperative to act), or, above a call to sign up, one of the call's own
        category (an inbox promise above the e-mail field). A topic word is no such
        evidence: body prose uses those words (donations, a price, a quoted post's
        "@handle")."""
        return self.facts[i].words <= LEAD_IN_WORDS and any(
            h.rule.asks or h.rule.category == call for h in self._signal_hits(i)
        )

    def _appeals(self, i: int) -> bool:
        """A block with a signal that asks or one of an appeal for support."""
        return any(h.rule.asks or h.rule.category == "donation_appeal" for h in self._signal_hits(i))

    def _signal_hits(self, i: int) -> tuple[Hit, ...]:
        """The block's signal hits, found once: the region's score reads them again."""
        self.signal(i)
        return self.facts[i].signals

    def _first_body(self, active: list[int]) -> int | None:
        """The position in ``active`` of the first body sentence (see _body_sentence), if any:
        appended material, a tail region's or a list's teasers, comes after it."""
        return next((pos for pos, i in enumerate(active) if self._body_sentence(i)), None)

    def _body_sentence(self, i: int) -> bool:
        """Running text no rule claims: a block ending like a sentence, or holding a
        sentence break (its last sentence may lack its mark)."""
        facts = self.facts[i]
        return (facts.sentence or has_sentences(self.blocks[i].text)) and not (
            facts.claim or self.template[i]
        )

    def _template_only(self, i: int) -> bool:
        """A block that may start a tail only as its site's template: it opens a region of
        template evidence, never one holding a plain prose paragraph (the body's own)."""
        facts = self.facts[i]
        return self.template[i] is not None and not (facts.opener or (facts.line and facts.line.rule.where == "tail"))

    def _list_header(self, i: int) -> bool:
        """A list header ("Related stories") announces headlines: one directly followed by
        a plain prose paragraph longer than any headline opens no region (its list was left
        out of the text, and the article goes on)."""
        hit = self.facts[i].opener or self.facts[i].line
        return hit is not None and hit.rule.category in LIST_HEADERS

    def _plain_prose(self, i: int) -> bool:
        """A prose paragraph that no rule claims and the site does not repeat."""
        facts = self.facts[i]
        return facts.prose and not (facts.claim or self.template[i])

    def _is_call(self, i: int) -> bool:
        """A call to act: a line or opener of CALL_CATEGORIES."""
        hit = self.facts[i].claim
        return hit is not None and hit.rule.category in CALL_CATEGORIES

    def _may_start_tail(self, i: int) -> bool:
        """Openers (all placed at the tail) start tail regions, and so do tail lines and
        the site's template blocks."""
        facts = self.facts[i]
        return (facts.opener is not None or (facts.line is not None and facts.line.rule.where == "tail")
                or self.template[i] is not None)

    def _inner(self, active: list[int], found: dict[int, Label]) -> dict[int, Label]:
        """Anywhere-lines, each on its own."""
        return {
            i: _label(hit)
            for i in active
            if i not in found and (hit := self.facts[i].line) is not None and hit.rule.where == "anywhere"
        }

    def _lists(self, active: list[int], found: dict[int, Label]) -> dict[int, Label]:
        """The headline-like lines under a bare list header ("Read more:", "Related").

        A header already cut takes its list with it; one left standing (the article goes
        on after its list, so no tail region formed) goes with a list of its own, of at
        least LIST_MIN_ITEMS lines. A read-more or related list whose headlines carry
        teasers goes only when it runs to the end of the text, after the body's first
        sentence. A header whose rule lists to the end ("Tags:") takes its lines only when
        they run to the end of the text or to a block a rule claims.
        """
        listed: dict[int, Label] = {}
        # Teasers are prose: a list takes them only after the body's first sentence, since a
        # list above it that ran to the end with its "teasers" would hold the article itself.
        body = self._first_body(active)
        for pos, i in enumerate(active):
            hit = self.facts[i].claim
            if hit is None or not (hit.rule.category in LIST_HEADERS or hit.rule.lists_to_end) or not self._bare(i, hit):
                continue
            end = pos + 1
            while end < len(active) and self._headline_like(active[end], found):
                end += 1
            # Teasers: a headline's short paragraph under it, in a list that runs to the end.
            if (hit.rule.category in LIST_HEADERS and body is not None and body < pos
                    and (teased := self._teased_end(active, end, end > pos + 1, found)) == len(active)):
                end = teased
            items = active[pos + 1 : end]
            headlines = [j for j in items if not self._stamp(j)]
            cut = i in found or i in listed
            to_end = bool(items) and end == len(active)
            # A tag list may also end where other appended material starts (a block a
            # rule claims, or one this round's tail region takes).
            to_tail = bool(items) and (to_end or active[end] in found or self.facts[active[end]].claim is not None)
            if (to_end and cut) or (to_tail and hit.rule.lists_to_end) or (
                    len(headlines) >= LIST_MIN_ITEMS and hit.rule.category in LIST_HEADERS):
                why = f"listed under {hit.matched[:40]!r}"
                listed.update({j: Label(hit.rule.category, hit.rule.id, why) for j in items})
                if not cut:
                    listed[i] = _label(hit, "a header with its list")
        return listed

    def _between(self, active: list[int], found: dict[int, Label], done: list[Label | None]) -> dict[int, Label]:
        """Short lines without a sentence's end, at most BETWEEN_LINES in a row, between two
        removed blocks after the body's last plain paragraph: appended material that no rule
        names (a broadcast slot, a credit) inside the furniture around it. A sentence there
        may be the article's last word, unless it asks the reader to act (_asking: a
        newsletter's pitch), and a line before any later paragraph is the body's.
        So are the lines right after that paragraph and above a removed call to act or list
        (HEADED_CATEGORIES), when each is a header's few words ("Noticia en ampliación"
        above a share bar, a newsletter's name above its sign-up box); a sign-off ("Thank
        you for your help,") is not.
        ``done``: the earlier rounds' labels (a block they cut may border a gap line)."""
        # The body's last paragraph is one that asks nothing of the reader: a newsletter's
        # pitch ("The day's news in your inbox. Sign up.") is a paragraph too.
        last_prose = next((pos for pos in range(len(active) - 1, -1, -1)
                           if self._plain_prose(i := active[pos]) and i not in found and not self._asking(i, found)),
                          None)
        between: dict[int, Label] = {}
        if last_prose is None:
            return between  # no body paragraph: nothing is "after the body"
        pos = last_prose + 1
        while pos < len(active):
            run_end = pos
            while run_end < len(active) and (self._gap_line(active[run_end], found)
                                             or self._asking(active[run_end], found)):
                run_end += 1
            run = active[pos:run_end]
            below = found.get(run[-1] + 1) or done[run[-1] + 1] if run and run[-1] + 1 < len(self.blocks) else None
            if run and len(run) <= BETWEEN_LINES and below is not None:
                above = found.get(run[0] - 1) or done[run[0] - 1]
                if above is not None:
                    why = f"between two removed blocks after the body (after {above.rule_id})"
                    between.update({i: Label(above.category, BETWEEN_CUTS, why) for i in run})
                elif (below.category in HEADED_CATEGORIES and run[0] - 1 == active[last_prose]
                        and all(map(self._header_words, run))):
                    why = f"after the body's last paragraph, above a removed block ({below.rule_id})"
                    between.update({i: Label(below.category, BETWEEN_CUTS, why) for i in run})
            pos = run_end + 1
        return between

    def _gap_line(self, i: int, found: dict[int, Label]) -> bool:
        """A line that may sit between two cuts: unclaimed, short, not ending like a sentence."""
        facts = self.facts[i]
        return (i not in found and i not in self.headlines and facts.claim is None and not facts.sentence
                and facts.words <= LIST_ITEM_WORDS)

    def _asking(self, i: int, found: dict[int, Label]) -> bool:
        """An unclaimed block of a lead-in's length that asks the reader to act (a signal
        that asks, or one of an appeal): between two removed blocks after the body it is
        appended material whether or not it ends like a sentence."""
        facts = self.facts[i]
        return (i not in found and i not in self.headlines and facts.claim is None
                and facts.words <= LEAD_IN_WORDS and self._appeals(i))

    def _header_words(self, i: int) -> bool:
        """A gap line of a header's few words, one sentence at most; not a sign-off ("Thanks
        for reading,", "– Jane Doe": the author's own last line)."""
        text = self.blocks[i].text
        return (self.facts[i].words <= HEADER_WORDS and not has_sentences(text)
                and not text.endswith(",") and not text.startswith(SIGN_OFF_DASHES))

    def _teased_end(self, active: list[int], end: int, after_headline: bool, found: dict[int, Label]) -> int:
        """Where a list of headlines, read on from ``end``, ends when each may have a
        teaser under it: a short prose paragraph no rule claims ("New nursery opens in
        spring" / "The city is still looking for staff.")."""
        while end < len(active):
            i = active[end]
            if self._headline_like(i, found):
                after_headline = True
            elif after_headline and self._teaser(i, found):
                after_headline = False
            else:
                break
            end += 1
        return end

    def _teaser(self, i: int, found: dict[int, Label]) -> bool:
        """A listed headline's teaser: short, claimed by no rule."""
        facts = self.facts[i]
        return i not in found and facts.words <= LIST_ITEM_WORDS and facts.claim is None

    def _bare(self, i: int, hit: Hit) -> bool:
        """A header alone on its line: the match is the whole block, a few words long. A
        line that carries its own address ("Video: https://...") points there, not to a
        list below it."""
        text = self.blocks[i].text
        return (self.facts[i].words <= HEADER_WORDS and "://" not in text
                and len(hit.matched) >= len(text.rstrip(" :.…")) - HEADER_SLACK_CHARS)

    def _headline_like(self, i: int, found: dict[int, Label]) -> bool:
        """A line that reads as a listed headline (short, not prose, claimed by nothing
        else), or a headline's stamp under or above it."""
        facts = self.facts[i]
        if self._stamp(i):
            return True
        if i in found or facts.prose or facts.words > LIST_ITEM_WORDS:
            return False
        hit = facts.claim
        return hit is None or hit.rule.category in LIST_HEADERS

    def _stamp(self, i: int) -> bool:
        """A short line a byline or date rule claims ("12.03.2026", "By Ana Ruiz", "4 min read")."""
        facts = self.facts[i]
        return (facts.claim is not None and facts.claim.rule.category in LIST_STAMPS
                and not facts.prose and facts.words <= LIST_ITEM_WORDS)

    def _template_head(self, active: list[int], found: dict[int, Label]) -> dict[int, Label]:
        """The run of the site's template lines (not prose) before anything else: its header."""
        head: dict[int, Label] = {}
        for i in active:
            if i in found:
                continue
            hit = self.template[i]
            if hit is None or self.facts[i].prose:
                break
            head[i] = _label(hit, "the page's opening run of template blocks")
        return head

    def _template_inner(self, active: list[int], found: dict[int, Label]) -> dict[int, Label]:
        """Template blocks elsewhere go only where other evidence agrees: a signal of their own."""
        return {
            i: _label(hit, "with other evidence: " + ", ".join(h.rule.id for h in self.facts[i].signals if h is not hit))
            for i in active
            if i not in found and (hit := self.template[i]) is not None and self.signal(i) > hit.rule.weight
        }

    def _region(self, region: list[int], why: str) -> dict[int, Label]:
        """Label a confirmed region: each block by its own rule, else by the opener before it."""
        labels: dict[int, Label] = {}
        # An appeal's lead-in blocks go under the call they lead to.
        opener = next((h for i in region if (h := self.facts[i].claim or self.template[i])), None)
        for i in region:
            facts = self.facts[i]
            hit = facts.claim or self.template[i]
            if facts.opener:
                opener = hit
            if hit:
                labels[i] = _label(hit, why)
            else:
                assert opener is not None
                cue = ", ".join(h.rule.id for h in facts.signals) or "no signal against it"
                labels[i] = Label(opener.rule.category, opener.rule.id, f"inside {why} opened by {opener.matched[:50]!r}; {cue}")
        return labels


def _counted(hit: Hit) -> bool:
    """An opener that counts what follows ("119 comments"): the thread is there, however
    short the article before it, if there is one."""
    return any(c.isdigit() for c in hit.matched)


def _label(hit: Hit, why: str = "") -> Label:
    # A template hit says where the block was seen; a rule's, what it matched.
    found = hit.matched if hit.rule.role == "signal" else f"matched {hit.matched[:60]!r}"
    evidence = found + (f" in {why}" if why else "")
    return Label(hit.rule.category, hit.rule.id, evidence)
