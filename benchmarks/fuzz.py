"""Long fuzzing run of clean()'s contracts, kept out of the test suite (it takes minutes).

    python benchmarks/fuzz.py                       # 2,000 examples per property
    python benchmarks/fuzz.py --examples 50000 --seed 7

For every generated document (any str including lone surrogates and controls, any bytes,
text in a legacy encoding, mojibake, tag soup with deep nesting):
- clean() returns a str and raises nothing;
- the output encodes to UTF-8, is NFC, has no control character but newline;
- clean(clean(x)) == clean(x), and explain(x).text == clean(x).
A failure prints Hypothesis' shrunk example; turn it into a case in tests/test_reliability.py.
Exit code 1 if any property failed.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
import unicodedata

import regex
from common import import_cleantext
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

cleantext = import_cleantext()

_CONTROL = regex.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_CODECS = ("utf-8", "utf-16-le", "utf-16", "cp1251", "cp1252", "latin-1", "shift_jis", "gb18030", "koi8-r")
_TAGS = ("p", "div", "span", "article", "li", "ul", "h1", "a", "script", "style", "table", "td", "br", "b")

#: Every code point, surrogates and controls included (st.text() leaves surrogates out).
any_char = st.characters(codec=None, categories=None)
any_text = st.text(any_char, max_size=400)
#: Mostly letters and spaces, with the odd character from anywhere.
wordy_text = st.text(
    st.one_of(st.sampled_from("abcdefghij klmnop \n.,"), st.sampled_from("éüßжя中文\u200d\ufffd’“"), any_char),
    max_size=400,
)


@st.composite
def legacy_bytes(draw: st.DrawFn) -> bytes:
    """Text encoded in a legacy or Unicode codec, whatever it cannot encode replaced."""
    text = draw(wordy_text)
    codec = draw(st.sampled_from(_CODECS))
    return text.encode(codec, errors="replace")


@st.composite
def mojibake(draw: st.DrawFn) -> str:
    """UTF-8 read as cp1252 or latin-1, once or twice: what ftfy is there to undo."""
    text = draw(wordy_text)
    for _ in range(draw(st.integers(1, 2))):
        text = text.encode("utf-8", errors="replace").decode(draw(st.sampled_from(("cp1252", "latin-1"))), errors="replace")
    return text


@st.composite
def tag_soup(draw: st.DrawFn) -> str:
    """HTML-ish text: random tags, unclosed or nested deep, with text in between."""
    parts = ["<!doctype html><html><body>"] if draw(st.booleans()) else []
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(st.sampled_from(_TAGS))
        kind = draw(st.sampled_from(("open", "close", "text", "deep", "attr")))
        if kind == "open":
            parts.append(f"<{tag}>")
        elif kind == "close":
            parts.append(f"</{tag}>")
        elif kind == "deep":
            depth = draw(st.integers(1, 3000))
            parts.append(f"<{tag}>" * depth + draw(wordy_text) + f"</{tag}>" * depth)
        elif kind == "attr":
            parts.append(f'<{tag} class="{draw(st.sampled_from(("newsletter", "share", "content", "x")))}">')
        else:
            parts.append(draw(st.one_of(wordy_text, any_text)))
    return "".join(parts)


documents = st.one_of(
    any_text,
    wordy_text,
    st.binary(max_size=2000),
    legacy_bytes(),
    mojibake(),
    tag_soup(),
    tag_soup().map(lambda s: s.encode("utf-8", errors="surrogatepass")),
)


def check_output(out: object) -> str:
    assert isinstance(out, str), type(out)
    out.encode("utf-8")
    assert unicodedata.is_normalized("NFC", out), "output is not NFC"
    controls = sorted(set(_CONTROL.findall(out)))
    assert not controls, f"control characters in output: {controls}"
    return out


def never_raises_and_valid(doc: str | bytes) -> None:
    check_output(cleantext.clean(doc))


def idempotent(doc: str | bytes) -> None:
    once = cleantext.clean(doc)
    assert once == cleantext.clean(once), "clean(clean(x)) != clean(x)"


def explain_agrees(doc: str | bytes) -> None:
    assert cleantext.explain(doc).text == cleantext.clean(doc)


PROPERTIES = (never_raises_and_valid, idempotent, explain_agrees)


def run(prop, examples: int, seed_value: int, deadline: float) -> str | None:
    """Run one property; the failure report, or None. An example slower than ``deadline``
    seconds (wall clock) fails too: a hang is a bug like an exception."""

    @seed(seed_value)
    @settings(
        max_examples=examples,
        deadline=deadline * 1000,
        database=None,
        phases=(Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
    )
    @given(documents)
    def test(doc):
        prop(doc)

    try:
        test()
    except Exception:  # noqa: BLE001 - any failure of the property is the finding to report
        return traceback.format_exc(limit=-3)
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="examples per property (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="Hypothesis seed, so a run can be repeated")
    parser.add_argument("--deadline", type=float, default=30.0, help="seconds one example may take (default 30)")
    parser.add_argument("--only", help="run only this property (e.g. idempotent)")
    args = parser.parse_args(argv)
    failed = 0
    for prop in PROPERTIES:
        if args.only and prop.__name__ != args.only:
            continue
        start = time.process_time()
        report = run(prop, args.examples, args.seed, args.deadline)
        took = time.process_time() - start
        status = "ok" if report is None else "FAILED"
        print(f"{prop.__name__}: {status} ({args.examples} examples, seed {args.seed}, {took:.0f} CPU-s)", flush=True)
        if report:
            failed += 1
            print(report)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
