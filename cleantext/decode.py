"""Bytes -> str. The only module that sees bytes; it records which codec it used and why.

Order of evidence, strongest first: a byte-order mark; UTF-16 seen in the pattern of NUL
bytes; a declared charset (HTML meta, XML prolog) that the bytes actually satisfy; valid
UTF-8; charset-normalizer on a bounded prefix. Whatever is left of mojibake is ftfy's job,
per block, in normalize.py. Decoding never raises: the last resort replaces bad bytes.
"""

from __future__ import annotations

import codecs

import regex

from cleantext.model import Decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Declarations are looked for in this many leading bytes (a <meta> can follow a long <head>).
DECLARATION_WINDOW = 8192
#: charset-normalizer sees at most this many bytes: enough to decide, bounded on huge input.
DETECT_WINDOW = 65536
#: Share of NUL bytes at odd (even) positions that marks UTF-16-LE (-BE) text without a BOM.
UTF16_NULS = 0.3

_DECLARED = regex.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})""",
    regex.I,
)
#: Labels whose bytes browsers decode with a superset codec (the WHATWG Encoding Standard):
#: a page declaring ISO-8859-1 is read as windows-1252, Shift_JIS as cp932, and so on.
_SUPERSETS = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "big5": "big5hkscs",
}

#: Legacy codecs by how common they are on the web, for breaking a detector's ties.
_WEB_ORDER = (
    "utf_8",
    "cp1252",
    "cp1251",
    "cp932",
    "gb18030",
    "cp949",
    "big5",
    "euc_jp",
    "cp1250",
    "cp1256",
    "cp1254",
    "cp1253",
    "cp1255",
    "cp874",
    "koi8_r",
    "cp1257",
    "cp1258",
)


def decode(data: bytes, encoding: str | None = None) -> tuple[str, Decoding]:
    """Text of ``data`` and how it was decoded; never raises on bytes.

    >>> decode("Café".encode("utf-8"))
    ('Café', Decoding(encoding='utf-8', method='valid utf-8'))
    """
    if encoding is not None:
        return data.decode(encoding, errors="replace"), Decoding(encoding, "option")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), Decoding(name, "byte-order mark")
    utf16 = _utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace"), Decoding(
            utf16, "utf-16 without byte-order mark (NUL bytes)"
        )
    declared = _declared(data)
    if declared:
        text = _strict(data, declared)
        if text is not None:
            if _single_byte(declared) and not data.isascii() and _strict(data, "utf-8") is not None:
                return data.decode("utf-8"), Decoding(
                    "utf-8", f"valid utf-8 (declared {declared} is single-byte)"
                )
            return text, Decoding(declared, "declared")
    text = _strict(data, "utf-8")
    if text is not None:
        method = (
            "valid utf-8" if not declared else f"valid utf-8 (declared {declared} does not fit the bytes)"
        )
        return text, Decoding("utf-8", method)
    why = f" (declared {declared} does not fit the bytes)" if declared else ""
    detected = _detect(data)
    if detected:
        text = _strict(data, detected)
        if text is not None:
            return text, Decoding(detected, "detected by charset-normalizer" + why)
        return data.decode(detected, errors="replace"), Decoding(
            detected, "detected by charset-normalizer, undecodable bytes replaced" + why
        )
    return data.decode("utf-8", errors="replace"), Decoding("utf-8", "fallback, invalid bytes replaced" + why)


def _strict(data: bytes, name: str) -> str | None:
    try:
        return data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None


def _declared(data: bytes) -> str | None:
    """The codec a meta tag or XML prolog names, mapped to the superset browsers use."""
    m = _DECLARED.search(data[:DECLARATION_WINDOW])
    if not m:
        return None
    label = (m.group(1) or m.group(2)).decode("ascii").strip("'\" ")
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        # The declaration was readable as ASCII, so the bytes are not UTF-16: HTML5 says utf-8.
        return "utf-8"
    return _SUPERSETS.get(name, name)


def _single_byte(name: str) -> bool:
    """Every byte sequence is valid in these codecs, so their declarations prove nothing."""
    try:
        return codecs.lookup(name).name.startswith(
            ("cp125", "iso8859", "latin", "iso-8859", "koi8", "mac-", "cp8")
        )
    except LookupError:
        return False


def _utf16(data: bytes) -> str | None:
    """utf-16-le or -be when NULs fill one byte of each pair, as in Latin or Cyrillic text."""
    head = data[: 4096 - 4096 % 2]
    if len(head) < 4 or len(data) % 2:
        return None
    pairs = len(head) // 2
    odd, even = head[1::2].count(0), head[0::2].count(0)
    for nuls, other, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls >= UTF16_NULS * pairs and other < 0.05 * pairs and _strict(data, name) is not None:
            return name
    return None


def _detect(data: bytes) -> str | None:
    """charset-normalizer's best guess from a prefix cut at a line break."""
    from charset_normalizer import from_bytes

    sample = data[:DETECT_WINDOW]
    if len(data) > DETECT_WINDOW:
        cut = sample.rfind(b"\n")
        if cut > DETECT_WINDOW // 2:
            sample = sample[:cut]
    matches = from_bytes(sample)
    best = matches.best()
    if best is None:
        return None
    # Short text often fits several codecs equally well (é is é in cp1250 and cp1252);
    # among the tied, take the one most used on the web.
    tied = {
        name
        for m in matches
        if (m.chaos, m.coherence) == (best.chaos, best.coherence)
        for name in m.could_be_from_charset
    }
    name = next((c for c in _WEB_ORDER if c in tied), best.encoding)
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)
