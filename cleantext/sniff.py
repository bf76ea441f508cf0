"""What is a document: not text at all, HTML, or plain text? Decided from its first few kilobytes.

Not text is a file format by its magic number (an executable, a PDF, an image, an archive,
compressed bytes) or a share of control characters that no text has. Compressed bytes are
refused, not decompressed: the library cleans documents, and reading a file is the caller's
job (the CLI decompresses gzip and zstd input before it gets here).
"""

from __future__ import annotations

import regex

_HEAD = 4096
#: File formats by the bytes they start with, as patterns matched at the first byte.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (rb"\x7fELF", "an ELF executable"),
    (rb"MZ\x90\x00", "a Windows executable"),
    (rb"\xcf\xfa\xed\xfe|\xce\xfa\xed\xfe", "a Mach-O executable"),
    (rb"\xca\xfe\xba\xbe", "a Java class or Mach-O universal binary"),
    (rb"\x00asm", "a WebAssembly module"),
    (rb"%PDF-", "a PDF document"),
    (rb"\x89PNG\r\n\x1a\n", "a PNG image"),
    (rb"\xff\xd8\xff", "a JPEG image"),
    (rb"GIF8[79]a", "a GIF image"),
    (rb"II\*\x00|MM\x00\*", "a TIFF image"),
    (rb"\x00\x00\x01\x00", "an icon"),
    (rb"RIFF....(?:WEBP|WAVE|AVI )", "a WebP image, WAV or AVI file"),
    (rb"\x00\x00\x00.ftyp", "an MP4, QuickTime or HEIF file"),
    (rb"\x1aE\xdf\xa3", "a Matroska or WebM video"),
    (rb"OggS\x00", "an Ogg file"),
    (rb"fLaC\x00", "a FLAC file"),
    (rb"ID3[\x02-\x04]\x00", "an MP3 file"),
    (rb"wOFF\x00|wOF2\x00", "a web font"),
    (rb"PK\x03\x04|PK\x05\x06", "a zip archive (or a docx, xlsx, epub, jar)"),
    (rb"\x1f\x8b", "gzip-compressed data (decompress it first)"),
    (rb"\x28\xb5\x2f\xfd", "zstd-compressed data (decompress it first)"),
    (rb"BZh[1-9]1AY&SY", "bzip2-compressed data (decompress it first)"),
    (rb"\xfd7zXZ\x00", "xz-compressed data (decompress it first)"),
    (rb"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (rb"Rar!\x1a\x07", "a RAR archive"),
    (rb".{257}ustar", "a tar archive"),
    (rb"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (rb"SQLite format 3\x00", "an SQLite database"),
)
_MAGIC = regex.compile(b"|".join(b"(?P<m%d>%s)" % (i, pattern) for i, (pattern, _) in enumerate(MAGIC)), regex.S)
#: Control characters that text does not hold (C0 except tab, line breaks and form feed; DEL).
_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1b\x7f]")
#: Share of control characters that makes a document binary. Text has next to none (a stray
#: form feed or escape); random or compressed bytes have about one in ten.
CONTROL_SHARE = 0.05
#: Below this many characters a share says little: a short text with a few controls is
#: cleaned as text (normalization drops them).
CONTROL_MIN_CHARS = 512


def not_text(doc: str | bytes) -> str | None:
    """Why ``doc`` is not text (a file format, or control characters), or None when it is text.

    Bytes are checked for magic numbers only (UTF-16 has NUL bytes); text for both, since
    a binary file read as text upstream keeps most of its signature.

    >>> not_text(b"%PDF-1.7 ..."), not_text("Plain words." * 50), not_text("\\x00\\x01\\x02 data" * 100)
    ('a PDF document', None, 'binary: 300 of 800 characters are control characters')
    """
    head = doc[: _HEAD] if isinstance(doc, bytes) else doc[: _HEAD].encode("latin-1", errors="replace")
    found = _MAGIC.match(head)
    if found and found.lastgroup:  # every alternative is a named group ("m3": MAGIC[3])
        return MAGIC[int(found.lastgroup[1:])][1]
    if isinstance(doc, bytes) or len(doc) < CONTROL_MIN_CHARS:
        return None
    sample = doc[:_HEAD]
    controls = len(_CONTROL.findall(sample))
    if controls > CONTROL_SHARE * len(sample):
        return f"binary: {controls} of {len(sample)} characters are control characters"
    return None
#: A page: optional BOM, XML prolog and comments, then a doctype, <html> or <head>.
_DOCUMENT = regex.compile(
    r"^\ufeff?\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.{0,2000}?-->\s*){0,5}<(?:!doctype\s+html|html[\s>]|head[\s>])",
    regex.I | regex.S,
)
#: Opening or closing tags of common elements: text with fewer than three is not HTML ...
_TAG = regex.compile(
    r"</?(?:p|div|br|body|meta|title|span|a|article|section|script|style|table|tr|td|ul|ol|li|h[1-6])[\s/>]",
    regex.I,
)
FRAGMENT_TAGS = 3
#: ... and text with three or more is HTML when it holds a page's own structure anywhere
#: (a doctype, <html>, <head>, <body>, <title>, <meta>, after a wrapper or stray text) ...
_STRUCTURE = regex.compile(r"<(?:!doctype\s+html|html|head|body|title|meta)[\s>]", regex.I)
#: ... or when its tags run through it: at least this share of its distinct lines, outside scripts
#: and style sheets, hold one. Text that quotes markup holds it in a few lines (a page's
#: visible text with an ad's leaked <script> line, a tutorial's code sample). Measured on
#: the dev corpora: their page texts with three tags hold them in at most 12.5 % of their
#: lines, their HTML fragments without a page's structure in at least 19.7 %; on tag count
#: alone, 62 of the 3,113 page texts were read as HTML and lost most of their text.
FRAGMENT_LINE_SHARE = 0.15
#: Any tag or comment, for the line share ...
_MARKUP = regex.compile(r"<(?:[!/?]|[a-z][\w:-]*[\s/>])", regex.I)
#: ... counted outside scripts and style sheets (a page's code lines, not its text).
_CODE = regex.compile(r"<(script|style)\b.*?(?:</\1\s*>|$)", regex.I | regex.S)


def is_html(text: str) -> bool:
    """True for a page (its structure tags) or text whose lines are dense with tags.

    >>> is_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>"), is_html("<div><p>Hi</p></div>")
    (True, True)
    >>> is_html("Use a < b, or <br> for a line break.")
    False
    >>> is_html("Menu\\nNews\\n<script src='ad.js'></script><noscript><a href='/x'><img></a></noscript>\\n"
    ...         + "".join(f"Line {n} of the article.\\n" for n in range(5)))
    False
    """
    head = text[:_HEAD]
    if _DOCUMENT.search(head):
        return True
    if len(_TAG.findall(head)) < FRAGMENT_TAGS:
        return False
    if _STRUCTURE.search(head):
        return True
    # Each distinct line once: a text's repeated lines, which cleaning drops, would otherwise
    # move the share between a text and its cleaned output (found by benchmarks/fuzz.py).
    lines = {line for line in _CODE.sub(" ", head).splitlines() if line.strip()}
    return sum(1 for line in lines if _MARKUP.search(line)) >= FRAGMENT_LINE_SHARE * len(lines)
