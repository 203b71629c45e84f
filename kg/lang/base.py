"""What a language module must provide to the parser.

A language is one module in `kg/lang/` that builds a :class:`LanguageRules`;
its vocabulary of titles, states, organisations and projects lives in
`data/ref/`. The parser itself never mentions a word of any language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache


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
    host: bool = False  # "received", "a reçu": the subject hosts, so the event is in their state


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


def _top_level_branches(pattern: str) -> list[str]:
    parts, depth, cur, i = [], 0, [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            cur.append(pattern[i:i + 2])
            i += 2
            continue
        if c == "[":
            j = pattern.index("]", i + 2)
            cur.append(pattern[i:j + 1])
            i = j + 1
            continue
        depth += c == "("
        depth -= c == ")"
        if c == "|" and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    parts.append("".join(cur))
    return parts


@lru_cache(maxsize=1024)
def scan_regex(pattern: str) -> re.Pattern[str]:
    """Compile `pattern` for scanning long texts: leading `\\b` of top-level branches removed.

    Python's regex engine skips ahead quickly only when a pattern starts with
    literal text; a leading word boundary defeats that (measured: 2-3x slower
    on readouts). Callers must check the left boundary of each match themselves
    (see :func:`left_bounded`).
    """
    branches = _top_level_branches(pattern)
    if all(b.startswith("\\b") for b in branches):
        return _compile("|".join(b[2:] for b in branches))
    return _compile(pattern)


def left_bounded(text: str, start: int) -> bool:
    """True when a match at `start` begins a word (what the removed `\\b` checked)."""
    return start == 0 or not text[start - 1].isalnum() or not text[start].isalnum()


def scan(rx: re.Pattern[str], text: str):
    """Matches of a :func:`scan_regex` pattern that begin a word, like `finditer`.

    A match rejected for starting inside a word must not hide a later one that
    overlaps it, so the search resumes one character further, not at its end.
    """
    pos = 0
    n = len(text)
    while pos <= n:
        m = rx.search(text, pos)
        if m is None:
            return
        if left_bounded(text, m.start()):
            yield m
            pos = m.end() if m.end() > m.start() else m.start() + 1
        else:
            pos = m.start() + 1
