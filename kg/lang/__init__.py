"""Language registry and detection.

Each supported language is one module here, named by its code and exposing
`RULES` (a :class:`~kg.lang.base.LanguageRules`); the modules are found by
listing this package, so adding a language means adding its module and its
vocabulary in `data/ref/`, nothing else. Detection is a cheap stopword vote (a
few microseconds a readout) rather than a statistical model: readouts are long
enough, and the sidecar usually says the language anyway.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import cache

from kg.lang.base import LanguageRules

# Modules of this package that are not languages (as are those whose name starts with "_",
# for helpers shared by several languages).
_NOT_LANGUAGES = frozenset({"base"})
_MODULES = {m.name: f"{__name__}.{m.name}" for m in pkgutil.iter_modules(__path__)
            if m.name not in _NOT_LANGUAGES and not m.name.startswith("_")}
# Languages given as rules rather than modules (see :func:`register`).
_REGISTERED: dict[str, LanguageRules] = {}

# Sidecars name their publishers in English ("Indian Defence News", "Xinhua French edition")
# whatever the readout's language, so the publisher's state is read with this language's
# state names, demonyms and `edition_words`.
PUBLISHER_LANGUAGE = "en"

# Stopwords of languages we can *recognise* but not parse, so that the error
# can say "German is not supported" instead of guessing French.
_OTHER_STOPWORDS = {
    "de": "der die das und ist nicht mit den dem des ein eine sich auf für von zu im".split(),
    "es": "el la los las y que en del por con para una se su al es lo como más".split(),
    "it": "il della che e di non per una sono gli con del le nella anche alla".split(),
    "pt": "o os que e do da em um para com não uma dos das no na se ao".split(),
    "nl": "de het een van en is dat op te zijn met voor niet aan bij ook".split(),
}
_NAMES = {"de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
          "nl": "Dutch", "ru": "Russian", "zh": "Chinese"}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


def supported_languages() -> tuple[str, ...]:
    return tuple(sorted(set(_MODULES) | set(_REGISTERED)))


def language_modules() -> dict[str, str]:
    """Language code -> module name of every language module of this package."""
    return dict(_MODULES)


def register(rules: LanguageRules) -> None:
    """Make `rules` a supported language without a module (tests, a language being written)."""
    _REGISTERED[rules.code] = rules


def unregister(code: str) -> None:
    """Forget a language given to :func:`register`."""
    _REGISTERED.pop(code, None)


def rules_for(lang: str) -> LanguageRules:
    """The rules of `lang`; raises KeyError for a language without a module."""
    rules = _REGISTERED.get(lang)
    return rules if rules is not None else _module_rules(lang)


@cache
def _module_rules(lang: str) -> LanguageRules:
    module = importlib.import_module(_MODULES[lang])
    return module.RULES


def detect_language(text: str) -> tuple[str | None, str]:
    """Guess the language of `text`: (code, "") or (None, why not).

    Scripts decide first (Cyrillic, Han); otherwise the language whose
    stopwords cover most of the words wins, and must cover at least 15 % of them.
    """
    sample = text[:4000]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return None, "no words in the text"
    cyr = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    han = sum(1 for c in letters if "\u4e00" <= c <= "\u9fff")
    for code, count in (("ru", cyr), ("zh", han)):
        if count > len(letters) * 0.3:
            if code in supported_languages():
                return code, ""
            return None, f"looks like {_NAMES[code]} ({code}), which has no rules yet"
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < 5:
        return None, "too few words to tell the language"
    scores: dict[str, float] = {}
    supported = supported_languages()
    for code in supported:
        stop = rules_for(code).stopwords
        scores[code] = sum(1 for w in words if w in stop) / len(words)
    for code, stop in _OTHER_STOPWORDS.items():
        scores.setdefault(code, sum(1 for w in words if w in stop) / len(words))
    best = max(scores, key=lambda c: scores[c])
    if scores[best] < 0.15:
        return None, "no supported language recognised (too few common words)"
    if best not in supported:
        return None, f"looks like {_NAMES[best]} ({best}), which has no rules yet"
    return best, ""
