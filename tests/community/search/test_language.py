"""Dutch and English: what Snowball does, what we add, and real sentences found by variants."""
from __future__ import annotations

import pytest
from whoosh.analysis import LanguageAnalyzer

from community.search.analysis import detect_language, language_analyzer

from .conftest import keys, search


def stems(analyzer, text):
    return [t.text for t in analyzer(text)]


def test_what_snowball_dutch_does_on_its_own():
    plain = LanguageAnalyzer("nl")
    assert stems(plain, "ondernemers ondernemer") == ["ondernemer", "ondernemer"]
    assert stems(plain, "digitaliseren digitalisering") == ["digitaliser", "digitaliser"]
    assert stems(plain, "duurzaamheid duurzame") == ["duurzam", "duurzam"]
    assert stems(plain, "financiering financieren") == ["financier", "financier"]
    # ... but it leaves the -ies plural of nouns in -ie alone: the reason for our filter
    assert stems(plain, "subsidies subsidie") == ["subsidies", "subsidie"]
    # ... and it does not split compounds
    assert stems(plain, "subsidieregeling") == ["subsidieregel"]
    # "gedigitaliseerd" (past participle) keeps its ge- prefix: no match with digitaliseren
    assert stems(plain, "gedigitaliseerd") == ["gedigitaliseerd"]


def test_our_dutch_analyzer_adds_plurals_and_accent_folding():
    nl = language_analyzer("nl")
    assert stems(nl, "subsidies subsidie") == ["subsidie", "subsidie"]
    assert stems(nl, "innovaties innovatie") == ["innovatie", "innovatie"]
    assert stems(nl, "categorieën categorie") == ["categorie", "categorie"]
    assert stems(nl, "Coöperatie cooperatie") == ["cooperatie", "cooperatie"]
    assert stems(nl, "Café cafe") == ["caf", "caf"]
    assert stems(nl, "de het een en van") == []  # Dutch stop words


def test_english_analyzer():
    en = language_analyzer("en")
    assert stems(en, "entrepreneurs entrepreneur") == ["entrepreneur", "entrepreneur"]
    assert stems(en, "subsidies subsidy") == ["subsidi", "subsidi"]
    assert stems(en, "the and of") == []


def test_language_detection():
    assert detect_language("Wij zoeken een subsidie voor de digitalisering van ons bedrijf") == "nl"
    assert detect_language("We are looking for a grant for the digitalisation of our business",
                           "nl") == "en"
    assert detect_language("Bakkerij Janssen", "en") == "en"  # too little text: the locale
    assert detect_language("", None) == "nl"


@pytest.fixture
def sentences(make_user, make_space, make_post):
    author = make_user(locale="nl")
    english_author = make_user(locale="en")
    space = make_space("open")
    return {
        "subsidie": make_post(space, author, "Zonnepanelen op het bedrijfsdak",
                              "Als ondernemer in Venlo vroeg ik een subsidie aan voor "
                              "zonnepanelen; de aanvraag duurde drie weken."),
        "digitaliseren": make_post(space, author, "Onze administratie",
                                   "Wij zijn gaan digitaliseren: facturen gaan nu "
                                   "automatisch naar de boekhouder."),
        "digitalisering": make_post(space, author, "Hulp bij digitalisering",
                                    "De digitalisering van het mkb in Limburg gaat sneller "
                                    "met een goede adviseur."),
        "cafe": make_post(space, author, "Het café aan de Markt",
                          "Een coöperatie van ondernemers nam het café over."),
        "english": make_post(space, english_author, "Finding grants",
                             "As entrepreneurs we applied for subsidies for our new "
                             "production line in Roermond."),
    }


@pytest.mark.parametrize("query,expected", [
    ("ondernemers", {"subsidie", "cafe"}),  # ondernemer / ondernemers
    ("subsidies", {"subsidie", "english"}),  # Dutch plural -> "subsidie"; English "subsidi"
    ("subsidie", {"subsidie", "english"}),  # the English fields stem it to "subsidi" too
    ("digitalisering", {"digitaliseren", "digitalisering"}),
    ("digitaliseren", {"digitaliseren", "digitalisering"}),
    ("cafe", {"cafe"}),  # without the accent
    ("cooperatie", {"cafe"}),
    ("ZONNEPANELEN", {"subsidie"}),  # case-insensitive
    ("entrepreneur", {"english"}),
    ('"production line"', {"english"}),
    ('"ondernemer in venlo"', {"subsidie"}),
])
def test_real_sentences(sentences, make_user, query, expected):
    found = keys(search(make_user(), query))
    assert found == {("post", sentences[name].id) for name in expected}


def test_title_matches_rank_first(sentences, make_user):
    result = search(make_user(), "digitalisering")
    assert [h.id for h in result.hits][0] == sentences["digitalisering"].id


def test_snippet_highlights_the_matching_word_form(sentences, make_user):
    result = search(make_user(), "ondernemers")
    hit = next(h for h in result.hits if h.id == sentences["subsidie"].id)
    assert "<mark>ondernemer</mark>" in str(hit.snippet)
    cafe = next(h for h in result.hits if h.id == sentences["cafe"].id)
    assert "<mark>ondernemers</mark>" in str(cafe.snippet)
