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

Site templates take two stages (docs/templates.md): ``LearnTemplates(folder)`` learns from
every document with a ``url`` in its metadata and writes one templates file per task;
``CleantextFilter(templates=folder)`` merges them (the result does not depend on how the
documents were split into tasks) and cleans with them.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import partial

from cleantext.model import Cleaned
from cleantext.options import DEFAULT, Options
from cleantext.pipeline import NOT_TEXT, explain
from cleantext.templates import Templates

try:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.io import DataFolderLike, get_datafolder
    from datatrove.pipeline.base import PipelineStep
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
        templates: DataFolderLike | None = None,
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
        #: The folder LearnTemplates wrote (loaded when the step runs, in its worker).
        self.templates = templates
        self._templates: Templates | None = None
        self._sandbox: ExtractorSandbox | None = None

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """datatrove's filter loop; with a ``timeout``, around a worker process that cleans."""
        if self.templates is not None and self._templates is None:
            self._templates = load_templates(self.templates)
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
            result = explain(doc.text, options=self.options, url=_url(doc), templates=self._templates, discarded=False)
        else:
            try:
                clean = partial(explain, options=self.options, url=_url(doc), templates=self._templates)
                result = self._sandbox.process_document(doc.text, clean)
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


class LearnTemplates(PipelineStep):
    """Learn site templates from each document with a ``url`` in its metadata (its site is
    the URL's registered domain) and write them to ``output_folder`` as
    ``<rank>.templates`` when the task ends. Documents pass through unchanged, so the step
    can sit in a pipeline that goes on; ``CleantextFilter(templates=output_folder)`` reads
    what every task wrote. Stats: ``learned`` and ``no_url`` count the documents.
    """

    name = "🧹 cleantext templates"

    def __init__(self, output_folder: DataFolderLike, options: Options | None = None) -> None:
        super().__init__()
        self.output_folder = get_datafolder(output_folder)
        self.options = DEFAULT if options is None else options

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        templates = Templates()
        for doc in data:
            with self.track_time():
                learned = templates.learn(doc.text, url=_url(doc), options=self.options)
            self.stat_update("learned" if learned else "no_url")
            yield doc
        with self.output_folder.open(f"{rank:05d}.templates", "wt", encoding="utf-8") as out:
            out.write(json.dumps(templates.to_dict(), ensure_ascii=False))


def load_templates(folder: DataFolderLike) -> Templates:
    """Every ``*.templates`` file LearnTemplates wrote into ``folder``, merged into one."""
    data = get_datafolder(folder)
    merged = Templates()
    for name in sorted(data.list_files(glob_pattern="*.templates")):
        with data.open(name, "rt", encoding="utf-8") as handle:
            merged.merge(Templates.from_dict(json.load(handle)))
    return merged


def _url(doc: Document) -> str | None:
    """The document's URL from its metadata (datatrove's readers put it there), if any."""
    url = doc.metadata.get("url")
    return url if isinstance(url, str) else None
