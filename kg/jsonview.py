"""The JSON view of one readout (the gold shape of SCHEMA.md), read back from its graph.

The graph is the truth: this module only reads a readout's named graph, so
whatever `kg extract` prints is what the graph says, and a fact missing from
the graph cannot appear in the JSON.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.namespaces import DCTERMS, FOAF, KG, NIF, ORG, PROV, RDF, RDFS, SCHEMA, SEM, SKOS
from kg.refdata import ROLE_CODES

_ROLE_ORDER = {code: i for i, code in enumerate(ROLE_CODES)}


def _en_label(g: Graph, node: Node) -> str | None:
    labels = list(g.objects(node, RDFS.label))
    for lab in labels:
        if getattr(lab, "language", None) == "en":
            return str(lab)
    return str(labels[0]) if labels else None


def _code(g: Graph, node: Node | None) -> str | None:
    if node is None or (node, RDF.type, KG.State) not in g:
        return None
    code = g.value(node, KG.iso3166Alpha3)
    return str(code) if code is not None else None


def _roles(nodes) -> list[str]:
    codes = [str(n).rsplit("/", 1)[-1] for n in nodes]
    return sorted(set(codes), key=lambda c: _ROLE_ORDER.get(c, 99))


def _aliases(g: Graph, node: Node, name: str) -> list[str]:
    out = []
    for lit in g.objects(node, SKOS.altLabel):
        if str(lit) != name and str(lit) not in out:
            out.append(str(lit))
    for lit in g.objects(node, RDFS.label):
        if str(lit) != name and str(lit) not in out:
            out.append(str(lit))
    return sorted(out)


def _rules(g: Graph, node: Node) -> list[str]:
    """The identifiers of the rules a fact node was found by (kg:method), sorted."""
    return sorted(str(r).rsplit("/", 1)[-1] for r in g.objects(node, KG.method))


def _how_found(g: Graph, node: Node, out: dict) -> dict:
    """`out` with the node's rules ("methods") and its kg:confidence ("confidence")."""
    out["methods"] = _rules(g, node)
    confidence = g.value(node, KG.confidence)
    out["confidence"] = float(confidence) if confidence is not None else None
    return out


def _role_rules(g: Graph, agent: Node, roles: list[str]) -> dict[str, list[str]]:
    """The rules of the memberships that give `agent` each of `roles`."""
    out: dict[str, list[str]] = {}
    for m in g.subjects(ORG.member, agent):
        role = g.value(m, ORG.role)
        code = str(role).rsplit("/", 1)[-1] if role is not None else None
        if code in roles:
            out[code] = sorted(set(out.get(code, [])) | set(_rules(g, m)))
    return out


def _event(g: Graph, ev: Node, methods: bool = False) -> dict:
    etype = g.value(ev, SEM.eventType)
    stamp = g.value(ev, SEM.hasTimeStamp)
    place = g.value(ev, SEM.hasPlace)
    city = country = None
    if place is not None:
        if (place, RDF.type, KG.City) in g:
            city = _en_label(g, place)
            country = _code(g, g.value(place, SCHEMA.containedInPlace))
        else:
            country = _code(g, place)
    parts = sorted(g.objects(ev, PROV.qualifiedAssociation),
                   key=lambda p: _order(g, g.value(p, PROV.agent)))
    participants = [
        {
            "name": _en_label(g, g.value(part, PROV.agent)),
            "state": _code(g, g.value(part, KG.represents)),
            "roles": _roles(g.objects(part, PROV.hadRole)),
        }
        for part in parts
    ]
    if methods:
        for part, p in zip(parts, participants, strict=True):
            _how_found(g, part, p)["role_methods"] = _role_rules(
                g, g.value(part, PROV.agent), p["roles"])
    out = {
        "type": str(etype).rsplit("/", 1)[-1] if etype is not None else "other",
        "date": str(stamp) if stamp is not None else None,
        "place": {"city": city, "country": country},
        "participants": participants,
    }
    org = g.value(ev, KG.organisation)
    if org is not None:
        out["organisation"] = _en_label(g, org)
    return _how_found(g, ev, out) if methods else out


def _order(g: Graph, node: Node) -> int:
    """Events and entities in reading order: the offset of their first sentence or mention."""
    starts = [int(g.value(s, NIF.beginIndex) or 0) for s in g.objects(node, PROV.wasDerivedFrom)]
    starts += [int(g.value(m, NIF.beginIndex) or 0) for m in g.subjects(KG.denotes, node)]
    return min(starts) if starts else 1 << 30


def graph_to_json(g: Graph, readout: URIRef, methods: bool = False) -> dict:
    """The gold-shape dict of the readout `readout` described in graph `g`.

    With `methods`, events and participants also say how they were found: "methods" (the
    rules of kg:method), "confidence" (kg:confidence) and, for participants, "role_methods"
    (the rules of each role's membership); scripts/calibrate_confidence.py scores them."""
    rid = str(g.value(readout, DCTERMS.identifier))
    lang = str(g.value(readout, DCTERMS.language))
    reported = sorted(g.objects(readout, KG.reportsEvent), key=lambda e: _order(g, e))
    reported_set = set(reported)  # once: built per event it made long readouts quadratic
    referenced = sorted(
        (e for e in g.objects(readout, KG.mentionsEvent) if e not in reported_set),
        key=lambda e: _order(g, e),
    )
    mentioned = list(g.objects(readout, SCHEMA.mentions))
    persons, states, orgs, projects = [], [], [], []
    for node in sorted(mentioned, key=lambda n: _order(g, n)):
        if (node, RDF.type, FOAF.Person) in g:
            name = _en_label(g, node) or str(g.value(node, FOAF.name))
            memberships = list(g.subjects(ORG.member, node))
            state = next((c for m in memberships
                          if (c := _code(g, g.value(m, ORG.organization)))), None)
            persons.append({
                "name": name,
                "aliases": _aliases(g, node, name),
                "state": state,
                "roles": _roles(r for m in memberships for r in g.objects(m, ORG.role)),
            })
        elif (node, RDF.type, KG.State) in g:
            states.append(_code(g, node))
        elif (node, RDF.type, KG.InternationalOrganisation) in g:
            name = _en_label(g, node)
            orgs.append({"name": name, "aliases": _aliases(g, node, name)})
        elif (node, RDF.type, KG.Project) in g:
            name = _en_label(g, node)
            projects.append({"name": name, "aliases": _aliases(g, node, name)})
    return {
        "id": rid,
        "lang": lang,
        "events": [_event(g, e, methods) for e in reported],
        "referenced_events": [_event(g, e, methods) for e in referenced],
        "persons": persons,
        "states": sorted(s for s in states if s),
        "organisations": orgs,
        "projects": projects,
    }
