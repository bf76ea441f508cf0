"""The outlet naming itself: evidence of appended material that needs no phrase list.

An outlet's appeals, sign-up boxes, follow lines and footers name it ("Support The Herald",
"Follow Herald News on X", "© heraldnews.com"); its articles rarely do. The names come from
the page (its declared site name, the part of its title beside the headline) and from the
URL the caller gives. A block naming the outlet is a signal: evidence inside a region,
never a cut on its own.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from cleantext.match import Hit
from cleantext.rules import OUTLET_NAME, SIGNAL_FILE, coded
from cleantext.scoring import SCORING

#: The shortest name, the longest block and the signal's weight (scoring.toml [outlet]).
MIN_NAME_CHARS = SCORING.outlet.min_name_chars
MAX_WORDS = SCORING.outlet.max_words
WEIGHT = SCORING.outlet.weight
#: Host labels that name no outlet: prefixes and second-level parts of public suffixes.
_NOT_NAMES = frozenset({"www", "m", "amp", "mobile", "edition", "news", "co", "com", "org", "net", "gov", "ac", "edu"})

RULE = coded(
    rule_id=OUTLET_NAME, category=SIGNAL_FILE, role="signal", where="anywhere", max_words=MAX_WORDS, weight=WEIGHT
)


def names(site_names: tuple[str, ...], url: str | None) -> tuple[str, ...]:
    """Casefolded names of the outlet: the page's site names and the URL's domain label."""
    found = [n.casefold() for n in site_names]
    host = (urlsplit(url).hostname or "") if url else ""
    labels = [label for label in host.split(".")[:-1] if label not in _NOT_NAMES]
    if labels:
        found.append(labels[-1])
    return tuple(dict.fromkeys(n for n in found if len(n) >= MIN_NAME_CHARS))


def hit(folded: str, words: int, outlet: tuple[str, ...]) -> Hit | None:
    """The signal when a short block names the outlet (spaced, or squashed as in a domain)."""
    if words > MAX_WORDS or not outlet:
        return None
    squashed = "".join(folded.split())
    for name in outlet:
        if name in folded or "".join(name.split()) in squashed:
            return Hit(RULE, name)
    return None
