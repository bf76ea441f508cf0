"""Which rule languages a document is matched with when the caller names none (language.py)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import language, rules
from tests.strategies import prose

ENGLISH = [
    "The harbour board approved the new ferry timetable on Monday after a long public hearing.",
    "Boats will leave every forty minutes in summer, and the last crossing moves to midnight.",
    "Share this article",
]


def _detect(lines: list[str]) -> frozenset[str] | None:
    return language.detect([line.casefold() for line in lines])


def test_english_text_gets_the_english_rules_alone():
    assert _detect(ENGLISH) == {"en"}


@pytest.mark.parametrize(
    "foreign",
    [
        "Lesen Sie auch: Die Fähre fährt bald auch am Sonntag",  # a German pointer under the article
        "Dejá tu comentario y seguinos en las redes para más noticias",  # a Spanish call
        "Подпишитесь на нашу рассылку",  # one Cyrillic line
        "ニュースレターを購読する",  # kana
    ],
)
def test_a_block_in_another_language_brings_every_language(foreign):
    assert _detect([*ENGLISH, foreign]) is None


@pytest.mark.parametrize(
    "text",
    [
        # Turkish and Polish prose: few function words of two letters or more, none English.
        "Merkez Bankası politika faizini yüzde 45'te sabit bıraktı. Karar piyasalarda bekleniyordu.",
        "W nocy spłonęła hala magazynowa w strefie przemysłowej. Nikt nie został ranny.",
        "",
        "12:30 | 4-2 | 2026",
    ],
)
def test_text_that_does_not_read_as_english_gets_every_language(text):
    assert _detect([text]) is None


def test_words_of_a_web_address_are_not_function_words():
    # "com" is a Portuguese function word; twice in a line of addresses it must not count.
    assert _detect([*ENGLISH, "Visit our other sites: cbs.com, cnet.com, tvguide.com and more"]) == {"en"}


def test_one_function_word_more_is_not_another_language():
    # "go" and "to" are Polish function words, "to" an English one: one more is not enough.
    assert _detect([*ENGLISH, "Go to homepage"]) == {"en"}


def test_every_script_names_declared_languages():
    assert set(rules.scripts()) >= {"Cyrillic", "Greek", "Arabic", "Hangul", "Han"}
    assert {lang for langs in rules.scripts().values() for lang in langs} <= set(rules.languages())
    assert "en" not in {lang for langs in rules.scripts().values() for lang in langs}


def test_a_german_tail_under_an_english_article_is_cut_by_the_german_rules():
    doc = "\n".join([*ENGLISH[:2], "Lesen Sie auch:", "Die Fähre fährt bald auch am Sonntag"])
    report = cleantext.explain(doc)
    assert [r.rule_id.split(".")[1] for r in report.removed][:1] == ["de"]
    assert report.text == "\n".join(ENGLISH[:2])


def test_named_languages_are_used_as_given():
    # The Spanish line is cut only when Spanish rules run: named, or chosen for the document.
    doc = "\n".join([*ENGLISH[:2], "Síguenos en las redes sociales"])
    assert "Síguenos" in cleantext.clean(doc, options=cleantext.Options(languages={"en"}))
    assert "Síguenos" not in cleantext.clean(doc)


#: A line in each of several languages written in Latin letters, with two function words or
#: more of its own: each brings every language's rules to any document it is part of.
FOREIGN_LINES = [
    "Lesen Sie auch, was wir über die neue Fähre wissen",
    "Suscríbete a nuestro boletín y recibe las noticias del día",
    "Abonnez-vous à notre lettre pour recevoir les nouvelles du jour",
    "Iscriviti alla nostra newsletter per ricevere le notizie del giorno",
    "Schrijf je in voor onze nieuwsbrief en ontvang het nieuws van de dag",
    "Zapisz się do naszego newslettera, aby otrzymywać wiadomości dnia",
    "Prenumerera på vårt nyhetsbrev och få dagens nyheter direkt till dig",
    "Tilmeld dig vores nyhedsbrev og få dagens nyheder hver morgen",
    "Abonează-te la newsletterul nostru pentru a primi știrile zilei",
    "Berlangganan buletin kami untuk mendapatkan berita hari ini",
]


@settings(max_examples=100, deadline=None)
@given(prose(), st.sampled_from(FOREIGN_LINES), st.integers(min_value=0, max_value=3))
def test_a_foreign_line_anywhere_brings_every_language(text, line, at):
    lines = [*ENGLISH[:2], text]
    lines.insert(min(at, len(lines)), line)
    assert _detect(lines) is None
