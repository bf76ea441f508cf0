"""Bytes -> str: the only module that decodes; it records which codec it used, why, and what it repaired.

Order of evidence, strongest first: a byte-order mark; UTF-16 seen in the pattern of NUL
bytes; a declared charset (HTML meta, XML prolog); UTF-8 (valid, or with a few stray
bytes); for other multi-byte text (Japanese, Chinese, Korean) charset-normalizer, asked
again without the stray bytes a double-byte codec cannot pair when it names none; for
single-byte text a score of how plausible each legacy codec's reading is, windows-1252
winning ties. A codec, once chosen, decodes the whole document: a few invalid bytes never
switch it to another codec. They are repaired one by one, as browsers and ftfy do: a stray
byte in UTF-8 is read as its windows-1252 character (``\\xf6`` -> ``ö``), and a byte no
codec maps becomes U+FFFD. Whatever mojibake is left is ftfy's job, per block, in
normalize.py. Decoding never raises.
"""

from __future__ import annotations

import codecs
import functools
import unicodedata
from collections import Counter

import regex

from cleantext.model import Decoding
from cleantext.scoring import SCORING

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Windows, shares and counts of the detection, each with its reason in scoring.toml [decode].
_S = SCORING.decode
DECLARATION_WINDOW = _S.declaration_window
DETECT_WINDOW = _S.detect_window
DETECT_CUT_SHARE = _S.detect_cut_share
UTF16_HEAD_BYTES = _S.utf16_head_bytes
UTF16_MIN_BYTES = _S.utf16_min_bytes
UTF16_NULS = _S.utf16_nuls
UTF16_OTHER_NULS = _S.utf16_other_nuls
FEW_INVALID = _S.few_invalid
UTF8_PER_STRAY = _S.utf8_per_stray
CJK_MIN_HIGH = _S.cjk_min_high
CJK_MIN_BYTES = _S.cjk_min_bytes

_DECLARED = regex.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})""",
    regex.I,
)
#: Labels whose bytes browsers decode with a superset codec (the WHATWG Encoding Standard):
#: a page declaring ISO-8859-1 is read as windows-1252, Shift_JIS as cp932, and so on.
_SUPERSET_OF = {
    "iso-8859-1": "cp1252",
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
#: ... keyed by Python's own codec name, which is what ``codecs.lookup`` returns for any
#: label of it ("latin-1", "l1" and "iso-8859-1" are all "iso8859-1").
_SUPERSETS = {codecs.lookup(label).name: superset for label, superset in _SUPERSET_OF.items()}
#: The multi-byte legacy codecs (their Python names): charset-normalizer tells them apart.
_CJK = frozenset({"cp932", "euc_jp", "gb18030", "cp949", "big5hkscs", "iso2022_jp", "euc_kr", "shift_jis",
                  "gb2312", "gbk", "big5", "johab", "euc_jis_2004", "shift_jis_2004", "hz"})

_ASCII = bytes(range(0x80))
#: Characters of CJK text: ideographs, kana, hangul and the punctuation written with them,
#: not half-width katakana (how Shift_JIS reads single-byte letters) or private-use ones.
_CJK_TEXT = regex.compile(
    r"[\p{Han}\p{Hiragana}\u30a0-\u30ff\p{Hangul}\u3000-\u303f\uff01-\uff60\uffe0-\uffef\u2010-\u2027\u00b7]"
)
#: Share of a CJK reading's non-ASCII characters that must be CJK text (scoring.toml [decode]).
CJK_SCRIPT_SHARE = _S.cjk_script_share
#: The double-byte codecs of the web that can fail, GB18030's GBK subset first (GB18030
#: itself maps every pair somewhere), in the order _cjk_paired tries them.
_DOUBLE_BYTE = ("gbk", "big5hkscs", "cp932", "cp949", "euc_jp")
#: A stray byte, as Python's surrogateescape handler leaves it (U+DC80 to U+DCFF) ...
_ESCAPED = regex.compile("[\udc80-\udcff]")
#: ... and as it is repaired: windows-1252 for every byte it maps, U+FFFD for the five it does not.
_STRAY = {0xDC00 + b: bytes([b]).decode("cp1252", errors="replace") for b in range(0x80, 0x100)}
#: A run of high bytes with the character on each side: all the legacy scorer needs to see.
_HIGH_RUN = regex.compile(rb".?[\x80-\xff]+.?", regex.S)
#: High bytes the legacy scorer looks at.
SCORE_BYTES = _S.score_bytes

#: The single-byte codecs worth considering, most used on the web first (ties go to the
#: earlier one), each with the alphabets of the languages written in it: the accented
#: letters a text in that language uses. A reading whose letters fit one language's
#: alphabet is plausible; a mix of Danish ø, Italian ì and Czech š is not.
_SINGLE_BYTE: dict[str, dict[str, str]] = {
    "cp1252": {
        "en": "", "fr": "àâæçéèêëîïôœùûüÿ", "de": "äöüß", "es": "áéíñóúü", "it": "àèéìíîòóùú",
        "pt": "áâãàçéêíóôõú", "nl": "áéëïóöü", "da": "æøåé", "sv": "åäöé", "fi": "äöåšž", "is": "áðéíóúýþæö",
        "ca": "àçèéíïòóúü", "et": "äöõüšž", "ga": "áéíóú",
    },
    "cp1251": {"cyrillic": ""},
    "cp1250": {
        "pl": "ąćęłńóśźż", "cs": "áčďéěíňóřšťúůýž", "sk": "áäčďéíĺľňóôŕšťúýž", "hu": "áéíóöőúüű",
        "hr": "čćđšž", "sl": "čšž", "ro": "ăâîşţșț", "de": "äöüß", "sq": "çë",
    },
    "iso8859_2": {
        "pl": "ąćęłńóśźż", "cs": "áčďéěíňóřšťúůýž", "sk": "áäčďéíĺľňóôŕšťúýž", "hu": "áéíóöőúüű",
        "hr": "čćđšž", "sl": "čšž", "ro": "ăâîşţ", "de": "äöüß",
    },
    "cp1254": {"tr": "âçğıîöşûü", "az": "çəğıöşü"},
    "koi8_r": {"cyrillic": ""},
    "cp1253": {"greek": ""},
    "iso8859_7": {"greek": ""},
    "cp1257": {"lt": "ąčęėįšųūž", "lv": "āčēģīķļņšūž", "et": "äöõüšž"},
    "cp1255": {"hebrew": ""},
    "cp1256": {"arabic": ""},
    "cp874": {"thai": ""},
    "cp866": {"cyrillic": ""},
}
#: Penalty points of the legacy-codec score, per character of the reading: near-proof,
#: strong and weak evidence of the wrong codec (scoring.toml [decode]).
UNMAPPED, INSIDE_WORD_SYMBOL, MIXED_SCRIPT = _S.unmapped, _S.inside_word_symbol, _S.mixed_script
INNER_CAPITAL, FOREIGN_LETTER = _S.inner_capital, _S.foreign_letter
#: Non-letters that do belong between two letters: apostrophes, the Catalan middle dot, hyphens.
_IN_WORD = frozenset("’‘·\u00ad\u2010\u2011")


def decode(data: bytes, encoding: str | None = None) -> tuple[str, Decoding]:
    """Text of ``data`` and how it was decoded; never raises on bytes.

    >>> decode("Café".encode("utf-8"))
    ('Café', Decoding(encoding='utf-8', method='valid utf-8', repaired=0))
    >>> decode(b"Sch\\xc3\\xb6n und sch\\xf6n")
    ('Schön und schön', Decoding(encoding='utf-8', method='utf-8; 1 stray byte read as windows-1252', repaired=1))
    """
    if encoding is not None:
        return _with(data, encoding, "option")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _with(data[len(bom) :], name, "byte-order mark")
    utf16 = _utf16(data)
    if utf16:
        return _with(data, utf16, "utf-16 without byte-order mark (NUL bytes)")
    declared = declared_codec(data)
    if declared:
        found = _declared_fits(data, declared)
        if found is not None:
            return found
    return _undeclared(data, f" (declared {declared} does not fit the bytes)" if declared else "")


def _declared_fits(data: bytes, declared: str) -> tuple[str, Decoding] | None:
    """The declared codec's text, or UTF-8's when the bytes prove it; None when neither fits."""
    if declared == "utf-8":
        text = _strict(data, "utf-8")
        if text is not None:
            return text, Decoding("utf-8", "declared")
        if _utf8_fits(data, declared=True):
            return _utf8(data, "declared")
        return None
    text, replaced = _replacing(data, declared)
    if replaced == 0 and not _single_byte(declared):
        return text, Decoding(declared, "declared")  # multi-byte bytes that fit exactly prove the declaration
    if not data.isascii() and _utf8_fits(data, declared=False):
        return _utf8(data, f"declared {declared}, but the bytes are utf-8")
    if _single_byte(declared) or replaced <= _few(len(data)):
        return text, Decoding(declared, _method("declared", replaced), replaced)
    return None


def _undeclared(data: bytes, why: str) -> tuple[str, Decoding]:
    """UTF-8 when the bytes are UTF-8 (stray bytes repaired), else the most plausible legacy codec."""
    text = _strict(data, "utf-8")
    if text is not None:
        return text, Decoding("utf-8", "valid utf-8" + why)
    if _utf8_fits(data, declared=False):
        return _utf8(data, "utf-8" + why)
    sample = _sample(data)
    cjk = _cjk(sample)
    if cjk is not None:
        text, replaced = _replacing(data, cjk)
        mostly_high = _high_bytes(sample) >= CJK_MIN_HIGH * len(sample)
        if replaced == 0 or (mostly_high and replaced <= _few(len(data))):
            method = _method("detected by charset-normalizer" + why, replaced)
            return text, Decoding(cjk, method, replaced)
    paired = _cjk_paired(sample)
    if paired is not None:
        text, replaced = _replacing(data, paired)
        if replaced <= _few(len(data)):
            method = _method("detected by charset-normalizer once stray bytes were set aside" + why, replaced)
            return text, Decoding(paired, method, replaced)
    name = _single_byte_guess(sample)
    text, replaced = _replacing(data, name)
    method = _method("detected: the most plausible single-byte reading" + why, replaced)
    return text, Decoding(name, method, replaced)


def _with(data: bytes, name: str, method: str) -> tuple[str, Decoding]:
    """Decode with ``name``: UTF-8 repairs stray bytes, other codecs replace what they cannot map."""
    if codecs.lookup(name).name == "utf-8":
        return _utf8(data, method)
    text, replaced = _replacing(data, name)
    return text, Decoding(name, _method(method, replaced), replaced)


def _method(method: str, replaced: int) -> str:
    if not replaced:
        return method
    return f"{method}; {replaced} invalid byte{'s' if replaced > 1 else ''} replaced (U+FFFD)"


def _few(size: int) -> int:
    return 1 + int(size * FEW_INVALID)


def _utf8_fits(data: bytes, *, declared: bool) -> bool:
    """UTF-8 with a few stray bytes at most, or with many valid sequences for each stray byte.

    Undeclared, it also needs one valid multi-byte sequence: ASCII with a stray byte reads
    the same as windows-1252, and the legacy scorer may know better (Cyrillic, Greek).
    """
    text = data.decode("utf-8", errors="surrogateescape")
    stray = len(_ESCAPED.findall(text))
    multi = len(text) - (len(data) - _high_bytes(data)) - stray
    if not declared and not multi:
        return False
    return stray <= _few(len(data)) or stray * UTF8_PER_STRAY <= multi


def _high_bytes(data: bytes) -> int:
    return len(data.translate(None, _ASCII))


def _utf8(data: bytes, method: str) -> tuple[str, Decoding]:
    """UTF-8, each stray byte read as its windows-1252 character (ftfy's inconsistent-UTF-8 repair)."""
    text = data.decode("utf-8", errors="surrogateescape")
    stray = len(_ESCAPED.findall(text))
    if not stray:
        return text, Decoding("utf-8", method)
    method += f"; {stray} stray byte{'s' if stray > 1 else ''} read as windows-1252"
    return text.translate(_STRAY), Decoding("utf-8", method, stray)


def _replacing(data: bytes, name: str) -> tuple[str, int]:
    """``data`` in codec ``name`` and how many bytes could not be decoded (each now U+FFFD)."""
    try:
        return data.decode(name), 0
    except UnicodeDecodeError:
        pass
    text = data.decode(name, errors="replace")
    try:
        genuine = data.count("\ufffd".encode(name))  # only UTF-16, UTF-32 and GB18030 can encode it
    except UnicodeEncodeError:
        genuine = 0
    return text, max(1, text.count("\ufffd") - genuine)


def _sample(data: bytes) -> bytes:
    """The bytes detection looks at: a prefix cut at a line break on large input."""
    if len(data) <= DETECT_WINDOW:
        return data
    sample = data[:DETECT_WINDOW]
    cut = sample.rfind(b"\n")
    return sample[:cut] if cut > DETECT_WINDOW * DETECT_CUT_SHARE else sample


def declared_codec(data: bytes) -> str | None:
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
    """Codecs that map (almost) every byte to one character."""
    try:
        return codecs.lookup(name).name.startswith(
            ("cp125", "iso8859", "latin", "iso-8859", "koi8", "mac-", "cp8")
        )
    except LookupError:
        return False


def _utf16(data: bytes) -> str | None:
    """utf-16-le or -be when NULs fill one byte of each pair, as in Latin or Cyrillic text."""
    head = data[: UTF16_HEAD_BYTES - UTF16_HEAD_BYTES % 2]
    if len(head) < UTF16_MIN_BYTES or len(data) % 2:
        return None
    pairs = len(head) // 2
    odd, even = head[1::2].count(0), head[0::2].count(0)
    for nuls, other, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls >= UTF16_NULS * pairs and other < UTF16_OTHER_NULS * pairs and _strict(data, name) is not None:
            return name
    return None


def _strict(data: bytes, name: str) -> str | None:
    try:
        return data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None


def _cjk(sample: bytes) -> str | None:
    """A Japanese, Chinese or Korean codec when charset-normalizer names one and the bytes fit it."""
    if _high_bytes(sample) < CJK_MIN_BYTES:
        return None
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        return None
    try:
        name = codecs.lookup(best.encoding).name
    except LookupError:
        return None
    name = _SUPERSETS.get(name, name)
    return name if name in _CJK and _reads_as_cjk(sample.decode(name, errors="replace")) else None


def _reads_as_cjk(text: str) -> bool:
    """Whether most of a reading's non-ASCII characters are CJK text: Cyrillic bytes read
    by Shift_JIS come out as half-width katakana, and Big5 bytes as private-use ones."""
    others = sum(1 for char in text if char >= "\x80")
    return len(_CJK_TEXT.findall(text)) >= CJK_SCRIPT_SHARE * others


def _cjk_paired(sample: bytes) -> str | None:
    """The codec charset-normalizer names for the sample without its stray bytes: one is
    enough for it to miss (it read an undeclared GBK page of chinese_wced as Kazakh
    Cyrillic). Each double-byte codec that finds a few invalid bytes in the sample (single-
    byte letters in words of odd length break its pairs: many) drops them, and the sample
    without them is asked again."""
    high = _high_bytes(sample)
    if high < CJK_MIN_BYTES:
        return None
    asked = {sample}
    for name in _DOUBLE_BYTE:
        if _replacing(sample, name)[1] <= _few(high):
            paired = sample.decode(name, errors="ignore").encode(name)
            found = None if paired in asked else _cjk(paired)
            if found is not None:
                return found
            asked.add(paired)
    return None


def _single_byte_guess(sample: bytes) -> str:
    """The single-byte codec whose reading of ``sample`` is most plausible; windows-1252 wins ties."""
    runs, size = [], 0
    for run in _HIGH_RUN.finditer(sample):
        runs.append(run.group())
        size += len(run.group())
        if size >= SCORE_BYTES:
            break
    seen = b"\n".join(runs)
    scores = {name: _implausibility(seen.decode(name, errors="replace"), alphabets)
              for name, alphabets in _SINGLE_BYTE.items()}
    return min(scores, key=lambda name: scores[name])  # dicts keep order: ties go to the earlier codec


def _implausibility(text: str, alphabets: dict[str, str]) -> int:
    """Penalty points for ``text`` as a reading of the bytes; only non-ASCII characters can earn any."""
    points = 0
    foreign: Counter[str] = Counter()
    for i, char in enumerate(text):
        if char < "\x80":
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if char == "\ufffd" or "\x80" <= char <= "\x9f":
            points += UNMAPPED
        elif not char.isalpha():
            if before.isalpha() and after.isalpha() and char not in _IN_WORD:
                points += INSIDE_WORD_SYMBOL
        else:
            if char.isupper() and before.isalpha() and before.islower():
                points += INNER_CAPITAL
            if (before.isalpha() and _script(before) != _script(char)) or (
                after.isalpha() and _script(after) != _script(char)
            ):
                points += MIXED_SCRIPT
            if _script(char) == "LATIN":
                foreign[char.lower()] += 1
    if foreign:
        points += FOREIGN_LETTER * min(
            sum(n for letter, n in foreign.items() if letter not in alphabet) for alphabet in alphabets.values()
        )
    return points


@functools.cache
def _script(char: str) -> str:
    """The first word of a letter's Unicode name: LATIN, CYRILLIC, GREEK, HEBREW …"""
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]
