"""The article-span locator: finds the article in whole-page text, and cuts nothing else."""

import re

import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext.classify import Classifier
from cleantext.facts import _SLOW_TOKEN_CHARS, tokens
from cleantext.language import stopwords
from cleantext.locate import (
    PAGE_HEAD_FURNITURE,
    best_span,
    block_scores,
    furniture_bound,
    locate,
)
from cleantext.match import matcher
from cleantext.model import Block
from tests.strategies import prose

MENU = """Skip to content
Home
News
World
Business
Sport
Culture
Opinion
Subscribe
Sign in
Search"""

ARTICLE = """The city council approved a new plan on Tuesday to rebuild the old river bridge, which has been closed to heavy traffic since the spring floods.
Work is expected to begin in March and to last about two years, according to the transport department, which will publish a detailed schedule next month.
What the plan includes
The new bridge will have two lanes in each direction, a protected cycle path and wider pavements on both sides.
Engineers said the old piers could not be repaired, so they will be replaced with deeper foundations that can withstand higher water levels.
Residents who live near the river asked for the following:
quieter night work
a temporary footbridge
“We have waited a long time for this, and we want it done properly,” said one shop owner whose business sits at the end of the bridge.
The council will hold a public meeting on the project at the town hall next Thursday evening, and questions can be sent in advance."""

FOOTER = """Related
Five things to do this weekend
Traffic report
About us
Contact
Privacy policy
Terms of use
Careers
© 2024 Example Media Group"""


#: What clean() makes of the article: quotes straightened (the default), nothing cut.
CLEAN_ARTICLE = ARTICLE.replace("\u201c", '"').replace("\u201d", '"')


def page(*parts: str) -> str:
    return "\n".join(parts)


def test_best_span_is_the_max_sum_run():
    """The max-sum run bridges a small negative gap between two positive runs."""
    assert (1, 6, 7.0) == best_span([-1.0, 3.0, 2.0, -1.0, 1.0, 2.0, -5.0, 1.0])


def test_best_span_prefers_the_longer_run_on_ties():
    """A zero-sum extension is kept: the span never drops more than it must."""
    assert (0, 3, 2.0) == best_span([2.0, -1.0, 1.0])


def test_page_text_comes_back_as_the_article():
    """Menu before and footer after the article are cut; every article line stays."""
    assert CLEAN_ARTICLE == cleantext.clean(page(MENU, ARTICLE, FOOTER))


def test_cut_blocks_name_the_locator():
    """Blocks cut around the span carry the locator's rule id and its evidence."""
    result = cleantext.explain(page(MENU, ARTICLE, FOOTER))
    outside = [r for r in result.removed if r.rule_id == "locate.outside_span"]
    assert {"Skip to content", "Careers"} <= {r.text for r in outside}
    assert all("article span" in r.evidence for r in outside)


def test_clean_article_is_not_cut():
    """An article on its own, subheadings and list items included, comes back whole."""
    assert CLEAN_ARTICLE == cleantext.clean(ARTICLE)


def test_article_ending_in_a_table_keeps_it():
    """Without a menu at the head, trailing short lines are the article's own (a table)."""
    table = "\n".join(f"{n} Team {chr(64 + n)} {30 - n} {n % 4}" for n in range(1, 9))
    assert page(CLEAN_ARTICLE, "Final standings:", table) == cleantext.clean(page(ARTICLE, "Final standings:", table))


def test_locator_keeps_its_own_output():
    """Cleaning the located article again changes nothing (idempotence)."""
    once = cleantext.clean(page(MENU, ARTICLE, FOOTER))
    assert once == cleantext.clean(once)


def test_no_article_means_no_cut():
    """A page that is only menu lines is returned as it is, never emptied by the locator."""
    assert locate((MENU + "\n" + FOOTER).splitlines()) is None


def test_curly_quote_ending_counts_as_prose():
    """A paragraph ending in a closing curly quote scores as body."""
    scores, _, _ = block_scores(["“We will keep going until the work is finished and the road is open,” she said in June.”"])
    assert scores[0] > 0


def test_language_without_a_list_uses_the_fallback():
    """Swahili (no stopword list) still has its article found and kept."""
    article = (
        "Baraza la jiji liliidhinisha siku ya Jumanne mpango wa kujenga upya daraja la zamani ambalo "
        "limefungwa kwa magari makubwa tangu mafuriko ya masika.\n"
        "Maafisa walisema daraja jipya litakuwa na njia mbili kila upande, pamoja na njia ya baiskeli "
        "na vijia vipana vya watembea kwa miguu.\n"
        "Wahandisi walieleza kwamba nguzo za zamani haziwezi kukarabatiwa, kwa hiyo zitabadilishwa na "
        "misingi mirefu zaidi.\n"
        "Mkutano wa wazi kuhusu mradi huo utafanyika Alhamisi ijayo jioni katika ukumbi wa jiji, na "
        "maswali yanaweza kutumwa mapema."
    )
    result = cleantext.explain(page(MENU, article, FOOTER))
    assert article == result.text
    assert "stopwords: fallback" in result.removed[0].evidence


def test_japanese_article_is_found():
    """CJK sentences ending in 。 count as prose even without spaces."""
    article = (
        "市議会は火曜日、春の洪水以来大型車両の通行が禁止されている古い橋を建て替える計画を承認した。\n"
        "工事は三月に始まり、およそ二年間続く見通しで、詳しい日程は来月発表される予定だ。\n"
        "技術者によると、古い橋脚は修理できないため、より深い基礎に置き換えられるという。\n"
        "市は来週木曜日の夜に市役所で住民説明会を開き、事前に質問を受け付けるとしている。"
    )
    assert article == cleantext.clean(page(MENU, article, FOOTER))


def test_stopword_lists_cover_the_rule_languages():
    """Each language of the rule catalog has a stopword list of real size."""
    lists = stopwords()
    for lang in ("en", "ru", "de", "fr", "es", "uk"):
        assert len(lists[lang]) >= 80, lang


def test_html_blocks_are_located_like_text():
    """Blocks from the HTML extractor (no text offsets) that hold a whole page, as when the
    extractor falls back, lose the menu as text does: cleaning the output again as text
    then finds nothing more to cut."""
    lines = page(MENU, CLEAN_ARTICLE, FOOTER).splitlines()
    blocks = [Block(i, line) for i, line in enumerate(lines)]
    labels = Classifier(blocks, matcher(None, 0.05)).labels()
    located = [i for i, label in enumerate(labels) if label.rule_id == "locate.outside_span"]
    assert located[: len(MENU.splitlines())] == [*range(len(MENU.splitlines()))]
    kept = "\n".join(b.text for b, label in zip(blocks, labels) if label.is_body)
    assert cleantext.clean(kept) == kept


_MENU_WORDS = st.sampled_from(["Home", "News", "Sport", "World", "Video", "Login", "More", "Contact", "Weather"])
_menu = st.lists(st.lists(_MENU_WORDS, min_size=1, max_size=3).map(" ".join), min_size=0, max_size=15)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_menu, prose(), _menu)
# A menu line before an opener: the first block no rule claims is still no body to follow.
@example(["Home Home", "More News"], "The the the the the the the the.", ["Home"])
# A list header above the only sentence: the sentence is the body, not a listed headline's teaser.
@example(["More News", "Home Home"], "The the the the the the the the.", [])
def test_generated_pages_keep_the_prose_and_are_idempotent(head, body, tail):
    """Menu lines around generated prose: the prose always survives, and cleaning is stable."""
    once = cleantext.clean("\n".join([*head, body, *tail]))
    assert body in once
    assert once == cleantext.clean(once)


def test_article_opening_with_a_pipe_table_keeps_it():
    """Rows of a pipe table (as extractors render tables) are data, not a menu to cut."""
    table = "\n".join(f"| {n} | Team {chr(64 + n)} | {30 - n} |" for n in range(1, 13))
    text = page("| Pos | Team | Points |", table, CLEAN_ARTICLE)
    assert text == cleantext.clean(text)


_LINES = st.lists(
    st.one_of(_MENU_WORDS, prose(), st.sampled_from(["| a | b |", "See www.example.com", "Call us...", "© 2024 Example", "Tel: 555"])),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(_LINES)
def test_furniture_bound_is_never_below_the_scored_furniture(lines):
    """The cheap bound that lets locate() skip scoring never undercounts: whatever span the
    scores choose, the furniture before it is at most the bound."""
    if not lines:
        return
    scores, base, _ = block_scores(lines)
    start, _, _ = best_span(scores)
    while start > 0 and base[start - 1] >= 0:
        start -= 1
    before = -sum(s for s in base[:start] if s < 0)
    assert furniture_bound(lines) >= before
    if furniture_bound(lines) < PAGE_HEAD_FURNITURE:
        assert locate(lines) is None


def test_fast_tokens_agree_with_regex_wherever_they_are_used():
    """tokens() uses the standard library's \\w on text without the listed characters: on
    every other code point below U+20D0 both engines must agree, so the words are the same."""
    fast, full = re.compile(r"\w"), regex.compile(r"\w")
    for code in range(0x20D0):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF or _SLOW_TOKEN_CHARS.match(char):
            continue
        assert bool(fast.match(char)) == bool(full.match(char)), hex(code)


@given(st.text(alphabet=st.characters(max_codepoint=127)) | st.text())
def test_tokens_are_the_regex_words(text):
    """Whichever way tokens() takes (byte translation for ASCII, either engine otherwise),
    the words are those of \\w+."""
    assert tokens(text) == regex.findall(r"\w+", text)
