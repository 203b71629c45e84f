"""What a language module must provide to the parser.

A language is one module in `kg/lang/`, named by its code, that builds a
:class:`LanguageRules` as `RULES` and gives a short `SAMPLE` text in the
language (parsed by tests/test_lang_contract.py); its vocabulary of titles,
states, organisations and projects lives in `data/ref/`. The parser itself
never mentions a word of any language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import cached_property, lru_cache
from typing import Any


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
    # a social occasion (a meal, a reception, an airport welcome, a ceremony, a wreath-laying):
    # an event of type "other" whose participants are the named host and guests. The value
    # names its kind (OCCASION_* below): two occasions of one kind, the same day and the same
    # people are one event mentioned twice, two of different kinds are two events
    occasion: str = ""
    # "exchanged messages": one message each way between the two people named
    exchange: bool = False


# Kinds of social occasion (Trigger.occasion): keys, not words of any language.
OCCASION_MEAL = "meal"  # a dinner, a lunch, a banquet, a reception, tea
OCCASION_WELCOME = "welcome"  # a welcome ceremony, an airport welcome, a guard of honour
OCCASION_FAREWELL = "farewell"  # a send-off
OCCASION_WREATH = "wreath"  # a wreath-laying
OCCASION_PRESS = "press"  # a joint press conference or statement to the press

# The trigger type of a phrase that reports a call or a meeting, decided from the rest of the
# readout (English "spoke with"); every other trigger type is an event type of the ontology.
CALL_OR_MEETING = "call_or_meeting"

Words = frozenset[str]


def _words(form: str = "folded") -> Any:
    """A field holding a set of words, in `form`: "folded" (see :func:`kg.text.fold`),
    "lower" (the original text in lower case) or "written" (as written, case counts)."""
    return field(default_factory=frozenset, metadata={"form": form})


def _regex(default: str = "") -> Any:
    """A field holding a regular expression (the contract test compiles every one)."""
    return field(default=default, metadata={"regex": True})


@dataclass(frozen=True, eq=False)
class LanguageRules:
    """Everything language-specific the parser needs, as data and regexes.

    Only `code` is required: every other field defaults to "this language has no such
    word", so a language sets what it has and still parses without the rest (as spaCy's
    language defaults). Word sets hold *folded* words (lower case, no diacritics, `'` for
    apostrophes, see :func:`kg.text.fold`) unless a field says otherwise; regexes run
    over folded text unless they say "original text".
    """

    code: str

    # -- detection and sentences
    stopwords: Words = _words()  # common words: language detection
    # "Mr.", "M." (as written): a dot that does not end a sentence
    abbreviations: Words = _words("written")

    # -- tokens
    # elided words split from the word they stand before, as written (case counts), with `'`:
    # "l'", "d'", "qu'"; either apostrophe matches
    elisions: Words = _words("written")
    # clitics split from the end of a word, with `'`: "'s"; either apostrophe matches
    clitics: Words = _words()

    # -- grammar words read around names, titles and places
    articles: Words = _words()  # "the"; "le", "la", "l'", "les"
    possessives: Words = _words()  # "his", "her"; "son", "sa"
    conjunctions: Words = _words()  # "and": "the presidents X and Y"
    with_words: Words = _words()  # "with": "met with", "with his counterpart"
    by_words: Words = _words()  # "by": the agent of a passive
    of_words: Words = _words()  # "of": "Minister X of Japan"
    to_words: Words = _words()  # "to": "a message to X", "a trip to Y"

    # -- dates
    months: dict[str, int] = field(default_factory=dict)  # "january": 1, "jan": 1
    weekdays: dict[str, int] = field(default_factory=dict)  # "monday": 0
    relative_days: dict[str, int] = field(default_factory=dict)  # "today": 0, "yesterday": -1
    # regexes with named groups month, and optional day, year, last_day (of a range); see
    # kg.parse.dates
    date_patterns: tuple[str, ...] = field(default=(), metadata={"regex": True})
    # month names that alone are too ambiguous to be a date ("mar", "sept": a word, a number)
    ambiguous_months: Words = _words()
    # month names that are a date alone only after one of some words: the month name to a
    # regex that must match the text ending with it ("may": r"\b(?:in|of) may\b")
    month_contexts: dict[str, str] = field(default_factory=dict, metadata={"regex": True})
    # (regex with optional group `n`, unit "day"/"week"/"month"/"year", sign) for
    # "three years ago", "last week", "l'an prochain"
    periods: tuple[tuple[str, str, int], ...] = field(default=(), metadata={"regex": True})
    numbers: dict[str, int] = field(default_factory=dict)  # "three": 3, for periods
    # phrases that place the referenced time before/after the report
    past_markers: tuple[str, ...] = field(default=(), metadata={"regex": True})
    future_markers: tuple[str, ...] = field(default=(), metadata={"regex": True})

    # -- events
    triggers: tuple[Trigger, ...] = ()
    also_words: Words = _words()  # "also": a further event of the same call
    here_words: Words = _words()  # "here", "ici": the dateline place
    # the word before a city that makes it the event's place ("in", "at", "capital"), read on
    # the original text in lower case; a word ending in `'` counts as the empty word ""
    # (French "d'Almaty")
    place_words: Words = _words("lower")
    # the word before a country that makes it the event's place ("in", "en", "au"); original
    # text in lower case
    in_country_words: Words = _words("lower")
    # the word before a state or city that makes it where a visit goes ("to", "visiting");
    # original text in lower case
    destination_words: Words = _words("lower")
    # the preposition before a message's sender / recipient ("from"; "to", "for")
    message_from: str = _regex()
    message_to: str = _regex()
    # "on the sidelines of", "en marge de": the gathering named next happened the same day,
    # same place; `gathering_nouns` names its kind ("sommet": "summit")
    sidelines: str = _regex()
    # "the two leaders", "les deux chefs d'État": the subject is the pair of the occasion
    # (the participants of the reported meeting it belongs to)
    pair_anaphors: str = _regex()
    # words in a meeting's clause that make it a social occasion, an event of type other
    # ("welcomed at the airport", "accueilli à sa descente d'avion", "laid a wreath")
    occasion_markers: str = _regex()
    gathering_nouns: dict[str, str] = field(default_factory=dict)

    # -- persons and titles
    honorifics: Words = _words()  # without trailing dot: "mr", "m", "h.e"
    # of the honorifics, those naming a spouse ("First Lady X", "son épouse X"): the person
    # named after one represents the state of the person named before
    spouse_words: Words = _words()
    # personal pronouns that can be the subject of an event clause ("he", "il"): the last
    # grammatical subject named (see kg.parse.events)
    subject_pronouns: Words = _words()
    # a clause opening with one of these elaborates the occasion just told ("…, where he
    # was received by A and B"): its people attended that occasion, it is no new event
    # regex over the *original* text (accents kept: French "où" is not "ou"), searched
    # between the clause start and the trigger
    relative_links: str = ""
    # a regex over the *folded* sentence for an aside about a person (", who is on his first
    # visit since taking office in September,"): its dates do not date the sentence's events
    aside_clauses: str = ""
    # of the honorifics, women's ("Mrs", "Mme"): "Mrs Obama" beside President Obama and First
    # Lady Michelle Obama is the spouse; a bare or titled surname is the officeholder
    female_honorifics: Words = _words()
    # "received in turn by A and B": one meeting with each (folded words)
    separately_words: Words = _words()
    # of the honorifics, forms of address that stand for the person when used alone after a
    # possessive ("His Majesty was received by …", "Sa Majesté a reçu …")
    address_honorifics: Words = _words()
    # a top office described, not named: "the visiting President" is the guest who holds it,
    # "the Sri Lankan leader" the head of state or government of that state (folded words)
    guest_words: Words = _words()  # "visiting"
    # beside a state adjective, the state's capital: "the Argentine capital" (folded words)
    capital_words: Words = _words()
    leader_words: Words = _words()  # "leader": a head of state or government
    name_particles: Words = _words()  # lower-case in names: "bin", "da"
    non_name_words: Words = _words()  # capitalised, never a name: "the"
    # nouns of places and buildings named after people: a name right beside one ("John McCain
    # Memorial", "Centre Abdou Diouf", "aéroport Modibo Keïta") names the place, not a person
    venue_words: Words = _words()
    connectors: Words = _words()  # words that glue titles: "and", "of", "the"
    # further words a title phrase may hold without ending ("who is also a", "qui est")
    title_glue: Words = _words()
    former_markers: Words = _words()  # "former", "late": not held now
    counterpart_words: Words = _words()  # "counterpart", "homologue"
    person_nouns: Words = _words()  # "diplomat", "envoy": in appositions
    # auxiliaries and common verbs of report, as written ("a", not "à"): a title segment after
    # a name that holds one is the subject of the next clause ("X, le chef de l'État gabonais
    # a eu …"), not an apposition of the name
    clause_verbs: Words = _words("written")
    # the preposition before a state that hosts rather than sends ("Ambassador of X to Y")
    host_prepositions: Words = _words()
    # a plural title ("the foreign ministers of", "les présidents"): the names listed after it
    # share it
    plural_title: str = _regex()

    # -- names of states, organisations, projects
    # further languages whose state, organisation and region names count in this one's texts
    # (readouts in French cite English names); "" forms of every language always count
    borrowed_name_languages: tuple[str, ...] = ()
    capitalised_demonyms: bool = False  # "Chinese" (capitalised) vs "chinois"
    # named agreements, plans, corridors not in the reference list, over the original text:
    # groups `name`, `name2` or `name3` hold the name
    project_pattern: str = _regex()
    project_lead_words: Words = _words("written")  # never begin a project: "and", "the"
    # words that end a project phrase (lower case, as written: "qui", "signé", "s'")
    project_end_words: Words = _words("written")
    # words after a demonym that make it name an outlet's edition, not a state
    # ("Xinhua French edition"); see kg.lang.PUBLISHER_LANGUAGE
    edition_words: Words = _words("written")

    def regexes(self) -> list[tuple[str, str]]:
        """(field, pattern) of every regular expression of the language (for its checks)."""
        out: list[tuple[str, str]] = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "triggers":
                out += [(f"triggers[{i}]", t.pattern) for i, t in enumerate(value)]
            elif not f.metadata.get("regex"):
                continue
            elif isinstance(value, str):
                if value:
                    out.append((f.name, value))
            elif isinstance(value, dict):
                out += [(f"{f.name}[{k!r}]", v) for k, v in value.items()]
            else:
                out += [(f"{f.name}[{i}]", v[0] if isinstance(v, tuple) else v)
                        for i, v in enumerate(value)]
        return out

    @cached_property
    def elision_rx(self) -> re.Pattern[str] | None:
        """`^(elided')(word)$` for the elisions, either apostrophe; None without any."""
        if not self.elisions:
            return None
        alts = "|".join(re.escape(w.rstrip("'")) for w in sorted(self.elisions))
        return re.compile(rf"^((?:{alts})['’])(?=\w)(.+)$")

    @cached_property
    def clitic_rx(self) -> re.Pattern[str] | None:
        """`^(word)('clitic)$` for the clitics, either apostrophe; None without any."""
        if not self.clitics:
            return None
        alts = "|".join(re.escape(w.lstrip("'")) for w in sorted(self.clitics))
        return re.compile(rf"^(.+?)(['’](?:{alts}))$")

    @cached_property
    def clitic_forms(self) -> tuple[str, ...]:
        """Every clitic with either apostrophe, as it may follow a name in the original text."""
        return tuple(sorted({c.replace("'", a) for c in self.clitics for a in "'’"}))

    @cached_property
    def conjunction_before_rx(self) -> re.Pattern[str]:
        """A comma or a conjunction ending a text: what joins a name to the one before."""
        alts = "".join(rf"|\b{re.escape(w)}" for w in sorted(self.conjunctions))
        return re.compile(rf"(?:,{alts})\s*$")


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
