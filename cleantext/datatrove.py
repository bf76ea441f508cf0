"""A datatrove pipeline step that cleans each document with cleantext.

The only module that imports datatrove (``pip install '.[datatrove]'`` in a clone),
so one pipeline runs on a laptop, on Slurm or on Ray with datatrove's executors.
Each ``Document``'s text is replaced by ``cleantext.clean()`` of it; what was cut, and
the title, are recorded in ``doc.metadata["cleantext"]``; a document left with no body
is dropped with the reason ``"empty"``, one that is not text with ``"not_text"``, and
with a per-document ``timeout`` one that runs over with ``"timeout"`` (each written by
the ``exclusion_writer``, if one is given, with its original text). The step holds only
its settings, so it pickles and every document is cleaned on its own.

>>> from datatrove.data import Document
>>> step = CleantextFilter()
>>> doc = Document(text="The vote passed on Tuesday.\\nAdvertisement", id="1")
>>> step.filter(doc)
True
>>> doc.text
'The vote passed on Tuesday.'
>>> [r["category"] for r in doc.metadata["cleantext"]["removed"]]
['advertisement']
"""

from __future__ import annotations

from collections import Counter
from functools import partial

from cleantext.model import Cleaned
from cleantext.options import DEFAULT, Options
from cleantext.pipeline import NOT_TEXT, explain

try:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.pipeline.extractors.base import ExtractorSandbox
    from datatrove.pipeline.filters.base_filter import BaseFilter
    from datatrove.pipeline.writers.disk_base import DiskWriter
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "cleantext.datatrove needs the 'datatrove' package: pip install '.[datatrove]' in a clone of cleantext"
    ) from exc

#: The reasons a document is dropped with; datatrove counts each as the stat ``dropped_<reason>``.
EMPTY = "empty"
TIMEOUT = "timeout"
#: The worker process cleaning the document died (e.g. killed for memory); a new one takes the next.
BROKEN = "broken_process"
#: A page the extractor warms up on in each worker, so its first document does not pay for loading.
_WARM_UP = "<html><body><p>Warm-up page for the cleantext worker.</p></body></html>"


class CleantextFilter(BaseFilter):
    """Clean each document's text; drop those left without a body.

    ``options`` are the same ``cleantext.Options`` that ``clean()`` takes (their
    ``input_format`` sniffs HTML vs text or forces one). ``metadata_key`` names the
    metadata entry written on every document; ``record_removed_text`` also stores the
    text of each removed block there (off by default: at crawl scale it is mostly
    the bulk you wanted gone). ``timeout`` (seconds, None for none) cleans each document
    in a worker process, as datatrove's extractors do, and drops one that runs longer
    with the reason ``timeout``. Stats: ``removed_<category>`` counts removed blocks,
    ``removed_chars`` their characters, ``source_html`` / ``source_text`` /
    ``source_not_text`` how each document was read, ``dropped_<reason>`` the documents
    dropped.
    """

    name = "🧹 cleantext"

    def __init__(
        self,
        options: Options | None = None,
        *,
        metadata_key: str = "cleantext",
        record_removed_text: bool = False,
        exclusion_writer: DiskWriter | None = None,
        timeout: float | None = None,
    ) -> None:
        super().__init__(exclusion_writer=exclusion_writer)
        options = DEFAULT if options is None else options
        if not isinstance(options, Options):
            raise TypeError(f"options must be a cleantext.Options, not {type(options).__name__}")
        if timeout is not None and not timeout > 0:
            raise ValueError(f"timeout must be a positive number of seconds or None, not {timeout!r}")
        self.options = options
        self.metadata_key = metadata_key
        self.record_removed_text = record_removed_text
        self.timeout = timeout
        self._sandbox: ExtractorSandbox | None = None

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """datatrove's filter loop; with a ``timeout``, around a worker process that cleans."""
        if self.timeout is None:
            yield from super().run(data, rank, world_size)
            return
        explain(_WARM_UP, options=self.options)  # load once here: a forked worker inherits it
        with ExtractorSandbox(timeout=self.timeout, warmup_text=_WARM_UP) as sandbox:
            self._sandbox = sandbox
            try:
                yield from super().run(data, rank, world_size)
            finally:
                self._sandbox = None

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        """Replace the text by its clean body and record the cuts and title; False for an
        empty body, for input that is not text, or past the timeout.

        A dropped document keeps its original text, so an exclusion writer saves what
        was judged to have no body, next to the account of why.
        """
        if self._sandbox is None:
            result = explain(doc.text, options=self.options, url=_url(doc))
        else:
            try:
                result = self._sandbox.process_document(doc.text, partial(explain, options=self.options, url=_url(doc)))
            except TimeoutError:
                return False, TIMEOUT
            except EOFError:
                return False, BROKEN
        doc.metadata[self.metadata_key] = self._account(result)
        self._count(result)
        if result.source == NOT_TEXT:
            return False, NOT_TEXT
        if not result.text:
            return False, EMPTY
        doc.text = result.text
        return True

    def __getstate__(self) -> dict[str, object]:
        """Everything but the worker process of a running step (executors pickle the pipeline)."""
        state = self.__dict__.copy()
        state["_sandbox"] = None
        return state

    def _account(self, result: Cleaned) -> dict[str, object]:
        """What was removed, as plain JSON values (any writer can store it)."""
        removed = []
        for r in result.removed:
            entry: dict[str, object] = {
                "block": r.block, "category": r.category, "rule_id": r.rule_id, "evidence": r.evidence,
            }
            if self.record_removed_text:
                entry["text"] = r.text
            removed.append(entry)
        return {"source": result.source, "title": result.title, "removed": removed, "notes": list(result.notes)}

    def _count(self, result: Cleaned) -> None:
        """Update datatrove's stats: blocks removed per category, characters, how it was read."""
        self.stat_update(f"source_{result.source}")
        for category, blocks in Counter(r.category for r in result.removed).items():
            self.stat_update(f"removed_{category}", value=blocks)
        self.stat_update("removed_chars", value=sum(len(r.text) for r in result.removed))


def _url(doc: Document) -> str | None:
    """The document's URL from its metadata (datatrove's readers put it there), if any."""
    url = doc.metadata.get("url")
    return url if isinstance(url, str) else None
