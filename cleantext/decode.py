"""Bytes -> str. The only module that sees bytes; it records which codec it used and why."""

from __future__ import annotations

import codecs

from cleantext.model import Decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, encoding: str | None = None) -> tuple[str, Decoding]:
    """Text of ``data`` and how it was decoded; never raises on bytes."""
    if encoding is not None:
        return data.decode(encoding, errors="replace"), Decoding(encoding, "option")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), Decoding(name, "bom")
    try:
        return data.decode("utf-8"), Decoding("utf-8", "valid utf-8")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), Decoding("utf-8", "fallback, invalid bytes replaced")
