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

import bisect
import datetime as dt
import heapq
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache

from kg.extraction import Event, Participant, Person, Rule
from kg.lang.base import (
    CALL_OR_MEETING,
    OCCASION_PRESS,
    OCCASION_WELCOME,
    OCCASION_WREATH,
    LanguageRules,
    Trigger,
    scan,
    scan_regex,
)
from kg.parse.dates import DateMention, DateValue, find_dates
from kg.parse.doc import Doc, Hit
from kg.parse.persons import PersonMention
from kg.text import Folded, fold, fold_text  # noqa: F401

_IN_PERSON = ("meeting", "talks", "visit")
_OFFICE_ROLES_EV = ("head_of_state", "head_of_government", "foreign_minister", "minister",
                    "deputy_foreign_minister", "deputy_head_of_government", "ambassador")
# a generic title ("the minister") fits the more specific roles of its family
_ROLE_FAMILY = {"minister": ("minister", "foreign_minister", "deputy_foreign_minister",
                             "deputy_head_of_government")}
_CALLS = ("phone_call", "video_call")
_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass
class _Trig:
    trigger: Trigger
    start: int  # original offsets
    end: int
    fstart: int  # folded-sentence offsets
    fend: int
    clause: tuple[int, int] = (0, 0)  # folded bounds, see EventFinder._clause
    aside: int = -1  # the aside it lies in (", who is on his first visit since …,"), or -1


# Bounds on work per trigger or mention that keep the event pass linear on any text; real
# sentences hold a handful of dates and persons, far below them.
_SCAN = 20  # dates looked at on each side of a trigger
# sentences between a one-person welcome or press occasion and the meeting whose pair it has
_OCCASION_REACH = 3
_WALK = 60  # tokens walked back from a name to the word that governs it
_LONELY = 64  # person mentions looked at to complete a one-sided event
# Distances (characters) that tie words to a trigger
_WITH_NAME = 60  # "With X, …": X at most this far after the opening trigger
_WITH_SECOND = 130  # … and the second name at most this far after X
_WITH_GAP = 12  # … with no more than this between them besides one title apposition
_ORG_AFTER = 80  # an attended gathering's organisation named right after its trigger


@dataclass
class _Sent:
    index: int
    folded: Folded
    start: int
    dates: list[DateMention] = field(default_factory=list)
    persons: list[PersonMention] = field(default_factory=list)
    triggers: list[_Trig] = field(default_factory=list)
    # positions for bisection, filled in by EventFinder._index_sentence
    person_starts: list[int] = field(default_factory=list)
    date_starts: list[int] = field(default_factory=list)
    date_ends: list[int] = field(default_factory=list)
    date_free: list[bool] = field(default_factory=list)  # not inside parentheses
    # the aside (", who … ,") each date lies in, -1 for none, and each trigger's
    date_aside: list[int] = field(default_factory=list)
    asides: list[tuple[int, int]] = field(default_factory=list)  # folded spans
    trig_fstarts: list[int] = field(default_factory=list)
    gatherings: list[_Trig] = field(default_factory=list)  # summit and other triggers
    gathering_fstarts: list[int] = field(default_factory=list)


@dataclass
class _Frame:
    """One event clause: a trigger, the event class it reports, and its slots.

    The agent slots (subject and counterpart, sender and recipient, traveller) are filled by
    the handler of the event class (see ``_FRAME_HANDLERS``); time and tense are filled for
    every class alike, place by :meth:`EventFinder._add` from the clause and the readout."""

    sent: _Sent
    trig: _Trig
    etype: str
    tense: str | None  # "future", "past" or None (reported)
    lo: int  # folded clause bounds
    hi: int
    lo_o: int  # original clause bounds
    hi_o: int
    date: DateMention | None
    occasion: str = ""  # a social occasion's kind: an event of type other with host and guests


@dataclass
class _SentenceState:
    """What frames of one sentence pass on to the next ones ("X met A and later B")."""

    last_in_person: Event | None = None
    prev_subjects: list[Participant] = field(default_factory=list)
    last_occasion: Event | None = None  # the social occasion this sentence told last


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
                 cities: dict[str, str], ctx: DocContext,
                 capitals: dict[str, str] | None = None) -> None:
        self.doc = doc
        self.rules: LanguageRules = doc.rules
        self.persons = persons
        self.cities = cities  # canonical city -> alpha3
        self.capitals = capitals or {}  # alpha3 -> canonical capital
        self.ctx = ctx
        self.events: list[Event] = []
        self._unreferenced: list[Event] = []  # candidates for the last reported event
        self._unreferenced_in_person: list[Event] = []
        self._prior_pos = 0  # events of earlier sentences scanned for _prior_dated
        self._prior_last: Event | None = None
        self._first_official_cache: list[str | None] = []
        self._by_role: dict[str, list[Person]] | None = None
        self._tenses: dict[int, str | None] = {}
        self._visit_told_cache: bool | None = None
        self._topic: str | None = None  # the last person named as a grammatical subject
        # occasions told with one person, completed once every event is known
        self._pending: list[tuple[_Frame, list[Participant]]] = []
        self._background: set[int] = set()  # attended gatherings: one named side is enough
        self.sents: list[_Sent] = []
        by_sentence: dict[int, list[PersonMention]] = {}
        for m in mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        self._mentions = mentions  # in text order
        self._mention_starts = [m.start for m in mentions]
        self._future, self._past, self._triggers = _compiled_rules(self.rules)
        self._aside_rx = _optional_rx(self.rules.aside_clauses)
        rules = self.rules
        # the word before a name that makes it an object: "invitation de M. X", "by Y"
        self._governing = rules.of_words | rules.by_words | rules.with_words
        # words between a message's preposition and the name's title ("from his X")
        self._determiners = rules.articles | rules.possessives
        self._into_rx = _into_rx(rules)
        # "welcomed at the airport": a meeting trigger whose clause names such an occasion
        self._occasion_rx = _optional_rx(rules.occasion_markers)
        self._pair_rx = _optional_rx(rules.pair_anaphors)
        self._relative_rx = _optional_rx(rules.relative_links)
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
            _index_sentence(sent, self._aside_rx)
            if s.start < ctx.dateline_end:
                # the dateline's date is when the readout was filed: the lead's own date
                # ("s'est achevé le jeudi 24 avril", published the 25th) is the event's
                for i, d in enumerate(sent.dates):
                    if self._orig(sent, d.start, d.end)[0] < ctx.dateline_end:
                        sent.date_free[i] = False
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
            # a visit told as past or planned ("had earlier paid a visit to X") is not where
            # the readout's occasion takes place
            if not any(not t.trigger.weak and self._told_visit(sent, t) for t in sent.triggers):
                continue
            s = self.doc.sentences[sent.index]
            for h in self.doc.hits_in(s.start, s.end, ("state", "city")):
                if h.kind == "city":
                    return self.cities.get(h.ref)
                if h.key.form_kind in ("name", "alias"):
                    before = text[max(s.start, h.start - 10):h.start].lower()
                    if self._into_rx.search(before):
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
        taken = bytearray(len(sent.folded.text) + 1)  # characters of triggers kept so far
        for fs, fe, (_, trig) in matches:
            if 1 in taken[fs:fe]:
                continue
            taken[fs:fe] = b"\x01" * (fe - fs)
            s, e = self._orig(sent, fs, fe)
            found.append(_Trig(trig, s, e, fs, fe))
        found.sort(key=lambda t: t.start)
        # "s'est réuni par visioconférence", "met virtually": the call phrase gives the type
        calls = [t for t in found if t.trigger.type in _CALLS]
        if not calls:
            return found
        fstarts = [t.fstart for t in found]
        fends = [t.fend for t in found]  # sorted too: triggers do not overlap
        merged: set[int] = set()
        for call in calls:
            near = sorted(set(range(bisect.bisect_left(fstarts, call.fend - 40),
                                    bisect.bisect_right(fstarts, call.fend + 40)))
                          | set(range(bisect.bisect_left(fends, call.fstart - 40),
                                      bisect.bisect_right(fends, call.fstart + 40))))
            for i in near:
                t = found[i]
                if t.trigger.type in _IN_PERSON + (CALL_OR_MEETING,) and not t.trigger.weak and (
                        abs(t.fstart - call.fend) <= 40 or abs(call.fstart - t.fend) <= 40):
                    t.trigger = replace(t.trigger, type=call.trigger.type)
                    merged.add(id(call))
                    break
        return [t for t in found if id(t) not in merged]

    def _tense(self, sent: _Sent, trig: _Trig, lo: int, hi: int) -> str | None:
        """'future' / 'past' from markers in the clause around the trigger (folded offsets)."""
        if trig.trigger.future:
            return "future"
        if trig.trigger.past:
            return "past"
        c_lo = max(lo, trig.fstart - 60)
        c_hi = min(hi, trig.fend + 40)
        comma = sent.folded.text.find(",", trig.fend, c_hi)
        if comma >= 0:
            c_hi = comma  # "Speaking at a joint news conference, X said it would …": not its tense
        clause = sent.folded.text[c_lo:c_hi]
        for k, (a, b) in enumerate(sent.asides):
            if k != trig.aside and a < c_hi and b > c_lo:  # an aside's tense is its own
                a, b = max(a, c_lo) - c_lo, min(b, c_hi) - c_lo
                clause = clause[:a] + " " * (b - a) + clause[b:]
        head = len(clause) + 1  # where the sentence's first words, appended, begin
        clause += " " + sent.folded.text[:25]
        if any(rx.search(clause) for rx in self._future):
            return "future"
        for rx in self._past:
            for m in rx.finditer(clause):
                f0 = m.start() - head if m.start() >= head else c_lo + m.start()
                if not self._describes_person(sent, f0, m.group(0)):
                    return "past"
        return None

    def _describes_person(self, sent: _Sent, fstart: int, word: str) -> bool:
        """Is a past marker at folded `fstart` a former office of a person named right after
        it ("met former President X", "avec l'ancien président X")? That dates the office,
        not the event."""
        if word.strip() not in self.rules.former_markers:
            return False
        at = self._orig(sent, fstart, fstart + len(word))[1]
        return any(m.context.former and 0 <= m.start - at <= 80 for m in sent.persons)

    def _clause(self, sent: _Sent, trig: _Trig) -> tuple[int, int]:
        """Folded bounds of the clause of a trigger: from the previous to the next trigger
        (computed for all triggers of a sentence at once by :func:`_index_sentence`)."""
        return trig.clause

    def _date_near(self, sent: _Sent, trig: _Trig, lo: int, hi: int,
                   future: bool) -> DateMention | None:
        """The date of a trigger: the nearest one in its clause that no other trigger is
        clearly nearer to; else one elsewhere in the sentence; else a year right beside it.

        Only the nearest candidate on each side of the trigger can win: a date further
        away on the same side is no nearer to the trigger and at least as near to any other
        trigger. So each trigger looks at a few dates, not at all dates of its sentence.
        """
        dates = sent.dates
        cands = self._nearest_dates(
            sent, trig, lambda i: lo <= dates[i].start < hi and dates[i].kind != "year"
            and sent.date_free[i] and sent.date_aside[i] in (-1, trig.aside))
        if not cands:
            cands = self._nearest_dates(
                sent, trig, lambda i: dates[i].kind != "year" and sent.date_free[i]
                and sent.date_aside[i] in (-1, trig.aside)
                and not self._owned_by_later(sent, trig, dates[i]))
        if not cands:
            # "the 2019 summit": a bare year only right beside the trigger
            near = range(max(0, bisect.bisect_left(sent.date_ends, trig.fstart - 2)),
                         bisect.bisect_right(sent.date_starts, trig.fend + 1))
            cands = [dates[i] for i in near if dates[i].kind == "year" and (
                abs(dates[i].end - trig.fstart) <= 2 or abs(dates[i].start - trig.fend) <= 1)]
        if not cands:
            return None
        own = [d for d in cands if _fits(d, trig, sent.triggers, sent.trig_fstarts)]
        if own:
            return min(own, key=lambda d: _dist(d, trig))
        # a date nearer another verb can be shared ("ont signé mardi …, à l'issue
        # d'entretiens"), but not one that dates a summit or session named nearby
        shared = [d for d in cands if _fits(d, trig, sent.gatherings, sent.gathering_fstarts)]
        return min(shared, key=lambda d: _dist(d, trig)) if shared else None

    def _nearest_dates(self, sent: _Sent, trig: _Trig, accept) -> list[DateMention]:
        """Accepted dates overlapping the trigger and the nearest accepted one on each
        side (looking at most _SCAN dates each way), in text order."""
        i_right = bisect.bisect_left(sent.date_starts, trig.fend)
        i_left = bisect.bisect_right(sent.date_ends, trig.fstart)  # dates[:i_left] end before
        picked: list[int] = []
        for i in range(i_left - 1, max(-1, i_left - 1 - _SCAN), -1):
            if accept(i):
                picked.append(i)
                break
        picked.extend(i for i in range(i_left, i_right) if accept(i))  # overlapping it
        for i in range(i_right, min(len(sent.dates), i_right + _SCAN)):
            if accept(i):
                picked.append(i)
                break
        return [sent.dates[i] for i in sorted(set(picked))]

    @staticmethod
    def _owned_by_later(sent: _Sent, trig: _Trig, d: DateMention) -> bool:
        """Does a later strong trigger right before the date claim it ("… and will meet on
        Friday")?"""
        for k in range(bisect.bisect_right(sent.trig_fstarts, d.start) - 1, -1, -1):
            t = sent.triggers[k]
            if t.fend + 30 <= d.start:
                break  # triggers do not overlap: earlier ones end earlier still
            if t is not trig and not t.trigger.weak and t.fstart > trig.fend:
                return True
        return False

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
                if prev not in self.rules.place_words or text.startswith(
                        self.rules.clitic_forms, h.end):
                    continue
                city = h.ref
                country = self.cities.get(h.ref)
            elif h.kind == "state" and city is None and self._capital_of(h):
                city = self.capitals[h.ref]  # "in the Argentine capital"
                country = h.ref
            elif (h.kind == "state" and h.key.form_kind in ("name", "alias") and country is None
                  and (prev in self.rules.in_country_words or (
                      city is not None and text[max(0, h.start - 5):h.start].strip().endswith(
                          (",", "("))))):
                country = h.ref
        if city is None and country is None:
            folded = sent.folded.text[lo:hi]
            if self.ctx.dateline_city and any(
                    re.search(rf"\b{w}\b", folded) for w in self.rules.here_words):
                self._place_rule = Rule.PLACE_HERE_DATELINE
                return self.ctx.dateline_city, self.cities.get(self.ctx.dateline_city)
        self._place_rule = Rule.PLACE_NAMED if city or country else Rule.NO_PLACE
        return city, country

    def _capital_of(self, h: Hit) -> bool:
        """Is a state adjective beside a capital word ("the Argentine capital", "la capitale
        gabonaise"), of a state whose capital is known?"""
        words = self.rules.capital_words
        if not words or h.key.form_kind != "adj" or h.ref not in self.capitals:
            return False
        text = self.doc.text
        after = text[h.end:h.end + 12].split()
        before = text[max(0, h.start - 12):h.start].split()
        return bool(after and fold(after[0]).strip(".,;") in words
                    or before and fold(before[-1]) in words)

    # ------------------------------------------------------------------ participants

    def _anaphor(self, sent: _Sent, lo_o: int, trig: _Trig) -> list[Participant]:
        """'The Chinese minister … he last visited': the one person the title fits."""
        titles = self.doc.titles_of_sentence(sent.index)
        title = None
        starts, _ = self.doc.title_bounds_of_sentence(sent.index)
        for k in range(bisect.bisect_left(starts, lo_o), len(titles)):
            if titles[k].start >= trig.start:
                break
            if titles[k].ref in _OFFICE_ROLES_EV:
                title = titles[k]
                break
        if title is None:
            return []
        states = [h.ref for h in self.doc.hits_in(title.start - 20, title.end + 20, ("state",))]
        if self._by_role is None:  # persons by role, built once: scanning all per visit was slow
            self._by_role = {}
            for p in self.persons.values():
                for role in dict.fromkeys(p.roles):
                    self._by_role.setdefault(role, []).append(p)
        fits: dict[str, Person] = {}
        for role in _ROLE_FAMILY.get(title.ref, (title.ref,)):
            for p in self._by_role.get(role, []):
                if not states or p.state in states:
                    fits[p.key] = p
                    if len(fits) > 1:
                        return []
        return [self._participant(next(iter(fits)), Rule.TITLE_ANAPHOR)] if len(fits) == 1 else []

    def _governed(self, m: PersonMention) -> bool:
        """Is the mention the object of a preposition ("invitation de M. X", "by Y")?"""
        tokens = self.doc.tokens[m.sentence]
        k = self.doc.token_index(m.sentence, m.start) - 1
        titled = self.doc.covering("titles")
        stated = self.doc.covering("hits", ("state",))
        stop = max(-1, k - _WALK)
        while k > stop:
            t = tokens[k]
            if (t.start in titled or t.start in stated
                    or t.norm in self.rules.honorifics or t.norm in self.rules.articles):
                k -= 1
                continue
            if self.doc.text.startswith(self.rules.clitic_forms, m.end):
                return False  # "the success of Prime Minister Kishida's visit": his visit
            return t.norm in self._governing
        return False

    def _split_sides(self, sent: _Sent, trig: _Trig, lo_o: int, hi_o: int):
        # the principal of an envoy ("X, Special Envoy of President Y") sends, not attends
        before = [m for m in _between(sent, lo_o, trig.start)
                  if not (trig.trigger.type == "visit" and self._governed(m))
                  and not m.context.principal]
        # a name inside the trigger phrase is its object ("hosted Mrs Obama for tea")
        after = [m for m in _between(sent, trig.start + 1, hi_o) if not m.context.principal]
        if trig.trigger.passive:
            before, after = after, before
        return before, after

    def _message_sides(self, sent: _Sent, trig: _Trig, lo_o: int, hi_o: int):
        """(senders, recipients) of a message: 'from X to Y', 'du président X adressé à Y'.

        The preposition is the first word before the name's title phrase.
        """
        if not (self.rules.message_from or self.rules.message_to):
            return [], []
        from_rx = re.compile(r"^(?:" + (self.rules.message_from or "(?!)") + r")$")
        to_rx = re.compile(r"^(?:" + (self.rules.message_to or "(?!)") + r")$")
        tokens = self.doc.tokens[sent.index]
        titled = self.doc.covering("titles")
        named = self.doc.covering("hits", ("state", "org"))
        senders, recipients = [], []
        # the bearer before "X, venu remettre un message" is neither side
        for m in _between(sent, lo_o if trig.trigger.weak else trig.start, hi_o):
            j = self.doc.token_index(sent.index, m.start) - 1
            stop = max(-1, j - _WALK)
            while j > stop:
                t = tokens[j]
                covered = t.start in titled or t.start in named
                if covered or t.norm in self.rules.honorifics or t.norm in self._determiners \
                        or t.norm == ",":
                    j -= 1
                    continue
                break
            if j == stop:
                j = -1  # walked back _WALK tokens: as if to the start of the sentence
            word = tokens[j].norm if j >= 0 else ""
            two = (tokens[j - 1].norm + " " + word) if j >= 1 else word
            if from_rx.match(word):
                senders.append(m)
            elif to_rx.match(word) or to_rx.match(two):
                recipients.append(m)
        return senders, recipients

    def _participants(self, mentions: list[PersonMention], rule: str = "") -> list[Participant]:
        out: list[Participant] = []
        seen: set[str] = set()
        for m in mentions:
            if m.person in seen:
                continue
            seen.add(m.person)
            p = self.persons[m.person]
            out.append(Participant(p.key, p.state, p.org, list(p.roles), rule))
        return out

    def _participant(self, key: str, rule: str = "") -> Participant:
        p = self.persons[key]
        return Participant(p.key, p.state, p.org, list(p.roles), rule)

    # ------------------------------------------------------------------ main loop

    def run(self) -> list[Event]:
        body = [s for s in self.sents if not self.doc.sentences[s.index].is_headline]
        for sent in body:
            self._sentence(sent)
        if not self.events and body is not self.sents:
            for sent in self.sents:
                if self.doc.sentences[sent.index].is_headline:
                    self._sentence(sent)
        self._complete_occasions()
        self._sidelines()
        self._fill_lonely()
        self._drop_visits()
        self.events = [e for e in self.events if not (
            e.type not in ("visit", "summit", "other") and len(e.participants) < 2
            and (not e.referenced or id(e) not in self._background))]
        return _dedupe(self.events)

    def _etype(self, trig: _Trig) -> str:
        t = trig.trigger.type
        if t == CALL_OR_MEETING:
            return self.ctx.call_cue or "phone_call"
        return t

    def _first_official(self) -> str | None:
        """The first person with a role named in the body (computed once)."""
        if not self._first_official_cache:
            self._first_official_cache.append(next(
                (m.person for sent in self.sents if not self.doc.sentences[sent.index].is_headline
                 for m in sent.persons if self.persons[m.person].roles), None))
        return self._first_official_cache[0]

    def _sentence(self, sent: _Sent) -> None:
        """Each trigger of the sentence opens a frame, filled by its event class's handler."""
        state = _SentenceState()
        for trig in sent.triggers:
            frame = self._frame(sent, trig)
            if state.last_occasion is not None and self._elaborates(frame):
                handler = EventFinder._elaboration_frame
            elif frame.occasion:
                handler = EventFinder._occasion_frame
            else:
                handler = _FRAME_HANDLERS.get(frame.etype, EventFinder._encounter_frame)
            handler(self, frame, state)

    def _frame(self, sent: _Sent, trig: _Trig) -> _Frame:
        """The frame of a trigger: its clause, event class, tense and date slot."""
        lo, hi = self._clause(sent, trig)
        lo_o, _ = self._orig(sent, lo, lo + 1)
        hi_o = self._orig(sent, max(lo, hi - 1), hi)[1] if hi > lo else lo_o
        tense = self._tense(sent, trig, lo, hi)
        etype = self._etype(trig)
        occasion = trig.trigger.occasion or (
            OCCASION_WELCOME if etype in ("meeting", "talks") and not trig.trigger.weak
            and self._occasion_rx is not None
            and self._occasion_rx.search(sent.folded.text, lo, hi) is not None else "")
        return _Frame(sent, trig, "other" if occasion else etype, tense, lo, hi, lo_o, hi_o,
                      self._date_near(sent, trig, lo, hi, tense == "future"), occasion)

    def _elaborates(self, f: _Frame) -> bool:
        """Is a meeting clause relative to what comes before ("…, where he was received
        by")?"""
        return (self._etype(f.trig) in _IN_PERSON and not f.trig.trigger.occasion
                and self._relative_rx is not None
                and self._relative_rx.search(self.doc.text, f.lo_o, f.trig.start) is not None)

    def _frame_event(self, f: _Frame, people: list[Participant], place: bool,
                     rule: str, etype: str | None = None) -> Event | None:
        ev = self._add(etype or f.etype, people, f.sent, f.trig, f.tense, f.date, place,
                       rule=rule)
        if ev is not None and f.occasion:
            ev.distinct = f.occasion
        return ev

    # ------------------------------------------------------------------ frame handlers

    def _message_frame(self, f: _Frame, state: _SentenceState) -> None:
        """A message: its sender and recipient slots ("X sent a message to Y", "a reçu un
        message de Y"); no place."""
        sent, trig = f.sent, f.trig
        if trig.trigger.exchange:
            self._exchange(f)
            return
        senders, recipients = self._message_sides(sent, trig, f.lo_o, f.hi_o)
        ids = {id(m) for m in senders}
        inside = [m for m in _between(sent, trig.start + 1, trig.end) if id(m) not in ids]
        recipients = recipients or inside
        if not trig.trigger.weak:
            # "X sent a message to Y": the subject sends
            if not senders:
                ids = {id(m) for m in recipients}
                senders = [m for m in _between(sent, f.lo_o, trig.start)
                           if id(m) not in ids][:1]
            if not recipients:
                ids = {id(m) for m in senders}
                recipients = [m for m in _between(sent, trig.end, f.hi_o)
                              if id(m) not in ids][:1]
        people = self._participants(senders + recipients, Rule.MESSAGE_SIDE)
        if len(people) >= 2:
            self._frame_event(f, people, place=False, rule=Rule.MESSAGE_TRIGGER)

    def _exchange(self, f: _Frame) -> None:
        """"X exchanged messages with Y": a message from X to Y and one from Y to X."""
        people = self._participants(_between(f.sent, f.lo_o, f.hi_o), Rule.MESSAGE_SIDE)[:2]
        if len(people) < 2:
            return
        for pair in (people, people[::-1]):
            ev = self._frame_event(f, list(pair), place=False, rule=Rule.MESSAGE_TRIGGER)
            if ev is not None:
                ev.distinct = pair[0].person  # its sender: two messages, not one

    def _signing_frame(self, f: _Frame, state: _SentenceState) -> None:
        """A signing: the persons of its clause, else those of the in-person event it closes
        (same day and place when the clause gives none)."""
        people = self._participants(_between(f.sent, f.lo_o, f.hi_o), Rule.SIGNING_CLAUSE)
        base = state.last_in_person or self._last_main_in_person()
        if base is not None and (len(people) < 2 or {p.person for p in people} <=
                                 {p.person for p in base.participants}):
            people = self._without_kin(_base_participants(base))
        if len(people) < 2:
            return
        ev = self._frame_event(f, people, place=True, rule=Rule.SIGNING_TRIGGER)
        if ev is not None and base is not None and ev.date is None:
            ev.date = base.date
            ev.date_rule = Rule.DATE_BASE_EVENT if base.date else ev.date_rule
            if ev.city is None and ev.country is None:
                ev.city, ev.country = base.city, base.country
                if base.city or base.country:
                    ev.place_rule = Rule.PLACE_BASE_EVENT

    def _gathering_frame(self, f: _Frame, state: _SentenceState) -> None:
        """A summit or another gathering named by a noun: see :meth:`_noun_event`."""
        self._noun_event(f.etype, f.sent, f.trig, f.lo, f.hi, f.tense, f.date)

    def _agent_slots(self, f: _Frame, state: _SentenceState
                     ) -> tuple[list[Participant], list[Participant]] | None:
        """(subjects, objects) of a meeting-like or visit trigger: the persons on its two
        sides (swapped for a passive), the sentence's previous subject, the readout's
        protagonist for a missing side. None when the frame is spent (a weak trigger with no
        one named: at most a planned follow-up of the last meeting)."""
        sent, trig, etype = f.sent, f.trig, f.etype
        before, after = self._split_sides(sent, trig, f.lo_o, f.hi_o)
        if trig.trigger.weak and trig.fstart == 0 and etype in _IN_PERSON:
            after = self._with_pair(trig, after)  # "With X, Y discussed …"
        subjects = self._participants(before, Rule.TRIGGER_SUBJECT)
        pronoun = self._pronoun_referent(f, after if trig.trigger.passive else before)
        if pronoun is not None and not trig.trigger.passive:
            subjects = [pronoun]
        if not subjects and self._pair_subject(f):
            base = state.last_in_person or self._last_main_occasion()
            # "the two presidents then had lunch": the two holders of that office (not
            # "the reciprocal visits of the two presidents": a visit is its subject's)
            subjects = self._pair_by_role(f, base) if etype != "visit" else []
            if not subjects and not after and base is not None and len(base.participants) >= 2:
                # "the two leaders then held talks": the pair of the occasion, not the
                # spouses who attended the welcome with them
                subjects = self._without_kin(_base_participants(base))
        if not subjects and state.prev_subjects and (not trig.trigger.weak or etype == "visit"):
            subjects = [replace(p, rule=Rule.PREVIOUS_SUBJECT) for p in state.prev_subjects]
        objects = [p for p in self._participants(after, Rule.TRIGGER_OBJECT)
                   if p.person not in {s.person for s in subjects}]
        if pronoun is not None and trig.trigger.passive and pronoun.person not in {
                s.person for s in subjects}:
            objects = [pronoun]  # "il a été accueilli par X": X receives him
        if etype == "visit" and not subjects:
            subjects = self._anaphor(sent, f.lo_o, trig)  # "the Chinese minister … visited"
        if trig.trigger.weak and not (subjects or objects):
            if etype in _IN_PERSON and f.tense == "future" and f.date is not None:
                base = self._last_main_in_person()
                if base is not None:
                    self._frame_event(f, [self._participant(p.person,
                                                            Rule.BASE_EVENT_PARTICIPANT)
                                          for p in base.participants], place=True,
                                      rule=Rule.PLANNED_FOLLOWUP)
            return None
        protagonist = self.ctx.protagonist or self._first_official()
        if not subjects and objects and protagonist and etype != "visit" and (
            protagonist not in {o.person for o in objects}
        ) and not trig.trigger.weak:
            subjects = [self._participant(protagonist, Rule.PROTAGONIST)]
        if (len(subjects) + len(objects) == 1 and protagonist and etype in _IN_PERSON
                and etype != "visit" and not trig.trigger.weak
                and protagonist not in {p.person for p in subjects + objects}):
            objects = objects + [self._participant(protagonist, Rule.PROTAGONIST)] \
                if subjects else objects
            if not subjects:
                subjects = [self._participant(protagonist, Rule.PROTAGONIST)]
        if subjects:
            state.prev_subjects = subjects
        return subjects, objects

    def _without_kin(self, people: list[Participant]) -> list[Participant]:
        """Participants taken over from an occasion, less the spouses and relatives who
        attended it (they do not hold talks or sign)."""
        kin = (Rule.SPOUSE_STATE, Rule.FAMILY_NAME_STATE)
        return [p for p in people if self.persons[p.person].state_rule not in kin]

    def _pronoun_referent(self, f: _Frame, grammatical: list[PersonMention]
                          ) -> Participant | None:
        """The person a subject pronoun stands for ("He then laid a wreath", "il a été
        accueilli par X"): the last person named as a grammatical subject. Also records the
        frame's grammatical subject, when named, for the pronouns after it."""
        if grammatical:
            self._topic = grammatical[0].person
            return None
        if self._topic is None or not self.rules.subject_pronouns:
            return None
        words = set(f.sent.folded.text[f.lo:f.trig.fstart].split())
        if words.isdisjoint(self.rules.subject_pronouns):
            return None
        return self._participant(self._topic, Rule.PRONOUN_SUBJECT)

    def _pair_subject(self, f: _Frame) -> bool:
        """Is the subject of the frame "the two leaders" / "les deux chefs d'État"?"""
        return self._pair_rx is not None and self._pair_rx.search(
            f.sent.folded.text, f.lo, f.trig.fstart) is not None

    def _pair_by_role(self, f: _Frame, base: Event | None) -> list[Participant]:
        """"The two presidents", "the two foreign ministers": the two holders of the office
        its title names among the people of the event it follows, else the last two named
        before the phrase, of two different states (spouses left out). Empty when the
        phrase names no office ("the two sides")."""
        m = self._pair_rx.search(f.sent.folded.text, f.lo, f.trig.fstart)
        lo_o, hi_o = self._orig(f.sent, m.start(), m.end())
        roles = set()
        for t in self.doc.titles_in(lo_o, hi_o):
            roles.update(_ROLE_FAMILY.get(t.ref, (t.ref,)))
        if not roles:
            return []
        kin = (Rule.SPOUSE_STATE, Rule.FAMILY_NAME_STATE)
        if base is not None:
            pair = [p.person for p in base.participants
                    if self.persons[p.person].state_rule not in kin]
            held = [key for key in pair if not roles.isdisjoint(self.persons[key].roles)]
            if len(held) == 2 or (len(pair) == 2 and held):
                # (a pair of whom one's office went unread is still the pair)
                return [self._participant(key, Rule.PAIR_BY_ROLE) for key in (
                    held if len(held) == 2 else pair)]
        picked: list[str] = []
        states: set[str | None] = set()
        k = bisect.bisect_left(self._mention_starts, lo_o)
        for mention in reversed(self._mentions[:k]):
            p = self.persons.get(mention.person)
            if p is None or p.key in picked or p.state in states or p.state_rule in kin \
                    or roles.isdisjoint(p.roles):
                continue
            picked.append(p.key)
            states.add(p.state)
            if len(picked) == 2:
                return [self._participant(key, Rule.PAIR_BY_ROLE) for key in reversed(picked)]
        return []

    def _with_pair(self, trig: _Trig, after: list[PersonMention]) -> list[PersonMention]:
        """"With X, Y discussed …": X right after the trigger, Y after the comma (past at
        most one title apposition)."""
        pair = [m for m in after if m.start - trig.end <= _WITH_NAME][:1]
        if not pair:
            return after
        text = self.doc.text
        pair += [m for m in after if m.person != pair[0].person
                 and 0 <= m.start - pair[0].end <= _WITH_SECOND
                 and "," in text[pair[0].end:m.start]
                 and len(self.doc.titles_in(pair[0].end, m.start)) <= 1
                 and m.start - pair[0].end - self._apposition(pair[0].end, m.start)
                 <= _WITH_GAP][:1]
        return pair

    def _occasion_frame(self, f: _Frame, state: _SentenceState) -> None:
        """A social occasion (meal, reception, airport welcome, ceremony, wreath-laying): an
        event of type other with its named host and guests. With nobody named ("a welcome
        ceremony was held"), the people of the reported in-person event it belongs to; a noun
        alone ("the banquet") needs two named people around it. A wreath is laid by its
        subject: whom the monument honours does not attend."""
        slots = self._agent_slots(f, state)
        people = (slots[0] + slots[1]) if slots is not None else []
        if f.occasion == OCCASION_WREATH:
            people = slots[0] if slots is not None else []
            if not people:
                return
        if f.tense is None and (not people and not f.trig.trigger.weak or (
                f.occasion == OCCASION_PRESS and len(people) < 2)):
            # "a welcome ceremony was held"; "speaking at a joint news conference, X said":
            # the pair of the occasion it belongs to
            base = state.last_in_person or self._last_main_in_person()
            if base is not None and {p.person for p in people} <= {
                    p.person for p in base.participants}:
                people = _base_participants(base)
        last = state.last_occasion
        if people and last is not None and last.distinct == f.occasion:
            # the same occasion told twice in one sentence ("welcomed X …, where the visiting
            # President was received with a welcome ceremony"): one event, all its people
            _join(last, people)
            return
        if (len(people) == 1 and f.tense is None and f.trig.trigger.weak
                and f.occasion in (OCCASION_WELCOME, OCCASION_PRESS)):
            # "An official welcome ceremony was held for X": X and whom X then meets (the
            # talks may come later in the text: see _complete_occasions)
            self._pending.append((f, people))
            return
        if not people or (f.trig.trigger.weak and len(people) < 2):
            return
        ev = self._frame_event(f, people, place=True, rule=Rule.OCCASION_TRIGGER)
        if ev is not None:
            state.last_occasion = ev

    def _complete_occasions(self) -> None:
        """A welcome or a press occasion told with one person: an occasion of that person and
        whom they meet in the nearest reported meeting or talks (before or after, within
        _OCCASION_REACH sentences) that they attend."""
        for f, people in self._pending:
            who = people[0].person
            near = [e for e in self.events if not e.referenced and e.type in _IN_PERSON
                    and abs(e.sentence - f.sent.index) <= _OCCASION_REACH
                    and len(e.participants) >= 2 and who in {p.person for p in e.participants}]
            if not near:
                continue
            base = min(near, key=lambda e: (abs(e.sentence - f.sent.index), e.sentence))
            ev = self._frame_event(f, _base_participants(base), place=True,
                                   rule=Rule.OCCASION_TRIGGER)
            if ev is not None and ev.date is None:
                ev.date, ev.date_rule = base.date, Rule.DATE_BASE_EVENT

    def _elaboration_frame(self, f: _Frame, state: _SentenceState) -> None:
        """A clause that elaborates the occasion just told ("was accorded a ceremonial
        welcome, where he was received by A and B"): its people attended that occasion."""
        slots = self._agent_slots(f, state)
        if slots is not None and state.last_occasion is not None:
            _join(state.last_occasion, slots[0] + slots[1])

    def _visit_frame(self, f: _Frame, state: _SentenceState) -> None:
        """A visit: one traveller ("X se rend à …"; "la visite du président X": the noun's),
        and a destination for a visit noun."""
        slots = self._agent_slots(f, state)
        if slots is None:
            return
        subjects, objects = slots
        weak = f.trig.trigger.weak
        people = subjects[-1:] or (objects[:1] if weak else [])
        if not people or (weak and not self._destination(f.trig, f.hi_o)):
            return
        self._frame_event(f, people, place=True,
                          rule=Rule.VISIT_NOUN if weak else Rule.VISIT_TRIGGER)

    def _encounter_frame(self, f: _Frame, state: _SentenceState) -> None:
        """A meeting, talks or call: the subject with each counterpart (one bilateral event
        per counterpart when one subject meets several), or a gathering attended."""
        slots = self._agent_slots(f, state)
        if slots is None:
            return
        subjects, objects = slots
        sent, trig, etype = f.sent, f.trig, f.etype
        if trig.trigger.background:
            ev = self._frame_event(f, subjects + objects, place=True,
                                   rule=Rule.ATTENDED_GATHERING)
            if ev is not None:
                self._background.add(id(ev))
                ev.referenced = True
                orgs = self.doc.hits_in(trig.end, trig.end + _ORG_AFTER, ("org",))
                ev.organisation = orgs[0].ref if orgs else None
            return
        groups: list[list[Participant]]
        if len(subjects) == 1 and len(objects) >= 2:
            groups = [subjects + [o] for o in objects]
        elif len(objects) == 1 and len(subjects) >= 2 and self._separately(f):
            groups = [[s] + objects for s in subjects]  # "reçu successivement par A et par B"
        else:
            groups = [subjects + objects]
        for people in groups:
            if not people and not (trig.trigger.weak or f.tense) and self._titled(
                    sent, f.lo, f.hi):
                # "Le ministre russe … et son homologue français se sont entretenus": the
                # names come in the next sentences (see _fill_lonely)
                self._frame_event(f, [], place=etype not in _CALLS, rule=Rule.NAMES_FOLLOW)
                continue
            if not people or (trig.trigger.weak and len(people) < 2):
                continue
            ev = self._frame_event(f, people,
                                   place=etype not in _CALLS and not trig.trigger.weak,
                                   rule=_trigger_rule(trig, len(groups) > 1))
            if ev is not None and etype in _IN_PERSON:
                state.last_in_person = ev

    def _separately(self, f: _Frame) -> bool:
        """Does the clause say its people met one after another ("successivement")?"""
        rx = _words_rx(self.rules.separately_words)
        return rx is not None and rx.search(f.sent.folded.text, f.lo, f.hi) is not None

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
                      if w not in self.rules.articles]
            prev = before[-1].split("'")[-1] if before else ""
            if h.start - trig.end <= 2 or prev in self.rules.destination_words:
                return True
        return False

    def _titled(self, sent: _Sent, lo: int, hi: int) -> bool:
        lo_o, hi_o = self._orig(sent, lo, max(lo + 1, hi))
        starts, _ = self.doc.title_bounds_of_sentence(sent.index)
        k = bisect.bisect_left(starts, lo_o)
        return k < len(starts) and starts[k] < hi_o

    def _last_main_in_person(self) -> Event | None:
        """The last reported in-person event so far."""
        return _last_unreferenced(self._unreferenced_in_person)

    def _last_main_occasion(self) -> Event | None:
        """The last reported event that people attended in person (a meeting, talks, a
        visit, a social occasion, a signing)."""
        return next((e for e in reversed(self._unreferenced)
                     if not e.referenced and e.type not in _CALLS + ("message",)), None)

    def _last_main(self) -> Event | None:
        """The last reported event so far."""
        return _last_unreferenced(self._unreferenced)

    def _prior_dated(self, sent: _Sent) -> Event | None:
        """The last dated referenced event (not a summit) of an earlier sentence.

        Events are appended sentence by sentence and an earlier sentence's events no longer
        change, so one forward scan over the whole pass finds each in turn.
        """
        events = self.events
        while self._prior_pos < len(events) and events[self._prior_pos].sentence < sent.index:
            e = events[self._prior_pos]
            if e.referenced and e.date and e.type != "summit":
                self._prior_last = e
            self._prior_pos += 1
        return self._prior_last

    def _append(self, ev: Event) -> None:
        self.events.append(ev)
        if not ev.referenced:
            self._unreferenced.append(ev)
            if ev.type in _IN_PERSON:
                self._unreferenced_in_person.append(ev)

    def _add(self, etype: str, people: list[Participant], sent: _Sent, trig: _Trig,
             tense: str | None, date_m: DateMention | None, place: bool,
             rule: str = "") -> Event | None:
        lo, hi = self._clause(sent, trig)
        value = self._value(date_m, tense == "future")
        date_rule = _date_rule(date_m) if value is not None else Rule.NO_DATE
        ctx = self.ctx
        if value is not None and etype == "visit" and date_m is not None and date_m.kind == "range":
            value = DateValue(value.year, value.month)  # "visit on 19–20 November": that month
        referenced = tense in ("future", "past") or (date_m is not None and date_m.kind == "period")
        if referenced and tense == "future" and self._later_today(value):
            referenced = False  # "this evening, X will host a banquet" on a day already told
        if (value is not None and ctx.main_date is not None and not referenced
                and _far(value, ctx.main_date, ctx.anchor)):
            referenced = True
        if value is None and not referenced:
            value = ctx.main_date if ctx.main_date is not None else ctx.dateline_date
            if value is not None:
                date_rule = Rule.DATE_MAIN_EVENT if ctx.main_date is not None \
                    else Rule.DATE_DATELINE
            if value is not None and ctx.main_from_visit:
                value = DateValue(value.year, value.month)  # some day of the visit
        if value is None and tense == "future":
            # later steps of the same planned trip
            prior = self._prior_dated(sent)
            if prior is not None and self._tense_of(prior) == "future":
                value = _parse_iso(prior.date)
                date_rule = Rule.DATE_PRIOR_TRIP
                if prior.type == "visit":
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
        place_rule = Rule.CALL_NO_PLACE if etype in _CALLS else Rule.NO_PLACE
        if place and etype not in _CALLS:
            city, country = self._place(sent, lo, hi)
            place_rule = self._place_rule
            main_country = ctx.main_place[1] if ctx.main_place else ctx.home_state
            if (not referenced and etype in _IN_PERSON and date_m is None and country
                    and main_country and country != main_country):
                referenced = True  # another stop of a tour: not the reported day
                value = None
                date_rule = Rule.NO_DATE
            if (city is None and country is not None and ctx.dateline_city
                    and self.cities.get(ctx.dateline_city) == country and not referenced):
                city = ctx.dateline_city  # "who is in India" in a readout datelined New Delhi
                place_rule = Rule.PLACE_DATELINE_CITY
            if (city is None and country is None and trig.trigger.host and not referenced
                    and ctx.main_place is None and not ctx.dateline_city and len(people) >= 2):
                # the one who receives, at home ("The President received the Foreign
                # Minister": no one named, no host)
                host = people[0]  # the agent: the subject, or the by-agent of a passive
                country = host.state
                place_rule = Rule.PLACE_HOST_STATE if country else place_rule
            last_main = self._last_main()
            if (not referenced and etype in _IN_PERSON and city is None and country is None
                    and last_main is not None and last_main.type in _CALLS
                    and self._also(sent, trig)):
                etype = last_main.type  # "s'est également entretenu avec" after a call
                place_rule = Rule.CALL_NO_PLACE
        if (etype not in _CALLS and etype not in ("visit", "message") and city is None
                and country is None and not referenced):
            # the occasion's place: the main event's, the dateline's, the visited country
            if ctx.main_place is not None:
                city, country = ctx.main_place
                place_rule = Rule.PLACE_MAIN_EVENT
            elif ctx.dateline_city and ctx.visit_country in (
                    None, self.cities.get(ctx.dateline_city)):
                city, country = ctx.dateline_city, self.cities.get(ctx.dateline_city)
                place_rule = Rule.PLACE_DATELINE
            elif ctx.visit_country:
                country = ctx.visit_country
                place_rule = Rule.PLACE_VISIT_COUNTRY
        ev = Event(
            type=etype,
            date=value.iso() if value is not None else None,
            city=city,
            country=country,
            participants=people,
            sentence=sent.index,
            referenced=referenced,
            rule=rule,
            date_rule=date_rule,
            place_rule=place_rule,
        )
        if not referenced and etype not in ("message", "signing"):
            if (value is not None and value.day is not None and date_m is not None
                    and (ctx.main_from_visit or _later_day(value, ctx.main_date))):
                # the readout names the day it tells ("This morning, …", "On Sunday, 25
                # August, …"): the occasions after it are that day
                ctx.main_date, ctx.main_from_visit = value, False
            if ctx.main_date is None and value is not None:
                ctx.main_date = value
                # a visit dated by one day ("a effectué jeudi une visite"): its occasions are
                # that day; a visit over days, or dated from elsewhere: some day of it
                ctx.main_from_visit = etype == "visit" and (
                    date_m is None or date_m.kind not in ("absolute", "weekday", "relative"))
            if ctx.main_place is None and (city or country) and etype in _IN_PERSON + ("other",):
                ctx.main_place = (city, country)
            if ctx.protagonist is None and people:
                ctx.protagonist = people[0].person
        self._tenses[id(ev)] = tense
        self._append(ev)
        return ev

    def _later_today(self, value: DateValue | None) -> bool:
        """Is a planned occasion dated the readout's own day, of which an occasion is already
        reported (SCHEMA.md: planned for later the same day inside a visit that has begun)?"""
        if value is None or self.ctx.anchor is None or value.as_date() != self.ctx.anchor:
            return False
        last = self._last_main()
        return last is not None and last.date == value.iso() and self._visit_told()

    def _visit_told(self) -> bool:
        """Does the readout tell of a visit under way (a visit phrase that is neither past
        nor planned)? Only inside one is a planned occasion of the same day an event: "later
        today, the minister will meet …" on a day of talks alone stays referenced."""
        if self._visit_told_cache is None:
            self._visit_told_cache = any(self._told_visit(sent, t)
                                         for sent in self.sents for t in sent.triggers
                                         ) or self._guest_titled()
        return self._visit_told_cache

    def _guest_titled(self) -> bool:
        """Is an office described as a guest's ("the visiting President")? Then a visit is
        under way, however its own phrase is told ("on his first visit since …")."""
        rx = _words_rx(self.rules.guest_words)
        if rx is None:
            return False
        text = self.doc.text
        return any(rx.search(fold(text[max(0, t.start - 30):t.start]))
                   or rx.search(fold(text[t.end:t.end + 12])) for t in self.doc.titles)

    def _told_visit(self, sent: _Sent, t: _Trig) -> bool:
        """Is the trigger a visit told as under way (neither past nor planned)?"""
        return t.trigger.type == "visit" and self._tense(sent, t, *t.clause) is None

    def _also(self, sent: _Sent, trig: _Trig) -> bool:
        rx = _words_rx(self.rules.also_words)
        return rx is not None and rx.search(
            sent.folded.text, max(0, trig.fstart - 30), trig.fend + 5) is not None

    def _tense_of(self, ev: Event) -> str | None:
        return self._tenses.get(id(ev))

    def _noun_event(self, etype: str, sent: _Sent, trig: _Trig, lo: int, hi: int,
                    tense: str | None, date_m: DateMention | None) -> None:
        """'the upcoming SCO summit in Qingdao', 'la session d'été de l'APCE': with its body."""
        if any(h.start <= trig.start and trig.end <= h.end
               for h in self.doc.hits_in(trig.start - 120, trig.end + 120, ("org", "project"))):
            return  # "Conference on Interaction and Confidence Building Measures in Asia"
        s = self.doc.sentences[sent.index]
        orgs = [h for h in self.doc.hits_overlapping(min(trig.end - 60, trig.start - 26),
                                                     trig.end + 41)
                if h.kind == "org" and h.start >= s.start and h.end <= s.end
                and (-60 <= h.start - trig.end <= 40 or 0 <= trig.start - h.end <= 25)]
        near = min(orgs, key=lambda h: min(abs(h.end - trig.start), abs(h.start - trig.end)),
                   default=None)
        if etype == "other" and near is None:
            return
        own = self._own_date(sent, trig, hi)
        value = self._value(own, tense != "past")
        city, country = self._place(sent, lo, hi)
        lead = next((s.index for s in self.sents
                     if not self.doc.sentences[s.index].is_headline), None)
        people = self._participants(sent.persons, Rule.SENTENCE_PERSONS) if (
            etype == "summit" and sent.index == lead and tense is None
            and self._last_main() is None) else []
        if len(people) >= 2:
            ev = self._add(etype, people, sent, trig, tense, date_m, place=True,
                           rule=Rule.GATHERING_NOUN)
            if ev is not None:
                ev.organisation = near.ref if near else None
            return
        ev = Event(etype, value.iso() if value else None, city, country, [], sent.index,
                   referenced=True, organisation=near.ref if near else None,
                   rule=Rule.GATHERING_NOUN, place_rule=self._place_rule,
                   date_rule=_date_rule(own) if value else Rule.NO_DATE)
        self._append(ev)

    @staticmethod
    def _own_date(sent: _Sent, trig: _Trig, hi: int) -> DateMention | None:
        """A gathering's own date: right before it ("the 2019 summit"), else after it in its
        clause."""
        a = bisect.bisect_left(sent.date_ends, trig.fstart - 15)
        if a < len(sent.dates) and sent.date_ends[a] <= trig.fstart:
            return sent.dates[a]
        b = bisect.bisect_left(sent.date_starts, trig.fend)
        for d in sent.dates[b:b + _SCAN]:
            if d.start >= hi:
                break
            if d.kind != "year":
                return d
        return None

    def _sidelines(self) -> None:
        """'on the sidelines of X' / 'en marge de X': X happened the same day, same place."""
        if not self.rules.sidelines:
            return
        rx = re.compile(self.rules.sidelines)
        heads = self.rules.gathering_nouns
        # events by sentence, and the reported ones in order, looked up per sentence below
        # instead of scanning all events for each sentence
        by_sentence: dict[int, list[Event]] = {}
        reported: list[Event] = []
        for e in self.events:
            by_sentence.setdefault(e.sentence, []).append(e)
            if not e.referenced:
                reported.append(e)
        reported_sentences = [e.sentence for e in reported]
        in_order = reported_sentences == sorted(reported_sentences)
        for sent in self.sents:
            m = rx.search(sent.folded.text)
            if not m:
                continue
            after = sent.folded.text[m.end():m.end() + 80]
            words = _LETTERS.findall(after)[:6]
            etype = next((heads[w] for w in words if w in heads), None)
            if etype is None:
                continue
            here = by_sentence.get(sent.index, [])
            main = next((e for e in here if not e.referenced), None)
            if main is None and in_order:
                k = bisect.bisect_left(reported_sentences, sent.index)
                main = reported[k - 1] if k else None
            elif main is None:
                main = next((e for e in reversed(reported) if e.sentence < sent.index), None)
            if main is None:
                continue
            existing = [e for e in here if e.referenced and e.type == etype]
            if existing:
                for e in existing:
                    if e.date is None and main.date is not None:
                        e.date_rule = Rule.DATE_MAIN_EVENT
                    e.date = e.date or main.date
                    if e.city is None and e.country is None:
                        e.city, e.country = main.city, main.country
                        if e.city or e.country:
                            e.place_rule = Rule.PLACE_MAIN_EVENT
                continue
            s_o, _ = self._orig(sent, m.end(), m.end() + 1)
            orgs = [h for h in self.doc.hits_in(s_o, s_o + 120, ("org",))]
            ev = Event(etype, main.date, main.city, main.country, [], sent.index,
                       referenced=True, organisation=orgs[0].ref if orgs else None,
                       rule=Rule.SIDELINES_OF,
                       date_rule=Rule.DATE_MAIN_EVENT if main.date else Rule.NO_DATE,
                       place_rule=Rule.PLACE_MAIN_EVENT if main.city or main.country
                       else Rule.NO_PLACE)
            self._background.add(id(ev))
            self.events.append(ev)
            by_sentence.setdefault(sent.index, []).append(ev)

    def _fill_lonely(self) -> None:
        """A reported event with one named side takes the named persons of the next sentences."""
        used = {p.person for e in self.events for p in e.participants if not e.referenced}
        # how many participations each person has over all events: a person is busy for an
        # event when they take part in another one (a set of the others per event was
        # quadratic in the number of events)
        taking_part = Counter(p.person for e in self.events for p in e.participants)
        for ev in self.events:
            if ev.referenced or len(ev.participants) >= 2 or ev.type in ("message", "summit",
                                                                          "other"):
                continue
            have = {p.person for p in ev.participants}
            states = {p.state for p in ev.participants}
            looked = 0
            for sent in self.sents[ev.sentence + 1: ev.sentence + 3]:
                for m in sent.persons:
                    looked += 1
                    if looked > _LONELY:
                        break
                    p = self.persons[m.person]
                    if p.key in have or (p.key in used and ev.participants) or (
                            taking_part[p.key] > 0):  # not in `have`: all are elsewhere
                        continue
                    if ev.participants and p.state in states and p.state is not None:
                        continue
                    ev.participants.append(self._participant(p.key, Rule.NEXT_SENTENCES))
                    taking_part[p.key] += 1
                    have.add(p.key)
                    states.add(p.state)
                    if len(ev.participants) >= 2 and ev.participants[0].person != p.key:
                        break
                if len(ev.participants) >= 2:
                    break

    def _drop_visits(self) -> None:
        """A visit is an event only when no meeting is reported for it: a meeting as
        referenced as the visit, or reported, in the visit's month or undated, and with the
        visitor among its participants (if the visit names one)."""
        # (referenced, month or None) of the meetings, overall and per participant
        # plus (referenced, "*") for any month
        overall: set[tuple[bool, str | None]] = set()
        by_person: dict[str, set[tuple[bool, str | None]]] = {}
        for e in self.events:
            if e.type in ("meeting", "talks"):
                keys = ((e.referenced, e.date[:7] if e.date is not None else None),
                        (e.referenced, "*"))
                overall.update(keys)
                for p in e.participants:
                    by_person.setdefault(p.person, set()).update(keys)

        def met(keys: set[tuple[bool, str | None]], ev: Event) -> bool:
            for referenced in {ev.referenced, False}:
                if ev.date is None:
                    if (referenced, "*") in keys:
                        return True
                elif (referenced, None) in keys or (referenced, ev.date[:7]) in keys:
                    return True
            return False

        keep = []
        for ev in self.events:
            if ev.type == "visit" and met(overall, ev):
                visitor = {p.person for p in ev.participants}
                if not visitor or any(met(by_person.get(p, set()), ev) for p in visitor):
                    continue
            keep.append(ev)
        self.events = keep


# The frame handler of each event class; meetings, talks and calls are encounters, and a
# social occasion of any trigger type goes to EventFinder._occasion_frame.
_FRAME_HANDLERS = {
    "message": EventFinder._message_frame,
    "signing": EventFinder._signing_frame,
    "summit": EventFinder._gathering_frame,
    "other": EventFinder._gathering_frame,
    "visit": EventFinder._visit_frame,
}


def _trigger_rule(trig: _Trig, split: bool) -> str:
    """The Rule of an event found by a trigger with persons on its sides."""
    if split:
        return Rule.BILATERAL_SPLIT
    if trig.trigger.type == CALL_OR_MEETING:
        return Rule.CALL_TYPE_FROM_CUE
    if trig.trigger.weak:
        return Rule.TRIGGER_WEAK
    return Rule.TRIGGER_PASSIVE if trig.trigger.passive else Rule.TRIGGER_ACTIVE


# the Rule of a date read in the text, by the kind of the date mention
_DATE_RULES = {"weekday": Rule.DATE_RELATIVE, "relative": Rule.DATE_RELATIVE,
               "month": Rule.DATE_MONTH_OR_YEAR, "year": Rule.DATE_MONTH_OR_YEAR,
               "period": Rule.DATE_PERIOD}


def _date_rule(d: DateMention | None) -> str:
    """The Rule of a date read from mention `d` (absolute, range, partial: written)."""
    return _DATE_RULES.get(d.kind, Rule.DATE_WRITTEN) if d is not None else Rule.NO_DATE


def _join(ev: Event, people: list[Participant]) -> None:
    """Add to an event the people it does not have yet."""
    have = {p.person for p in ev.participants}
    ev.participants.extend(p for p in people if p.person not in have)


def _base_participants(base: Event) -> list[Participant]:
    """The participants of the event a frame belongs to, as taken over by the frame."""
    return [Participant(p.person, p.state, p.org, list(p.roles), Rule.BASE_EVENT_PARTICIPANT)
            for p in base.participants]


@cache
def _words_rx(words: frozenset[str]) -> re.Pattern[str] | None:
    """One of a language's words (or phrases) as a whole word, compiled once; None for none."""
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words)) + r")\b")


@cache
def _optional_rx(pattern: str) -> re.Pattern[str] | None:
    """A language's optional pattern, compiled once per process; None when it has none."""
    return re.compile(pattern) if pattern else None


def _last_unreferenced(stack: list[Event]) -> Event | None:
    """The top of a stack of events once reported, dropping those since made referenced
    (events only ever become referenced, never the other way)."""
    while stack and stack[-1].referenced:
        stack.pop()
    return stack[-1] if stack else None


def _between(sent: _Sent, lo: int, hi: int) -> list[PersonMention]:
    """The person mentions of a sentence starting in [lo, hi) (they are sorted by start)."""
    return sent.persons[bisect.bisect_left(sent.person_starts, lo):
                        bisect.bisect_left(sent.person_starts, hi)]


def _dist(d: DateMention, t: _Trig) -> int:
    if d.end <= t.fstart:
        return t.fstart - d.end
    if d.start >= t.fend:
        return d.start - t.fend
    return 0


def _fits(d: DateMention, trig: _Trig, trigs: list[_Trig], fstarts: list[int]) -> bool:
    """No trigger of `trigs` but `trig` is more than 5 characters nearer to the date.

    Triggers do not overlap, so the nearest after the date is the first starting after
    it and the nearest before it the last starting before its end.
    """
    mine = _dist(d, trig)
    i = bisect.bisect_left(fstarts, d.end)
    for j in range(i, len(trigs)):
        if trigs[j] is not trig:
            if mine > _dist(d, trigs[j]) + 5:
                return False
            break
    for j in range(i - 1, -1, -1):
        if trigs[j] is not trig:
            if mine > _dist(d, trigs[j]) + 5:
                return False
            break
    return True


def _index_sentence(sent: _Sent, aside_rx: re.Pattern[str] | None = None) -> None:
    """Positions of a sentence's persons, dates and triggers, and each trigger's clause.

    A clause runs from the previous strong trigger to the next one; a call phrase does
    not stop at a signing or a message ("ont salué cette signature par visioconférence").
    Asides (`LanguageRules.aside_clauses`) are numbered: a date in one dates only a trigger
    in the same aside ("X, who is on his first visit since taking office in September,
    was given a ceremonial welcome": September is not the welcome's).
    """
    sent.person_starts = [m.start for m in sent.persons]
    sent.date_starts = [d.start for d in sent.dates]
    sent.date_ends = [d.end for d in sent.dates]
    text = sent.folded.text
    opens = [m.start() for m in re.finditer(r"\(", text)]
    closes = [m.start() for m in re.finditer(r"\)", text)]

    def last(positions: list[int], before: int) -> int:
        k = bisect.bisect_left(positions, before)
        return positions[k - 1] if k else -1

    sent.date_free = [last(opens, d.start) <= last(closes, d.start) for d in sent.dates]
    asides = [m.span() for m in aside_rx.finditer(text)] if aside_rx is not None else []
    sent.asides = asides

    def aside(pos: int) -> int:
        return next((k for k, (a, b) in enumerate(asides) if a <= pos < b), -1)

    sent.date_aside = [aside(d.start) for d in sent.dates]
    for t in sent.triggers:
        t.aside = aside(t.fstart)
    trigs = sent.triggers
    sent.trig_fstarts = [t.fstart for t in trigs]
    sent.gatherings = [t for t in trigs if t.trigger.type in ("summit", "other")]
    sent.gathering_fstarts = [t.fstart for t in sent.gatherings]
    n = len(trigs)
    lo_any, lo_plain = [0] * n, [0] * n  # plain: neither a signing nor a message
    prev_any = prev_plain = 0
    for i, t in enumerate(trigs):
        lo_any[i], lo_plain[i] = prev_any, prev_plain
        if not t.trigger.weak:
            prev_any = t.fend
            if t.trigger.type not in ("signing", "message"):
                prev_plain = t.fend
    nxt_any = nxt_plain = len(text)
    for i in range(n - 1, -1, -1):
        t = trigs[i]
        if t.trigger.type in _CALLS:
            t.clause = (lo_plain[i], nxt_plain)
        else:
            t.clause = (lo_any[i], nxt_any)
        if not t.trigger.weak:
            nxt_any = t.fstart
            if t.trigger.type not in ("signing", "message"):
                nxt_plain = t.fstart


@cache
def _into_rx(rules: LanguageRules) -> re.Pattern[str]:
    """"to", "in", "en" …, maybe with an article, ending a text: the state named next is where
    a visit goes ("a visit to the Philippines", "en Chine")."""
    words = sorted(rules.in_country_words | rules.to_words)
    if not words:
        return re.compile(r"(?!)")
    alts = "|".join(rf"\b{re.escape(w)}" for w in words)
    art = "|".join(re.escape(a) for a in sorted(rules.articles))
    tail = rf"(?:(?:{art})\s+)?" if art else ""
    return re.compile(rf"(?:{alts})\s+{tail}$")


@cache
def _compiled_rules(rules: LanguageRules):
    """Tense markers and trigger patterns of a language, compiled once."""
    return ([re.compile(p) for p in rules.future_markers],
            [re.compile(p) for p in rules.past_markers],
            [(t, scan_regex(t.pattern)) for t in rules.triggers])


# how many days a readout telling a visit day by day may run after its first day
_CHRONICLE_DAYS = 7


def _far(value: DateValue, main: DateValue, anchor: dt.date | None) -> bool:
    """True when a date is clearly another occasion than the main event."""
    a, b = value.as_date(), main.as_date()
    if a is not None and b is not None:
        # an earlier day is a past occasion ("his meetings in Moscow on Tuesday"); the next
        # day or two can continue a visit ("On April 26, … co-chaired consultations"), and a
        # readout telling a visit day by day goes on for the week, up to its publication
        ahead = (a - b).days
        chronicle = ahead <= _CHRONICLE_DAYS and (anchor is None or a <= anchor)
        return a < b or (ahead > 2 and not chronicle)
    if value.year != main.year:
        return True
    return value.month is not None and main.month is not None and value.month != main.month


def _later_day(value: DateValue, main: DateValue | None) -> bool:
    """Is `value` a later day than the main date (a chronicle moving on)?"""
    a, b = value.as_date(), main.as_date() if main is not None else None
    return a is not None and b is not None and a > b


def _parse_iso(value: str) -> DateValue:
    parts = [int(x) for x in value.split("-")]
    return DateValue(*parts)


def _coarse(t: str) -> str:
    return "in_person" if t in _IN_PERSON else t


def _dedupe(events: list[Event]) -> list[Event]:
    """Merge repeated mentions of one event into the first: same kind, same sides, and
    compatible dates (and, for events without participants, the same body or city). Events
    that `Event.distinct` tells apart are different events, whoever attends: social
    occasions of different kinds (a welcome, a banquet, a press conference), the two
    messages of an exchange.

    Each event is compared only with the earlier ones it could repeat, found through
    indexes by kind and sides, then by date and city; comparing every pair was quadratic
    on long readouts. The merged event takes a date and a place it lacked.
    """
    out: list[Event] = []
    with_people: dict[tuple, _Group] = {}  # (referenced, coarse type, sides, occasion kind)
    by_body: dict[tuple, _Group] = {}  # (referenced, type, organisation): any sides
    for ev in events:
        key_people = frozenset(p.person for p in ev.participants)
        body_key = (ev.referenced, ev.type, ev.organisation)
        if key_people:
            group = with_people.get((ev.referenced, _coarse(ev.type), key_people, ev.distinct))
            n = group.first_on_date(ev.date) if group is not None else None
        else:
            group = by_body.get(body_key)
            if group is None:
                n = None
            elif ev.organisation is not None:
                n = group.first_on_date(ev.date)
            else:
                n = group.first_on_date_or_in_city(ev.date, ev.city)
        if n is None:
            out.append(ev)
            if key_people:
                with_people.setdefault((ev.referenced, _coarse(ev.type), key_people,
                                        ev.distinct), _Group(out)).add(len(out) - 1)
            by_body.setdefault(body_key, _Group(out)).add(len(out) - 1)
            continue
        dup = out[n]
        dated = dup.date is None and ev.date is not None
        placed = dup.city is None and dup.country is None and ev.city is not None
        if dup.date is None:
            dup.date, dup.date_rule = ev.date, ev.date_rule
        if dup.city is None and dup.country is None:
            dup.city, dup.country, dup.place_rule = ev.city, ev.country, ev.place_rule
        if dated or placed:
            groups = [by_body[(dup.referenced, dup.type, dup.organisation)]]
            people = frozenset(p.person for p in dup.participants)
            if people:
                groups.append(with_people[(dup.referenced, _coarse(dup.type), people,
                                           dup.distinct)])
            for g in groups:
                g.changed(n, dated, placed)
    return out


class _Group:
    """Earlier events that one event may repeat, indexed by date and by city.

    Positions in `out` say which came first. An event's date and city only ever go from
    None to a value (when a repeat fills them in), which :meth:`changed` records.
    """

    def __init__(self, out: list[Event]) -> None:
        self.out = out
        self.members: list[int] = []
        self.by_date: dict[str, int] = {}  # first member with that date
        self.undated: list[int] = []  # in order; members dated since are skipped
        self.undated_pos = 0
        self.by_city: dict[str, list[int]] = {}  # heaps
        self.undated_by_city: dict[str, list[int]] = {}  # heaps; dated since are skipped

    def add(self, n: int) -> None:
        ev = self.out[n]
        self.members.append(n)
        if ev.date is None:
            self.undated.append(n)
        else:
            self.by_date.setdefault(ev.date, n)
        if ev.city is not None:
            heapq.heappush(self.by_city.setdefault(ev.city, []), n)
            if ev.date is None:
                heapq.heappush(self.undated_by_city.setdefault(ev.city, []), n)

    def _first_undated(self) -> int | None:
        while self.undated_pos < len(self.undated) and \
                self.out[self.undated[self.undated_pos]].date is not None:
            self.undated_pos += 1
        return self.undated[self.undated_pos] if self.undated_pos < len(self.undated) else None

    def _first_undated_in(self, city: str) -> int | None:
        heap = self.undated_by_city.get(city)
        while heap and self.out[heap[0]].date is not None:
            heapq.heappop(heap)
        return heap[0] if heap else None

    def first_on_date(self, date: str | None) -> int | None:
        """The first member with the same date, or undated, or any if `date` is None."""
        if date is None:
            return self.members[0] if self.members else None
        cands = [n for n in (self.by_date.get(date), self._first_undated()) if n is not None]
        return min(cands) if cands else None

    def first_on_date_or_in_city(self, date: str | None, city: str | None) -> int | None:
        """The first member with the same date, or in the same city with one of the two
        dates missing."""
        if date is None:
            cands = [self._first_undated()]
            if city is not None and self.by_city.get(city):
                cands.append(self.by_city[city][0])
        else:
            cands = [self.by_date.get(date)]
            if city is not None:
                cands.append(self._first_undated_in(city))
        cands = [n for n in cands if n is not None]
        return min(cands) if cands else None

    def changed(self, n: int, dated: bool, placed: bool) -> None:
        """Record that member `n` was just given a date and/or a city."""
        ev = self.out[n]
        if dated:
            first = self.by_date.get(ev.date)
            if first is None or n < first:
                self.by_date[ev.date] = n
        if placed:
            heapq.heappush(self.by_city.setdefault(ev.city, []), n)
            if ev.date is None:
                heapq.heappush(self.undated_by_city.setdefault(ev.city, []), n)
