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
