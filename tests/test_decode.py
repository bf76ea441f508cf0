"""Decoding bytes: BOM, declared charset, valid UTF-8, detection; the report says which and why."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleantext
from cleantext.decode import decode

RUSSIAN = "Москва — столица России. Это крупнейший город страны, и в нём живут миллионы людей."
JAPANESE = "東京は日本の首都です。多くの人々が住んでいて、経済の中心地でもあります。"
DESSERT = "Café crème brûlée"


def test_utf8():
    """Valid UTF-8 is read as UTF-8."""
    text, how = decode(RUSSIAN.encode("utf-8"))
    assert (RUSSIAN, "utf-8") == (text, how.encoding)


def test_cp1251_without_declaration():
    """Undeclared windows-1251 Cyrillic is detected."""
    text, how = decode(RUSSIAN.encode("cp1251"))
    assert (RUSSIAN, "cp1251") == (text, how.encoding)
    assert "detected" in how.method


def test_shift_jis_without_declaration():
    """Undeclared Shift-JIS Japanese is detected (as cp932, its superset)."""
    text, how = decode(JAPANESE.encode("shift_jis"))
    assert (JAPANESE, "cp932") == (text, how.encoding)


def test_utf16le_without_bom():
    """UTF-16-LE without a byte-order mark is recognised by its NUL bytes."""
    doc = "<html><body><p>Hello world, this is a page. Привет!</p></body></html>"
    text, how = decode(doc.encode("utf-16-le"))
    assert (doc, "utf-16-le") == (text, how.encoding)


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-32"])
def test_bom_wins(codec):
    """A byte-order mark decides the codec and is not part of the text."""
    text, how = decode(RUSSIAN.encode(codec))
    assert (RUSSIAN, "byte-order mark") == (text, how.method)


def test_latin1_under_wrong_utf8_declaration():
    """Latin-1 bytes under <meta charset="utf-8"> come out right, not as U+FFFD."""
    page = f'<html><head><meta charset="utf-8"></head><body><p>{DESSERT}</p></body></html>'
    text, how = decode(page.encode("latin-1"))
    assert DESSERT in text
    assert "declared utf-8 does not fit" in how.method


def test_declared_charset_that_fits_is_used():
    """A declaration the bytes satisfy is taken as it is."""
    page = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body><p>{RUSSIAN}</p></body></html>'
    text, how = decode(page.encode("cp1251"))
    assert (RUSSIAN in text, "cp1251", "declared") == (True, how.encoding, how.method)


def test_xml_prolog_declaration():
    """An XML prolog's encoding is a declaration too."""
    words = RUSSIAN.replace(" —", ",")
    page = f'<?xml version="1.0" encoding="koi8-r"?><html><body><p>{words}</p></body></html>'
    text, how = decode(page.encode("koi8-r"))
    assert (words in text, "koi8-r") == (True, how.encoding)


def test_option_overrides_detection():
    """Options(encoding=...) is used as given."""
    text, how = decode(DESSERT.encode("latin-1"), "latin-1")
    assert (DESSERT, "option") == (text, how.method)


def test_explain_reports_decoding():
    """explain() on bytes says which codec was used and how it was chosen."""
    report = cleantext.explain(RUSSIAN.encode("cp1251"))
    assert (RUSSIAN, "cp1251") == (report.text, report.decoding.encoding)
    assert report.decoding.method


def test_plain_text_bytes_go_the_plain_text_way():
    """Bytes of plain text are cleaned as text, not as HTML."""
    report = cleantext.explain(b"First line of a letter.\nSecond line of it.")
    assert ("text", "First line of a letter.\nSecond line of it.") == (report.source, report.text)


def test_html_bytes_with_wrong_declaration_are_cleaned_right():
    """The whole pipeline: a Latin-1 page declared UTF-8 gives the right body."""
    body = f"{DESSERT} is the dessert everybody in the village likes to eat after a long dinner."
    page = f'<html><head><meta charset="utf-8"><title>Dessert</title></head><body><article><p>{body}</p></article></body></html>'
    assert body == cleantext.clean(page.encode("latin-1"))


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000))
def test_never_raises_on_bytes(data):
    """Any bytes decode to a str."""
    text, how = decode(data)
    assert isinstance(text, str) and how.encoding
