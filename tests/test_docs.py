"""The docs agree with the code: every Options field documented with its default and flag, examples run."""

import dataclasses
import doctest
import re
import textwrap
from pathlib import Path

import pytest

from cleantext import Options, cli

DOCS = Path(__file__).resolve().parent.parent / "docs"
MKDOCS = DOCS.parent / "mkdocs.yml"
#: Written by benchmarks/report.py and included into benchmarks.md, so not a page of its own.
INCLUDED_ONLY = {"benchmarks/results.md", "benchmarks/corpora.md", "benchmarks/pagetext.md"}
_ENTRY = re.compile(r"^### `(?P<name>\w+)`\n\nDefault: `(?P<default>[^`]*)` · flag: `(?P<flag>--[\w-]+)", re.MULTILINE)
_PYCON = re.compile(r"^(?P<indent> *)```pycon\n(?P<code>.*?)^(?P=indent)```$", re.MULTILINE | re.DOTALL)


def option_entries() -> dict[str, re.Match]:
    page = (DOCS / "options.md").read_text(encoding="utf-8")
    return {match["name"]: match for match in _ENTRY.finditer(page)}


def test_every_options_field_has_a_docs_entry_and_no_other():
    """docs/options.md has a '### `name`' entry for each Options field, and none for a field that is gone."""
    fields = {field.name for field in dataclasses.fields(Options)}
    assert sorted(fields) == sorted(option_entries())


@pytest.mark.parametrize("field", dataclasses.fields(Options), ids=lambda field: field.name)
def test_docs_entry_states_the_default(field):
    """The 'Default:' of each entry is the repr of the field's default."""
    assert repr(field.default) == option_entries()[field.name]["default"]


@pytest.mark.parametrize("field", dataclasses.fields(Options), ids=lambda field: field.name)
def test_docs_entry_names_the_cli_flag_spelled_like_the_field(field):
    """Each entry's flag is --name-with-dashes, and the CLI parser has it."""
    flag = option_entries()[field.name]["flag"]
    strings = {string for action in cli.parser()._actions for string in action.option_strings}
    assert "--" + field.name.replace("_", "-") == flag
    assert flag in strings


def pages() -> list[Path]:
    return sorted(path for path in DOCS.rglob("*.md") if path.relative_to(DOCS).as_posix() not in INCLUDED_ONLY)


def pages_with_examples() -> list[Path]:
    return [page for page in pages() if _PYCON.search(page.read_text(encoding="utf-8"))]


def test_docs_have_examples():
    """The pages that teach the API carry runnable examples."""
    assert {"index.md", "clean.md", "explain.md"} <= {page.name for page in pages_with_examples()}


@pytest.mark.parametrize("page", pages_with_examples(), ids=lambda path: path.relative_to(DOCS).as_posix())
def test_docs_examples_run(page):
    """Every ```pycon block of a page runs as a doctest, the page's blocks in order, sharing names."""
    text = page.read_text(encoding="utf-8")
    blocks = [textwrap.dedent(match["code"]) for match in _PYCON.finditer(text)]
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, page.name, str(page), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    messages: list[str] = []
    result = runner.run(test, out=messages.append)
    assert result.failed == 0, "".join(messages)


def test_every_page_is_in_the_nav_and_every_nav_entry_exists():
    """mkdocs.yml lists each docs page once, and names no page that is missing."""
    nav = re.findall(r"^\s+- [^:\n]+: (\S+\.md)\s*$", MKDOCS.read_text(encoding="utf-8"), re.MULTILINE)
    assert sorted(path.relative_to(DOCS).as_posix() for path in pages()) == sorted(nav)


def test_every_built_in_rule_id_is_documented():
    """docs/rules.md lists every rule id decided in code, as the registry spells it."""
    from cleantext.rules import BUILT_IN, HINT_PREFIX, SIGNAL_SUFFIX

    doc = (DOCS / "rules.md").read_text(encoding="utf-8")
    ids = [*BUILT_IN, f"{HINT_PREFIX}<category>", f"{HINT_PREFIX}<category>{SIGNAL_SUFFIX}"]
    assert [] == [rule_id for rule_id in ids if f"| `{rule_id}` |" not in doc]
