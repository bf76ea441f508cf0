"""The public API: types in and out, options, and the explain/clean agreement."""

import pickle

import pytest

import cleantext
from cleantext import Options


@pytest.mark.parametrize("bad", [None, 3, 1.5, ["text"], {"text": "x"}, object()])
def test_other_types_raise_type_error(bad):
    """Anything but str or bytes is a TypeError, None included."""
    with pytest.raises(TypeError):
        cleantext.clean(bad)


@pytest.mark.parametrize("doc", ["", "   ", "\n\n", b"", b"\x00", "x"])
def test_tiny_inputs_return_a_string(doc):
    """Empty and near-empty input gives a str, never None."""
    assert isinstance(cleantext.clean(doc), str)


def test_bytearray_is_treated_as_bytes():
    """bytearray and memoryview are accepted like bytes."""
    assert "Hello there." == cleantext.clean(bytearray(b"Hello there."))


def test_options_are_frozen_and_keyword_only():
    """Options cannot be changed after creation or built positionally."""
    opts = Options()
    with pytest.raises(AttributeError):
        opts.keep_quotes = True  # type: ignore[misc]
    with pytest.raises(TypeError):
        Options("html")  # type: ignore[misc]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"input_format": "pdf"},
        {"keep": frozenset({"weather"})},
        {"keep": frozenset({"comments"}), "remove_boilerplate": False},
        {"languages": frozenset()},
        {"rule_timeout": 0},
        {"encoding": "no-such-codec"},
    ],
)
def test_contradictory_or_unknown_options_raise_value_error(kwargs):
    """Bad option values are refused when the Options is made."""
    with pytest.raises(ValueError):
        Options(**kwargs)


def test_keep_category_keeps_those_blocks():
    """keep={'advertisement'} leaves ad labels in the text."""
    doc = "The vote passed on Tuesday.\nAdvertisement\nIt takes effect in May."
    assert doc == cleantext.clean(doc, options=Options(keep=frozenset({"advertisement"})))


def test_remove_boilerplate_off_labels_but_keeps():
    """With remove_boilerplate=False nothing is dropped, but labels still say what is boilerplate."""
    doc = "The vote passed on Tuesday.\nAdvertisement\nIt takes effect in May."
    result = cleantext.explain(doc, options=Options(remove_boilerplate=False))
    assert doc == result.text
    assert "advertisement" == result.labels[1].category


def test_result_is_frozen_and_picklable():
    """An explain() result can be pickled and compared."""
    result = cleantext.explain("Some text here.\nAdvertisement")
    assert result == pickle.loads(pickle.dumps(result))


def test_inserted_single_lines_are_removed_alone():
    """Advertisement and read-more lines inside the body go; the paragraphs around them stay."""
    doc = (
        "The council approved the budget on Tuesday after months of debate.\n"
        "Advertisement\n"
        "Officials said spending on roads would rise by four percent next year."
    )
    result = cleantext.explain(doc)
    assert [1] == [r.block for r in result.removed]


@pytest.mark.parametrize("keep", [{"comments"}, ["comments"], ("comments",), frozenset({"comments"}), iter(["comments"])])
def test_keep_takes_any_iterable_of_names(keep):
    """A set, list, tuple, frozenset or iterator of categories is stored as a frozenset."""
    assert frozenset({"comments"}) == Options(keep=keep).keep


def test_languages_take_a_set_and_reject_unknown_codes():
    """Options(languages={"en"}) works; {"EN"} raises naming the valid codes."""
    assert frozenset({"en", "de"}) == Options(languages={"en", "de"}).languages
    with pytest.raises(ValueError, match=r"unknown languages: \['EN'\]; known: \['ar', 'cs', 'da', 'de'"):
        Options(languages={"EN"})


@pytest.mark.parametrize("kwargs", [{"keep": "comments"}, {"languages": "en"}, {"keep": [1]}, {"languages": 5}])
def test_a_lone_string_or_non_strings_raise(kwargs):
    """keep="comments" would be a set of letters: a ValueError, like non-string names."""
    with pytest.raises(ValueError):
        Options(**kwargs)


def test_options_with_sets_are_hashable_and_equal():
    """Sets are stored as frozensets, so two equal Options hash alike."""
    assert hash(Options(keep={"comments"})) == hash(Options(keep=["comments"]))


PAGE = (
    b"<html><head><title>Bridge reopens after repairs - City News</title></head><body><article>"
    b"<h1>Bridge reopens after repairs</h1>"
    b"<p>The old bridge over the river reopened on Monday after two years of repairs, officials said.</p>"
    b"<p>Traffic is expected to return to normal levels within a week, the council added.</p>"
    b"</article></body></html>"
)


def test_prepend_title_puts_the_title_first():
    """prepend_title puts explain().title as the first line, once, and only when there is a body."""
    report = cleantext.explain(PAGE)
    assert report.title and not report.text.startswith(report.title)
    prepended = cleantext.clean(PAGE, options=Options(prepend_title=True))
    assert f"{report.title}\n{report.text}" == prepended
    kept = Options(prepend_title=True, keep={"title"})
    assert 1 == cleantext.clean(PAGE, options=kept).split("\n").count(report.title)
    assert "" == cleantext.clean("Advertisement", options=Options(prepend_title=True))


def test_plain_text_title_is_a_first_line_cut_as_title():
    """For plain text, Cleaned.title is the first block the classifier labelled title, else None."""
    text = "Bridge reopens after repairs\nBridge reopens after repairs\nThe old bridge reopened on Monday, officials said."
    report = cleantext.explain(text)
    titles = [r.text for r in report.removed if r.category == "title"]
    assert (titles[0] if titles else None) == report.title
    assert cleantext.explain("Just one line of body text here.").title is None


def test_license_file_matches_pyproject():
    """The Apache-2.0 license pyproject.toml names is at the root of the repository."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    assert 'license = "Apache-2.0"' in (root / "pyproject.toml").read_text(encoding="utf-8")
    assert "Apache License\n                           Version 2.0" in (root / "LICENSE").read_text(encoding="utf-8")


def test_page_text_quoting_markup_is_cleaned_as_text():
    """A page's visible text with an ad's script printed in it is still text: read as HTML,
    the extractor would find no article in it. The leaked markup line is cut, the rest stays.
    A fragment whose lines are tags, or any text with a page's own structure, is HTML."""
    article = [
        "The ferry company added a late crossing on Fridays after a summer of full boats.",
        "Tickets for the new sailing go on sale next week, the company said on Monday.",
        "Residents of the island asked for the change at a meeting in the spring.",
    ]
    leaked = "<script src='https://ads.example.net/show.js'></script><noscript><a href='/c'><img src='/i.gif'></a></noscript>"
    page = ["Home", "News", "Sport", "Weather", leaked, *article, "About us", "Contact"]
    report = cleantext.explain("\n".join(page))
    assert report.source == "text"
    assert all(line in report.text.splitlines() for line in article)
    assert [r.rule_id for r in report.removed if r.text == leaked] == ["navigation.any.leaked_markup"]
    assert cleantext.explain("<div><p>" + "</p><p>".join(article) + "</p></div>").source == "html"
    assert cleantext.explain("Saved page\n<title>Ferry</title>\n" + leaked + "\n" + "\n".join(article)).source == "html"


def test_a_block_pickles_with_every_field():
    """Blocks pickle as their fields (model.Block.__reduce__): none is left behind."""
    from cleantext.model import Block

    block = Block(3, "A line.", (10, 17), "li", 0.5, frozenset({"aside"}), "walked")
    assert block == pickle.loads(pickle.dumps(block))
