"""What the parser found in one readout, before it becomes RDF.

Plain dataclasses: the parse stage fills them, the RDF stage turns them into
triples. Every entity keeps the character spans it was read from so that the
graph can say which sentence each fact came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.readout import Readout
from kg.text import Sentence


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

    def add_role(self, role: str) -> None:
        if role not in self.roles:
            self.roles.append(role)

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
