"""The rule catalog tests itself: every example matches, every counterexample does not."""

import pytest

from cleantext.facts import quick_words
from cleantext.match import _LIST_MARK, CLAIM, Catalog, Matcher, matcher
from cleantext.rules import RuleError, catalog, languages, nested_quantifier, parse

RULES = catalog()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_matches_its_examples(rule):
    """Each example is matched by the rule's pattern."""
    missed = [e for e in rule.examples if not rule.pattern.search(e)]
    assert [] == missed


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_examples_fit_its_length_limit(rule):
    """Each example is within the rule's max_words as the classifier counts words: an example
    one word too long matches the pattern and still never fires."""
    too_long = [e for e in rule.examples if not rule.fits(quick_words(e))]
    assert [] == too_long


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_spares_its_counterexamples(rule):
    """No counterexample is matched by the rule's pattern."""
    hit = [c for c in rule.counterexamples if rule.pattern.search(c) and rule.fits(len(c.split()))]
    assert [] == hit


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_survives_backtracking_bait(rule):
    """A long run of words with no match ends well inside the timeout."""
    bait = "word " * 20000 + "!"
    try:
        rule.pattern.search(bait, timeout=1.0)
    except TimeoutError:
        pytest.fail(f"{rule.id} timed out on backtracking bait")


def test_catalog_covers_languages():
    """The catalog has rules for at least en, ru, de, fr, es and uk."""
    assert {"en", "ru", "de", "fr", "es", "uk"} <= {r.lang for r in RULES}


@pytest.mark.parametrize("pattern", [r"(?:a+)*", r"(\w+\s)+", r"(?:x|y*){2,}", r"([^,]+,){3,}"])
def test_nested_quantifiers_are_detected(pattern):
    """Repeated groups that contain repetition are refused."""
    assert nested_quantifier(pattern)


@pytest.mark.parametrize("pattern", [r"(?:ab?)?", r"\w+ (?:and|or) \w+", r"[(+*]+", r"(?:our |the )*news", r"a{2}"])
def test_simple_patterns_pass_the_check(pattern):
    """Single repetition, escaped or bracketed symbols are fine."""
    assert not nested_quantifier(pattern)


def test_malformed_rule_file_names_the_problem():
    """A rule with an unknown role is refused with the file and rule named."""
    text = 'category = "advertisement"\n[[rules]]\nname = "x"\nlang = "en"\nrole = "maybe"\npattern = "ad"\nexamples = ["ad"]\n'
    with pytest.raises(RuleError, match="test.toml: rule 'x': role"):
        parse(text, "test.toml")


@pytest.mark.parametrize("place", ["head", "anywhere"])
def test_an_opener_placed_anywhere_but_the_tail_is_refused(place):
    """Openers open tail regions; the loader refuses one placed at the head or anywhere."""
    text = (
        'category = "advertisement"\n[[rules]]\nname = "x"\nlang = "en"\nrole = "opener"\n'
        f'where = "{place}"\npattern = "ad"\nexamples = ["ad"]\n'
    )
    with pytest.raises(RuleError, match="where must be 'tail'"):
        parse(text, "test.toml")


@pytest.mark.parametrize(
    ("field", "placement"),
    [
        ("runs_to_end", 'role = "signal"'),  # only a tail opener's or a header line's region runs to the end
        ("alone_at_end", 'role = "signal"'),  # only a tail opener goes alone at the end
        ("asks", 'role = "line"'),  # only a signal says what it is evidence of
        ("lists_to_end", 'role = "opener"\nwhere = "tail"'),  # only a header line announces a list
    ],
)
def test_a_flag_on_a_rule_of_the_wrong_role_is_refused(field, placement):
    text = (
        f'category = "comments"\n[[rules]]\nname = "x"\nlang = "en"\n{placement}\n'
        f'{field} = true\npattern = "ad"\nexamples = ["ad"]\n'
    )
    with pytest.raises(RuleError, match=field):
        parse(text, "test.toml")


@pytest.mark.parametrize("lang", ["xx", "EN", "english", "en-US"])
def test_rule_with_an_undeclared_language_is_refused(lang):
    """A rule's lang must be "any" or a code declared in languages.toml."""
    text = _ad_rule("").replace('lang = "en"', f'lang = "{lang}"')
    with pytest.raises(RuleError, match="rule 'x': lang must be 'any' or a code declared in languages.toml"):
        parse(text, "test.toml")


def test_rule_for_any_or_a_declared_language_is_accepted():
    """ "any" and every declared code pass the check."""
    for lang in ("any", *languages()):
        (rule,) = parse(_ad_rule("").replace('lang = "en"', f'lang = "{lang}"'), "test.toml")
        assert rule.lang == lang


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ('requires = ["zz"]\n', "examples lack every required string"),
        ('requires = ["ad"]\nrequires_within = 2\n', "examples lack every required string"),
        ("requires_within = 5\n", "requires_within must be"),
        ('requires = ["ad"]\nrequires_within = 0\n', "requires_within must be"),
        ('requires = [["an "], ["zz", "yy"]]\n', "examples lack every required string of"),
        ('requires = [["ad"], []]\n', "requires must be"),
        ('requires = ["ad", ["an"]]\n', "requires must be"),
    ],
)
def test_required_strings_are_checked_against_the_examples(fields, problem):
    """Every example must hold a required string, within requires_within if it is given."""
    with pytest.raises(RuleError, match=problem):
        parse(_ad_rule(fields), "test.toml")


def _ad_rule(fields: str) -> str:
    """A rule file of one line rule matching "ad", with ``fields`` added."""
    return (
        'category = "advertisement"\n[[rules]]\nname = "x"\nlang = "en"\nrole = "line"\n'
        f'pattern = "ad"\nexamples = ["an ad"]\n{fields}'
    )


def _matcher(text: str) -> Matcher:
    return Matcher(Catalog(parse(text, "test.toml")), 1.0)


def test_required_strings_within_a_prefix_still_admit_the_rule():
    """A rule whose required string lies inside requires_within is tried; past it, not."""
    matcher = _matcher(_ad_rule('requires = ["ad"]\nrequires_within = 5\n'))
    assert matcher.first("line", "an ad", 2) is not None
    assert matcher.first("line", "a long way to the ad", 6) is None


def test_every_group_of_required_strings_must_be_met():
    """With several groups, a block is tried only if it holds a string of each."""
    matcher = _matcher(_ad_rule('requires = [["an ", "the "], ["ad"]]\n'))
    assert matcher.first("line", "the ad", 2) is not None
    assert matcher.first("line", "one ad", 2) is None  # the pattern matches; no "an " or "the "
    assert matcher.first("line", "an ox", 2) is None


def test_a_rule_that_may_start_anywhere_is_screened_by_its_strings():
    """A line rule whose pattern can begin with anything (a free start before its words) is
    tried only on texts holding one of the strings its pattern must hold, and still found
    there, at the start of a short block as behind other words of a long one."""
    from cleantext.match import _narrows, _requires

    text = (
        'category = "navigation"\n[[rules]]\nname = "x"\nlang = "en"\nrole = "line"\n'
        r"pattern = '(?:^|^[^\n]{0,120}?\W)take (?:our|the) survey\b[^\n]{0,120}$'" "\n"
        'examples = ["Tell us more: take our survey"]\n'
    )
    rules = parse(text, "test.toml")
    assert _requires(rules[0], _narrows(rules[0])) == (("take our survey", "take the survey"),)
    matcher = _matcher(text)
    assert matcher.first("line", "Take our survey", 3) is not None
    long = "Readers who got this far have a minute left, so please take the survey about our local pages today"
    assert matcher.first("line", long, 20) is not None
    assert matcher.first("line", "We took a survey of 200 readers", 7) is None


def test_rule_ids_are_unique():
    """No two rules in the catalog share an id."""
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))


def test_overlapping_signals_are_all_found():
    """Each signal rule is searched on its own: one rule's match does not hide another's."""
    text = 'category = "signals"\n' + "".join(
        f'[[rules]]\nname = "{name}"\nlang = "en"\nrole = "signal"\npattern = "{name}"\nexamples = ["{name}"]\n'
        for name in ("donate now", "now or never")
    )
    weight, hits = _matcher(text).signals("Donate now or never.")
    assert [h.matched for h in hits] == ["Donate now", "now or never"]
    assert weight == 2.0


#: Marks that open a text before its first word: a rule's example behind one of them, where
#: its pattern still matches, must still be found (below).
OPENING_MARKS = ("\u00ab", "(", "\u00bf", '"', "\u201c")


@pytest.mark.parametrize("rule", [r for r in RULES if r.role != "signal"], ids=lambda r: r.id)
def test_rule_examples_match_through_the_matcher(rule):
    """The prefix-filtered matcher finds each example's rule (or an earlier one), also behind
    an opening quote, bracket or question mark where the pattern still matches: the prefix
    filter's partial match must not turn it away (a lazy start before a word boundary does,
    in regex, on a lone punctuation mark)."""
    from cleantext.facts import quick_words
    from cleantext.match import matcher

    m = matcher(None, 1.0)
    for example in rule.examples:
        behind = [mark + example for mark in OPENING_MARKS]
        for text in [example, *(t for t in behind if rule.pattern.match(t))]:
            if rule.fits(quick_words(text)):
                assert m.first(rule.role, text, quick_words(text)) is not None, text


# The catalog's content: every category in every core language, and bodies kept whole.

from cleantext.model import CATEGORIES

CORE_LANGUAGES = ("en", "ru", "uk", "de", "fr", "es")

#: Per language: a news body (three paragraphs), then the blocks outlets append to it.
APPENDED = {
    "en": (
        [
            "President Vladimir Putin met with Kyrgyz President Sadyr Japarov on Wednesday in Bishkek.",
            "The two sides signed agreements on trade, energy and migration during the talks, officials said.",
            "Central Asian countries have increasingly sought to balance relations with Russia and China.",
        ],
        [
            "Reporting by Jane Smith; Editing by Tom Brown",
            "Related stories",
            "Putin visits Kazakhstan as trade grows",
            "What the CSTO summit means for the region?",
            "Sign up for our newsletter",
            "Share this article",
            "Facebook Twitter Email",
        ],
    ),
    "ru": (
        [
            "Президент России во вторник провел переговоры с президентом Киргизии в Бишкеке, сообщили в Кремле.",
            "Стороны обсудили торговлю, энергетику и миграцию и подписали несколько соглашений.",
            "По словам президента, в стране сейчас работают около 1700 российских компаний, и их число растет.",
        ],
        [
            "Фото: Михаил Мецель / ТАСС",
            "Дорогие читатели!",
            "Нам нужна ваша помощь. Власти признали нашу редакцию «нежелательной», и любой донат опасен.",
            "Если вы можете, поддержите нас — даже 100 рублей в месяц помогут нам.",
            "Поддержать",
            "Напомнить позже",
            "Подпишитесь на наш канал в Telegram",
        ],
    ),
    "uk": (
        [
            "Президент України у вівторок провів нараду з військовими щодо ситуації на фронті, повідомили в ОП.",
            "Учасники обговорили постачання боєприпасів, ремонт техніки та підготовку нових бригад до зими.",
            "За словами президента, уряд має до кінця місяця подати план відновлення енергетики.",
        ],
        [
            "Дорогі читачі!",
            "Ми працюємо для вас щодня, але без вашої підтримки незалежна журналістика не виживе.",
            "Станьте нашим патроном — навіть 100 гривень на місяць допомагають редакції.",
            "Підтримати",
            "Підпишіться на наш канал у Telegram",
            "Коментарі",
        ],
    ),
    "de": (
        [
            "Die Bundesregierung hat am Dienstag ein neues Gesetz zur Förderung erneuerbarer Energien beschlossen.",
            "Bis 2030 sollen damit rund 80 Prozent des Stroms aus Wind und Sonne kommen, hieß es.",
            "Kritiker aus der Opposition bemängelten, dass der Ausbau der Netze nicht Schritt halte.",
        ],
        [
            "Mehr zum Thema: Wie teuer wird der Strom im Winter?",
            "Liebe Leserinnen und Leser,",
            "Journalismus kostet Geld. Wenn Sie unsere Arbeit wertvoll finden, unterstützen Sie uns.",
            "Jetzt unterstützen",
            "Artikel teilen",
            "Folgen Sie uns auf Facebook und Instagram",
        ],
    ),
    "fr": (
        [
            "Le gouvernement a présenté mardi son projet de budget pour l'année prochaine en Conseil des ministres.",
            "Selon le ministre de l'Économie, le déficit public devrait être ramené à 4,5 % du PIB d'ici deux ans.",
            "Les syndicats ont dénoncé des coupes dans les services publics et appellent à manifester.",
        ],
        [
            "Lire aussi | Budget 2025 : ce qui change pour les ménages",
            "Il vous reste 62% de cet article à lire. La suite est réservée aux abonnés.",
            "Déjà abonné ? Se connecter",
            "Partager",
            "Suivez-nous sur Twitter et Facebook",
        ],
    ),
    "es": (
        [
            "El Gobierno aprobó este martes el proyecto de presupuestos generales para el próximo año.",
            "Según la ministra de Hacienda, el déficit público se reducirá hasta el 2,5 % del producto interior bruto.",
            "Los sindicatos criticaron los recortes en sanidad y educación y anunciaron movilizaciones.",
        ],
        [
            "Lee también: Qué cambia en la declaración de la renta",
            "Te puede interesar",
            "Suscríbete para seguir leyendo",
            "Lee sin límites",
            "Compartir",
            "Síguenos en Facebook y X",
        ],
    ),
}

#: Per language: a line inserted between two body paragraphs, removed on its own.
INSERTED = {
    "en": "READ MORE: Kazakhstan signs gas deal with Gazprom",
    "ru": "Читайте также: Путин посетит Казахстан в 2026 году",
    "uk": "Читайте також: Уряд ухвалив нову програму підтримки",
    "de": "Lesen Sie auch: Die Bahn streicht Verbindungen",
    "fr": "À lire aussi : La réforme des retraites adoptée",
    "es": "Foto: EFE",
}

#: Per language: body sentences that begin like boilerplate, placed last where a cut is likeliest.
BODY_ENDINGS = {
    "en": ["Support for the measure fell to 40 percent, according to a poll.", "Related charges were dropped."],
    "ru": ["Поддержать инициативу решили в мэрии, но сроки пока не назвали.", "Фото сделано в 2010 году."],
    "uk": ["Підтримати ініціативу вирішили в міськраді, але терміни не назвали.", "Фото зроблено у 2010 році."],
    "de": ["Mehr dazu sagte er nicht.", "Unterstützen Sie den Antrag?, fragte der Reporter die Ministerin."],
    "fr": ["Lire un livre par semaine reste son objectif.", "Partager le pouvoir reste difficile."],
    "es": ["Más noticias llegarán el lunes, dijo la jueza.", "Compartir piso es cada vez más caro."],
}


@pytest.mark.parametrize("category", [c for c in CATEGORIES if c not in ("title", "template")])
def test_every_category_has_rules_for_every_core_language(category):
    """Each category file speaks each core language (through its own rules or an "any" rule)."""
    langs = {r.lang for r in RULES if r.category == category}
    assert "any" in langs or set(CORE_LANGUAGES) <= langs


@pytest.mark.parametrize("lang", CORE_LANGUAGES)
def test_appended_material_goes_and_the_body_stays(lang):
    """Body + typical appended blocks in one language comes back as the body alone."""
    import cleantext

    body, appended = APPENDED[lang]
    assert "\n".join(body) == cleantext.clean("\n".join(body + appended))


@pytest.mark.parametrize("lang", CORE_LANGUAGES)
def test_inserted_line_goes_alone(lang):
    """A pointer or credit line between body paragraphs is removed, the paragraphs around it kept."""
    import cleantext

    body = APPENDED[lang][0]
    result = cleantext.explain("\n".join([body[0], INSERTED[lang], *body[1:]]))
    assert "\n".join(body) == result.text
    assert [r.text for r in result.removed] == [INSERTED[lang]]


@pytest.mark.parametrize("lang", CORE_LANGUAGES)
def test_body_sentences_that_look_like_boilerplate_stay(lang):
    """Body sentences that start like a rule's trigger survive at the end of a body."""
    import cleantext

    body = "\n".join(APPENDED[lang][0] + BODY_ENDINGS[lang])
    assert body == cleantext.clean(body)


#: More shapes that make a careless pattern backtrack: one long token, a long unspaced
#: line, runs of whitespace, digits or newlines, and a phrase rules look for, repeated.
BAIT_SHAPES = {
    "one_token": "a" * 100_000 + "!",
    "unspaced_line": "x" * 256_000,
    "whitespace": " " * 200_000 + "!",
    "words_and_commas": "word, " * 20_000 + "?",
    "phrase_repeated": "Subscribe to our " * 10_000 + "!",
    "greeting_repeated": "Dear Readers " * 10_000,
    "digits": "1" * 200_000 + "a",
    "newlines": "a\n" * 100_000,
    "prices": "$1 " * 50_000 + "x",
    "cyrillic_words": "слово " * 20_000 + "!",
}


@pytest.mark.parametrize("shape", BAIT_SHAPES)
@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_survives_more_bait_shapes(rule, shape):
    """Each bait shape ends well inside the timeout for every rule."""
    try:
        rule.pattern.search(BAIT_SHAPES[shape], timeout=1.0)
    except TimeoutError:
        pytest.fail(f"{rule.id} timed out on the {shape} bait")


def _backtracking_texts(rule) -> list[str]:
    """Texts of UNTIMED_CHARS characters shaped to make a pattern backtrack: runs of one
    character class, and the rule's own examples repeated without their last character."""
    from cleantext.match import UNTIMED_CHARS

    runs = ["a" * UNTIMED_CHARS, " " * UNTIMED_CHARS, "a " * (UNTIMED_CHARS // 2), "." * UNTIMED_CHARS,
            "1" * UNTIMED_CHARS, "\u6587" * UNTIMED_CHARS]
    own = [(example[:-1] + " ") * (UNTIMED_CHARS // max(len(example), 1) + 1) for example in rule.examples]
    return runs + [text[:UNTIMED_CHARS] for text in own]


def test_short_texts_match_far_inside_the_timeout():
    """Every rule runs on short texts in under a fifth of the default timeout: texts up to
    UNTIMED_CHARS are matched without one (match.py)."""
    import time

    from cleantext.options import Options

    def seconds(rule, text: str) -> float:
        start = time.process_time()
        rule.pattern.search(text)
        rule.pattern.match(text)
        return time.process_time() - start

    budget = Options().rule_timeout / 5
    # CPU time, and the best of three for a text over budget: the machine may be shared.
    slow = [
        rule.id
        for rule in RULES
        for text in _backtracking_texts(rule)
        if seconds(rule, text) > budget and min(seconds(rule, text) for _ in range(3)) > budget
    ]
    assert [] == slow


def test_required_strings_are_read_off_a_pattern():
    """A signal screen's strings: a literal run, one per branch, nothing from optional parts."""
    from cleantext.match import required_strings

    assert ("donate now", "support us") == required_strings(r"\b(?:Donate now|support us)\b")
    assert ("illustration",) == required_strings("Illustration")  # "\u0130" counts as "i" (screen_fold)
    assert ("con ap", "con the ap") == required_strings(r"con (?:the )?ap\b")  # adjacent parts multiply
    assert ("donate today", "today") == required_strings(r"(?:donate )?today")
    assert (" says",) == required_strings(r"\p{L}+ says")  # a Unicode property is one character of no string
    assert ("a", "b") == required_strings(r"[ab]\d")  # a class of a few literals: one of them
    assert ("xy",) == required_strings(r"[ab]xy")  # ... a part of its own, not multiplied
    assert ("x",) == required_strings(r"[\p{L}]x")  # never a literal, even alone in a class
    assert required_strings(r"\X says") is None  # regex syntax the standard parser refuses
    assert required_strings(r"\d+\s*$") is None


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_examples_hold_a_string_read_off_the_pattern(rule):
    """Every example of a rule holds one of the strings read off its pattern (screens look for them)."""
    from cleantext.match import required_strings, screen_fold

    strings = required_strings(rule.pattern.pattern)
    for example in rule.examples if strings else ():
        assert any(s in screen_fold(example.casefold()) for s in strings), example


def test_screen_finds_overlapping_strings():
    """One scan finds strings that overlap and strings that are prefixes of others."""
    from cleantext.match import Screen

    screen = Screen([(0, ("ab",)), (1, ("bc",)), (2, ("a",)), (3, ("abx",))])
    assert {0, 1, 2} == screen.rules("abc")
    assert set() == screen.rules("xyz")


def test_a_screen_files_a_string_under_its_rarest_run_and_still_finds_it():
    """Strings filed under a run other than their first four characters are found wherever
    they occur, and a text holding only the common run finds none of them."""
    from cleantext.match import Screen

    screen = Screen([(0, ("the newsletter",)), (1, ("the news desk",)), (2, ("the ",))])
    assert {0, 2} == screen.rules("sign up for the newsletter")
    assert {1, 2} == screen.rules("call the news desk")
    assert {2} == screen.rules("the weather")
    assert "the newsletter" not in screen._long.get("the ", [])


def test_length_limits_share_a_screen_until_it_would_hold_many_rules_too_short():
    from cleantext.match import SCREEN_SHARE, _shared_screens

    # Ten rules up to 3 words, one up to 8, ten up to 40: the 8-word limit leaves out 10 of
    # 21 rules (more than SCREEN_SHARE allows), so it has its own screen; 40 shares it.
    limits = [3] * 10 + [8] + [40] * 10
    assert SCREEN_SHARE > 11 / 21
    assert {3: 3, 8: 8, 40: 8} == _shared_screens(limits)


def test_a_long_block_gets_the_same_rules_from_a_shared_screen():
    """A block longer than the rules of the screen that serves its length still gets only
    rules that fit it: every nominated rule fits its words."""
    from cleantext.match import catalog

    every = catalog(None)
    text = "Subscribe to our newsletter, follow us on Facebook and share this story with a friend who reads the news"
    words = quick_words(text)
    limit = next(n for n in every._required_limits[CLAIM] if n >= words)
    assert every._screen_limits[CLAIM][limit] < limit  # a lower limit's screen serves it
    nominated = every.nominated(CLAIM, text, words, text.casefold())
    assert nominated and all((c[1].max_words or words) >= words for c in nominated)


def test_pattern_characters_fold_alike_or_are_marked_unstable():
    """Every character of a catalog pattern that regex's IGNORECASE matches to a character
    with another casefold is in FOLD_UNSTABLE (screens must not miss a match)."""
    import regex

    from cleantext.match import FOLD_UNSTABLE, screen_fold

    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    used = {char for rule in RULES for char in rule.pattern.pattern if char.lower() != char.upper()}
    unstable = {
        char for char in used
        if len({screen_fold(m.casefold()) for m in regex.findall(regex.escape(char), everything, flags=regex.IGNORECASE)}) > 1
    }
    assert set() == unstable - FOLD_UNSTABLE


@pytest.mark.parametrize(
    "line",
    ["Read more: Ten ways to save water", "Follow us on Facebook", "Share this article", "Lesen Sie auch: Neue Ampel am Markt"],
)
@pytest.mark.parametrize("mark", ["• ", "- ", "* ", "» ", "▪ ", "– "])
def test_a_list_mark_before_a_line_changes_no_rule_answer(line, mark):
    plain = matcher(None, 1.0).first(CLAIM, line, quick_words(line))
    marked = matcher(None, 1.0).first(CLAIM, mark + line, quick_words(mark + line))
    assert plain is not None and marked is not None and marked.rule.id == plain.rule.id


def test_a_mark_that_is_part_of_the_text_is_no_list_mark():
    # German quotation marks and a minus sign: no space after them.
    assert _LIST_MARK.match("»Wir sind zufrieden«, sagte sie.") is None
    assert _LIST_MARK.match("-5 °C in der Nacht") is None


def test_a_pattern_that_does_not_compile_names_its_rule_when_compiled():
    """parse() compiles at once; the shipped catalog's patterns compile when first used, and
    a bad one then raises the same RuleError, naming its rule."""
    broken = _ad_rule("").replace('pattern = "ad"', 'pattern = "(ad"', 1)
    with pytest.raises(RuleError, match="test.toml: rule 'x': bad pattern"):
        parse(broken, "test.toml")
    (rule,) = parse(broken, "test.toml", compile_now=False)
    with pytest.raises(RuleError, match="test.toml: rule 'x': bad pattern"):
        rule.pattern.search("an ad")


def test_a_lazily_loaded_pattern_is_compiled_once_on_first_use():
    (rule,) = parse(_ad_rule(""), "test.toml", compile_now=False)
    assert rule.pattern._compiled is None
    assert rule.pattern.search("an ad") is not None
    first = rule.pattern.compiled
    assert rule.pattern.compiled is first and first.pattern == rule.pattern.pattern == "ad"


def test_a_prepared_catalog_answers_as_one_built_on_first_use():
    """Catalog.prepare builds every screen up front (before workers fork); no answer changes,
    on the first text asked as on the rest: each rule's examples and counterexamples, asked
    of every role."""
    texts = [t for rule in RULES for t in (*rule.examples, *rule.counterexamples)]
    fresh, prepared = Catalog(RULES), Catalog(RULES)
    prepared.prepare()
    for text in texts:
        words = quick_words(text)
        asked = [Matcher(c, 10.0) for c in (fresh, prepared)]
        assert asked[0].signals(text) == asked[1].signals(text), text
        for role in ("line", "opener", CLAIM):
            assert asked[0].first(role, text, words) == asked[1].first(role, text, words), (role, text)
