"""The outlet naming itself: names from the page and the URL, and the signal they give."""

import json

import pytest

import cleantext
from cleantext import cli, outlet

BODY = (
    "The Senate passed the reform on Friday by a wide margin after a long debate.\n"
    "It now goes to the president, who is expected to sign it next week."
)
#: A bare notice (weight 2) with a line after it that only the outlet's name marks.
TAIL = "© 2026 Riverside Gazette\nRiverside Gazette, 12 Harbour Road, Riverside"
URL = "https://www.riversidegazette.com/news/reform"


@pytest.mark.parametrize(
    ("site_names", "url", "expected"),
    [
        ((), URL, ("riversidegazette",)),
        (("The Herald",), "https://m.heraldnews.co.uk/a", ("the herald", "heraldnews")),
        (("AP",), None, ()),
        ((), "not a url", ()),
    ],
)
def test_names_come_from_the_page_and_the_url(site_names, url, expected):
    """Site names casefolded, the URL's domain label without prefixes and suffixes; short ones dropped."""
    assert expected == outlet.names(site_names, url)


def test_a_block_naming_the_outlet_confirms_a_tail_region():
    """With the URL, the address line that names the outlet confirms the bare notice before it."""
    doc = f"{BODY}\n{TAIL}"
    assert doc == cleantext.clean(doc)
    result = cleantext.explain(doc, url=URL)
    assert BODY == result.text
    assert "signal.outlet_name" in result.removed[-1].evidence


def test_a_long_paragraph_naming_the_outlet_is_no_signal():
    """A paragraph of the article that names the outlet says nothing about it."""
    text = " ".join(["The Riverside Gazette reported on the vote"] * 10)
    assert outlet.hit(text.casefold(), len(text.split()), ("riverside gazette",)) is None


def test_jsonl_records_pass_their_url(tmp_path):
    """The CLI gives each JSONL record's url to the classifier."""
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps({"id": 1, "url": URL, "text": f"{BODY}\n{TAIL}"}) + "\n", encoding="utf-8")
    assert 0 == cli.main(["--jsonl", str(src), "-o", str(out)])
    assert BODY == json.loads(out.read_text(encoding="utf-8"))["text"]
