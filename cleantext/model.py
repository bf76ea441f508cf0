"""The values that flow through the pipeline: blocks, labels, removals and the result.

Frozen dataclasses with no behaviour beyond derived properties, so a result can be
compared, hashed, pickled and handed across processes as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

BODY = "body"

#: Every boilerplate category a block can be labelled with, in the order the docs list them.
CATEGORIES: tuple[str, ...] = (
    "donation_appeal",
    "newsletter",
    "subscription",
    "cookie_notice",
    "social_share",
    "related_links",
    "read_more",
    "advertisement",
    "comments",
    "author_bio",
    "byline",
    "caption_credit",
    "copyright",
    "navigation",
    "title",
    "template",
)


#: Where a block came from. Whole-document text ("text": a plain-text input, or "walked":
#: every visible paragraph of a page the extractor could not take) may hold a page's
#: menus and footers around the article; the extractor's main content ("extracted") is
#: already the article, and only positive evidence cuts from it.
TEXT, EXTRACTED, WALKED = "text", "extracted", "walked"
WHOLE_PAGE = frozenset({TEXT, WALKED})


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph or line of the document: the unit every stage labels.

    ``span`` locates the block in the decoded plain-text input (None for HTML, where
    text comes from the extractor). ``tag``, ``link_density`` and ``container`` carry
    what the HTML extractor saw, for the classifier; plain text leaves the defaults.
    ``origin`` says which kind of source the block is (TEXT, EXTRACTED or WALKED).
    """

    index: int
    text: str
    span: tuple[int, int] | None = None
    tag: str = "p"
    link_density: float = 0.0
    container: frozenset[str] = frozenset()
    origin: str = TEXT

    def __reduce__(self) -> tuple[type[Block], tuple[object, ...]]:
        # Pickled as its fields in order: under half the time of the slots state that a
        # frozen dataclass pickles by default (--two-pass spills every page's blocks).
        return Block, _BLOCK_FIELDS(self)


#: A block's fields in order, read in one call (for Block.__reduce__).
_BLOCK_FIELDS = attrgetter(*Block.__slots__)


@dataclass(frozen=True, slots=True)
class Label:
    """The classifier's decision for one block: body, or a category with its reason."""

    category: str
    rule_id: str
    evidence: str

    @property
    def is_body(self) -> bool:
        return self.category == BODY


@dataclass(frozen=True, slots=True)
class Removal:
    """A block left out of the output, with the rule or signal that decided it."""

    block: int
    text: str
    category: str
    rule_id: str
    evidence: str


#: The category of text that the HTML extractor left out of the main content.
EXTRACTOR = "extractor"


@dataclass(frozen=True, slots=True)
class Discarded:
    """A region of an HTML page that the extractor left out (menus, footers, sidebars,
    comment sections): the container that holds it (``tag#id.class``), the start of its
    text, and its length. Together with the blocks, every word of the page is accounted for.
    """

    element: str
    excerpt: str
    chars: int
    category: str = EXTRACTOR


@dataclass(frozen=True, slots=True)
class Decoding:
    """How bytes became text: the codec used, why it was chosen, and how many invalid
    bytes were repaired or replaced (the codec is kept for the whole document)."""

    encoding: str
    method: str
    repaired: int = 0


@dataclass(frozen=True, slots=True)
class Cleaned:
    """What ``explain()`` returns: the clean text and the account of every block.

    ``blocks`` are all blocks after segmentation and normalization; ``kept`` and
    ``removed`` partition them by index. ``source`` is "html", "text", or "not_text" for
    input that is not text (no blocks, no text). ``title`` is the page title, or for plain
    text a first line cut as one. ``notes`` reports anything unusual that did not stop
    cleaning (a rule that timed out, a size fallback, bytes repaired while decoding, why
    the input is not text).
    """

    text: str
    blocks: tuple[Block, ...]
    labels: tuple[Label, ...]
    kept: tuple[int, ...]
    removed: tuple[Removal, ...]
    source: str
    title: str | None = None
    decoding: Decoding | None = None
    notes: tuple[str, ...] = ()
    discarded: tuple[Discarded, ...] = ()
