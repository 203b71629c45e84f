"""The RDF stage: an :class:`~kg.extraction.Extraction` becomes one readout's named graph.

The model is the one of `ontology/README.md`; every graph this module writes
passes `ontology/shapes.ttl` (tested). IRIs are deterministic, so the same
state, person or dated event read from two readouts is one node, while each
readout's graph says what *that* readout asserts and where in its text.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from urllib.parse import quote, unquote

from rdflib import Graph, Literal, URIRef

from kg import __version__
from kg.confidence import membership_confidence
from kg.extraction import Event, Extraction, Mention
from kg.namespaces import (
    DCTERMS,
    EVT,
    FOAF,
    KG,
    KGR,
    NIF,
    ORG,
    PROV,
    RDF,
    RDFS,
    ROLE,
    RULE,
    SCHEMA,
    SEM,
    SKOS,
    XSD,
    bind_prefixes,
)
from kg.refdata import RefData, refdata
from kg.text import Sentence, slug

_IN_PERSON = ("meeting", "talks", "visit")


# The IRI spaces of graphs. A readout's graph is kgr:graph/<id>, one path segment whatever the
# id; the store's own graphs (today only the shared entity descriptions) live under kgr:store/,
# which no readout id can reach: ids are user data (file names, sidecars) and once named the
# entities graph, which an ingest then replaced.
GRAPH_PREFIX = str(KGR["graph/"])
ENTITIES_GRAPH = KGR["store/entities"]
LEGACY_ENTITIES_GRAPH = KGR["graph/entities"]  # in older stores, which kg.store upgrades


def id_segment(rid: str) -> str:
    """A readout id as one IRI path segment: UTF-8 percent-encoded outside the unreserved
    characters (RFC 3986), so spaces, quotes, braces, '#', '%' or '/' in a file name or a
    sidecar id can neither break an IRI nor reach another graph; the encoding is injective,
    so the id round-trips (`kg remove ID`, `kg export --graph ID`). Ids that are empty or
    only dots (which IRI resolution would read as `.`/`..` segments) raise ValueError; see
    :func:`id_problem`, which kg.pipeline.extract_file applies to every readout."""
    if not rid or not rid.strip("."):
        raise ValueError(f"readout id {rid!r} cannot name a graph (empty or only dots)")
    try:
        return quote(rid, safe="")
    except UnicodeEncodeError as exc:
        raise ValueError(f"readout id {rid!r} is not valid Unicode text") from exc


MAX_ID_LENGTH = 255  # a file name's limit; every span IRI of a readout repeats its id


def id_problem(rid: str) -> str | None:
    """Why `rid` cannot be a readout id, or None. Everything else is encoded by
    :func:`id_segment`; these are refused because no encoding makes them safe: dots only
    (a `..` path step), control characters (they would break the one-line reports and the
    terminal), text that is not Unicode (a file name in another encoding), or an id so long
    that every span IRI of the readout would carry it."""
    if not rid.strip("."):
        return f"readout id {rid!r} is only dots, which an IRI would read as a path step"
    bad = next((c for c in rid if ord(c) < 32 or 127 <= ord(c) < 160), None)
    if bad is not None:
        return f"readout id {rid[:40]!r} contains a control character (U+{ord(bad):04X})"
    try:
        rid.encode("utf-8")
    except UnicodeEncodeError:
        return f"readout id {rid[:40]!r} is not valid Unicode text"
    if len(rid) > MAX_ID_LENGTH:
        return f"readout id is longer than {MAX_ID_LENGTH} characters ({len(rid)})"
    return None


def readout_iri(rid: str) -> URIRef:
    return KGR[f"readout/{id_segment(rid)}"]


def graph_iri(rid: str) -> URIRef:
    """The named graph of readout `rid`: always directly under kgr:graph/."""
    return KGR[f"graph/{id_segment(rid)}"]


def readout_id_of_graph(iri: str) -> str | None:
    """The readout id whose graph `iri` is, or None for any other graph."""
    iri = str(iri)
    if not iri.startswith(GRAPH_PREFIX) or "/" in iri[len(GRAPH_PREFIX):]:
        return None
    return unquote(iri[len(GRAPH_PREFIX):]) or None


def state_iri(code: str) -> URIRef:
    return KGR[f"state/{code}"]


def person_iri(key: str) -> URIRef:
    return KGR[f"person/{key}"]


def org_iri(name: str) -> URIRef:
    return KGR[f"org/{slug(name)}"]


def project_iri(name: str) -> URIRef:
    return KGR[f"project/{slug(name)}"]


def city_iri(name: str, country: str) -> URIRef:
    return KGR[f"place/{country}/{slug(name)}"]


def parser_iri() -> URIRef:
    return KGR[f"parser/kg-{__version__}"]


def coarse_type(etype: str) -> str:
    return "in-person" if etype in _IN_PERSON else etype.replace("_", "-")


def event_iri(ev: Event, rid: str, n: int) -> URIRef:
    """type + date + participants (+ what tells apart events of those: an occasion's kind, a
    message's sender); undated events are scoped to their readout."""
    if ev.date is None:
        return KGR[f"event/undated/{id_segment(rid)}/{n}"]
    if ev.participants:
        who = "--".join(sorted(p.person for p in ev.participants))
    else:
        who = slug(ev.organisation or ev.city or ev.country or "event")
    tail = f"/{slug(ev.distinct)}" if ev.distinct else ""
    return KGR[f"event/{ev.date}/{coarse_type(ev.type)}/{who}{tail}"]


def _date_literal(value: str) -> Literal:
    if len(value) == 10:
        return Literal(value, datatype=XSD.date)
    if len(value) == 7:
        return Literal(value, datatype=XSD.gYearMonth)
    return Literal(value, datatype=XSD.gYear)


def _confidence_literal(value: float) -> Literal:
    """A confidence as an xsd:decimal with two digits: the calibration behind it (a hundred-odd
    facts per aspect) supports no finer reading, and "0.93" filters and reads plainly."""
    return Literal(f"{value:.2f}", datatype=XSD.decimal)


def _generated_at() -> dt.datetime:
    """Extraction time; SOURCE_DATE_EPOCH pins it for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime.now(tz=dt.timezone.utc).replace(microsecond=0)


def _source_path(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(Path(path))


class _Builder:
    def __init__(self, x: Extraction, data: RefData, generated_at: dt.datetime | None) -> None:
        self.x = x
        self.data = data
        self.lang = x.readout.lang
        self.rid = x.readout.id
        self.r = readout_iri(self.rid)
        self.triples: dict[tuple, None] = {}  # ordered set: dedupes, keeps reading order
        self.shared: dict[tuple, None] = {}  # descriptions of entities, for the entities graph
        self.generated_at = generated_at or _generated_at()
        self._sentences: dict[int, URIRef] = {}
        self._mentioned: set[URIRef] = set()
        self._denoted: set[tuple] = set()
        self._described: set[URIRef] = set()
        self._assessed: set[URIRef] = set()  # fact nodes that have their method and confidence

    def add(self, s, p, o) -> None:
        self.triples[(s, p, o)] = None

    def describe(self, s, p, o) -> None:
        """A fact about an entity itself (type, code, canonical label), not about what the
        readout says: it goes to the shared entities graph, stored once for all readouts."""
        self.shared[(s, p, o)] = None

    def span(self, start: int, end: int) -> URIRef:
        return URIRef(f"{self.r}#char={start},{end}")

    def sentence(self, idx: int) -> URIRef:
        node = self._sentences.get(idx)
        if node is None:
            s: Sentence = self.x.sentences[idx]
            node = self._sentences[idx] = self.span(s.start, s.end)
            self.add(node, RDF.type, KG.Sentence)
            self.add(node, NIF.beginIndex, Literal(s.start))
            self.add(node, NIF.endIndex, Literal(s.end))
            self.add(node, NIF.anchorOf, Literal(s.text))
        return node

    def mention(self, entity: URIRef, m: Mention) -> None:
        """The first mention of an entity in the readout: where it is named, and in which
        sentence. (One per entity keeps a readout's graph small; the other mentions are
        found again by parsing the readout.)"""
        if entity in self._mentioned:
            return
        node = self.span(m.start, m.end)
        if (node, KG.denotes, None) in self._denoted:
            return
        self._mentioned.add(entity)
        self._denoted.add((node, KG.denotes, None))
        self.add(node, RDF.type, KG.Mention)
        self.add(node, NIF.beginIndex, Literal(m.start))
        self.add(node, NIF.endIndex, Literal(m.end))
        self.add(node, NIF.anchorOf, Literal(m.text))
        self.add(node, KG.denotes, entity)
        self.add(node, KG.inSentence, self.sentence(m.sentence))

    def how_found(self, node: URIRef, rules: tuple[str, ...], confidence: float | None) -> None:
        """How a fact node was found: the rule of each aspect (kg:method) and the confidence of
        the whole (kg:confidence), once per node: when two events of the readout are one node
        (same type, date and persons), the first one's say."""
        if node in self._assessed:
            return
        self._assessed.add(node)
        for rule in rules:
            self.add(node, KG.method, RULE[rule])
        if confidence is not None:
            self.add(node, KG.confidence, _confidence_literal(confidence))

    def label(self, node: URIRef, english: str, local: str | None = None,
              alts: list[str] = ()) -> None:
        self.describe(node, RDFS.label, Literal(english, lang="en"))
        if local and local != english and self.lang != "en":
            self.describe(node, RDFS.label, Literal(local, lang=self.lang))
        for alt in alts:
            if alt not in (english, local):
                self.add(node, SKOS.altLabel, Literal(alt, lang=self.lang))

    # ------------------------------------------------------------------ entities

    def state(self, code: str) -> URIRef:
        node = state_iri(code)
        if node in self._described:
            return node
        self._described.add(node)
        st = self.data.states.get(code)
        self.describe(node, RDF.type, KG.State)
        self.describe(node, KG.iso3166Alpha3, Literal(code))
        if st is not None:
            self.describe(node, KG.iso3166Alpha2, Literal(st.alpha2))
            self.label(node, st.name, st.names.get(self.lang))
        else:
            self.describe(node, RDFS.label, Literal(code, lang="en"))
        return node

    def city(self, name: str, country: str) -> URIRef:
        node = city_iri(name, country)
        self.describe(node, RDF.type, KG.City)
        self.describe(node, RDFS.label, Literal(name, lang="en"))
        self.describe(node, SCHEMA.containedInPlace, self.state(country))
        return node

    def named(self, kind: str, name: str, surfaces: list[str]) -> URIRef:
        if kind == "org":
            node, cls, entries = org_iri(name), KG.InternationalOrganisation, \
                _by_name(self.data, "org")
        else:
            node, cls, entries = project_iri(name), KG.Project, _by_name(self.data, "project")
        self.describe(node, RDF.type, cls)
        entry = entries.get(name)
        local = entry.labels.get(self.lang) if entry else None
        self.label(node, name, local, surfaces)
        return node

    def represented(self, state: str | None, org: str | None) -> URIRef | None:
        if org:
            return self.named("org", org, [])
        if state:
            return self.state(state)
        return None

    # ------------------------------------------------------------------ build

    def build(self) -> tuple[URIRef, list[tuple], list[tuple]]:
        x, r = self.x, self.r
        ro = x.readout
        gi = graph_iri(self.rid)
        self.add(gi, RDF.type, KG.ReadoutGraph)
        self.add(gi, RDF.type, PROV.Entity)
        self.add(gi, PROV.wasDerivedFrom, r)
        self.add(gi, PROV.generatedAtTime, Literal(self.generated_at.isoformat().replace(
            "+00:00", "Z"), datatype=XSD.dateTime))
        self.add(gi, PROV.wasAttributedTo, parser_iri())
        self.describe(parser_iri(), RDF.type, PROV.SoftwareAgent)
        self.describe(parser_iri(), KG.version, Literal(__version__))
        self.add(r, RDF.type, KG.Readout)
        self.add(r, DCTERMS.identifier, Literal(self.rid))
        self.add(r, DCTERMS.language, Literal(ro.lang))
        title = ro.title or next((s.text for s in x.sentences if s.is_headline), None)
        if title:
            self.add(r, DCTERMS.title, Literal(title, lang=ro.lang))
        if ro.publisher:
            self.add(r, DCTERMS.publisher, Literal(ro.publisher))
        if ro.published:
            self.add(r, DCTERMS.issued, Literal(ro.published.isoformat(), datatype=XSD.date))
        if ro.url:
            self.add(r, SCHEMA.url, URIRef(quote(ro.url, safe=":/?#[]@!$&'()*+,;=%~")))
        self.add(r, KG.sourceFile, Literal(_source_path(ro.path)))
        self.add(r, KG.contentSha256, Literal(ro.sha256))

        for ent in x.entities.values():
            if ent.kind == "state":
                node = self.state(ent.key)
            elif ent.kind == "city":
                if not ent.country:
                    continue
                node = self.city(ent.key, ent.country)
            else:
                node = self.named(ent.kind, ent.key, ent.surfaces)
            if ent.kind != "city":
                self.add(r, SCHEMA.mentions, node)
            for m in ent.mentions:
                self.mention(node, m)

        for person in x.persons.values():
            node = person_iri(person.key)
            self.describe(node, RDF.type, FOAF.Person)
            self.describe(node, FOAF.name, Literal(person.name))
            known = _by_name(self.data, "official").get(person.name) if person.known else None
            self.label(node, person.name, known.names.get(self.lang) if known else None,
                       person.aliases)
            self.add(r, SCHEMA.mentions, node)
            for m in person.mentions:
                self.mention(node, m)
            first = self.sentence(person.mentions[0].sentence) if person.mentions else None
            target = self.represented(person.state, person.org)
            where = (person.state or slug(person.org)) if target is not None else "none"
            for role in person.roles or [None]:
                if role is None and target is None:
                    continue
                ms = KGR[f"membership/{person.key}/{where}" + (f"/{role}" if role else "")]
                self.add(ms, RDF.type, ORG.Membership)
                self.add(ms, ORG.member, node)
                if target is not None:
                    self.add(ms, ORG.organization, target)
                if role:
                    self.add(ms, ORG.role, ROLE[role])
                if first is not None:
                    self.add(ms, PROV.wasDerivedFrom, first)
                rules = (person.role_rules[role], person.state_rule) if role \
                    else (person.state_rule,)
                self.how_found(ms, rules, membership_confidence(person, role))

        undated = 0
        for ev in x.events:
            if ev.date is None:
                undated += 1
            node = event_iri(ev, self.rid, undated)
            self.add(node, RDF.type, KG.Event)
            self.add(node, SEM.eventType, EVT[ev.type])
            self.add(r, KG.mentionsEvent if ev.referenced else KG.reportsEvent, node)
            sent = self.sentence(ev.sentence)
            self.add(node, PROV.wasDerivedFrom, sent)
            self.how_found(node, (ev.rule, ev.date_rule, ev.place_rule), ev.confidence)
            if ev.date:
                self.add(node, SEM.hasTimeStamp, _date_literal(ev.date))
            if ev.city and ev.country:
                self.add(node, SEM.hasPlace, self.city(ev.city, ev.country))
            elif ev.country:
                self.add(node, SEM.hasPlace, self.state(ev.country))
            if ev.organisation:
                self.add(node, KG.organisation, self.named("org", ev.organisation, []))
            for p in ev.participants:
                person = x.persons[p.person]
                agent = person_iri(person.key)
                part = URIRef(f"{node}/participant/{person.key}")
                self.add(node, SEM.hasActor, agent)
                self.add(node, PROV.qualifiedAssociation, part)
                self.add(part, RDF.type, KG.Participation)
                self.add(part, PROV.agent, agent)
                target = self.represented(p.state, p.org)
                if target is not None:
                    self.add(part, KG.represents, target)
                for role in p.roles:
                    self.add(part, PROV.hadRole, ROLE[role])
                self.add(part, PROV.wasDerivedFrom, sent)
                self.how_found(part, (p.rule, p.state_rule), p.confidence)
        return gi, list(self.triples), list(self.shared)


_BY_NAME: dict[tuple[int, str], dict] = {}


def _by_name(data: RefData, kind: str) -> dict:
    key = (id(data), kind)
    table = _BY_NAME.get(key)
    if table is None:
        entries = {"org": data.organisations, "project": data.projects,
                   "official": data.officials}[kind]
        table = _BY_NAME[key] = {e.name: e for e in entries}
    return table


def extraction_triples(
    x: Extraction, data: RefData | None = None, generated_at: dt.datetime | None = None
) -> tuple[URIRef, list[tuple], list[tuple]]:
    """The named-graph IRI of one readout, its triples, and the descriptions of the
    entities it names (types, codes, canonical labels) that belong to the shared
    entities graph."""
    return _Builder(x, data or refdata(), generated_at).build()


def extraction_to_graph(
    x: Extraction, data: RefData | None = None, generated_at: dt.datetime | None = None
) -> tuple[URIRef, Graph]:
    """One readout as a self-contained rdflib Graph: what it asserts and the descriptions of
    the entities it names."""
    gi, triples, shared = extraction_triples(x, data, generated_at)
    g = bind_prefixes(Graph())
    for t in shared:
        g.add(t)
    for t in triples:
        g.add(t)
    return gi, g


def extraction_to_nquads(
    x: Extraction, data: RefData | None = None, generated_at: dt.datetime | None = None
) -> tuple[URIRef, str, int]:
    """The readout's graph IRI, its quads as N-Quads text (its own graph and its entities'
    descriptions in `kgr:store/entities`), and how many are in its own graph.

    The fast path to a store: formatting lines is several times cheaper than
    adding triples to an rdflib graph, and Oxigraph parses N-Quads natively.
    Entity descriptions are shared by all readouts: storing them once keeps the
    union of all graphs free of thousands of copies of the same label.
    """
    gi, triples, shared = extraction_triples(x, data, generated_at)
    g, e = nt_term(gi), nt_term(ENTITIES_GRAPH)
    own = "".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} {g} .\n" for s, p, o in triples)
    ent = "".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} {e} .\n" for s, p, o in shared)
    return gi, own + ent, len(triples)


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_XSD_STRING = str(XSD.string)


def nt_term(term) -> str:
    """A term in N-Triples syntax (IRIs are checked when they come from outside)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = f'"{str(term).translate(_NT_ESCAPES)}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{text}^^<{term.datatype}>"
        return text
    raise TypeError(f"cannot write {term!r} as N-Triples")
