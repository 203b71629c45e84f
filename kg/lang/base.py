"""What a language module must provide to the parser.

A language is one module in `kg/lang/` that builds a :class:`LanguageRules`;
its vocabulary of titles, states, organisations and projects lives in
`data/ref/`. The parser itself never mentions a word of any language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Trigger:
    """A phrase that reports an event of `type`.

    `pattern` is a regex over the *folded* sentence (lower case, no diacritics,
    `'` for apostrophes). `passive` means the grammatical subject is the one
    received/hosted ("X was received by Y"); `collective` means the subject is
    every participant ("X and Y held talks"); `future`/`past` fix the tense
    when the phrase itself carries it ("will pay a visit", "visite réussie").
    """

    pattern: str
    type: str
    passive: bool = False
    future: bool = False
    past: bool = False
    weak: bool = False  # needs named participants around it to count (nouns: "meeting", "visit")
    background: bool = False  # attending a wider gathering: a referenced event, one side enough


@dataclass(frozen=True, eq=False)
class LanguageRules:
    """Everything language-specific the parser needs, as data and regexes."""

    code: str
    stopwords: frozenset[str]
    abbreviations: frozenset[str]
    months: dict[str, int]
    weekdays: dict[str, int]
    relative_days: dict[str, int]  # "today": 0, "yesterday": -1 ...
    # regexes (folded text) with named groups day/month/year; see kg.parse.dates
    date_patterns: tuple[str, ...]
    # folded phrases that place the referenced time before/after the report
    past_markers: tuple[str, ...]
    future_markers: tuple[str, ...]
    triggers: tuple[Trigger, ...]
    honorifics: frozenset[str]  # folded, without trailing dot: "mr", "m", "dr", "h.e"
    name_particles: frozenset[str]  # lower-case words allowed inside names: "bin", "da"
    non_name_words: frozenset[str]  # capitalised words that never start/are a name
    connectors: frozenset[str]  # words that glue titles: "and", "of", "the"
    former_markers: frozenset[str]  # "former", "late": the title is not held now
    counterpart_words: frozenset[str]
    person_nouns: frozenset[str]  # "diplomat", "envoy": descriptive nouns in appositions
    place_prepositions: tuple[str, ...]  # regex alternatives before a place: "in", "a"
    here_words: frozenset[str]  # "here", "ici": the dateline place
    same_day_words: tuple[str, ...]  # "the same day", "le meme jour"
    also_words: frozenset[str]
    # (regex with optional group `n`, unit "day"/"week"/"month"/"year", sign) for
    # "three years ago", "last week", "l'an prochain"
    periods: tuple[tuple[str, str, int], ...] = ()
    numbers: dict[str, int] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)

    def compiled(self, name: str) -> re.Pattern[str]:
        return _compile(self.extra[name])


_CACHE: dict[str, re.Pattern[str]] = {}


def _compile(pattern: str) -> re.Pattern[str]:
    rx = _CACHE.get(pattern)
    if rx is None:
        rx = _CACHE[pattern] = re.compile(pattern)
    return rx
