"""The parse stage: a :class:`~kg.readout.Readout` in, an :class:`~kg.extraction.Extraction` out.

Order of work: fold and match the whole text once (`doc`), find persons and
their titles (`persons`), then events (`events`), then collect the states,
organisations and projects named anywhere. Everything language-specific comes
from `kg.lang.<code>` and `data/ref/`.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from kg.confidence import assess
from kg.extraction import Entity, Event, Extraction, Mention
from kg.lang import PUBLISHER_LANGUAGE, rules_for
from kg.lang.base import LanguageRules
from kg.parse.dates import find_dates, url_date
from kg.parse.doc import Doc, Hit, build_doc
from kg.parse.events import DocContext, EventFinder
from kg.parse.gazetteer import Key
from kg.parse.persons import find_persons
from kg.readout import Readout
from kg.refdata import RefData, refdata
from kg.text import fold, fold_text

__all__ = ["parse"]


@lru_cache(maxsize=16)
def _publisher_matchers(data_id: int, lang: str) -> tuple[re.Pattern[str], dict[str, str],
                                                          re.Pattern[str], dict[str, str]]:
    """State names and demonyms of a language, as two regexes."""
    data = refdata() if id(refdata()) == data_id else None
    assert data is not None
    rules = rules_for(lang)
    names = {f.form: f.code for f in data.state_forms
             if f.kind in ("name", "alias") and f.lang in (rules.code, "*")}
    adjs = {f.form: f.code for f in data.state_forms if f.kind == "adj" and f.lang == rules.code}

    def alternation(forms: dict[str, str], tail: str = "") -> re.Pattern[str]:
        alts = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alts})(?!\w){tail}")

    editions = "|".join(re.escape(w) for w in sorted(rules.edition_words))
    tail = rf"(?! (?:{editions}))" if editions else ""
    return alternation(names), names, alternation(adjs, tail), adjs


@lru_cache(maxsize=4096)
def _publisher_state(publisher: str, lang: str = PUBLISHER_LANGUAGE) -> str | None:
    """The state a publisher speaks for: a known outlet, else a state it names or an
    adjective, in English (as sidecars mostly name publishers), else in the readout's own
    language ("Présidence du Sénégal")."""
    data = refdata()
    # a known outlet first, the longest pattern winning ("Sputnik France" speaks for Russia)
    for pattern, code in sorted(data.publishers, key=lambda pc: -len(pc[0])):
        if pattern in publisher:
            return code
    for language in dict.fromkeys((PUBLISHER_LANGUAGE, lang)):
        names_rx, names, adjs_rx, adjs = _publisher_matchers(id(data), language)
        m = names_rx.search(publisher)
        if m:
            return names[m.group()]
        m = adjs_rx.search(publisher)
        if m:
            return adjs[m.group()]
    return None


def _home_state(readout: Readout, data: RefData, doc: Doc) -> str | None:
    """The state whose officials an unqualified title ("the Foreign Minister") refers to.

    Taken from the publisher (a state named in it, a known outlet, or an
    adjective: "Indian Defence News"); the caller falls back on the dateline.
    """
    return _publisher_state(readout.publisher, readout.lang) if readout.publisher else None


# ", <date> (<agency>)" after a dateline's city: no word of any language, only its shape
_WIRE_DATELINE = re.compile(r"[.,]\s+[^()\n]{1,25}?\d[^()\n]{0,10}?\s*\([^()\n]{1,30}\)")


# the longest line taken whole as a dateline ("New York, 21 September 2025")
_DATELINE_LINE = 40


def _dateline(doc: Doc, cities: dict[str, str]) -> tuple[str | None, str]:
    """City of a dateline ("BISHKEK, Nov. 19 (Xinhua) --", "Rabat –", "ASTANA. KAZINFORM –").

    Returns the city and the dateline text (up to and including its dash).
    """
    body = [s for s in doc.sentences if not s.is_headline]
    if not body:
        return None, ""
    start = body[0].start
    line_end = doc.text.find("\n", start)
    line = doc.text[start: line_end if line_end >= 0 else len(doc.text)]
    m = re.match(r"^(.{2,50}?)\s*(?:--|—|–|:(?=\s)|\s-\s)\s*", line[:70])
    for h in doc.hits_in(start, start + 30, ("city",)):
        if h.start != start:
            # "iGFM – (Dakar) Le président …": the city in brackets after the agency
            if m and doc.text[h.start - 1] == "(" and doc.text[h.end:h.end + 1] == ")":
                return h.ref, line[: line.index(")", h.end - start) + 1]
            continue
        if m:
            return h.ref, line[: m.end()]
        rest = line[len(h.surface):]
        # a wire dateline without a dash, "WASHINGTON, Jan 20 (PTI) Minister …": up to the
        # bracketed agency, so that its date counts
        wire = _WIRE_DATELINE.match(rest)
        if wire:
            return h.ref, line[: len(h.surface) + wire.end()]
        if rest.startswith(", ") and len(line) <= _DATELINE_LINE:
            return h.ref, line  # "New York, 21 September 2025" alone on its line
        if rest.startswith((". ", ", ")):
            return h.ref, line[: len(h.surface) + 1]
        if not rest.strip():
            return h.ref, line  # the city alone on the first line ("ISLAMABAD")
    return None, ""


def _anchor(readout: Readout, doc: Doc, dateline_text: str) -> dt.date | None:
    """The day relative dates count from: the publication date, else a day in the URL,
    else the first full date of the text (its year from the URL's month when the text
    gives none; a range's last day: "23-25 August" was told on the 25th at the earliest)."""
    if readout.published:
        return readout.published
    day, month = url_date(readout.url)
    if day is not None:
        return day
    # a day-month date is given the year that puts it nearest the URL's month
    hint = dt.date(month.year, month.month or 1, 15) if month is not None else None
    for d in find_dates(doc.folded.text, doc.rules, hint):
        if d.kind in ("absolute", "partial", "range") and d.value is not None \
                and d.value.as_date() is not None:
            day = d.value.as_date()
            return day.replace(day=d.last_day) if d.last_day else day
    return None


def _entities(doc: Doc, events: list[Event], cities: dict[str, str]) -> dict:
    entities: dict[tuple[str, str], Entity] = {}

    def add(kind: str, key: str, hit: Hit | None) -> Entity:
        ent = entities.get((kind, key))
        if ent is None:
            ent = entities[(kind, key)] = Entity(kind, key)
            if kind == "city":
                ent.country = cities.get(key)
        if hit is not None:
            ent.mentions.append(Mention(hit.start, hit.end, hit.surface, hit.sentence))
        return ent

    for hit in doc.hits + doc.nested:
        if hit.kind in ("state", "org", "project", "city"):
            add(hit.kind, hit.ref, hit)
            if hit.kind == "city" and cities.get(hit.ref):
                pass
    for ev in events:
        if ev.country:
            add("state", ev.country, None)
        if ev.city:
            add("city", ev.city, None)
        if ev.organisation:
            add("org", ev.organisation, None)
    return entities


_PROJECT_TRIM = re.compile(r"[\s.,;:»«\"')(]+$")


@lru_cache(maxsize=16)
def _project_lead(rules: LanguageRules) -> re.Pattern[str]:
    """A year or one of the language's `project_lead_words` with its spaces, to drop from the
    start of a project name."""
    words = "".join("|" + re.escape(w) for w in sorted(rules.project_lead_words))
    return re.compile(rf"(?:(?:19|20)\d\d{words})\s+")


def _pattern_projects(doc: Doc, taken: list[tuple[int, int]],
                      orgs: list[tuple[int, int]]) -> list[Hit]:
    """Named agreements, plans and corridors that are not in the reference list.

    The language gives the head nouns ("Agreement", "Treaty", "feuille de route",
    "gazoduc") and the phrase; a name must carry a proper noun or say enough (see
    :func:`_named_enough`), must not overlap a listed project or a person, and may hold an
    organisation's whole name ("traité instituant la Confédération des États du Sahel")
    but not lie inside one ("Collective Security Treaty [Organization]").
    """
    pattern = doc.rules.project_pattern
    if not pattern:
        return []
    rx = re.compile(pattern)
    lead_rx = _project_lead(doc.rules)
    out: list[Hit] = []
    # characters of the text already named (a list of spans checked for every candidate
    # was quadratic on long readouts)
    named = bytearray(len(doc.text) + 1)
    for a, b in taken:
        named[a:b] = b"\x01" * (b - a)
    for s in doc.sentences:
        pos = 0
        while (m := rx.search(s.text, pos)) is not None:
            group = next(g for g in ("name", "name2", "name3") if m.groupdict().get(g))
            raw = m.group(group)
            words = raw.split()
            kept = len(_until_end_word(words, doc.rules))
            if kept < len(words):
                raw = raw[:_prefix_length(raw, kept)]  # the rest is searched again
            name = _PROJECT_TRIM.sub("", raw)
            start = s.start + m.start(group)
            for offset, part in _coordinated(name, doc.rules):
                hit = _project_hit(doc, s.index, start + offset, part, lead_rx, named, orgs)
                if hit is not None:
                    out.append(hit)
            pos = max(m.start(group) + len(raw), m.start() + 1)
    return out


def _coordinated(name: str, rules: LanguageRules) -> list[tuple[int, str]]:
    """(offset, text) of each project in a coordinated phrase: "TVET Refurbishment Project
    and the Mzimvubu Water Project" is two, as the two sides begin or end with the same
    word; "Belt and Road Initiative" is one."""
    words = name.split()
    for k, w in enumerate(words[1:-1], 1):
        if w not in rules.conjunctions:
            continue
        left, right = words[:k], words[k + 1:]
        while right and right[0] in rules.project_lead_words:
            right = right[1:]
        if right and (left[0] == right[0] or left[-1] == right[-1]):
            rest = [m.start() for m in re.finditer(r"\S+", name)][k + 1]
            return [(0, name[:_prefix_length(name, k)])] + [
                (rest + o, part) for o, part in _coordinated(name[rest:], rules)]
    return [(0, name)]


def _project_hit(doc: Doc, sentence: int, start: int, name: str, lead_rx: re.Pattern[str],
                 named: bytearray, orgs: list[tuple[int, int]]) -> Hit | None:
    """A project mention from a matched phrase: leading small words dropped, cut where the
    name ends, kept when it names enough and overlaps no other name (what follows a listed
    name is tried on its own: "the Belt and Road Initiative and the Kenya Railway
    Project")."""
    last_named = named.rfind(1, start, start + len(name))
    if last_named >= 0:
        skip = last_named + 1 - start
        start, name = start + skip, name[skip:]
        start += len(name) - len(name.lstrip())
        name = name.lstrip()
    lead = lead_rx.match(name)
    while lead:  # "2001 and the General Cooperation Agreement": the name starts later
        start += lead.end()
        name = name[lead.end():]
        lead = lead_rx.match(name)
    words = _project_words(name.split(), doc.rules)
    if not words:
        return None
    name = name[:_prefix_length(name, len(words))]
    end = start + len(name)
    if not _named_enough(words) or 1 in named[start:end] or any(
            a < end and start < b and not (start <= a and b <= end) for a, b in orgs):
        return None
    return Hit(start, end, Key("project", name, "pattern"), name, sentence)


# A project phrase with no proper noun names one only when it says this much: "accord
# d'exemption mutuelle de visa" (5 words) does, "accord de coopération économique" does not
_PROJECT_MIN_WORDS = 5


def _until_end_word(words: list[str], rules: LanguageRules) -> list[str]:
    """The words of a phrase before the first that ends it (a relative pronoun, a verb:
    LanguageRules.project_end_words); "s'…" ends it as "s'" does."""
    end = rules.project_end_words
    if not end:
        return words
    for k, w in enumerate(words[1:], 1):
        low = w.lower().replace("’", "'")
        if low in end or ("'" in low and low[:low.index("'") + 1] in end):
            return words[:k]
    return words


def _project_words(words: list[str], rules: LanguageRules) -> list[str]:
    """Where a project phrase ends: after its last proper noun and the words that qualify
    it ("accord de Vienne [de 2015 sur le nucléaire iranien]", "… et la République
    française"), else before a trailing year or small word ("Traité de paix et d'amitié
    [de 1786]")."""
    caps = [k for k, w in enumerate(words) if k and w[:1].isupper()]
    if caps:
        k = caps[-1] + 1
        while k < len(words) and fold(words[k]) not in rules.stopwords:
            k += 1
        words = words[:k]
    while len(words) > 1 and (fold(words[-1]) in rules.stopwords or words[-1].isdigit()):
        words = words[:-1]
    return words


def _prefix_length(text: str, n_words: int) -> int:
    """Length of the prefix of `text` holding its first `n_words` words."""
    ends = [m.end() for m in re.finditer(r"\S+", text)]
    return ends[n_words - 1]


def _named_enough(words: list[str]) -> bool:
    """Does a project phrase name one thing: a proper noun after its head, or enough words?"""
    if len(words) < 2:
        return False
    return any(w[:1].isupper() for w in words[1:]) or len(words) >= _PROJECT_MIN_WORDS


_CITIES: dict[int, tuple[dict[str, str], dict[str, str]]] = {}


def _city_tables(data: RefData) -> tuple[dict[str, str], dict[str, str]]:
    """Canonical city -> its state's alpha-3, and alpha-3 -> the state's capital, built once
    per reference data."""
    tables = _CITIES.get(id(data))
    if tables is None:
        tables = _CITIES[id(data)] = ({c.name: c.country for c in data.cities},
                                      {c.country: c.name for c in data.cities if c.capital})
    return tables


def parse(readout: Readout, data: RefData | None = None) -> Extraction:
    """Extract persons, events, states, organisations and projects from one readout, each fact
    with the rule that found it and its confidence (kg.confidence)."""
    data = data or refdata()
    doc = build_doc(readout)
    cities, capitals = _city_tables(data)
    home = _home_state(readout, data, doc)
    dl_city, dl_text = _dateline(doc, cities)
    if home is None and dl_city:
        home = cities.get(dl_city)
    finder = find_persons(doc, data, home)
    anchor = _anchor(readout, doc, dl_text)
    ctx = DocContext(anchor=anchor, dateline_city=dl_city, home_state=home)
    if dl_text:
        first = next(s for s in doc.sentences if not s.is_headline)
        ctx.dateline_end = first.start + len(dl_text)
    if dl_text:
        dl_dates = find_dates(fold_text(dl_text).text, doc.rules, anchor)
        ctx.dateline_date = next((d.value for d in dl_dates if d.value is not None), None)
    events = EventFinder(doc, finder.persons, finder.mentions, cities, ctx, capitals).run()
    taken = [(h.start, h.end) for h in doc.hits if h.kind in ("project", "official")]
    taken += [(m.start, m.end) for m in finder.mentions]
    orgs = [(h.start, h.end) for h in doc.hits if h.kind == "org"]
    doc.hits.extend(_pattern_projects(doc, taken, orgs))
    # persons named only in events keep their state; events keep their participants' roles
    return assess(Extraction(
        readout=readout,
        sentences=doc.sentences,
        persons=finder.persons,
        entities=_entities(doc, events, cities),
        events=events,
    ))
