"""Dictionary matching of states, cities, organisations, projects, officials and titles.

All keys of a language go into Aho-Corasick automata (pyahocorasick), which
find every key in a readout in one pass over the folded text: matching
thousands of names costs about as much as reading the text once, which is what
keeps extraction at hundreds of readouts per second.

Two layers are matched separately because they legitimately overlap: entity
names (states, cities, organisations, projects, officials, regions) and role
titles. Titles are matched on the text with adjectives of nationality removed,
so that "ministre ouzbek des Affaires étrangères" meets the title "ministre des
affaires étrangères".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import ahocorasick

from kg.lang import rules_for
from kg.lang.base import LanguageRules
from kg.refdata import RefData, refdata
from kg.text import Folded, fold


@dataclass(frozen=True)
class Key:
    """What a gazetteer key stands for."""

    kind: str  # state, city, org, project, official, region, title
    ref: str  # alpha-3, canonical name, or role code for titles
    form_kind: str = ""  # for states: name, alias, adj, prefix; for orgs: name, acronym
    exact: frozenset[str] | None = None  # original spellings that must match case-exactly
    capital: bool = False  # the original text must start with an upper-case letter
    initials: tuple[str, ...] | None = None  # data spellings whose capitals the text must keep


class Match(NamedTuple):
    """One key found in the folded text; `start`/`end` index the folded text."""

    start: int
    end: int
    key: Key
    surface: str  # the original text of the match


class Automaton:
    """A set of folded keys; each key may stand for several things."""

    def __init__(self) -> None:
        self._keys: dict[str, list[Key]] = {}
        self._auto: ahocorasick.Automaton | None = None

    def add(self, form: str, key: Key) -> None:
        folded = fold(form).strip()
        if len(folded) < 2:
            return
        bucket = self._keys.setdefault(folded, [])
        if key.initials is not None:
            for i, k in enumerate(bucket):
                if (k.kind, k.ref, k.form_kind) == (key.kind, key.ref, key.form_kind):
                    if k.initials is None:
                        return  # an all-lower-case spelling of the same name: any case goes
                    bucket[i] = Key(k.kind, k.ref, k.form_kind, k.exact, k.capital,
                                    k.initials + key.initials)
                    return
        elif key.kind == "org" and key.exact is None:
            for i, k in enumerate(bucket):
                if (k.kind, k.ref, k.form_kind) == (key.kind, key.ref, key.form_kind):
                    bucket[i] = key  # lower-case spelling wins: no case rule
                    return
        if key.exact is not None:
            for i, k in enumerate(bucket):
                if k.kind == key.kind and k.ref == key.ref and k.exact is not None:
                    bucket[i] = Key(k.kind, k.ref, k.form_kind, k.exact | key.exact, k.capital,
                                    k.initials)
                    return
        if key not in bucket:
            bucket.append(key)

    def build(self) -> Automaton:
        auto = ahocorasick.Automaton()
        for folded, keys in self._keys.items():
            auto.add_word(folded, (folded, tuple(keys)))
        if len(self._keys):
            auto.make_automaton()
        self._auto = auto
        return self

    def find(self, folded: Folded, text: str) -> list[tuple[int, int, Key, str]]:
        """Every key occurrence that sits on word boundaries and passes its case rules."""
        out: list[tuple[int, int, Key, str]] = []
        if self._auto is None or not self._keys:
            return out
        ftext = folded.text
        n = len(ftext)
        for end_idx, (key_text, keys) in self._auto.iter(ftext):
            start = end_idx - len(key_text) + 1
            end = end_idx + 1
            if start > 0 and ftext[start - 1].isalnum():
                continue
            if end < n and ftext[end].isalnum() and not key_text.endswith("-"):
                continue
            s, e = folded.span(start, end)
            surface = text[s:e]
            for key in keys:
                if key.exact is not None and surface not in key.exact:
                    continue
                if key.capital and not surface[:1].isupper():
                    continue
                if key.initials and not _same_initials(surface, key.initials):
                    continue
                out.append((start, end, key, surface))
        return out


def _same_initials(surface: str, spellings: tuple[str, ...]) -> bool:
    """Every word capitalised in one of the data spellings is capitalised in the text too.

    So "la francophonie mondiale" (a movement) is not "La Francophonie" (the
    organisation), while case-insensitive matching still folds accents and dashes.
    """
    words = surface.split()
    for form in spellings:
        spelled = form.split()
        if len(spelled) == len(words) and all(
                not s[:1].isupper() or w[:1].isupper()
                for s, w in zip(spelled, words, strict=True)):
            return True
    return False


def select_longest(found: list[tuple[int, int, Key, str]]) -> list[Match]:
    """Leftmost-longest non-overlapping matches; ties keep every key of the same span."""
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    chosen: list[Match] = []
    last_end = -1
    span: tuple[int, int] | None = None
    for start, end, key, surface in found:
        if span == (start, end):
            chosen.append(Match(start, end, key, surface))
            continue
        if start < last_end:
            continue
        chosen.append(Match(start, end, key, surface))
        last_end = end
        span = (start, end)
    return chosen


def select_longest_first(found: list[tuple[int, int, Key, str]]) -> list[Match]:
    """Non-overlapping matches, longest first wherever they start.

    For titles: in "Union Minister of State for External Affairs" the longer
    "Minister of State for External Affairs" must win over the earlier "Union Minister".
    """
    found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    chosen: list[Match] = []
    # characters already taken by a chosen match: checking each match against every chosen
    # one was quadratic on a run of titles
    taken = bytearray(max((m[1] for m in found), default=0))
    for start, end, key, surface in found:
        if 1 in taken[start:end]:
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append(Match(start, end, key, surface))
    chosen.sort(key=lambda m: m.start)
    return chosen


@dataclass
class Gazetteer:
    """The automata of one language."""

    lang: str
    entities: Automaton
    nested_states: Automaton  # states and organisations named inside project names
    titles: Automaton
    adjectives: Automaton  # nationality adjectives removed before title matching


def _state_keys(data: RefData, rules: LanguageRules, auto: Automaton, nested: Automaton,
                adjs: Automaton) -> None:
    lang = rules.code
    name_langs = (lang, "*", *rules.borrowed_name_languages)
    for f in data.state_forms:
        if f.lang not in name_langs and f.kind in ("name", "alias"):
            continue
        if f.kind in ("adj", "prefix") and f.lang not in (lang, "*"):
            continue
        form = f.form + "-" if f.kind == "prefix" else f.form
        exact = frozenset({f.form}) if f.case_sensitive else None
        capital = f.kind in ("name", "alias") or (f.kind == "adj" and rules.capitalised_demonyms)
        key = Key("state", f.code, f.kind, exact, capital)
        auto.add(form, key)
        nested.add(form, key)
        if f.kind == "adj":
            adjs.add(form, key)


def _named_keys(auto: Automaton, kind: str, entries, langs: tuple[str, ...]) -> None:
    """Names, labels in `langs` and aliases (case-folded) and acronyms (exact case).

    A one-word organisation name must be capitalised in the text: "la
    Francophonie" is the organisation, "la francophonie mondiale" is not.
    """
    for e in entries:
        forms = [e.name, *(lab for lg, lab in e.labels.items() if lg in langs),
                 *e.aliases]
        for form in forms:
            initials = (form,) if kind == "org" and any(
                w[:1].isupper() for w in form.split()) else None
            auto.add(form, Key(kind, e.name, "name", None, False, initials))
        for acr in e.acronyms:
            auto.add(acr, Key(kind, e.name, "acronym", frozenset({acr})))


def gazetteer(lang: str) -> Gazetteer:
    """The automata for `lang` from the reference data (built once per language's rules)."""
    return _gazetteer(rules_for(lang))


@cache
def _gazetteer(rules: LanguageRules) -> Gazetteer:
    data = refdata()
    lang = rules.code
    label_langs = (lang, *rules.borrowed_name_languages)
    entities, nested, titles, adjs = Automaton(), Automaton(), Automaton(), Automaton()
    _state_keys(data, rules, entities, nested, adjs)
    for city in data.cities:
        key = Key("city", city.name, "name", None, True)
        entities.add(city.name, key)
        for alias in city.aliases:
            entities.add(alias, key)
    _named_keys(entities, "org", data.organisations, label_langs)
    _named_keys(nested, "org", data.organisations, label_langs)
    _named_keys(entities, "project", data.projects, label_langs)
    for off in data.officials:
        key = Key("official", off.name, "name", None, True)
        entities.add(off.name, key)
        for alias in off.aliases:
            entities.add(alias, key)
    for region_lang, name in data.regions:
        if region_lang in (lang, "*", *rules.borrowed_name_languages):
            entities.add(name, Key("region", name, "name"))
    for title_lang, title, role in data.roles:
        if title_lang == lang:
            titles.add(title, Key("title", role, "title"))
    return Gazetteer(lang, entities.build(), nested.build(), titles.build(), adjs.build())
