"""Site templates: the blocks a site prints on many of its pages, learned from its pages.

A site appends the same appeal, menu, footer and "follow us" line to every article, in
whatever language it writes; no phrase list names them all, but the site's own pages
show them. ``Templates`` learns, per site, which blocks recur, and the classifier weighs
a block seen on enough of its site's pages as evidence like any rule (classify.py),
never as a filter run before it.

Learning is deterministic and bounded. A block is kept as a fingerprint (a stable hash
of its words, digits folded), never as text. Per site the exact number of pages is
counted, and the fingerprint sets of a bottom-k sample of pages: the ``sample`` pages
whose own hash (of their fingerprints, in order) is smallest. That sample does not
depend on the order pages arrive in, and the sample of a union is the bottom-k of the
shards' samples, so learning on shards and merging gives what learning on the whole
stream gives. A page holds at most ``MAX_BLOCKS`` fingerprints (its first and last
ones: templates sit at a page's edges), so a site costs at most
``sample * MAX_BLOCKS * 8`` bytes however many pages it has.

>>> t = Templates()
>>> for n in range(6):
...     t.add("example.org", [f"Story {n} starts here and ends here.", "Follow Example on social media"])
>>> t.share("example.org", "Follow Example on social media")
(6, 6)
>>> t.share("example.org", "Story 1 starts here and ends here.")
(1, 6)
"""

from __future__ import annotations

import base64
import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from hashlib import blake2b
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from cleantext.facts import tokens
from cleantext.match import Hit
from cleantext.model import Cleaned
from cleantext.options import Options
from cleantext.rules import TEMPLATE_SITE, coded
from cleantext.scoring import SCORING
from cleantext.sniff import not_text

if TYPE_CHECKING:
    from cleantext.pipeline import Prepared

_S = SCORING.templates
SAMPLE = _S.sample
MIN_PAGES = _S.min_pages
MIN_SHARE = _S.min_share
MIN_COUNT = _S.min_count
MAX_BLOCKS = _S.max_blocks
WEIGHT = _S.weight
#: The file format written by ``save()``; ``load()`` refuses any other.
FORMAT = "cleantext.templates"
VERSION = 1

RULE = coded(rule_id=TEMPLATE_SITE, category="template", role="signal", where="anywhere", max_words=None, weight=WEIGHT)

_WORD = regex.compile(r"\w+")
#: Fingerprints kept for the last this many texts up to KEPT_CHARS long (a few pages' blocks;
#: at most 5 MB of Latin text, 20 MB of the widest): learning a page and then cleaning it asks
#: for each of its blocks twice, and a site's template blocks recur page after page.
FINGERPRINTS_KEPT = 1024
KEPT_CHARS = 5_000
_FP_BYTES = 8


def fingerprint(text: str) -> int | None:
    """A stable 64-bit key of a block's words, case and punctuation ignored; None for a
    block without words. Digits count: a dateline that differs by day is no template."""
    return _kept_fingerprint(text) if len(text) <= KEPT_CHARS else _fingerprint(text)


def _fingerprint(text: str) -> int | None:
    folded = text.casefold()
    # ASCII text (most blocks) splits faster by a byte table, into the same words as \w+.
    words = tokens(folded) if folded.isascii() else _WORD.findall(folded)
    if not words:
        return None
    return int.from_bytes(blake2b(" ".join(words).encode(), digest_size=_FP_BYTES).digest(), "big")


_kept_fingerprint = lru_cache(maxsize=FINGERPRINTS_KEPT)(_fingerprint)


def forget() -> None:
    """Drops the fingerprints kept, as a fresh process would have none (for timings)."""
    _kept_fingerprint.cache_clear()


def site_of(url: str) -> str | None:
    """The registered domain of ``url`` (``news.example.co.uk`` -> ``example.co.uk``), or None."""
    from courlan import extract_domain  # imported with trafilatura; needed only when a URL names the site

    domain = extract_domain(url)
    return domain.casefold() if isinstance(domain, str) and domain else None


@dataclass(slots=True)
class _Site:
    """One site: its exact page count and the fingerprints of its bottom-k sample of pages."""

    pages: int
    #: page hash -> the page's fingerprints, sorted and packed as 8-byte big-endian ints.
    sample: dict[int, bytes]
    #: fingerprint -> sampled pages holding it; built on first use, dropped on any change.
    counts: Counter[int] | None = None


class Templates:
    """Blocks that repeat across each site's pages, learned from a stream of documents.

    ``add(site, texts)`` learns one page from its block texts; ``learn(doc, site=...)``
    learns a document as the pipeline would segment it. ``merge`` combines learners of
    different shards; ``save`` / ``load`` write and read a versioned JSON file.
    ``hit(site, text)`` is the evidence the classifier gets.
    """

    def __init__(self, *, sample: int = SAMPLE, min_pages: int = MIN_PAGES, min_share: float = MIN_SHARE,
                 min_count: int = MIN_COUNT) -> None:
        if sample < 1 or min_pages < 1 or min_count < 1:
            raise ValueError("sample, min_pages and min_count must be positive")
        if not 0 < min_share <= 1:
            raise ValueError(f"min_share must be in (0, 1], not {min_share!r}")
        self.sample_size = sample
        self.min_pages = min_pages
        self.min_share = min_share
        self.min_count = min_count
        self._sites: dict[str, _Site] = {}

    # Learning
    def add(self, site: str, texts: Iterable[str], *, key: bytes | None = None) -> None:
        """Learn one page of ``site`` from its blocks' texts (normalized, as cleaning sees them).

        The page's place in the sample is the hash of ``key`` (learn() passes the document)
        or, without one, of its fingerprints in order.
        """
        prints = [fp for fp in map(fingerprint, texts) if fp is not None]
        if len(prints) > MAX_BLOCKS:
            prints = prints[: MAX_BLOCKS // 2] + prints[-(MAX_BLOCKS // 2) :]
        if key is None:
            key = b"".join(fp.to_bytes(_FP_BYTES, "big") for fp in prints)
        entry = self._sites.setdefault(site, _Site(0, {}))
        entry.pages += 1
        self._keep(entry, {_page_hash(key): _pack(set(prints))})

    def learn(self, doc: str | bytes, *, site: str | None = None, url: str | None = None,
              options: Options | None = None) -> bool:
        """Learn a document (str or bytes, HTML or text) of ``site``, or of ``url``'s domain.

        Returns False, learning nothing, when no site is known or the input is not text. A
        document whose hash cannot enter its site's full sample is only counted, not
        extracted: a site of n pages costs about ``sample * (1 + ln(n / sample))`` extractions.
        """
        return self.learn_and_prepare(doc, site=site, url=url, options=options)[0]

    def learn_and_prepare(self, doc: str | bytes, *, site: str | None = None, url: str | None = None,
                          options: Options | None = None) -> tuple[bool, Prepared | None]:
        """What ``learn()`` returns, and the document as ``pipeline.prepare()`` made it when
        learning extracted it (None when it was only counted or not learned): a caller that
        cleans the page next finishes that (``pipeline.finish``) instead of extracting it again.
        It is prepared as ``clean()`` prepares a page, without the discarded regions.
        """
        from cleantext.pipeline import prepare  # the pipeline imports this module

        site = site or (site_of(url) if url else None)
        if not site or not isinstance(doc, (str, bytes)) or not_text(doc):
            return False, None
        key = doc.encode("utf-8", "surrogatepass") if isinstance(doc, str) else doc
        entry = self._sites.get(site)
        if entry is not None and len(entry.sample) >= self.sample_size and _page_hash(key) > max(entry.sample):
            entry.pages += 1  # it would be dropped from the sample at once
            return True, None
        prepared = prepare(doc, options=options, discarded=False)
        if isinstance(prepared, Cleaned):  # not text after decoding: no blocks
            self.add(site, (), key=key)
            return True, None
        self.add(site, (b.text for b in prepared.blocks), key=key)
        return True, prepared

    def _keep(self, entry: _Site, pages: Mapping[int, bytes]) -> None:
        entry.sample.update(pages)
        if len(entry.sample) > self.sample_size:
            kept = sorted(entry.sample)[: self.sample_size]
            entry.sample = {page: entry.sample[page] for page in kept}
        entry.counts = None

    def merge(self, other: Templates) -> Templates:
        """Learn ``other``'s pages into this learner (same settings); returns self."""
        if self.settings() != other.settings():
            raise ValueError(f"cannot merge templates learned with {other.settings()} into {self.settings()}")
        for site, theirs in other._sites.items():
            entry = self._sites.setdefault(site, _Site(0, {}))
            entry.pages += theirs.pages
            self._keep(entry, theirs.sample)
        return self

    # Use
    def sites(self) -> list[str]:
        """The sites learned, sorted."""
        return sorted(self._sites)

    def pages(self, site: str) -> int:
        """How many pages of ``site`` were learned (0 for an unknown site)."""
        entry = self._sites.get(site)
        return entry.pages if entry else 0

    def share(self, site: str, text: str) -> tuple[int, int]:
        """(sampled pages holding the block, pages sampled) for ``site``."""
        entry = self._sites.get(site)
        fp = fingerprint(text)
        if entry is None or fp is None:
            return 0, 0 if entry is None else len(entry.sample)
        if entry.counts is None:
            entry.counts = Counter(fp for packed in entry.sample.values() for fp in _unpack(packed))
        return entry.counts[fp], len(entry.sample)

    def active(self, site: str | None) -> bool:
        """Whether ``site`` has enough pages learned for its templates to count."""
        return site is not None and self.pages(site) >= self.min_pages

    def hit(self, site: str, text: str) -> Hit | None:
        """The evidence when ``text`` is a template block of ``site``, else None."""
        if not self.active(site):
            return None
        count, sampled = self.share(site, text)
        if count < self.min_count or count < self.min_share * sampled:
            return None
        pages = self.pages(site)
        of = f"{sampled} pages" if sampled == pages else f"{sampled} sampled pages (of {pages})"
        return Hit(RULE, f"on {count} of {of} of {site}")

    def memory(self, site: str) -> int:
        """Bytes of fingerprints held for ``site`` (the bound the module docstring states)."""
        entry = self._sites.get(site)
        return sum(len(packed) for packed in entry.sample.values()) if entry else 0

    # Files
    def settings(self) -> dict[str, float]:
        return {"sample": self.sample_size, "min_pages": self.min_pages, "min_share": self.min_share,
                "min_count": self.min_count}

    def to_dict(self) -> dict[str, Any]:
        """The learned state as JSON-ready data, sites and pages in a fixed order."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "settings": self.settings(),
            "sites": {
                site: {
                    "pages": entry.pages,
                    "sample": {f"{page:016x}": base64.b64encode(entry.sample[page]).decode("ascii")
                               for page in sorted(entry.sample)},
                }
                for site, entry in sorted(self._sites.items())
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Templates:
        """The learner ``to_dict`` described; a wrong format or version is a ValueError."""
        if not isinstance(data, Mapping) or data.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} file")
        if data.get("version") != VERSION:
            raise ValueError(f"{FORMAT} version {data.get('version')!r} is not supported (this is {VERSION})")
        try:
            templates = cls(**data["settings"])
            for site, entry in data["sites"].items():
                sample = {int(page, 16): base64.b64decode(packed, validate=True)
                          for page, packed in entry["sample"].items()}
                if any(len(p) % _FP_BYTES for p in sample.values()) or len(sample) > templates.sample_size:
                    raise ValueError(f"site {site!r}: malformed sample")
                templates._sites[str(site)] = _Site(int(entry["pages"]), sample)
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise ValueError(f"malformed {FORMAT} file: {exc}") from None
        return templates

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the learned state as JSON (UTF-8)."""
        Path(path).write_text(json.dumps(self.to_dict(), ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Templates:
        """Read a file ``save`` wrote; a file of another kind or version is a ValueError."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ValueError(f"{path}: not a {FORMAT} file ({exc})") from None
        return cls.from_dict(data)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Templates):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]  # mutable while learning


def _page_hash(key: bytes) -> int:
    return int.from_bytes(blake2b(key, digest_size=_FP_BYTES).digest(), "big")


def _pack(prints: set[int]) -> bytes:
    return b"".join(fp.to_bytes(_FP_BYTES, "big") for fp in sorted(prints))


def _unpack(packed: bytes) -> Iterable[int]:
    return (int.from_bytes(packed[i : i + _FP_BYTES], "big") for i in range(0, len(packed), _FP_BYTES))
