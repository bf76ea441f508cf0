"""The library's contracts, stated over generated input."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext.segment import _segment_any, segment
from tests.strategies import (
    APPEALS,
    LANGUAGES,
    TAILS,
    appended_tail,
    body_paragraphs,
    documents,
    language,
    multiscript_prose,
    multiscript_text,
    prose,
)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(documents)
def test_never_raises_and_returns_str(doc):
    """Any str or bytes gives a UTF-8-encodable str."""
    out = cleantext.clean(doc)
    assert isinstance(out, str)
    out.encode("utf-8")


@FAST
@given(documents)
def test_idempotent(doc):
    """Cleaning clean text changes nothing."""
    once = cleantext.clean(doc)
    assert once == cleantext.clean(once)


@FAST
@given(documents)
def test_explain_agrees_with_clean(doc):
    """explain(x).text is exactly clean(x)."""
    assert cleantext.clean(doc) == cleantext.explain(doc).text


@FAST
@given(documents)
def test_kept_and_removed_partition_the_blocks(doc):
    """Every block is either kept or removed, never both."""
    result = cleantext.explain(doc)
    kept, removed = set(result.kept), {r.block for r in result.removed}
    assert not kept & removed
    assert kept | removed == {b.index for b in result.blocks}


@FAST
@given(prose())
def test_prose_is_preserved(text):
    """Generated prose with no boilerplate comes back unchanged."""
    assert text == cleantext.clean(text)


@FAST
@given(prose(), st.sampled_from(APPEALS))
def test_appended_appeal_is_removed(text, appeal):
    """Prose with a real appeal appended comes back as the prose alone."""
    assert text == cleantext.clean(text + "\n" + appeal)


@FAST
@given(st.text(alphabet=st.sampled_from("ab \t\n\r\x0b\x0c\x1c\x85\u2028\u2029\xa0")))
def test_fast_line_split_agrees_with_the_general_one(text):
    """Blocks are the input's non-blank lines at their offsets: the split used when "\n" is
    the only line break gives what the general splitlines() walk gives."""
    assert _segment_any(text) == segment(text)
    newline_only = text.translate(dict.fromkeys(map(ord, "\r\x0b\x0c\x1c\x85\u2028\u2029"), "\n"))
    assert _segment_any(newline_only) == segment(newline_only)


# --- Every supported language, and text in scripts other than Latin -------------------------

#: Per (language, tail) pair a few bodies: every tail of every language is tried on each run
#: (a language() draw reaches some languages rarely in a few hundred examples).
PER_TAIL = settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MULTILINGUAL = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LANGUAGE_TAILS = [(lang, name) for lang in LANGUAGES for name in TAILS[lang]]


@pytest.mark.parametrize(
    ("lang", "name"), LANGUAGE_TAILS, ids=[f"{lang}-{name}" for lang, name in LANGUAGE_TAILS]
)
@PER_TAIL
@given(paragraphs=st.data())
def test_any_language_tail_is_cut_from_mixed_paragraphs(lang, name, paragraphs):
    """In every supported language, 2-4 of its body paragraphs (from different articles, in any
    order) followed by one of its tails come back as the paragraphs alone."""
    body = "\n".join(paragraphs.draw(body_paragraphs(lang), label="body"))
    assert body == cleantext.clean(body + "\n" + TAILS[lang][name])


@MULTILINGUAL
@given(language().flatmap(lambda lang: body_paragraphs(lang, max_size=6)))
def test_any_language_body_alone_is_kept(paragraphs):
    """Body paragraphs of any supported language, in any order and with no tail, come back unchanged."""
    body = "\n".join(paragraphs)
    assert body == cleantext.clean(body)


@MULTILINGUAL
@given(
    language().flatmap(
        lambda lang: st.tuples(body_paragraphs(lang), appended_tail(lang), appended_tail(lang))
    )
)
def test_any_language_two_tails_are_cut(drawn):
    """Two of a language's tails, one after the other, are both cut: outlets stack them."""
    paragraphs, first, second = drawn
    body = "\n".join(paragraphs)
    assert body == cleantext.clean(body + "\n" + first + "\n" + second)


@MULTILINGUAL
@given(st.one_of(multiscript_text(), multiscript_prose()))
def test_multiscript_text_never_raises_and_is_idempotent(text):
    """Random text in Latin with diacritics, Cyrillic, Greek, Arabic, CJK and Hangul cleans to
    a UTF-8-encodable str, and cleaning that again changes nothing."""
    once = cleantext.clean(text)
    assert isinstance(once, str)
    once.encode("utf-8")
    assert once == cleantext.clean(once)
