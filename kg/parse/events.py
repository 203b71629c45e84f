"""Events: what happened (or is planned), when, where, and who took part.

A sentence reports an event when it holds a trigger phrase of the language
("met with", "s'est entretenu avec", "spoke by telephone", "a reçu"). The
persons on either side of the trigger are its participants; one subject
meeting several counterparts in turn ("met with the foreign ministers of
Spain, X; Latvia, Y") gives one bilateral event per counterpart, which is
how analysts count them. The date comes from the sentence or, for further
events of the same occasion, from the readout's main event; the place from
the sentence, a visit, or the dateline. Future tense, past markers and dates
away from the main event make an event *referenced* rather than reported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import cache

from kg.extraction import Event, Participant, Person
from kg.lang.base import LanguageRules, Trigger, scan, scan_regex
from kg.parse.dates import DateMention, DateValue, find_dates
from kg.parse.doc import Doc, Hit
from kg.parse.persons import PersonMention
from kg.text import Folded, fold_text  # noqa: F401

_IN_PERSON = ("meeting", "talks", "visit")
_OFFICE_ROLES_EV = ("head_of_state", "head_of_government", "foreign_minister", "minister",
                    "deputy_foreign_minister", "deputy_head_of_government", "ambassador")
# a generic title ("the minister") fits the more specific roles of its family
_ROLE_FAMILY = {"minister": ("minister", "foreign_minister", "deputy_foreign_minister",
                             "deputy_head_of_government")}
# words that introduce a city as the place of an event ("in Bishkek", "à Almaty",
# "la résidence de Bichkek", "at the White House")
_PLACE_WORDS = frozenset(
    "in at à a au aux en de d' the here near dans ici capital capitale visiting visit".split()
) | {""}
_DESTINATION_WORDS = frozenset("to in à a au aux en visit visiting".split())
_CALLS = ("phone_call", "video_call")


@dataclass
class _Trig:
    trigger: Trigger
    start: int  # original offsets
    end: int
    fstart: int  # folded-sentence offsets
    fend: int


@dataclass
class _Sent:
    index: int
    folded: Folded
    start: int
    dates: list[DateMention] = field(default_factory=list)
    persons: list[PersonMention] = field(default_factory=list)
    triggers: list[_Trig] = field(default_factory=list)


@dataclass
class DocContext:
    """Readout-level facts that events of the readout fall back on."""

    anchor: dt.date | None
    dateline_city: str | None = None
    dateline_date: DateValue | None = None
    main_date: DateValue | None = None
    main_place: tuple[str | None, str | None] | None = None
    visit_country: str | None = None
    protagonist: str | None = None
    call_cue: str | None = None  # "phone_call" / "video_call" / "meeting" for "spoke with"
    dateline_end: int = 0
    home_state: str | None = None  # whose officials the readout speaks for
    main_from_visit: bool = False  # the main date is the date of a visit, not of a meeting


class EventFinder:
    """Runs the event pass over a prepared doc and the persons found in it."""

    def __init__(self, doc: Doc, persons: dict[str, Person], mentions: list[PersonMention],
                 cities: dict[str, str], ctx: DocContext) -> None:
        self.doc = doc
        self.rules: LanguageRules = doc.rules
        self.persons = persons
        self.cities = cities  # canonical city -> alpha3
        self.ctx = ctx
        self.events: list[Event] = []
        self._tenses: dict[int, str | None] = {}
        self._background: set[int] = set()  # attended gatherings: one named side is enough
        self.sents: list[_Sent] = []
        by_sentence: dict[int, list[PersonMention]] = {}
        for m in mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        self._future, self._past, self._triggers = _compiled_rules(self.rules)
        dates = doc.by_sentence(
            (d.start, d.end, d) for d in find_dates(doc.folded.text, self.rules, ctx.anchor))
        matches = self._trigger_matches()
        for s in doc.sentences:
            folded = doc.fsent[s.index]
            sent = _Sent(s.index, folded, s.start)
            sent.dates = [DateMention(a, b, d.value, d.kind, d.future)
                          for a, b, d in dates.get(s.index, [])]
            sent.persons = by_sentence.get(s.index, [])
            sent.triggers = self._find_triggers(sent, matches.get(s.index, []))
            self.sents.append(sent)
        if ctx.call_cue is None:
            ctx.call_cue = self._call_cue()
        if ctx.visit_country is None:
            ctx.visit_country = self._visit_country()

    def _call_cue(self) -> str | None:
        """How to read "spoke with": the headline's kind of event, else any call in the text."""
        types = ("phone_call", "video_call", "meeting", "talks")
        head = [s for s in self.sents if self.doc.sentences[s.index].is_headline]
        for group in (head, self.sents):
            for sent in group:
                for t in sent.triggers:
                    if t.trigger.type in types and not t.trigger.weak:
                        return t.trigger.type
        return None

    def _visit_country(self) -> str | None:
        """Where the visit the readout speaks of takes place ("is visiting China")."""
        text = self.doc.text
        for sent in self.sents:
            if not any(t.trigger.type == "visit" and not t.trigger.weak and not t.trigger.future
                       for t in sent.triggers):
                continue
            s = self.doc.sentences[sent.index]
            for h in self.doc.hits_in(s.start, s.end, ("state", "city")):
                if h.kind == "city":
                    return self.cities.get(h.ref)
                if h.key.form_kind in ("name", "alias"):
                    before = text[max(s.start, h.start - 10):h.start].lower()
                    if re.search(r"(?:\bto|\bin|\ben|\bau|\baux|\bà)\s+(?:the\s+)?$", before):
                        return h.ref
        return None

    # ------------------------------------------------------------------ helpers

    def _orig(self, sent: _Sent, fstart: int, fend: int) -> tuple[int, int]:
        return sent.folded.span(fstart, fend)

    def _trigger_matches(self) -> dict[int, list]:
        """Every trigger match on the whole document fold, by sentence, in trigger order.

        One regex pass per trigger over the document instead of one per sentence;
        patterns anchored at the sentence start run per sentence."""
        spans = []
        text = self.doc.folded.text
        for order, (trig, rx) in enumerate(self._triggers):
            if trig.pattern.startswith("^"):
                for idx, f in enumerate(self.doc.fsent):
                    m = rx.search(f.text)
                    if m:
                        base = self.doc.fbase[idx]
                        spans.append((base + m.start(), base + m.end(), (order, trig)))
                continue
            for m in scan(rx, text):
                spans.append((m.start(), m.end(), (order, trig)))
        buckets = self.doc.by_sentence(spans)
        for items in buckets.values():
            items.sort(key=lambda it: (it[2][0], it[0]))
        return buckets

    def _find_triggers(self, sent: _Sent, matches: list) -> list[_Trig]:
        found: list[_Trig] = []
        for fs, fe, (_, trig) in matches:
            if any(not (fe <= t.fstart or fs >= t.fend) for t in found):
                continue
            s, e = self._orig(sent, fs, fe)
            found.append(_Trig(trig, s, e, fs, fe))
        found.sort(key=lambda t: t.start)
        # "s'est réuni par visioconférence", "met virtually": the call phrase gives the type
        calls = [t for t in found if t.trigger.type in _CALLS]
        for call in calls:
            for t in found:
                if t.trigger.type in _IN_PERSON + ("spoke",) and not t.trigger.weak and (
                        abs(t.fstart - call.fend) <= 40 or abs(call.fstart - t.fend) <= 40):
                    t.trigger = replace(t.trigger, type=call.trigger.type)
                    found.remove(call)
                    break
        return found

    def _hits(self, sent: _Sent, kinds: tuple[str, ...]) -> list[Hit]:
        s = self.doc.sentences[sent.index]
        return self.doc.hits_in(s.start, s.end, kinds)

    def _tense(self, sent: _Sent, trig: _Trig, lo: int, hi: int) -> str | None:
        """'future' / 'past' from markers in the clause around the trigger (folded offsets)."""
        if trig.trigger.future:
            return "future"
        if trig.trigger.past:
            return "past"
        clause = sent.folded.text[max(lo, trig.fstart - 60):min(hi, trig.fend + 40)]
        clause += " " + sent.folded.text[:25]
        if any(rx.search(clause) for rx in self._future):
            return "future"
        if any(rx.search(clause) for rx in self._past):
            return "past"
        return None

    def _clause(self, sent: _Sent, trig: _Trig) -> tuple[int, int]:
        """Folded bounds of the clause of a trigger: from the previous to the next trigger."""
        text = sent.folded.text
        lo = 0
        hi = len(text)
        for other in sent.triggers:
            if other is trig or other.trigger.weak:
                continue
            if other.trigger.type in ("signing", "message") and trig.trigger.type in _CALLS:
                continue  # "ont salué cette signature par visioconférence"
            if other.fend <= trig.fstart:
                lo = max(lo, other.fend)
            elif other.fstart >= trig.fend:
                hi = min(hi, other.fstart)
        return lo, hi

    def _date_near(self, sent: _Sent, trig: _Trig, lo: int, hi: int,
                   future: bool) -> DateMention | None:
        text = sent.folded.text
        cands = [d for d in sent.dates if lo <= d.start < hi and d.kind != "year"
                 and text.rfind("(", 0, d.start) <= text.rfind(")", 0, d.start)]
        if not cands:
            cands = [d for d in sent.dates if d.kind != "year" and not any(
                t is not trig and not t.trigger.weak and t.fstart <= d.start < t.fend + 30
                and t.fstart > trig.fend for t in sent.triggers)
                and text.rfind("(", 0, d.start) <= text.rfind(")", 0, d.start)]
        if not cands:
            # "the 2019 summit": a bare year only right beside the trigger
            cands = [d for d in sent.dates if d.kind == "year" and (
                abs(d.end - trig.fstart) <= 2 or abs(d.start - trig.fend) <= 1)]
        if not cands:
            return None

        def dist(d: DateMention, t: _Trig) -> int:
            if d.end <= t.fstart:
                return t.fstart - d.end
            if d.start >= t.fend:
                return d.start - t.fend
            return 0

        own = [d for d in cands if all(dist(d, trig) <= dist(d, t) + 5
                                       for t in sent.triggers if t is not trig)]
        if own:
            return min(own, key=lambda d: dist(d, trig))
        # a date nearer another verb can be shared ("ont signé mardi …, à l'issue
        # d'entretiens"), but not one that dates a summit or session named nearby
        shared = [d for d in cands if all(
            dist(d, trig) <= dist(d, t) + 5 for t in sent.triggers
            if t is not trig and t.trigger.type in ("summit", "other"))]
        return min(shared, key=lambda d: dist(d, trig)) if shared else None

    def _value(self, d: DateMention | None, future: bool) -> DateValue | None:
        if d is None:
            return None
        if future and d.future is not None:
            return d.future
        return d.value

    def _place(self, sent: _Sent, lo: int, hi: int) -> tuple[str | None, str | None]:
        """City and country named in the clause (cities first)."""
        lo_o, hi_o = self._orig(sent, lo, max(lo + 1, hi))
        text = self.doc.text
        city = country = None
        for h in self.doc.hits_in(lo_o, hi_o, ("city", "state")):
            if h.start < self.ctx.dateline_end:
                continue
            before = text[max(0, h.start - 12):h.start].lower().split()
            prev = before[-1] if before else ""
            prev = prev.split("'")[-1] if "'" in prev else prev
            if h.kind == "city" and city is None:
                after = text[h.end:h.end + 2]
                if prev not in _PLACE_WORDS or after in ("'s", "’s"):
                    continue
                city = h.ref
                country = self.cities.get(h.ref)
            elif (h.kind == "state" and h.key.form_kind in ("name", "alias") and country is None
                  and (prev in ("in", "en", "au", "aux", "a", "à") or (
                      city is not None and text[max(0, h.start - 5):h.start].strip().endswith(
                          (",", "("))))):
                country = h.ref
        if city is None and country is None:
            folded = sent.folded.text[lo:hi]
            if self.ctx.dateline_city and any(
                    re.search(rf"\b{w}\b", folded) for w in self.rules.here_words):
                return self.ctx.dateline_city, self.cities.get(self.ctx.dateline_city)
        return city, country

    # ------------------------------------------------------------------ participants

    def _anaphor(self, sent: _Sent, lo_o: int, trig: _Trig) -> list[Participant]:
        """'The Chinese minister … he last visited': the one person the title fits."""
        titles = [t for t in self.doc.titles if t.sentence == sent.index
                  and lo_o <= t.start < trig.start and t.ref in _OFFICE_ROLES_EV]
        if not titles:
            return []
        title = titles[0]
        states = [h.ref for h in self.doc.hits_in(title.start - 20, title.end + 20, ("state",))]
        family = _ROLE_FAMILY.get(title.ref, (title.ref,))
        fits = [p for p in self.persons.values()
                if set(p.roles) & set(family) and (not states or p.state in states)]
        return [self._participant(fits[0].key)] if len(fits) == 1 else []

    def _governed(self, m: PersonMention) -> bool:
        """Is the mention the object of a preposition ("invitation de M. X", "by Y")?"""
        tokens = self.doc.tokens[m.sentence]
        k = next((i for i, t in enumerate(tokens) if t.start >= m.start), len(tokens)) - 1
        titles = [t for t in self.doc.titles if t.sentence == m.sentence]
        hits = [h for h in self.doc.hits if h.sentence == m.sentence and h.kind == "state"]
        while k >= 0:
            t = tokens[k]
            if (any(h.start <= t.start < h.end for h in titles + hits)
                    or t.norm in self.rules.honorifics or t.norm in ("le", "la", "l'", "les",
                                                                     "the", "m")):
                k -= 1
                continue
            if self.doc.text[m.end:m.end + 2] in ("'s", "’s"):
                return False  # "the success of Prime Minister Kishida's visit": his visit
            return t.norm in ("de", "d'", "du", "des", "of", "by", "par", "avec", "with")
        return False

    def _split_sides(self, sent: _Sent, trig: _Trig, lo_o: int, hi_o: int):
        before = [m for m in sent.persons if lo_o <= m.start < trig.start
                  and not (trig.trigger.type == "visit" and self._governed(m))]
        after = [m for m in sent.persons if trig.end <= m.start < hi_o]
        if trig.trigger.passive:
            before, after = after, before
        return before, after

    def _message_sides(self, sent: _Sent, trig: _Trig, lo_o: int, hi_o: int):
        """(senders, recipients) of a message: 'from X to Y', 'du président X adressé à Y'.

        The preposition is the first word before the name's title phrase.
        """
        from_rx = re.compile(r"^(?:" + self.rules.extra["message_from"] + r")$")
        to_rx = re.compile(r"^(?:" + self.rules.extra["message_to"] + r")$")
        tokens = self.doc.tokens[sent.index]
        senders, recipients = [], []
        for m in sent.persons:
            first = lo_o if trig.trigger.weak else trig.start
            if not (first <= m.start < hi_o):
                continue  # the bearer before "X, venu remettre un message" is neither side
            idx = next((i for i, t in enumerate(tokens) if t.start >= m.start), len(tokens))
            j = idx - 1
            while j >= 0:
                t = tokens[j]
                covered = any(h.start <= t.start < h.end for h in self.doc.titles
                              if h.sentence == sent.index) or any(
                    h.start <= t.start < h.end for h in self.doc.hits
                    if h.sentence == sent.index and h.kind in ("state", "org"))
                if covered or t.norm in self.rules.honorifics or t.norm in (
                        "le", "la", "l'", "les", "the", "sa", "son", "his", "her", ",", "m",
                        "president", "roi", "king"):
                    j -= 1
                    continue
                break
            word = tokens[j].norm if j >= 0 else ""
            two = (tokens[j - 1].norm + " " + word) if j >= 1 else word
            if from_rx.match(word):
                senders.append(m)
            elif to_rx.match(word) or to_rx.match(two):
                recipients.append(m)
        return senders, recipients

    def _participants(self, mentions: list[PersonMention]) -> list[Participant]:
        out: list[Participant] = []
        seen: set[str] = set()
        for m in mentions:
            if m.person in seen:
                continue
            seen.add(m.person)
            p = self.persons[m.person]
            out.append(Participant(p.key, p.state, p.org, list(p.roles)))
        return out

    def _participant(self, key: str) -> Participant:
        p = self.persons[key]
        return Participant(p.key, p.state, p.org, list(p.roles))

    # ------------------------------------------------------------------ main loop

    def run(self) -> list[Event]:
        body = [s for s in self.sents if not self.doc.sentences[s.index].is_headline]
        for sent in body:
            self._sentence(sent)
        if not self.events and body is not self.sents:
            for sent in self.sents:
                if self.doc.sentences[sent.index].is_headline:
                    self._sentence(sent)
        self._sidelines()
        self._fill_lonely()
        self._drop_visits()
        self.events = [e for e in self.events if not (
            e.type not in ("visit", "summit", "other") and len(e.participants) < 2
            and (not e.referenced or id(e) not in self._background))]
        return _dedupe(self.events)

    def _etype(self, trig: _Trig) -> str:
        t = trig.trigger.type
        if t == "spoke":
            return self.ctx.call_cue or "phone_call"
        return t

    def _first_official(self) -> str | None:
        for sent in self.sents:
            if self.doc.sentences[sent.index].is_headline:
                continue
            for m in sent.persons:
                if self.persons[m.person].roles:
                    return m.person
        return None

    def _sentence(self, sent: _Sent) -> None:
        last_in_person: Event | None = None
        prev_subjects: list[Participant] = []
        for trig in sent.triggers:
            lo, hi = self._clause(sent, trig)
            lo_o, _ = self._orig(sent, lo, lo + 1)
            hi_o = self._orig(sent, max(lo, hi - 1), hi)[1] if hi > lo else lo_o
            etype = self._etype(trig)
            tense = self._tense(sent, trig, lo, hi)
            date_m = self._date_near(sent, trig, lo, hi, tense == "future")
            if etype == "message":
                senders, recipients = self._message_sides(sent, trig, lo_o, hi_o)
                inside = [m for m in sent.persons if trig.start < m.start < trig.end
                          and m not in senders]
                recipients = recipients or inside
                if not trig.trigger.weak:
                    # "X sent a message to Y": the subject sends
                    if not senders:
                        senders = [m for m in sent.persons
                                   if lo_o <= m.start < trig.start and m not in recipients][:1]
                    if not recipients:
                        recipients = [m for m in sent.persons if trig.end <= m.start < hi_o
                                      and m not in senders][:1]
                people = self._participants(senders + recipients)
                if len(people) < 2:
                    continue
                self._add(etype, people, sent, trig, tense, date_m, place=False)
                continue
            if etype == "signing":
                people = self._participants(
                    [m for m in sent.persons if lo_o <= m.start < hi_o])
                base = last_in_person or self._last_main_in_person()
                if base is not None and (len(people) < 2 or {p.person for p in people} <=
                                         {p.person for p in base.participants}):
                    people = [Participant(p.person, p.state, p.org, list(p.roles))
                              for p in base.participants]
                if len(people) < 2:
                    continue
                ev = self._add(etype, people, sent, trig, tense, date_m, place=True)
                if ev is not None and base is not None and ev.date is None:
                    ev.date = base.date
                    if ev.city is None and ev.country is None:
                        ev.city, ev.country = base.city, base.country
                continue
            if etype in ("summit", "other"):
                self._noun_event(etype, sent, trig, lo, hi, tense, date_m)
                continue
            before, after = self._split_sides(sent, trig, lo_o, hi_o)
            if trig.trigger.weak and trig.fstart == 0 and etype in _IN_PERSON:
                # "With X, Y discussed …": X right after, Y after the comma
                pair = [m for m in after if m.start - trig.end <= 60][:1]
                if pair:
                    text = self.doc.text
                    pair += [m for m in after if m.person != pair[0].person
                             and 0 <= m.start - pair[0].end <= 130
                             and "," in text[pair[0].end:m.start]
                             and len(self.doc.titles_in(pair[0].end, m.start)) <= 1
                             and m.start - pair[0].end - self._apposition(pair[0].end, m.start)
                             <= 12][:1]
                after = pair
            subjects = self._participants(before)
            if not subjects and prev_subjects and (not trig.trigger.weak or etype == "visit"):
                subjects = prev_subjects
            objects = [p for p in self._participants(after)
                       if p.person not in {s.person for s in subjects}]
            if etype == "visit" and not subjects:
                subjects = self._anaphor(sent, lo_o, trig)  # "the Chinese minister … visited"
            if trig.trigger.weak and not (subjects or objects):
                if etype in _IN_PERSON and tense == "future" and date_m is not None:
                    base = self._last_main_in_person()
                    if base is not None:
                        self._add(etype, [self._participant(p.person) for p in
                                          base.participants], sent, trig, tense, date_m, True)
                continue
            protagonist = self.ctx.protagonist or self._first_official()
            if not subjects and objects and protagonist and etype != "visit" and (
                protagonist not in {o.person for o in objects}
            ) and not trig.trigger.weak:
                subjects = [self._participant(protagonist)]
            if (len(subjects) + len(objects) == 1 and protagonist and etype in _IN_PERSON
                    and etype != "visit" and not trig.trigger.weak
                    and protagonist not in {p.person for p in subjects + objects}):
                objects = objects + [self._participant(protagonist)] if subjects else objects
                if not subjects:
                    subjects = [self._participant(protagonist)]
            if subjects:
                prev_subjects = subjects
            if etype == "visit":
                # "X se rend à …": the subject travels; "la visite du président X": the noun's
                people = subjects[-1:] or (objects[:1] if trig.trigger.weak else [])
                if not people:
                    continue
                if trig.trigger.weak and not self._destination(trig, hi_o):
                    continue
                self._add("visit", people, sent, trig, tense, date_m, place=True)
                continue
            if trig.trigger.background:
                people = subjects + objects
                ev = self._add(etype, people, sent, trig, tense, date_m, place=True)
                if ev is not None:
                    self._background.add(id(ev))
                    ev.referenced = True
                    orgs = self.doc.hits_in(trig.end, trig.end + 80, ("org",))
                    ev.organisation = orgs[0].ref if orgs else None
                continue
            groups: list[list[Participant]]
            if len(subjects) == 1 and len(objects) >= 2:
                groups = [subjects + [o] for o in objects]
            else:
                groups = [subjects + objects]
            for people in groups:
                if not people and not (trig.trigger.weak or tense) and self._titled(sent, lo, hi):
                    # "Le ministre russe … et son homologue français se sont entretenus": the
                    # names come in the next sentences (see _fill_lonely)
                    self._add(etype, [], sent, trig, tense, date_m, place=etype not in _CALLS)
                    continue
                if not people:
                    continue
                if trig.trigger.weak and len(people) < 2:
                    continue
                ev = self._add(etype, people, sent, trig, tense, date_m,
                               place=etype not in _CALLS and not trig.trigger.weak)
                if ev is not None and etype in _IN_PERSON:
                    last_in_person = ev

    def _apposition(self, start: int, end: int) -> int:
        """Length of a title apposition between two names ("X, Director-General of the ILO, Y")."""
        seg = self.doc.text[start:end]
        if seg.count(",") >= 2:
            first, last = seg.index(","), seg.rindex(",")
            return last - first
        return 0

    def _destination(self, trig: _Trig, hi_o: int) -> bool:
        """A visit noun needs where to: "visit China", "visite … en Chine", "trip to Moscow"."""
        text = self.doc.text
        for h in self.doc.hits_in(trig.end, max(trig.end + 1, hi_o), ("state", "city")):
            if h.kind == "state" and h.key.form_kind not in ("name", "alias"):
                continue
            before = [w for w in text[max(0, h.start - 16):h.start].lower().split()
                      if w not in ("the", "la", "le", "les")]
            prev = before[-1].split("'")[-1] if before else ""
            if h.start - trig.end <= 2 or prev in _DESTINATION_WORDS:
                return True
        return False

    def _titled(self, sent: _Sent, lo: int, hi: int) -> bool:
        lo_o, hi_o = self._orig(sent, lo, max(lo + 1, hi))
        return any(lo_o <= t.start < hi_o for t in self.doc.titles if t.sentence == sent.index)

    def _last_main_in_person(self) -> Event | None:
        for ev in reversed(self.events):
            if ev.type in _IN_PERSON and not ev.referenced:
                return ev
        return None

    def _add(self, etype: str, people: list[Participant], sent: _Sent, trig: _Trig,
             tense: str | None, date_m: DateMention | None, place: bool) -> Event | None:
        lo, hi = self._clause(sent, trig)
        value = self._value(date_m, tense == "future")
        ctx = self.ctx
        if value is not None and etype == "visit" and date_m is not None and date_m.kind == "range":
            value = DateValue(value.year, value.month)  # "visit on 19–20 November": that month
        referenced = tense in ("future", "past") or (date_m is not None and date_m.kind == "period")
        if (value is not None and ctx.main_date is not None and not referenced
                and _far(value, ctx.main_date, ctx.anchor)):
            referenced = True
        if value is None and not referenced:
            value = ctx.main_date if ctx.main_date is not None else ctx.dateline_date
            if value is not None and ctx.main_from_visit:
                value = DateValue(value.year, value.month)  # some day of the visit
        if value is None and tense == "future":
            # later steps of the same planned trip
            prior = [e for e in self.events if e.referenced and e.date and e.type != "summit"
                     and e.sentence < sent.index]
            if prior and self._tense_of(prior[-1]) == "future":
                value = _parse_iso(prior[-1].date)
                if prior[-1].type == "visit":
                    value = DateValue(value.year, value.month)  # some day of the trip
        if value is not None and not referenced and ctx.anchor is not None:
            day = value.as_date()
            if day is not None:
                gap = (day - ctx.anchor).days
                referenced = gap > 1 or gap < -10
            elif (value.year, value.month or ctx.anchor.month) < (
                    ctx.anchor.year, ctx.anchor.month) and date_m is not None:
                referenced = True
        city = country = None
        if place and etype not in _CALLS:
            city, country = self._place(sent, lo, hi)
            main_country = ctx.main_place[1] if ctx.main_place else ctx.home_state
            if (not referenced and etype in _IN_PERSON and date_m is None and country
                    and main_country and country != main_country):
                referenced = True  # another stop of a tour: not the reported day
                value = None
            if (city is None and country is not None and ctx.dateline_city
                    and self.cities.get(ctx.dateline_city) == country and not referenced):
                city = ctx.dateline_city  # "who is in India" in a readout datelined New Delhi
            if (city is None and country is None and trig.trigger.host and not referenced
                    and ctx.main_place is None and not ctx.dateline_city and people):
                # the one who receives, at home ("The President received the Foreign
                # Minister": no one named, no host)
                host = people[-1] if trig.trigger.passive else people[0]
                country = host.state
            last_main = next((e for e in reversed(self.events) if not e.referenced), None)
            if (not referenced and etype in _IN_PERSON and city is None and country is None
                    and last_main is not None and last_main.type in _CALLS
                    and self._also(sent, trig)):
                etype = last_main.type  # "s'est également entretenu avec" after a call
        if (etype not in _CALLS and etype not in ("visit", "message") and city is None
                and country is None and not referenced):
            # the occasion's place: the main event's, the dateline's, the visited country
            if ctx.main_place is not None:
                city, country = ctx.main_place
            elif ctx.dateline_city and ctx.visit_country in (
                    None, self.cities.get(ctx.dateline_city)):
                city, country = ctx.dateline_city, self.cities.get(ctx.dateline_city)
            elif ctx.visit_country:
                country = ctx.visit_country
        ev = Event(
            type=etype,
            date=value.iso() if value is not None else None,
            city=city,
            country=country,
            participants=people,
            sentence=sent.index,
            referenced=referenced,
        )
        if not referenced and etype not in ("message", "signing"):
            if ctx.main_date is None and value is not None:
                ctx.main_date = value
                ctx.main_from_visit = etype == "visit"
            if ctx.main_place is None and (city or country) and etype in _IN_PERSON:
                ctx.main_place = (city, country)
            if ctx.protagonist is None and people:
                ctx.protagonist = people[0].person
        self._tenses[id(ev)] = tense
        self.events.append(ev)
        return ev

    def _also(self, sent: _Sent, trig: _Trig) -> bool:
        window = sent.folded.text[max(0, trig.fstart - 30):trig.fend + 5]
        return any(re.search(rf"\b{re.escape(w)}\b", window) for w in self.rules.also_words)

    def _tense_of(self, ev: Event) -> str | None:
        return self._tenses.get(id(ev))

    def _noun_event(self, etype: str, sent: _Sent, trig: _Trig, lo: int, hi: int,
                    tense: str | None, date_m: DateMention | None) -> None:
        """'the upcoming SCO summit in Qingdao', 'la session d'été de l'APCE': with its body."""
        if any(h.start <= trig.start and trig.end <= h.end
               for h in self.doc.hits_in(trig.start - 120, trig.end + 120, ("org", "project"))):
            return  # "Conference on Interaction and Confidence Building Measures in Asia"
        orgs = [h for h in self._hits(sent, ("org",))
                if -60 <= h.start - trig.end <= 40 or 0 <= trig.start - h.end <= 25]
        near = min(orgs, key=lambda h: min(abs(h.end - trig.start), abs(h.start - trig.end)),
                   default=None)
        if etype == "other" and near is None:
            return
        # its own date: after it in its clause, or right before it ("the 2019 summit")
        own = next((d for d in sent.dates if (trig.fend <= d.start < hi and d.kind != "year")
                    or 0 <= trig.fstart - d.end <= 15), None)
        value = self._value(own, tense != "past")
        city, country = self._place(sent, lo, hi)
        lead = next((s.index for s in self.sents
                     if not self.doc.sentences[s.index].is_headline), None)
        people = self._participants(sent.persons)
        if (etype == "summit" and sent.index == lead and tense is None and len(people) >= 2
                and not any(not e.referenced for e in self.events)):
            ev = self._add(etype, people, sent, trig, tense, date_m, place=True)
            if ev is not None:
                ev.organisation = near.ref if near else None
            return
        ev = Event(etype, value.iso() if value else None, city, country, [], sent.index,
                   referenced=True, organisation=near.ref if near else None)
        self.events.append(ev)

    def _sidelines(self) -> None:
        """'on the sidelines of X' / 'en marge de X': X happened the same day, same place."""
        if "sidelines" not in self.rules.extra:
            return
        rx = re.compile(self.rules.extra["sidelines"])
        heads = {"sommet": "summit", "summit": "summit", "forum": "other", "reunion": "meeting",
                 "meeting": "meeting", "session": "other", "conference": "other",
                 "assemblee": "other", "assembly": "other"}
        for sent in self.sents:
            m = rx.search(sent.folded.text)
            if not m:
                continue
            after = sent.folded.text[m.end():m.end() + 80]
            words = re.findall(r"[a-z]+", after)[:6]
            etype = next((heads[w] for w in words if w in heads), None)
            if etype is None:
                continue
            main = next((e for e in self.events if not e.referenced
                         and e.sentence == sent.index), None) or next(
                (e for e in reversed(self.events) if not e.referenced
                 and e.sentence < sent.index), None)
            if main is None:
                continue
            existing = [e for e in self.events if e.referenced and e.type == etype
                        and e.sentence == sent.index]
            if existing:
                for e in existing:
                    e.date = e.date or main.date
                    if e.city is None and e.country is None:
                        e.city, e.country = main.city, main.country
                continue
            s_o, _ = self._orig(sent, m.end(), m.end() + 1)
            orgs = [h for h in self.doc.hits_in(s_o, s_o + 120, ("org",))]
            ev = Event(etype, main.date, main.city, main.country, [], sent.index,
                       referenced=True, organisation=orgs[0].ref if orgs else None)
            self._background.add(id(ev))
            self.events.append(ev)

    def _fill_lonely(self) -> None:
        """A reported event with one named side takes the named persons of the next sentences."""
        used = {p.person for e in self.events for p in e.participants if not e.referenced}
        for ev in self.events:
            if ev.referenced or len(ev.participants) >= 2 or ev.type in ("message", "summit"):
                continue
            have = {p.person for p in ev.participants}
            states = {p.state for p in ev.participants}
            busy = {p.person for e in self.events if e is not ev for p in e.participants}
            for sent in self.sents[ev.sentence + 1: ev.sentence + 3]:
                for m in sent.persons:
                    p = self.persons[m.person]
                    if p.key in have or (p.key in used and ev.participants) or p.key in busy:
                        continue
                    if ev.participants and p.state in states and p.state is not None:
                        continue
                    ev.participants.append(self._participant(p.key))
                    have.add(p.key)
                    states.add(p.state)
                    if len(ev.participants) >= 2 and ev.participants[0].person != p.key:
                        break
                if len(ev.participants) >= 2:
                    break

    def _drop_visits(self) -> None:
        """A visit is an event only when no meeting is reported for it."""
        keep = []
        for ev in self.events:
            if ev.type == "visit":
                meetings = [e for e in self.events if e.type in ("meeting", "talks")
                            and (e.referenced == ev.referenced or not e.referenced) and (
                                e.date is None or ev.date is None
                                or e.date[:7] == ev.date[:7])]
                visitor = {p.person for p in ev.participants}
                if meetings and (not visitor or any(
                        visitor & {p.person for p in m.participants} for m in meetings)):
                    continue
            keep.append(ev)
        self.events = keep


@cache
def _compiled_rules(rules: LanguageRules):
    """Tense markers and trigger patterns of a language, compiled once."""
    return ([re.compile(p) for p in rules.future_markers],
            [re.compile(p) for p in rules.past_markers],
            [(t, scan_regex(t.pattern)) for t in rules.triggers])


def _far(value: DateValue, main: DateValue, anchor: dt.date | None) -> bool:
    """True when a date is clearly another occasion than the main event."""
    a, b = value.as_date(), main.as_date()
    if a is not None and b is not None:
        # an earlier day is a past occasion ("his meetings in Moscow on Tuesday"); the next
        # day or two can continue a visit ("On April 26, … co-chaired consultations")
        return a < b or (a - b).days > 2
    if value.year != main.year:
        return True
    return value.month is not None and main.month is not None and value.month != main.month


def _parse_iso(value: str) -> DateValue:
    parts = [int(x) for x in value.split("-")]
    return DateValue(*parts)


def _coarse(t: str) -> str:
    return "in_person" if t in _IN_PERSON else t


def _dedupe(events: list[Event]) -> list[Event]:
    out: list[Event] = []
    for ev in events:
        key_people = frozenset(p.person for p in ev.participants)
        dup = None
        for other in out:
            if (other.referenced == ev.referenced and _coarse(other.type) == _coarse(ev.type)
                    and frozenset(p.person for p in other.participants) == key_people
                    and key_people and (other.date == ev.date or ev.date is None
                                        or other.date is None)):
                dup = other
                break
            if (not key_people and other.referenced == ev.referenced and other.type == ev.type
                    and other.organisation == ev.organisation and (
                        other.date == ev.date or (
                            (other.city == ev.city and ev.city is not None
                             or other.organisation is not None)
                            and (other.date is None or ev.date is None)))):
                dup = other
                break
        if dup is None:
            out.append(ev)
            continue
        if dup.date is None:
            dup.date = ev.date
        if dup.city is None and dup.country is None:
            dup.city, dup.country = ev.city, ev.country
    return out
