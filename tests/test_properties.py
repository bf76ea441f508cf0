"""The library's contracts, stated over generated input."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext.segment import _segment_any, segment
from tests.strategies import APPEALS, documents, prose

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
