"""Language registry and detection.

Each supported language is one module here exposing `RULES`; adding a
language means adding its module to `_MODULES` and its vocabulary to
`data/ref/`. Detection is a cheap stopword vote (a few microseconds a readout)
rather than a statistical model: readouts are long enough, and the sidecar
usually says the language anyway.
"""

from __future__ import annotations

import importlib
import re
from functools import cache

from kg.lang.base import LanguageRules

_MODULES = {"en": "kg.lang.en", "fr": "kg.lang.fr"}

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
    return tuple(sorted(_MODULES))


@cache
def rules_for(lang: str) -> LanguageRules:
    """The rules of `lang`; raises KeyError for a language without a module."""
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
            if code in _MODULES:
                return code, ""
            return None, f"looks like {_NAMES[code]} ({code}), which has no rules yet"
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < 5:
        return None, "too few words to tell the language"
    scores: dict[str, float] = {}
    for code in _MODULES:
        stop = rules_for(code).stopwords
        scores[code] = sum(1 for w in words if w in stop) / len(words)
    for code, stop in _OTHER_STOPWORDS.items():
        scores.setdefault(code, sum(1 for w in words if w in stop) / len(words))
    best = max(scores, key=lambda c: scores[c])
    if scores[best] < 0.15:
        return None, "no supported language recognised (too few common words)"
    if best not in _MODULES:
        return None, f"looks like {_NAMES[best]} ({best}), which has no rules yet"
    return best, ""
