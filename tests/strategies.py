"""Shared Hypothesis strategies: documents, news-like prose, and real appended appeals."""

from __future__ import annotations

from hypothesis import strategies as st

_WORDS = (
    "the council voted on tuesday to approve a new budget for schools and roads after months of "
    "debate officials said spending would rise by four percent while critics warned that taxes "
    "could follow the mayor defended the plan in a statement and residents will comment next week"
).split()

#: Real appended material, as outlets print it (several blocks each).
APPEALS = (
    "A Message from The Moscow Times:\nDear readers,\nWe are facing unprecedented challenges.\n"
    "Your support, no matter how small, makes a world of difference. If you can, please support us monthly.\n"
    "Remind me later.",
    "Support independent journalism\nIf you value our reporting, please make a contribution today.\nDonate now",
    "Advertisement",
    '3 Responses to "The bridge plan"\nJohn says:\nGreat news, finally!\nMary says:\nAbout time they fixed it.',
)


@st.composite
def sentences(draw: st.DrawFn) -> str:
    """One news-like sentence: 8-25 plain words, capitalized, ending in a full stop."""
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=8, max_size=25))
    return " ".join(words).capitalize() + "."


@st.composite
def prose(draw: st.DrawFn) -> str:
    """Paragraphs of news-like sentences, one paragraph per line."""
    paragraphs = draw(st.lists(st.lists(sentences(), min_size=1, max_size=4), min_size=1, max_size=8))
    return "\n".join(" ".join(p) for p in paragraphs)


documents = st.one_of(st.text(), st.binary(), prose())
