"""The datatrove step: run by datatrove's local executor, it gives what clean() gives."""

import json
import pickle

import pytest

pytest.importorskip("datatrove", reason="datatrove is not installed: pip install '.[datatrove]'")
pytest.importorskip("orjson", reason="datatrove's JSONL reader and writer need orjson (datatrove extra)")

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

import cleantext
from cleantext import Options
from cleantext.datatrove import EMPTY, CleantextFilter

ARTICLE = (
    "The council voted on Tuesday to extend the night bus service to the harbour district.\n"
    "Advertisement\n"
    "Residents had asked for the change since the ferry terminal reopened last spring."
)

#: Two input files, so each of the two tasks reads one. Record "e" has no text (the reader
#: skips it), "f" is nothing but boilerplate (the step drops it).
SHARDS = {
    "part-0.jsonl": [
        {"id": "a", "text": ARTICLE, "url": "https://example.org/a"},
        {"id": "b", "text": "A plain paragraph with nothing to remove.\nAnd a second line of body text."},
        {"id": "e", "text": ""},
    ],
    "part-1.jsonl": [
        {"id": "c", "text": ARTICLE.replace("Tuesday", "Friday") + "\nAdvertisement"},
        {"id": "d", "text": "Caf\u00e9 owners  welcomed the \u201cnew\u201d timetable.\u00ad"},
        {"id": "f", "text": "Advertisement"},
    ],
}


def _write_inputs(folder):
    folder.mkdir()
    for name, records in SHARDS.items():
        (folder / name).write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def _read_outputs(folder):
    docs = {}
    for path in folder.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            docs[rec["id"]] = rec
    return docs


def _inputs():
    return {r["id"]: r["text"] for records in SHARDS.values() for r in records if r["text"]}


def _total(stat):
    """A stat from stats.json: datatrove writes a bare number when the dict would hold only its total."""
    return stat if isinstance(stat, (int, float)) else stat["total"]


def _cuts(removed):
    return [(r["category"], r["rule_id"]) for r in removed]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Run reader -> CleantextFilter -> writer with 2 tasks on 2 workers; return the folders."""
    root = tmp_path_factory.mktemp("datatrove")
    _write_inputs(root / "in")
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(root / "in")),
            CleantextFilter(exclusion_writer=JsonlWriter(str(root / "dropped"), compression=None)),
            JsonlWriter(str(root / "out"), compression=None),
        ],
        tasks=2,
        workers=2,
        logging_dir=str(root / "logs"),
    )
    executor.run()
    return root


def test_every_output_document_is_clean_of_its_input(run):
    """Each written document's text equals cleantext.clean() of the text read."""
    out = _read_outputs(run / "out")
    expected = {i: cleantext.clean(text) for i, text in _inputs().items()}
    assert {i: t for i, t in expected.items() if t} == {i: rec["text"] for i, rec in out.items()}


def test_removal_metadata_matches_explain(run):
    """Each written document carries the categories and rule ids explain() reports."""
    out = _read_outputs(run / "out")
    inputs = _inputs()
    for i, rec in out.items():
        report = cleantext.explain(inputs[i])
        meta = rec["metadata"]["cleantext"]
        assert [(r.category, r.rule_id) for r in report.removed] == _cuts(meta["removed"])
        assert report.source == meta["source"]
    assert any(rec["metadata"]["cleantext"]["removed"] for rec in out.values()), "no document had a cut"


def test_reader_metadata_is_kept(run):
    """Fields the reader put in metadata (here the url) pass through the step."""
    assert "https://example.org/a" == _read_outputs(run / "out")["a"]["metadata"]["url"]


def test_empty_body_is_dropped_with_its_reason(run):
    """A boilerplate-only document goes to the exclusion writer, original text and reason kept."""
    dropped = _read_outputs(run / "dropped")
    expected = {i: text for i, text in _inputs().items() if not cleantext.clean(text)}
    assert expected, "the inputs should include a document with no body"
    assert expected == {i: rec["text"] for i, rec in dropped.items()}
    assert all(EMPTY == rec["metadata"]["filter_reason"] for rec in dropped.values())
    assert all(rec["metadata"]["cleantext"]["removed"] for rec in dropped.values())


def test_stats_count_removed_blocks_per_category(run):
    """The merged stats count every removed block under removed_<category>, and the drops."""
    stats = json.loads((run / "logs" / "stats.json").read_text(encoding="utf-8"))
    step = next(s for s in stats if s["name"] == str(CleantextFilter()))["stats"]
    reports = [cleantext.explain(text) for text in _inputs().values()]
    per_category: dict[str, int] = {}
    for report in reports:
        for r in report.removed:
            per_category[r.category] = per_category.get(r.category, 0) + 1
    assert per_category
    for category, blocks in per_category.items():
        assert blocks == _total(step[f"removed_{category}"])
    assert sum(not r.text for r in reports) == _total(step[f"dropped_{EMPTY}"])


def test_step_pickles_with_its_options():
    """The step survives pickling (executors ship it to other processes) with its settings."""
    step = CleantextFilter(Options(keep_quotes=True), metadata_key="ct", record_removed_text=True)
    copy = pickle.loads(pickle.dumps(step))
    assert (step.options, "ct", True) == (copy.options, copy.metadata_key, copy.record_removed_text)


def test_options_reach_clean():
    """The step cleans with the Options it was given, input_format included."""
    options = Options(keep_quotes=True, input_format="text")
    text = "<p>Quoted \u201cwords\u201d stay curly.</p>\n<p>Second</p>\n<div>Third</div>"
    doc = Document(text=text, id="q")
    CleantextFilter(options).filter(doc)
    assert cleantext.clean(text, options=options) == doc.text
    assert "text" == doc.metadata["cleantext"]["source"]


def test_removed_text_is_recorded_on_request():
    """record_removed_text stores each removed block's text beside its category."""
    doc = Document(text=ARTICLE, id="a")
    CleantextFilter(record_removed_text=True, metadata_key="ct").filter(doc)
    expected = [r.text for r in cleantext.explain(ARTICLE).removed]
    assert expected == [r["text"] for r in doc.metadata["ct"]["removed"]]


def test_metadata_is_plain_json():
    """The metadata written is JSON as it is, so any datatrove writer can store it."""
    doc = Document(text=ARTICLE, id="a")
    CleantextFilter().filter(doc)
    assert doc.metadata == json.loads(json.dumps(doc.metadata))


def test_options_must_be_options():
    """A dict or other object in place of Options is a TypeError at construction."""
    with pytest.raises(TypeError):
        CleantextFilter({"keep_quotes": True})  # type: ignore[arg-type]


def test_title_is_in_the_metadata():
    """The title explain() finds is recorded beside the cuts."""
    page = ("<html><head><title>Bridge reopens - City News</title></head><body><article><h1>Bridge reopens</h1>"
            "<p>The old bridge over the river reopened on Monday after two years of repairs, officials said.</p>"
            "</article></body></html>")
    doc = Document(text=page, id="t")
    CleantextFilter().filter(doc)
    assert cleantext.explain(page).title == doc.metadata["cleantext"]["title"]


def test_binary_text_is_dropped_as_not_text():
    """A document whose text is binary is dropped with the reason not_text."""
    doc = Document(text="\x00\x01\x02\x03 binary \x04\x05" * 100, id="b")
    assert (False, "not_text") == CleantextFilter().filter(doc)
    assert "not_text" == doc.metadata["cleantext"]["source"]


def _slow_explain(doc, *, options=None, url=None, templates=None, discarded=True):
    """explain(), but a document containing SLOW takes far longer than the test's timeout."""
    if "SLOW" in doc:
        import time

        time.sleep(30)
    return cleantext.explain(doc, options=options, url=url, templates=templates, discarded=discarded)


def test_timeout_drops_a_slow_document_and_goes_on(monkeypatch):
    """With a timeout, a document that runs over is dropped as 'timeout'; the next ones are cleaned."""
    import sys
    import time

    if not sys.platform.startswith("linux"):
        pytest.skip("the patched explain() reaches the worker only when it is forked")
    import cleantext.datatrove as step_module

    monkeypatch.setattr(step_module, "explain", _slow_explain)
    docs = [Document(text=ARTICLE, id="a"), Document(text="SLOW", id="slow"), Document(text=ARTICLE, id="c")]
    step = CleantextFilter(timeout=2)
    start = time.monotonic()
    kept = list(step.run(iter(docs)))
    assert time.monotonic() - start < 20
    assert ["a", "c"] == [doc.id for doc in kept]
    assert [cleantext.clean(ARTICLE)] * 2 == [doc.text for doc in kept]
    assert 1 == step.stats["dropped_timeout"].total


def test_timeout_must_be_positive():
    """A zero or negative timeout is refused when the step is built."""
    with pytest.raises(ValueError):
        CleantextFilter(timeout=0)


def test_templates_learned_in_one_stage_cut_the_appeal_in_the_next(tmp_path):
    """LearnTemplates over two tasks, then CleantextFilter(templates=...): each page comes
    back as its body, exactly as clean() gives with templates learned in one process."""
    from cleantext.datatrove import LearnTemplates
    from tests.test_templates import pages

    site = pages()
    (tmp_path / "in").mkdir()
    for part in range(2):
        lines = [json.dumps({"id": str(n), "text": text, "url": f"https://uudised.ee/{n}"})
                 for n, (_, text) in enumerate(site) if n % 2 == part]
        (tmp_path / "in" / f"part-{part}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    LocalPipelineExecutor(
        pipeline=[JsonlReader(str(tmp_path / "in")), LearnTemplates(str(tmp_path / "templates"))],
        tasks=2, workers=1, logging_dir=str(tmp_path / "logs-learn"),
    ).run()
    LocalPipelineExecutor(
        pipeline=[JsonlReader(str(tmp_path / "in")), CleantextFilter(templates=str(tmp_path / "templates")),
                  JsonlWriter(str(tmp_path / "out"), compression=None)],
        tasks=2, workers=1, logging_dir=str(tmp_path / "logs-clean"),
    ).run()
    out = _read_outputs(tmp_path / "out")
    assert ({k: v["text"] for k, v in out.items()}, len(list((tmp_path / "templates").glob("*.templates")))) == (
        {str(n): "\n".join(body) for n, (body, _) in enumerate(site)}, 2
    )
