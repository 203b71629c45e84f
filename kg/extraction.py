"""What the parser found in one readout, before it becomes RDF.

Plain dataclasses: the parse stage fills them, the RDF stage turns them into
triples. Every entity keeps the character spans it was read from so that the
graph can say which sentence each fact came from, and every fact says *how* it
was found: the identifier of the parser rule that decided it (a :class:`Rule`),
and, once :func:`kg.confidence.assess` has run, a confidence in [0, 1] taken from
the rule's precision on the development corpus (ontology/kg.ttl, rule:scheme).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.readout import Readout
from kg.text import Sentence


class Rule:
    """Identifiers of the parser's rules, one per way a fact can be found.

    Each is a concept of rule:scheme in ontology/kg.ttl, which says what it means, which
    aspect of a fact it decides (event, date, place, participant, state, role) and its
    calibrated precision (scripts/calibrate_confidence.py). The parser names them through
    these attributes, so a misspelt rule fails where it is used, not in a graph.
    """

    # event: how an event was found
    TRIGGER_ACTIVE = "trigger_active"
    TRIGGER_PASSIVE = "trigger_passive"
    TRIGGER_WEAK = "trigger_weak"
    CALL_TYPE_FROM_CUE = "call_type_from_cue"
    BILATERAL_SPLIT = "bilateral_split"
    VISIT_TRIGGER = "visit_trigger"
    VISIT_NOUN = "visit_noun"
    MESSAGE_TRIGGER = "message_trigger"
    SIGNING_TRIGGER = "signing_trigger"
    OCCASION_TRIGGER = "occasion_trigger"
    GATHERING_NOUN = "gathering_noun"
    ATTENDED_GATHERING = "attended_gathering"
    NAMES_FOLLOW = "names_follow"
    PLANNED_FOLLOWUP = "planned_followup"
    SIDELINES_OF = "sidelines_of"
    # date
    DATE_WRITTEN = "date_written"
    DATE_RELATIVE = "date_relative"
    DATE_MONTH_OR_YEAR = "date_month_or_year"
    DATE_PERIOD = "date_period"
    DATE_MAIN_EVENT = "date_main_event"
    DATE_DATELINE = "date_dateline"
    DATE_PRIOR_TRIP = "date_prior_trip"
    DATE_BASE_EVENT = "date_base_event"
    NO_DATE = "no_date"
    # place
    PLACE_NAMED = "place_named"
    PLACE_HERE_DATELINE = "place_here_dateline"
    PLACE_DATELINE_CITY = "place_dateline_city"
    PLACE_HOST_STATE = "place_host_state"
    PLACE_MAIN_EVENT = "place_main_event"
    PLACE_DATELINE = "place_dateline"
    PLACE_VISIT_COUNTRY = "place_visit_country"
    PLACE_BASE_EVENT = "place_base_event"
    CALL_NO_PLACE = "call_no_place"
    NO_PLACE = "no_place"
    # participant: how a person was made a participant of an event
    TRIGGER_SUBJECT = "trigger_subject"
    TRIGGER_OBJECT = "trigger_object"
    PREVIOUS_SUBJECT = "previous_subject"
    PROTAGONIST = "protagonist_fallback"
    PRONOUN_SUBJECT = "pronoun_subject"
    PAIR_BY_ROLE = "pair_by_role"
    TITLE_ANAPHOR = "title_anaphor"
    MESSAGE_SIDE = "message_side"
    SIGNING_CLAUSE = "signing_clause"
    BASE_EVENT_PARTICIPANT = "base_event_participant"
    NEXT_SENTENCES = "next_sentences"
    SENTENCE_PERSONS = "sentence_persons"
    # state: whom a person represents
    TITLE_STATE = "title_state"
    ORG_TITLE = "org_title"
    KNOWN_OFFICIAL = "known_official_state"
    COUNTERPART_STATE = "counterpart_state"
    COUNTERPART_SENTENCE_STATE = "counterpart_sentence_state"
    HOME_STATE = "home_state"
    SPOUSE_STATE = "spouse_state"
    FAMILY_NAME_STATE = "family_name_state"
    NO_STATE = "no_state"
    # role: a role of a person
    TITLE_BEFORE = "title_before"
    TITLE_SEGMENT_BEFORE = "title_segment_before"
    APPOSITION_TITLE = "apposition_title"
    PLURAL_TITLE = "plural_title"
    COUNTERPART_OFFICE = "counterpart_office"
    ORG_HEAD_TITLE = "org_head_title"
    BARE_TITLE = "bare_title"

    @classmethod
    def all(cls) -> list[str]:
        """Every rule identifier, in the order above."""
        return [v for k, v in vars(cls).items() if k.isupper()]


@dataclass(frozen=True)
class Mention:
    """A span of the original text that names an entity."""

    start: int
    end: int
    text: str
    sentence: int


@dataclass
class Entity:
    """A state, organisation, project or city named in the readout."""

    kind: str  # state, org, project, city
    key: str  # alpha-3 code or canonical English name
    mentions: list[Mention] = field(default_factory=list)
    country: str | None = None  # for cities

    @property
    def surfaces(self) -> list[str]:
        """Distinct surface forms in reading order."""
        return list(dict.fromkeys(m.text for m in self.mentions))


@dataclass
class Person:
    """A named person with the state they represent and the roles the text gives them."""

    key: str  # slug of the canonical name
    name: str
    aliases: list[str] = field(default_factory=list)
    state: str | None = None
    org: str | None = None  # the international organisation an org official represents
    roles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    known: bool = False  # in the reference list of officials
    state_rule: str = ""  # the Rule that decided `state` (or `org`); see kg.confidence
    role_rules: dict[str, str] = field(default_factory=dict)  # role -> the Rule that gave it
    state_confidence: float | None = None  # filled by kg.confidence.assess
    role_confidence: dict[str, float] = field(default_factory=dict)

    def add_role(self, role: str, rule: str = "") -> None:
        """Add a role once; the first rule that gives it is the one recorded."""
        if role not in self.roles:
            self.roles.append(role)
        if rule:
            self.role_rules.setdefault(role, rule)

    def add_alias(self, alias: str) -> None:
        """Add a variant once; a set beside the list keeps this constant-time for persons
        mentioned thousands of times (the list alone made long readouts quadratic)."""
        if alias == self.name:
            return
        seen = self.__dict__.get("_alias_set")
        if seen is None or len(seen) != len(self.aliases):
            seen = self.__dict__["_alias_set"] = set(self.aliases)
        if alias not in seen:
            seen.add(alias)
            self.aliases.append(alias)


@dataclass
class Participant:
    person: str  # Person.key
    state: str | None
    org: str | None
    roles: list[str]
    rule: str = ""  # the Rule that made the person a participant
    # the Rule of the person's state, and the confidence that this person took part, for
    # this state (with the event's), both filled by kg.confidence.assess
    state_rule: str = ""
    confidence: float | None = None


@dataclass
class Event:
    """An event the readout reports (or, with `referenced`, refers to)."""

    type: str
    date: str | None
    city: str | None
    country: str | None
    participants: list[Participant]
    sentence: int
    referenced: bool = False
    organisation: str | None = None
    rule: str = ""  # the Rule that found the event (its type and whether it is reported)
    date_rule: str = ""  # the Rule that gave `date` (Rule.NO_DATE when there is none)
    place_rule: str = ""  # the Rule that gave `city`/`country` (or no place)
    confidence: float | None = None  # filled by kg.confidence.assess
    # what tells this event apart from others of its type, day and people: a social
    # occasion's kind (a welcome, a banquet and a press conference of the same two leaders
    # are three events), a message's sender (the two messages of an exchange)
    distinct: str = ""


@dataclass
class Extraction:
    """Everything found in one readout."""

    readout: Readout
    sentences: list[Sentence]
    persons: dict[str, Person]
    entities: dict[tuple[str, str], Entity]
    events: list[Event]

    def of_kind(self, kind: str) -> list[Entity]:
        return [e for (k, _), e in self.entities.items() if k == kind]

    def is_empty(self) -> bool:
        """True when nothing at all was recognised: no event, person or state."""
        return not self.events and not self.persons and not self.of_kind("state")
