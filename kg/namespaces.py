"""The RDF namespaces of the project, in one place (see ontology/README.md)."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD

KG = Namespace("https://w3id.org/kg-diplo/ontology#")
KGR = Namespace("https://w3id.org/kg-diplo/id/")
ROLE = Namespace("https://w3id.org/kg-diplo/role/")
EVT = Namespace("https://w3id.org/kg-diplo/event-type/")
RULE = Namespace("https://w3id.org/kg-diplo/rule/")  # how the parser found a fact
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

PREFIXES = {
    "kg": KG, "kgr": KGR, "role": ROLE, "evt": EVT, "sem": SEM, "prov": PROV, "org": ORG,
    "foaf": FOAF, "schema": SCHEMA, "skos": SKOS, "dcterms": DCTERMS, "nif": NIF, "rdf": RDF,
    "rdfs": RDFS, "xsd": XSD, "rule": RULE,
}

__all__ = [
    "DCTERMS", "EVT", "FOAF", "KG", "KGR", "NIF", "ORG", "PREFIXES", "PROV", "RDF", "RDFS",
    "ROLE", "RULE", "SCHEMA", "SEM", "SKOS", "XSD", "bind_prefixes",
]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind our prefixes (and only ours, so serialisations stay short)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph
