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
    "Residents of the island had asked for a later boat for years, the chair of the board said.",
    "The operator will add a second crew to cover the extra crossings from the first of June.",
    "Share this article",
]
GERMAN = [
    "Der Hafenbeirat hat den neuen Fahrplan für die Fähre am Montag nach einer langen Anhörung beschlossen.",
    "Die Boote fahren im Sommer alle vierzig Minuten, und die letzte Überfahrt wird auf Mitternacht verlegt.",
    "Die Bewohner der Insel hatten sich seit Jahren eine spätere Fähre gewünscht, sagte die Vorsitzende.",
    "Der Betreiber setzt dafür ab dem ersten Juni eine zweite Besatzung ein.",
]


def _detect(lines: list[str]) -> frozenset[str] | None:
    return language.detect([line.casefold() for line in lines])


def test_english_text_gets_the_english_rules_alone():
    assert _detect(ENGLISH) == {"en"}


def test_german_text_gets_the_german_and_english_rules():
    assert _detect(GERMAN) == {"de", "en"}


@pytest.mark.parametrize(
    ("lang", "foreign"),
    [
        # A Dutch paragraph under a German article: Dutch comes close enough to join.
        ("nl", "Lees ook wat de gemeente over de nieuwe veerboot heeft gezegd en wat er nu gaat gebeuren."),
        ("es", "Dejá tu comentario y seguinos en las redes para más noticias de la isla"),
    ],
)
def test_a_block_in_another_language_gets_its_rules(lang, foreign):
    chosen = _detect([*GERMAN, foreign])
    assert chosen is None or lang in chosen


@pytest.mark.parametrize("foreign", ["Подпишитесь на нашу рассылку", "ニュースレターを購読する"])
def test_a_letter_of_another_script_brings_every_language(foreign):
    assert _detect([*GERMAN, foreign]) is None
    assert _detect([*ENGLISH, foreign]) is None


@pytest.mark.parametrize(
    "text",
    [
        # Short text: too few function words to tell close languages apart (Polish and
        # Czech, Swedish and Danish), and cheap with every language's rules.
        "W nocy spłonęła hala magazynowa w strefie przemysłowej. Nikt nie został ranny.",
        "Merkez Bankası politika faizini yüzde 45'te sabit bıraktı. Karar piyasalarda bekleniyordu.",
        "",
        "12:30 | 4-2 | 2026",
    ],
)
def test_text_with_few_function_words_gets_every_language(text):
    assert _detect([text]) is None


def test_words_of_a_web_address_are_not_function_words():
    # "com" is a Portuguese function word; in a line of addresses it must not count.
    assert _detect([*ENGLISH, "Visit our other sites: cbs.com, cnet.com, tvguide.com and more"]) == {"en"}


def test_one_function_word_more_is_not_another_language():
    # "go" and "to" are Polish function words, "to" an English one: one more is not enough.
    assert _detect([*ENGLISH, "Go to homepage"]) == {"en"}


def test_every_script_names_declared_languages():
    assert set(rules.scripts()) >= {"Cyrillic", "Greek", "Arabic", "Hangul", "Han"}
    assert {lang for langs in rules.scripts().values() for lang in langs} <= set(rules.languages())
    assert "en" not in {lang for langs in rules.scripts().values() for lang in langs}


def test_a_german_tail_under_an_english_article_is_cut_by_the_german_rules():
    doc = "\n".join([*ENGLISH[:4], "Lesen Sie auch:", "Die Fähre fährt bald auch am Sonntag"])
    report = cleantext.explain(doc)
    assert [r.rule_id.split(".")[1] for r in report.removed][:1] == ["de"]
    assert report.text == "\n".join(ENGLISH[:4])


def test_named_languages_are_used_as_given():
    # The Spanish line is cut only when Spanish rules run: named, or chosen for the document.
    doc = "\n".join([*ENGLISH[:4], "Síguenos en las redes sociales"])
    assert "Síguenos" in cleantext.clean(doc, options=cleantext.Options(languages={"en"}))
    assert "Síguenos" not in cleantext.clean(doc)


#: A line in each of several languages written in Latin letters, with two function words or
#: more of its own, and the language it is in.
FOREIGN_LINES = [
    ("de", "Lesen Sie auch, was wir über die neue Fähre wissen"),
    ("es", "Suscríbete a nuestro boletín y recibe las noticias del día"),
    ("fr", "Abonnez-vous à notre lettre pour recevoir les nouvelles du jour"),
    ("it", "Iscriviti alla nostra newsletter per ricevere le notizie del giorno"),
    ("nl", "Schrijf je in voor onze nieuwsbrief en ontvang het nieuws van de dag"),
    ("pl", "Zapisz się do naszego newslettera, aby otrzymywać wiadomości dnia"),
    ("sv", "Prenumerera på vårt nyhetsbrev och få dagens nyheter direkt till dig"),
    ("da", "Tilmeld dig vores nyhedsbrev og få dagens nyheder hver morgen"),
    ("ro", "Abonează-te la newsletterul nostru pentru a primi știrile zilei"),
    ("id", "Berlangganan buletin kami untuk mendapatkan berita hari ini"),
]


@settings(max_examples=100, deadline=None)
@given(prose(), st.sampled_from(FOREIGN_LINES), st.integers(min_value=0, max_value=5))
def test_a_line_in_another_language_gets_its_rules(text, foreign, at):
    """Whatever English prose surrounds it, a line in another language is matched with that
    language's rules: they are chosen for the document, or every language's are."""
    lang, line = foreign
    lines = [*ENGLISH[:4], text]
    lines.insert(min(at, len(lines)), line)
    chosen = _detect(lines)
    assert chosen is None or lang in chosen
