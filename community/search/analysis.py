"""Text analysis: Dutch and English analyzers, accent folding, language detection.

Each language gets Whoosh's ``LanguageAnalyzer`` chain (tokenizer, lower case, the
language's stop words, its Snowball stemmer) with accent folding (``CharsetFilter`` with
``accent_map``) before the stemmer. Dutch adds one small filter: Snowball Dutch leaves the
``-ies``/``-ieën`` plurals of nouns in ``-ie`` alone (``subsidies`` stays ``subsidies``,
``subsidie`` stays ``subsidie``), so ``DutchPluralFilter`` maps them to the singular
first. What Snowball does and does not conflate is asserted in
``tests/community/search/test_language.py``.

Language of a document: ``detect_language(text, default)`` counts Dutch and English stop
words; a clear majority decides, otherwise the author's locale (``default``) does.
"""
from __future__ import annotations

import re
from functools import cache

from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    NgramFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.lang import stopwords_for_language
from whoosh.support.charset import accent_map

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
WORD_PATTERN = r"[\w\*]+(\.?[\w\*]+)*"  # Whoosh's default (keeps * for wildcards)


class DutchPluralFilter(Filter):
    """``subsidies`` -> ``subsidie``, ``categorieën``/``categorieen`` -> ``categorie``."""

    def __call__(self, tokens):
        for t in tokens:
            text = t.text
            if len(text) > 5:
                if text.endswith("ies"):
                    t.text = text[:-1]
                elif text.endswith("ieen"):
                    t.text = text[:-2]
            yield t


def _chain(lang: str):
    chain = RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | StopFilter(lang=lang) \
        | CharsetFilter(accent_map)
    if lang == "nl":
        chain = chain | DutchPluralFilter()
    return chain | StemFilter(lang=lang, cachesize=50_000)


@cache
def language_analyzer(lang: str):
    """The analyzer for the ``*_nl`` or ``*_en`` fields."""
    return _chain(lang)


@cache
def plain_analyzer():
    """Words as written, lower-cased and accent-folded: the spelling dictionary."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


@cache
def prefix_analyzer():
    """Edge n-grams of each title word, for autocomplete without wildcard queries."""
    return plain_analyzer() | NgramFilter(minsize=2, maxsize=20, at="start")


_WORD = re.compile(r"\w+", re.UNICODE)


@cache
def _stopwords(lang: str) -> frozenset[str]:
    return frozenset(stopwords_for_language(lang))


def detect_language(text: str | None, default: str | None = None) -> str:
    """``nl`` or ``en``: the language whose stop words clearly dominate, else ``default``."""
    fallback = default if default in LANGUAGES else DEFAULT_LANGUAGE
    if not text:
        return fallback
    words = [w.lower() for w in _WORD.findall(text[:5000])]
    nl_stop, en_stop = _stopwords("nl"), _stopwords("en")
    nl = sum(1 for w in words if w in nl_stop and w not in en_stop)
    en = sum(1 for w in words if w in en_stop and w not in nl_stop)
    if nl + en < 2:
        return fallback
    if nl >= 2 * en:
        return "nl"
    if en >= 2 * nl:
        return "en"
    return fallback
