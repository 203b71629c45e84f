"""A hand-made graph in the shape kg.rdf produces: answers known by construction."""

from __future__ import annotations

import pyoxigraph as ox

KG = "https://w3id.org/kg-diplo/ontology#"
KGR = "https://w3id.org/kg-diplo/id/"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SCHEMA = "https://schema.org/"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
ROLE = "https://w3id.org/kg-diplo/role/"
EVT = "https://w3id.org/kg-diplo/event-type/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


class GraphBuilder:
    """Writes readout graphs in the shape kg.rdf produces, by hand."""

    def __init__(self) -> None:
        self.quads: list[ox.Quad] = []

    def add(self, s: str, p: str, o, g: str) -> None:
        obj = o if isinstance(o, (ox.Literal, ox.NamedNode)) else _n(o)
        self.quads.append(ox.Quad(_n(s), _n(p), obj, _n(g)))

    def entity(self, iri: str, cls: str, label: str, code: str | None = None) -> None:
        g = KGR + "store/entities"
        self.add(iri, RDF_TYPE, cls, g)
        self.add(iri, RDFS_LABEL, ox.Literal(label, language="en"), g)
        if code:
            self.add(iri, KG + "iso3166Alpha3", ox.Literal(code), g)

    def event(self, readout: str, name: str, etype: str, date: str | None,
              participants: list[tuple[str, str, str]], place: str | None = None,
              issued: str | None = None, mentions: tuple[str, ...] = (),
              sentence: str | None = None) -> str:
        g = f"{KGR}graph/{readout}"
        r = f"{KGR}readout/{readout}"
        e = f"{KGR}event/{name}"
        self.add(r, RDF_TYPE, KG + "Readout", g)
        if issued:
            self.add(r, DCT + "issued", ox.Literal(issued, datatype=_n(XSD + "date")), g)
        self.add(r, KG + "reportsEvent", e, g)
        self.add(e, RDF_TYPE, KG + "Event", g)
        self.add(e, SEM + "eventType", EVT + etype, g)
        sent = f"{r}#char=0,{len(sentence or name)}"
        self.add(e, PROV + "wasDerivedFrom", sent, g)
        self.add(sent, NIF + "anchorOf", ox.Literal(sentence or f"The {etype} {name}."), g)
        if date:
            dtype = {4: "gYear", 7: "gYearMonth", 10: "date"}[len(date)]
            self.add(e, SEM + "hasTimeStamp", ox.Literal(date, datatype=_n(XSD + dtype)), g)
        if place:
            self.add(e, SEM + "hasPlace", place, g)
        for person, state, role in participants:
            p = f"{e}/participant/{person.rsplit('/', 1)[-1]}"
            self.add(e, SEM + "hasActor", person, g)
            self.add(e, PROV + "qualifiedAssociation", p, g)
            self.add(p, PROV + "agent", person, g)
            self.add(p, KG + "represents", state, g)
            self.add(p, PROV + "hadRole", ROLE + role, g)
            self.add(r, SCHEMA + "mentions", person, g)
            self.add(r, SCHEMA + "mentions", state, g)
        for m in mentions:
            self.add(r, SCHEMA + "mentions", m, g)
        return e

    def store(self) -> ox.Store:
        st = ox.Store()
        st.extend(self.quads)
        return st


CHN, KGZ, UZB, RUS = (f"{KGR}state/{c}" for c in ("CHN", "KGZ", "UZB", "RUS"))
EU = f"{KGR}org/european-union"
SCO = f"{KGR}org/shanghai-cooperation-organisation"
WANG, KUL, JAP, SAI, MICHEL = (f"{KGR}person/{p}" for p in (
    "wang-yi", "jeenbek-kulubaev", "sadyr-japarov", "bakhtiyor-saidov", "charles-michel"))


def handmade_store(extra=None) -> ox.Store:
    """Six readouts about CHN, KGZ, UZB, RUS and the EU (see the comments); `extra` may
    add to the builder before the store is made."""
    b = GraphBuilder()
    for iri, name, code in ((CHN, "China", "CHN"), (KGZ, "Kyrgyzstan", "KGZ"),
                            (UZB, "Uzbekistan", "UZB"), (RUS, "Russia", "RUS")):
        b.entity(iri, KG + "State", name, code)
    b.entity(EU, KG + "InternationalOrganisation", "European Union")
    b.entity(SCO, KG + "InternationalOrganisation", "Shanghai Cooperation Organisation")
    for iri, name in ((WANG, "Wang Yi"), (KUL, "Jeenbek Kulubaev"), (JAP, "Sadyr Japarov"),
                      (SAI, "Bakhtiyor Saidov"), (MICHEL, "Charles Michel")):
        b.entity(iri, "http://xmlns.com/foaf/0.1/Person", name)
    b.entity(KGR + "place/CHN/beijing", KG + "City", "Beijing")
    b.add(KGR + "place/CHN/beijing", SCHEMA + "containedInPlace", CHN, KGR + "store/entities")
    # 1. a meeting CHN–KGZ, reported by two readouts (same event IRI): counts once
    meeting = [(WANG, CHN, "foreign_minister"), (KUL, KGZ, "foreign_minister")]
    b.event("r1", "m1", "meeting", "2025-04-25", meeting, issued="2025-04-25",
            mentions=(SCO,), sentence="On 25 April, Wang Yi met Jeenbek Kulubaev.")
    b.event("r2", "m1", "meeting", "2025-04-25", meeting, issued="2025-04-26")
    # 2. a visit of the Kyrgyz president to Beijing, no Chinese official named: the host
    #    state (China) is engaged too
    b.event("r3", "v1", "visit", "2025-02", [(JAP, KGZ, "head_of_state")],
            place=KGR + "place/CHN/beijing", issued="2025-02-10")
    # 3. a trilateral signing CHN–KGZ–UZB in 2024
    b.event("r4", "s1", "signing", "2024-06-06",
            [(WANG, CHN, "foreign_minister"), (KUL, KGZ, "foreign_minister"),
             (SAI, UZB, "foreign_minister")], issued="2024-06-07", mentions=(SCO,))
    # 4. KGZ–RUS talks in 2023, then nothing: a pair gone quiet
    b.event("r5", "t1", "talks", "2023-03-01", [(JAP, KGZ, "head_of_state"),
                                                 (f"{KGR}person/putin", RUS, "head_of_state")],
            issued="2023-03-02")
    b.event("r6", "t2", "talks", "2023-09-01", [(JAP, KGZ, "head_of_state"),
                                                 (f"{KGR}person/putin", RUS, "head_of_state")],
            issued="2023-09-02")
    # 5. the EU (an organisation acting through its official) meets Kyrgyzstan
    b.event("r7", "e1", "meeting", "2025-05-05", [(MICHEL, EU, "head_of_government"),
                                                  (JAP, KGZ, "head_of_state")],
            issued="2025-05-05")
    if extra:
        extra(b)
    return b.store()
