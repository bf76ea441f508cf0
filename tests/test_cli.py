"""The command line: text and record output, bad input as failed records, workers, timeouts, exit codes.

Most tests call ``cli.main(argv)`` in this process. Workers are forked from it (Linux), so a
test can make a document slow by monkeypatching ``cleantext.batch.explain``: the workers
inherit the patch, and nothing in the library reads a test hook.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import batch, cli
from cleantext.options import Options
from cleantext.progress import Progress
from cleantext.records import (
    STATUSES,
    Reading,
    Task,
    Unread,
    input_size,
    json_line,
    jsonl_items,
    jsonl_tasks,
    record,
)

BODY = "The vote passed on Tuesday.\nAdvertisement\nIt takes effect in May."
CLEAN = "The vote passed on Tuesday.\nIt takes effect in May."
SLOW = "SLOW DOCUMENT"

#: Good records, every kind of bad line, an empty text and a record without an id.
LINES = [
    json.dumps({"id": 1, "text": BODY}),
    "not json at all",
    json.dumps({"id": 2}),
    json.dumps({"id": 3, "text": 5}),
    json.dumps({"id": 4, "text": None}),
    "",
    json.dumps([1, 2]),
    json.dumps({"id": "e", "text": "   "}),
    json.dumps({"text": "Hello there, friend. Ünïcödé stays."}),
] + [json.dumps({"id": f"n{i}", "text": f"Paragraph {i} of the story.\nAdvertisement"}) for i in range(12)]


def write_lines(path: Path, lines: list[str], opener=open) -> Path:
    with opener(path, "wb") as f:
        f.write("".join(line + "\n" for line in lines).encode("utf-8"))
    return path


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def batch_file(tmp_path: Path) -> Path:
    return write_lines(tmp_path / "in.jsonl", LINES)


def test_one_record_per_input_line_in_order(batch_file, tmp_path):
    """Every non-blank input line, good or bad, gives exactly one output record, in input order."""
    out = tmp_path / "out.jsonl"
    cli.main(["--jsonl", str(batch_file), "-o", str(out)])
    recs = records(out)
    assert len(LINES) - 1 == len(recs)
    assert [1, None, 2, 3, 4, None, "e", None] + [f"n{i}" for i in range(12)] == [r["id"] for r in recs]


def test_blank_lines_are_skipped(tmp_path):
    """Blank lines (between records, a trailing newline) are no records and no failure."""
    src = tmp_path / "in.jsonl"
    src.write_text("\n" + json.dumps({"id": 1, "text": BODY}) + "\n\n  \n" + json.dumps({"id": 2, "text": BODY}) + "\n\n")
    out = tmp_path / "out.jsonl"
    assert 0 == cli.main(["--jsonl", str(src), "-o", str(out)])
    assert [1, 2] == [r["id"] for r in records(out)]


def test_records_keep_every_input_field(tmp_path):
    """Input fields come back in their order, the text replaced by the clean text, then status and title."""
    src = write_lines(tmp_path / "in.jsonl", [json.dumps({"id": 7, "url": "https://a.example/", "lang": "en",
                                                          "text": BODY, "meta": {"n": [1, 2]}})])
    out = tmp_path / "out.jsonl"
    assert 0 == cli.main(["--jsonl", str(src), "-o", str(out)])
    assert [{"id": 7, "url": "https://a.example/", "lang": "en", "text": CLEAN, "meta": {"n": [1, 2]},
             "status": "ok", "title": None}] == records(out)
    assert ["id", "url", "lang", "text", "meta", "status", "title"] == list(records(out)[0])


def test_output_key_keeps_the_input_text(tmp_path):
    """--output-key writes the clean text under its own key and leaves the input text as it was."""
    src = write_lines(tmp_path / "in.jsonl", [json.dumps({"id": 7, "text": BODY})])
    out = tmp_path / "out.jsonl"
    cli.main(["--jsonl", "--output-key", "clean", str(src), "-o", str(out)])
    assert [{"id": 7, "text": BODY, "clean": CLEAN, "status": "ok", "title": None}] == records(out)


def test_record_text_is_what_clean_returns(batch_file, tmp_path):
    """A good record's text is exactly ``clean()`` of its input text."""
    out = tmp_path / "out.jsonl"
    cli.main(["--jsonl", str(batch_file), "-o", str(out)])
    first = records(out)[0]
    assert {"id": 1, "text": cleantext.clean(BODY), "status": "ok", "title": None} == first
    assert CLEAN == first["text"]


def test_bad_lines_are_failed_records_with_line_numbers(batch_file, tmp_path):
    """Malformed JSON, a missing key, non-string text and a non-object fail with a reason and their line."""
    out = tmp_path / "out.jsonl"
    cli.main(["--jsonl", str(batch_file), "-o", str(out)])
    failed = {r["line"]: r for r in records(out) if r["status"] == "error"}
    assert [2, 3, 4, 5, 7] == sorted(failed)
    assert "malformed JSON" in failed[2]["error"]
    assert "no 'text' key" == failed[3]["error"]
    assert "'text' is int, not a string" == failed[4]["error"]
    assert "'text' is null, not a string" == failed[5]["error"]
    assert "a JSON list, not an object" == failed[7]["error"]
    assert all(r["file"] == str(batch_file) and r["text"] == "" for r in failed.values())


def test_empty_text_is_status_empty(batch_file, tmp_path):
    """A record whose text cleans to nothing is 'empty', a success without an error field."""
    out = tmp_path / "out.jsonl"
    cli.main(["--jsonl", str(batch_file), "-o", str(out)])
    assert {"id": "e", "text": "", "status": "empty", "title": None} == records(out)[6]


def test_serial_and_parallel_output_are_byte_identical(batch_file, tmp_path):
    """--parallel 1 and --parallel 2 write the same bytes on a batch with bad lines."""
    one, two = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    assert 1 == cli.main(["--jsonl", "--explain", str(batch_file), "-o", str(one)])
    assert 1 == cli.main(["--jsonl", "--explain", "--parallel", "2", str(batch_file), "-o", str(two)])
    assert one.read_bytes() == two.read_bytes()


def test_explain_lists_removed_blocks_in_records(batch_file, tmp_path):
    """--explain adds each removed block with its category and rule id."""
    out = tmp_path / "out.jsonl"
    cli.main(["--jsonl", "--explain", str(batch_file), "-o", str(out)])
    removed = records(out)[0]["removed"]
    assert ["Advertisement"] == [r["text"] for r in removed]
    assert "advertisement" == removed[0]["category"] and removed[0]["rule_id"]


def test_explain_for_text_output_goes_to_stderr(tmp_path, capsys):
    """For text output, --explain reports removals on stderr and leaves stdout the clean text."""
    doc = tmp_path / "doc.txt"
    doc.write_text(BODY, encoding="utf-8")
    assert 0 == cli.main([str(doc), "--explain"])
    captured = capsys.readouterr()
    assert CLEAN + "\n" == captured.out
    assert "[advertisement]" in captured.err and "Advertisement" in captured.err


def test_exit_code_zero_when_all_ok_or_empty(tmp_path):
    """Exit status 0 when every record is ok or empty."""
    src = write_lines(tmp_path / "ok.jsonl", [json.dumps({"text": BODY}), json.dumps({"text": ""})])
    assert 0 == cli.main(["--jsonl", str(src), "-o", str(tmp_path / "out.jsonl")])


def test_exit_code_one_when_some_failed(batch_file, tmp_path):
    """Exit status 1 when a record failed, and the other records are still written."""
    out = tmp_path / "out.jsonl"
    assert 1 == cli.main(["--jsonl", str(batch_file), "-o", str(out)])
    assert len(LINES) - 1 == len(records(out))


@pytest.mark.parametrize(
    "argv",
    [
        ["--parallel", "0", "--jsonl", "x"],
        ["--timeout", "0", "--jsonl", "x"],
        ["--max-bytes", "0"],
        ["--text-key", "body", "x"],
        ["--jsonl", "--warc", "x"],
        ["--output-key", "clean", "x"],
        ["--keep", "no_such_category"],
        ["--no-remove-boilerplate", "--keep", "comments"],
        ["--languages", "en,EN"],
    ],
)
def test_usage_errors_exit_two(argv, capsys):
    """Bad flags, contradictory options and unreadable inputs are usage errors: exit status 2."""
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    assert 2 == exit_.value.code
    assert "cleantext: error:" in capsys.readouterr().err


def test_output_over_an_input_is_refused(batch_file, capsys):
    """-o naming one of the inputs is a usage error, and the input is left as it was."""
    before = batch_file.read_bytes()
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--jsonl", str(batch_file), "-o", str(batch_file)])
    assert (2, before) == (exit_.value.code, batch_file.read_bytes())


def test_gzip_and_zstd_input_read_transparently(batch_file, tmp_path):
    """.gz (and .zst, when zstandard is installed) input gives the same records as plain input."""
    plain, packed = tmp_path / "plain.jsonl", tmp_path / "packed.jsonl"
    cli.main(["--jsonl", str(batch_file), "-o", str(plain)])
    gz = write_lines(tmp_path / "in.jsonl.gz", LINES, opener=gzip.open)
    cli.main(["--jsonl", str(gz), "-o", str(packed)])
    strip = [{k: v for k, v in r.items() if k != "file"} for r in records(plain)]
    assert strip == [{k: v for k, v in r.items() if k != "file"} for r in records(packed)]
    zstandard = pytest.importorskip("zstandard")
    zst = tmp_path / "in.jsonl.zst"
    zst.write_bytes(zstandard.ZstdCompressor().compress(batch_file.read_bytes()))
    cli.main(["--jsonl", str(zst), "-o", str(packed)])
    assert strip == [{k: v for k, v in r.items() if k != "file"} for r in records(packed)]


def test_truncated_gzip_is_a_failed_record_not_a_crash(tmp_path):
    """A gzip stream cut short ends in one error record that says where reading stopped."""
    data = gzip.compress("".join(line + "\n" for line in LINES).encode() * 50)
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])
    out = tmp_path / "out.jsonl"
    assert 1 == cli.main(["--jsonl", str(cut), "-o", str(out)])
    last = records(out)[-1]
    assert "error" == last["status"] and "cannot read past line" in last["error"]


def test_max_bytes_reports_too_large(tmp_path):
    """A text over --max-bytes is a 'too_large' record, and the next one is still cleaned."""
    src = write_lines(tmp_path / "in.jsonl", [json.dumps({"id": "big", "text": "x" * 500}), json.dumps({"text": BODY})])
    out = tmp_path / "out.jsonl"
    assert 1 == cli.main(["--jsonl", "--max-bytes", "100", str(src), "-o", str(out)])
    big, small = records(out)
    assert ("too_large", 1) == (big["status"], big["line"])
    assert CLEAN == small["text"]


def test_text_keys_can_be_renamed(tmp_path):
    """--text-key and --id-key choose which input keys hold the document and its id."""
    src = write_lines(tmp_path / "in.jsonl", [json.dumps({"url": "u1", "body": BODY})])
    out = tmp_path / "out.jsonl"
    cli.main(["--jsonl", "--text-key", "body", "--id-key", "url", str(src), "-o", str(out)])
    assert [{"url": "u1", "body": CLEAN, "status": "ok", "title": None}] == records(out)


def test_id_key_is_always_in_the_output(tmp_path):
    """A record without the --id-key, or a line that is no object, gets it as null."""
    src = write_lines(tmp_path / "in.jsonl", [json.dumps({"text": BODY}), "[1]"])
    out = tmp_path / "out.jsonl"
    cli.main(["--jsonl", "--id-key", "doc_id", str(src), "-o", str(out)])
    assert [None, None] == [r["doc_id"] for r in records(out)]


def test_stdin_is_read_when_no_file_is_given(monkeypatch, capsysbinary):
    """With no FILE, the JSONL comes from stdin and the records go to stdout."""
    data = (json.dumps({"id": 7, "text": BODY}) + "\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    assert 0 == cli.main(["--jsonl"])
    assert [{"id": 7, "text": CLEAN, "status": "ok", "title": None}] == [
        json.loads(x) for x in capsysbinary.readouterr().out.splitlines()]


def _slow_explain(doc, *, options=None, url=None, templates=None, discarded=True):
    """explain(), but a document containing SLOW takes far longer than any test timeout."""
    if SLOW in doc:
        time.sleep(30)
    return cleantext.explain(doc, options=options, url=url, templates=templates, discarded=discarded)


#: The patched explain() reaches the workers only when they are forked from this process.
needs_fork = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked only on Linux")


@needs_fork
@pytest.mark.parametrize("parallel", ["1", "2"])
def test_a_slow_document_times_out_and_the_rest_finish(batch_file, tmp_path, monkeypatch, parallel):
    """A document running past --timeout becomes a 'timeout' record; the batch goes on, in order."""
    monkeypatch.setattr(batch, "explain", _slow_explain)
    lines = LINES[:1] + [json.dumps({"id": "slow", "text": SLOW})] + LINES[1:]
    src = write_lines(tmp_path / "slow.jsonl", lines)
    out = tmp_path / "out.jsonl"
    batch.warm_up(Options())  # outside the clock: the first call in a process loads the rules
    start = time.monotonic()
    assert 1 == cli.main(["--jsonl", "--timeout", "1", "--parallel", parallel, str(src), "-o", str(out)])
    assert time.monotonic() - start < 15  # far less than the 30 s the slow document would take
    recs = records(out)
    assert len(lines) - 1 == len(recs)
    assert ("slow", "timeout", 2) == (recs[1]["id"], recs[1]["status"], recs[1]["line"])
    assert CLEAN == recs[0]["text"] and "ok" == recs[-1]["status"]


def _dying_explain(doc, *, options=None, url=None, templates=None, discarded=True):
    """explain(), but the process dies outright on a document containing DIE."""
    if "DIE" in doc:
        os._exit(3)
    return cleantext.explain(doc, options=options, url=url, templates=templates, discarded=discarded)


@needs_fork
def test_a_worker_that_dies_is_replaced(tmp_path, monkeypatch):
    """A worker process that dies mid-document gives that record an error and the rest go on."""
    monkeypatch.setattr(batch, "explain", _dying_explain)
    src = write_lines(tmp_path / "in.jsonl", [json.dumps({"text": t}) for t in ("DIE", BODY, "DIE", BODY)])
    out = tmp_path / "out.jsonl"
    assert 1 == cli.main(["--jsonl", "--parallel", "2", str(src), "-o", str(out)])
    assert ["error", "ok", "error", "ok"] == [r["status"] for r in records(out)]
    assert "exit code 3" in records(out)[0]["error"]


def test_run_reads_a_bounded_window_ahead():
    """run() pulls only a bounded number of documents ahead of what it has yielded: flat memory."""
    pulled = 0

    def endless():
        nonlocal pulled
        while True:
            pulled += 1
            yield Task({"id": pulled}, {}, doc=BODY)

    results = batch.run(endless(), batch.Clean(Options()), parallel=2)
    firsts = [next(results) for _ in range(3)]
    results.close()
    assert [1, 2, 3] == [task.fields["id"] for task, _ in firsts]
    assert pulled <= 3 + 2 * batch.READ_AHEAD_PER_WORKER * batch.CHUNK_ITEMS


def warc_record(headers: dict[str, str], payload: bytes) -> bytes:
    """One gzipped WARC/1.0 record, written by hand as the format specifies."""
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    head += f"Content-Length: {len(payload)}\r\n\r\n"
    return gzip.compress(head.encode() + payload + b"\r\n\r\n")


@pytest.mark.parametrize("from_stdin", [False, True], ids=["file", "stdin"])
def test_warc_records_become_jsonl_with_url_and_id(tmp_path, monkeypatch, from_stdin):
    """HTML and text records of a WARC file (gzip content encoding undone) come out with their URL and
    WARC-Record-ID; other records are skipped."""
    pytest.importorskip("fastwarc")
    date = "2024-01-01T00:00:00Z"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + BODY.encode()
    image = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG"
    wet = "Привет, мир. Это текст.".encode()
    page = b"<html><body><article><p>The vote passed on Tuesday, officials said.</p></article></body></html>"
    zipped = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n" + gzip.compress(page)
    data = b"".join([
        warc_record({"WARC-Type": "warcinfo", "WARC-Record-ID": "<urn:uuid:0>", "WARC-Date": date,
                     "Content-Type": "application/warc-fields"}, b"software: test\r\n"),
        warc_record({"WARC-Type": "response", "WARC-Record-ID": "<urn:uuid:1>", "WARC-Date": date,
                     "WARC-Target-URI": "https://a.example/story", "Content-Type": "application/http; msgtype=response"},
                    http),
        warc_record({"WARC-Type": "response", "WARC-Record-ID": "<urn:uuid:2>", "WARC-Date": date,
                     "WARC-Target-URI": "https://a.example/logo.png", "Content-Type": "application/http; msgtype=response"},
                    image),
        warc_record({"WARC-Type": "conversion", "WARC-Record-ID": "<urn:uuid:3>", "WARC-Date": date,
                     "WARC-Target-URI": "https://b.example/", "Content-Type": "text/plain"}, wet),
        warc_record({"WARC-Type": "response", "WARC-Record-ID": "<urn:uuid:4>", "WARC-Date": date,
                     "WARC-Target-URI": "https://c.example/", "Content-Type": "application/http; msgtype=response"},
                    zipped),
    ])
    src = tmp_path / "crawl.warc.gz"
    src.write_bytes(data)
    if from_stdin:  # a real pipe, which cannot seek or tell, unlike a file
        read_end, write_end = os.pipe()
        os.write(write_end, data)  # small enough for the pipe's buffer
        os.close(write_end)
        monkeypatch.setattr(sys, "stdin", os.fdopen(read_end, "r"))
    out = tmp_path / "out.jsonl"
    assert 0 == cli.main(["--warc", "-" if from_stdin else str(src), "-o", str(out)])
    assert [
        {"id": "<urn:uuid:1>", "url": "https://a.example/story", "text": CLEAN, "status": "ok", "title": None},
        {"id": "<urn:uuid:3>", "url": "https://b.example/", "text": wet.decode(), "status": "ok", "title": None},
        {"id": "<urn:uuid:4>", "url": "https://c.example/", "text": cleantext.clean(page), "status": "ok",
         "title": cleantext.explain(page).title},
    ] == records(out)


def test_a_file_that_is_not_warc_is_a_failed_record(tmp_path):
    """Bytes that are not WARC give one error record naming the file and offset, and exit status 1."""
    pytest.importorskip("fastwarc")
    src = tmp_path / "junk.warc"
    src.write_bytes(b"this is not a WARC file\r\n" * 10)
    out = tmp_path / "out.jsonl"
    assert 1 == cli.main(["--warc", str(src), "-o", str(out)])
    [rec] = records(out)
    assert ("error", str(src), 0) == (rec["status"], rec["file"], rec["offset"])


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_drawn_only_on_a_terminal():
    """The progress bar appears on a terminal and nowhere else."""
    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        progress = Progress(None, stream)
        progress.update(True)
        progress.update(False)
        progress.close(finished=True)
    assert "2 docs, 1 failed" in tty.getvalue()
    assert "" == pipe.getvalue()


def test_progress_has_a_total_rate_and_eta_when_the_size_is_known():
    """With the input size known the bar runs over bytes: percentage, total, rate and time left."""
    tty = Tty()
    progress = Progress(4096, tty)
    progress.update(True, read=1024)
    progress.update(True, read=4096)
    progress.close(finished=True)
    last = tty.getvalue().split("\r")[-1]
    assert "100%" in last and "4.00k/4.00k" in last and "B/s" in last and "<00:00" in last
    assert "2 docs, 0 failed" in last


def test_input_size_is_known_for_files_only(tmp_path):
    """The progress total is the files' size; with stdin among the inputs there is none."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(b"x" * 10)
    b.write_bytes(b"y" * 5)
    assert (15, None) == (input_size([str(a), str(b)]), input_size([str(a), "-"]))


def test_python_dash_m_exit_codes(tmp_path):
    """The installed entry point exits 0 on good input and 2 on a usage error."""
    doc = tmp_path / "doc.txt"
    doc.write_text(BODY, encoding="utf-8")
    ok = subprocess.run([sys.executable, "-m", "cleantext", str(doc)], capture_output=True, text=True, check=False)
    assert (0, CLEAN + "\n") == (ok.returncode, ok.stdout)
    bad = subprocess.run([sys.executable, "-m", "cleantext", "--parallel", "x"], capture_output=True, text=True,
                         check=False)
    assert 2 == bad.returncode


def test_every_option_has_a_flag_of_the_same_name():
    """Each Options field is set by the CLI flag spelled like it, and back again."""
    import dataclasses

    flags = {a.dest for a in cli.parser()._actions}
    fields = {f.name for f in dataclasses.fields(Options)}
    assert set() == fields - flags
    assert Options() == cli.options_from(cli.parser().parse_args([]))


def _docs_script():
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "docs" / "make_cli_md.py"
    spec = importlib.util.spec_from_file_location("make_cli_md", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_page_shows_the_current_help():
    """docs/cli.md embeds exactly what --help prints now (regenerate: python docs/make_cli_md.py)."""
    docs = _docs_script()
    page = docs.PAGE.read_text(encoding="utf-8")
    if docs.page_version(page) != docs.python_version():
        pytest.skip(f"argparse layout differs: the page was rendered by Python {docs.page_version(page)}")
    assert docs.updated(page) == page


@pytest.mark.parametrize(
    ("module", "extra", "argv"),
    [("fastwarc.warc", "warc", ["--warc", "{src}"]), ("zstandard", "zstd", ["--jsonl", "{zst}"])],
)
def test_a_missing_optional_package_is_a_usage_error_naming_the_extra(module, extra, argv, tmp_path, monkeypatch, capsys):
    """--warc without fastwarc, or zstd input without zstandard, exits 2 and says which extra to install."""
    src = write_lines(tmp_path / "in.jsonl", LINES[:1])
    zst = tmp_path / "in.jsonl.zst"
    zst.write_bytes(b"\x28\xb5\x2f\xfd" + b"\x00" * 8)
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` raise ImportError
    with pytest.raises(SystemExit) as exit_:
        cli.main([a.format(src=src, zst=zst) for a in argv])
    assert 2 == exit_.value.code
    assert f"pip install '.[{extra}]'" in capsys.readouterr().err


def test_text_output_reports_a_failed_document_on_stderr(tmp_path, capsysbinary):
    """For text output a failed document is named on stderr, the others are written, and the exit status is 1."""
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text(BODY, encoding="utf-8")
    big.write_text("x" * 1000, encoding="utf-8")
    assert 1 == cli.main([str(big), str(small), "--max-bytes", "100"])
    captured = capsysbinary.readouterr()
    assert (CLEAN + "\n").encode() == captured.out
    assert f"{big}: too_large:".encode() in captured.err


_JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                            max_leaves=6)
_LINES = st.one_of(
    st.binary(max_size=40).map(lambda b: b.replace(b"\n", b" ")),
    st.dictionaries(st.sampled_from(["id", "text", "other"]), _JSON_VALUES, max_size=3).map(
        lambda d: json.dumps(d).encode()),
    st.builds(lambda t, i: json.dumps({"id": i, "text": t}).encode(), st.text(max_size=60), _JSON_VALUES),
)


#: A file that starts like gzip or zstd is read as compressed (a corrupt one is one error record).
_MAGIC = (b"\x1f\x8b", b"\x28\xb5\x2f\xfd")


@settings(max_examples=40, deadline=None)
@given(st.lists(_LINES, min_size=1, max_size=8).filter(lambda lines: not lines[0].startswith(_MAGIC)))
def test_any_jsonl_bytes_give_one_valid_record_per_line(lines):
    """Whatever bytes a non-blank line holds, it gives exactly one record, with a known status, that is valid JSON."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_bytes(b"".join(line + b"\n" for line in lines))
        outs = [json_line(record(task, outcome, explain=False))
                for task, outcome in batch.run(jsonl_tasks([str(src)], "text", "id", None), batch.Clean(Options()))]
    assert sum(1 for line in lines if line.strip()) == len(outs)
    assert all(json.loads(out)["status"] in STATUSES for out in outs)


def test_a_missing_path_among_three_is_one_failed_document(tmp_path, capsysbinary):
    """A missing file is named on stderr, the two others are written, and the exit status is 1."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(BODY, encoding="utf-8")
    b.write_text("Another story entirely, told in one line.", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    assert 1 == cli.main([str(a), str(missing), str(b)])
    captured = capsysbinary.readouterr()
    assert (CLEAN + "\n\nAnother story entirely, told in one line.\n").encode() == captured.out
    assert f"cleantext: {missing}: error: cannot read: No such file or directory".encode() in captured.err


def test_a_missing_jsonl_file_is_one_failed_record(batch_file, tmp_path):
    """Among JSONL inputs, a missing file gives one error record naming it; the others are cleaned."""
    good = write_lines(tmp_path / "good.jsonl", [json.dumps({"id": "g", "text": BODY})])
    missing = tmp_path / "missing.jsonl"
    out = tmp_path / "out.jsonl"
    assert 1 == cli.main(["--jsonl", str(good), str(missing), str(good), "-o", str(out)])
    recs = records(out)
    assert ["ok", "error", "ok"] == [r["status"] for r in recs]
    assert {"id": None, "text": "", "status": "error", "title": None,
            "error": "cannot read: No such file or directory", "file": str(missing)} == recs[1]


def test_a_missing_warc_file_is_one_failed_record(tmp_path):
    """With --warc, a missing file gives one error record naming it."""
    pytest.importorskip("fastwarc")
    out = tmp_path / "out.jsonl"
    missing = tmp_path / "missing.warc.gz"
    assert 1 == cli.main(["--warc", str(missing), "-o", str(out)])
    [rec] = records(out)
    assert ("error", str(missing)) == (rec["status"], rec["file"])


def test_a_directory_is_read_recursively(tmp_path, capsysbinary):
    """A directory stands for the files under it, in sorted order, hidden ones skipped."""
    root = tmp_path / "docs"
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "b.txt").write_text("Second story, in the top folder.", encoding="utf-8")
    (root / "sub" / "c.txt").write_text("Third story, in the sub folder.", encoding="utf-8")
    (root / "a.txt").write_text("First story, in the top folder.", encoding="utf-8")
    (root / ".hidden" / "x.txt").write_text("Hidden story.", encoding="utf-8")
    (root / ".y.txt").write_text("Hidden file.", encoding="utf-8")
    assert 0 == cli.main([str(root)])
    assert (b"First story, in the top folder.\n\nSecond story, in the top folder.\n\n"
            b"Third story, in the sub folder.\n") == capsysbinary.readouterr().out


def test_several_text_files_are_separated_by_a_blank_line(tmp_path, capsysbinary):
    """Each document's text ends with a newline and a blank line comes between documents."""
    paths = []
    for i, text in enumerate(["One.\nTwo lines.", "Three.", "Advertisement", "Four."]):
        path = tmp_path / f"{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    assert 0 == cli.main(paths)
    assert b"One.\nTwo lines.\n\nThree.\n\nFour.\n" == capsysbinary.readouterr().out


BINARIES = {
    "elf": b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4,
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64),
    "zip": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(64),
    "gzip": gzip.compress(BODY.encode()),
    "random": __import__("random").Random(5).randbytes(4096),
}


@pytest.mark.parametrize("data", BINARIES.values(), ids=BINARIES.keys())
def test_binary_input_is_not_text(data):
    """Executables, documents, images, archives, compressed and random bytes: no text, a note why."""
    report = cleantext.explain(data)
    assert ("", "not_text", ()) == (report.text, report.source, report.blocks)
    assert report.notes[0].startswith("not text: ")


def test_not_text_records_and_text_output(tmp_path, capsys):
    """A binary JSONL text and a binary file get status not_text, with the reason, and exit status 0."""
    src = write_lines(tmp_path / "in.jsonl", [json.dumps({"id": 1, "text": BINARIES["random"].decode("latin-1")})])
    out = tmp_path / "out.jsonl"
    assert 0 == cli.main(["--jsonl", str(src), "-o", str(out)])
    [rec] = records(out)
    assert ("not_text", "") == (rec["status"], rec["text"])
    assert rec["error"].startswith("not text: binary")
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(BINARIES["pdf"])
    assert 0 == cli.main([str(pdf)])
    captured = capsys.readouterr()
    assert ("", f"cleantext: {pdf}: not_text: not text: a PDF document\n") == (captured.out, captured.err)


HEADLINE_PAGE = (
    "<html><head><title>Bridge reopens after repairs - City News</title></head><body><article>"
    "<h1>Bridge reopens after repairs</h1>"
    "<p>The old bridge over the river reopened on Monday after two years of repairs, officials said.</p>"
    "<p>Traffic is expected to return to normal levels within a week, the council added.</p>"
    "</article></body></html>"
)


def test_records_carry_the_title(tmp_path):
    """An HTML record's title comes back in the record; --prepend-title also puts it in the text."""
    src = write_lines(tmp_path / "in.jsonl", [json.dumps({"id": 1, "text": HEADLINE_PAGE})])
    out = tmp_path / "out.jsonl"
    cli.main(["--jsonl", str(src), "-o", str(out)])
    [rec] = records(out)
    title = cleantext.explain(HEADLINE_PAGE).title
    assert title and (rec["title"], rec["text"]) == (title, cleantext.clean(HEADLINE_PAGE))
    cli.main(["--jsonl", "--prepend-title", str(src), "-o", str(out)])
    assert f"{title}\n{rec['text']}" == records(out)[0]["text"]


def test_bad_language_code_exits_two_naming_the_known_ones(capsys):
    """--languages with an unknown code is a usage error that lists the valid codes."""
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--languages", "EN"])
    assert 2 == exit_.value.code
    assert "unknown languages: ['EN']; known: ['ar', 'cs'" in capsys.readouterr().err


def test_an_outcome_with_an_unknown_status_is_refused():
    """Every record's status is one of STATUSES: an Outcome with another raises ValueError."""
    from cleantext.records import Outcome

    with pytest.raises(ValueError, match="'done'"):
        Outcome("done")


@pytest.mark.parametrize("flags", [["--parallel", "2"], ["--timeout", "5"]])
def test_a_run_of_unreadable_lines_longer_than_the_read_ahead_does_not_stall(tmp_path, flags):
    """More malformed lines in a row than the workers read ahead: each is an error, the batch goes on."""
    lines = ["not json"] * (2 * batch.READ_AHEAD_PER_WORKER * 2 + 1) + [json.dumps({"id": 1, "text": CLEAN})]
    src = write_lines(tmp_path / "bad.jsonl", lines)
    out = tmp_path / "out.jsonl"
    assert 1 == cli.main(["--jsonl", *flags, str(src), "-o", str(out)])
    assert ["error"] * (len(lines) - 1) + ["ok"] == [r["status"] for r in records(out)]


def test_a_plain_file_hands_on_places_and_a_compressed_one_bytes(tmp_path):
    """Lines of a plain JSONL file go out as (offset, length), which read back as the line; gzip lines as bytes."""
    plain = write_lines(tmp_path / "in.jsonl", LINES)
    packed = write_lines(tmp_path / "in.jsonl.gz", LINES, opener=gzip.open)
    spans = [item for item in jsonl_items([str(plain)], "id") if isinstance(item, Unread)]
    lines = [item for item in jsonl_items([str(packed)], "id") if isinstance(item, Unread)]
    assert [None] * len(spans) == [item.line for item in spans]
    data = plain.read_bytes()
    assert [item.line for item in lines] == [data[start:start + size] for start, size in (i.span for i in spans)]


def test_a_file_cut_short_during_the_run_is_a_failed_record(tmp_path):
    """A line whose place no longer holds it (the file shrank after it was read) is an error record, not a crash."""
    src = write_lines(tmp_path / "in.jsonl", LINES)
    items = list(jsonl_items([str(src)], "id"))
    src.write_bytes(b"")
    task = Reading().task(items[-1])
    assert ("error", None, len(LINES)) == (task.outcome.status, task.fields["id"], task.where["line"])
