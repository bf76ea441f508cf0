"""Decoding bytes: BOM, declared charset, UTF-8 with stray bytes, legacy codecs; the report says which and why."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleantext
from cleantext.decode import decode

RUSSIAN = "Москва — столица России. Это крупнейший город страны, и в нём живут миллионы людей."
RUSSIAN_KOI8 = "Москва, столица России. Это крупнейший город страны, и в нём живут миллионы людей."
UKRAINIAN = "Київ є столицею України. Це найбільше місто країни, і в ньому живуть мільйони людей."
POLISH = "Wrocław i Łódź to duże miasta w Polsce, a Kraków jest piękny o każdej porze roku."
CZECH = "Příliš žluťoučký kůň úpěl ďábelské ódy. Praha je hlavní město České republiky."
#: ö, ü and ű as well as ő: with ő alone (and á, é) a short text reads as Portuguese in windows-1252.
HUNGARIAN = "A különböző műszaki egyetemek hallgatói szerint a főváros közlekedése jobb lett."
GREEK = "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας. Είναι μια από τις αρχαιότερες πόλεις του κόσμου."
TURKISH = "İstanbul, Türkiye'nin en kalabalık şehridir. Boğaziçi Köprüsü iki kıtayı birbirine bağlar."
GERMAN = "Der Bürgermeister sagte am Dienstag, die Straße werde gesperrt. Schön ist das nicht."
FRENCH = "Le café était fermé, mais la crème brûlée reste délicieuse à Noël, dit-elle."
SPANISH = "El niño comió una manzana en España; la canción sonó en el salón después."
ENGLISH = "The café owners said the naïve plan would fail."
QUOTES = "He said “yes” – and it’s final."
JAPANESE = "東京は日本の首都です。多くの人々が住んでいて、経済の中心地でもあります。"
CHINESE = "北京是中华人民共和国的首都，也是全国的政治和文化中心。"
TRADITIONAL = "台北是台灣最大的城市，也是政治和文化的中心。每年都有數百萬遊客來這裡逛夜市。"
KOREAN = "서울은 대한민국의 수도이며 가장 큰 도시입니다. 한강이 도시를 가로지릅니다."


def page(body: str, charset: str | None = None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<html><head>{meta}</head><body><p>{body}</p></body></html>"


#: (bytes, the exact text they must decode to). Each case names what it exercises.
BATTERY = {
    # UTF-8 with stray bytes: the document stays UTF-8, each stray byte read as windows-1252.
    "issue repro: utf-8 with one latin-1 byte": (
        b"Der B\xc3\xbcrgermeister sagte am Dienstag, die Stra\xc3\x9fe werde gesperrt. Sch\xf6n.\n",
        "Der Bürgermeister sagte am Dienstag, die Straße werde gesperrt. Schön.\n"),
    "issue repro: declared utf-8 with a cp1252 dash": (
        page("Fr\xfchjahr \x96 gut", "utf-8").encode("utf-8").replace(b"\xc2\x96", b"\x96"),
        page("Frühjahr – gut", "utf-8")),
    "issue repro: undeclared latin-1 english": (
        b"The caf\xe9 owners said the na\xefve plan would fail.", ENGLISH),
    "utf-8 with a cp1252 apostrophe": ("Café crème. It".encode() + b"\x92s here.", "Café crème. It’s here."),
    "utf-8 with a stray byte at the end": ("naïve".encode() + b"\xe9", "naïveé"),
    "utf-8 with a truncated sequence": ("Grüße ".encode() + b"\xe2\x82 und", "Grüße â‚ und"),
    "utf-8 with an undefined cp1252 byte": ("Grüße ".encode() + b"\x81.", "Grüße \ufffd."),
    "cjk utf-8 with a stray byte": (JAPANESE.encode() + b"\xff", JAPANESE + "ÿ"),
    # Declared versus actual, both ways.
    "declared utf-8, actually windows-1251": (page(RUSSIAN, "utf-8").encode("cp1251"), page(RUSSIAN, "utf-8")),
    "declared utf-8, actually latin-1": (page(FRENCH, "utf-8").encode("latin-1"), page(FRENCH, "utf-8")),
    "declared iso-8859-1, actually utf-8": (page(GERMAN, "iso-8859-1").encode(), page(GERMAN, "iso-8859-1")),
    "declared windows-1251, actually utf-8": (page(RUSSIAN, "windows-1251").encode(), page(RUSSIAN, "windows-1251")),
    "declared windows-1252, actually windows-1252": (page(QUOTES, "windows-1252").encode("cp1252"),
                                                      page(QUOTES, "windows-1252")),
    "declared koi8-r": (page(RUSSIAN_KOI8, "koi8-r").encode("koi8-r"), page(RUSSIAN_KOI8, "koi8-r")),
    "xml prolog windows-1250": (('<?xml version="1.0" encoding="windows-1250"?><p>' + CZECH + "</p>").encode("cp1250"),
                                '<?xml version="1.0" encoding="windows-1250"?><p>' + CZECH + "</p>"),
    "declared shift_jis with one invalid byte": (page(JAPANESE, "shift_jis").encode("cp932").replace(b"</p>", b"\x81</p>"),
                                                 page(JAPANESE + "\ufffd", "shift_jis")),
    "declared iso-8859-9": (page(TURKISH, "iso-8859-9").encode("cp1254"), page(TURKISH, "iso-8859-9")),
    # Browsers read ISO-8859-1, whatever its label, as windows-1252: its quotes and dashes are text.
    "declared iso-8859-1 with windows-1252 quotes": (page(QUOTES, "iso-8859-1").encode("cp1252"),
                                                     page(QUOTES, "iso-8859-1")),
    "declared latin1 with windows-1252 quotes": (page(QUOTES, "latin1").encode("cp1252"), page(QUOTES, "latin1")),
    # Byte-order marks, UTF-16 without one.
    "utf-8 bom": (b"\xef\xbb\xbf" + GERMAN.encode(), GERMAN),
    "utf-8 bom with a stray byte": (b"\xef\xbb\xbf" + GERMAN.encode() + b"\xe9", GERMAN + "é"),
    "utf-16-le bom": (RUSSIAN.encode("utf-16"), RUSSIAN),
    "utf-16-be bom": (b"\xfe\xff" + GREEK.encode("utf-16-be"), GREEK),
    "utf-32 bom": (CHINESE.encode("utf-32"), CHINESE),
    "utf-16-le without bom": (page(RUSSIAN).encode("utf-16-le"), page(RUSSIAN)),
    "utf-16-be without bom": (page(GERMAN).encode("utf-16-be"), page(GERMAN)),
    # Short inputs.
    "empty": (b"", ""),
    "ascii": (b"Hello.", "Hello."),
    "one latin-1 word": (b"caf\xe9", "café"),
    "one short latin-1 word": (b"\xe9t\xe9", "été"),
    "one utf-8 letter": ("é".encode(), "é"),
    "one cp1252 quote pair": (b"\x93yes\x94", "“yes”"),
    # Undeclared legacy codecs.
    "windows-1252 quotes and dash": (QUOTES.encode("cp1252"), QUOTES),
    "windows-1252 german": (GERMAN.encode("cp1252"), GERMAN),
    "latin-1 spanish": (SPANISH.encode("latin-1"), SPANISH),
    "windows-1252 french": (FRENCH.encode("cp1252"), FRENCH),
    "windows-1251 russian": (RUSSIAN.encode("cp1251"), RUSSIAN),
    "windows-1251 ukrainian": (UKRAINIAN.encode("cp1251"), UKRAINIAN),
    "koi8-r russian": (RUSSIAN_KOI8.encode("koi8-r"), RUSSIAN_KOI8),
    "windows-1250 polish": (POLISH.encode("cp1250"), POLISH),
    "windows-1250 czech": (CZECH.encode("cp1250"), CZECH),
    "windows-1250 hungarian": (HUNGARIAN.encode("cp1250"), HUNGARIAN),
    "iso-8859-2 polish": (POLISH.encode("iso8859_2"), POLISH),
    "windows-1253 greek": (GREEK.encode("cp1253"), GREEK),
    "iso-8859-7 greek": (GREEK.encode("iso8859_7"), GREEK),
    "windows-1254 turkish": (TURKISH.encode("cp1254"), TURKISH),
    "shift_jis japanese": (JAPANESE.encode("shift_jis"), JAPANESE),
    "gb18030 chinese": (CHINESE.encode("gb18030"), CHINESE),
    "euc-kr korean": (KOREAN.encode("euc_kr"), KOREAN),
    # One stray byte once made charset-normalizer name no CJK codec, and the page was read as Cyrillic.
    "gbk page with a stray byte": (page(CHINESE).encode("gbk").replace(b"</p>", b"\x80</p>"),
                                   page(CHINESE + "\ufffd")),
    "big5 page with a stray byte": (page(TRADITIONAL).encode("big5").replace(b"</p>", b"\xff</p>"),
                                    page(TRADITIONAL + "\ufffd")),
    "euc-kr page with a stray byte": (page(KOREAN).encode("euc_kr").replace(b"</p>", b"\x80</p>"),
                                      page(KOREAN + "\ufffd")),
}


@pytest.mark.parametrize(("data", "expected"), BATTERY.values(), ids=BATTERY.keys())
def test_decoding_battery(data, expected):
    """Each case decodes to exactly the expected text."""
    assert expected == decode(data)[0]


def test_stray_bytes_keep_the_declared_codec_and_are_counted():
    """A declared UTF-8 page with one stray byte stays UTF-8; the report counts the repaired byte."""
    data = BATTERY["issue repro: declared utf-8 with a cp1252 dash"][0]
    how = decode(data)[1]
    assert ("utf-8", 1) == (how.encoding, how.repaired)
    assert "declared; 1 stray byte read as windows-1252" == how.method


def test_undeclared_stray_byte_is_reported():
    """Undeclared UTF-8 with a stray byte says so."""
    how = decode(BATTERY["issue repro: utf-8 with one latin-1 byte"][0])[1]
    assert ("utf-8", 1, "utf-8; 1 stray byte read as windows-1252") == (how.encoding, how.repaired, how.method)


def test_undeclared_latin1_prefers_windows_1252():
    """Latin-1 English is read as windows-1252, not a rare codec that also fits."""
    assert "cp1252" == decode(BATTERY["issue repro: undeclared latin-1 english"][0])[1].encoding


def test_cp1251_without_declaration():
    """Undeclared windows-1251 Cyrillic is detected and the report says it was."""
    text, how = decode(RUSSIAN.encode("cp1251"))
    assert (RUSSIAN, "cp1251") == (text, how.encoding)
    assert how.method.startswith("detected")


def test_declaration_that_does_not_fit_is_reported():
    """Latin-1 bytes under <meta charset="utf-8"> come out right, and the report says the declaration lost."""
    text, how = decode(page(FRENCH, "utf-8").encode("latin-1"))
    assert page(FRENCH, "utf-8") == text
    assert "declared utf-8 does not fit" in how.method


def test_declared_charset_that_fits_is_used():
    """A declaration the bytes satisfy is taken as it is."""
    how = decode(page(RUSSIAN, "windows-1251").encode("cp1251"))[1]
    assert ("cp1251", "declared") == (how.encoding, how.method)


def test_option_overrides_detection():
    """Options(encoding=...) is used as given."""
    text, how = decode(FRENCH.encode("latin-1"), "latin-1")
    assert (FRENCH, "option") == (text, how.method)


def test_bom_is_reported():
    """A byte-order mark decides the codec and the report says so."""
    assert "byte-order mark" == decode(RUSSIAN.encode("utf-16"))[1].method


def test_explain_reports_decoding_and_repairs():
    """explain() on bytes says which codec was used, and notes the bytes it repaired."""
    report = cleantext.explain(b"Der B\xc3\xbcrgermeister sagte es. Sch\xf6n ist das.")
    assert ("Der Bürgermeister sagte es. Schön ist das.", "utf-8") == (report.text, report.decoding.encoding)
    assert any("1 stray byte" in note for note in report.notes)


def test_plain_text_bytes_go_the_plain_text_way():
    """Bytes of plain text are cleaned as text, not as HTML."""
    report = cleantext.explain(b"First line of a letter.\nSecond line of it.")
    assert ("text", "First line of a letter.\nSecond line of it.") == (report.source, report.text)


def test_html_bytes_with_wrong_declaration_are_cleaned_right():
    """The whole pipeline: a Latin-1 page declared UTF-8 gives the right body."""
    body = f"{FRENCH} Everybody in the village likes to eat it after a long dinner."
    doc = f'<html><head><meta charset="utf-8"><title>Dessert</title></head><body><article><p>{body}</p></article></body></html>'
    assert body == cleantext.clean(doc.encode("latin-1"))


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000))
def test_never_raises_on_bytes(data):
    """Any bytes decode to a str."""
    text, how = decode(data)
    assert isinstance(text, str) and how.encoding


#: Printable text: no controls (NUL bytes would read as UTF-16), no surrogates, no BOM.
_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff"), min_size=1, max_size=400)


@st.composite
def utf8_with_stray_bytes(draw: st.DrawFn) -> tuple[str, bytes]:
    """Text and its UTF-8 bytes with up to 1% random high bytes put between characters."""
    text = draw(_TEXT)
    encoded = [char.encode() for char in text]
    size = sum(map(len, encoded))
    for _ in range(draw(st.integers(0, max(1, size // 100)))):
        at = draw(st.integers(1, len(encoded)))
        encoded.insert(at, bytes([draw(st.integers(0x80, 0xFF))]))
    return text, b"".join(encoded)


def _is_subsequence(needle: str, haystack: str) -> bool:
    chars = iter(haystack)
    return all(char in chars for char in needle)


@settings(max_examples=300, deadline=None)
@given(utf8_with_stray_bytes())
def test_stray_bytes_never_garble_utf8(case):
    """Valid UTF-8 with a few random high bytes injected decodes with every original character intact."""
    text, data = case
    decoded = decode(data)[0]
    assert _is_subsequence(text, decoded)


def test_utf8_page_with_one_percent_stray_bytes():
    """A declared UTF-8 page with 1% invalid bytes keeps every accented letter."""
    body = " ".join([GERMAN, FRENCH, SPANISH] * 20)
    data = bytearray(page(body, "utf-8").encode())
    for at in range(len(data) - 20, 100, -101):
        if data[at] < 0x80 and data[at - 1] < 0x80:
            data[at:at] = b"\xe9"
    text = decode(bytes(data))[0]
    assert _is_subsequence(page(body, "utf-8"), text)
    assert all(word in text for word in ("Bürgermeister", "Straße", "brûlée", "niño", "después"))
